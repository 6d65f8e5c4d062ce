"""The budget (its lines and top sheet) and the cost report as .xlsx and .pdf
(montage/web/production/exports.py): read back, their figures are the pages' figures, an
incomplete total is marked, an unknown one is never a zero."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from montage.web.annexes.sheets import read_money
from montage.web.core.templatetags.montage import money
from montage.web.production import services
from montage.web.production.models import BudgetLine, FringeRate, PurchaseOrder
from tests.web.factories import ledger, production, registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    made = production.project(title="La Traversée")
    version = services.current_version(made)
    FringeRate.objects.create(project=made, code="employee", rate=D("0.30"),
                              source="convention collective")
    for code, description, quantity, rate, fringe in (
            ("03.01", "Chef opérateur", "20", "650.50", "employee"),
            ("03.03", "Cascadeurs", "5", "800", "stunt"),     # no rate: incomplete
            ("05.01", "Caméra", "1", "12345.67", "")):
        BudgetLine.objects.create(version=version, account=made.accounts.get(code=code),
                                  description=description, quantity=D(quantity), rate=D(rate),
                                  fringe_code=fringe)
    ledger.expense(made.owner, "1234.56", project=made, work=made.work,
                   account=made.accounts.get(code="05.01"), date=dt.date(2025, 4, 1),
                   paid_on=dt.date(2025, 4, 30))
    return made


@pytest.fixture
def client_of(client, project):
    client.force_login(registry.user("owner", project.owner))
    return client


def rows_of(sheet) -> list[tuple]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def after_header(rows, first) -> list[tuple]:
    start = max(i for i, row in enumerate(rows) if row and row[0] == first)
    return rows[start + 1:]


def fr(value) -> str:
    with translation.override("fr"):
        return str(money(value))


def test_the_budget_workbook_holds_the_pages_figures(client_of, project):
    version = services.current_version(project)
    chapters, figures = services.top_sheet(version)
    response = client_of.get(reverse("production_budget_xlsx", args=[project.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[1] == "Budget"
    top = after_header(rows_of(book.worksheets[0]), "Chapitre")
    by_code = {row[0]: row for row in top}
    for chapter in chapters:
        assert read_money(by_code[chapter.code][2]) == chapter.amount.value
        assert read_money(by_code[chapter.code][4]) == chapter.total.value
    grand = top[-1]
    assert grand[0] == "Total général"
    assert read_money(grand[4]) == figures.total.value and not figures.total.complete
    assert str(grand[5]).startswith("incomplet")      # the page's « (incomplet) »
    lines = after_header(rows_of(book.worksheets[1]), "Compte")
    operator = next(row for row in lines if row[1] == "Chef opérateur")
    assert read_money(operator[6]) == D("13010.00") and read_money(operator[8]) == D("3903.00")
    stunts = next(row for row in lines if row[1] == "Cascadeurs")
    assert stunts[8] == "inconnu" and stunts[9] == "inconnu"   # never a zero
    cell = book.worksheets[1].cell(
        next(i for i, row in enumerate(rows_of(book.worksheets[1]), 1)
             if row[1] == "Caméra"), 7)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"
    # the page shows the same totals
    page = client_of.get(reverse("production_budget", args=[project.pk])).content.decode()
    assert fr(figures.total.value) in page and fr(figures.amount.value) in page
    assert "Exporter (.xlsx)" in page and "Exporter (.pdf)" in page


def test_the_budget_pdf_reads_back_with_the_pages_figures(client_of, project):
    _, figures = services.top_sheet(services.current_version(project))
    response = client_of.get(reverse("production_budget_pdf", args=[project.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())

    def shown(value):
        return " ".join(fr(value).replace("\u202f", " ").replace("\u00a0", " ").split())
    assert "La Traversée" in flat and "Total général" in flat
    assert shown(figures.total.value) in flat and shown(figures.amount.value) in flat
    assert "inconnu" in flat and "incomplet" in flat


def test_the_cost_report_workbook_and_pdf_hold_the_pages_figures(client_of, project):
    view = services.cost_report(project)
    book = load_workbook(io.BytesIO(client_of.get(
        reverse("production_cost_report_xlsx", args=[project.pk])).content))
    table = after_header(rows_of(book.active), "Compte")
    by_code = {row[0]: row for row in table}
    for row in view.report.rows:
        for column, name in enumerate(("baseline", "current", "committed", "actual", "paid"), 2):
            figure = row.figures[name]
            got = by_code[row.code][column]
            assert (read_money(got) == figure.value) if figure.complete else got == "inconnu"
    camera = by_code["05.01"]
    assert read_money(camera[5]) == D("1234.56") and read_money(camera[6]) == D("1234.56")
    total = table[-1]
    assert total[0] == "Total" and read_money(total[5]) == view.report.totals["actual"].value
    pdf = client_of.get(reverse("production_cost_report_pdf", args=[project.pk]))
    text = " ".join(" ".join(page.extract_text().replace("\u202f", " ").replace(
        "\u00a0", " ").split()) for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "1 234,56 €" in text
    page = client_of.get(reverse("production_cost_report", args=[project.pk])).content.decode()
    assert fr(D("1234.56")) in page


def test_another_producer_gets_no_export(client, project):
    client.force_login(registry.user("other", registry.producer("Autre")))
    for name in ("production_budget_xlsx", "production_budget_pdf",
                 "production_cost_report_xlsx", "production_cost_report_pdf"):
        assert client.get(reverse(name, args=[project.pk])).status_code == 403


def test_the_financing_workbook_holds_the_pages_plan(client_of, project):
    from montage.web.production.models import FinancingSource

    FinancingSource.objects.create(project=project, label="Apport producteur",
                                   source_type=FinancingSource._meta.get_field(
                                       "source_type").choices[0][0],
                                   amount=D("25000.50"))
    plan = services.financing_plan(project)
    book = load_workbook(io.BytesIO(client_of.get(
        reverse("production_financing_xlsx", args=[project.pk])).content))
    summary = {row[0]: row[1] for row in rows_of(book.worksheets[0])}
    assert read_money(summary["Financement (sources refusées exclues)"]) == plan.total
    assert read_money(summary["Écart (budget − financement)"]) == plan.gap.value
    sources = after_header(rows_of(book.worksheets[1]), "Source")
    assert [(row[0], read_money(row[3])) for row in sources] == [
        ("Apport producteur", D("25000.50"))]
    page = client_of.get(reverse("production_financing", args=[project.pk])).content.decode()
    assert fr(plan.total) in page
