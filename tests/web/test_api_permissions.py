"""The API's permission matrix: every route × every demo user (tests/web/roles.py).

Allowed users get the route's success status, other logged-in users 403, anonymous callers 401
(the docs page, a browser page, redirects to the login instead). A route of the "api" URL
namespace or an operation of the OpenAPI document missing from ROUTES fails
`test_every_api_route_is_in_the_matrix`.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from montage.web.contribution.models import Attachment, ObligationYear, Question, TurnoverLine
from montage.web.investments.models import (IndependenceAssessment, Investment, Payment,
                                            SpilloverProof)
from montage.web.ledger.models import Expense
from montage.web.registry.models import Company, Work
from tests.web.roles import DESKLESS, EDITORS, FUND, LOGGED_IN, REGULATORS, USERS

pytestmark = pytest.mark.django_db

ALL = set(USERS)


def keys() -> dict:
    def file(editor, year):
        return ObligationYear.objects.get(editor__organisation__name=editor, year=year)
    tele_2024, tele_2025 = file("Télé Demo", 2024), file("Télé Demo", 2025)
    stream_2024 = file("StreamFlix Europe", 2024)
    brumes = Work.objects.get(title="Les Brumes de Meuse")
    return {
        "tele": tele_2024.editor_id, "stream": stream_2024.editor_id,
        "tele_2024": tele_2024.pk, "tele_2025": tele_2025.pk, "stream_2024": stream_2024.pk,
        "brumes": brumes.pk,
        "inv_brumes": Investment.objects.filter(work=brumes, category="coproduction",
                                                obligation=tele_2024).order_by("pk")[0].pk,
        "inv_confidential": Investment.objects.filter(
            confidential=True, category="accessibility", obligation=tele_2024).order_by("pk")[0].pk,
        "inv_2025": Investment.objects.filter(obligation=tele_2025, category="coproduction")
        .order_by("pk")[0].pk,
        "line_confidential": TurnoverLine.objects.filter(
            confidential=True, declaration__obligation=tele_2025).order_by("pk")[0].pk,
        "line_tele_2024": TurnoverLine.objects.filter(declaration__obligation=tele_2024)
        .first().pk,
        **_operation_keys(tele_2024, tele_2025),
        **_recoupment_keys(),
        **_desk_keys(),
    }


def _recoupment_keys() -> dict:
    from montage.web.recoupment.models import Statement

    statement = Statement.objects.get(project__work__title="Le Phare",
                                      source__financier__name="Wallimage")
    return {"phare": statement.project_id, "phare_wallimage_statement": statement.pk}


def _desk_keys() -> dict:
    """Le Phare's records on the desks: Télé Demo's linked investment and the proof list shared,
    the Wallimage source and its spend report (docs/web-desks.md)."""
    from montage.web.fund.models import SpendReport
    from montage.web.investments.models import ProofList
    from montage.web.production.models import FinancingSource, InvestmentLink

    link = InvestmentLink.objects.get(project__work__title="Le Phare")
    source = FinancingSource.objects.get(project__work__title="Le Phare", rule="wallimage")
    report = SpendReport.objects.get(tranche__commitment=source.commitment)
    return {"phare_link": link.pk, "phare_investment": link.investment_id,
            "phare_proof_list": ProofList.objects.get(investment=link.investment_id).pk,
            "phare_wallimage": source.pk, "phare_call": source.application.call_id,
            "phare_tranche_2": source.commitment.tranches.get(number=2).pk,
            "phare_report": report.pk,
            "phare_report_line": report.lines.filter(rejected_reason="").order_by("pk")[0].pk}


def _operation_keys(tele_2024, tele_2025) -> dict:
    """Objects of the pages' operations (step 1, step 2, documents); the documents are created
    here (the demo has none)."""
    tele_2026 = ObligationYear.objects.get(editor_id=tele_2024.editor_id, year=2026)
    stream_2025 = ObligationYear.objects.get(editor__organisation__name="StreamFlix Europe",
                                             year=2025)
    quartier_2025 = ObligationYear.objects.get(editor__organisation__name="Canal Quartier",
                                               year=2025)
    brumes = Investment.objects.filter(work__title="Les Brumes de Meuse", category="coproduction",
                                       obligation=tele_2024).order_by("pk")[0]
    ardenne = Company.objects.get(name="Ardenne Films")
    uploader = get_user_model().objects.get(username="tele.demo")

    def attachment(confidential, **subject):
        return Attachment.objects.create(checklist_key="other", confidential=confidential,
                                         file=ContentFile(b"%PDF-1.4 demo", name="doc.pdf"),
                                         uploaded_by=uploader, **subject).pk
    return {
        "next_year": timezone.localdate().year + 1,
        "tele_2026": tele_2026.pk, "stream_2025": stream_2025.pk,
        "quartier_2025": quartier_2025.pk,
        "tele_service": tele_2026.editor.services.order_by("pk")[0].pk,
        "line_draft": TurnoverLine.objects.filter(declaration__obligation=tele_2026,
                                                  category="sponsorship").get().pk,
        "q_stream": Question.objects.get(obligation=stream_2025, answer="").pk,
        "pay_stream": Payment.objects.filter(obligation__editor=stream_2025.editor)
        .order_by("pk")[0].pk,
        "expense_free": Expense.objects.filter(work=brumes.work).exclude(
            spillover_proofs__investment=brumes).order_by("pk")[0].pk,
        "proof_brumes": SpilloverProof.objects.filter(investment=brumes).order_by("pk")[0].pk,
        "ardenne_co": ardenne.pk,
        "ind_ardenne": IndependenceAssessment.objects.filter(company=ardenne)
        .order_by("pk")[0].pk,
        "att_file": attachment(False, obligation=tele_2025),
        "att_inv": attachment(False, investment=brumes),
        "att_inv_confidential": attachment(True, investment=brumes),
    }


class Multipart(dict):
    """A multipart/form-data body; `file` (or each name of `files`: how many) is replaced by
    fresh uploads on each request."""

    def __init__(self, files=None, **fields):
        super().__init__(**fields)
        self.files = files or {"file": 1}


INDEPENDENCE = {"reference_year": 2019, "established_in_eu": True,
                "separate_legal_personality": True, "largest_share_in_an_editor": "0",
                "shareholders": [{"name": "Fondateurs", "share": "1"}],
                "turnover": [{"year": 2019, "total": "1000000.00", "editor_name": "Télé Demo",
                              "sales_to_editor": "200000.00"}]}


TELE = {"tele.demo"} | REGULATORS
STREAM = {"streamflix"} | REGULATORS

# (method, path, body or None, users allowed, success status, anonymous status)
ROUTES = [
    ("GET", "/api/", None, ALL, 302, 302),  # django-ninja's root: to the docs
    ("GET", "/api/docs", None, LOGGED_IN, 200, 302),
    ("GET", "/api/docs/assets/swagger-ui.css", None, ALL, 200, 200),
    ("GET", "/api/openapi.json", None, LOGGED_IN, 200, 401),
    ("GET", "/api/me", None, LOGGED_IN, 200, 401),
    ("POST", "/api/token", {}, LOGGED_IN, 200, 401),
    ("GET", "/api/organisations", None, LOGGED_IN, 200, 401),
    ("GET", "/api/obligations", None, EDITORS | REGULATORS, 200, 401),
    ("GET", "/api/obligations/{tele_2024}", None, TELE, 200, 401),
    ("GET", "/api/obligations/{stream_2024}", None, STREAM, 200, 401),
    ("GET", "/api/obligations/{tele_2025}/turnover-lines", None, TELE, 200, 401),
    ("GET", "/api/obligations/{stream_2024}/turnover-lines", None, STREAM, 200, 401),
    ("GET", "/api/obligations/{tele_2025}/committee", None, TELE, 200, 401),
    ("GET", "/api/obligations/{stream_2024}/committee", None, STREAM, 200, 401),
    ("GET", "/api/editors/{tele}/evaluation?as_of=2025-12-31", None, TELE, 200, 401),
    ("GET", "/api/editors/{stream}/evaluation", None, STREAM, 200, 401),
    ("GET", "/api/contribution?year=2024&turnover=800000.00", None, LOGGED_IN, 200, 401),
    ("GET", "/api/investments", None, LOGGED_IN, 200, 401),
    ("GET", "/api/investments/{inv_brumes}", None, TELE | {"ardenne"}, 200, 401),
    ("GET", "/api/investments/{inv_confidential}", None, TELE, 200, 401),
    ("POST", "/api/investments", {"obligation": "{tele_2025}", "category": "training",
                                  "amount": "1000.00"}, {"tele.demo"}, 201, 401),
    ("PATCH", "/api/investments/{inv_2025}", {"amount": "310000.00"}, {"tele.demo"}, 200, 401),
    # a refusal: a validation needs the investment's documents (tests/web/test_one_figure.py)
    ("POST", "/api/investments/{inv_2025}/decision", {"decision": "refused"}, {"cca"}, 200,
     401),
    ("GET", "/api/works", None, LOGGED_IN - DESKLESS, 200, 401),
    ("GET", "/api/works/{brumes}", None, {"tele.demo", "ardenne"} | REGULATORS | FUND, 200,
     401),
    ("GET", "/api/history/obligation/{tele_2024}", None, TELE, 200, 401),
    ("GET", "/api/history/investment/{inv_confidential}", None, TELE, 200, 401),
    ("GET", "/api/history/investment/{inv_brumes}", None, TELE | {"ardenne"}, 200, 401),
    ("GET", "/api/history/work/{brumes}", None, {"tele.demo", "ardenne"} | REGULATORS | FUND,
     200, 401),
    ("GET", "/api/history/turnover-line/{line_confidential}", None, TELE, 200, 401),
    ("GET", "/api/history/turnover-line/{line_tele_2024}", None, TELE, 200, 401),
    # -- step 1: the editor (the file's editor_officer) --
    ("POST", "/api/obligations", {"editor": "{tele}", "year": "{next_year}"}, {"tele.demo"},
     201, 401),
    ("POST", "/api/obligations/{quartier_2025}/choice",
     {"form": "payment", "turnover_estimate": "450000.00"}, {"quartier"}, 200, 401),
    ("GET", "/api/obligations/{tele_2026}/service-facts", None, TELE, 200, 401),
    ("PUT", "/api/obligations/{tele_2026}/service-facts",
     [{"service": "{tele_service}", "audience_share": "0.05"}], {"tele.demo"}, 200, 401),
    ("POST", "/api/obligations/{tele_2026}/turnover-lines",
     {"service": "{tele_service}", "category": "teleshopping", "market": "all",
      "amount": "10000.00"}, {"tele.demo"}, 201, 401),
    ("PATCH", "/api/turnover-lines/{line_draft}", {"amount": "4500000.00"}, {"tele.demo"}, 200,
     401),
    ("DELETE", "/api/turnover-lines/{line_draft}", None, {"tele.demo"}, 204, 401),
    ("POST", "/api/obligations/{tele_2026}/submit", {}, {"tele.demo"}, 200, 401),
    # -- step 1: questions and the CSA's decision (csa_analyst) --
    ("GET", "/api/obligations/{stream_2025}/questions", None, STREAM, 200, 401),
    ("POST", "/api/obligations/{tele_2025}/questions", {"text": "Les comptes 2024 ?"}, {"csa"},
     201, 401),
    ("POST", "/api/questions/{q_stream}/answer", {"answer": "Voici."}, {"streamflix"}, 200, 401),
    ("POST", "/api/obligations/{stream_2025}/decision/preview",
     {"eligible_turnover": "11471500.00"}, {"csa"}, 200, 401),
    ("POST", "/api/obligations/{stream_2025}/decision",
     {"eligible_turnover": "11471500.00", "outcome": "fixed"}, {"csa"}, 200, 401),
    ("POST", "/api/obligations/{quartier_2025}/presumption", {}, {"csa"}, 201, 401),
    # -- documents --
    ("GET", "/api/obligations/{tele_2025}/attachments", None, TELE, 200, 401),
    ("POST", "/api/obligations/{tele_2026}/attachments",
     Multipart(kind="accounts", description="comptes"), {"tele.demo"}, 201, 401),
    ("GET", "/api/attachments/{att_file}", None, TELE, 200, 401),
    ("GET", "/api/attachments/{att_inv}", None, TELE | {"ardenne"}, 200, 401),
    ("GET", "/api/attachments/{att_inv_confidential}", None, TELE, 200, 401),
    ("GET", "/api/investments/{inv_brumes}/attachments", None, TELE | {"ardenne"}, 200, 401),
    ("POST", "/api/investments/{inv_2025}/attachments", Multipart(checklist_key="other"),
     {"tele.demo"}, 201, 401),
    # -- step 2: the CCA's status, payments, committee --
    ("POST", "/api/investments/{inv_2025}/status", {"status": "cancelled", "note": "abandon"},
     {"cca"}, 200, 401),
    ("GET", "/api/parameters", None, REGULATORS, 200, 401),
    ("GET", "/api/parameters/contribution.consumer_price_index", None, REGULATORS, 200, 401),
    ("POST", "/api/parameters/contribution.consumer_price_index/values",
     {"value": "133,00", "valid_from": "2025-01-01", "valid_until": "2025-01-31",
      "source": "valeur d'essai, pas un chiffre Statbel"}, {"cca"}, 201, 401),
    ("GET", "/api/editors/{tele}/payments", None, TELE, 200, 401),
    ("GET", "/api/editors/{stream}/payments", None, STREAM, 200, 401),
    ("POST", "/api/editors/{stream}/payments",
     {"year": 2025, "reason": "obligation", "amount": "100000.00",
      "letter_sent_on": "2026-01-15", "due_on": "2026-02-15"}, {"cca"}, 201, 401),
    ("PATCH", "/api/payments/{pay_stream}", {"paid_on": "2025-02-10",
                                             "paid_amount": "242500.00"}, {"cca"}, 200, 401),
    ("GET", "/api/obligations/{tele_2024}/committee-report", None, TELE, 200, 401),
    ("PUT", "/api/obligations/{tele_2024}/committee-meeting",
     {"held_on": "2025-06-12", "opinion": "Favorable."}, {"cca"}, 200, 401),
    # -- step 2: spillover (editor, producer, CCA) and independence --
    ("GET", "/api/investments/{inv_brumes}/spillover", None, TELE | {"ardenne"}, 200, 401),
    ("POST", "/api/investments/{inv_brumes}/spillover-proofs", {"expense": "{expense_free}"},
     {"tele.demo", "ardenne"}, 201, 401),
    ("PATCH", "/api/spillover-proofs/{proof_brumes}", {"missing_fields": ["invoice_date"]},
     {"cca"}, 200, 401),
    ("GET", "/api/producers/{ardenne_co}/independence", None,
     TELE | {"quartier", "ardenne"}, 200, 401),
    ("POST", "/api/producers/{ardenne_co}/independence", INDEPENDENCE,
     {"tele.demo", "quartier", "cca"}, 201, 401),
    ("PUT", "/api/independence/{ind_ardenne}", {**INDEPENDENCE, "reference_year": 2018},
     {"tele.demo", "quartier", "cca"}, 200, 401),
    # -- recoupment: the work's readers and owner; a sent statement's beneficiary --
    ("GET", "/api/projects/{phare}/receipts", None, {"phare", "admin"}, 200, 401),
    ("POST", "/api/projects/{phare}/receipts",
     {"source": "vod", "payer": "Plateforme", "territory": "BE", "period_start": "2026-07-01",
      "period_end": "2026-12-31", "gross": "1.000,00"}, {"phare"}, 201, 401),
    ("GET", "/api/projects/{phare}/waterfall", None, {"phare", "admin"}, 200, 401),
    ("GET", "/api/recoupment-statements/{phare_wallimage_statement}", None, {"phare", "admin"} | FUND,
     200, 401),
    # -- the desks: the demo's link is confirmed (409 for its editor), the proof list shared
    # by the producer (editor, CCA, producer), the spend report (fund's desk and producer) --
    ("POST", "/api/investments/{phare_investment}/link", None, {"tele.demo"}, 409, 401),
    # Le Phare applied to the call already: 409 for its producer
    ("POST", "/api/projects/{phare}/applications",
     Multipart(files={"documents": 2}, call="{phare_call}", amount_requested="100.000,00",
               walloon_spend_committed="200.000,00"), {"phare"}, 409, 401),
    ("POST", "/api/investment-links/{phare_link}/confirm", {}, {"phare"}, 409, 401),
    ("POST", "/api/investment-links/{phare_link}/proof-lists", {"as_of": "2026-12-01"},
     {"phare"}, 201, 401),
    ("GET", "/api/proof-lists/{phare_proof_list}", None, {"tele.demo", "cca", "phare"}, 200,
     401),
    ("POST", "/api/sources/{phare_wallimage}/spend-reports",
     {"tranche": "{phare_tranche_2}", "as_of": "2026-12-01"}, {"phare"}, 201, 401),
    ("GET", "/api/spend-reports/{phare_report}", None, FUND | {"phare"}, 200, 401),
    ("POST", "/api/spend-report-lines/{phare_report_line}/reject", {"reason": "Sans TVA"},
     {"wallimage"}, 200, 401),
    ("POST", "/api/spend-reports/{phare_report}/release", {"released_on": "2026-12-01"},
     {"wallimage"}, 200, 401),
    # -- carbon footprint: the footprint's readers (the producer, a superuser, the financing
    # fund's users); an activity recorded by the project's owner --
    ("GET", "/api/projects/{phare}/footprint", None, {"phare", "admin"} | FUND, 200, 401),
    ("POST", "/api/projects/{phare}/activities",
     {"basis": "actual", "phase": "shooting", "post": "technical", "label": "Groupe (API)",
      "date": "2026-03-10", "quantity": "1.650,5", "unit": "litre",
      "factor_code": "carbon.diesel_litre"}, {"phare"}, 201, 401),
]
# Routes that are not operations of the OpenAPI document (the document itself, its page).
NOT_OPERATIONS = {"/api/", "/api/docs", "/api/docs/assets/{name}", "/api/openapi.json"}


def _template(path: str) -> str:
    """/api/obligations/{tele_2024}?x=1 -> /api/obligations/{pk}, as the document writes it."""
    path = path.split("?")[0]
    path = re.sub(r"/history/[a-z-]+/\{\w+\}", "/history/{kind}/{pk}", path)
    path = re.sub(r"/assets/[\w.-]+$", "/assets/{name}", path)
    path = re.sub(r"/parameters/[a-z_.]+", "/parameters/{name}", path)
    return re.sub(r"\{(?!kind\}|name\})\w+\}", "{pk}", path)


def _api_patterns(patterns=None, prefix=""):
    """Every URL pattern under /api/, as document-style paths (/api/works/{pk})."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (prefix + str(entry.pattern)).startswith("api/"):
            yield re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", "/" + prefix + str(entry.pattern))


