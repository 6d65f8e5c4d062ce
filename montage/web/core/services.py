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
from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.investments.models import IndependenceAssessment, Investment
from montage.web.ledger.models import Expense

EXPENSE_KIND = {Expense.Kind.INVOICE: "invoice", Expense.Kind.PAYROLL: "salary",
                Expense.Kind.OVERHEAD: "overhead", Expense.Kind.PRODUCER_FEE: "producer_fee"}


def contribution_for(obligation: ObligationYear) -> Contribution | None:
    """The engine's contribution on the eligible turnover fixed by the CSA, if it is fixed."""
    if obligation.eligible_turnover is None:
        return None
    return compute_contribution(obligation.year, obligation.eligible_turnover)


# -- the contribution basis: chosen here, once ---------------------------------------------------
BASIS_FIXED = "fixed"         # the eligible turnover fixed by the CSA (deadline 3)
BASIS_LINES = "lines"         # the eligible turnover the engine computes from the declared lines
BASIS_ESTIMATE = "estimate"   # the editor's estimate of turnover n−1 (deadline 1)


@dataclass(frozen=True)
class ContributionBasis:
    """The turnover a file's contribution is computed on, and where it came from (`source`: one
    of BASIS_*, "" when nothing is known: `amount` is then None). `lines_error`: the engine's
    refusal of the declared lines, when it refused them (the estimate, if any, was taken)."""
    amount: Decimal | None
    source: str
    lines_error: str = ""

    @property
    def provisional(self) -> bool:
        """Only the CSA's figure is final; the lines and the estimate are the editor's."""
        return self.source != BASIS_FIXED


def contribution_basis(obligation: ObligationYear) -> ContributionBasis:
    """The one choice of basis for every page, API answer and export showing a file's
    provisional or fixed contribution.

    Order: fixed by the CSA → the declared lines → the editor's estimate. The CSA's figure is the
    decision (vade-mecum step 1, deadline 3) and beats everything. The lines (the Formulaire CA,
    deadline 2, 15 September) are the editor's detailed statement of its actual turnover n−1,
    by service and revenue line, read by the engine with the market shares and deductions; the
    estimate (deadline 1, 15 February) is one global figure given before the year's accounts
    were closed. So lines, once there are any, beat the estimate; the estimate remains only for a
    file without lines, or whose lines the engine refuses (then `lines_error` says why). Lines
    count as soon as they exist, draft or submitted, as the step-1 page has always shown them.
    """
    from montage.errors import MontageError

    if obligation.eligible_turnover is not None:
        return ContributionBasis(obligation.eligible_turnover, BASIS_FIXED)
    lines_error = ""
    try:
        computed = step1_eligible_turnover(obligation)
    except MontageError as error:
        computed, lines_error = None, str(error)
    if computed is not None:
        return ContributionBasis(computed.amount, BASIS_LINES)
    if obligation.turnover_estimate is not None:
        return ContributionBasis(obligation.turnover_estimate, BASIS_ESTIMATE, lines_error)
    return ContributionBasis(None, "", lines_error)


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
    elif (basis := contribution_basis(obligation)).source == BASIS_FIXED:
        entry.turnover = basis.amount
        entry.services = [EngineService(f.service.name, f.service.kind, f.audience_share,
                                        f.audiovisual_works_share)
                          for f in obligation.service_facts.select_related("service")]
    elif basis.source == BASIS_LINES:
        entry.turnover_lines = step1_engine_lines(obligation)
    else:
        # The investments are measured against an obligation the CSA fixed or the editor
        # declared; an estimate alone does not make one for the evaluation (unchanged).
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


# == step 2 (montage/web/investments/): register, smoothing, spillover, payments, committee ==========
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

    from montage.web.registry.models import AuditEntry

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
    from montage.web.investments.models import CommitteeMeeting

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


# == step 1 (added for montage/web/contribution/): the file's figures and calendar from the engine ====

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

    from montage.web.contribution.models import TurnoverDeclaration
    from montage.web.investments.models import Payment
    from montage.web.registry.models import AuditEntry

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


