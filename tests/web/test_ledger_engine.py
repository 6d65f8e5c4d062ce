"""The bridge from ledger records to the financiers' rules (montage/web/ledger/engine.py)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from montage.web.ledger.models import Expense
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.models import Company, Organisation, Person, Work
from montage.web.ledger import engine

pytestmark = pytest.mark.django_db


def company(name, postal_code, country="BE", operating=""):
    return Company.objects.create(name=name, registered_postal_code=postal_code,
                                  operating_postal_code=operating, country=country,
                                  audiovisual_activity=True)


@pytest.fixture
def project():
    producer = company("Prod Liège", "4000")
    owner = Organisation.objects.create(kind="producer", name="Prod Liège", company=producer)
    work = Work.objects.create(title="Essai", work_type="feature", initiative="belgium")
    return Project.objects.create(owner=owner, work=work)


def invoice(project, supplier, amount, day, **facts):
    return Expense.objects.create(owner=project.owner, project=project, work=project.work,
                                  kind="invoice", supplier=supplier, date=day,
                                  number=f"F{Expense.objects.count() + 1}",
                                  amount_excl_vat=D(amount), **facts)


def test_wallimage_counts_walloon_suppliers_and_refuses_a_2024_location_rental(project):
    liege, ghent = company("Caméras Liège", "4020"), company("Licht Gent", "9000")
    invoice(project, liege, "10000.00", dt.date(2024, 3, 1))
    invoice(project, ghent, "5000.00", dt.date(2024, 3, 2))
    invoice(project, liege, "2000.00", dt.date(2024, 3, 3), location_rental=True)
    source = FinancingSource.objects.create(
        project=project, source_type="regional_fund", label="Wallimage", amount=D("10000.00"),
        rule="wallimage", contracted_on=dt.date(2024, 1, 15))
    [result] = engine.statuses(project, dt.date(2024, 6, 1))
    assert result.source == source and result.problem == ""
    status = result.status
    assert (status.required, status.counted, status.missing) == \
        (D("15000.00"), D("10000.00"), D("5000.00"))
    assert sum(status.excluded_by_reason.values()) == D("7000.00")


def test_payroll_uses_the_domicile_for_wallimage_and_the_employer_for_the_others(project):
    person = Person.objects.create(last_name="Dupont", domicile_postal_code="5000")
    expense = Expense.objects.create(owner=project.owner, project=project, work=project.work,
                                     kind="payroll", employee=person, date=dt.date(2024, 5, 1),
                                     amount_excl_vat=D("3000.00"))
    facts = engine.finance_expense(expense)
    assert facts.kind == "payroll" and facts.supplier.postal_code == "5000"
    assert facts.employer.postal_code == "4000"


def test_a_missing_term_is_named_instead_of_assumed(project):
    FinancingSource.objects.create(project=project, source_type="tax_shelter",
                                   label="Tax Shelter", amount=D("300000.00"),
                                   rule="tax_shelter")
    [result] = engine.statuses(project, dt.date(2024, 6, 1))
    assert result.status is None
    assert result.problem == "Tax Shelter : il manque la valeur de l’attestation"


def test_refused_sources_and_sources_without_a_rule_carry_no_obligation(project):
    FinancingSource.objects.create(project=project, source_type="equity", label="Fonds propres",
                                   amount=D("1.00"))
    FinancingSource.objects.create(project=project, source_type="regional_fund",
                                   label="Refusé", amount=D("1.00"), rule="wallimage",
                                   status="refused")
    assert engine.statuses(project, dt.date(2024, 6, 1)) == []
