"""Lost updates: two people open the same money record; the second to save, from the state they
opened, is refused with who changed it and when, and both values per field; their input comes
back; saving again keeps theirs. The API does the same with If-Match / ETag, as a 409
(montage/web/registry/stale.py)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Callable

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from montage.web.api.auth import issue_token
from montage.web.contribution.models import TurnoverLine
from montage.web.fund.models import EnterpriseMovement
from montage.web.investments.models import Investment, Payment
from montage.web.ledger.models import Expense
from montage.web.production.models import BudgetLine, FinancingSource
from montage.web.registry.audit import acting_as
from montage.web.registry.stale import FIELD, version_of

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    name: str
    user: str
    record: Callable        # () -> a demo record the user edits
    url: Callable           # record -> its edit page
    field: str
    theirs: D               # what the other person saved meanwhile
    mine: D                 # what the user typed
    post_url: Callable | None = None   # when the form posts elsewhere than its page
    form: str = "form"      # its name in the page's context
    prefix: str = ""


def _payment_form(response, record):
    return next(row["form"] for row in response.context["records"]
                if row["p"].pk == record.pk)


CASES = [
    Case("budget line", "phare",
         lambda: BudgetLine.objects.filter(version__project__owner__name="Les Films du Phare",
                                           version__locked=False).first(),
         lambda r: reverse("production_line_edit", args=[r.version.project_id, r.pk]),
         "rate", D("111.00"), D("222.00")),
    Case("financing source", "phare",
         lambda: FinancingSource.objects.filter(
             project__owner__name="Les Films du Phare", cancelled_at__isnull=True)
         .order_by("-amount").first(),
         lambda r: reverse("production_source_edit", args=[r.project_id, r.pk]),
         "amount", D("900000.00"), D("950000.00")),
    Case("expense", "phare",
         lambda: Expense.objects.filter(project__owner__name="Les Films du Phare",
                                        kind=Expense.Kind.INVOICE,
                                        cancelled_at__isnull=True).first(),
         lambda r: reverse("ledger_expense_edit", args=[r.project_id, r.pk]),
         "amount_excl_vat", D("1111.00"), D("2222.00")),
    Case("turnover line", "tele.demo",
         lambda: TurnoverLine.objects.filter(
             declaration__obligation__editor__organisation__name="Télé Demo").order_by(
             "-declaration__obligation__year").first(),
         lambda r: reverse("contribution_line_edit", args=[r.pk]),
         "amount", D("40500000.00"), D("41000000.00")),
    Case("investment", "tele.demo",
         lambda: Investment.objects.filter(
             editor__organisation__name="Télé Demo").order_by("-obligation__year").first(),
         lambda r: reverse("investments_investment_edit", args=[r.pk]),
         "amount", D("12345.00"), D("54321.00")),
    Case("payment", "cca", lambda: Payment.objects.order_by("-pk").first(),
         lambda r: reverse("investments_payments", args=[r.obligation.editor_id]),
         "paid_amount", D("1000.00"), D("2000.00"),
         post_url=lambda r: reverse("investments_payment_update", args=[r.pk]),
         form="records"),
    Case("fund movement", "wallimage",
         lambda: EnterpriseMovement.objects.filter(cancelled_at__isnull=True).first(),
         lambda r: reverse("fund_enterprise_movement_edit", args=[r.pk]),
         "amount", D("10000.00"), D("20000.00")),
]


def _data(form) -> dict:
    values = {form.add_prefix(name): form[name].value() for name in form.fields}
    return {k: ("" if v is None else v) for k, v in values.items()
            if not isinstance(v, list) and v is not False}


def _open(client, case):
    record = case.record()
    assert record is not None, case.name
    page = client.get(case.url(record))
    assert page.status_code == 200, case.name
    form = page.context[case.form]
    if case.form == "records":
        form = _payment_form(page, record)
    assert f'name="{form.add_prefix(FIELD)}"' in page.content.decode()
    return record, form


def _meanwhile(record, field, value):
    """Another person's save, through the record's own save (its audit trail records them)."""
    other = type(record)._base_manager.get(pk=record.pk)
    setattr(other, field, value)
    with acting_as(get_user_model().objects.get(username="admin")):
        other.save()


def _stored(record, field):
    return getattr(type(record)._base_manager.get(pk=record.pk), field)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_stale_form_is_refused_and_saving_again_keeps_mine(demo, login, case):
    client = login(case.user)
    record, form = _open(client, case)
    data = _data(form)
    data[form.add_prefix(case.field)] = str(case.mine)
    _meanwhile(record, case.field, case.theirs)
    url = (case.post_url or case.url)(record)

    refused = client.post(url, data)
    assert refused.status_code in (200, 400), case.name
    assert _stored(record, case.field) == case.theirs       # nothing lost
    text = refused.content.decode()
    assert "admin" in text and ("entre-temps" in text or "meanwhile" in text)
    shown = refused.context["form"]
    assert shown[case.field].value() == str(case.mine)      # the user's input comes back
    assert shown.errors[case.field]                          # both values on the field
    assert shown[FIELD].value() == version_of(record)        # now the stored version

    again = client.post(url, _data(shown))
    assert again.status_code == 302, case.name
    assert _stored(record, case.field) == case.mine


@pytest.mark.parametrize("case", CASES[:3], ids=[c.name for c in CASES[:3]])
def test_a_fresh_form_saves(demo, login, case):
    client = login(case.user)
    record, form = _open(client, case)
    data = _data(form)
    data[form.add_prefix(case.field)] = str(case.mine)
    assert client.post((case.post_url or case.url)(record), data).status_code == 302
    assert _stored(record, case.field) == case.mine


def _token(username):
    user = get_user_model().objects.get(username=username)
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)[0]}"}


API = [("investment", "tele.demo", CASES[4], lambda r: f"/api/investments/{r.pk}", "amount"),
       ("payment", "cca", CASES[5], lambda r: f"/api/payments/{r.pk}", "paid_amount"),
       ("turnover line", "tele.demo", CASES[3], lambda r: f"/api/turnover-lines/{r.pk}",
        "amount")]


@pytest.mark.parametrize("name,user,case,url,field", API, ids=[a[0] for a in API])
def test_the_api_answers_409_to_a_stale_if_match(demo, client, name, user, case, url, field):
    auth = _token(user)
    record = case.record()
    opened = version_of(record)
    _meanwhile(record, case.field, case.theirs)
    body = {field: str(case.mine)}
    if field == "paid_amount":
        body["paid_on"] = "2026-01-15"
    stale = client.patch(url(record), body, content_type="application/json",
                         HTTP_IF_MATCH=f'"{opened}"', **auth)
    assert stale.status_code == 409, stale.content
    problem = stale.json()
    assert problem["version"] == version_of(record) and problem["detail"]
    change = next(c for c in problem["changes"] if c["field"] == case.field)
    assert change["yours"] != change["stored"]
    assert _stored(record, case.field) == case.theirs

    fresh = client.patch(url(record), body, content_type="application/json",
                         HTTP_IF_MATCH=f'"{problem["version"]}"', **auth)
    assert fresh.status_code == 200, fresh.content
    assert _stored(record, case.field) == case.mine
    assert fresh["ETag"] == f'"{version_of(record)}"'


# -- the fund's plain forms and the formset of shares ---------------------------------------------

def _open_commitment(client):
    from montage.web.fund.models import Commitment

    commitment = Commitment.objects.filter(cancellation__isnull=True).order_by("pk").first()
    page = client.get(reverse("fund_commitment_detail", args=[commitment.pk]))
    assert page.status_code == 200
    return commitment, page


def test_a_stale_verified_spend_is_refused_and_saving_again_keeps_mine(demo, login):
    client = login("wallimage")
    commitment, page = _open_commitment(client)
    form = page.context["spend_form"]
    assert f'name="{FIELD}"' in page.content.decode()
    data = {**_data(form), "verified_spend": "123456,00", "verified_spend_source": "mon contrôle"}
    _meanwhile(commitment, "verified_spend", D("99999.00"))
    url = reverse("fund_commitment_spend", args=[commitment.pk])

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert _stored(commitment, "verified_spend") == D("99999.00")        # nothing lost
    text = refused.content.decode()
    assert "admin" in text and ("entre-temps" in text or "meanwhile" in text)
    shown = refused.context["spend_form"]
    assert shown["verified_spend"].value() == "123456,00"                # the user's input
    assert "999,00" in " ".join(shown.errors["verified_spend"])          # both values
    assert shown[FIELD].value() == version_of(commitment)

    again = client.post(url, _data(shown))
    assert again.status_code == 302
    assert _stored(commitment, "verified_spend") == D("123456.00")
    assert _stored(commitment, "verified_spend_source") == "mon contrôle"


def test_a_verified_spend_that_loses_the_race_after_the_form_is_refused_by_the_save(demo):
    """The form's check passed, then another save came first: the commitment's own save
    (services.record_verified_spend) refuses it."""
    from montage.web.fund import services
    from montage.web.fund.forms import VerifiedSpendForm
    from montage.web.fund.models import Commitment
    from montage.web.registry.stale import StaleEdit

    commitment = Commitment.objects.filter(cancellation__isnull=True).order_by("pk").first()
    form = VerifiedSpendForm({FIELD: version_of(commitment), "verified_spend": "1000,00",
                              "verified_spend_source": "contrôle"}, record=commitment)
    assert form.is_valid()
    _meanwhile(commitment, "verified_spend", D("2000.00"))
    with pytest.raises(StaleEdit):
        services.record_verified_spend(commitment, D("1000.00"), "contrôle")
    assert _stored(commitment, "verified_spend") == D("2000.00")


def test_a_release_from_a_page_opened_before_another_release_is_refused(demo, login):
    client = login("wallimage")
    commitment, page = _open_commitment(client)
    row = next(r for r in page.context["tranches"] if r["tranche"].released_on is None)
    tranche, form = row["tranche"], row["form"]
    assert form[FIELD].value() == version_of(tranche)
    other = type(tranche)._base_manager.get(pk=tranche.pk)
    other.released_on, other.released_amount = dt.date(2026, 11, 2), other.amount
    with acting_as(get_user_model().objects.get(username="admin")):
        other.save()

    refused = client.post(reverse("fund_tranche_release", args=[tranche.pk]),
                          {FIELD: form[FIELD].value(), "released_on": "2026-11-30"})
    assert refused.status_code == 400
    message = refused.context["release_errors"][tranche.pk]
    assert "admin" in message and ("entre-temps" in message or "meanwhile" in message)
    assert message.count("2026") >= 2                                   # both dates
    assert _stored(tranche, "released_on") == dt.date(2026, 11, 2)      # nothing lost


def _shares_data(formset) -> dict:
    data = {f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
            f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            f"{formset.prefix}-MIN_NUM_FORMS": "0", f"{formset.prefix}-MAX_NUM_FORMS": "1000",
            formset.opened_rows_name: formset.opened_rows}
    for form in formset.forms:
        data.update(_data(form))
    return data


def _open_shares(client):
    from montage.web.production.models import Project

    project = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    page = client.get(reverse("production_shares", args=[project.pk]))
    assert page.status_code == 200
    assert f'name="share-0-{FIELD}"' in page.content.decode()
    assert 'name="share-opened_rows"' in page.content.decode()
    return project, page.context["formset"]


def test_a_stale_share_is_refused_and_saving_again_keeps_mine(demo, login):
    client = login("phare")
    project, formset = _open_shares(client)
    first, second = project.shares.order_by("-share", "pk")[:2]
    data = _shares_data(formset)
    total = first.share + second.share   # the user moves 1 % from the first share to the second
    data["share-0-share_percent"] = str((first.share * 100 - 1).normalize()).replace(".", ",")
    data["share-1-share_percent"] = str((second.share * 100 + 1).normalize()).replace(".", ",")
    _meanwhile(first, "share", first.share - D("0.05"))
    url = reverse("production_shares", args=[project.pk])

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert _stored(first, "share") == first.share - D("0.05")           # nothing lost
    text = refused.content.decode()
    assert "admin" in text and ("entre-temps" in text or "meanwhile" in text)
    shown = refused.context["formset"]
    assert shown.forms[0].errors["share_percent"]                        # both shares
    assert shown.forms[0][FIELD].value() == version_of(first)

    again = client.post(url, _shares_data(shown))
    assert again.status_code == 302
    assert _stored(first, "share") + _stored(second, "share") == total


def test_a_share_added_meanwhile_refuses_the_formset_once(demo, login):
    from montage.web.production.models import CoproductionShare

    client = login("phare")
    project, formset = _open_shares(client)
    data = _shares_data(formset)
    with acting_as(get_user_model().objects.get(username="admin")):
        added = CoproductionShare.objects.create(project=project, country="LU", share=D("0"))
    url = reverse("production_shares", args=[project.pk])

    refused = client.post(url, data)
    assert refused.status_code == 200
    errors = " ".join(refused.context["formset"].non_form_errors())
    assert "admin" in errors and ("entre-temps" in errors or "meanwhile" in errors)
    assert "LU" in errors
    assert CoproductionShare.objects.filter(pk=added.pk).exists()         # nothing lost

    again = client.post(url, _shares_data(refused.context["formset"]))
    assert again.status_code == 302
