"""The carbon footprint's API (docs/web-carbon.md, docs/web-api.md): the page's figures through
the page's service, an activity recorded through the page's form and writer, the pages'
permissions."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from montage.web.carbon import services
from montage.web.carbon.models import Activity
from tests.web.factories import carbon as carbon_f
from tests.web.factories import ledger, production, registry

pytestmark = pytest.mark.django_db

ACTIVITY = {"basis": "actual", "phase": "shooting", "post": "technical", "label": "Groupe",
            "date": "2026-03-10", "quantity": "1.000,5", "unit": "litre",
            "factor_code": "carbon.diesel_litre"}


@pytest.fixture
def project():
    made = production.project(title="Essai API carbone", shooting_start=dt.date(2026, 3, 2),
                              shooting_end=dt.date(2026, 4, 30))
    ledger.expense(made.owner, "4000.00", date=dt.date(2026, 3, 10), project=made,
                   work=made.work, account=made.accounts.get(code="06.03"))
    ledger.expense(made.owner, "6400.00", date=dt.date(2026, 3, 10), project=made,
                   work=made.work, account=made.accounts.get(code="02.01"))
    services.set_spend_factor(made, "regie", D("0.15"), "ratio du calculateur X", None)
    carbon_f.activity(made, "800")
    return made


@pytest.fixture
def owner(project):
    return registry.user("carbon.owner", project.owner, "producer_manager")


def test_the_footprint_is_the_page_s(client, project, owner):
    client.force_login(owner)
    page = client.get(reverse("carbon_project", args=[project.pk]))
    forecast, actual = page.context["footprints"]
    response = client.get(f"/api/projects/{project.pk}/footprint")
    assert response.status_code == 200
    data = response.json()
    body = data["actual"]
    # 800 l × 2.51279 = 2 010.232 kg; 4 000 € × 0.15 = 600 kg; 6 400 € without a factor
    assert D(body["total_kg"]) == actual.result.total_kg == D("2610.232")
    assert body["total_t"] == "2.610" == format(actual.total_t, "f")
    assert D(body["measured_kg"]) == actual.result.measured_kg
    assert D(body["spend_kg"]) == actual.result.spend_kg == D("600.00")
    assert body["measured_share"] == format(actual.result.measured_share, "f")
    assert {p["post"]: D(p["kg"]) for p in body["posts"]} == actual.result.by_post
    assert {p["phase"]: D(p["kg"]) for p in body["phases"]} == actual.result.by_phase
    assert [p["name"] for p in body["posts"]] == [str(p["name"]) for p in actual.posts]
    assert body["uncounted"] == [{"post": "production", "phase": "shooting",
                                  "amount": "6400.00", "lines": 1}]
    assert body["uncounted_amount"] == "6400.00"
    assert body["explanation"] == actual.result.explanation.render("fr")
    assert D(data["forecast"]["total_kg"]) == forecast.result.total_kg == 0
    assert data["forecast"]["measured_share"] is None
    from montage.money import format_number
    html = page.content.decode()
    assert f'id="total-actual">{format_number(D(body["total_t"]), "fr")}<' in html

    def floats(value):
        if isinstance(value, float):
            yield value
        for item in (value.values() if isinstance(value, dict) else value
                     if isinstance(value, list) else ()):
            yield from floats(item)
    assert list(floats(data)) == []
    english = client.get(f"/api/projects/{project.pk}/footprint?lang=en").json()["actual"]
    with translation.override("en"):       # the spend lines' labels in English too
        in_english = services.footprint(project, "actual").result.explanation.render("en")
    assert english["explanation"] == in_english
    assert "Unit services (régie)" in [p["name"] for p in english["posts"]]


def test_an_activity_posted_then_read_back(client, project, owner):
    client.force_login(owner)
    url = f"/api/projects/{project.pk}/activities"
    response = client.post(url, ACTIVITY, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert D(created["quantity"]) == D("1000.5") and created["factor_code"] == "carbon.diesel_litre"
    record = Activity.objects.get(pk=created["id"])
    assert record.recorded_by == owner and record.project == project
    data = client.get(f"/api/projects/{project.pk}/footprint").json()["actual"]
    line = [c for c in data["contributions"] if c["label"] == "Groupe"]
    assert [(D(c["quantity"]), D(c["kg"])) for c in line] == [
        (D("1000.5"), D("1000.5") * D("2.51279"))]
    assert D(data["total_kg"]) == D("2610.232") + D("1000.5") * D("2.51279")
    assert D(data["total_kg"]) == services.footprint(project, "actual").result.total_kg
    assert created["id"] in [a["id"] for a in client.get(
        f"/api/projects/{project.pk}/footprint").json()["activities"]]


def test_the_form_s_checks_are_the_api_s_422(client, project, owner):
    client.force_login(owner)
    url = f"/api/projects/{project.pk}/activities"
    wrong_unit = client.post(url, {**ACTIVITY, "unit": "km"}, content_type="application/json")
    assert wrong_unit.status_code == 422
    assert [e["loc"] for e in wrong_unit.json()["detail"]] == [["body", "payload", "unit"]]
    no_source = client.post(url, {**ACTIVITY, "factor_code": "", "unit": "kwh",
                                  "user_factor": "0,17"}, content_type="application/json")
    assert no_source.status_code == 422
    detail = no_source.json()["detail"]
    assert [e["loc"][-1] for e in detail] == ["user_factor_source"]
    assert "source" in detail[0]["msg"]          # the page's sentence, in French
    number = client.post(url, {**ACTIVITY, "quantity": 12.5}, content_type="application/json")
    assert number.status_code == 422             # a JSON number is not a quantity typed
    other = production.project(title="Autre projet")
    foreign = ledger.expense(other.owner, "100.00", project=other, work=other.work)
    refused = client.post(url, {**ACTIVITY, "expense": foreign.pk},
                          content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "expense"
    assert client.post(url, {**ACTIVITY, "typo": 1},
                       content_type="application/json").status_code == 422
    assert Activity.objects.filter(project=project).count() == 1     # the fixture's only


def test_another_producer_is_refused_and_a_missing_project_is_404(client, project):
    other = registry.user("other.producer", registry.producer("Autres films"),
                          "producer_manager")
    client.force_login(other)
    assert client.get(f"/api/projects/{project.pk}/footprint").status_code == 403
    assert client.post(f"/api/projects/{project.pk}/activities", ACTIVITY,
                       content_type="application/json").status_code == 403
    assert client.get("/api/projects/999999/footprint").status_code == 404
    assert Activity.objects.filter(project=project).count() == 1
    fund = registry.organisation("fund", "Fonds carbone API")
    project.sources.create(label="Fonds", financier=fund, amount=D("1000.00"),
                           source_type="regional_fund")
    client.force_login(registry.user("fund.analyst", fund, "fund_analyst"))
    assert client.get(f"/api/projects/{project.pk}/footprint").status_code == 200
    assert client.post(f"/api/projects/{project.pk}/activities", ACTIVITY,
                       content_type="application/json").status_code == 403