# == operations shared by the pages and the API (added for montage/web/api/) ====================
# The rules below were inside step1/views.py and step2/views.py; the pages and the JSON API both
# call them, so a rule is written once. They raise `Refused` instead of answering HTTP: the pages
# show its message (or its field errors on the form), the API answers 409 (state) or 422
# (fields). They do not check who calls: the caller asks montage.web.permissions first.

STEP1_EDITOR_OPEN = (ObligationYear.Status.OPEN, ObligationYear.Status.DECLARED)
STEP1_DECIDABLE = (ObligationYear.Status.OPEN, ObligationYear.Status.DECLARED,
                   ObligationYear.Status.FIXED, ObligationYear.Status.EXEMPT)
# The file's exemption grounds and the engine's (montage.law.exemptions) they stand for.
STEP1_ENGINE_GROUND = {
    ObligationYear.ExemptionGround.TURNOVER: "turnover_below_threshold",
    ObligationYear.ExemptionGround.AUDIENCE_LINEAR: "audience_share_below_minimum",
    ObligationYear.ExemptionGround.AUDIENCE_NON_LINEAR: "audience_share_below_minimum",
    ObligationYear.ExemptionGround.FEW_WORKS: "audiovisual_works_below_minimum",
}
STEP1_GROUND_SERVICE_KIND = {ObligationYear.ExemptionGround.AUDIENCE_LINEAR: "linear",
                             ObligationYear.ExemptionGround.AUDIENCE_NON_LINEAR: "non_linear"}


class Refused(Exception):
    """An operation the procedure refuses. With `errors` ({field: message}) the input is wrong
    (the page shows them on its form, the API answers 422 naming the fields); without, the
    record's state forbids it (the page shows `message`, the API answers 409)."""

    def __init__(self, message: str = "", errors: dict | None = None):
        self.errors = dict(errors or {})
        self.message = str(message or " ".join(str(m) for m in self.errors.values()))
        super().__init__(self.message)


def _step1_closed_message() -> str:
    from django.utils.translation import gettext as _

    return _("Step 1 of this file is closed to the editor: the CSA has decided.")


def step1_lines_locked_message() -> str:
    from django.utils.translation import gettext as _

    return _("The turnover form is submitted: its lines can no longer be changed.")


def step1_open_year(editor: EditorProfile, year: int, today: dt.date):
    """The editor opens its file for `year` (this year or the next): (file, created)."""
    from django.utils.translation import gettext as _

    from montage.web.registry.audit import record_decision

    if year > today.year + 1:
        raise Refused(errors={"year": _("A file can be opened for this year or the next one "
                                        "only.")})
    file, created = ObligationYear.objects.get_or_create(editor=editor, year=year)
    if created:
        record_decision(file, "file_opened", note=str(year))
    return file, created


