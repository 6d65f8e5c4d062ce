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
    """The investment's proofs as the engine's expenses. Payroll, overheads and the producer's
    fee have no supplier: the producer's seat decides their territory (vade-mecum §9)."""
    proofs = investment.spillover_proofs.select_related("expense__supplier").order_by("pk")
    producer = investment.producer or (investment.work.producer if investment.work else None)
    result = []
    for proof in proofs:
        expense, supplier = proof.expense, proof.expense.supplier
        if supplier is None and expense.kind != Expense.Kind.INVOICE:
            supplier = producer
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


# == step 2 (montage/web/step2/): register, smoothing, spillover, payments, committee ==========
# Added for the step-2 pages and the committee exports: every figure still comes from the engine.

def step_lines(explanation, keys, lang: str = "fr") -> list[tuple[str, str, dict]]:
    """(key, text, args) of every step of `explanation` and its children whose key is in
    `keys`, in order: how the pages quote the engine's own sentences for one rule."""
    found = []
    for line in explanation.steps:
        if line.key in keys:
            found.append((line.key, line.text(lang), line.args))
    for child in explanation.children:
        found.extend(step_lines(child, keys, lang))
    return found


def _child(explanation, subject_key: str):
    if explanation.subject.key == subject_key:
        return explanation
    for child in explanation.children:
        found = _child(child, subject_key)
        if found is not None:
            return found
    return None


def smoothing_explanation(result: YearResult):
    """The smoothing part (§8) of a year's explanation."""
    return _child(result.explanation, "smoothing_subject")


def validation_explanation(result: YearResult):
    """The floors-and-caps part (§3) of a year's explanation."""
    return _child(result.explanation, "validation_subject")


def carry_years(year: int) -> int:
    """How many following years a surplus or shortfall of `year` stays open (§8)."""
    from montage.law.contribution import obligation_date
    from montage.law.parameters import default

    return default().get("smoothing.carry_years", obligation_date(year)).value


def payment_dates(year: int) -> dict:
    """The CCA's letter date and the payment's due date for money owed for `year` (step 2 §2):
    15 January and 15 February of year n+1, from the engine's calendar."""
    from montage.law.calendar import editor_calendar

    calendar = editor_calendar(year, as_of=dt.date(year, 1, 1), chosen_form="payment",
                               done={"choice_of_form": dt.date(year, 1, 1)})
    dues = {d.key: d.due for d in calendar.deadlines}
    return {"letter": dues.get("payment_letter"), "due": dues.get("payment")}


PAYMENT_STEPS = {"smoothing_payment_form": "obligation",
                 "smoothing_shortfall_expired": "shortfall",
                 "case_unrealised_payment": "unrealised"}


def payments_due(evaluation: EditorEvaluation, lang: str = "fr") -> list[dict]:
    """What the engine says the editor owes the CCA, one row per year and reason:
    {year, reason (a Payment.Reason value), amount, origin, text, letter, due}."""
    rows = []
    for result in evaluation.results:
        if not result.payment_due:
            continue
        dates = payment_dates(result.year)
        for key, text, args in step_lines(result.explanation, PAYMENT_STEPS, lang):
            amount = args.get("amount", args.get("remainder"))
            rows.append({"year": result.year, "reason": PAYMENT_STEPS[key], "amount": amount,
                         "origin": args.get("origin", result.year), "text": text,
                         "letter": dates["letter"], "due": dates["due"]})
    return rows


def unrealised_projects(editor: EditorProfile, evaluation: EditorEvaluation | None,
                        lang: str = "fr") -> list[dict]:
    """Step 2 §6 for each unrealised investment: its reassignment deadline (3 years after the
    initial decision), what was justified and reassigned, what is left, and the engine's
    verdict."""
    from montage.law.parameters import default
    from montage.law.spillover import add_years

    rows = []
    for investment in (Investment.objects.filter(editor=editor, status=Investment.Status.UNREALISED)
                       .select_related("work", "obligation").order_by("obligation__year", "pk")):
        decided = investment.decision_date or investment.document_date
        deadline = None
        if decided is not None:
            years = default().get("investments.unrealised_reassignment_years", decided).value
            deadline = add_years(decided, years)
        reassignments = list(investment.reassignments.select_related("obligation", "work"))
        reassigned = sum((r.amount for r in reassignments), Decimal("0"))
        to_reassign = investment.amount - (investment.justified_amount or Decimal("0"))
        check = None
        if evaluation is not None:
            result = evaluation.year(investment.obligation.year)
            check = next((c for c in (result.checks if result else [])
                          if c.name == "unrealised_reassignment"
                          and c.investment == str(investment.pk)), None)
        rows.append({"investment": investment, "decided": decided, "deadline": deadline,
                     "justified": investment.justified_amount or Decimal("0"),
                     "reassignments": reassignments, "reassigned": reassigned,
                     "left": max(Decimal("0"), to_reassign - reassigned),
                     "ok": check.ok if check else None, "detail": check.detail if check else ""})
    return rows


