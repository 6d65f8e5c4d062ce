"""Decided fields (montage.web.permissions.DECIDED_FIELDS): who may write a field that is an
authority's decision, on every channel.

- The whole table × every role: `may_write_field` / `refuse_decided_fields` let exactly the
  entry's deciders through.
- Every entry through every route of its `via`: each other role is refused (403) and the field
  keeps its value; a decider succeeds and the field changes.
- The editor's own channels (API POST/PATCH, the step-2 pages, the workbook imports) refuse the
  CCA's fields, naming them; the security finding's exact scenario.
- The pages' forms never offer a role a decided field it may not write; the decision services
  refuse a writer who is not the decider.

Small records built here (no demo).
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from montage.web import permissions
from montage.web.api.contribution import routes as contribution_routes
from montage.web.api.api import api as ninja_api
from montage.web.api.auth import issue_token
from montage.web.contribution import services as contribution_services
from montage.web.investments import services as investments_services
from montage.web.registry.audit import acting_as
from montage.web.fund.models import CommitmentCancellation
from montage.web.contribution.models import EditorProfile, ObligationYear, Service
from montage.web.fund.models import Application, Call, Commitment, Decision, FundingLine, Tranche
from montage.web.investments.models import CommitteeMeeting, Investment, Payment, SpilloverProof
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry, Company, Membership, Organisation, Work
from montage.web.fund import services as fund_services

pytestmark = pytest.mark.django_db

ROLES = ["editor", "producer", "csa", "cca", "analyst", "board", "other_analyst", "nobody"]
DECIDER_USERS = {"csa": {"csa"}, "cca": {"cca"}, "fund_analyst": {"analyst"},
                 "fund_board": {"board"}}
ENTRIES = sorted(permissions.DECIDED_FIELDS)
D = Decimal


def entry_id(entry) -> str:
    return ".".join(entry)


def allowed_users(entry) -> set[str]:
    return set().union(*(DECIDER_USERS[d] for d in permissions.DECIDED_FIELDS[entry].deciders))


# -- the records --------------------------------------------------------------------------------

@dataclass
class World:
    users: dict
    editor: EditorProfile
    file: ObligationYear
    late: ObligationYear
    investment: Investment
    proof: SpilloverProof
    payment: Payment
    submitted: Application
    scored: Application
    accepted: Application
    commitment: Commitment
    extra: dict = field(default_factory=dict)

    @property
    def tranche(self) -> Tranche:
        return self.commitment.tranches.get(number=1)


@pytest.fixture
def w(db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    from montage.web.contribution import views as step1_views

    for module in (contribution_routes, step1_views):  # the presumption applies to the 2024 file
        monkeypatch.setattr(module, "today", lambda: dt.date(2026, 11, 23))
    company = Company.objects.create(name="Ardenne Essai", registered_postal_code="4000")
    org = {kind: Organisation.objects.create(kind=kind, name=f"{kind} essai")
           for kind in ("editor", "csa", "cca", "fund")}
    org["producer"] = Organisation.objects.create(kind="producer", name="Ardenne Essai",
                                                  company=company)
    org["other_fund"] = Organisation.objects.create(kind="fund", name="autre fonds")
    users = {}
    for name, kind, role in [("editor", "editor", "editor_officer"),
                             ("producer", "producer", "producer_manager"),
                             ("csa", "csa", "csa_analyst"), ("cca", "cca", "cca_analyst"),
                             ("analyst", "fund", "fund_analyst"), ("board", "fund", "fund_board"),
                             ("other_analyst", "other_fund", "fund_analyst")]:
        users[name] = get_user_model().objects.create_user(name)
        Membership.objects.create(user=users[name], organisation=org[kind], role=role)
    users["nobody"] = get_user_model().objects.create_user("nobody")
    editor = EditorProfile.objects.create(organisation=org["editor"], establishment="local")
    Service.objects.create(editor=editor, name="Essai TV", kind="linear")
    work = Work.objects.create(title="Les Brumes d'essai", work_type="feature",
                               initiative="belgium", producer=company)
    file = ObligationYear.objects.create(editor=editor, year=2025, form="investments",
                                         status="declared", turnover_estimate=D("5000000.00"),
                                         choice_filed_on=dt.date(2025, 2, 1))
    late = ObligationYear.objects.create(editor=editor, year=2024)
    investment = Investment.objects.create(
        editor=editor, obligation=file, work=work, category="coproduction", producer=company,
        fwb_initiative=True, document_date=dt.date(2025, 1, 15), amount=D("100000.00"))
    expense = Expense.objects.create(owner=org["producer"], kind="invoice", supplier=company,
                                     work=work, date=dt.date(2025, 2, 1), number="F-1",
                                     amount_excl_vat=D("1000.00"))
    proof = SpilloverProof.objects.create(investment=investment, expense=expense,
                                          amount=D("1000.00"))
    payment = Payment.objects.create(obligation=file, reason="obligation", amount=D("1000.00"))
    line = FundingLine.objects.create(organisation=org["fund"], name="Formats TV",
                                      kind="tv_format")
    call = Call.objects.create(funding_line=line, title="Appel d'essai",
                               opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 12, 31),
                               envelope=D("100000.00"))

    def application(title, status):
        return Application.objects.create(
            call=call, work=Work.objects.create(title=title, work_type="format",
                                                initiative="belgium"),
            applicant=company, submitted_on=dt.date(2025, 3, 1),
            amount_requested=D("10000.00"), walloon_spend_committed=D("20000.00"),
            status=status)
    submitted, scored = application("Pilote soumis", "submitted"), application("Évalué", "scored")
    accepted, committed = application("Accepté", "accepted"), application("Engagé", "accepted")
    for app in (accepted, committed):
        Decision.objects.create(application=app, outcome="accepted",
                                accepted_amount=D("10000.00"), decided_on=dt.date(2025, 4, 1))
    commitment = fund_services.sign_commitment(committed, D("10000.00"), D("20000.00"), dt.date(2025, 4, 15))
    return World(users, editor, file, late, investment, proof, payment, submitted, scored,
                 accepted, commitment)


def api(user) -> Client:
    """A script's client: Bearer token, no session."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method, url, body=None):
    return getattr(client, method)(url, body if body is not None else {},
                                   content_type="application/json")