def step1_file_choice(obligation: ObligationYear, form: str, turnover_estimate: Decimal,
                      first_activity_day: dt.date | None, today: dt.date) -> None:
    """Deadline 1: the form of contribution, the estimate and the first day of activity. The
    deadline comes from the engine's calendar (first year: 30 days after day one); once passed,
    a filed choice is locked and a late choice can only be the payment."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from montage.law.calendar import editor_calendar
    from montage.web.registry.audit import record_decision

    if obligation.status not in STEP1_EDITOR_OPEN:
        raise Refused(_step1_closed_message())
    calendar = editor_calendar(obligation.year, as_of=today,
                               first_activity_day=first_activity_day)
    due = next(d.due for d in calendar.deadlines if d.key == "choice_of_form")
    on_time = today <= due
    if obligation.choice_filed_on is not None and not on_time:
        raise Refused(_("The choice of form was filed and its deadline has passed: it can no "
                        "longer be changed."))
    if not on_time and form == ObligationYear.Form.INVESTMENTS:
        raise Refused(errors={"form": _(
            "The deadline (%(due)s) has passed: without a form made official in time, the "
            "contribution takes the form of a payment to the CCA.") % {
            "due": due.strftime("%d/%m/%Y")}})
    with transaction.atomic():
        obligation.form = form
        obligation.turnover_estimate = turnover_estimate
        obligation.choice_filed_on = today
        obligation.save()
        editor = obligation.editor
        if first_activity_day != editor.first_activity_day:
            editor.first_activity_day = first_activity_day
            editor.save()
        record_decision(obligation, "choice_filed",
                        note=f"{obligation.form} {obligation.choice_filed_on}")


def step1_editable_declaration(obligation: ObligationYear):
    """The draft declaration (a new, unsaved one before the first line), or None when the
    lines are locked (file closed to the editor, or form submitted)."""
    from montage.web.contribution.models import TurnoverDeclaration

    if obligation.status not in STEP1_EDITOR_OPEN:
        return None
    declaration = TurnoverDeclaration.objects.filter(obligation=obligation).first()
    if declaration is not None and declaration.status != TurnoverDeclaration.Status.DRAFT:
        return None
    return declaration or TurnoverDeclaration(obligation=obligation)


def step1_market_basis(declaration) -> str:
    """The declaration's summary basis, derived from its lines' markets."""
    from montage.web.contribution.models import TurnoverDeclaration, TurnoverLine

    markets = set(declaration.lines.values_list("market", flat=True))
    if TurnoverLine.Market.BELGIUM_TOTAL in markets:
        return TurnoverDeclaration.MarketBasis.BELGIUM_WHOLE
    if TurnoverLine.Market.BRUSSELS_TOTAL in markets:
        return TurnoverDeclaration.MarketBasis.BRUSSELS_WHOLE
    return TurnoverDeclaration.MarketBasis.FWB


# -- the turnover lines: one writer ----------------------------------------------------------
# Every write of a TurnoverLine goes through the three functions below, whatever the channel:
# the step-1 page, the Formulaire CA workbook import (exchange/formulaire.py), the JSON API. The
# lock is checked here, inside the write's transaction, on the declaration row: the rule is in
# docs/web-contribution.md ("Who may change the turnover lines"). A refusal is `Refused` (no field
# errors: the page shows its message, the import lists it, the API answers 409). The channels
# validate the fields themselves (LineForm, the workbook's parser) and pass them clean.

STEP1_LINE_FIELDS = ("service", "category", "market", "amount", "agency_commissions",
                     "confidential")


def step1_lines_refusal(obligation: ObligationYear, declaration=None) -> str:
    """Why the editor may not change the file's turnover lines now ("" when it may): the file is
    closed to the editor (the CSA has decided), or the declaration is no longer a draft (submitted
    to the CSA, or accepted). `declaration`: the one already read, else read here."""
    from montage.web.contribution.models import TurnoverDeclaration

    if obligation.status not in STEP1_EDITOR_OPEN:
        return _step1_closed_message()
    if declaration is None:
        declaration = TurnoverDeclaration.objects.filter(obligation=obligation).first()
    if declaration is not None and declaration.status != TurnoverDeclaration.Status.DRAFT:
        return step1_lines_locked_message()
    return ""


def _step1_writable_declaration(obligation: ObligationYear, create: bool):
    """Inside a transaction: the file and its draft declaration, re-read and locked for update
    (a submission racing with a write waits), created when `create` and missing; Refused when
    the lines are locked."""
    from montage.web.contribution.models import TurnoverDeclaration

    obligation = ObligationYear.objects.select_for_update().get(pk=obligation.pk)
    declaration = TurnoverDeclaration.objects.select_for_update().filter(
        obligation=obligation).first()
    refusal = step1_lines_refusal(obligation, declaration)
    if refusal:
        raise Refused(refusal)
    if declaration is None and create:
        declaration = TurnoverDeclaration.objects.create(obligation=obligation)
    return declaration


def _step1_update_market_basis(declaration) -> None:
    basis = step1_market_basis(declaration)
    if declaration.market_basis != basis:
        declaration.market_basis = basis
        declaration.save()


def step1_create_line(obligation: ObligationYear, fields: dict):
    """A new line of the file's draft declaration (created with its first line)."""
    from django.db import transaction

    from montage.web.contribution.models import TurnoverLine

    with transaction.atomic():
        declaration = _step1_writable_declaration(obligation, create=True)
        line = TurnoverLine(declaration=declaration,
                            **{k: v for k, v in fields.items() if k in STEP1_LINE_FIELDS})
        line.save()
        _step1_update_market_basis(declaration)
    return line


