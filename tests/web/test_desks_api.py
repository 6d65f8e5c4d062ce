"""The desks' API offers the pages' operations (docs/web-desks.md, "The API"): an application
to a fund's call with its documents (multipart, checked as the page checks them), a spend
report sent, a line rejected and the tranche released. Each route calls the page's service:
the records are the pages' records, the refusals the pages' refusals (422 naming the field,
409 for a state), another organisation is refused.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from montage.web.fund.models import Application, SpendReport
from montage.web.production import fund_link
from montage.web.production.models import FinancingSource
from tests.web.test_desks_fund_link import _setup

pytestmark = pytest.mark.django_db


def _pdf(name="scenario.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode())


def _open(call):
    call.opens_on, call.closes_on = dt.date(2026, 11, 1), dt.date(2026, 12, 31)
    call.save()
    return call


def _body(call, **extra):
    return {"call": call.pk, "amount_requested": "100.000,00",
            "walloon_spend_committed": "200 000", **extra}


def _fields(response) -> dict:
    return {tuple(e["loc"][2:]): e["msg"] for e in response.json()["detail"]}


def test_the_producer_applies_through_the_api(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call, project, *_ = _setup()
    _open(call)
    client = login("producteur")
    response = client.post(f"/api/projects/{project.pk}/applications", _body(
        call, documents=[_pdf(), _pdf("devis.pdf")]))
    assert response.status_code == 201, response.content
    out = response.json()
    application = Application.objects.get(pk=out["id"])
    assert out["amount_requested"] == "100000.00" and out["submitted_on"] == "2026-12-01"
    assert [d["name"] for d in out["documents"]] == ["Scénario", "Devis signé"]
    assert application.documents.get(name="Devis signé").file.read().startswith(b"%PDF")
    # the page's record: the linked source follows the fund, the dossier is frozen
    source = FinancingSource.objects.get(pk=out["source"])
    assert fund_link.application_of(source) == application
    assert application.dossier["precheck"] and fund_link.disagreements() == []
    # applied already: 409, as on the page
    again = client.post(f"/api/projects/{project.pk}/applications", _body(
        call, documents=[_pdf(), _pdf("devis.pdf")]))
    assert again.status_code == 409


def test_the_api_refuses_as_the_page_refuses(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call, project, *_ = _setup()
    _open(call)
    client = login("producteur")
    url = f"/api/projects/{project.pk}/applications"

    missing = client.post(url, _body(call, documents=[_pdf()]))
    assert missing.status_code == 422 and "Devis signé" in _fields(missing)[("documents",)]
    not_a_document = client.post(url, _body(call, documents=[
        _pdf(), SimpleUploadedFile("devis.pdf", b"MZ\x90\x00\x03\x00 an executable")]))
    assert not_a_document.status_code == 422
    assert "devis.pdf" in _fields(not_a_document)[("documents",)]
    settings.MONTAGE_UPLOAD_MAX_BYTES = 10
    too_large = client.post(url, _body(call, documents=[_pdf(), _pdf("devis.pdf")]))
    assert too_large.status_code == 422 and "Scénario" in _fields(too_large)[("documents",)]
    settings.MONTAGE_UPLOAD_MAX_BYTES = 200 * 1024 * 1024
    ambiguous = client.post(url, _body(call, amount_requested="1.234",
                                       documents=[_pdf(), _pdf("devis.pdf")]))
    assert ambiguous.status_code == 422 and ("amount_requested",) in _fields(ambiguous)
    too_many = client.post(url, _body(call, documents=[_pdf(), _pdf("b.pdf"), _pdf("c.pdf")]))
    assert too_many.status_code == 422 and ("documents",) in _fields(too_many)
    no_call = client.post(url, {**_body(call), "call": 999999, "documents": [_pdf()]})
    assert no_call.status_code == 422 and ("call",) in _fields(no_call)
    # after the closing date: the fund's refusal, nothing filed
    call.closes_on = dt.date(2026, 11, 30)
    call.save()
    late = client.post(url, _body(call, documents=[_pdf(), _pdf("devis.pdf")]))
    assert late.status_code == 409 and "30/11/2026" in late.json()["detail"]
    assert not Application.objects.filter(work=project.work).exists()
    assert not FinancingSource.objects.filter(project=project).exists()


def test_another_organisation_cannot_apply_for_the_project(login, settings, tmp_path):
    from tests.web.factories import registry

    settings.MEDIA_ROOT = tmp_path
    call, project, _producer, analyst, _board = _setup()
    _open(call)
    registry.user("autre", registry.producer("Autres Films"))
    for username in ("autre", "analyste"):
        response = login(username).post(f"/api/projects/{project.pk}/applications", _body(
            call, documents=[_pdf(), _pdf("devis.pdf")]))
        assert response.status_code == 403, username
    assert not Application.objects.filter(work=project.work).exists()


def test_the_page_checks_the_documents_as_the_api(login, settings, tmp_path):
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    call, project, *_ = _setup()
    _open(call)
    response = login("producteur").post(
        reverse("production_apply", args=[project.pk]) + f"?call={call.pk}", {
            **_body(call), "document_0": _pdf(),
            "document_1": SimpleUploadedFile("devis.pdf", b"MZ\x90\x00\x03 executable")})
    assert response.status_code == 400
    assert "devis.pdf" in response.content.decode()
    assert not Application.objects.filter(work=project.work).exists()


def test_a_spend_report_sent_rejected_and_released_through_the_api(demo, login):
    source = FinancingSource.objects.get(project__work__title="Le Phare", rule="wallimage")
    tranche = source.commitment.tranches.get(number=2)
    body = {"tranche": tranche.pk, "as_of": "2026-12-01"}
    # another producer, the fund and the editor do not send the producer's report
    for username in ("ardenne", "wallimage", "tele.demo"):
        assert login(username).post(f"/api/sources/{source.pk}/spend-reports", body,
                                    content_type="application/json").status_code == 403
    client = login("phare")
    unknown = client.post(f"/api/sources/{source.pk}/spend-reports", {"tranche": 999999},
                          content_type="application/json")
    assert unknown.status_code == 422 and ("tranche",) in _fields(unknown)
    sent = client.post(f"/api/sources/{source.pk}/spend-reports", body,
                       content_type="application/json")
    assert sent.status_code == 201, sent.content
    report = SpendReport.objects.get(pk=sent.json()["id"])
    assert sent.json()["total_sent"] == format(report.total_sent, "f") and sent.json()["intact"]
    biggest = max(report.lines.all(), key=lambda line: line.counted)

    url = f"/api/spend-report-lines/{biggest.pk}/reject"
    for username in ("phare", "wallimage.board", "cca"):
        assert login(username).post(url, {"reason": "x"},
                                    content_type="application/json").status_code == 403
    analyst = login("wallimage")   # the test client: one session at a time
    no_reason = analyst.post(url, {"reason": " "}, content_type="application/json")
    assert no_reason.status_code == 422 and ("reason",) in _fields(no_reason)
    rejected = analyst.post(url, {"reason": "Facture sans mention de l'œuvre"},
                            content_type="application/json")
    assert rejected.status_code == 200
    verified = report.total_sent - biggest.counted
    assert Decimal(rejected.json()["verified_total"]) == verified
    assert analyst.post(url, {"reason": "encore"},
                        content_type="application/json").status_code == 409

    release = f"/api/spend-reports/{report.pk}/release"
    assert login("phare").post(release, {}, content_type="application/json").status_code == 403
    analyst = login("wallimage")
    released = analyst.post(release, {"released_on": "2026-12-01"},
                            content_type="application/json")
    tranche.refresh_from_db()
    if verified >= tranche.spend_to_prove:
        assert released.status_code == 200 and released.json()["released_on"] == "2026-12-01"
        assert tranche.released_on == dt.date(2026, 12, 1)
    else:
        assert released.status_code == 409 and tranche.released_on is None
    # the page shows the same report
    page = analyst.get(f"/fund/spend-reports/{report.pk}/")
    assert page.status_code == 200
