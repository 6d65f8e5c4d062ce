"""Nothing of a project's budget and financing plan is only ever added: a budget line and a
financing source are corrected (the history keeps old → new and who) or cancelled with a reason
(they leave every total — the budget, the top sheet, the plan and its gap — and stay listed with
who, when and why). Only a draft is deleted: a line of the first version before any other, a
source only requested with nothing received (docs/web-production.md, "Corrections and
cancellations")."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.urls import reverse

from montage.web.production import services
from montage.web.production.forms import BudgetLineForm, FinancingSourceForm
from montage.web.production.models import BudgetLine, FinancingSource, FinancingTranche
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

from .factories import production, registry

pytestmark = pytest.mark.django_db


def _data(form, **changes) -> dict:
    data = {name: form[name].value() for name in form.fields}
    return {**{k: v for k, v in data.items() if v is not None}, **changes}


def _history(record, field):
    return AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(type(record)),
                                  object_id=str(record.pk), action="changed", field=field)


def _project():
    owner = registry.producer()
    return production.project(owner), registry.user("prod", owner)


def _line(project, rate, description="Ligne"):
    return services.add_budget_line(project, BudgetLine(
        account=project.accounts.get(code="07.01"), description=description,
        quantity=D("1"), rate=D(rate)))


def _source(project, amount, status="granted", label="Aide"):
    return FinancingSource.objects.create(project=project, source_type="public_aid",
                                          label=label, amount=D(amount), status=status,
                                          **{f"{status}_on": dt.date(2025, 2, 1)})


def _budget_total(project):
    return services.budget_figures(services.current_version(project)).total.value


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def url(name, project, record):
    return reverse(name, args=[project.pk, record.pk])


# -- budget lines -------------------------------------------------------------------------------

def test_a_budget_line_is_corrected_and_the_history_keeps_old_new_and_who(client):
    project, user = _project()
    line = _line(project, "1000.00")
    client.force_login(user)
    form = BudgetLineForm(instance=line, project=project)
    response = client.post(url("production_line_edit", project, line), _data(form, rate="1500"))
    assert response.status_code == 302
    entry = _history(line, "rate")
    assert (D(entry.old_value), D(entry.new_value), entry.actor) == (
        D("1000.00"), D("1500.00"), user)


def test_a_cancelled_budget_line_leaves_the_budget_the_top_sheet_and_the_gap(client):
    project, user = _project()
    _line(project, "1000.00")
    wrong = _line(project, "4850.00", "Ligne en double")
    _source(project, "2000.00")
    assert _budget_total(project) == D("5850.00")
    assert services.financing_plan(project).gap.value == D("3850.00")
    client.force_login(user)
    client.post(url("production_line_cancel", project, wrong), {"reason": "ligne en double"})
    assert _budget_total(project) == D("1000.00")
    chapters, _figures = services.top_sheet(services.current_version(project))
    assert sum(c.total.value for c in chapters) == D("1000.00")
    assert services.financing_plan(project).gap.value == D("-1000.00")
    page = client.get(reverse("production_budget", args=[project.pk]))
    row, = page.context["cancelled"]
    assert (row["record"].pk, row["amount"], row["record"].cancelled_by,
            row["record"].cancel_reason) == (wrong.pk, D("4850.00"), user, "ligne en double")
    assert "ligne en double" in page.content.decode()


def test_a_new_version_leaves_the_cancelled_lines_behind():
    project, user = _project()
    kept, cancelled = _line(project, "10.00"), _line(project, "20.00")
    services.cancel_budget_line(cancelled, user, "erreur")
    version = services.new_version(project)
    assert [line.rate for line in version.lines.all()] == [kept.rate]


def test_a_locked_versions_line_is_neither_corrected_nor_cancelled():
    project, user = _project()
    line = _line(project, "10.00")
    services.new_version(project)
    line = BudgetLine.objects.select_related("version").get(pk=line.pk)
    with pytest.raises(Refused):
        services.cancel_budget_line(line, user, "erreur")
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_only_a_draft_budgets_line_is_deleted(client):
    project, user = _project()
    client.force_login(user)
    draft = _line(project, "10.00")
    assert services.is_draft_line(draft)
    client.post(url("production_line_delete", project, draft))
    assert not BudgetLine.all_objects.filter(pk=draft.pk).exists()
    _line(project, "20.00")
    version = services.new_version(project)
    line = version.lines.get()
    response = client.post(url("production_line_delete", project, line), follow=True)
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    assert "« Annuler »" in _messages(response)  # the French page points to « Annuler »


# -- financing sources --------------------------------------------------------------------------

def _source_form(project, source):
    from montage.web.investments.models import Investment

    return FinancingSourceForm(instance=source, project=project,
                               investments=Investment.objects.none())


def test_a_financing_source_is_corrected_but_never_below_what_it_brought_in(client):
    project, user = _project()
    source = _source(project, "50000.00")
    client.force_login(user)
    edit = url("production_source_edit", project, source)
    data = _data(_source_form(project, source), amount="60000,00")
    data.pop("investment", None)
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    entry = _history(source, "amount")
    assert (D(entry.old_value), D(entry.new_value), entry.actor) == (
        D("50000.00"), D("60000.00"), user)
    FinancingTranche.objects.create(source=source, number=1, amount=D("30000.00"),
                                    received_on=dt.date(2025, 3, 1))
    response = client.post(edit, {**data, "amount": "20000,00"})
    assert response.status_code == 400
    assert FinancingSource.objects.get(pk=source.pk).amount == D("60000.00")


def test_a_cancelled_source_leaves_the_plans_totals_and_stays_listed(client):
    project, user = _project()
    _line(project, "100000.00")
    _source(project, "60000.00")
    wrong = _source(project, "25000.00", label="Aide en double")
    plan = services.financing_plan(project)
    assert (plan.total, plan.secured, plan.gap.value) == (
        D("85000.00"), D("85000.00"), D("15000.00"))
    client.force_login(user)
    client.post(url("production_source_cancel", project, wrong), {"reason": "saisie en double"})
    plan = services.financing_plan(project)
    assert (plan.total, plan.secured, plan.gap.value) == (
        D("60000.00"), D("60000.00"), D("40000.00"))
    page = client.get(reverse("production_financing", args=[project.pk]))
    assert [row.source.pk for row in page.context["plan"].rows] != [wrong.pk]
    row, = page.context["cancelled"]
    assert (row["record"].pk, row["record"].cancelled_by, row["record"].cancel_reason) == (
        wrong.pk, user, "saisie en double")


def test_a_source_with_money_received_is_not_cancelled():
    project, user = _project()
    source = _source(project, "50000.00")
    FinancingTranche.objects.create(source=source, number=1, amount=D("10000.00"),
                                    received_on=dt.date(2025, 3, 1))
    with pytest.raises(Refused):
        services.cancel_source(source, user, "erreur")
    assert FinancingSource.objects.filter(pk=source.pk).exists()


def test_only_a_draft_source_is_deleted(client):
    project, user = _project()
    client.force_login(user)
    draft, granted = _source(project, "100.00", "requested"), _source(project, "200.00")
    client.post(url("production_source_delete", project, draft))
    assert not FinancingSource.all_objects.filter(pk=draft.pk).exists()
    response = client.post(url("production_source_delete", project, granted), follow=True)
    assert FinancingSource.objects.filter(pk=granted.pk).exists()
    assert "« Annuler »" in _messages(response)


# -- for both: a reason, once, by who may write it ----------------------------------------------

def _record(kind, project):
    if kind == "budget line":
        return _line(project, "10.00"), services.cancel_budget_line, "production_line_cancel"
    return (_source(project, "10.00"), services.cancel_source, "production_source_cancel")


@pytest.mark.parametrize("kind", ["budget line", "financing source"])
def test_a_cancellation_needs_a_reason_and_happens_once(kind):
    project, user = _project()
    record, cancel, _url = _record(kind, project)
    with pytest.raises(Refused) as refused:
        cancel(record, user, "")
    assert "reason" in refused.value.errors
    cancel(record, user, "erreur")
    with pytest.raises(Refused):
        cancel(type(record).all_objects.get(pk=record.pk), user, "encore")
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=str(record.pk),
        action="decision", new_value=f"{kind} cancelled").count() == 1


@pytest.mark.parametrize("kind", ["budget line", "financing source"])
def test_only_the_projects_producer_corrects_cancels_or_deletes(client, kind):
    project, user = _project()
    record, _cancel, url_name = _record(kind, project)
    edit, delete = url_name.replace("_cancel", "_edit"), url_name.replace("_cancel", "_delete")
    superuser = registry.user("root")
    superuser.is_superuser = True
    superuser.save()
    for other in (registry.user("other", registry.producer()), superuser):
        client.force_login(other)
        for target in (url_name, delete):
            assert client.post(url(target, project, record),
                               {"reason": "x"}).status_code in (403, 404)
        assert client.get(url(edit, project, record)).status_code in (403, 404)
    assert type(record).objects.filter(pk=record.pk).exists()
    client.force_login(user)
    assert client.get(url(url_name, project, record)).status_code == 405


def test_an_account_keeps_its_cancelled_lines_and_is_not_deleted():
    project, user = _project()
    line = _line(project, "10.00")
    services.cancel_budget_line(line, user, "erreur")
    with pytest.raises(Refused):
        services.delete_account(project, line.account)
    assert BudgetLine.all_objects.filter(pk=line.pk).exists()


cents = st.integers(0, 10**9).map(lambda n: D(n) / 100)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(st.tuples(cents, st.booleans()), max_size=8),
       sources=st.lists(st.tuples(cents, st.booleans()), max_size=6))
def test_the_totals_are_the_sums_of_the_records_in_force(lines, sources):
    """Whatever is cancelled, the budget and the plan count each record in force once and no
    cancelled one."""
    with transaction.atomic():  # each example on its own records, rolled back
        project, user = _project()
        for rate, cancelled in lines:
            line = _line(project, rate)
            if cancelled:
                services.cancel_budget_line(line, user, "erreur")
        for amount, cancelled in sources:
            source = _source(project, amount)
            if cancelled:
                services.cancel_source(source, user, "erreur")
        kept_lines = sum((rate for rate, cancelled in lines if not cancelled), D(0))
        kept_sources = sum((amount for amount, cancelled in sources if not cancelled), D(0))
        plan = services.financing_plan(project)
        assert _budget_total(project) == kept_lines
        assert (plan.total, plan.gap.value) == (kept_sources, kept_lines - kept_sources)
        transaction.set_rollback(True)