# -- every route of the table, as its decider calls it ------------------------------------------

@dataclass
class Route:
    call: Callable          # (user, world) -> response
    ok: int                 # the decider's status
    subjects: dict          # model name -> (world) -> the record whose field is read (or None)


def _newest_payment(w):
    return Payment.objects.order_by("-pk").first()


def _latest_decision(w):
    return w.scored.decisions.order_by("-pk").first()


DECIDE_FIXED = {"eligible_turnover": "5000000.00", "outcome": "fixed"}
DECIDE_EXEMPT = {"eligible_turnover": "100.00", "outcome": "exempt",
                 "exemption_ground": "turnover_below_threshold"}
STATUS = {"status": "unrealised", "justified_amount": "1000.00", "decision_date": "2025-03-01"}
NEW_PAYMENT = {"year": 2025, "reason": "shortfall", "amount": "500.00",
               "letter_sent_on": "2025-06-01", "due_on": "2025-07-01",
               "communication": "+++090/9337/55493+++"}
PAYMENT_CHANGE = {"letter_sent_on": "2025-06-02", "due_on": "2025-07-02",
                  "paid_on": "2025-07-01", "paid_amount": "1000.00",
                  "communication": "+++090/9337/55494+++"}
MEETING = {"held_on": "2025-06-01", "opinion": "favourable"}


def _decision_body(field):
    return DECIDE_EXEMPT if field == "exemption_ground" else DECIDE_FIXED


