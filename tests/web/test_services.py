"""The web's bridge to the engine: records in, the engine's figures out."""

import datetime as dt
from decimal import Decimal as D

import pytest

from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.investments.models import (IndependenceAssessment, IndependenceTurnover,
                                            Investment, SpilloverProof)
from montage.web.ledger.models import Expense
from montage.web.registry.models import Company

pytestmark = pytest.mark.django_db


def tele():
    return EditorProfile.objects.get(organisation__name="Télé Demo")


def test_demo_editor_evaluates_every_year(demo):
    evaluation = contribution_services.evaluate_editor(tele(), as_of=dt.date(2025, 12, 31))
    years = [r.year for r in evaluation.results]
    assert years == sorted(years) and years[0] == 2024
    first = evaluation.year(2024)
    file = ObligationYear.objects.get(editor=tele(), year=2024)
    expected = file.amount if file.amount is not None else \
        contribution_services.contribution_for(file).amount
    assert first.obligation == expected
    assert first.countable > 0


def test_independence_failure_excludes_the_investment(demo):
    investment = Investment.objects.filter(editor=tele(), category="coproduction",
                                           status="active").first()
    before = contribution_services.evaluate_editor(tele(), as_of=dt.date(2025, 1, 1)) \
        .year(investment.obligation.year).by_category["coproduction"]
    assessment = IndependenceAssessment.objects.create(
        company=investment.producer, reference_year=investment.obligation.year,
        established_in_eu=True, separate_legal_personality=True,
        largest_share_in_an_editor=D("0"))
    IndependenceTurnover.objects.create(assessment=assessment, year=investment.obligation.year - 1,
                                        total=D("100"), editor_name="Télé Demo",
                                        sales_to_editor=D("95"))
    after = contribution_services.evaluate_editor(tele(), as_of=dt.date(2025, 1, 1)) \
        .year(investment.obligation.year)
    assert after.by_category["coproduction"] == before - investment.amount
    assert any(c.name == "independent_producer" and not c.ok for c in after.checks)


def test_spillover_proofs_feed_the_engine(demo):
    investment = Investment.objects.filter(editor=tele(), status="active").exclude(
        document_date=None).first()
    supplier = Company.objects.create(name="Caméras Liège", registered_postal_code="4000")
    expense = Expense.objects.create(owner=tele().organisation, supplier=supplier,
                                     work=investment.work or Expense.objects.first().work,
                                     date=dt.date(2024, 5, 1), number="F-1",
                                     amount_excl_vat=D("1000.00"))
    SpilloverProof.objects.create(investment=investment, expense=expense, amount=D("1000.00"))
    case_investment = contribution_services.engine_investment(investment, investment.obligation.year)
    assert case_investment.spillover[0].postal_code == "4000"
    # three years after the contract without enough proof, the investment is reduced
    late = investment.document_date.replace(year=investment.document_date.year + 3) \
        + dt.timedelta(days=1)
    result = contribution_services.evaluate_editor(tele(), as_of=late).year(investment.obligation.year)
    assert result.explanation.as_dict("en")  # renders
    assert result.countable <= contribution_services.evaluate_editor(tele(), as_of=dt.date(2025, 1, 1)) \
        .year(investment.obligation.year).countable


def test_payroll_without_supplier_takes_the_producers_seat(demo):
    investment = Investment.objects.filter(editor=tele(), producer__registered_postal_code="4000",
                                           status="active").first()
    expense = Expense.objects.create(owner=tele().organisation, kind=Expense.Kind.PAYROLL,
                                     work=investment.work or Expense.objects.first().work,
                                     date=dt.date(2024, 6, 30), amount_excl_vat=D("5000.00"))
    SpilloverProof.objects.create(investment=investment, expense=expense, amount=D("5000.00"))
    [*_, payroll] = contribution_services.spillover_expenses(investment)
    assert (payroll.kind, payroll.postal_code) == ("salary", "4000")