def step1_update_line(line, fields: dict):
    """Change the given fields of a line of a draft declaration."""
    from django.db import transaction

    with transaction.atomic():
        declaration = _step1_writable_declaration(line.declaration.obligation, create=False)
        if declaration is None or declaration.pk != line.declaration_id:
            raise Refused(step1_lines_locked_message())
        for key, value in fields.items():
            if key in STEP1_LINE_FIELDS:
                setattr(line, key, value)
        line.save()
        _step1_update_market_basis(declaration)
    return line


def step1_delete_line(line) -> None:
    """Delete a line of a draft declaration; the deletion is recorded on the file."""
    from django.db import transaction

    from montage.web.registry.audit import record_decision

    with transaction.atomic():
        obligation = line.declaration.obligation
        declaration = _step1_writable_declaration(obligation, create=False)
        if declaration is None or declaration.pk != line.declaration_id:
            raise Refused(step1_lines_locked_message())
        record_decision(obligation, "turnover_line_deleted",
                        note=f"{line.service} · {line.category} · {line.market} · "
                             f"{line.amount}")
        line.delete()
        _step1_update_market_basis(declaration)


def step1_save_line(obligation: ObligationYear, line_form):
    """A valid step-1 LineForm (the page's and the API's): a new line or a changed one."""
    fields = {key: line_form.cleaned_data[key] for key in STEP1_LINE_FIELDS
              if key in line_form.cleaned_data}
    if line_form.instance.pk is None:
        return step1_create_line(obligation, fields)
    return step1_update_line(line_form.instance, fields)


def step1_save_facts(obligation: ObligationYear, figures: dict) -> None:
    """figures: {service: (audience_share, audiovisual_works_share)} (fractions or None) for
    services of the editor; a service without a record and without figures is skipped."""
    from django.db import transaction

    from montage.web.contribution.models import ServiceYearFacts

    if obligation.status not in STEP1_EDITOR_OPEN:
        raise Refused(_step1_closed_message())
    with transaction.atomic():
        for service, (audience, works) in figures.items():
            facts = ServiceYearFacts.objects.filter(obligation=obligation,
                                                    service=service).first()
            if facts is None:
                if audience is None and works is None:
                    continue
                facts = ServiceYearFacts(obligation=obligation, service=service)
            facts.audience_share = audience
            facts.audiovisual_works_share = works
            facts.save()