ROUTES = {
    "POST /api/obligations/{id}/decision": Route(
        lambda u, w, f: send(api(u), "post", f"/api/obligations/{w.file.pk}/decision",
                             _decision_body(f)), 200, {"ObligationYear": lambda w: w.file}),
    "contribution_decide": Route(
        lambda u, w, f: page(u).post(reverse("contribution_decide", args=[w.file.pk]),
                                     {"exemption_ground": "", "note": "", **_decision_body(f)}),
        302, {"ObligationYear": lambda w: w.file}),
    "POST /api/obligations/{id}/presumption": Route(
        lambda u, w, f: send(api(u), "post", f"/api/obligations/{w.late.pk}/presumption"),
        201, {"Payment": _newest_payment}),
    "contribution_presume": Route(
        lambda u, w, f: page(u).post(reverse("contribution_presume", args=[w.late.pk])),
        302, {"Payment": _newest_payment}),
    "POST /api/investments/{id}/status": Route(
        lambda u, w, f: send(api(u), "post", f"/api/investments/{w.investment.pk}/status",
                             STATUS), 200, {"Investment": lambda w: w.investment}),
    "investments_investment_status": Route(
        lambda u, w, f: page(u).post(reverse("investments_investment_status",
                                             args=[w.investment.pk]), {**STATUS, "note": ""}),
        302, {"Investment": lambda w: w.investment}),
    "PATCH /api/spillover-proofs/{id}": Route(
        lambda u, w, f: send(api(u), "patch", f"/api/spillover-proofs/{w.proof.pk}",
                             {"missing_fields": ["client_vat_number"]}),
        200, {"SpilloverProof": lambda w: w.proof}),
    "investments_spillover_missing": Route(
        lambda u, w, f: page(u).post(reverse("investments_spillover_missing", args=[w.proof.pk]),
                                     {f"p{w.proof.pk}-missing_fields": "client_vat_number"}),
        302, {"SpilloverProof": lambda w: w.proof}),
    "POST /api/editors/{id}/payments": Route(
        lambda u, w, f: send(api(u), "post", f"/api/editors/{w.editor.pk}/payments",
                             NEW_PAYMENT), 201, {"Payment": _newest_payment}),
    "investments_payment_create": Route(
        lambda u, w, f: page(u).post(reverse("investments_payment_create", args=[w.editor.pk]),
                                     NEW_PAYMENT), 302, {"Payment": _newest_payment}),
    "PATCH /api/payments/{id}": Route(
        lambda u, w, f: send(api(u), "patch", f"/api/payments/{w.payment.pk}", PAYMENT_CHANGE),
        200, {"Payment": lambda w: w.payment}),
    "investments_payment_update": Route(
        lambda u, w, f: page(u).post(reverse("investments_payment_update", args=[w.payment.pk]),
                                     {f"pay{w.payment.pk}-{k}": v
                                      for k, v in PAYMENT_CHANGE.items()}),
        302, {"Payment": lambda w: w.payment}),
    "PUT /api/obligations/{id}/committee-meeting": Route(
        lambda u, w, f: send(api(u), "put", f"/api/obligations/{w.file.pk}/committee-meeting",
                             MEETING), 200,
        {"CommitteeMeeting": lambda w: CommitteeMeeting.objects.filter(editor=w.editor).first()}),
    "investments_committee": Route(
        lambda u, w, f: page(u).post(reverse("investments_committee", args=[w.file.pk]), MEETING),
        302,
        {"CommitteeMeeting": lambda w: CommitteeMeeting.objects.filter(editor=w.editor).first()}),
    "fund_application_score": Route(
        lambda u, w, f: page(u).post(reverse("fund_application_score", args=[w.submitted.pk]),
                                     {"score": "7.5", "score_comment": "solide",
                                      "proposal": "accept", "proposed_amount": "10000.00"}),
        302, {"Application": lambda w: w.submitted}),
    "fund_application_decide": Route(
        lambda u, w, f: page(u).post(reverse("fund_application_decide", args=[w.scored.pk]),
                                     {"outcome": "accepted", "accepted_amount": "10000.00",
                                      "decided_on": "2025-05-01", "note": "accordé"}),
        302, {"Application": lambda w: w.scored, "Decision": _latest_decision}),
    "fund_commitment_new": Route(
        lambda u, w, f: page(u).post(reverse("fund_commitment_new", args=[w.accepted.pk]),
                                     {"amount": "10000.00", "walloon_spend_committed": "20000.00",
                                      "signed_on": "2025-05-10"}),
        302, {"Commitment": lambda w: Commitment.objects.filter(application=w.accepted).first()}),
    "fund_commitment_spend": Route(
        lambda u, w, f: page(u).post(reverse("fund_commitment_spend", args=[w.commitment.pk]),
                                     {"verified_spend": "5000.00",
                                      "verified_spend_source": "rapport de coûts"}),
        302, {"Commitment": lambda w: w.commitment}),
    "fund_tranche_release": Route(
        lambda u, w, f: page(u).post(reverse("fund_tranche_release", args=[w.tranche.pk]),
                                     {"released_on": "2025-06-01"}),
        302, {"Tranche": lambda w: w.tranche}),
    "fund_commitment_cancel": Route(
        lambda u, w, f: page(u).post(reverse("fund_commitment_cancel", args=[w.commitment.pk]),
                                     {"cancelled_on": "2025-07-01", "reason": "abandon",
                                      "released_to_envelope": "10000.00"}),
        302, {"CommitmentCancellation": lambda w: CommitmentCancellation.objects.filter(
            commitment=w.commitment).first()}),
}


