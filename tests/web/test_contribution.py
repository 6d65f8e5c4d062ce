"""Step 1 (vade-mecum « Première étape »): the editor's filings, the CSA's questions and
decision, deadlines and presumption, per view and role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from montage.law.contribution import compute_contribution, presumed_contribution
from montage.web.contribution.models import (Attachment, ObligationYear, Question,
                                             ServiceYearFacts, TurnoverDeclaration, TurnoverLine)
from montage.web.investments.models import Payment
from montage.web.registry.models import AuditEntry
from montage.money import format_money
from montage.web.contribution import services as contribution_services
from montage.web.contribution import views
from montage.web.parameters.services import current_parameters
from tests.cpi import enter_indices
from tests.web.matrix_contribution import POST_ONLY
from tests.web.roles import EDITORS, LOGGED_IN, USERS

pytestmark = pytest.mark.django_db


def file_of(editor, year):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


@pytest.fixture
def on(monkeypatch):
    """on("2027-02-01"): the day the deadlines are measured on."""
    def set_day(text):
        monkeypatch.setattr(views, "today", lambda: dt.date.fromisoformat(text))
    return set_day


def html(response):
    return response.content.decode()


def decisions(file, decision):
    return AuditEntry.objects.filter(object_id=str(file.pk), action="decision",
                                     new_value=decision, content_type__model="obligationyear")


# -- list -------------------------------------------------------------------------------------

def test_list_shows_each_role_its_files_with_deadlines_and_flags(client, login, demo, on):
    on("2026-11-23")
    page = html(login("tele.demo").get(reverse("contribution_list")))
    assert "Télé Demo" in page and "StreamFlix" not in page and "Canal Quartier" not in page
    assert "15/09/2026" in page and "dépassé" in page   # 2026 draft past 15 September
    page = html(login("csa").get(reverse("contribution_list")))
    assert "StreamFlix Europe" in page and "Canal Quartier" in page
    assert "versement par défaut" in page and "présomption applicable" in page
    assert login("ardenne").get(reverse("contribution_list")).status_code == 403
    assert login("wallimage").get(reverse("contribution_list")).status_code == 403


# -- the editor's journey ----------------------------------------------------------------------

def test_editor_opens_files_chooses_declares_and_submits(client, login, demo, on):
    on("2027-02-01")
    c = login("tele.demo")
    response = c.post(reverse("contribution_open_year"), {"year": "2027"})
    file = file_of("Télé Demo", 2027)
    assert response["Location"] == reverse("contribution_file", args=[file.pk])
    c.post(reverse("contribution_choice", args=[file.pk]),
           {"form": "investments", "turnover_estimate": "56 000 000,00"})
    file.refresh_from_db()
    assert (file.form, file.turnover_estimate, file.choice_filed_on) == (
        "investments", Decimal("56000000.00"), dt.date(2027, 2, 1))
    service = file.editor.services.get(name="Télé Demo 1")
    for category, market, amount, commissions in [
            ("advertising", "all", "41 000 000,00", "1 000 000"),
            ("distribution_fees", "eu_contributing_state", "500000", "")]:
        response = c.post(reverse("contribution_line_add", args=[file.pk]), {
            "service": service.pk, "category": category, "market": market, "amount": amount,
            "agency_commissions": commissions})
        assert response.status_code == 302
    page = html(c.get(reverse("contribution_file", args=[file.pk])))
    # 41 000 000 − 1 000 000 commissions − 500 000 deducted (EU state) = 39 500 000
    assert 'id="eligible-amount">39\u202f500\u202f000,00\xa0€' in page.replace(" ", "\u202f") \
        or "39\u202f500\u202f000,00" in page or "39 500 000,00" in page
    declaration = file.declaration
    assert declaration.status == "draft" and declaration.lines.count() == 2
    c.post(reverse("contribution_submit", args=[file.pk]))
    declaration.refresh_from_db()
    file.refresh_from_db()
    assert (declaration.status, declaration.submitted_on, file.status) == (
        "submitted", dt.date(2027, 2, 1), "declared")
    # locked after submission
    response = c.post(reverse("contribution_line_add", args=[file.pk]), {
        "service": service.pk, "category": "sponsorship", "market": "all", "amount": "1"})
    assert declaration.lines.count() == 2 and response.status_code == 302
    assert decisions(file, "turnover_form_submitted").exists()
    assert AuditEntry.objects.filter(content_type__model="turnoverdeclaration",
                                     field="status", new_value="submitted").exists()


def test_eligible_turnover_of_an_external_editor_uses_the_80_and_39_5_percent_shares(
        client, login, demo):
    file = file_of("StreamFlix Europe", 2025)
    page = html(login("streamflix").get(reverse("contribution_file", args=[file.pk])))
    # 7 200 000 + 80 % × 4 500 000 + 39,5 % × (2 000 000 − 300 000) = 11 471 500
    assert "11 471 500,00" in page.replace("\u202f", " ")
    assert "80,00" in page and "39,50" in page


def test_line_form_refuses_bad_lines_and_drops_nothing(client, login, demo, on):
    on("2026-03-01")
    file = file_of("Télé Demo", 2026)
    c = login("tele.demo")
    service = file.editor.services.get(name="Télé Demo 1")
    count = file.declaration.lines.count()
    cases = [
        ({"market": "all", "amount": "100", "agency_commissions": "200"}, "dépassent"),
        ({"market": "brussels_total", "amount": "100"}, "choix valide"),   # external market
        ({"market": "all", "amount": "12,345"}, "deux décimales"),
        ({"market": "all", "amount": "abc"}, "montant"),
        ({"market": "all", "amount": "1", "category": "advertising"}, "déjà une ligne"),
    ]
    for data, message in cases:
        post = {"service": service.pk, "category": "call_tv", **data}
        page = html(c.post(reverse("contribution_line_add", args=[file.pk]), post))
        assert message in page, (data, message)
    assert file.declaration.lines.count() == count
    # a line is changed, then deleted; both recorded
    line = file.declaration.lines.get(category="sponsorship")
    c.post(reverse("contribution_line_edit", args=[line.pk]), {
        "service": service.pk, "category": "sponsorship", "market": "all",
        "amount": "4 500 000,00", "agency_commissions": "0", "confidential": "on"})
    line.refresh_from_db()
    assert line.amount == Decimal("4500000.00") and line.confidential
    c.post(reverse("contribution_line_delete", args=[line.pk]))
    assert not TurnoverLine.objects.filter(pk=line.pk).exists()
    assert decisions(file, "turnover_line_deleted").exists()


def test_choice_after_the_deadline_is_payment_by_default(client, login, demo, on):
    on("2027-03-01")
    c = login("tele.demo")
    c.post(reverse("contribution_open_year"), {"year": "2027"})
    file = file_of("Télé Demo", 2027)
    page = html(c.post(reverse("contribution_choice", args=[file.pk]),
                       {"form": "investments", "turnover_estimate": "1000000"}))
    assert "versement" in page and "15/02/2027" in page
    file.refresh_from_db()
    assert file.choice_filed_on is None
    c.post(reverse("contribution_choice", args=[file.pk]),
           {"form": "payment", "turnover_estimate": "1000000"})
    file.refresh_from_db()
    assert (file.form, file.choice_filed_on) == ("payment", dt.date(2027, 3, 1))
    page = html(c.get(reverse("contribution_file", args=[file.pk])))
    assert "fait en retard" in page or "en retard" in page
    assert "présomption" in page.lower()


def test_first_year_of_activity_moves_the_choice_deadline(client, login, demo, on):
    on("2027-06-20")
    c = login("tele.demo")
    c.post(reverse("contribution_open_year"), {"year": "2027"})
    file = file_of("Télé Demo", 2027)
    response = c.post(reverse("contribution_choice", args=[file.pk]), {
        "form": "investments", "turnover_estimate": "900000",
        "first_activity_day": "01/06/2027"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.form == "investments"
    page = html(c.get(reverse("contribution_file", args=[file.pk])))
    assert "01/07/2027" in page and "Première année d" in page
    assert file.editor.first_activity_day == dt.date(2027, 6, 1)
    from montage.web.registry.models import AuditEntry
    assert AuditEntry.objects.filter(field="first_activity_day", new_value="2027-06-01").exists()


def test_open_year_is_for_the_editor_officer_and_this_year_or_the_next(client, login, demo, on):
    on("2026-11-23")
    c = login("tele.demo")
    c.post(reverse("contribution_open_year"), {"year": "2029"})
    assert not ObligationYear.objects.filter(year=2029).exists()
    for username in ("csa", "cca", "ardenne", "wallimage"):
        assert login(username).post(reverse("contribution_open_year"),
                                    {"year": "2027"}).status_code == 403


def test_service_figures_are_percentages_stored_as_fractions(client, login, demo, on):
    on("2026-03-01")
    file = file_of("Télé Demo", 2026)
    c = login("tele.demo")
    services = list(file.editor.services.order_by("name"))
    data = {f"s{services[0].pk}-audience_share": "1,5",
            f"s{services[0].pk}-audiovisual_works_share": "8",
            f"s{services[1].pk}-audience_share": "0,4",
            f"s{services[1].pk}-audiovisual_works_share": ""}
    assert c.post(reverse("contribution_facts", args=[file.pk]), data).status_code == 302
    facts = ServiceYearFacts.objects.get(obligation=file, service=services[0])
    assert (facts.audience_share, facts.audiovisual_works_share) == (
        Decimal("0.015000"), Decimal("0.080000"))
    page = html(c.post(reverse("contribution_facts", args=[file.pk]),
                       {f"s{services[0].pk}-audience_share": "150"}))
    assert "entre 0 et 100" in page


# -- attachments ---------------------------------------------------------------------------------

def test_attachments_are_private_and_served_only_to_readers_of_the_file(
        client, login, demo, on, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    on("2026-03-01")
    file = file_of("Télé Demo", 2026)
    c = login("tele.demo")
    c.post(reverse("contribution_attachment_add", args=[file.pk]), {
        "kind": "accounts", "description": "comptes 2025", "confidential": "on",
        "file": SimpleUploadedFile("comptes-2025.pdf", b"%PDF-1.4 demo")})
    attachment = Attachment.objects.get(obligation=file)
    assert attachment.confidential and attachment.uploaded_by.username == "tele.demo"
    url = reverse("contribution_attachment", args=[attachment.pk])
    get_user_model().objects.get_or_create(username="nobody")
    for username in sorted(LOGGED_IN):
        response = login(username).get(url)
        expected = 200 if username in {"tele.demo", "csa", "cca"} else 403
        assert response.status_code == expected, username
        if expected == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
            assert response["Content-Disposition"].startswith("attachment")
    assert not str(attachment.file.url).startswith("/static")
    assert client.get(f"/media/{attachment.file.name}").status_code in (302, 403, 404)


# -- questions -----------------------------------------------------------------------------------

def test_csa_asks_editor_answers_others_are_refused(client, login, demo):
    file = file_of("Télé Demo", 2026)
    assert login("csa").post(reverse("contribution_question_ask", args=[file.pk]),
                             {"text": "Pourquoi la baisse du parrainage ?"}).status_code == 302
    question = Question.objects.get(obligation=file)
    assert login("cca").post(reverse("contribution_question_ask", args=[file.pk]),
                             {"text": "?"}).status_code == 403
    assert login("streamflix").post(reverse("contribution_question_answer", args=[question.pk]),
                                    {f"q{question.pk}-answer": "x"}).status_code == 403
    assert login("csa").post(reverse("contribution_question_answer", args=[question.pk]),
                             {f"q{question.pk}-answer": "x"}).status_code == 403
    login("tele.demo").post(reverse("contribution_question_answer", args=[question.pk]),
                            {f"q{question.pk}-answer": "Un contrat a pris fin."})
    question.refresh_from_db()
    assert question.answer == "Un contrat a pris fin." and question.answered_by.username == \
        "tele.demo"
    assert decisions(file, "question_asked").exists()
    assert decisions(file, "question_answered").exists()
    page = html(login("cca").get(reverse("contribution_file", args=[file.pk])))
    assert "Un contrat a pris fin." in page and 'id="question-form"' not in page


# -- the CSA's decision ----------------------------------------------------------------------------

def test_csa_fixes_the_eligible_turnover_and_the_engines_amount(client, login, demo, on):
    on("2025-11-10")
    file = file_of("StreamFlix Europe", 2025)
    c = login("csa")
    page = html(c.post(reverse("contribution_decide", args=[file.pk]), {
        "eligible_turnover": "11 471 500,00", "outcome": "fixed", "action": "preview"}))
    assert "244 342,95" in page.replace("\u202f", " ")
    file.refresh_from_db()
    assert file.status == "declared"  # a preview records nothing
    c.post(reverse("contribution_decide", args=[file.pk]), {
        "eligible_turnover": "11 471 500,00", "outcome": "fixed", "action": "record",
        "note": "sur base du formulaire"})
    file.refresh_from_db()
    expected = compute_contribution(2025, Decimal("11471500.00")).amount
    assert (file.eligible_turnover, file.amount, file.status, file.eligible_fixed_on) == (
        Decimal("11471500.00"), expected, "fixed", dt.date(2025, 11, 10))
    assert file.declaration.status == "accepted"
    entry = decisions(file, "csa_decision_fixed").get()
    assert entry.actor_label == "csa" and "sur base du formulaire" in entry.note
    assert AuditEntry.objects.filter(object_id=str(file.pk), field="amount",
                                     content_type__model="obligationyear").exists()
    page = html(login("streamflix").get(reverse("contribution_file", args=[file.pk])))
    assert 'id="decision-recorded"' in page and 'id="decision-form"' not in page


def test_decision_follows_the_engine_on_exemptions(client, login, demo, on):
    on("2025-11-10")
    file = file_of("Canal Quartier", 2025)
    c = login("csa")
    page = html(c.post(reverse("contribution_decide", args=[file.pk]), {
        "eligible_turnover": "450000", "outcome": "fixed", "action": "record"}))
    assert "exonéré" in page.lower()
    page = html(c.post(reverse("contribution_decide", args=[file.pk]), {
        "eligible_turnover": "450000", "outcome": "exempt", "exemption_ground": "few_works",
        "action": "record"}))
    assert "ne trouve pas ce motif" in page
    c.post(reverse("contribution_decide", args=[file.pk]), {
        "eligible_turnover": "450000", "outcome": "exempt",
        "exemption_ground": "turnover_below_threshold", "action": "record"})
    file.refresh_from_db()
    assert (file.status, file.amount, file.exemption_ground) == (
        "exempt", Decimal("0.00"), "turnover_below_threshold")
    assert decisions(file, "csa_decision_exempt").exists()


def test_csa_cannot_fix_a_provisional_amount_until_the_index_is_entered(client, login, demo,
                                                                         on, monkeypatch):
    # « Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de
    # l'indice des prix à la consommation du mois de janvier 2023. » (étape 1 §4, note 3): 2026
    # needs the index of January 2025, not known yet, so its amount is provisional and the CSA
    # cannot fix it (issue 12, finding 2).
    on("2026-11-10")
    file = file_of("Télé Demo", 2026)
    c = login("csa")
    url = reverse("contribution_decide", args=[file.pk])
    page = html(c.post(url, {"eligible_turnover": "800 000,00", "outcome": "fixed",
                             "action": "preview"})).replace("\u202f", " ").replace("\xa0", " ")
    assert "Montant provisoire" in page and "janvier 2025" in page   # the engine's explanation
    page = html(c.post(url, {"eligible_turnover": "800 000,00", "outcome": "fixed",
                             "action": "record"}))
    assert ("La contribution de 2026 est provisoire : l’indice des prix à la consommation de "
            "janvier 2025, dont elle a besoin, n’est pas encore connu (calcul sur celui de "
            "janvier 2024). Le CSA pourra arrêter le montant une fois cet indice encodé.") in page
    page = html(c.post(url, {"eligible_turnover": "500 000,00", "outcome": "exempt",
                             "exemption_ground": "turnover_below_threshold",
                             "action": "record"}))
    assert "janvier 2025" in page
    file.refresh_from_db()
    assert (file.status, file.amount, file.eligible_turnover) == ("open", None, None)
    assert not decisions(file, "csa_decision_fixed").exists()
    assert not decisions(file, "csa_decision_exempt").exists()
    # the same refusal over the API (409: the file's state refuses it, no field is wrong)
    from django.test import Client

    from montage.web.api.auth import issue_token
    from montage.web.api.contribution import routes
    monkeypatch.setattr(routes, "today", lambda: dt.date(2026, 11, 10))
    token = issue_token(get_user_model().objects.get(username="csa"))[0]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    refused = api.post(f"/api/obligations/{file.pk}/decision",
                       {"eligible_turnover": "800000.00", "outcome": "fixed"},
                       content_type="application/json")
    assert refused.status_code == 409, refused.content
    assert "janvier 2025" in refused.json()["detail"]
    preview = api.post(f"/api/obligations/{file.pk}/decision/preview",
                       {"eligible_turnover": "800000.00"}, content_type="application/json")
    assert (preview.json()["contribution"]["provisional"],
            preview.json()["contribution"]["missing_index"]) == (True, "2025-01")
    # once the index is entered (by the CCA, tests/web/test_parameters.py), the amount is final
    # and the CSA fixes it
    enter_indices({2025: "133.00"})
    c = login("csa")
    c.post(url, {"eligible_turnover": "800 000,00", "outcome": "fixed", "action": "record"})
    file.refresh_from_db()
    expected = compute_contribution(2026, Decimal("800000.00"), current_parameters())
    assert not expected.provisional
    assert (file.status, file.amount) == ("fixed", expected.amount)
    assert decisions(file, "csa_decision_fixed").exists()


def test_csa_cannot_set_a_provisional_presumed_contribution(client, login, demo, on):
    # « Ce montant est adapté annuellement sur la base de l'indice des prix à la consommation du
    # mois de janvier 2023. » (étape 1 §2): the presumed 3 M€ of 2026 is provisional too.
    on("2026-11-23")
    file = file_of("Télé Demo", 2026)
    c = login("csa")
    page = html(c.post(reverse("contribution_presume", args=[file.pk]), follow=True))
    assert ("Le montant présumé de 2026 est provisoire : l’indice des prix à la consommation de "
            "janvier 2025") in page
    assert not Payment.objects.filter(obligation=file, reason="presumed").exists()


def test_only_the_csa_analyst_decides(client, login, demo):
    file = file_of("StreamFlix Europe", 2025)
    for username in ("streamflix", "tele.demo", "cca", "ardenne", "wallimage"):
        response = login(username).post(reverse("contribution_decide", args=[file.pk]), {
            "eligible_turnover": "1", "outcome": "fixed", "action": "record"})
        assert response.status_code == 403, username
    file.refresh_from_db()
    assert file.status == "declared"


def test_presumption_when_information_is_late(client, login, demo, on):
    on("2026-11-23")
    late = file_of("StreamFlix Europe", 2025)
    c = login("csa")
    page = html(c.get(reverse("contribution_file", args=[late.pk])))
    assert 'id="presume-form"' in page
    c.post(reverse("contribution_presume", args=[late.pk]))
    payment = Payment.objects.get(obligation=late, reason="presumed")
    amount, _ = presumed_contribution(2025)
    assert payment.amount == amount and payment.due_on == dt.date(2026, 2, 15)
    assert decisions(late, "presumed_payment_set").exists()
    c.post(reverse("contribution_presume", args=[late.pk]))
    assert Payment.objects.filter(obligation=late, reason="presumed").count() == 1
    # in time: no presumption
    on_time = file_of("Télé Demo", 2024)
    c.post(reverse("contribution_presume", args=[on_time.pk]))
    assert not Payment.objects.filter(obligation=on_time).exists()
    assert login("cca").post(reverse("contribution_presume", args=[late.pk])).status_code == 403


def test_the_csa_decision_withdraws_an_unpaid_presumed_payment_and_keeps_a_paid_one(
        client, login, demo, on):
    # « présomption réfragable » (étape 1 §2): once the CSA fixes the amount, the presumed 3 M€
    # is no longer owed; it stayed in the payments owed to the CCA before this
    on("2026-11-23")
    late = file_of("StreamFlix Europe", 2025)
    csa = login("csa")
    csa.post(reverse("contribution_presume", args=[late.pk]))
    presumed = Payment.objects.get(obligation=late, reason="presumed")
    payments_page = reverse("investments_payments", args=[late.editor_id])
    owed = format_money(presumed.amount, "fr")
    assert owed in html(login("cca").get(payments_page))
    login("csa").post(reverse("contribution_decide", args=[late.pk]), {
        "eligible_turnover": "11 471 500,00", "outcome": "fixed", "action": "record"})
    late.refresh_from_db()
    assert late.status == "fixed"
    assert not Payment.objects.filter(obligation=late, reason="presumed").exists()
    withdrawn = Payment.all_objects.get(pk=presumed.pk)
    assert withdrawn.withdrawn_on == dt.date(2026, 11, 23)
    assert "23/11/2026" in withdrawn.withdrawn_reason
    assert owed not in html(login("cca").get(payments_page))
    history = AuditEntry.objects.filter(object_id=str(presumed.pk), action="decision",
                                        new_value="presumed payment withdrawn")
    assert history.get().actor_label == "csa"
    assert AuditEntry.objects.filter(object_id=str(presumed.pk),
                                     field="withdrawn_on").exists()
    # paid already: it stays, to settle against the amount fixed, and the history says so
    payment = Payment.objects.create(obligation=late, reason="presumed",
                                     amount=Decimal("10.00"), paid_on=dt.date(2026, 3, 1),
                                     paid_amount=Decimal("10.00"))
    contribution_services._withdraw_presumed_payment(late, dt.date(2026, 11, 24))
    payment.refresh_from_db()
    assert payment.withdrawn_on is None
    assert decisions(late, "presumed payment paid, to settle").exists()


# -- roles on every POST-only URL -------------------------------------------------------------

def _post_urls():
    file = file_of("Télé Demo", 2026)
    line = file.declaration.lines.order_by("pk").first()
    question = Question.objects.create(obligation=file, text="?",
                                       asked_by=get_user_model().objects.get(username="csa"))
    return {"contribution_open_year": reverse("contribution_open_year"),
            "contribution_choice": reverse("contribution_choice", args=[file.pk]),
            "contribution_line_add": reverse("contribution_line_add", args=[file.pk]),
            "contribution_line_delete": reverse("contribution_line_delete", args=[line.pk]),
            "contribution_facts": reverse("contribution_facts", args=[file.pk]),
            "contribution_attachment_add": reverse("contribution_attachment_add", args=[file.pk]),
            "contribution_submit": reverse("contribution_submit", args=[file.pk]),
            "contribution_question_ask": reverse("contribution_question_ask", args=[file.pk]),
            "contribution_question_answer": reverse("contribution_question_answer", args=[question.pk]),
            "contribution_decide": reverse("contribution_decide", args=[file.pk]),
            "contribution_presume": reverse("contribution_presume", args=[file.pk])}


EDITOR_POSTS = {"contribution_open_year", "contribution_choice", "contribution_line_add", "contribution_line_delete",
                "contribution_facts", "contribution_attachment_add", "contribution_submit", "contribution_question_answer"}
CSA_POSTS = {"contribution_question_ask", "contribution_decide", "contribution_presume"}


@pytest.mark.parametrize("username", USERS)
def test_post_only_urls_per_role(client, demo, username):
    urls = _post_urls()
    assert set(urls) == POST_ONLY
    User = get_user_model()
    if username == "nobody":
        User.objects.get_or_create(username="nobody")
    if username != "anonymous":
        client.force_login(User.objects.get(username=username))
    for name, url in urls.items():
        get = client.get(url).status_code
        assert get == (302 if username == "anonymous" else 405), (name, get)
        if username == "anonymous":
            assert client.post(url).status_code == 302
            continue
        status = client.post(url, {}).status_code
        allowed = (name in EDITOR_POSTS and username == "tele.demo") or \
            (name == "contribution_open_year" and username in EDITORS) or \
            (name in CSA_POSTS and username == "csa")
        if allowed:  # 400: an empty form refused, back on its page with its errors
            assert status in (200, 302, 400), (name, username, status)
        else:
            assert status == 403, (name, username, status)


def test_file_page_in_english_with_the_engines_explanation(client, login, demo):
    file = file_of("StreamFlix Europe", 2025)
    c = login("csa")
    c.post(reverse("set_language"), {"language": "en"})
    page = html(c.get(reverse("contribution_file", args=[file.pk])))
    assert "Eligible turnover computed by the engine" in page
    assert "whole Brussels-Capital Region" in page and "€11,471,500.00" in page


def test_step1_demo_is_idempotent(demo):
    from montage.web.demo import load_demo

    counts = (ObligationYear.objects.count(), TurnoverLine.objects.count(),
              Question.objects.count(), ServiceYearFacts.objects.count(),
              TurnoverDeclaration.objects.count())
    load_demo()
    assert counts == (ObligationYear.objects.count(), TurnoverLine.objects.count(),
                      Question.objects.count(), ServiceYearFacts.objects.count(),
                      TurnoverDeclaration.objects.count())
    assert not TurnoverLine.objects.filter(
        declaration__obligation__editor__establishment="external", market="all").exists()
    assert set(TurnoverLine.objects.filter(
        declaration__obligation=file_of("StreamFlix Europe", 2025)).values_list(
        "market", flat=True)) == {"french_language_region", "brussels_total", "belgium_total"}