def spillover_for(investment: Investment, as_of: dt.date | None = None, lang: str = "fr"):
    """The engine's §9 assessment of one investment's spillover proofs."""
    from montage.law.spillover import assess_spillover

    return assess_spillover(investment.amount, spillover_expenses(investment),
                            contract_date=investment.document_date,
                            as_of=as_of or timezone.localdate(), label=str(investment.pk))


def independence_for(assessment: IndependenceAssessment, on: dt.date | None = None,
                     lang: str = "fr"):
    """The engine's five tests (§4, annex 1) on one assessment of a producer, with the limits
    in force on `on` (today by default)."""
    from montage.law.independence import check_independence

    facts = producer_facts(assessment.company, assessment.reference_year)
    return check_independence(facts, on or timezone.localdate(), lang=lang)


def investment_decision(investment: Investment) -> dict:
    """The CCA's latest decision on an investment, read from the audit trail:
    {state: none | validated | refused | changed, entry}. `changed` = edited after the decision,
    to be examined again."""
    from django.contrib.contenttypes.models import ContentType

    from montage.web.core.models import AuditEntry

    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Investment),
        object_id=str(investment.pk)).order_by("-at", "-pk")
    decision = entries.filter(action=AuditEntry.Action.DECISION,
                              new_value__in=("validated", "refused")).first()
    if decision is None:
        return {"state": "none", "entry": None}
    changed = entries.filter(action=AuditEntry.Action.CHANGED, pk__gt=decision.pk,
                             field__in=("amount", "category", "fwb_initiative",
                                        "obligation_id")).exists()
    return {"state": "changed" if changed else decision.new_value, "entry": decision}


def committee_report(editor: EditorProfile, year: int, lang: str = "fr") -> dict:
    """The accompanying committee's report of one editor's year (step 2 §10), as plain data for
    the HTML page, the PDF and the .xlsx: nothing confidential. Amounts shown are the obligation
    and the listed (non-confidential) investments; the engine's verdicts are given as met / not
    met without their detail, which could quote a confidential amount; a 5 % cap verdict is
    omitted when only confidential investments are in that category."""
    from django.utils import translation

    with translation.override(lang):
        return _committee_report(editor, year, lang)


def _committee_report(editor: EditorProfile, year: int, lang: str) -> dict:
    from montage.web.core.models import CommitteeMeeting

    obligation = ObligationYear.objects.get(editor=editor, year=year)
    evaluation = evaluate_editor(editor, lang=lang)
    result = evaluation.year(year) if evaluation else None
    investments = list(obligation.investments.select_related("work", "producer")
                       .order_by("category", "pk"))
    listed = [i for i in investments if not i.confidential]
    listed_categories = {i.category for i in listed}
    small_caps = {"training_cap": "training", "accessibility_cap": "accessibility",
                  "dubbing_subtitling_cap": "dubbing_subtitling"}
    verdicts = []
    if result is not None:
        for check in result.checks:
            if check.investment:
                continue
            if check.name in small_caps and small_caps[check.name] not in listed_categories:
                continue
            verdicts.append({"name": check.name, "ok": check.ok})
    totals: dict[str, Decimal] = {}
    for i in listed:
        if i.status != Investment.Status.CANCELLED:
            totals[i.category] = totals.get(i.category, Decimal("0")) + i.amount
    meeting = CommitteeMeeting.objects.filter(editor=editor, year=year).first()
    return {
        "editor": str(editor),
        "year": year,
        "form": obligation.form,
        "obligation": result.obligation if result else obligation.amount,
        "investments": [{
            "id": i.pk, "category": i.category, "category_label": i.get_category_display(),
            "work": str(i.work) if i.work else "", "producer": str(i.producer or ""),
            "fwb_initiative": i.fwb_initiative, "genre": i.genre,
            "document": i.document, "document_label": i.get_document_display(),
            "document_date": i.document_date, "amount": i.amount, "status": i.status,
            "status_label": i.get_status_display(), "delegated_to": i.delegated_to}
            for i in listed],
        "total_listed": sum((i.amount for i in listed
                             if i.status != Investment.Status.CANCELLED), Decimal("0")),
        "by_category": totals,
        "withheld": len(investments) - len(listed),
        "verdicts": verdicts,
        "meeting": {"held_on": meeting.held_on, "opinion": meeting.opinion} if meeting else None,
    }