def _value(subject, name):
    if subject is None:
        return None
    subject.refresh_from_db()
    return getattr(subject, name)


CASES = [(entry, route) for entry in ENTRIES for route in permissions.DECIDED_FIELDS[entry].via]


@pytest.mark.parametrize("entry,route", CASES, ids=[f"{entry_id(e)}-{r}" for e, r in CASES])
def test_every_decided_field_through_every_route(w, entry, route):
    """Each other role is refused and the field keeps its value; a decider succeeds through the
    route (a route only some deciders use: one of them) and the field changes."""
    model, name = entry
    writer = ROUTES[route]
    subject = writer.subjects[model]
    allowed = allowed_users(entry)
    for role in ROLES:
        if role in allowed:
            continue
        before = _value(subject(w), name)
        response = writer.call(w.users[role], w, name)
        assert response.status_code == 403, (role, response.status_code)
        assert _value(subject(w), name) == before, role
    succeeded = []
    for role in sorted(allowed):
        before = _value(subject(w), name)
        response = writer.call(w.users[role], w, name)
        if response.status_code == 403:
            continue  # a decider of the field who does not use this route
        assert response.status_code == writer.ok, (role, response.content[:500])
        assert _value(subject(w), name) != before, role
        succeeded.append(role)
        break
    assert succeeded, f"no decider of {entry_id(entry)} could write it through {route}"


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
@pytest.mark.parametrize("role", ROLES)
def test_the_table_lets_exactly_the_deciders_write(w, entry, role):
    model, name = entry
    records = {"ObligationYear": w.file, "Investment": w.investment, "SpilloverProof": w.proof,
               "Payment": w.payment, "CommitteeMeeting": CommitteeMeeting(editor=w.editor,
                                                                          year=2025),
               "Application": w.submitted, "Decision": w.accepted.decisions.get(),
               "Commitment": w.commitment, "Tranche": w.tranche,
               "CommitmentCancellation": CommitmentCancellation(commitment=w.commitment)}
    record = records[model]
    user = w.users[role]
    expected = role in allowed_users(entry)
    assert permissions.may_write_field(user, record, name) is expected
    if expected:
        permissions.refuse_decided_fields(user, record, [name, "not_a_decided_field"])
    else:
        with pytest.raises(permissions.DecidedFieldRefused) as refused:
            permissions.refuse_decided_fields(user, record, ["not_a_decided_field", name])
        assert refused.value.field == name and name in refused.value.message
    # without a record (a model): an analyst of any fund is one of "the fund's analysts"
    by_model = permissions.may_write_field(user, type(record), name)
    assert by_model is (expected or (role == "other_analyst" and "fund_analyst" in
                                     permissions.DECIDED_FIELDS[entry].deciders))