def step1_submit(obligation: ObligationYear, today: dt.date):
    """The editor submits its Formulaire CA to the CSA (the engine must accept the lines)."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from montage.errors import MontageError
    from montage.web.registry.audit import record_decision
    from montage.web.contribution.models import TurnoverDeclaration

    declaration = step1_editable_declaration(obligation)
    if declaration is None or declaration.pk is None or not declaration.lines.exists():
        raise Refused(_("There is no draft turnover form with lines to submit."))
    try:
        step1_eligible_turnover(obligation)
    except MontageError as error:
        raise Refused(_("The engine refuses these lines: %(error)s") % {"error": error}) from None
    with transaction.atomic():
        declaration.status = TurnoverDeclaration.Status.SUBMITTED
        declaration.submitted_on = today
        declaration.save()
        if obligation.status == ObligationYear.Status.OPEN:
            obligation.status = ObligationYear.Status.DECLARED
            obligation.save()
        record_decision(obligation, "turnover_form_submitted",
                        note=str(declaration.submitted_on))
    return declaration


def step1_ask(obligation: ObligationYear, text: str, user):
    from django.db import transaction

    from montage.web.registry.audit import record_decision
    from montage.web.contribution.models import Question

    with transaction.atomic():
        question = Question.objects.create(obligation=obligation, asked_by=user, text=text)
        record_decision(obligation, "question_asked", note=text[:300])
    return question


def step1_answer(question, answer: str, user) -> None:
    from django.db import transaction
    from django.utils.translation import gettext as _

    from montage.web.registry.audit import record_decision

    if question.answer:
        raise Refused(_("This question is already answered."))
    with transaction.atomic():
        question.answer = answer
        question.answered_by = user
        question.answered_at = timezone.now()
        question.save()
        record_decision(question.obligation, "question_answered", note=answer[:300])


def step1_decision_check(obligation: ObligationYear, eligible: Decimal, outcome: str,
                         ground: str, lang: str = "fr"):
    """The engine's contribution and exemptions on `eligible`, and the CSA's outcome checked
    against them: (contribution, exemption), or Refused with the fields in error."""
    from django.utils.translation import gettext as _

    from montage.errors import MontageError
    from montage.law.messages import LABELS

    try:
        contribution = compute_contribution(obligation.year, eligible)
        exemption = step1_exemptions(obligation, contribution)
    except MontageError as error:
        raise Refused(errors={"eligible_turnover": str(error)}) from None
    errors = {}
    if outcome == "fixed" and exemption.exempt:
        errors["outcome"] = _("The engine finds the editor exempt (%(grounds)s): record an "
                              "exemption.") % {"grounds": ", ".join(
            LABELS.get(g, {}).get(lang, g) for g in exemption.grounds)}
    if outcome == "exempt" and ground:
        kinds = set(obligation.editor.services.values_list("kind", flat=True))
        needs_kind = STEP1_GROUND_SERVICE_KIND.get(ground)
        if STEP1_ENGINE_GROUND[ground] not in exemption.grounds or (
                needs_kind and needs_kind not in kinds):
            errors["exemption_ground"] = _("The engine does not find this ground on these "
                                           "figures.")
    if errors:
        raise Refused(errors=errors)
    return contribution, exemption


def step1_decide(obligation: ObligationYear, eligible: Decimal, outcome: str, ground: str,
                 note: str, today: dt.date, lang: str = "fr") -> None:
    """The CSA fixes the eligible turnover and the engine's amount, or an exemption with its
    ground (deadline 3); a submitted Formulaire CA is then accepted."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from montage.web.registry.audit import record_decision
    from montage.web.contribution.models import TurnoverDeclaration

    if obligation.status not in STEP1_DECIDABLE:
        raise Refused(_("The CCA has validated this file: step 1 can no longer be changed."))
    contribution, _exemption = step1_decision_check(obligation, eligible, outcome, ground, lang)
    with transaction.atomic():
        obligation.eligible_turnover = eligible
        obligation.eligible_fixed_on = today
        if outcome == "fixed":
            obligation.amount = contribution.amount
            obligation.exemption_ground = ""
            obligation.status = ObligationYear.Status.FIXED
            summary = f"{contribution.amount} = {eligible} × {contribution.rate}"
        else:
            obligation.amount = Decimal("0.00")
            obligation.exemption_ground = ground
            obligation.status = ObligationYear.Status.EXEMPT
            summary = f"exempt: {ground}"
        refuse_decided_changes(obligation)  # the CSA (permissions.DECIDED_FIELDS)
        obligation.save()
        declaration = TurnoverDeclaration.objects.filter(obligation=obligation).first()
        if declaration is not None and declaration.status == TurnoverDeclaration.Status.SUBMITTED:
            declaration.status = TurnoverDeclaration.Status.ACCEPTED
            declaration.save()
        record_decision(obligation, "csa_decision_" + outcome,
                        note=summary + (f" — {note}" if note else ""))


