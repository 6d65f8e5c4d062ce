"""Turnover lines have one writer: the contribution service (contribution/services.py, step1_create_line,
step1_update_line, step1_delete_line). The step-1 page, the Formulaire CA workbook import and the
JSON API all go through it, so a submitted declaration refuses the same change on every channel
and its rows stay as they were (docs/web-contribution.md, "Who may change the turnover lines")."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from montage.web.api.auth import issue_token
from montage.web.contribution import services as contribution_services
from montage.web.registry import services as registry_services
from montage.web.contribution.models import ObligationYear, TurnoverDeclaration, TurnoverLine

pytestmark = pytest.mark.django_db

LOCKED_FR = "Le Formulaire CA est transmis : ses lignes ne peuvent plus être modifiées."


def file_of(editor, year):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def rows(file):
    return list(TurnoverLine.objects.filter(declaration__obligation=file).order_by("pk").values())


def workbook_with(client, file, amount):
    """The file's Formulaire CA as exported, its "Télé Demo 1 / Publicité" amount changed."""
    response = client.get(reverse("annexes_formulaire_ca", args=[file.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Formulaire CA"]
    row = next(r for r in range(1, sheet.max_row + 1)
               if (sheet.cell(r, 1).value, sheet.cell(r, 3).value) == ("Télé Demo 1", "Publicité"))
    sheet.cell(row, 5).value = amount
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_import(client, file, content):
    upload = SimpleUploadedFile("ca.xlsx", content, content_type="application/octet-stream")
    return client.post(reverse("annexes_documents", args=[file.pk]),
                       {"document": "formulaire_ca", "file": upload})


def api(username):
    user = get_user_model().objects.get(username=username)
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")


@pytest.fixture
def submitted(demo):
    file = file_of("Télé Demo", 2025)   # Formulaire CA submitted, the CSA has not decided yet
    assert file.status == ObligationYear.Status.DECLARED
    assert file.declaration.status == TurnoverDeclaration.Status.SUBMITTED
    return file


def test_the_workbook_import_is_refused_on_a_submitted_declaration(submitted, login):
    client = login("tele.demo")
    before = rows(submitted)
    response = post_import(client, submitted, workbook_with(client, submitted,
                                                            Decimal("1.00")))
    assert response.status_code == 400
    assert response.context["errors"] == [f"ca.xlsx: {LOCKED_FR}"]
    assert rows(submitted) == before
    # an identical workbook changes nothing, so it is not refused
    same = client.get(reverse("annexes_formulaire_ca", args=[submitted.pk])).content
    response = post_import(client, submitted, same)
    assert response.status_code == 200 and response.context["result"]["unchanged"] == 6
    assert rows(submitted) == before


def test_the_page_is_refused_on_a_submitted_declaration(submitted, login):
    client = login("tele.demo")
    before = rows(submitted)
    line = submitted.declaration.lines.get(category="advertising")
    service = line.service
    edit = client.post(reverse("contribution_line_edit", args=[line.pk]), {
        "service": service.pk, "category": "advertising", "market": "all", "amount": "1,00",
        "agency_commissions": "0"}, follow=True)
    assert LOCKED_FR in edit.content.decode()
    client.post(reverse("contribution_line_add", args=[submitted.pk]), {
        "service": service.pk, "category": "product_placement", "market": "all",
        "amount": "1,00"})
    client.post(reverse("contribution_line_delete", args=[line.pk]))
    assert rows(submitted) == before


def test_the_api_is_refused_on_a_submitted_declaration(submitted):
    client = api("tele.demo")
    before = rows(submitted)
    line = submitted.declaration.lines.get(category="advertising")
    created = client.post(f"/api/obligations/{submitted.pk}/turnover-lines", {
        "service": line.service_id, "category": "product_placement", "market": "all",
        "amount": "1.00"}, content_type="application/json")
    changed = client.patch(f"/api/turnover-lines/{line.pk}", {"amount": "1.00"},
                           content_type="application/json")
    deleted = client.delete(f"/api/turnover-lines/{line.pk}")
    assert [r.status_code for r in (created, changed, deleted)] == [409, 409, 409]
    assert {r.json()["detail"] for r in (created, changed, deleted)} == {LOCKED_FR}
    assert rows(submitted) == before


def test_the_service_itself_refuses_every_write_on_a_submitted_declaration(submitted):
    before = rows(submitted)
    line = submitted.declaration.lines.get(category="advertising")
    for write in (lambda: contribution_services.step1_create_line(submitted, {
                      "service": line.service, "category": "product_placement",
                      "market": "all", "amount": Decimal("1.00")}),
                  lambda: contribution_services.step1_update_line(line, {"amount": Decimal("1.00")}),
                  lambda: contribution_services.step1_delete_line(line)):
        with pytest.raises(registry_services.Refused):
            write()
    assert rows(submitted) == before


def test_a_draft_declaration_is_changed_by_the_import_through_the_service(demo, login):
    file = file_of("Télé Demo", 2026)   # draft
    client = login("tele.demo")
    response = post_import(client, file, workbook_with(client, file, Decimal("40100000.01")))
    assert response.status_code == 200, response.context["errors"]
    assert response.context["result"]["updated"] == 1
    assert file.declaration.lines.get(category="advertising").amount == Decimal("40100000.01")