def test_every_route_of_the_table_exists_and_is_tested():
    routes = {r for entry in permissions.DECIDED_FIELDS.values() for r in entry.via}
    assert routes == set(ROUTES)
    pages = get_resolver().reverse_dict
    paths = ninja_api.get_openapi_schema()["paths"]
    operations_ = {(method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
                   for path, methods in paths.items() for method in methods}
    for route in routes:
        if " " in route:
            method, path = route.split(" ")
            assert (method, re.sub(r"\{[^}]+\}", "{}", path)) in operations_, route
        else:
            assert route in pages, route
    for key, entry in permissions.DECIDED_FIELDS.items():
        assert entry.deciders and set(entry.deciders) <= set(permissions.DECIDERS), key


# -- the finding: an editor undoing the CCA's decision ------------------------------------------

def _session_with_csrf(user) -> tuple[Client, dict]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page_ = client.get("/api/docs")
    token = page_.content.decode().split('data-csrf-token="')[1].split('"')[0]
    return client, {"HTTP_X_CSRFTOKEN": token}


def _editor_client(w, how):
    if how == "token":
        return api(w.users["editor"]), {}
    return _session_with_csrf(w.users["editor"])


def _history(investment, **filters):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Investment),
                                     object_id=str(investment.pk), **filters)


