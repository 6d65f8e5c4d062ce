"""Step 2 pages: the register with its floors and caps, CCA decisions, documents, independence,
spillover, smoothing, payments and the committee report — per view and per role."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from montage.web.contribution import services as contribution_services
from montage.web.investments import services as investments_services
from montage.web.contribution.models import Attachment, EditorProfile, ObligationYear
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment, Investment,
                                            Payment, SpilloverProof)
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry, Company, Organisation, Work
from tests.web.roles import USERS

pytestmark = pytest.mark.django_db
# Amounts print with babel's narrow no-break space and no-break space: compare with spaces.
SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def editor(name="Télé Demo"):
    return EditorProfile.objects.get(organisation__name=name)


def file(name="Télé Demo", year=2024):
    return ObligationYear.objects.get(editor=editor(name), year=year)


def brumes_2024():
    return Investment.objects.get(editor=editor(), obligation__year=2024, category="coproduction",
                                  work__title="Les Brumes de Meuse")


def decisions(investment):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Investment),
                                     object_id=str(investment.pk), action="decision")


def as_user(client, username):
    if username == "nobody":
        get_user_model().objects.get_or_create(username="nobody")
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# -- the register ---------------------------------------------------------------------------------

def test_register_shows_floors_caps_and_weights_from_the_engine(login, demo):
    page = login("cca").get(reverse("investments_register", args=[file().pk])).content.decode().translate(SPACES)
    result = contribution_services.evaluate_editor(editor()).year(2024)
    assert "Récapitulatif des investissements 2024 — Télé Demo" in page
    for text in ("au moins 35 % de l&#x27;obligation (§3.1)", "au plus 30 % de l&#x27;obligation (§3.2)",
                 "au moins 20 % en écriture et développement (§3.2)",
                 "Formation professionnelle : au plus 5 %", "comptés double (§3.3)",
                 "40 000,00 € × 2 = 80 000,00 €"):
        assert text in page, text
    assert "1 357 200,00 €" in page and "1 255 000,00 €" in page  # obligation, countable
    assert result.countable == D("1255000.00")
    assert 'id="rule-commission_development_share"' in page
    assert "Explication du moteur" in page
    # every investment of the year, the confidential one included for the CCA
    assert page.count('id="investment-') == Investment.objects.filter(obligation=file()).count()


def test_register_flags_an_investment_the_engine_refuses(login, demo):
    page = login("tele.demo").get(reverse("investments_register", args=[file(year=2025).pk])) \
        .content.decode().translate(SPACES)
    assert "pas un producteur indépendant européen" in page  # Boréal fails one test
    assert "annulé" in page


def test_editor_cannot_open_another_editors_register(login, demo):
    client = login("streamflix")
    assert client.get(reverse("investments_register", args=[file().pk])).status_code == 403
    assert client.get(reverse("investments_register", args=[999999])).status_code == 404


# -- adding and editing investments ---------------------------------------------------------

def _form(**values):
    data = {"category": "coproduction", "work": Work.objects.get(title="Les Veilleurs").pk,
            "producer": Company.objects.get(name="Boréal Productions").pk,
            "document": "commitment_letter", "document_date": "2025-11-02",
            "amount": "12345.67", "genre": "", "delegated_to": ""}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_editor_adds_an_investment_with_a_commitment_letter(login, demo):
    client = login("tele.demo")
    url = reverse("investments_investment_new", args=[file(year=2025).pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(fwb_initiative="on", confidential="on"))
    created = Investment.objects.get(amount=D("12345.67"))
    assert response.status_code == 302 and response.url == reverse("investments_investment",
                                                                    args=[created.pk])
    assert (created.editor, created.obligation.year, created.document) == \
        (editor(), 2025, "commitment_letter")
    assert created.fwb_initiative and created.confidential
    assert AuditEntry.objects.filter(object_id=str(created.pk), field="amount",
                                     new_value="12345.67").exists()
    page = client.get(response.url).content.decode().translate(SPACES)
    assert "Lettre d&#x27;engagement datée et signée (provisoire, §5)" in page
    assert "manquant" in page


def test_investment_form_refuses_a_genre_outside_commissions(login, demo):
    client = login("tele.demo")
    url = reverse("investments_investment_new", args=[file(year=2025).pk])
    response = client.post(url, _form(genre="game_show"))
    assert response.status_code == 200
    assert "ne s&#x27;applique qu&#x27;aux commandes" in response.content.decode().translate(SPACES)
    assert not Investment.objects.filter(amount=D("12345.67")).exists()


def test_reassignment_only_of_the_editors_own_unrealised_projects(login, demo):
    client = login("tele.demo")
    url = reverse("investments_investment_new", args=[file(year=2025).pk])
    unrealised = Investment.objects.get(editor=editor(), status="unrealised")
    response = client.post(url, _form(reassigned_from=unrealised.pk, amount="10001.00"))
    assert response.status_code == 302
    assert Investment.objects.get(amount=D("10001.00")).reassigned_from == unrealised
    active = brumes_2024()
    response = client.post(url, _form(reassigned_from=active.pk, amount="11000.00"))
    assert response.status_code == 200 and not Investment.objects.filter(
        amount=D("11000.00")).exists()
    rows = investments_services.unrealised_projects(editor(), contribution_services.evaluate_editor(editor()))
    assert rows[0]["left"] == D("19999.00")  # 80 000 − 50 000 (demo) − 10 001
    assert rows[0]["deadline"] == dt.date(2027, 2, 28)


@pytest.mark.parametrize("username", ["streamflix", "csa", "cca", "ardenne", "wallimage"])
def test_only_the_editor_adds_or_edits(client, demo, username):
    client = as_user(client, username)
    investment = brumes_2024()
    assert client.post(reverse("investments_investment_new", args=[file().pk]),
                       _form()).status_code == 403
    assert client.post(reverse("investments_investment_edit", args=[investment.pk]),
                       _form(amount="1.00")).status_code == 403
    investment.refresh_from_db()
    assert investment.amount == D("450000.00")


def test_editing_after_validation_asks_for_a_new_decision(login, demo):
    investment = brumes_2024()
    assert investments_services.investment_decision(investment)["state"] == "validated"
    client = login("tele.demo")
    data = _form(category="coproduction", work=investment.work_id,
                 producer=investment.producer_id, document="contract",
                 document_date="2024-03-20", amount="460000.00", fwb_initiative="on")
    assert client.post(reverse("investments_investment_edit", args=[investment.pk]),
                       data).status_code == 302
    assert investments_services.investment_decision(investment)["state"] == "changed"


# -- the CCA's decisions ------------------------------------------------------------------------

def test_cca_validates_and_refuses(login, demo, media):
    investment = Investment.objects.get(editor=editor(), obligation__year=2024,
                                        category="training")
    client = login("cca")
    url = reverse("investments_investment_decide", args=[investment.pk])
    # no document filed: the validation is refused, naming what is missing (issue 13)
    assert client.post(url, {"decision": "validated", "note": "OK"}).status_code == 303
    assert not decisions(investment).exists()
    for item in investments_services.step2_checklist(investment):
        investments_services.step2_add_document(
            investment, item["key"], SimpleUploadedFile(f"{item['key']}.pdf", b"%PDF"), "",
            False, get_user_model().objects.get(username="tele.demo"))
    assert client.post(url, {"decision": "validated", "note": "OK"}).status_code == 302
    entry = decisions(investment).filter(new_value__in=("validated", "refused")).first()
    assert (entry.new_value, entry.note, entry.actor_label) == ("validated", "OK", "cca")
    assert client.post(url, {"decision": "maybe"}).status_code == 400
    page = client.get(reverse("investments_register", args=[file().pk])).content.decode().translate(SPACES)
    assert page.count(">validé<") >= 3  # two demo validations and this one


@pytest.mark.parametrize("username", sorted(set(USERS) - {"cca"}))
def test_post_only_views_refuse_everyone_but_their_actor(client, demo, username, media):
    client = as_user(client, username)
    investment = brumes_2024()
    proof = SpilloverProof.objects.filter(investment=investment).first()
    horizon = editor("Vidéo Horizon")
    payment = Payment.objects.first()
    expected = 302 if username == "anonymous" else 403
    attachments = Attachment.objects.count()  # the demo's validated investments have theirs
    requests = [
        (reverse("investments_investment_decide", args=[investment.pk]), {"decision": "validated"}),
        (reverse("investments_spillover_missing", args=[proof.pk]), {}),
        (reverse("investments_payment_create", args=[horizon.pk]), {}),
        (reverse("investments_payment_update", args=[payment.pk]), {}),
        (reverse("investments_investment_status", args=[investment.pk]), {"status": "cancelled"}),
    ]
    if username != "tele.demo":
        requests.append((reverse("investments_file_investments", args=[file(year=2025).pk]), {}))
    if username != "tele.demo":
        requests.append((reverse("investments_document_upload", args=[investment.pk]), {
            "checklist_key": "synopsis", "file": SimpleUploadedFile("s.txt", b"x")}))
    for url, data in requests:
        assert client.post(url, data).status_code == expected, url
    assert not decisions(investment).filter(actor_label=username).exists()
    investment.refresh_from_db()
    assert investment.status == "active"
    assert Attachment.objects.count() == attachments
    assert file(year=2025).investments_filed_on is None


def test_post_only_views_refuse_get(login, demo):
    client = login("cca")
    assert client.get(reverse("investments_investment_decide",
                              args=[brumes_2024().pk])).status_code == 405


def test_cca_marks_an_investment_unrealised_then_cancelled(login, demo):
    investment = Investment.objects.get(editor=editor(), obligation__year=2024,
                                        category="dubbing_subtitling")
    client = login("cca")
    url = reverse("investments_investment_status", args=[investment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "unrealised", "justified_amount": "30000.00",
                                 "decision_date": "2024-08-19"})
    assert response.status_code == 200 and "dépasse le montant investi" in \
        response.content.decode().translate(SPACES)
    response = client.post(url, {"status": "unrealised", "justified_amount": "5000.00",
                                 "decision_date": "2024-08-19", "note": "tournage reporté"})
    assert response.status_code == 302
    investment.refresh_from_db()
    assert (investment.status, investment.justified_amount) == ("unrealised", D("5000.00"))
    assert decisions(investment).filter(new_value="status:unrealised",
                                        note__contains="2024-08-19").exists()
    row = next(r for r in investments_services.unrealised_projects(editor(), None)
               if r["investment"] == investment)
    assert (row["left"], row["deadline"]) == (D("20000.00"), dt.date(2027, 8, 19))
    client.post(url, {"status": "cancelled"})
    investment.refresh_from_db()
    assert investment.status == "cancelled"
    assert AuditEntry.objects.filter(object_id=str(investment.pk), field="status",
                                     new_value="cancelled").exists()


# -- documents ------------------------------------------------------------------------------------

def test_editor_uploads_checklist_documents_served_by_permission(client, login, demo, media):
    investment = Investment.objects.get(editor=editor(), obligation__year=2024,
                                        category="prepurchase")
    Attachment.objects.all().delete()  # the demo files the documents of what it validates
    editor_client = login("tele.demo")
    url = reverse("investments_document_upload", args=[investment.pk])
    for key, name, confidential in [("signed_contract", "contrat.pdf", False),
                                    ("synopsis", "synopsis.pdf", True)]:
        data = {"checklist_key": key, "file": SimpleUploadedFile(name, b"%PDF-1.4 demo"),
                "description": name}
        if confidential:
            data["confidential"] = "on"
        assert editor_client.post(url, data).status_code == 302
    assert editor_client.post(url, {"checklist_key": "nope",
                                    "file": SimpleUploadedFile("x.txt", b"x")}).status_code == 400
    public = Attachment.objects.get(checklist_key="signed_contract")
    secret = Attachment.objects.get(checklist_key="synopsis")
    page = editor_client.get(reverse("investments_investment", args=[investment.pk])).content.decode().translate(SPACES)
    assert "contrat.pdf" in page and "synopsis.pdf" in page and "manquant" in page
    for username, sees_public, sees_secret in [("tele.demo", 200, 200), ("cca", 200, 200),
                                               ("csa", 200, 200), ("canal.prod", 200, 403),
                                               ("ardenne", 403, 403), ("streamflix", 403, 403),
                                               ("wallimage", 403, 403)]:
        c = login(username)
        assert c.get(reverse("investments_document", args=[public.pk])).status_code == sees_public
        assert c.get(reverse("investments_document", args=[secret.pk])).status_code == sees_secret
    response = login("cca").get(reverse("investments_document", args=[public.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    producer_page = login("canal.prod").get(reverse("investments_investment", args=[investment.pk]))
    assert "synopsis.pdf" not in producer_page.content.decode().translate(SPACES)
    assert decisions(investment).filter(new_value="document_filed").count() == 2


def test_required_documents_follow_the_category(login, demo):
    training = Investment.objects.get(editor=editor(), obligation__year=2024,
                                      category="training")
    page = login("cca").get(reverse("investments_investment", args=[training.pk])).content.decode().translate(SPACES)
    assert "Contrat de formation signé" in page and "Court synopsis" not in page


# -- independence -------------------------------------------------------------------------------

def test_independence_shows_the_five_tests_and_the_failing_one(login, demo):
    boreal = Company.objects.get(name="Boréal Productions")
    page = login("tele.demo").get(reverse("investments_independence", args=[boreal.pk])) \
        .content.decode().translate(SPACES)
    assert "non indépendant" in page
    assert page.count('id="test-') == 6
    assert 'id="test-capital_held_by_editor"' in page and "25 %" in page


def test_editor_enters_independence_figures_and_csa_cannot(login, demo):
    canal = Company.objects.get(name="Productions du Canal")
    data = {"reference_year": "2024", "established_in_eu": "true",
            "separate_legal_personality": "true", "largest_share_in_an_editor": "0",
            "sh-TOTAL_FORMS": "1", "sh-INITIAL_FORMS": "0", "sh-MIN_NUM_FORMS": "0",
            "sh-MAX_NUM_FORMS": "1000", "sh-0-name": "Famille Benali", "sh-0-share": "1",
            "sh-0-share_in_an_editor": "0",
            "to-TOTAL_FORMS": "1", "to-INITIAL_FORMS": "0", "to-MIN_NUM_FORMS": "0",
            "to-MAX_NUM_FORMS": "1000", "to-0-year": "2024", "to-0-total": "1000000",
            "to-0-editor_name": "Télé Demo", "to-0-sales_to_editor": "950000"}
    url = reverse("investments_independence", args=[canal.pk])
    assert login("csa").post(url, data).status_code == 403
    assert login("canal.prod").post(url, data).status_code == 403
    response = login("tele.demo").post(url, data)
    assert response.status_code == 302
    assessment = IndependenceAssessment.objects.get(company=canal)
    assert assessment.shareholders.count() == 1 and assessment.turnover.count() == 1
    page = login("cca").get(url).content.decode().translate(SPACES)
    assert 'id="test-turnover_from_one_editor"' in page and "non indépendant" in page
    # the engine now refuses Canal's investments of 2024
    result = contribution_services.evaluate_editor(editor()).year(2024)
    assert any(c.name == "independent_producer" and not c.ok for c in result.checks)
    # a second assessment for the same year is a form error, not a database failure
    response = login("tele.demo").post(url, data)
    assert response.status_code == 200
    assert "déjà une évaluation pour cette année" in response.content.decode()
    assert IndependenceAssessment.objects.filter(company=canal).count() == 1


# -- spillover ------------------------------------------------------------------------------------

def test_spillover_counts_fwb_suppliers_and_excludes_eupen_and_ghent(login, demo):
    investment = brumes_2024()
    page = login("ardenne").get(reverse("investments_spillover", args=[investment.pk])) \
        .content.decode().translate(SPACES)
    assert "281 500,00 €" in page and "450 000,00 €" in page
    assert "20/03/2027" in page and "en cours" in page
    assert "région de langue allemande" in page and "(9000)" in page and "(4700)" in page
    assert "numéro de TVA du client" in page
    assert "plafond 7,00 %" in page and "plafond 10,00 %" in page
    result = investments_services.spillover_for(investment, as_of=dt.date(2026, 1, 1))
    assert (result.counted, result.status) == (D("281500.00"), "in_progress")


def test_producer_adds_spillover_evidence_and_cca_sets_missing_mentions(login, demo):
    investment = brumes_2024()
    ardenne = Organisation.objects.get(name="Ardenne Films")
    expense = Expense.objects.create(owner=ardenne, supplier=Company.objects.get(
        name="Lumière Liège"), work=investment.work, date=dt.date(2025, 9, 1), number="LL-77",
        amount_excl_vat=D("100000.00"))
    url = reverse("investments_spillover", args=[investment.pk])
    assert login("canal.prod").post(url, {"expense": expense.pk}).status_code == 403
    response = login("ardenne").post(url, {"expense": expense.pk, "amount": "90000.00"})
    assert response.status_code == 302
    proof = SpilloverProof.objects.get(expense=expense)
    assert proof.amount == D("90000.00")
    assert investments_services.spillover_for(investment).counted == D("371500.00")
    missing_url = reverse("investments_spillover_missing", args=[proof.pk])
    assert login("ardenne").post(missing_url, {f"p{proof.pk}-missing_fields": [
        "invoice_date"]}).status_code == 403
    assert login("cca").post(missing_url, {f"p{proof.pk}-missing_fields": [
        "invoice_date"]}).status_code == 302
    proof.refresh_from_db()
    assert proof.missing_fields == ["invoice_date"]
    assert investments_services.spillover_for(investment).counted == D("281500.00")
    assert AuditEntry.objects.filter(object_id=str(proof.pk), field="missing_fields").exists()


def test_producer_cannot_see_a_confidential_investment_nor_add_to_it(login, demo):
    secret = Investment.objects.get(editor=editor(), confidential=True)
    client = login("canal.prod")
    assert client.get(reverse("investments_investment", args=[secret.pk])).status_code == 403
    assert client.post(reverse("investments_spillover", args=[secret.pk]), {}).status_code == 403
    index = client.get(reverse("investments_index")).content.decode().translate(SPACES)
    assert "Quartier Nord" in index and "accessibilité" not in index


# -- smoothing and payments -----------------------------------------------------------------------

def test_smoothing_shows_open_amounts_their_last_year_and_the_payment_due(login, demo):
    page = login("csa").get(reverse("investments_smoothing", args=[editor("Vidéo Horizon").pk])) \
        .content.decode().translate(SPACES)
    assert "16 980,00 €" in page and "de 2024, au plus tard le 31/12/2026" in page
    assert "5 980,00 €" in page and "15/02/2027" in page
    assert "Fin du lissage du manquement 2024" in page
    surplus = login("cca").get(reverse("investments_smoothing", args=[editor("Canal Quartier").pk])) \
        .content.decode().translate(SPACES)
    assert "8 348,00 €" in surplus and "jusqu'au 31/12/2028" in surplus


def test_cca_records_the_letter_then_the_payment(login, demo):
    horizon = editor("Vidéo Horizon")
    rows = investments_services.payments_due(contribution_services.evaluate_editor(horizon))
    assert [(r["year"], r["reason"], r["amount"], r["origin"], r["due"]) for r in rows] == \
        [(2026, "shortfall", D("5980.00"), 2024, dt.date(2027, 2, 15))]
    client = login("cca")
    prefix = "new-2026-shortfall-2024"
    response = client.post(reverse("investments_payment_create", args=[horizon.pk]), {
        "prefix": prefix, f"{prefix}-year": "2024", f"{prefix}-reason": "shortfall",
        f"{prefix}-amount": "5980.00", f"{prefix}-letter_sent_on": "2027-01-15",
        f"{prefix}-due_on": "2027-02-15", f"{prefix}-communication": ""})
    assert response.status_code == 302
    payment = Payment.objects.get(obligation__editor=horizon)
    assert (payment.obligation.year, payment.amount, payment.due_on) == \
        (2024, D("5980.00"), dt.date(2027, 2, 15))
    url = reverse("investments_payment_update", args=[payment.pk])
    base = {f"pay{payment.pk}-letter_sent_on": "2027-01-15",
            f"pay{payment.pk}-due_on": "2027-02-15"}
    assert client.post(url, dict(base, **{f"pay{payment.pk}-paid_on": "2027-02-10"})) \
        .status_code == 400  # a date without the amount
    assert client.post(url, dict(base, **{f"pay{payment.pk}-paid_on": "2027-02-10",
                                          f"pay{payment.pk}-paid_amount": "5980.00"})) \
        .status_code == 302
    payment.refresh_from_db()
    assert (payment.paid_on, payment.paid_amount) == (dt.date(2027, 2, 10), D("5980.00"))
    assert AuditEntry.objects.filter(object_id=str(payment.pk), field="paid_amount").exists()
    page = client.get(reverse("investments_payments", args=[horizon.pk])).content.decode().translate(SPACES)
    assert "courrier envoyé le 15/01/2027" in page and "10/02/2027" in page


def test_editor_sees_what_it_owes_without_forms(login, demo):
    page = login("streamflix").get(reverse("investments_payments", args=[
        editor("StreamFlix Europe").pk])).content.decode().translate(SPACES)
    assert "242 500,00 €" in page and "15/02/2025" in page and "12/02/2025" in page
    assert "payment-form" not in page and "letter-form" not in page


# -- the committee report -------------------------------------------------------------------------

def test_committee_report_withholds_confidential_investments(login, demo):
    report = investments_services.committee_report(editor(), 2024, "fr")
    assert report["withheld"] == 1
    assert all(not Investment.objects.get(pk=i["id"]).confidential for i in report["investments"])
    assert "accessibility_cap" not in {v["name"] for v in report["verdicts"]}
    assert report["meeting"]["held_on"] == dt.date(2024, 12, 17)
    assert "detail" not in report["verdicts"][0]
    page = login("tele.demo").get(reverse("investments_committee", args=[file().pk])).content.decode().translate(SPACES)
    assert "accessibilité" not in page and '"num">20 000,00 €' not in page
    assert "1 investissement confidentiel non communiqué" in page
    assert "Le comité salue" in page


def test_cca_records_the_committee_meeting_csa_reads(login, demo):
    url = reverse("investments_committee", args=[file(year=2025).pk])
    data = {"held_on": "2025-12-16", "opinion": "Avis favorable."}
    assert login("csa").post(url, data).status_code == 403
    assert "meeting-form" not in login("csa").get(url).content.decode().translate(SPACES)
    assert login("cca").post(url, data).status_code == 302
    meeting = CommitteeMeeting.objects.get(editor=editor(), year=2025)
    assert meeting.opinion == "Avis favorable."
    assert AuditEntry.objects.filter(action="decision", new_value="committee_meeting").exists()


def test_pages_in_english(login, demo):
    client = login("cca")
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("investments_register", args=[file().pk])).content.decode().translate(SPACES)
    assert "Register of investments 2024 — Télé Demo" in page
    assert "€1,357,200.00" in page


def test_a_validated_file_locks_its_investments_in_the_pages(demo, login):
    from montage.web.contribution.models import ObligationYear
    from montage.web.investments.models import Investment
    file = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2024)
    file.status = ObligationYear.Status.VALIDATED
    file.save()
    client = login("tele.demo")
    before = Investment.objects.count()
    response = client.post(reverse("investments_investment_new", args=[file.pk]),
                           {"category": "training", "amount": "1000,00"}, follow=True)
    assert Investment.objects.count() == before
    assert "ne peuvent plus changer" in response.content.decode() or \
        "can no longer change" in response.content.decode()
    investment = file.investments.first()
    response = client.get(reverse("investments_investment_edit", args=[investment.pk]))
    assert response.status_code == 302