def step1_presume(obligation: ObligationYear, today: dt.date):
    """Information late: the CSA sets the presumed contribution as a payment to the CCA."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from montage.law.calendar import editor_calendar
    from montage.law.contribution import presumed_contribution
    from montage.web.registry.audit import record_decision
    from montage.web.investments.models import Payment

    if obligation.status not in STEP1_DECIDABLE:
        raise Refused(_("The CCA has validated this file: step 1 can no longer be changed."))
    if not step1_calendar(obligation, today).presumption_applies:
        raise Refused(_("The presumption does not apply: the information came in time."))
    if obligation.payments.filter(reason=Payment.Reason.PRESUMED).exists():
        raise Refused(_("The presumed payment is already set."))
    amount, _explanation = presumed_contribution(obligation.year)
    payment_calendar = editor_calendar(obligation.year, as_of=today, chosen_form="payment")
    due = next((d.due for d in payment_calendar.deadlines if d.key == "payment"), None)
    with transaction.atomic():
        payment = Payment.objects.create(obligation=obligation, reason=Payment.Reason.PRESUMED,
                                         amount=amount, due_on=due)
        record_decision(obligation, "presumed_payment_set", note=f"{amount} due {due}")
    return payment


def step1_add_attachment(obligation: ObligationYear, kind: str, file, description: str,
                         confidential: bool, user):
    """A supporting document of the editor's step-1 filing (private: served to its readers)."""
    import os

    from montage.web.registry.audit import record_decision
    from montage.web.contribution.models import Attachment

    if obligation.status not in STEP1_EDITOR_OPEN:
        raise Refused(_step1_closed_message())
    attachment = Attachment.objects.create(
        obligation=obligation, checklist_key=kind, file=file, description=description,
        confidential=confidential, uploaded_by=user)
    record_decision(obligation, "attachment_added",
                    note=f"{attachment.checklist_key}: {os.path.basename(attachment.file.name)}")
    return attachment


# -- step 2 operations ------------------------------------------------------------------------

def step2_set_status(investment: Investment, status_form) -> None:
    """Save a valid step-2 StatusForm (the CCA: unrealised, cancelled, active) and record it."""
    from django.db import transaction

    from montage.web.registry.audit import record_decision

    refuse_decided_changes(status_form.instance)  # the CCA (permissions.DECIDED_FIELDS)
    with transaction.atomic():
        status_form.save()
        data = status_form.cleaned_data
        note = " · ".join(filter(None, [
            f"decision_date={data['decision_date'].isoformat()}"
            if data.get("decision_date") else "", data.get("note", "")]))
        record_decision(investment, f"status:{investment.status}", note)


def step2_add_document(investment: Investment, checklist_key: str, file, description: str,
                       confidential: bool, user):
    from django.db import transaction

    from montage.web.registry.audit import record_decision
    from montage.web.contribution.models import Attachment

    with transaction.atomic():
        attachment = Attachment.objects.create(
            investment=investment, checklist_key=checklist_key, file=file,
            description=description, confidential=confidential, uploaded_by=user)
        record_decision(investment, "document_filed",
                        f"{attachment.checklist_key}: {attachment.file.name}")
    return attachment


def step2_offered_expenses(user, investment: Investment):
    """The expenses that may be shown as spillover of `investment`: those of its work not yet
    shown; a producer (not the editor) offers its own ledger only."""
    from montage.web import permissions
    from montage.web.ledger.models import Expense

    if investment.work_id is None:
        return Expense.objects.none()
    expenses = Expense.objects.filter(work_id=investment.work_id).exclude(
        spillover_proofs__investment=investment).select_related("supplier")
    if not permissions.can_edit_investments(user, investment.editor):
        expenses = expenses.filter(owner__in=permissions.organisations(user, "producer"))
    return expenses.order_by("date", "pk")