@pytest.mark.parametrize("how", ["token", "session"])
def test_the_editor_cannot_reactivate_what_the_cca_cancelled(w, how):
    pk = w.investment.pk
    cancelled = send(api(w.users["cca"]), "post", f"/api/investments/{pk}/status",
                     {"status": "cancelled"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    client, headers = _editor_client(w, how)
    undo = client.patch(f"/api/investments/{pk}", {"status": "active"},
                        content_type="application/json", **headers)
    assert undo.status_code == 403, undo.content
    assert "status" in undo.json()["detail"]
    w.investment.refresh_from_db()
    assert w.investment.status == "cancelled"
    assert not _history(w.investment, action="changed", field="status",
                        new_value="active").exists()
    # the editor's own fields still change in the same request shape
    own = client.patch(f"/api/investments/{pk}", {"amount": "90000.00"},
                       content_type="application/json", **headers)
    assert own.status_code == 200, own.content
    # sending the decided value unchanged is not a write of it
    same = client.patch(f"/api/investments/{pk}", {"status": "cancelled"},
                        content_type="application/json", **headers)
    assert same.status_code == 200, same.content


@pytest.mark.parametrize("body", [
    {"status": "unrealised", "justified_amount": "1000.00", "decision_date": "2025-03-01"},
    {"status": "unrealised"}, {"status": "cancelled"}, {"justified_amount": "1000.00"},
    {"decision_date": "2025-03-01"}], ids=lambda body: "+".join(body))
def test_the_editor_cannot_patch_the_ccas_fields(w, body):
    before = Investment.objects.filter(pk=w.investment.pk).values().get()
    response = send(api(w.users["editor"]), "patch", f"/api/investments/{w.investment.pk}",
                    body)
    assert response.status_code == 403, response.content
    assert any(name in response.json()["detail"] for name in body)
    assert Investment.objects.filter(pk=w.investment.pk).values().get() == before


@pytest.mark.parametrize("extra", [
    {"status": "cancelled"}, {"status": "unrealised"}, {"justified_amount": "0.00"},
    {"decision_date": "2025-03-01"}], ids=lambda extra: "+".join(extra))
def test_the_editor_cannot_create_a_decided_investment(w, extra):
    body = {"obligation": w.file.pk, "category": "training", "amount": "1500.00"}
    count = Investment.objects.count()
    response = send(api(w.users["editor"]), "post", "/api/investments", {**body, **extra})
    assert response.status_code == 403, response.content
    assert next(iter(extra)) in response.json()["detail"]
    assert Investment.objects.count() == count
    for allowed in ({}, {"status": "active"}):  # a new investment is active
        created = send(api(w.users["editor"]), "post", "/api/investments", {**body, **allowed})
        assert created.status_code == 201, created.content
        assert created.json()["status"] == "active"


def _edit_form(w):
    i = w.investment
    return {"category": i.category, "work": i.work_id, "producer": i.producer_id,
            "fwb_initiative": "on", "document": i.document,
            "document_date": i.document_date.isoformat(), "amount": "100000.00", "genre": "",
            "delegated_to": "", "reassigned_from": ""}


@pytest.mark.parametrize("forged", [{"status": "cancelled"}, {"justified_amount": "10.00"},
                                    {"decision_date": "2025-03-01"}], ids=lambda f: "+".join(f))
def test_the_editors_pages_refuse_a_forged_post_of_the_ccas_fields(w, forged):
    client = page(w.users["editor"])
    before = Investment.objects.filter(pk=w.investment.pk).values().get()
    count = Investment.objects.count()
    edit = client.post(reverse("investments_investment_edit", args=[w.investment.pk]),
                       {**_edit_form(w), "amount": "99000.00", **forged})
    assert edit.status_code == 403
    new = client.post(reverse("investments_investment_new", args=[w.file.pk]),
                      {**_edit_form(w), "category": "training", "work": "", **forged})
    assert new.status_code == 403
    assert Investment.objects.filter(pk=w.investment.pk).values().get() == before
    assert Investment.objects.count() == count
    honest = client.post(reverse("investments_investment_edit", args=[w.investment.pk]),
                         {**_edit_form(w), "amount": "99000.00"})
    assert honest.status_code == 302
    w.investment.refresh_from_db()
    assert w.investment.amount == D("99000.00") and w.investment.status == "active"


# -- the workbook imports -----------------------------------------------------------------------

def _export(client, name, file):
    from openpyxl import load_workbook

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(name, args=[file.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _import(client, file, document, book):
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("book.xlsx", buffer.getvalue(),
                                content_type="application/octet-stream")
    return client.post(reverse("annexes_documents", args=[file.pk]),
                       {"document": document, "file": upload})


def _cell(sheet, first_header, header, match):
    head = next(i for i, r in enumerate(sheet.iter_rows(values_only=True), 1)
                if r[0] == first_header)
    column = [c.value for c in sheet[head]].index(header) + 1
    row = next(r for r in range(head + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == match)
    return sheet.cell(row, column)


def test_the_recap_import_refuses_a_status_the_cca_did_not_decide(w):
    cca = send(api(w.users["cca"]), "post", f"/api/investments/{w.investment.pk}/status",
               {"status": "cancelled"})
    assert cca.status_code == 200
    client = page(w.users["editor"])
    book = _export(client, "annexes_recap_invest", w.file)
    assert _import(client, w.file, "recap_invest", book).status_code == 200  # unchanged: fine
    _cell(book["Récapitulatif Invest"], "Montage ref.", "Status", w.investment.pk).value = \
        "Active"
    response = _import(client, w.file, "recap_invest", book)
    assert response.status_code == 400
    assert any("(status)" in e and "status" in e.split(":", 1)[1]
               for e in response.context["errors"]), response.context["errors"]
    w.investment.refresh_from_db()
    assert w.investment.status == "cancelled"


def test_the_recap_import_creates_only_active_investments(w):
    client = page(w.users["editor"])
    book = _export(client, "annexes_recap_invest", w.file)
    sheet = book["Récapitulatif Invest"]
    total = _cell(sheet, "Montage ref.", "Montage ref.", "Total").row
    sheet.insert_rows(total)
    for col, value in enumerate([None, None, "Professional training", None, "no", "Contract",
                                 "15/10/2025", Decimal("1234.00"), "Unrealised", "no"], 1):
        sheet.cell(total, col).value = value
    count = Investment.objects.count()
    response = _import(client, w.file, "recap_invest", book)
    assert response.status_code == 400, response.context["result"]
    assert Investment.objects.count() == count
    sheet.cell(total, 9).value = "Active"
    assert _import(client, w.file, "recap_invest", book).status_code == 200
    assert Investment.objects.count() == count + 1


def test_the_proofs_import_refuses_the_mentions_the_cca_decides(w):
    client = page(w.users["editor"])
    book = _export(client, "annexes_preuves_invest", w.file)
    _cell(book["Liste Preuves Invest"], "Investment ref.", "Mandatory mentions missing",
          w.investment.pk).value = "client_vat_number"
    response = _import(client, w.file, "preuves_invest", book)
    assert response.status_code == 400
    assert any("missing_fields" in e for e in response.context["errors"])
    w.proof.refresh_from_db()
    assert w.proof.missing_fields == []
    # the CCA ticks a mention; the editor's unchanged re-import keeps it, clearing it is refused
    send(api(w.users["cca"]), "patch", f"/api/spillover-proofs/{w.proof.pk}",
         {"missing_fields": ["client_vat_number"]})
    book = _export(client, "annexes_preuves_invest", w.file)
    assert _import(client, w.file, "preuves_invest", book).status_code == 200
    _cell(book["Liste Preuves Invest"], "Investment ref.", "Mandatory mentions missing",
          w.investment.pk).value = None
    assert _import(client, w.file, "preuves_invest", book).status_code == 400
    w.proof.refresh_from_db()
    assert w.proof.missing_fields == ["client_vat_number"]


# -- forms and services -------------------------------------------------------------------------

def _forms():
    from montage.web.fund import forms as fund
    from montage.web.contribution import forms as step1
    from montage.web.investments import forms as step2

    return [(step2.InvestmentForm, Investment, "editor"), (step1.ChoiceForm, ObligationYear,
                                                            "editor"),
            (step2.SpilloverProofForm, SpilloverProof, "editor"),
            (step1.DecisionForm, ObligationYear, "csa"), (step2.StatusForm, Investment, "cca"),
            (step2.MissingFieldsForm, SpilloverProof, "cca"),
            (step2.PaymentCreateForm, Payment, "cca"), (step2.PaymentUpdateForm, Payment, "cca"),
            (step2.CommitteeForm, CommitteeMeeting, "cca"),
            (fund.ApplicationForm, Application, "analyst"),
            (fund.ScoreForm, Application, "analyst"), (fund.DecisionForm, Decision, "board"),
            (fund.CommitmentForm, Commitment, "analyst"),
            (fund.VerifiedSpendForm, Commitment, "analyst"),
            (fund.ReleaseForm, Tranche, "analyst"),
            (fund.CancellationForm, CommitmentCancellation, "analyst")]


def test_the_pages_forms_offer_a_decided_field_only_to_its_decider(w):
    for form, model, role in _forms():
        for name in form.base_fields:
            assert permissions.may_write_field(w.users[role], model, name), (form, name)
    editor_form = _forms()[0][0]
    assert not set(editor_form.base_fields) & set(permissions.decided_fields(Investment))


def test_the_decision_services_refuse_a_writer_who_does_not_decide(w):
    from montage.web.investments import forms as step2

    form = step2.StatusForm({"status": "cancelled", "note": ""}, instance=w.investment)
    assert form.is_valid()
    with acting_as(w.users["editor"]), pytest.raises(permissions.DecidedFieldRefused):
        investments_services.step2_set_status(w.investment, form)
    assert Investment.objects.get(pk=w.investment.pk).status == "active"
    with acting_as(w.users["cca"]), pytest.raises(permissions.DecidedFieldRefused):
        contribution_services.step1_decide(w.file, D("5000000.00"), "fixed", "", "", dt.date(2025, 9, 1))
    assert ObligationYear.objects.get(pk=w.file.pk).eligible_turnover is None
    meeting = step2.CommitteeForm(MEETING, instance=CommitteeMeeting(editor=w.editor,
                                                                     year=2025))
    assert meeting.is_valid()
    with acting_as(w.users["editor"]), pytest.raises(permissions.DecidedFieldRefused):
        investments_services.step2_save_committee(w.editor, 2025, meeting)
    assert not CommitteeMeeting.objects.exists()
    with pytest.raises(permissions.DecidedFieldRefused):  # an explicit writer
        investments_services.step2_save_investment(Investment(editor=w.editor, obligation=w.file,
                                                  category="training", amount=D("1.00"),
                                                  status="cancelled"), w.users["editor"])


def test_a_refusal_is_said_in_french(w):
    from django.utils import translation

    with translation.override("fr"):
        error = permissions.DecidedFieldRefused(Payment, "amount", ("cca", "csa"))
    assert error.message == "« amount » est décidé par le CCA ou le CSA : seule cette " \
                            "décision le modifie."
