"""The bridge between the records and the law engine: build an engine case from an editor's
files, evaluate it, and hand the results to views, exports and the API. The web applies no legal
rule of its own; every figure comes from `montage.law` through here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from montage.law.case import Case, CaseInvestment, CaseYear, YearResult, evaluate
from montage.law.contribution import Contribution, compute_contribution
from montage.law.exemptions import Service as EngineService
from montage.law.independence import ProducerFacts, Shareholder, YearTurnover
from montage.law.investments import Investment as EngineInvestment
from montage.law.spillover import SpilloverExpense
from montage.law.turnover import TurnoverLine as EngineTurnoverLine
from montage.web.core.models import (EditorProfile, Expense, IndependenceAssessment, Investment,
                                     ObligationYear)

EXPENSE_KIND = {Expense.Kind.INVOICE: "invoice", Expense.Kind.PAYROLL: "salary",
                Expense.Kind.OVERHEAD: "overhead", Expense.Kind.PRODUCER_FEE: "producer_fee"}


def contribution_for(obligation: ObligationYear) -> Contribution | None:
    """The engine's contribution on the eligible turnover fixed by the CSA, if it is fixed."""
    if obligation.eligible_turnover is None:
        return None
    return compute_contribution(obligation.year, obligation.eligible_turnover)


def producer_facts(company, year: int) -> ProducerFacts | None:
    """The latest independence figures of a producer up to `year`, or None when never given."""
    if company is None:
        return None
    assessment = (IndependenceAssessment.objects.filter(company=company,
                                                        reference_year__lte=year)
                  .order_by("-reference_year").prefetch_related("shareholders", "turnover")
                  .first())
    if assessment is None:
        return None
    holdings = None
    if assessment.largest_share_in_an_editor is not None:
        holdings = {"—": assessment.largest_share_in_an_editor}
    turnover = [YearTurnover(t.year, t.total,
                             {t.editor_name: t.sales_to_editor} if t.editor_name else {})
                for t in assessment.turnover.all()] or None
    shareholders = [Shareholder(s.name, s.share, s.is_editor, s.share_in_an_editor)
                    for s in assessment.shareholders.all()]
    return ProducerFacts(company.name, assessment.established_in_eu,
                         assessment.separate_legal_personality, holdings,
                         shareholders, turnover)


def spillover_expenses(investment: Investment) -> list[SpilloverExpense]:
    proofs = investment.spillover_proofs.select_related("expense__supplier").order_by("pk")
    result = []
    for proof in proofs:
        expense, supplier = proof.expense, proof.expense.supplier
        result.append(SpilloverExpense(
            amount=proof.amount, kind=EXPENSE_KIND[expense.kind],
            supplier=supplier.name if supplier else "",
            postal_code=supplier.registered_postal_code if supplier and supplier.country == "BE"
            else None,
            operating_postal_code=(supplier.operating_postal_code or None)
            if supplier and supplier.operating_country in ("", "BE") else None,
            missing_fields=tuple(proof.missing_fields or ()),
            reference=expense.number or f"#{expense.pk}"))
    return result


def engine_investment(investment: Investment, year: int) -> CaseInvestment:
    facts = producer_facts(investment.producer, year)
    return CaseInvestment(
        EngineInvestment(
            category=investment.category, amount=investment.amount, id=str(investment.pk),
            title=str(investment.work or investment.get_category_display()),
            fwb_initiative=investment.fwb_initiative, genre=investment.genre or None,
            promotes_fwb_artists_or_heritage=investment.promotes_fwb_artists_or_heritage,
            delegated=bool(investment.delegated_to),
            counted_under_other_obligation=investment.counted_under_other_obligation,
            legal_advantage=investment.legal_advantage, status=investment.status,
            contract_date=investment.document_date, document=investment.document,
            justified_amount=investment.justified_amount,
            reassigned_from=str(investment.reassigned_from_id)
            if investment.reassigned_from_id else None,
            confidential=investment.confidential),
        producer=facts, spillover=spillover_expenses(investment),
        decision_date=investment.decision_date)


def _case_year(obligation: ObligationYear | None, year: int, kind: str) -> CaseYear:
    if obligation is None:  # no file that year: nothing owed, smoothing still runs through it
        return CaseYear(year, obligation=Decimal("0"))
    entry = CaseYear(year, form=obligation.form)
    if obligation.status == ObligationYear.Status.EXEMPT:
        entry.obligation = Decimal("0")
    elif obligation.amount is not None:
        entry.obligation = obligation.amount
    elif obligation.eligible_turnover is not None:
        entry.turnover = obligation.eligible_turnover
        entry.services = [EngineService(f.service.name, f.service.kind, f.audience_share,
                                        f.audiovisual_works_share)
                          for f in obligation.service_facts.select_related("service")]
    elif hasattr(obligation, "declaration") and obligation.declaration.lines.exists():
        entry.turnover_lines = [EngineTurnoverLine(line.category, line.amount,
                                                   line.agency_commissions, line.market,
                                                   line.service.name)
                                for line in obligation.declaration.lines.select_related(
                                    "service")]
    else:
        entry.obligation = Decimal("0")
    entry.investments = [engine_investment(i, year) for i in
                         obligation.investments.select_related("work", "producer")
                         .order_by("pk")]
    return entry


def build_case(editor: EditorProfile, as_of: dt.date | None = None) -> Case | None:
    """All of an editor's obligation years, gaps filled with empty years, as an engine case."""
    files = {o.year: o for o in editor.obligations.all()}
    if not files:
        return None
    years = range(min(files), max(files) + 1)
    return Case(str(editor), editor.establishment,
                [_case_year(files.get(year), year, editor.establishment) for year in years],
                as_of or timezone.localdate(), source=str(editor))


@dataclass
class EditorEvaluation:
    case: Case
    results: list[YearResult]

    def year(self, year: int) -> YearResult | None:
        return next((r for r in self.results if r.year == year), None)


def evaluate_editor(editor: EditorProfile, as_of: dt.date | None = None,
                    lang: str = "fr") -> EditorEvaluation | None:
    case = build_case(editor, as_of)
    if case is None:
        return None
    return EditorEvaluation(case, evaluate(case, lang=lang))
