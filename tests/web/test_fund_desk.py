"""The fund desk: calls, applications and their checks, board decisions, commitments, tranches.

GET permissions per role are rows of matrix_fund.py; here every POST per role, the checks (cap,
ratio, broadcaster cash, envelope), the tranche schedule from the Wallimage parameters, release
refused before the spend condition and allowed after, and the audit trail.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from montage.finance.obligations import default_parameters
from montage.web.fund.models import Application, Call, Commitment, Decision, FundingLine, Tranche
from montage.web.registry.models import AuditEntry, Company, Organisation, Work
from montage.web.fund import rules
from tests.web.roles import LOGGED_IN

pytestmark = pytest.mark.django_db

ANALYST, BOARD = "wallimage", "wallimage.board"
OTHERS = sorted(LOGGED_IN - {ANALYST, BOARD})


def pilots():
    return Call.objects.get(title__startswith="Appel à projets pilotes")


def app(title):
    return Application.objects.get(work__title=title)


def audit(obj, field=None):
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                        object_id=str(obj.pk))
    return entries.filter(field=field) if field else entries


def new_application(call, requested, spend, cash=None, title="Nouveau pilote"):
    work = Work.objects.create(title=title, work_type=Work.Type.FORMAT,
                               initiative=Work.Initiative.BELGIUM)
    return Application.objects.create(
        call=call, work=work, applicant=Company.objects.get(name="Ardenne Films"),
        submitted_on=dt.date(2024, 4, 1), amount_requested=Decimal(requested),
        walloon_spend_committed=Decimal(spend),
        broadcaster_cash=Decimal(cash) if cash is not None else None)


def by_key(checks):
    return {c.key: c for c in checks}


# -- demo ---------------------------------------------------------------------------------------

def test_demo_is_idempotent_and_has_the_journey(demo):
    from montage.web.fund.demo import load_demo

    load_demo()
    assert Application.objects.filter(call=pilots()).count() == 3
    assert {a.status for a in pilots().applications.all()} == {"accepted", "refused",
                                                               "second_pass"}
    detour = Commitment.objects.get(application__work__title="Le Grand Détour")
    assert [t.released_on is not None for t in detour.tranches.all()] == [True, False, False]
    brumes = Commitment.objects.get(application__work__title="Les Brumes de Meuse")
    waiting = brumes.tranches.get(number=2)
    assert waiting.released_on is None and rules.release_refusal(waiting) is not None
    # the journey's two commitments and Le Phare's (filed from its project), besides the
    # annual report's 49 + 35 and the 145 catalogue works of its §6.2 receipts, earlier
    # commitments without a published amount or schedule (loaded once)
    catalogue = Commitment.objects.filter(
        application__call__title__startswith="Coproductions — catalogue")
    assert catalogue.count() == 145 and not Tranche.objects.filter(commitment__in=catalogue)
    journey = Commitment.objects.filter(report_no__isnull=True).exclude(pk__in=catalogue)
    assert journey.count() == 3 and Tranche.objects.filter(commitment__in=journey).count() == 9
    assert Commitment.objects.filter(report_no__isnull=False).count() == 49 + 35
    assert Tranche.objects.count() == 9 + (49 + 35) * 3


# -- the checks ----------------------------------------------------------------------------------

def test_pilots_call_checks_ratio_and_envelope(demo):
    checks = by_key(rules.check_application(app("Le Grand Détour")))
    assert checks["ratio"].ok and checks["envelope"].ok
    assert "133" in checks["ratio"].text
    refused = by_key(rules.check_application(app("Cuisine de crise")))
    assert not refused["ratio"].ok  # 66 000 / 60 000 = 110 % < 133 %
    # 75 000 of 150 000 granted: 80 000 more does not fit
    too_big = new_application(pilots(), "80000.00", "110000.00")
    checks = by_key(rules.check_application(too_big))
    assert checks["ratio"].ok and not checks["envelope"].ok
    assert "75" in checks["envelope"].text


def test_cap_and_broadcaster_cash_of_a_teasers_and_season_call(demo):
    line = FundingLine.objects.get(name="Formats TV")
    teasers = Call.objects.create(funding_line=line, title="Teasers", opens_on=dt.date(2025, 1, 1),
                                  closes_on=dt.date(2025, 3, 1), envelope=Decimal(40000),
                                  per_project_cap=Decimal(8000), minimum_ratio=Decimal("1.2"))
    assert by_key(rules.check_application(new_application(teasers, "8000", "9600")))["cap"].ok
    over = by_key(rules.check_application(new_application(teasers, "8000.01", "9700", title="T2")))
    assert not over["cap"].ok
    season = Call.objects.create(funding_line=line, title="Saison 1", opens_on=dt.date(2025, 1, 1),
                                 closes_on=dt.date(2025, 3, 1), envelope=Decimal(100000),
                                 minimum_ratio=Decimal(2), broadcaster_cash_required=True)
    low = by_key(rules.check_application(new_application(season, "50000", "100000", "49999.99",
                                                         title="S1")))
    assert low["ratio"].ok and not low["broadcaster_cash"].ok
    ok = by_key(rules.check_application(new_application(season, "50000", "100000", "50000",
                                                        title="S2")))
    assert ok["broadcaster_cash"].ok


def test_coproduction_takes_cap_and_ratio_from_the_parameters(demo):
    session = Call.objects.get(title__startswith="Wallimage Coproductions")
    params = default_parameters()
    cap = params.get("wallimage.investment_cap", session.opens_on).value
    minimum = params.get("wallimage.minimum_ratio", session.opens_on).value
    applied = rules.terms(session)
    assert applied.cap == cap and applied.minimum_ratio == minimum and applied.sources
    checks = by_key(rules.check_application(new_application(session, cap + 1, (cap + 1) * 2)))
    assert not checks["cap"].ok and checks["ratio"].ok
    # a call asking less than the regulation still gets the regulation's ratio
    session.minimum_ratio = Decimal("1.0")
    session.save()
    assert rules.terms(session).minimum_ratio == minimum


def test_tranche_schedule_follows_the_parameter(demo):
    brumes = Commitment.objects.get(application__work__title="Les Brumes de Meuse")
    schedule = default_parameters().get("wallimage.tranche_schedule", brumes.signed_on).value
    tranches = list(brumes.tranches.all())
    assert [t.share for t in tranches] == [Decimal(i["share"]) for i in schedule]
    assert sum(t.amount for t in tranches) == brumes.amount
    assert [t.spend_to_prove for t in tranches] == [
        (Decimal("1200000.00") * Decimal(i["spend_share"])).quantize(Decimal("0.01"))
        for i in schedule]


# -- pages ---------------------------------------------------------------------------------------

def test_call_pages_show_envelope_used_and_remaining(demo, login):
    page = login(BOARD).get(reverse("fund_call_detail", args=[pilots().pk])).content.decode()
    assert "75\u202f000,00\u00a0€" in page  # granted
    assert "Le Grand Détour" in page and "Cuisine de crise" in page
    assert "Enregistrer une candidature" not in page  # the board does not record
    listing = login(ANALYST).get(reverse("fund_calls")).content.decode()
    assert pilots().title in listing and "Nouvel appel" in listing


def test_application_page_shows_checks_and_forms_by_role(demo, login):
    voisins = app("Les Voisins d'en face")
    analyst_page = login(ANALYST).get(reverse("fund_application_detail",
                                              args=[voisins.pk])).content.decode()
    assert 'data-check="ratio"' in analyst_page and 'id="score-form"' in analyst_page
    assert 'id="decision-form"' not in analyst_page
    board_page = login(BOARD).get(reverse("fund_application_detail",
                                          args=[voisins.pk])).content.decode()
    assert 'id="decision-form"' in board_page and 'id="score-form"' not in board_page


def test_other_desks_cannot_see_another_funds_records(demo, login):
    other = Organisation.objects.create(name="Autre fonds", kind=Organisation.Kind.FUND)
    line = FundingLine.objects.create(organisation=other, name="Autre", kind="tv_format")
    call = Call.objects.create(funding_line=line, title="Autre appel", opens_on=dt.date(2024, 1, 1),
                               closes_on=dt.date(2024, 2, 1), envelope=Decimal(1000))
    client = login(ANALYST)
    assert client.get(reverse("fund_call_detail", args=[call.pk])).status_code == 403
    assert "Autre appel" not in client.get(reverse("fund_calls")).content.decode()
    assert client.get(reverse("fund_call_detail", args=[999999])).status_code == 404


def test_analyst_creates_a_call(demo, login):
    line = FundingLine.objects.get(name="Formats TV")
    data = {"funding_line": line.pk, "title": "Teasers 2025", "opens_on": "2025-02-01",
            "closes_on": "2025-04-30", "envelope": "40000", "per_project_cap": "8000",
            "minimum_ratio": "1.2", "conditions": "Un teaser par concept."}
    response = login(ANALYST).post(reverse("fund_call_new"), data)
    call = Call.objects.get(title="Teasers 2025")
    assert response.status_code == 302
    assert (call.per_project_cap, call.minimum_ratio, call.conditions) == (
        Decimal(8000), Decimal("1.2"), "Un teaser par concept.")
    assert Decimal(audit(call, "envelope").get().new_value) == Decimal("40000.00")
    bad = login(ANALYST).post(reverse("fund_call_new"), dict(data, closes_on="2025-01-01"))
    assert bad.status_code == 200 and "ferme avant" in bad.content.decode()
    # the line's calls of 2025 stay within its yearly envelope (440 000 € in the demo)
    over = login(ANALYST).post(reverse("fund_call_new"), dict(data, title="Trop",
                                                              envelope="300000"))
    assert over.status_code == 200 and not Call.objects.filter(title="Trop").exists()
    assert "au-delà de l’enveloppe annuelle de la ligne (440\u202f000,00\xa0€)" in \
        over.content.decode()


def test_board_cannot_create_calls_or_record_applications(demo, login):
    client = login(BOARD)
    assert client.post(reverse("fund_call_new"), {}).status_code == 403
    assert client.post(reverse("fund_application_new", args=[pilots().pk]), {}).status_code == 403


def _post_each_role(client_factory, url, data):
    from django.test import Client

    User = get_user_model()
    statuses = {}
    for username in OTHERS:
        client = Client()
        if username == "nobody":
            User.objects.get_or_create(username="nobody")
        client.force_login(User.objects.get(username=username))
        statuses[username] = client.post(url, data).status_code
    anonymous = Client().post(url, data)
    return statuses, anonymous


@pytest.mark.parametrize("name,key", [
    ("fund_application_score", "voisins"), ("fund_application_decide", "voisins"),
    ("fund_commitment_new", "voisins"), ("fund_commitment_spend", "brumes"),
    ("fund_tranche_release", "tranche"),
])
def test_post_only_views_refuse_other_desks(demo, login, name, key):
    brumes = Commitment.objects.get(application__work__title="Les Brumes de Meuse")
    pk = {"voisins": app("Les Voisins d'en face").pk, "brumes": brumes.pk,
          "tranche": brumes.tranches.get(number=2).pk}[key]
    url = reverse(name, args=[pk])
    statuses, anonymous = _post_each_role(login, url, {})
    assert set(statuses.values()) == {403}, statuses
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert login(ANALYST).get(url).status_code == 405
    # the wrong fund role is refused too
    wrong = BOARD if name != "fund_application_decide" else ANALYST
    assert login(wrong).post(url, {}).status_code == 403


def test_record_score_decide_commit_and_release(demo, login):
    response = login(ANALYST).post(reverse("fund_application_new", args=[pilots().pk]), {
        "work": Work.objects.get(title="Les Brumes de Meuse").pk,
        "applicant": Company.objects.get(name="Ardenne Films").pk,
        "submitted_on": "2025-04-20", "amount_requested": "30000",
        "walloon_spend_committed": "40000", "broadcaster": "RTBF", "broadcaster_cash": ""})
    assert response.status_code == 302
    application = Application.objects.get(call=pilots(), work__title="Les Brumes de Meuse")
    assert application.broadcaster == "RTBF" and application.status == "submitted"
    assert Decimal(audit(application, "amount_requested").get().new_value) == Decimal("30000.00")

    login(ANALYST).post(reverse("fund_application_score", args=[application.pk]), {
        "score": "8", "score_comment": "Solide", "proposal": "accept", "proposed_amount": "30000"})
    application.refresh_from_db()
    assert application.status == "scored" and application.analyst.username == ANALYST

    # the envelope has 75 000 left: 80 000 is refused with the check's explanation
    refused = login(BOARD).post(reverse("fund_application_decide", args=[application.pk]), {
        "outcome": "accepted", "accepted_amount": "80000", "decided_on": "2025-06-04"})
    assert refused.status_code == 400 and "enveloppe" in refused.content.decode().lower()
    login(BOARD).post(reverse("fund_application_decide", args=[application.pk]), {
        "outcome": "accepted", "accepted_amount": "30000", "decided_on": "2025-06-04",
        "note": "OK"})
    application.refresh_from_db()
    assert application.status == "accepted"
    decision = Decision.objects.get(application=application)
    assert decision.decided_by.username == BOARD
    assert audit(application).filter(action="decision", new_value="accepted").exists()
    assert Decimal(audit(decision, "accepted_amount").get().new_value) == Decimal("30000.00")

    over = login(ANALYST).post(reverse("fund_commitment_new", args=[application.pk]), {
        "amount": "30000.01", "walloon_spend_committed": "40000", "signed_on": "2025-06-20"})
    assert over.status_code == 400
    login(ANALYST).post(reverse("fund_commitment_new", args=[application.pk]), {
        "amount": "30000", "walloon_spend_committed": "40000", "signed_on": "2025-06-20"})
    commitment = Commitment.objects.get(application=application)
    t1, t2, t3 = commitment.tranches.all()
    assert (t1.amount, t2.amount, t3.amount) == (Decimal("15000.00"), Decimal("7500.00"),
                                                 Decimal("7500.00"))
    assert (t2.spend_to_prove, t3.spend_to_prove) == (Decimal("20000.00"), Decimal("40000.00"))

    release = reverse("fund_tranche_release", args=[t2.pk])
    early = login(ANALYST).post(release, {"released_on": "2025-07-01"})
    assert early.status_code == 400  # tranche 1 first
    login(ANALYST).post(reverse("fund_tranche_release", args=[t1.pk]), {"released_on": "2025-06-27"})
    t1.refresh_from_db()
    assert t1.released_amount == Decimal("15000.00") and t1.released_by.username == ANALYST
    before = login(ANALYST).post(release, {"released_on": "2025-10-01"})
    assert before.status_code == 400 and "n’ont pas atteint" in before.content.decode()
    t2.refresh_from_db()
    assert t2.released_on is None

    login(ANALYST).post(reverse("fund_commitment_spend", args=[commitment.pk]), {
        "verified_spend": "20000", "verified_spend_source": "Factures contrôlées au 30/09"})
    commitment.refresh_from_db()
    assert commitment.verified_spend == Decimal("20000.00")
    assert Decimal(audit(commitment, "verified_spend").first().new_value) == Decimal(20000)
    after = login(ANALYST).post(release, {"released_on": "2025-10-01"})
    assert after.status_code == 302
    t2.refresh_from_db()
    assert (t2.released_on, t2.released_amount, t2.verified_spend) == (
        dt.date(2025, 10, 1), Decimal("7500.00"), Decimal("20000.00"))
    assert Decimal(audit(t2, "released_amount").get().new_value) == Decimal("7500.00")
    assert audit(t2).filter(action="decision", note="Factures contrôlées au 30/09").exists()
    again = login(ANALYST).post(release, {"released_on": "2025-10-02"})
    assert again.status_code == 400


def test_refusal_and_second_pass(demo, login):
    voisins = app("Les Voisins d'en face")
    bad = login(BOARD).post(reverse("fund_application_decide", args=[voisins.pk]), {
        "outcome": "refused", "accepted_amount": "1000", "decided_on": "2025-09-01"})
    assert bad.status_code == 400
    login(BOARD).post(reverse("fund_application_decide", args=[voisins.pk]), {
        "outcome": "refused", "decided_on": "2025-09-01", "note": "Non"})
    voisins.refresh_from_db()
    assert voisins.status == "refused" and voisins.decisions.count() == 2
    # a refused application cannot be decided again nor committed
    assert login(BOARD).post(reverse("fund_application_decide", args=[voisins.pk]), {
        "outcome": "accepted", "accepted_amount": "1000",
        "decided_on": "2025-09-02"}).status_code == 403
    assert login(ANALYST).post(reverse("fund_commitment_new", args=[voisins.pk]), {
        "amount": "1", "walloon_spend_committed": "2",
        "signed_on": "2025-09-03"}).status_code == 403


def test_commitment_page_in_english(demo, login):
    brumes = Commitment.objects.get(application__work__title="Les Brumes de Meuse")
    client = login(BOARD)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("fund_commitment_detail", args=[brumes.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "€600,000.00" in page and "has not reached" in page
    assert 'action="/fund/tranches/' not in page  # the board reads, the analyst releases
