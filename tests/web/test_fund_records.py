"""The fund's records (docs/web-fund.md, "Records"): the annual report computed from the database
gives exactly the published figures; cancellations, recoupments, the enterprise fund, the
cash-flow loan, the film office, the TV-format calls from parameters, audit labels."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from montage.fund import enterprise, film_office
from montage.fund.annual_report import DATA, MOVEMENTS, build_annual_report
from montage.fund.reconcile import reconcile
from montage.web.fund.models import (CommitmentCancellation, EnterpriseHolding,
                                     EnterpriseMovement, RecoupmentReceipt, ShootingFile)
from montage.web.fund.models import Application, Call, Commitment, Tranche
from montage.web.registry.models import AuditEntry, Organisation, Person
from montage.web.fund import demo_report, records, rules

pytestmark = pytest.mark.django_db

ANALYST, BOARD = "wallimage", "wallimage.board"
NNBSP = "\u202f"


def money(text: str) -> str:
    return text.replace(" ", NNBSP).replace(NNBSP + "€", "\u00a0€")


def fund():
    return Organisation.objects.get(name="Wallimage").pk


def figures():
    report, skipped = records.annual_report(fund())
    assert skipped == []
    return report.figures()


def pct(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def jeunes_meres():
    return Commitment.objects.get(report_no=1, application__work__title="Jeunes Mères")


# -- the annual report from the records ---------------------------------------------------------

def test_records_give_the_published_totals(demo):
    f = figures()
    assert f["2.2.2.2|total|projects"] == 35
    assert f["2.2.2.2|total|investment"] == Decimal("4784800.00")
    assert f["2.2.2.2|total|spend"] == Decimal("30557289.12")
    assert pct(f["2.2.2.2|total|ratio"]) == Decimal("638.63")
    assert f["7.1.1|total|projects"] == 49
    assert f["7.1.1|total|investment"] == Decimal("7094800.00")
    assert f["7.1.1|total|spend"] == Decimal("46231969.51")
    assert pct(f["7.1.1|total|ratio"]) == Decimal("651.63")
    assert pct(f["6.1|total|yield_on_exited"]) == Decimal("9.13")
    assert pct(f["6.1|loan|yield_on_exited"]) == Decimal("4.98")
    assert pct(f["6.1|equity|yield_on_exited"]) == Decimal("20.06")


def test_records_give_every_figure_the_data_files_give(demo):
    ours, files = figures(), build_annual_report().figures()
    assert set(ours) == set(files)
    # only texts differ: the directors cell lists people ("Jean-Pierre Dardenne, Luc Dardenne")
    # and the split prints each share from the records
    differing = {k for k in ours if ours[k] != files[k]}
    assert differing and all(k.endswith(("|directors", "|split")) for k in differing)


def test_reconciliation_from_the_records_finds_the_same_differences(demo):
    report, _ = records.annual_report(fund())
    ours, files = reconcile(report), reconcile()

    def key(result):
        return sorted((c.item.ref, c.item.label, c.published, c.computed)
                      for c in result.differences + result.records)
    assert key(ours) == key(files)
    assert len(ours.differences) == 22 and len(ours.comparisons) == 757
    assert {(c.item.ref, c.difference) for c in ours.differences} >= {
        ("2.2.2.2", Decimal("-0.18")),
        ("7.1.4", Decimal("280000.00"))}


def test_directors_are_unknown_not_guessed(demo):
    f = figures()
    assert f["7.1.4|nat_unknown|people"] == 62 and f["7.1.4|gender_unknown|people"] == 62
    assert f["7.1.4|nat_be|people"] == 0 and f["7.1.4|gender_f|people"] == 0
    assert not Person.objects.filter(credits__work__fund_applications__commitment__report_no__isnull=False,
                                     nationality__isnull=False).exists()
    # a person the fund documents is counted as such; the others of the row stay unknown
    laura = Person.objects.get(first_name="Laura", last_name="Wandel")
    laura.nationality, laura.gender = "BE", "f"
    laura.save()
    f = figures()
    assert f["7.1.4|nat_be|people"] == 1 and f["7.1.4|gender_f|people"] == 1
    assert f["7.1.4|nat_unknown|people"] == 61 and f["7.1.4|total|people"] == 62


def test_report_pages_compute_from_the_records(demo, login):
    commitment = jeunes_meres()
    commitment.amount = Decimal("325000.01")
    commitment.save()
    page = login(ANALYST).get(reverse("fund_report")).content.decode()
    assert money("4 784 800,01 €") in page  # the records, not the data file
    table = login(ANALYST).get(reverse("fund_report_table", args=["2.2.2.2"])).content.decode()
    assert "enregistrements : engagements" in table


def test_demo_report_records_load_once(demo):
    before = Commitment.objects.count(), Tranche.objects.count(), EnterpriseMovement.objects.count()
    demo_report.load()
    assert (Commitment.objects.count(), Tranche.objects.count(),
            EnterpriseMovement.objects.count()) == before


# -- cancellation -------------------------------------------------------------------------------

def test_cancelled_commitment_leaves_the_totals_and_releases_the_envelope(demo, login):
    commitment = jeunes_meres()
    call = commitment.application.call
    used = rules.envelope_used(call)
    url = reverse("fund_commitment_cancel", args=[commitment.pk])
    assert login(BOARD).post(url, {"cancelled_on": "2025-03-01", "reason": "x",
                                   "released_to_envelope": "1"}).status_code == 403
    too_much = login(ANALYST).post(url, {"cancelled_on": "2025-03-01", "reason": "Abandon",
                                         "released_to_envelope": "325000.01"})
    assert too_much.status_code == 400 and not CommitmentCancellation.objects.exists()
    response = login(ANALYST).post(url, {"cancelled_on": "2025-03-01",
                                         "reason": "Le tournage n'a pas eu lieu.",
                                         "released_to_envelope": "325000.00"})
    assert response.status_code == 302
    assert rules.envelope_used(call) == used - Decimal("325000.00")
    f = figures()
    assert f["2.2.2.2|total|projects"] == 34
    assert f["2.2.2.2|total|investment"] == Decimal("4459800.00")
    report, _ = records.annual_report(fund())
    result = reconcile(report)
    assert any(item.figure == "2.2.2.1|no1|ratio" for item in result.not_checked)
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CommitmentCancellation),
        field="released_to_envelope").exists()
    again = login(ANALYST).post(url, {"cancelled_on": "2025-03-02", "reason": "bis",
                                      "released_to_envelope": "0"})
    assert again.status_code == 400 and CommitmentCancellation.objects.count() == 1
    tranche = commitment.tranches.get(number=1)
    refused = login(ANALYST).post(reverse("fund_tranche_release", args=[tranche.pk]),
                                  {"released_on": "2025-03-03"})
    assert refused.status_code == 400
    tranche.refresh_from_db()
    assert tranche.released_on is None
    page = login(BOARD).get(reverse("fund_commitment_detail", args=[commitment.pk]))
    assert "325\u202f000,00\u00a0€" in page.content.decode() and page.status_code == 200


# -- recoupment ---------------------------------------------------------------------------------

def test_recoupment_receipts_per_work_and_line(demo, login):
    commitment = jeunes_meres()
    url = reverse("fund_recoupment_new", args=[commitment.pk])
    data = {"received_on": "2025-05-02", "amount": "12500.50", "source": "Relevé du distributeur"}
    assert login(BOARD).post(url, data).status_code == 403
    assert login(ANALYST).post(url, dict(data, amount="0")).status_code == 400
    assert login(ANALYST).post(url, data).status_code == 302
    assert login(ANALYST).post(url, dict(data, amount="2000.00",
                                         received_on="2025-09-01")).status_code == 302
    assert RecoupmentReceipt.objects.filter(commitment=commitment).count() == 2
    lines = records.recoupments_by_line(fund())
    # the demo's line also holds its catalogue works' 2024 receipts (§6.2): the work's total
    (line,) = [entry for entry in lines
               if entry["line"] == commitment.application.call.funding_line]
    (work,) = [w for w in line["works"] if w["commitment"] == commitment]
    assert work["total"] == Decimal("14500.50")
    assert line["total"] == sum((w["total"] for w in line["works"]), Decimal(0))
    page = login(BOARD).get(reverse("fund_recoupments")).content.decode()
    assert "Jeunes Mères" in page and money("14 500,50 €") in page


# -- the enterprise fund ------------------------------------------------------------------------

def test_yield_from_the_records_is_the_files(demo):
    ours = enterprise.yield_table(records.movements(fund(), until=dt.date(2024, 12, 31)))
    theirs = enterprise.yield_table(enterprise.read_movements(MOVEMENTS))
    assert ours.total.yield_on_exited == theirs.total.yield_on_exited == Decimal("9.13")
    assert ours.total.columns() == theirs.total.columns()


def test_recording_a_repayment_updates_outstanding_and_yield(demo, login):
    holding = EnterpriseHolding.objects.get(company__name="Ardenne Films")
    loan = holding.instruments.get()
    url = reverse("fund_enterprise_movement_new", args=[holding.pk])
    before = records.instrument_positions(fund())[loan.pk]
    assert before.outstanding == Decimal("300000.00")
    assert login(BOARD).post(url, {"instrument": loan.pk, "kind": "repayment",
                                   "occurred_on": "2025-08-03",
                                   "amount": "1"}).status_code == 403
    too_much = login(ANALYST).post(url, {"instrument": loan.pk, "kind": "repayment",
                                         "occurred_on": "2025-08-03", "amount": "300000.01"})
    assert too_much.status_code == 400 and "exceed" in too_much.content.decode()
    assert login(ANALYST).post(url, {"instrument": loan.pk, "kind": "capital_gain",
                                     "occurred_on": "2025-08-03",
                                     "amount": "10"}).status_code == 400
    ok = login(ANALYST).post(url, {"instrument": loan.pk, "kind": "repayment",
                                   "occurred_on": "2025-08-03", "amount": "300000.00"})
    assert ok.status_code == 302
    after = records.instrument_positions(fund())[loan.pk]
    assert after.outstanding == 0 and after.exited == Decimal("300000.00")
    assert after.yield_on_exited == Decimal("0.75")  # 2 250 € of interest on 300 000 €
    page = login(ANALYST).get(reverse("fund_enterprise_company", args=[holding.pk]))
    text = page.content.decode()
    assert "remboursement" in text.lower() and "0,75" in text
    # the audit shows the field's label, not its raw name
    assert "<td>amount</td>" not in text and "<td>montant</td>" in text
    # the annual report's 2024 table does not move
    assert pct(figures()["6.1|total|yield_on_exited"]) == Decimal("9.13")


def test_portfolio_pages(demo, login):
    page = login(BOARD).get(reverse("fund_enterprise")).content.decode()
    for text in ("9,13", "4,98", "20,06", money("13 590 578,56 €"), "Ardenne Films",
                 "Créativité numérique", "écart de " + money("1,00 €")):
        assert text in page, text
    assert login(BOARD).post(reverse("fund_enterprise_holding_new"),
                             {"sector": "x"}).status_code == 403


def test_cashflow_loan_names_each_failed_term(demo, login):
    holding = EnterpriseHolding.objects.get(company__name="Ardenne Films")
    url = reverse("fund_enterprise_instrument_new", args=[holding.pk])
    bad = {"kind": "loan", "product": "cashflow_loan", "amount": "50000", "granted_on": "2025-06-01",
           "rate": "0.04", "term_months": "30", "production_budget": "1000000",
           "budget_secured": "500000"}
    response = login(ANALYST).post(url, bad)
    text = response.content.decode()
    assert response.status_code == 400
    for figure in (money("50 000,00 €"), "4,00", "30 mois", "50,00", "de " + money("100 000,00 €")):
        assert figure in text, figure
    assert text.count("class=\"errorlist\" id=\"id_") == 4  # amount, rate, months, secured
    early = login(ANALYST).post(url, dict(bad, granted_on="2024-06-01"))
    assert early.status_code == 400 and "01/01/2025" in early.content.decode()
    good = dict(bad, amount="100000", rate="0.03", term_months="24", budget_secured="750000")
    assert login(ANALYST).post(url, good).status_code == 302
    assert holding.instruments.filter(amount=Decimal("100000")).exists()


# -- the film office ----------------------------------------------------------------------------

def test_film_office_estimate_from_the_records(demo, login):
    ours = film_office.estimate_impact(records.shooting_files(fund(), 2024), 2024)
    theirs = film_office.estimate_impact(
        film_office.read_shooting_files(DATA / "wallimage-film-office-2024.csv"), 2024)
    assert (ours.low, ours.high) == (theirs.low, theirs.high) == (Decimal("6233802.05"),
                                                                   Decimal("8593941.50"))
    page = login(BOARD).get(reverse("fund_film_office")).content.decode()
    assert money("6 233 802,05 €") in page and money("8 593 941,50 €") in page
    # a funded file is left out of the impact; an unfunded one adds its days
    url = reverse("fund_shooting_file_new")
    assert login(BOARD).post(url, {}).status_code == 403
    funded = {"year": "2024", "title": "Film financé", "project_type": "feature", "files": "1",
              "files_shot": "1", "days": "20", "funded": "on", "days_covered": "0",
              "financed_non_av_spend": "0"}
    assert login(ANALYST).post(url, funded).status_code == 302
    assert ShootingFile.objects.get(title="Film financé").days_covered == 20
    after = film_office.estimate_impact(records.shooting_files(fund(), 2024), 2024)
    assert (after.low, after.high) == (ours.low, ours.high)
    assert login(ANALYST).post(url, dict(funded, title="Pub", project_type="advert",
                                         funded="", days="2")).status_code == 302
    after = film_office.estimate_impact(records.shooting_files(fund(), 2024), 2024)
    assert after.high == ours.high + Decimal("1000.00")  # 2 days × 500 € flat
    bad = login(ANALYST).post(url, dict(funded, funded="", days="2", days_covered="3"))
    assert bad.status_code == 400
    none = login(BOARD).get(reverse("fund_film_office") + "?year=2025").content.decode()
    assert "No estimate" in none or "Pas d" in none


# -- the TV-format calls: their conditions come from the parameters -----------------------------

def test_tv_format_calls_take_their_conditions_from_parameters(demo):
    teaser_terms = demo_report.tv_format_terms("teaser", dt.date(2025, 3, 1))
    teasers = Call.objects.get(title=demo_report.TEASER_CALL)
    assert (teasers.envelope, teasers.per_project_cap, teasers.minimum_ratio) == (
        teaser_terms["envelope"].value, teaser_terms["cap"].value,
        teaser_terms["minimum_ratio"].value) == (Decimal("40000"), Decimal("8000"),
                                                 Decimal("1.2"))
    season_terms = demo_report.tv_format_terms("season1", dt.date(2024, 11, 1))
    season = Call.objects.get(title=demo_report.SEASON1_CALL)
    assert (season.envelope, season.minimum_ratio, season.broadcaster_cash_required) == (
        season_terms["envelope"].value, season_terms["minimum_ratio"].value, True)
    assert "§1.4.3" in teaser_terms["cap"].source and "§1.2.3" in season_terms["envelope"].source
    checks = {c.key: c for c in rules.check_application(
        Application.objects.get(call=teasers, work__title="Chefs de gare"))}
    assert not checks["cap"].ok and "8\u202f000,00" in checks["cap"].text
    refused = Application.objects.get(call=season, status=Application.Status.REFUSED)
    assert not {c.key: c for c in rules.check_application(refused)}["broadcaster_cash"].ok
    winner = Application.objects.get(call=season, work__title="MAINTENANT OU JAMAIS")
    assert all(c.ok for c in rules.check_application(winner))
