"""Nothing of the fund desk is only ever added: a call, an application, an enterprise-fund
instrument or movement and a shooting file are corrected (the history keeps old → new and who)
or cancelled with a reason (they leave every total and stay listed with who, when and why).
Nothing of the fund is a draft: no route deletes a fund record (docs/web-fund.md, "Corrections
and cancellations")."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from montage.fund import film_office
from montage.web.fund import records, rules, services
from montage.web.fund.forms import (ApplicationForm, CallForm, InstrumentForm, MovementForm,
                                    ShootingFileForm)
from montage.web.fund.models import (Application, Call, Decision, EnterpriseHolding,
                                     EnterpriseInstrument, EnterpriseMovement, ShootingFile)
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

from .factories import fund, registry

pytestmark = pytest.mark.django_db


def _data(form, **changes) -> dict:
    """What the edit page posts back unchanged, with `changes`."""
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    return {**data, **changes}


def _history(record, field):
    return AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(type(record)),
                                  object_id=str(record.pk), action="changed", field=field)


def _cancellation(record):
    return AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(type(record)),
                                  object_id=str(record.pk), action="decision",
                                  new_value__endswith="cancelled")


def _desk():
    """A fund organisation, its analyst and its board member."""
    org = registry.organisation("fund")
    return org, registry.user("analyst", org), registry.user("board", org, "fund_board")


def _accepted(call, amount="10000.00", board=None):
    application = fund.application(call, status="scored")
    Decision.objects.create(application=application, outcome="accepted",
                            accepted_amount=D(amount), decided_on=dt.date(2025, 4, 1),
                            decided_by=board)
    application.status = "accepted"
    application.save()
    return application


# -- calls --------------------------------------------------------------------------------------

def test_a_call_is_corrected_on_its_page_and_the_history_keeps_old_new_and_who(client):
    org, analyst, _board = _desk()
    call = fund.call(org)
    client.force_login(analyst)
    form = CallForm(instance=call, organisation_ids={org.pk})
    response = client.post(reverse("fund_call_edit", args=[call.pk]),
                           _data(form, envelope="120000,00"))
    assert response.status_code == 302
    entry = _history(call, "envelope")
    assert (D(entry.old_value), D(entry.new_value), entry.actor) == (
        D("100000.00"), D("120000.00"), analyst)


def test_once_the_board_decided_a_calls_conditions_stay_and_its_envelope_covers_the_grants():
    org, _analyst, board = _desk()
    call = fund.call(org)
    _accepted(call, "30000.00", board)
    call.minimum_ratio = D("2")
    with pytest.raises(Refused) as refused:
        services.save_call(call)
    assert "minimum_ratio" in refused.value.errors
    call = Call.objects.get(pk=call.pk)
    call.envelope = D("20000.00")
    with pytest.raises(Refused) as refused:
        services.save_call(call)
    assert "envelope" in refused.value.errors
    call.envelope, call.title = D("30000.00"), "Appel corrigé"
    services.save_call(call)
    assert Call.objects.get(pk=call.pk).title == "Appel corrigé"


def test_a_call_is_cancelled_only_once_its_applications_are_refused_or_cancelled(client):
    org, analyst, board = _desk()
    call, other = fund.call(org), fund.call(org, line_name="Autre ligne")
    live = fund.application(call, title="Le Dossier vivant")
    fund.application(call, status="refused")
    with pytest.raises(Refused) as refused:
        services.cancel_call(call, analyst, "appel ouvert par erreur")
    assert "Le Dossier vivant" in refused.value.message
    services.cancel_application(live, analyst, "déposé sur le mauvais appel")
    client.force_login(analyst)
    response = client.post(reverse("fund_call_cancel", args=[call.pk]),
                           {"reason": "appel ouvert par erreur"})
    assert response.status_code == 302
    calls = client.get(reverse("fund_calls"))
    assert [row["call"] for row in calls.context["rows"]] == [other]
    cancelled = Call.all_objects.get(pk=call.pk)
    assert [row["record"] for row in calls.context["cancelled"]] == [cancelled]
    assert (cancelled.cancelled_by, cancelled.cancel_reason) == (
        analyst, "appel ouvert par erreur")
    assert _cancellation(cancelled).note == "appel ouvert par erreur"
    page = client.get(reverse("fund_call_detail", args=[call.pk])).content.decode()
    assert f'id="cancelled-call-{call.pk}"' in page
    assert "appel ouvert par erreur" in page and f'id="cancel-call-{call.pk}"' not in page


def test_a_cancelled_call_leaves_its_lines_yearly_envelope():
    org, analyst, _board = _desk()
    call = fund.call(org, envelope="80000.00")
    call.funding_line.envelopes.create(year=2025, amount=D("100000.00"))
    data = {"funding_line": call.funding_line.pk, "title": "Deuxième appel",
            "opens_on": "2025-02-01", "closes_on": "2025-06-30", "envelope": "50000,00"}
    assert "envelope" in CallForm(data, organisation_ids={org.pk}).errors
    services.cancel_call(call, analyst, "remplacé par le deuxième appel")
    assert CallForm(data, organisation_ids={org.pk}).is_valid()


# -- applications -------------------------------------------------------------------------------

def test_an_application_is_corrected_until_the_board_decides(client):
    org, analyst, board = _desk()
    call = fund.call(org)
    application = fund.application(call)
    client.force_login(analyst)
    url = reverse("fund_application_edit", args=[application.pk])
    form = ApplicationForm(instance=application, call=call)
    assert client.post(url, _data(form, amount_requested="12000,00")).status_code == 302
    entry = _history(application, "amount_requested")
    assert (D(entry.old_value), D(entry.new_value), entry.actor) == (
        D("10000.00"), D("12000.00"), analyst)
    decided = _accepted(call, board=board)
    assert client.get(reverse("fund_application_edit", args=[decided.pk])).status_code == 302
    with pytest.raises(Refused):
        services.record_application(call, decided)


def test_a_cancelled_application_leaves_its_calls_envelope_and_stays_listed(client):
    org, analyst, board = _desk()
    call = fund.call(org)
    kept, cancelled = _accepted(call, "10000.00", board), _accepted(call, "25000.00", board)
    assert rules.envelope_used(call) == D("35000.00")
    client.force_login(analyst)
    client.post(reverse("fund_application_cancel", args=[cancelled.pk]),
                {"reason": "le producteur a retiré son dossier"})
    assert rules.envelope_used(call) == D("10000.00")
    page = client.get(reverse("fund_call_detail", args=[call.pk]))
    assert page.context["used"] == D("10000.00")
    assert [row["application"] for row in page.context["applications"]] == [kept]
    row, = page.context["cancelled"]
    assert (row["record"].pk, row["record"].cancelled_by, row["record"].cancel_reason) == (
        cancelled.pk, analyst, "le producteur a retiré son dossier")
    detail = client.get(reverse("fund_application_detail", args=[cancelled.pk]))
    assert "le producteur a retiré son dossier" in detail.content.decode()


def test_an_application_with_a_commitment_is_cancelled_only_after_the_commitment():
    org, analyst, board = _desk()
    application = _accepted(fund.call(org), "10000.00", board)
    commitment = services.sign_commitment(application, D("10000.00"), D("20000.00"),
                                          dt.date(2025, 5, 1))
    with pytest.raises(Refused) as refused:
        services.cancel_application(application, analyst, "abandon")
    assert "engagement" in refused.value.message  # French first: cancel the commitment first
    services.cancel_commitment(commitment, dt.date(2025, 6, 1), "abandon", D("10000.00"),
                               analyst)
    services.cancel_application(application, analyst, "abandon")
    assert Application.all_objects.get(pk=application.pk).cancelled_at is not None


# -- the enterprise fund ------------------------------------------------------------------------

def _portfolio(org):
    holding = services.add_holding(org.pk, EnterpriseHolding(company=registry.company(),
                                                             sector="Production"))
    loan = services.add_instrument(holding, EnterpriseInstrument(
        kind="loan", amount=D("100000.00"), granted_on=dt.date(2024, 1, 10)))
    moves = [services.add_movement(holding, EnterpriseMovement(
        instrument=loan, kind=kind, occurred_on=day, amount=D(amount)))
        for kind, day, amount in (("disbursement", dt.date(2024, 1, 15), "100000.00"),
                                  ("repayment", dt.date(2024, 6, 30), "20000.00"))]
    return holding, loan, moves


def _outstanding(org, instrument):
    return records.instrument_positions(org.pk)[instrument.pk].outstanding


def test_a_movement_is_corrected_and_the_outstanding_follows(client):
    org, analyst, _board = _desk()
    holding, loan, (_paid_out, repayment) = _portfolio(org)
    client.force_login(analyst)
    form = MovementForm(instance=repayment, holding=holding)
    response = client.post(reverse("fund_enterprise_movement_edit", args=[repayment.pk]),
                           _data(form, amount="30000,00"))
    assert response.status_code == 302
    entry = _history(repayment, "amount")
    assert (D(entry.old_value), D(entry.new_value), entry.actor) == (
        D("20000.00"), D("30000.00"), analyst)
    assert _outstanding(org, loan) == D("70000.00")


def test_a_cancelled_movement_leaves_the_outstanding_and_stays_listed(client):
    org, analyst, _board = _desk()
    holding, loan, (_paid_out, repayment) = _portfolio(org)
    assert _outstanding(org, loan) == D("80000.00")
    client.force_login(analyst)
    client.post(reverse("fund_enterprise_movement_cancel", args=[repayment.pk]),
                {"reason": "remboursement saisi sur le mauvais prêt"})
    assert _outstanding(org, loan) == D("100000.00")  # the repaid column lost its 20 000
    page = client.get(reverse("fund_enterprise_company", args=[holding.pk]))
    row, = page.context["cancelled"]
    assert (row["record"].pk, row["record"].cancelled_by, row["record"].cancel_reason) == (
        repayment.pk, analyst, "remboursement saisi sur le mauvais prêt")
    assert _cancellation(repayment).note == "remboursement saisi sur le mauvais prêt"


def test_a_disbursement_is_not_cancelled_while_more_would_come_back_than_went_out():
    org, analyst, _board = _desk()
    _holding, loan, (paid_out, _repayment) = _portfolio(org)
    with pytest.raises(Refused):
        services.cancel_movement(paid_out, analyst, "erreur")
    assert EnterpriseMovement.objects.get(pk=paid_out.pk).cancelled_at is None
    assert _outstanding(org, loan) == D("80000.00")


def test_an_instrument_is_corrected_and_cancelled_once_its_movements_are(client):
    org, analyst, _board = _desk()
    holding, loan, (paid_out, repayment) = _portfolio(org)
    client.force_login(analyst)
    form = InstrumentForm(instance=loan)
    url = reverse("fund_enterprise_instrument_edit", args=[loan.pk])
    assert client.post(url, _data(form, amount="90000,00")).status_code == 302
    entry = _history(loan, "amount")
    assert (D(entry.old_value), D(entry.new_value), entry.actor) == (
        D("100000.00"), D("90000.00"), analyst)
    assert client.post(url, _data(form, kind="equity")).status_code == 400  # it has movements
    with pytest.raises(Refused) as refused:
        services.cancel_instrument(loan, analyst, "prêt jamais signé")
    assert "2" in refused.value.message
    assert records.portfolio_by_sector(org.pk)[0]["loan"] == D("80000.00")
    services.cancel_movement(repayment, analyst, "prêt jamais signé")
    services.cancel_movement(paid_out, analyst, "prêt jamais signé")
    client.post(reverse("fund_enterprise_instrument_cancel", args=[loan.pk]),
                {"reason": "prêt jamais signé"})
    assert records.portfolio_by_sector(org.pk) == []
    page = client.get(reverse("fund_enterprise_company", args=[holding.pk]))
    assert page.context["instruments"] == []
    assert {row["record"] for row in page.context["cancelled"]} == {
        EnterpriseInstrument.all_objects.get(pk=loan.pk), *EnterpriseMovement.all_objects.all()}


# -- the film office ----------------------------------------------------------------------------

def _file(org, days, title="Tournage"):
    return services.add_shooting_file(org.pk, ShootingFile(
        year=2024, title=title, project_type="feature", days=days))


def _days(org):
    return film_office.estimate_impact(records.shooting_files(org.pk, 2024), 2024).days_total.days


def test_a_shooting_file_is_corrected_and_cancelled_and_its_days_leave_the_estimate(client):
    org, analyst, _board = _desk()
    _file(org, 12)
    wrong = _file(org, 30, "Tournage en double")
    client.force_login(analyst)
    form = ShootingFileForm(instance=wrong)
    response = client.post(reverse("fund_shooting_file_edit", args=[wrong.pk]),
                           _data(form, days="20"))
    assert response.status_code == 302
    entry = _history(wrong, "days")
    assert (entry.old_value, entry.new_value, entry.actor) == ("30", "20", analyst)
    assert _days(org) == 32
    client.post(reverse("fund_shooting_file_cancel", args=[wrong.pk]),
                {"reason": "le même tournage que le dossier 12"})
    assert _days(org) == 12
    page = client.get(reverse("fund_film_office") + "?year=2024")
    assert [f.title for f in page.context["files"]] == ["Tournage"]
    row, = page.context["cancelled"]
    assert (row["days"], row["record"].cancelled_by, row["record"].cancel_reason) == (
        20, analyst, "le même tournage que le dossier 12")


# -- for every record: a reason, once, by who may write it ---------------------------------------

def _records(org, board):
    call = fund.call(org)
    _holding, loan, (_paid_out, repayment) = _portfolio(org)
    return {"call": (call, services.cancel_call, "fund_call_cancel"),
            "application": (fund.application(fund.call(org, line_name="L2")),
                            services.cancel_application, "fund_application_cancel"),
            "movement": (repayment, services.cancel_movement, "fund_enterprise_movement_cancel"),
            "instrument": (services.add_instrument(loan.holding, EnterpriseInstrument(
                kind="equity", amount=D("5000.00"), granted_on=dt.date(2024, 3, 1))),
                services.cancel_instrument, "fund_enterprise_instrument_cancel"),
            "shooting file": (_file(org, 3), services.cancel_shooting_file,
                              "fund_shooting_file_cancel")}


@pytest.mark.parametrize("kind", ["call", "application", "movement", "instrument",
                                  "shooting file"])
def test_a_cancellation_needs_a_reason_and_happens_once(kind):
    org, analyst, board = _desk()
    record, cancel, _url = _records(org, board)[kind]
    with pytest.raises(Refused) as refused:
        cancel(record, analyst, "   ")
    assert "reason" in refused.value.errors
    cancel(record, analyst, "erreur de saisie")
    with pytest.raises(Refused):
        cancel(type(record).all_objects.get(pk=record.pk), analyst, "encore")
    assert AuditEntry.objects.filter(object_id=str(record.pk), action="decision",
                                     new_value=f"{kind} cancelled",
                                     content_type=ContentType.objects.get_for_model(
                                         type(record))).count() == 1


@pytest.mark.parametrize("kind", ["call", "application", "movement", "instrument",
                                  "shooting file"])
def test_only_the_records_analysts_correct_or_cancel_it(client, kind):
    org, _analyst, board = _desk()
    record, _cancel, url_name = _records(org, board)[kind]
    stranger = registry.user("stranger", registry.organisation("fund"))
    edit = url_name.replace("_cancel", "_edit")
    for user in (board, stranger, registry.user("prod", registry.producer())):
        client.force_login(user)
        assert client.post(reverse(url_name, args=[record.pk]),
                           {"reason": "x"}).status_code in (403, 404)
        assert client.get(reverse(edit, args=[record.pk])).status_code in (403, 404)
    assert type(record).objects.filter(pk=record.pk).exists()
    client.force_login(_analyst)
    assert client.get(reverse(url_name, args=[record.pk])).status_code == 405


def test_the_fund_desk_deletes_nothing():
    from tests.web.test_permissions import url_names

    names = [name for name in url_names() if name.startswith("fund_")]
    assert names and not [name for name in names if "delete" in name]