def test_every_api_route_is_in_the_matrix(client):
    client.force_login(get_user_model().objects.create_user("reader"))
    document = client.get("/api/openapi.json").json()
    operations = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item}
    covered = {(method, _template(path)) for method, path, *_ in ROUTES}
    assert operations == covered - {("GET", path) for path in NOT_OPERATIONS}
    routes = set(_api_patterns())
    assert routes == {path for _, path in covered}, routes ^ {path for _, path in covered}


def _client_for(client, username):
    if username == "nobody":
        get_user_model().objects.get_or_create(username="nobody")
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _fill(value, objects):
    if isinstance(value, str):
        if re.fullmatch(r"\{\w+\}", value):
            return objects[value[1:-1]]
        return value.format(**objects) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, objects) for v in value]
    return value


@pytest.mark.parametrize("username", USERS)
def test_api_matrix(client, demo, username, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = _client_for(client, username)
    objects = keys()
    for method, path, body, allowed, success, anonymous in ROUTES:
        url = _fill(path, objects)
        kwargs = {}
        if isinstance(body, Multipart):
            uploads = {name: [SimpleUploadedFile("doc.pdf", b"%PDF-1.4 x") for _ in range(n)]
                       for name, n in body.files.items()}
            kwargs = {"data": {**_fill(dict(body), objects),
                               **{k: v[0] if len(v) == 1 else v for k, v in uploads.items()}}}
        elif body is not None:
            kwargs = {"data": _fill(body, objects), "content_type": "application/json"}
        response = getattr(client, method.lower())(url, **kwargs)
        if username == "anonymous":
            expected = anonymous
        else:
            expected = success if username in allowed else 403
        assert response.status_code == expected, \
            f"{username} {method} {url}: {response.status_code}, expected {expected}: " \
            f"{response.content[:200]!r}"


@pytest.mark.parametrize("path", ["/api/obligations/999999", "/api/investments/999999",
                                  "/api/works/999999", "/api/editors/999999/evaluation",
                                  "/api/history/obligation/999999"])
def test_missing_object_is_404(client, demo, path):
    _client_for(client, "csa")
    response = client.get(path)
    assert response.status_code == 404 and response.json() == {"detail": "Introuvable."}
