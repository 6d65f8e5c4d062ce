"""The lists that grow (montage/web/core/lists.py, docs/web.md "Lists and exports"): a search
finds, a filter narrows, page 2 exists, a search never reveals what the user may not see, and
the .xlsx export holds the page's filtered set with the page's figures, in number and date cells.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from montage.web.annexes.sheets import read_money
from montage.web.core import lists
from tests.web.factories import contribution, fund, ledger, production, registry

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == lists.XLSX_TYPE
    book = load_workbook(io.BytesIO(response.content))
    return [tuple(cell.value for cell in row) for row in book.active.iter_rows()]


def table_after_header(rows: list[tuple], first: str) -> list[tuple]:
    """The rows below the table's header (the last row starting with `first`: the filters
    written above it may start with the same label)."""
    start = max(i for i, row in enumerate(rows) if row and row[0] == first)
    return rows[start + 1:]


# -- works --------------------------------------------------------------------------------------

@pytest.fixture
def producers():
    mine = registry.producer("Films de la Meuse")
    other = registry.producer("Autre Production")
    for n in range(55):
        registry.work(f"Série {n:02d}", producer=mine.company, work_type="series")
    registry.work("Brume secrète", producer=other.company)
    registry.work("Brume claire", producer=mine.company)
    return registry.user("meuse", mine), registry.user("autre", other)


def test_works_search_finds_filter_narrows_page_two_exists(client, producers):
    user, _ = producers
    client.force_login(user)
    page = client.get(reverse("work_list"), {"q": "brume"})
    titles = [w.title for w in page.context["works"]]
    assert titles == ["Brume claire"]          # searched within the user's works only
    series = client.get(reverse("work_list"), {"type": "series"})
    assert series.context["listing"].page.paginator.count == 55
    assert "Brume claire" not in [w.title for w in series.context["works"]]
    second = client.get(reverse("work_list"), {"type": "series", "page": 2})
    assert second.context["works"].number == 2
    assert len(second.context["works"]) == 5
    assert 'href="?type=series&amp;page=1"' in second.content.decode()
    assert "page 2" in second.content.decode() or "page 2 de 2" in second.content.decode()


def test_a_search_never_reveals_another_organisations_work(client, producers):
    user, other = producers
    client.force_login(user)
    assert "Brume secrète" not in client.get(reverse("work_list"), {"q": "secrète"}).content.decode()
    rows = sheet_rows(client.get(reverse("work_list_xlsx"), {"q": "secr"}))
    assert all("Brume secrète" not in row for row in rows)
    client.force_login(other)
    assert [w.title for w in client.get(reverse("work_list"), {"q": "brume"}).context["works"]] \
        == ["Brume secrète"]


def test_an_unknown_filter_value_shows_the_whole_list(client, producers):
    user, _ = producers
    client.force_login(user)
    page = client.get(reverse("work_list"), {"type": "nonsense", "page": "x"})
    assert page.status_code == 200
    assert page.context["listing"].page.paginator.count == 56


def test_the_works_export_holds_the_filtered_set_every_page(client, producers):
    user, _ = producers
    client.force_login(user)
    rows = sheet_rows(client.get(reverse("work_list_xlsx"), {"type": "series"}))
    assert rows[0][0] == "Œuvres"
    table = table_after_header(rows, "Titre")
    assert len(table) == 55                    # both pages
    assert table[0][:2] == ("Série 00", "série")  # the type as the page shows it


# -- obligation files ---------------------------------------------------------------------------

def test_obligation_files_search_filter_scope_and_export(client):
    tele, radio = contribution.editor("Télé Lumière"), contribution.editor("Radio Vallée")
    for year in (2023, 2024, 2025):
        contribution.obligation(tele, year, eligible_turnover=Decimal("800000.00"),
                                amount=Decimal("19200.00"))
    contribution.obligation(radio, 2025)
    officer = registry.user("lumiere", tele.organisation)
    client.force_login(officer)
    page = client.get(reverse("obligation_list"), {"q": "radio"})
    assert list(page.context["files"]) == []    # Radio Vallée's file is not Lumière's
    page = client.get(reverse("obligation_list"), {"year": "2024"})
    assert [f.year for f in page.context["files"]] == [2024]
    csa = registry.user("csa-x", "csa")
    client.force_login(csa)
    assert len(client.get(reverse("obligation_list"), {"q": "radio"}).context["files"]) == 1
    client.force_login(officer)
    rows = sheet_rows(client.get(reverse("obligation_list_xlsx"), {"year": "2024"}))
    assert ("Année", "2024") in [row[:2] for row in rows]  # the filter, above the table
    table = table_after_header(rows, "Année")
    assert table == [(2024, "Télé Lumière", table[0][2], Decimal("800000"), Decimal("19200"),
                      table[0][5])]


def test_obligation_files_page_two(client):
    csa = registry.user("csa-y", "csa")
    for n in range(51):
        contribution.obligation(contribution.editor(f"Éditeur {n:02d}"), 2025)
    client.force_login(csa)
    second = client.get(reverse("obligation_list"), {"page": 2})
    assert second.context["files"].number == 2 and len(second.context["files"]) == 1


# -- calls --------------------------------------------------------------------------------------

def test_calls_search_filter_page_scope_and_export_figures(client):
    wallimage, other = registry.organisation("fund", "Fonds A"), registry.organisation("fund", "Fonds B")
    first = fund.call(wallimage, title="Appel séries 2025", line_name="Séries")
    fund.application(first, requested="2500.00", status="granted")
    for n in range(50):
        fund.call(wallimage, title=f"Appel formats {n:02d}", line_name=f"Formats {n:02d}")
    fund.call(other, title="Appel séries caché", line_name="Séries B")
    analyst = registry.user("analyste", wallimage)
    client.force_login(analyst)
    page = client.get(reverse("fund_calls"), {"q": "séries"})
    assert [r["call"].title for r in page.context["rows"]] == ["Appel séries 2025"]
    line = first.funding_line_id
    assert [r["call"].title for r in client.get(reverse("fund_calls"), {"line": line})
            .context["rows"]] == ["Appel séries 2025"]
    assert client.get(reverse("fund_calls"), {"page": 2}).context["listing"].page.number == 2
    rows = sheet_rows(client.get(reverse("fund_calls_xlsx"), {"q": "séries"}))
    table = table_after_header(rows, "Appel")
    shown = page.context["rows"][0]
    assert table == [("Appel séries 2025", "Séries", dt.datetime(2025, 1, 1),
                      dt.datetime(2025, 12, 31), shown["call"].envelope, shown["used"],
                      shown["remaining"], 1)]


# -- applications ---------------------------------------------------------------------------------

def test_applications_search_filter_page_scope_and_export(client):
    mine, theirs = registry.organisation("fund", "Fonds C"), registry.organisation("fund", "Fonds D")
    call = fund.call(mine, title="Appel C", line_name="Ligne C")
    for n in range(50):
        fund.application(call, title=f"Format {n:02d}", requested="1000.10")
    fund.application(call, title="Le Lac", requested="2500.00", status="accepted")
    fund.application(fund.call(theirs, title="Appel D", line_name="Ligne D"),
                     title="Le Lac caché")
    client.force_login(registry.user("analyste-c", mine))
    page = client.get(reverse("fund_applications"), {"q": "lac"})
    assert [r["application"].work.title for r in page.context["rows"]] == ["Le Lac"]
    assert [r["application"].work.title for r in client.get(
        reverse("fund_applications"), {"status": "accepted"}).context["rows"]] == ["Le Lac"]
    assert client.get(reverse("fund_applications"), {"page": 2}).context["listing"].page.number == 2
    rows = sheet_rows(client.get(reverse("fund_applications_xlsx"), {"call": call.pk}))
    table = table_after_header(rows, "Œuvre")
    assert len(table) == 51
    assert sum(read_money(row[4]) for row in table) == Decimal("50") * Decimal("1000.10") + 2500
    assert all("Le Lac caché" not in row for row in table)


# -- suppliers (the company registry) -----------------------------------------------------------

def test_suppliers_search_filter_page_and_export(client):
    phare = registry.producer("Production Phare")
    for n in range(52):
        registry.company(f"Loueur {n:02d}", country="BE")
    registry.company("Lumières de Lille", postal_code="59000", city="Lille", country="FR")
    user = registry.user("prod", phare)
    client.force_login(user)
    found = client.get(reverse("ledger_suppliers"), {"q": "lille"})
    assert [c.name for c in found.context["page"]] == ["Lumières de Lille"]
    french = client.get(reverse("ledger_suppliers"), {"country": "FR"})
    assert [c.name for c in french.context["page"]] == ["Lumières de Lille"]
    assert client.get(reverse("ledger_suppliers"), {"page": 2}).context["page"].number == 2
    rows = sheet_rows(client.get(reverse("ledger_suppliers_xlsx"), {"country": "FR"}))
    table = table_after_header(rows, "Nom")
    assert [row[0] for row in table] == ["Lumières de Lille"]


def test_suppliers_payroll_people_stay_the_employers(client):
    from montage.web.registry.models import Person

    mine, theirs = registry.producer("Prod Un"), registry.producer("Prod Deux")
    Person.objects.create(first_name="Ana", last_name="Lumière", owner=theirs,
                          domicile_postal_code="4000")
    client.force_login(registry.user("un", mine))
    page = client.get(reverse("ledger_suppliers"), {"q": "Lumière"})
    assert page.context["people"] == []


# -- a project's ledger -------------------------------------------------------------------------

def test_the_ledger_export_is_the_filtered_set_with_the_pages_figures(client):
    project = production.project()
    supplier = registry.company("Caméras Liège")
    for n in range(60):
        ledger.expense(project.owner, "100.10", supplier=supplier, project=project,
                       work=project.work, date=dt.date(2025, 3, 1) + dt.timedelta(days=n % 20))
    ledger.expense(project.owner, "999.99", project=project, work=project.work,
                   date=dt.date(2025, 5, 2))
    client.force_login(registry.user("owner", project.owner))
    page = client.get(reverse("ledger_expenses", args=[project.pk]), {"month": "2025-03"})
    totals = page.context["totals"]
    rows = sheet_rows(client.get(reverse("ledger_expenses_xlsx", args=[project.pk]),
                                 {"month": "2025-03"}))
    table = table_after_header(rows, "Date")
    assert len(table) == totals["count"] == 60
    # each cell holds the line's amount to the cent; their sum is the page's total
    assert sum(read_money(row[6]) for row in table) == totals["total"] == Decimal("6006.00")
    assert table[0][0] == dt.datetime(2025, 3, 20)   # the page's order: latest first
    assert ("Mois", "2025-03") in [row[:2] for row in rows]
    other = registry.user("stranger", registry.producer("Ailleurs"))
    client.force_login(other)
    assert client.get(reverse("ledger_expenses_xlsx", args=[project.pk])).status_code == 403


def test_the_ledger_workbook_has_number_and_date_cells():
    content = lists.workbook([{"d": dt.date(2025, 1, 2), "m": Decimal("1234.56"),
                               "t": "=HYPERLINK(1)"}],
                             [lists.Column("date", lambda r: r["d"], "date"),
                              lists.Column("montant", lambda r: r["m"], "money"),
                              lists.Column("texte", lambda r: r["t"])], title="Essai")
    sheet = load_workbook(io.BytesIO(content)).active
    last = list(sheet.iter_rows())[-1]
    assert last[0].number_format == "DD/MM/YYYY" and last[0].is_date
    assert last[1].number_format == "#,##0.00" and last[1].data_type == "n"
    assert last[2].data_type == "s" and last[2].value == "=HYPERLINK(1)"


# -- search-as-you-type -------------------------------------------------------------------------

def test_the_work_search_answers_only_the_works_the_user_may_see(client, producers):
    user, other = producers
    client.force_login(user)
    answer = client.get(reverse("work_search"), {"q": "brume"}).json()
    assert [item["label"] for item in answer["results"]] == ["Brume claire"]
    assert client.get(reverse("work_search"), {"q": "b"}).json() == {"results": []}
    assert len(client.get(reverse("work_search"), {"q": "série"}).json()["results"]) \
        == lists.SEARCH_RESULTS
    client.force_login(other)
    assert [item["label"] for item in client.get(reverse("work_search"), {"q": "brume"})
            .json()["results"]] == ["Brume secrète"]


def test_the_supplier_search_finds_by_name_and_is_for_the_production_desk(client):
    registry.company("Caméras Ardennaises")
    client.force_login(registry.user("p1", registry.producer("Prod Trois")))
    answer = client.get(reverse("ledger_supplier_search"), {"q": "ardenn"}).json()
    assert [item["label"] for item in answer["results"]] == ["Caméras Ardennaises"]
    client.force_login(registry.user("csa-z", "csa"))
    assert client.get(reverse("ledger_supplier_search"), {"q": "ardenn"}).status_code == 403


def test_the_invoice_forms_supplier_select_is_searchable(client):
    project = production.project()
    client.force_login(registry.user("owner2", project.owner))
    page = client.get(reverse("ledger_invoice_new", args=[project.pk])).content.decode()
    assert f'data-search-url="{reverse("ledger_supplier_search")}"' in page
    assert "choose.js" in page
