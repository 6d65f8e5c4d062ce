"""The budget import reads where each line is planned (docs/web-production.md, "Budget import";
docs/web-desks.md, "Pre-check"): the planned supplier (a company of the shared registry by its
enterprise or VAT number) and the place of spend (a Belgian postal code Statbel knows, or a
country and its postal code). Errors name the file, the row, the column, what was expected and
what was got; nothing is imported. An imported plan changes the pre-check's projection.
"""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import Workbook

from montage.errors import InputError
from montage.web.core import problems
from montage.web.ledger import precheck, services as ledger_services
from montage.web.ledger.models import Expense
from montage.web.production import services
from montage.web.production.models import FinancingSource
from tests.web.factories import production as production_factory
from tests.web.factories import registry

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _project():
    """Le Pré: a Wallimage source (150 % committed), 60 000 € spent with a Liège supplier."""
    owner = registry.producer("Films du Pré", postal_code="4000")
    project = production_factory.project(owner, title="Le Pré")
    account = project.accounts.get(code="07.01")
    liege = registry.company("Caméras de Liège", postal_code="4000", audiovisual_activity=True,
                             vat_number="BE0403170701", enterprise_number="0403.170.701")
    FinancingSource.objects.create(
        project=project, source_type="regional_fund", label="Wallimage Coproductions",
        amount=D("100000.00"), status="contracted", contracted_on=dt.date(2026, 1, 15),
        rule="wallimage", committed_ratio=D("1.5"))
    ledger_services.save_expense(project, Expense(
        owner=owner, project=project, work=project.work, account=account, supplier=liege,
        date=dt.date(2026, 3, 1), number="F-1", amount_excl_vat=D("60000.00")))
    return project, liege


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def _projected(project) -> D:
    (row,) = precheck.precheck(project, TODAY).rows
    return row.projection.projected.counted


def test_an_imported_plan_changes_the_projection():
    project, liege = _project()
    services.import_budget(project, "devis.csv", _csv(
        "account;description;quantity;rate",
        "07.01;Caméras;1;150.000,00", "07.01;Étalonnage;1;50.000,00"))
    # 140 000 € left to spend, planned nowhere: counted by no rule
    assert _projected(project) == D("60000.00")

    version = services.import_budget(project, "devis-plan.csv", _csv(
        "compte;libellé;quantité;prix unitaire;fournisseur prévu;lieu de dépense",
        "07.01;Caméras;1;150.000,00;0403170701;", "07.01;Étalonnage;1;50.000,00;;1060"))
    cameras, grading = version.lines.order_by("pk")
    assert cameras.planned_supplier == liege and cameras.spend_postal_code == ""
    assert grading.planned_supplier is None
    assert (grading.spend_postal_code, grading.spend_country) == ("1060", "")
    # 60 000 € spent + the Liège supplier's 105 000 € (3/4 of what is left) = 165 000 €; the
    # 35 000 € planned only in Brussels do not count for Wallimage
    assert _projected(project) == D("165000.00")
    # the budget page and the pre-check read the same lines
    assert [p.supplier.postal_code for p in precheck.planned_spend(project)[0]] == ["4000",
                                                                                   "1060"]


def test_a_foreign_place_and_a_workbook():
    project, liege = _project()
    book = Workbook()
    book.active.append(["account", "description", "quantity", "rate", "planned_supplier",
                        "place_of_spend"])
    book.active.append(["07.01", "Labo", 1, 20000, "BE 0403.170.701", None])
    book.active.append(["07.01", "Mixage", 1, 10000, None, "FR 75001"])
    data = io.BytesIO()
    book.save(data)
    version = services.import_budget(project, "devis.xlsx", data.getvalue())
    labo, mix = version.lines.order_by("pk")
    assert labo.planned_supplier == liege
    assert (mix.spend_postal_code, mix.spend_country) == ("75001", "FR")


@pytest.mark.parametrize("supplier, place, column, got", [
    ("0999.999.999", "", "planned_supplier", "0999.999.999"),
    ("", "9999", "place_of_spend", "9999"),
    ("", "FRANCE", "place_of_spend", "FRANCE"),
    ("", "FR", "place_of_spend", "FR"),
])
def test_an_unknown_supplier_or_place_is_refused_naming_the_cell(supplier, place, column, got):
    project, _ = _project()
    before = project.budgets.count()
    with pytest.raises(InputError) as refused:
        services.import_budget(project, "devis.csv", _csv(
            "account;description;quantity;rate;planned_supplier;place_of_spend",
            "07.01;Caméras;1;1000;;", f"07.01;Étalonnage;1;500;{supplier};{place}"))
    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column, problem.got) == (
        "devis.csv", 3, column, got)
    assert problem.expected
    line = problems.line(problem)
    assert line.startswith("devis.csv:3: ") and got in line
    assert project.budgets.count() == before


def test_the_import_page_names_the_columns_and_shows_the_errors(login):
    project, _ = _project()
    registry.user("producteur", project.owner)
    client = login("producteur")
    url = reverse("production_budget_import", args=[project.pk])
    page = client.get(url).content.decode()
    assert "fournisseur prévu" in page and "lieu de dépense" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("devis.csv", _csv(
        "account;description;quantity;rate;place_of_spend", "07.01;Caméras;1;1000;9999"))},
        follow=True)  # the worker reads the file (a job): its page names the error
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert "devis.csv:2: place_of_spend" in response.content.decode()