def step2_add_spillover(investment: Investment, expense, amount: Decimal | None):
    """A spillover proof: the expense's amount excluding VAT unless a (smaller) amount is
    given (the step-2 SpilloverProofForm checks it)."""
    from montage.web.investments.models import SpilloverProof

    return SpilloverProof.objects.create(
        investment=investment, expense=expense,
        amount=expense.amount_excl_vat if amount is None else amount)


def step2_save_committee(editor: EditorProfile, year: int, committee_form):
    """Save a valid step-2 CommitteeForm (the CCA) and record the meeting."""
    from django.db import transaction

    from montage.web.registry.audit import record_decision

    refuse_decided_changes(committee_form.instance)  # the CCA (permissions.DECIDED_FIELDS)
    with transaction.atomic():
        meeting = committee_form.save()
        held = meeting.held_on.isoformat() if meeting.held_on else ""
        record_decision(meeting, "committee_meeting", f"held_on={held}")
    return meeting


def step2_save_independence(form, shareholders, turnover):
    """Save valid step-2 independence forms (assessment + shareholders + turnover formsets)."""
    from django.db import transaction

    from montage.web.registry.audit import record_decision

    with transaction.atomic():
        assessment = form.save()
        shareholders.instance = turnover.instance = assessment
        shareholders.save()
        turnover.save()
        record_decision(assessment.company, "independence_figures",
                        f"reference year {assessment.reference_year}")
    return assessment


def step2_checklist(investment: Investment, lang: str = "fr") -> list[dict]:
    """The documents an investment needs (montage.law.investments.required_documents), headed
    by the contract to come when only a commitment letter is filed (§5)."""
    from django.utils.translation import gettext as _

    from montage.law.investments import required_documents

    items = required_documents(investment.category, fwb_initiative=investment.fwb_initiative,
                               genre=investment.genre or None, lang=lang)
    if investment.document == Investment.Document.COMMITMENT_LETTER:
        items = [{"key": "commitment_letter",
                  "label": _("Commitment letter, dated and signed (provisional, §5): the "
                             "contract must follow")}] + items
    return items


def step2_reassignable(editor: EditorProfile, investment: Investment | None = None):
    """The investments a new or changed one may be the reassignment of (§6): the editor's
    unrealised projects, itself excluded."""
    rows = Investment.objects.filter(editor=editor, status=Investment.Status.UNREALISED)
    if investment is not None and investment.pk:
        rows = rows.exclude(pk=investment.pk)
    return rows


# == locking (shared by the step-2 pages and the API) ============================================

def investments_locked(obligation: ObligationYear) -> bool:
    """Once the CCA has validated or closed a file, its investments no longer change."""
    return obligation.status in (ObligationYear.Status.VALIDATED, ObligationYear.Status.CLOSED)


def investments_locked_message() -> str:
    from django.utils.translation import gettext as _

    return _("This obligation file is validated or closed: its investments can no longer "
             "change.")


# == decided fields (montage.web.permissions.DECIDED_FIELDS), for every channel ===============

def refuse_decided_changes(instance, user=None) -> None:
    """Refuse (permissions.DecidedFieldRefused, naming the field) a decided field that `instance`
    changes, or sets on creation, and that the writer may not write: `user`, else whoever the
    audit trail records as acting (pages: the request's user; API and imports: acting_as the
    caller). Nobody acting (a command, the demo): no check."""
    from montage.web import permissions
    from montage.web.registry.audit import acting_user

    user = user if user is not None else acting_user()
    if user is None:
        return
    permissions.refuse_decided_fields(user, instance, permissions.changed_decided_fields(instance))


def save_checked(instance, user=None):
    """Save `instance` once refuse_decided_changes lets it through."""
    refuse_decided_changes(instance, user)
    instance.save()
    return instance


def step2_save_investment(investment: Investment, user) -> Investment:
    """An investment as its editor files it (step-2 page, JSON API, Récapitulatif Invest
    import): its status, justified amount and decision date are the CCA's (step2_set_status), so
    a change of them, or a new investment that is not `active`, is refused."""
    return save_checked(investment, user)
