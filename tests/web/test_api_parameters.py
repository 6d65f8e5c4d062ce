"""The legal parameters through the API: the same values, sources and writer as the pages
(montage.web.parameters.services), so a CCA's script can enter the January index Statbel
publishes. The index values are made up ("valeur d'essai" in their source)."""

import json

import pytest

from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import ObligationYear
from montage.web.parameters.models import EnteredValue
from montage.web.registry.models import AuditEntry

pytestmark = pytest.mark.django_db

CPI = "contribution.consumer_price_index"
JANUARY_2025 = {"value": "133,00", "valid_from": "2025-01-01", "valid_until": "2025-01-31",
                "source": "valeur d'essai, pas un chiffre Statbel"}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_parameters_list_gives_every_value_with_its_validity_and_source(login, demo):
    answer = login("csa").get("/api/parameters").json()
    by_name = {p["name"]: p for p in answer}
    cpi = by_name[CPI]
    assert cpi["unit"] and cpi["description"]
    january_2023 = next(v for v in cpi["values"] if v["valid_from"] == "2023-01-01")
    assert january_2023["value"] == "127.84" and "Statbel" in january_2023["source"]
    assert january_2023["entered_by"] is None
    assert by_name["contribution.rate_scale"]["values"][0]["value"][1] == {
        "from": "700000", "rate": "0.0152"}


def test_the_cca_enters_an_index_and_the_2026_contribution_is_no_longer_provisional(
        login, demo):
    file = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2026)
    assert contribution_services.evaluate_editor(file.editor).year(2026) is not None
    cca = login("cca")
    response = post(cca, f"/api/parameters/{CPI}/values", JANUARY_2025)
    assert response.status_code == 201, response.content
    values = response.json()["values"]
    entered = next(v for v in values if v["valid_from"] == "2025-01-01")
    assert entered["value"] == "133.00" and entered["entered_by"] == "cca"
    row = EnteredValue.objects.get(name=CPI)
    assert AuditEntry.objects.filter(object_id=str(row.pk), actor_label="cca").exists()
    from montage.law.contribution import year_indexation
    from montage.web.parameters.services import current_parameters
    assert not year_indexation(2026, current_parameters()).provisional


def test_an_overlapping_or_malformed_value_is_a_422_naming_the_field(login, demo):
    cca = login("cca")
    overlapping = dict(JANUARY_2025, valid_from="2024-01-01", valid_until="2024-01-31")
    response = post(cca, f"/api/parameters/{CPI}/values", overlapping)
    assert response.status_code == 422
    assert {tuple(e["loc"])[-1] for e in response.json()["detail"]} & {"valid_from", "value"}
    response = post(cca, f"/api/parameters/{CPI}/values", dict(JANUARY_2025, value="beaucoup"))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "value"
    assert post(cca, "/api/parameters/no.such/values", JANUARY_2025).status_code == 404
    assert not EnteredValue.objects.exists()


def test_only_the_cca_enters_and_only_regulators_read(login, demo):
    assert post(login("csa"), f"/api/parameters/{CPI}/values", JANUARY_2025).status_code == 403
    assert login("tele.demo").get("/api/parameters").status_code == 403
    assert not EnteredValue.objects.exists()
