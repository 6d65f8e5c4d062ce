"""The pages' operations over the JSON API: step 1 (editor filings, CSA questions and decision),
step 2 (CCA status, payments, committee, spillover, independence) and documents. Each: the
happy path, the refusals (403/404/409/422) and the audit trail under the caller's name."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from montage.web.api.contribution import routes as contribution_routes
from montage.web.api.auth import issue_token
from montage.web.contribution.models import (EditorProfile, ObligationYear, Question,
                                             TurnoverDeclaration, TurnoverLine)
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment, Investment,
                                            Payment, SpilloverProof)
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry, Company, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(username):
    """A client authenticated by token (no session, no CSRF), as a script would be."""
    user = get_user_model().objects.get(username=username)
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")


def post(client, url, body=None):
    return client.post(url, body if body is not None else {}, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def _file(editor, year):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def _entries(obj, **filters):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                     object_id=str(obj.pk), **filters)


def _fields(response):
    return [e["loc"][-1] for e in response.json()["detail"]]


@pytest.fixture
def on(monkeypatch):
    def set_day(text):
        monkeypatch.setattr(contribution_routes, "today", lambda: dt.date.fromisoformat(text))
    return set_day


# == step 1: the editor ==========================================================================

def test_editor_files_step1_from_opening_to_submission(demo, on):
    on("2027-01-10")
    tele = api("tele.demo")
    editor = EditorProfile.objects.get(organisation__name="Télé Demo")
    response = post(tele, "/api/obligations", {"editor": editor.pk, "year": 2027})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert post(tele, "/api/obligations", {"editor": editor.pk, "year": 2027}).status_code == 200
    assert post(tele, "/api/obligations", {"editor": editor.pk, "year": 2029}).status_code == 422

    # the choice: money as a string, a float refused naming the field
    refused = post(tele, f"/api/obligations/{pk}/choice",
                   {"form": "investments", "turnover_estimate": 55000000.5})
    assert refused.status_code == 422 and "turnover_estimate" in _fields(refused)
    response = post(tele, f"/api/obligations/{pk}/choice",
                    {"form": "investments", "turnover_estimate": "55000000.00"})
    assert response.status_code == 200, response.content
    assert response.json()["form"] == "investments"
    assert response.json()["turnover_estimate"] == "55000000.00"
    file = ObligationYear.objects.get(pk=pk)
    assert _entries(file, action="decision", new_value="choice_filed",
                    actor_label="tele.demo").exists()

    # lines: the page's rules (markets of a local editor, commissions, one line per key)
    service = editor.services.order_by("pk")[0]
    line = {"service": service.pk, "category": "advertising", "market": "all",
            "amount": "40000000.00", "agency_commissions": "1000000.00"}
    created = post(tele, f"/api/obligations/{pk}/turnover-lines", line)
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == "40000000.00"
    twin = post(tele, f"/api/obligations/{pk}/turnover-lines", line)
    assert twin.status_code == 422
    too_much = post(tele, f"/api/obligations/{pk}/turnover-lines",
                    {**line, "category": "sponsorship", "agency_commissions": "50000000.00"})
    assert too_much.status_code == 422 and "agency_commissions" in _fields(too_much)
    foreign = post(tele, f"/api/obligations/{pk}/turnover-lines",
                   {**line, "category": "sponsorship", "market": "belgium_total"})
    assert foreign.status_code == 422 and "market" in _fields(foreign)
    floats = post(tele, f"/api/obligations/{pk}/turnover-lines", {**line, "amount": 1.5})
    assert floats.status_code == 422 and "amount" in _fields(floats)
    other = post(tele, f"/api/obligations/{pk}/turnover-lines",
                 {**line, "category": "sponsorship", "amount": "4000000.00",
                  "agency_commissions": None, "confidential": True})
    assert other.status_code == 201 and other.json()["agency_commissions"] == "0.00"
    line_pk = created.json()["id"]
    changed = patch(tele, f"/api/turnover-lines/{line_pk}", {"amount": "41000000.00"})
    assert changed.status_code == 200 and changed.json()["amount"] == "41000000.00"
    assert _entries(TurnoverLine(pk=line_pk), field="amount", actor_label="tele.demo",
                    new_value="41000000.00").exists()
    assert tele.delete(f"/api/turnover-lines/{other.json()['id']}").status_code == 204
    assert _entries(file, new_value="turnover_line_deleted").exists()

    # the service figures: fractions as strings
    assert put(tele, f"/api/obligations/{pk}/service-facts",
               [{"service": service.pk, "audience_share": 0.05}]).status_code == 422
    outside = put(tele, f"/api/obligations/{pk}/service-facts",
                  [{"service": service.pk, "audience_share": "1.5"}])
    assert outside.status_code == 422
    saved = put(tele, f"/api/obligations/{pk}/service-facts",
                [{"service": service.pk, "audience_share": "0.05",
                  "audiovisual_works_share": "0.4"}])
    assert saved.status_code == 200, saved.content
    row = next(r for r in saved.json() if r["service"]["id"] == service.pk)
    assert Decimal(row["audience_share"]) == Decimal("0.05")
    assert tele.get(f"/api/obligations/{pk}/service-facts").json() == saved.json()

    # submission, then the lines are locked (409)
    submitted = post(tele, f"/api/obligations/{pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "declared"
    assert TurnoverDeclaration.objects.get(obligation_id=pk).status == "submitted"
    assert post(tele, f"/api/obligations/{pk}/submit").status_code == 409
    locked = post(tele, f"/api/obligations/{pk}/turnover-lines",
                  {**line, "category": "teleshopping"})
    assert locked.status_code == 409
    assert patch(tele, f"/api/turnover-lines/{line_pk}", {"amount": "1.00"}).status_code == 409
    assert tele.delete(f"/api/turnover-lines/{line_pk}").status_code == 409


def test_editor_refusals(demo, on):
    on("2026-11-23")
    tele, stream, csa = api("tele.demo"), api("streamflix"), api("csa")
    tele_2026, tele_2024 = _file("Télé Demo", 2026), _file("Télé Demo", 2024)
    body = {"form": "payment", "turnover_estimate": "1.00"}
    # the choice of 2026 was filed and its deadline has passed
    assert post(tele, f"/api/obligations/{tele_2026.pk}/choice", body).status_code == 409
    # the CSA decided on 2024: closed to the editor
    assert post(tele, f"/api/obligations/{tele_2024.pk}/choice", body).status_code == 409
    # someone else's file, a regulator, a missing file
    assert post(stream, f"/api/obligations/{tele_2026.pk}/choice", body).status_code == 403
    assert post(csa, f"/api/obligations/{tele_2026.pk}/choice", body).status_code == 403
    assert post(tele, "/api/obligations/999999/choice", body).status_code == 404
    assert tele.delete("/api/turnover-lines/999999").status_code == 404
    # a late choice can only be the payment
    quartier = api("quartier")
    file = _file("Canal Quartier", 2025)
    late = post(quartier, f"/api/obligations/{file.pk}/choice",
                {"form": "investments", "turnover_estimate": "450000.00"})
    assert late.status_code == 422 and _fields(late) == ["form"]
    # unknown fields are refused
    assert post(tele, f"/api/obligations/{tele_2026.pk}/turnover-lines",
                {"service": 1, "category": "advertising", "market": "all",
                 "amount": "1.00", "colour": "red"}).status_code == 422
    # a service of another editor
    other = put(tele, f"/api/obligations/{tele_2026.pk}/service-facts",
                [{"service": 999999}])
    assert other.status_code == 422 and other.json()["detail"][0]["loc"][-1] == "service"


def test_first_activity_day_moves_the_deadline_and_is_stored(demo, on):
    on("2027-06-20")
    quartier = api("quartier")
    editor = EditorProfile.objects.get(organisation__name="Canal Quartier")
    pk = post(quartier, "/api/obligations", {"editor": editor.pk, "year": 2027}).json()["id"]
    response = post(quartier, f"/api/obligations/{pk}/choice",
                    {"form": "investments", "turnover_estimate": "300000.00",
                     "first_activity_day": "2027-06-01"})
    assert response.status_code == 200, response.content
    editor.refresh_from_db()
    assert editor.first_activity_day == dt.date(2027, 6, 1)
    assert _entries(editor, field="first_activity_day", actor_label="quartier").exists()


# == step 1: questions and the CSA's decision ====================================================

def test_questions_and_answers(demo):
    csa, tele, cca = api("csa"), api("tele.demo"), api("cca")
    file = _file("Télé Demo", 2025)
    assert post(cca, f"/api/obligations/{file.pk}/questions", {"text": "?"}).status_code == 403
    assert post(tele, f"/api/obligations/{file.pk}/questions", {"text": "?"}).status_code == 403
    assert post(csa, f"/api/obligations/{file.pk}/questions", {"text": ""}).status_code == 422
    asked = post(csa, f"/api/obligations/{file.pk}/questions", {"text": "Les comptes ?"})
    assert asked.status_code == 201 and asked.json()["asked_by"] == "csa"
    assert _entries(file, new_value="question_asked", actor_label="csa").exists()
    pk = asked.json()["id"]
    assert post(csa, f"/api/questions/{pk}/answer", {"answer": "x"}).status_code == 403
    assert post(api("streamflix"), f"/api/questions/{pk}/answer",
                {"answer": "x"}).status_code == 403
    answered = post(tele, f"/api/questions/{pk}/answer", {"answer": "Les voici."})
    assert answered.status_code == 200 and answered.json()["answered_by"] == "tele.demo"
    assert _entries(file, new_value="question_answered", actor_label="tele.demo").exists()
    assert post(tele, f"/api/questions/{pk}/answer", {"answer": "encore"}).status_code == 409
    assert post(tele, "/api/questions/999999/answer", {"answer": "x"}).status_code == 404
    listed = tele.get(f"/api/obligations/{file.pk}/questions").json()
    assert any(q["id"] == pk and q["answer"] == "Les voici." for q in listed)


def test_csa_previews_and_decides(demo, on):
    on("2026-11-23")
    csa = api("csa")
    file = _file("StreamFlix Europe", 2025)
    preview = post(csa, f"/api/obligations/{file.pk}/decision/preview?lang=en",
                   {"eligible_turnover": "11471500.00"})
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert body["contribution"]["eligible_turnover"] == "11471500.00" and not body["exempt"]
    assert ObligationYear.objects.get(pk=file.pk).status == "declared"  # nothing recorded
    assert post(api("cca"), f"/api/obligations/{file.pk}/decision/preview",
                {"eligible_turnover": "1.00"}).status_code == 403

    # the same refusals as the page
    no_ground = post(csa, f"/api/obligations/{file.pk}/decision",
                     {"eligible_turnover": "11471500.00", "outcome": "exempt"})
    assert no_ground.status_code == 422 and "exemption_ground" in _fields(no_ground)
    wrong_ground = post(csa, f"/api/obligations/{file.pk}/decision",
                        {"eligible_turnover": "11471500.00", "outcome": "exempt",
                         "exemption_ground": "few_works"})
    assert wrong_ground.status_code == 422 and _fields(wrong_ground) == ["exemption_ground"]
    small = post(csa, f"/api/obligations/{file.pk}/decision",
                 {"eligible_turnover": "100000.00", "outcome": "fixed"})
    assert small.status_code == 422 and _fields(small) == ["outcome"]
    floats = post(csa, f"/api/obligations/{file.pk}/decision",
                  {"eligible_turnover": 11471500, "outcome": "fixed"})
    assert floats.status_code == 422 and "eligible_turnover" in _fields(floats)

    decided = post(csa, f"/api/obligations/{file.pk}/decision",
                   {"eligible_turnover": "11471500.00", "outcome": "fixed", "note": "vu"})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "fixed"
    assert decided.json()["amount"] == preview.json()["contribution"]["amount"]
    file.refresh_from_db()
    assert file.declaration.status == "accepted"
    entry = _entries(file, new_value="csa_decision_fixed").get()
    assert entry.actor_label == "csa" and entry.note.endswith("— vu")

    # exempt below the threshold, with the engine's ground
    exempt = post(csa, f"/api/obligations/{file.pk}/decision",
                  {"eligible_turnover": "100000.00", "outcome": "exempt",
                   "exemption_ground": "turnover_below_threshold"})
    assert exempt.status_code == 200, exempt.content
    assert exempt.json()["status"] == "exempt"
    assert exempt.json()["amount"] == "0.00"

    # once the CCA validated the file, step 1 is closed
    ObligationYear.objects.filter(pk=file.pk).update(status="validated")
    closed = post(csa, f"/api/obligations/{file.pk}/decision",
                  {"eligible_turnover": "11471500.00", "outcome": "fixed"})
    assert closed.status_code == 409


def test_presumption(demo, on):
    on("2026-11-23")
    csa = api("csa")
    late, in_time = _file("Canal Quartier", 2025), _file("Télé Demo", 2025)
    assert post(api("tele.demo"), f"/api/obligations/{late.pk}/presumption").status_code == 403
    assert post(csa, f"/api/obligations/{in_time.pk}/presumption").status_code == 409
    set_ = post(csa, f"/api/obligations/{late.pk}/presumption")
    assert set_.status_code == 201, set_.content
    assert set_.json()["reason"] == "presumed" and "." in set_.json()["amount"]
    assert _entries(late, new_value="presumed_payment_set", actor_label="csa").exists()
    assert post(csa, f"/api/obligations/{late.pk}/presumption").status_code == 409


# == documents ===================================================================================

def test_step1_document_upload_and_download(demo):
    tele = api("tele.demo")
    file = _file("Télé Demo", 2026)
    upload = SimpleUploadedFile("comptes.pdf", b"%PDF-1.4 comptes")
    response = tele.post(f"/api/obligations/{file.pk}/attachments",
                         {"kind": "accounts", "file": upload, "confidential": "true"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filename"].startswith("comptes") and body["confidential"]
    assert _entries(file, new_value="attachment_added", actor_label="tele.demo").exists()
    download = tele.get(f"/api/attachments/{body['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 comptes"
    assert api("csa").get(f"/api/attachments/{body['id']}").status_code == 200
    assert api("streamflix").get(f"/api/attachments/{body['id']}").status_code == 403
    assert api("ardenne").get(f"/api/attachments/{body['id']}").status_code == 403
    assert tele.get("/api/attachments/999999").status_code == 404
    assert [a["id"] for a in tele.get(f"/api/obligations/{file.pk}/attachments").json()] == [
        body["id"]]
    # a kind outside the list, no file, a file the CSA decided, the CSA uploading
    bad = tele.post(f"/api/obligations/{file.pk}/attachments",
                    {"kind": "photo", "file": SimpleUploadedFile("x.pdf", b"x")})
    assert bad.status_code == 422
    assert tele.post(f"/api/obligations/{file.pk}/attachments",
                     {"kind": "accounts"}).status_code == 422
    fixed = _file("Télé Demo", 2024)
    assert tele.post(f"/api/obligations/{fixed.pk}/attachments",
                     {"kind": "accounts", "file": SimpleUploadedFile("x.pdf", b"x")}
                     ).status_code == 409
    assert api("csa").post(f"/api/obligations/{file.pk}/attachments",
                           {"kind": "accounts", "file": SimpleUploadedFile("x.pdf", b"x")}
                           ).status_code == 403


def test_investment_documents_keep_confidential_ones_from_the_producer(demo):
    tele, ardenne = api("tele.demo"), api("ardenne")
    brumes = Investment.objects.filter(work__title="Les Brumes de Meuse",
                                       producer__name="Ardenne Films",
                                       obligation__year=2024).order_by("pk")[0]
    brumes.attachments.all().delete()  # the demo filed its documents before validating it
    public = tele.post(f"/api/investments/{brumes.pk}/attachments",
                       {"checklist_key": "signed_contract",
                        "file": SimpleUploadedFile("contrat.pdf", b"contrat")})
    assert public.status_code == 201, public.content
    secret = tele.post(f"/api/investments/{brumes.pk}/attachments",
                       {"checklist_key": "other", "confidential": "true",
                        "file": SimpleUploadedFile("budget.pdf", b"budget")})
    assert secret.status_code == 201
    assert _entries(brumes, new_value="document_filed", actor_label="tele.demo").count() == 2
    assert tele.post(f"/api/investments/{brumes.pk}/attachments",
                     {"checklist_key": "not_on_the_list",
                      "file": SimpleUploadedFile("x.pdf", b"x")}).status_code == 422
    assert ardenne.post(f"/api/investments/{brumes.pk}/attachments",
                        {"checklist_key": "other",
                         "file": SimpleUploadedFile("x.pdf", b"x")}).status_code == 403
    seen = [a["id"] for a in ardenne.get(f"/api/investments/{brumes.pk}/attachments").json()]
    assert seen == [public.json()["id"]]
    assert ardenne.get(f"/api/attachments/{public.json()['id']}").status_code == 200
    assert ardenne.get(f"/api/attachments/{secret.json()['id']}").status_code == 403
    assert api("cca").get(f"/api/attachments/{secret.json()['id']}").status_code == 200
    assert api("canal.prod").get(f"/api/attachments/{public.json()['id']}").status_code == 403


# == step 2 ======================================================================================

def test_cca_marks_an_investment_unrealised_and_the_editor_reassigns(demo):
    cca, tele = api("cca"), api("tele.demo")
    investment = Investment.objects.filter(obligation__year=2025, editor__organisation__name=
                                           "Télé Demo", category="coproduction",
                                           status="active").order_by("pk")[0]
    url = f"/api/investments/{investment.pk}/status"
    assert post(tele, url, {"status": "unrealised"}).status_code == 403
    too_much = post(cca, url, {"status": "unrealised", "justified_amount": "999999999.00",
                               "decision_date": "2025-03-01"})
    assert too_much.status_code == 422 and _fields(too_much) == ["justified_amount"]
    not_unrealised = post(cca, url, {"status": "cancelled", "justified_amount": "1.00"})
    assert not_unrealised.status_code == 422
    assert post(cca, url, {"status": "unrealised", "justified_amount": 10.0}).status_code == 422
    done = post(cca, url, {"status": "unrealised", "justified_amount": "10000.00",
                           "decision_date": "2025-03-01", "note": "tournage annulé"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "unrealised"
    assert done.json()["justified_amount"] == "10000.00"
    entry = _entries(investment, new_value="status:unrealised").get()
    assert entry.actor_label == "cca" and "tournage annulé" in entry.note
    assert post(cca, "/api/investments/999999/status", {"status": "active"}).status_code == 404

    # the editor links a new investment to it; an active one cannot be reassigned
    later = Investment.objects.filter(obligation__year=2025, editor=investment.editor,
                                      category="training").get()
    active = Investment.objects.filter(editor=investment.editor, status="active").exclude(
        pk=later.pk).first()
    refused = patch(tele, f"/api/investments/{later.pk}", {"reassigned_from": active.pk})
    assert refused.status_code == 422 and _fields(refused) == ["reassigned_from"]
    assert patch(tele, f"/api/investments/{later.pk}",
                 {"reassigned_from": later.pk}).status_code == 422
    linked = patch(tele, f"/api/investments/{later.pk}", {"reassigned_from": investment.pk})
    assert linked.status_code == 200 and linked.json()["reassigned_from"] == investment.pk


def test_payments(demo):
    cca, stream, tele = api("cca"), api("streamflix"), api("tele.demo")
    editor = EditorProfile.objects.get(organisation__name="StreamFlix Europe")
    owed = stream.get(f"/api/editors/{editor.pk}/payments")
    assert owed.status_code == 200
    body = owed.json()
    assert body["payments"][0]["amount"] == "242500.00"
    assert all(isinstance(row["amount"], str) for row in body["due"])
    assert tele.get(f"/api/editors/{editor.pk}/payments").status_code == 403
    assert cca.get("/api/editors/999999/payments").status_code == 404

    letter = {"year": 2025, "reason": "obligation", "amount": "120000.00",
              "letter_sent_on": "2026-01-15", "due_on": "2026-02-15",
              "communication": "+++090/9337/55493+++"}
    assert post(stream, f"/api/editors/{editor.pk}/payments", letter).status_code == 403
    assert post(api("csa"), f"/api/editors/{editor.pk}/payments", letter).status_code == 403
    assert post(cca, f"/api/editors/{editor.pk}/payments",
                {**letter, "amount": 120000}).status_code == 422
    no_file = post(cca, f"/api/editors/{editor.pk}/payments", {**letter, "year": 2031})
    assert no_file.status_code == 422 and _fields(no_file) == ["year"]
    created = post(cca, f"/api/editors/{editor.pk}/payments", letter)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["outstanding"] == "120000.00"
    assert _entries(Payment(pk=pk), action="created", actor_label="cca").exists()

    half = patch(cca, f"/api/payments/{pk}", {"paid_on": "2026-02-10"})
    assert half.status_code == 422
    paid = patch(cca, f"/api/payments/{pk}", {"paid_on": "2026-02-10",
                                               "paid_amount": "100000.00"})
    assert paid.status_code == 200, paid.content
    assert paid.json()["outstanding"] == "20000.00"
    assert paid.json()["communication"] == "+++090/9337/55493+++"  # not sent: unchanged
    assert _entries(Payment(pk=pk), field="paid_amount", actor_label="cca").exists()
    assert patch(stream, f"/api/payments/{pk}", {"paid_on": None}).status_code == 403
    assert patch(cca, "/api/payments/999999", {"paid_on": None}).status_code == 404


def test_committee_report_has_nothing_confidential_and_the_cca_records_the_meeting(demo):
    tele, cca = api("tele.demo"), api("cca")
    file = _file("Télé Demo", 2024)
    report = tele.get(f"/api/obligations/{file.pk}/committee-report")
    assert report.status_code == 200, report.content
    data = report.json()
    confidential = set(file.investments.filter(confidential=True).values_list("pk", flat=True))
    assert confidential and data["withheld"] == len(confidential)
    assert not confidential & {i["id"] for i in data["investments"]}
    assert all(isinstance(i["amount"], str) for i in data["investments"])
    assert api("ardenne").get(f"/api/obligations/{file.pk}/committee-report"
                              ).status_code == 403
    meeting = {"held_on": "2025-06-12", "opinion": "Avis favorable."}
    assert put(tele, f"/api/obligations/{file.pk}/committee-meeting", meeting).status_code == 403
    assert put(api("csa"), f"/api/obligations/{file.pk}/committee-meeting",
               meeting).status_code == 403
    saved = put(cca, f"/api/obligations/{file.pk}/committee-meeting", meeting)
    assert saved.status_code == 200 and saved.json()["held_on"] == "2025-06-12"
    record = CommitteeMeeting.objects.get(editor=file.editor, year=2024)
    assert _entries(record, new_value="committee_meeting", actor_label="cca").exists()
    assert tele.get(f"/api/obligations/{file.pk}/committee-report").json()["meeting"] == {
        "held_on": "2025-06-12", "opinion": "Avis favorable."}
    assert put(cca, f"/api/obligations/{file.pk}/committee-meeting",
               {"held_on": "12/06/2025"}).status_code == 422


def test_spillover_proofs(demo):
    tele, ardenne, cca = api("tele.demo"), api("ardenne"), api("cca")
    brumes = Investment.objects.filter(work__title="Les Brumes de Meuse",
                                       producer__name="Ardenne Films",
                                       obligation__year=2024).order_by("pk")[0]
    view = ardenne.get(f"/api/investments/{brumes.pk}/spillover")
    assert view.status_code == 200 and view.json()["assessment"]["status"]
    free = list(Expense.objects.filter(work=brumes.work).exclude(
        spillover_proofs__investment=brumes).order_by("pk"))
    url = f"/api/investments/{brumes.pk}/spillover-proofs"
    assert api("canal.prod").post(url, {"expense": free[0].pk},
                                  content_type="application/json").status_code == 403
    assert post(cca, url, {"expense": free[0].pk}).status_code == 403
    too_much = post(ardenne, url, {"expense": free[0].pk,
                                   "amount": str(free[0].amount_excl_vat + 1)})
    assert too_much.status_code == 422 and _fields(too_much) == ["amount"]
    shown = post(ardenne, url, {"expense": free[0].pk})
    assert shown.status_code == 201, shown.content
    assert shown.json()["amount"] == f"{free[0].amount_excl_vat:.2f}"
    assert _entries(SpilloverProof(pk=shown.json()["id"]), action="created",
                    actor_label="ardenne").exists()
    again = post(ardenne, url, {"expense": shown.json()["expense"]})
    assert again.status_code == 422 and _fields(again) == ["expense"]
    # the producer offers its own ledger only
    other_owner = Expense.objects.filter(work=brumes.work).exclude(
        spillover_proofs__investment=brumes).first()
    assert other_owner is not None
    Expense.objects.filter(pk=other_owner.pk).update(
        owner=Organisation.objects.get(name="Productions du Canal"))
    assert post(ardenne, url, {"expense": other_owner.pk}).status_code == 422
    assert post(tele, url, {"expense": other_owner.pk}).status_code == 201

    proof = shown.json()["id"]
    assert patch(ardenne, f"/api/spillover-proofs/{proof}",
                 {"missing_fields": []}).status_code == 403
    wrong = patch(cca, f"/api/spillover-proofs/{proof}", {"missing_fields": ["colour"]})
    assert wrong.status_code == 422 and _fields(wrong) == ["missing_fields"]
    ticked = patch(cca, f"/api/spillover-proofs/{proof}",
                   {"missing_fields": ["invoice_date", "supplier_vat_number"]})
    assert ticked.status_code == 200
    assert ticked.json()["missing_fields"] == ["invoice_date", "supplier_vat_number"]
    assert _entries(SpilloverProof(pk=proof), field="missing_fields",
                    actor_label="cca").exists()
    assert patch(cca, "/api/spillover-proofs/999999", {"missing_fields": []}).status_code == 404


def test_independence(demo):
    tele, cca, stream, ardenne = api("tele.demo"), api("cca"), api("streamflix"), api("ardenne")
    company = Company.objects.get(name="Ardenne Films")
    listed = ardenne.get(f"/api/producers/{company.pk}/independence")
    assert listed.status_code == 200 and listed.json()[0]["tests"]
    assert stream.get(f"/api/producers/{company.pk}/independence").status_code == 403
    assert api("wallimage").get(f"/api/producers/{company.pk}/independence").status_code == 403
    body = {"reference_year": 2019, "established_in_eu": True,
            "separate_legal_personality": True, "largest_share_in_an_editor": "0.05",
            "shareholders": [{"name": "Fondateurs", "share": "0.9"},
                             {"name": "Télé Demo", "share": "0.1", "is_editor": True}],
            "turnover": [{"year": 2017, "total": "1000000.00", "editor_name": "Télé Demo",
                          "sales_to_editor": "950000.00"}]}
    url = f"/api/producers/{company.pk}/independence"
    assert post(ardenne, url, body).status_code == 403   # the producer reads only
    assert post(stream, url, body).status_code == 403
    assert post(tele, url, {**body, "largest_share_in_an_editor": 0.05}).status_code == 422
    bad_row = post(tele, url, {**body, "shareholders": [{"name": "X", "share": "2"}]})
    assert bad_row.status_code == 422
    created = post(tele, url, body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["largest_share_in_an_editor"] == "0.050000"
    assert [h["name"] for h in data["shareholders"]] == ["Fondateurs", "Télé Demo"]
    assert data["independent"] is False  # 95 % of its turnover from one editor
    assert _entries(company, new_value="independence_figures", actor_label="tele.demo").exists()
    assert post(cca, url, body).status_code == 409
    replaced = put(cca, f"/api/independence/{data['id']}",
                   {**body, "shareholders": [{"name": "Fondateurs", "share": "1"}],
                    "turnover": []})
    assert replaced.status_code == 200, replaced.content
    assert [h["name"] for h in replaced.json()["shareholders"]] == ["Fondateurs"]
    assert replaced.json()["turnover"] == []
    assert IndependenceAssessment.objects.get(pk=data["id"]).shareholders.count() == 1
    assert put(ardenne, f"/api/independence/{data['id']}", body).status_code == 403
    assert put(cca, "/api/independence/999999", body).status_code == 404
    existing = IndependenceAssessment.objects.filter(company=company).exclude(
        pk=data["id"]).first()
    clash = put(cca, f"/api/independence/{data['id']}",
                {**body, "reference_year": existing.reference_year})
    assert clash.status_code == 409


def test_session_writes_need_csrf(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="csa"))
    file = _file("Télé Demo", 2025)
    response = client.post(f"/api/obligations/{file.pk}/questions", {"text": "?"},
                           content_type="application/json")
    assert response.status_code == 403
    assert not Question.objects.filter(obligation=file, text="?").exists()


def test_new_operations_are_in_the_openapi_document(demo):
    document = api("csa").get("/api/openapi.json").json()
    paths = document["paths"]
    for path, method in [("/api/obligations/{pk}/choice", "post"),
                         ("/api/turnover-lines/{pk}", "delete"),
                         ("/api/obligations/{pk}/decision", "post"),
                         ("/api/obligations/{pk}/attachments", "post"),
                         ("/api/attachments/{pk}", "get"),
                         ("/api/editors/{pk}/payments", "post"),
                         ("/api/producers/{pk}/independence", "post")]:
        assert method in paths[path], (method, path)
    upload = paths["/api/obligations/{pk}/attachments"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    amount = document["components"]["schemas"]["ChoiceIn"]["properties"]["turnover_estimate"]
    assert amount["type"] == "string"
    share = document["components"]["schemas"]["ServiceFactsIn"]["properties"]["audience_share"]
    assert "'type': 'number'" not in str(share) and "pattern" in str(share)



def test_openapi_document_has_no_duplicate_keys(demo):
    """Swagger UI refuses a document with a key twice (e.g. responses 200 and "200")."""
    import json

    def no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)
    json.loads(api("csa").get("/api/openapi.json").content, object_pairs_hook=no_duplicates)
    document = api("csa").get("/api/openapi.json").json()
    download = document["paths"]["/api/attachments/{pk}"]["get"]["responses"]["200"]
    assert "application/octet-stream" in download["content"]