# == step 1 (added for montage/web/step1/): the file's figures and calendar from the engine ====

def step1_engine_lines(obligation: ObligationYear) -> list[EngineTurnoverLine]:
    """The Formulaire CA lines of the file, as the engine reads them."""
    declaration = getattr(obligation, "declaration", None)
    if declaration is None:
        return []
    return [EngineTurnoverLine(line.category, line.amount, line.agency_commissions, line.market,
                               line.service.name)
            for line in declaration.lines.select_related("service").order_by("pk")]


def step1_eligible_turnover(obligation: ObligationYear):
    """montage.law.turnover.eligible_turnover on the file's lines (None without lines).
    Raises the engine's InputError when a line does not fit the editor."""
    from montage.law.turnover import eligible_turnover

    lines = step1_engine_lines(obligation)
    if not lines:
        return None
    return eligible_turnover(obligation.editor.establishment, lines, obligation.year)


def step1_services(obligation: ObligationYear) -> list[EngineService]:
    """Every service of the editor with the year's figures (None when not given)."""
    facts = {f.service_id: f for f in obligation.service_facts.all()}
    result = []
    for service in obligation.editor.services.order_by("name"):
        f = facts.get(service.pk)
        result.append(EngineService(service.name, service.kind,
                                    f.audience_share if f else None,
                                    f.audiovisual_works_share if f else None))
    return result


def step1_exemptions(obligation: ObligationYear, contribution: Contribution):
    """montage.law.exemptions.service_exemptions for the file, given the contribution's band."""
    from montage.law.exemptions import service_exemptions

    return service_exemptions(obligation.year, step1_services(obligation),
                              turnover_exempt=contribution.exempt)


def step1_first_activity_day(obligation: ObligationYear) -> dt.date | None:
    """The editor's first day of activity, as filed with its choice of form, or None."""
    return obligation.editor.first_activity_day


def step1_done_dates(obligation: ObligationYear) -> dict[str, dt.date]:
    """What the records say was done, and when, for montage.law.calendar.editor_calendar."""
    from django.contrib.contenttypes.models import ContentType

    from montage.web.core.models import AuditEntry, Payment, TurnoverDeclaration

    done: dict[str, dt.date] = {}
    if obligation.choice_filed_on:
        done["choice_of_form"] = obligation.choice_filed_on
    if obligation.turnover_estimate is not None:
        if obligation.choice_filed_on:      # the estimate is filed with the choice
            done["turnover_estimate"] = obligation.choice_filed_on
        else:                               # else: the day it was first recorded
            entry = (AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(ObligationYear),
                object_id=str(obligation.pk), field="turnover_estimate")
                .order_by("at", "pk").first())
            if entry is not None:
                done["turnover_estimate"] = timezone.localdate(entry.at)
    declaration = getattr(obligation, "declaration", None)
    if (declaration is not None and declaration.submitted_on
            and declaration.status != TurnoverDeclaration.Status.DRAFT):
        done["turnover_form"] = declaration.submitted_on
    if obligation.eligible_fixed_on and obligation.status in (
            ObligationYear.Status.FIXED, ObligationYear.Status.EXEMPT,
            ObligationYear.Status.VALIDATED, ObligationYear.Status.CLOSED):
        done["csa_decision"] = obligation.eligible_fixed_on
    payment = obligation.payments.filter(reason=Payment.Reason.OBLIGATION).first()
    if payment is not None:
        if payment.letter_sent_on:
            done["payment_letter"] = payment.letter_sent_on
        if payment.paid_on:
            done["payment"] = payment.paid_on
    return done


def step1_calendar(obligation: ObligationYear, as_of: dt.date | None = None):
    """montage.law.calendar.editor_calendar for the file, on `as_of` (today by default), with
    the form filed (None when no choice was filed) and the dates already recorded."""
    from montage.law.calendar import editor_calendar

    return editor_calendar(obligation.year, as_of=as_of or timezone.localdate(),
                           chosen_form=obligation.form if obligation.choice_filed_on else None,
                           done=step1_done_dates(obligation),
                           first_activity_day=step1_first_activity_day(obligation))
