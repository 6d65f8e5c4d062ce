"""The JSON API: its OpenAPI document, authentication (session + CSRF, tokens), money as strings,
the engine's figures with the CLI's shapes, writes in the audit trail, confidentiality."""

import datetime as dt
import io
import json
from contextlib import redirect_stdout

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openapi_spec_validator import validate

from montage.law.case import evaluation_dict
from montage.web.api.auth import issue_token
from montage.web.api.contribution.schemas import ContributionOut, EvaluationOut
from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import (Attachment, EditorProfile, ObligationYear,
                                             TurnoverLine)
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry
from tests.web.roles import LOGGED_IN

pytestmark = pytest.mark.django_db


def _file(editor, year):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def _user(username):
    return get_user_model().objects.get(username=username)


def _bearer(username):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(_user(username))[0]}"}


def _floats(value, path="$"):
    """Every JSON float in a document (there must be none: money and rates are strings)."""
    if isinstance(value, float):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _floats(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _floats(item, f"{path}[{n}]")


# -- the OpenAPI document ------------------------------------------------------------------------

def test_openapi_document_is_valid_and_every_operation_is_described(demo, login):
    client = login("csa")
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises on an invalid OpenAPI 3.1 document
    assert document["info"]["title"] == "Montage API"
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert {"200", "201", "204"} & set(operation["responses"])
            assert "401" in operation["responses"] and "403" in operation["responses"]
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    # amounts are documented as strings, never numbers
    amount = document["components"]["schemas"]["InvestmentIn"]["properties"]["amount"]
    assert amount["type"] == "string" and "pattern" in amount


def test_docs_page_is_self_hosted(demo, login):
    client = login("tele.demo")
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/docs/assets/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/docs/assets/..%2Fsettings.py").status_code == 404
    assert client.get("/api/").url == "/api/docs"


def test_anonymous_docs_go_to_login_and_document_is_401(client):
    assert client.get("/api/docs").url.startswith("/login/?next=")
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/obligations").json() == {"detail": "Unauthorized"}


# -- authentication ------------------------------------------------------------------------------

def test_session_writes_need_the_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(_user("tele.demo"))
    body = {"obligation": _file("Télé Demo", 2025).pk, "category": "training",
            "amount": "1500.00"}
    refused = client.post("/api/investments", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert client.get("/api/me").status_code == 200  # reads need no token
    page = client.get("/api/docs")  # the page carries the token, as forms do
    token = page.content.decode().split('data-csrf-token="')[1].split('"')[0]
    accepted = client.post("/api/investments", body, content_type="application/json",
                           HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


def test_token_issued_by_session_then_used_without_csrf(demo):
    browser = Client()
    browser.force_login(_user("tele.demo"))
    issued = browser.post("/api/token")
    assert issued.status_code == 200
    token = issued.json()["token"]
    assert issued.json()["token_type"] == "Bearer"
    script = Client(enforce_csrf_checks=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert script.get("/api/me", **headers).json()["username"] == "tele.demo"
    created = script.post("/api/investments", {"obligation": _file("Télé Demo", 2025).pk,
                                                "category": "training", "amount": "1500.00"},
                          content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    # the audit trail names the token's user, not "system"
    entry = AuditEntry.objects.filter(object_id=str(created.json()["id"]), field="amount").get()
    assert entry.actor_label == "tele.demo"
    renewed = script.post("/api/token", **headers)
    assert renewed.status_code == 200


def test_token_refused_when_tampered_expired_or_password_changed(demo, settings):
    client = Client()
    token, expires = issue_token(_user("csa"))
    assert expires > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=29)
    ok = client.get("/api/obligations", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ok.status_code == 200
    assert client.get("/api/obligations",
                      HTTP_AUTHORIZATION=f"Bearer {token[:-2]}xx").status_code == 401
    settings.MONTAGE_API_TOKEN_DAYS = 0
    assert client.get("/api/obligations",
                      HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    settings.MONTAGE_API_TOKEN_DAYS = 30
    user = _user("csa")
    user.set_password("a-new-password-for-csa")
    user.save()
    assert client.get("/api/obligations",
                      HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


# -- amounts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value,message", [
    ("amount", 1234.56, "expected an amount as a string"),
    ("amount", 1234, "expected an amount as a string"),
    ("amount", "12.345", "at most two decimals"),
    ("amount", "12,50", "expected an amount like"),
    ("amount", "-5.00", "zero or more"),
    ("justified_amount", 10.5, "expected an amount as a string"),
])
def test_amounts_are_strings_and_floats_are_refused_naming_the_field(demo, field, value,
                                                                       message):
    body = {"obligation": _file("Télé Demo", 2025).pk, "category": "training",
            "amount": "100.00", field: value}
    response = Client().post("/api/investments", body, content_type="application/json",
                             **_bearer("tele.demo"))
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(error["loc"][-1] == field and message in error["msg"] for error in errors), errors
    assert not Investment.objects.filter(category="training", amount="100.00").exists()


def test_unknown_fields_and_references_are_refused(demo):
    client = Client()
    base = {"obligation": _file("Télé Demo", 2025).pk, "category": "training",
            "amount": "100.00"}
    typo = client.post("/api/investments", {**base, "amout": "5.00"},
                       content_type="application/json", **_bearer("tele.demo"))
    assert typo.status_code == 422 and typo.json()["detail"][0]["loc"][-1] == "amout"
    missing = client.post("/api/investments", {**base, "work": 999999},
                          content_type="application/json", **_bearer("tele.demo"))
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "work"
    nofile = client.post("/api/investments", {**base, "obligation": 999999},
                         content_type="application/json", **_bearer("tele.demo"))
    assert nofile.status_code == 422 and nofile.json()["detail"][0]["loc"][-1] == "obligation"


# -- writes --------------------------------------------------------------------------------------

def test_editor_creates_and_updates_its_investment_and_history_shows_it(demo):
    client = Client()
    headers = _bearer("tele.demo")
    created = client.post("/api/investments", {
        "obligation": _file("Télé Demo", 2025).pk, "category": "writing_development",
        "amount": "25000.00", "fwb_initiative": True, "document_date": "2025-04-01",
        "confidential": True}, content_type="application/json", **headers).json()
    assert created["amount"] == "25000.00" and created["year"] == 2025
    assert created["confidential"] is True and created["validation"] is None
    changed = client.patch(f"/api/investments/{created['id']}", {"amount": "26000.50"},
                           content_type="application/json", **headers)
    assert changed.status_code == 200 and changed.json()["amount"] == "26000.50"
    assert changed.json()["fwb_initiative"] is True  # fields not sent keep their value
    history = client.get(f"/api/history/investment/{created['id']}", **headers).json()
    amounts = [(e["old_value"], e["new_value"]) for e in history if e["field"] == "amount"]
    assert amounts == [("25000.00", "26000.50"), ("", "25000.00")]
    assert {e["by"] for e in history} == {"tele.demo"}
    # the confidential investment stays out of a producer's and of the shared view
    assert client.get(f"/api/investments/{created['id']}",
                      **_bearer("ardenne")).status_code == 403
    committee = client.get(f"/api/obligations/{created['obligation']}/committee",
                           **headers).json()
    assert created["id"] not in [i["id"] for i in committee["investments"]]


def test_editor_cannot_touch_a_validated_file_or_another_editors_file(demo):
    client = Client()
    tele_2024 = _file("Télé Demo", 2024)
    investment = tele_2024.investments.order_by("pk").first()
    tele_2024.status = ObligationYear.Status.VALIDATED
    tele_2024.save()
    locked = client.patch(f"/api/investments/{investment.pk}", {"amount": "1.00"},
                          content_type="application/json", **_bearer("tele.demo"))
    assert locked.status_code == 409
    locked_create = client.post("/api/investments", {"obligation": tele_2024.pk,
                                                     "category": "training",
                                                     "amount": "1.00"},
                                content_type="application/json", **_bearer("tele.demo"))
    assert locked_create.status_code == 409
    other = client.post("/api/investments", {"obligation": _file("StreamFlix Europe", 2025).pk,
                                             "category": "training", "amount": "1.00"},
                        content_type="application/json", **_bearer("tele.demo"))
    assert other.status_code == 403
    moved = client.patch(f"/api/investments/{_file('Télé Demo', 2025).investments.first().pk}",
                         {"obligation": _file("StreamFlix Europe", 2025).pk},
                         content_type="application/json", **_bearer("tele.demo"))
    assert moved.status_code == 403
    investment.refresh_from_db()
    assert str(investment.amount) != "1.00"


def test_cca_decision_is_recorded_and_shown(demo):
    client = Client()
    investment = _file("Télé Demo", 2025).investments.order_by("pk").first()
    missing = client.post(f"/api/investments/{investment.pk}/decision",
                          {"decision": "validated", "note": "contrat reçu"},
                          content_type="application/json", **_bearer("cca"))
    assert missing.status_code == 409 and "Court synopsis" in missing.json()["detail"]
    assert not AuditEntry.objects.filter(object_id=str(investment.pk), action="decision")
    for item in investments_services.step2_missing_documents(investment):
        Attachment.objects.create(investment=investment, checklist_key=item["key"],
                                  file=f"attachments/test/{item['key']}.pdf",
                                  uploaded_by=get_user_model().objects.get(username="tele.demo"))
    response = client.post(f"/api/investments/{investment.pk}/decision",
                           {"decision": "validated", "note": "contrat reçu"},
                           content_type="application/json", **_bearer("cca"))
    assert response.status_code == 200
    assert response.json()["validation"]["decision"] == "validated"
    assert response.json()["validation"]["by"] == "cca"
    entry = AuditEntry.objects.get(object_id=str(investment.pk), action="decision")
    assert (entry.new_value, entry.note, entry.actor_label) == ("validated", "contrat reçu",
                                                                "cca")
    seen = client.get(f"/api/investments/{investment.pk}", **_bearer("tele.demo")).json()
    assert seen["validation"]["note"] == "contrat reçu"
    bad = client.post(f"/api/investments/{investment.pk}/decision", {"decision": "maybe"},
                      content_type="application/json", **_bearer("cca"))
    assert bad.status_code == 422
    assert client.post(f"/api/investments/{investment.pk}/decision", {"decision": "refused"},
                       content_type="application/json",
                       **_bearer("csa")).status_code == 403


# -- the engine's figures ------------------------------------------------------------------------

def test_contribution_has_the_cli_shape(demo, login):
    from montage.cli import main

    client = login("ardenne")
    api = client.get("/api/contribution?year=2024&turnover=800000.00&lang=en").json()
    out = io.StringIO()
    with redirect_stdout(out):
        main(["contribution", "--year", "2024", "--turnover", "800000.00", "--format", "json",
              "--lang", "en"])
    assert api == json.loads(out.getvalue())
    assert (api["amount"], api["rate"]) == ("12160.00", "0.0152")
    ContributionOut.model_validate(api)
    assert list(_floats(api)) == []
    bad = client.get("/api/contribution?year=2024&turnover=800000,00")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "turnover"]
    early = client.get("/api/contribution?year=2020&turnover=800000.00")
    assert early.status_code == 422


def test_evaluation_is_the_engine_result_with_the_cli_shape(demo, login):
    client = login("cca")
    editor = EditorProfile.objects.get(organisation__name="Télé Demo")
    data = client.get(f"/api/editors/{editor.pk}/evaluation?as_of=2026-12-31&lang=en").json()
    expected = contribution_services.evaluate_editor(editor, dt.date(2026, 12, 31), "en")
    assert data == json.loads(json.dumps(evaluation_dict(expected.case, expected.results, "en")))
    assert (data["editor"], data["as_of"]) == ({"name": "Télé Demo", "kind": "local"},
                                               "2026-12-31")
    # the contract only adds keys: `payments_due` (issue 12, finding 6) beside the years
    assert set(data) == {"editor", "as_of", "years", "payments_due"}
    year = data["years"][0]
    assert {"obligation", "countable", "shortfall_open", "surplus_open", "payment_due",
            "checks", "explanation"} <= set(year)
    assert year["obligation"] == "1357200.00"
    EvaluationOut.model_validate(data)
    assert list(_floats(data)) == []
    french = client.get(f"/api/editors/{editor.pk}/evaluation?as_of=2026-12-31").json()
    assert french["years"][0]["explanation"]["subject"] != year["explanation"]["subject"]


def test_evaluation_lists_the_payments_due_after_the_last_file(demo, login):
    # Vidéo Horizon's files end in 2026; its 2024 shortfall is owed at the start of 2027
    editor = EditorProfile.objects.get(organisation__name="Vidéo Horizon")
    data = login("cca").get(f"/api/editors/{editor.pk}/evaluation?as_of=2027-03-01").json()
    EvaluationOut.model_validate(data)
    assert [(p["amount"], p["reason"], p["origin_year"], p["due_date"])
            for p in data["payments_due"]][:1] == [("5980.00", "shortfall", 2024, "2027-02-15")]
    assert all(p["detail"] for p in data["payments_due"])


def test_obligation_detail_carries_the_contribution_and_its_explanation(demo, login):
    client = login("tele.demo")
    file = _file("Télé Demo", 2024)
    data = client.get(f"/api/obligations/{file.pk}").json()
    contribution = data["contribution"]
    assert contribution["basis"] == "eligible_turnover" and not contribution["provisional"]
    assert contribution["result"]["eligible_turnover"] == "52000000.00"
    assert contribution["result"]["explanation"]["steps"]
    assert data["amount"] == "1357200.00"
    provisional = client.get(f"/api/obligations/{_file('Télé Demo', 2025).pk}").json()
    assert provisional["contribution"]["provisional"] is True
    assert list(_floats(data)) == []


# -- confidentiality -----------------------------------------------------------------------------

def test_a_broadcaster_never_reads_another_broadcasters_turnover(demo):
    client = Client()
    headers = _bearer("streamflix")
    tele = _file("Télé Demo", 2025)
    for path in (f"/api/obligations/{tele.pk}", f"/api/obligations/{tele.pk}/turnover-lines",
                 f"/api/obligations/{tele.pk}/turnover-lines?shared=true",
                 f"/api/obligations/{tele.pk}/committee",
                 f"/api/editors/{tele.editor_id}/evaluation",
                 f"/api/history/obligation/{tele.pk}"):
        assert client.get(path, **headers).status_code == 403, path
    listed = client.get("/api/obligations", **headers).json()
    assert {f["editor"]["name"] for f in listed} == {"StreamFlix Europe"}
    assert client.get("/api/investments", **headers).json() == []
    assert client.get(f"/api/obligations?editor={tele.editor_id}", **headers).json() == []


def _all_get_bodies(client, headers):
    """Every GET route's body for one user (refusals included)."""
    tele_2025 = _file("Télé Demo", 2025)
    tele_2024 = _file("Télé Demo", 2024)
    line = TurnoverLine.objects.filter(confidential=True,
                                       declaration__obligation=tele_2025).first()
    paths = ["/api/me", "/api/organisations", "/api/obligations", "/api/investments",
             "/api/works"]
    for file in ObligationYear.objects.all():
        paths += [f"/api/obligations/{file.pk}", f"/api/obligations/{file.pk}/turnover-lines",
                  f"/api/obligations/{file.pk}/turnover-lines?shared=true",
                  f"/api/obligations/{file.pk}/committee",
                  f"/api/history/obligation/{file.pk}"]
    for investment in Investment.objects.all():
        paths += [f"/api/investments/{investment.pk}",
                  f"/api/history/investment/{investment.pk}"]
    paths += [f"/api/history/turnover-line/{line.pk}",
              f"/api/editors/{tele_2024.editor_id}/evaluation"]
    for path in paths:
        yield path, client.get(path, **headers)


@pytest.mark.parametrize("username", sorted(LOGGED_IN - {"nobody"}))
def test_confidential_rows_only_for_the_editor_and_regulators(demo, username):
    client = Client()
    client.force_login(_user(username))
    secret_line = "8900000.00"  # Télé Demo's confidential distribution fees, 2025
    secret_investment = Investment.objects.get(confidential=True, category="accessibility")
    entitled = username in {"tele.demo", "csa", "cca"}
    for path, response in _all_get_bodies(client, {}):
        body = response.content.decode()
        if response.status_code != 200:
            continue
        if "committee" in path or "shared=true" in path:
            assert secret_line not in body, path
            if "committee" in path:
                ids = [i["id"] for i in response.json()["investments"]]
                assert secret_investment.pk not in ids, path
            continue
        if not entitled:
            assert secret_line not in body, (username, path)
            ids = [i["id"] for i in response.json()] if path == "/api/investments" else []
            assert secret_investment.pk not in ids


def test_committee_view_withholds_confidential_rows_and_counts_them(demo, login):
    client = login("csa")
    file = _file("Télé Demo", 2025)
    data = client.get(f"/api/obligations/{file.pk}/committee").json()
    assert data["confidential_lines_withheld"] == 1
    assert all(not line["confidential"] for line in data["turnover_lines"])
    full = client.get(f"/api/obligations/{file.pk}/turnover-lines").json()
    assert any(line["confidential"] and line["amount"] == "8900000.00" for line in full)
    data_2024 = client.get(f"/api/obligations/{_file('Télé Demo', 2024).pk}/committee").json()
    assert data_2024["confidential_investments_withheld"] == 1
    assert all(not i["confidential"] for i in data_2024["investments"])
