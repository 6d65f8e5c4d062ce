"""The contribution obligation's services: the bridge between the records and the law engine
(an editor's files become an engine case, evaluated, for the pages, exports and API), and step 1's
operations (the file's figures and calendar, the turnover lines' one writer, submission, the CSA's
questions and decision). The web applies no legal rule of its own; every figure comes from
`montage.law` through here, computed on `current_parameters()` (the shipped parameter files and
the values the CCA entered since, montage.web.parameters), never on the engine's default set. The operations raise `Refused`; they do not check who calls: the
caller asks montage.web.permissions first.
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
from montage.web.investments import decisions
from montage.web.investments.models import IndependenceAssessment, Investment
from montage.web.ledger.models import Expense
from montage.web.parameters.services import current_parameters
from montage.web.registry.services import Refused, refuse_decided_changes


EXPENSE_KIND = {Expense.Kind.INVOICE: "invoice", Expense.Kind.PAYROLL: "salary",
                Expense.Kind.OVERHEAD: "overhead", Expense.Kind.PRODUCER_FEE: "producer_fee"}


def contribution_for(obligation: ObligationYear) -> Contribution | None:
    """The engine's contribution on the eligible turnover fixed by the CSA, if it is fixed."""
    if obligation.eligible_turnover is None:
        return None
    return compute_contribution(obligation.year, obligation.eligible_turnover,
                                current_parameters())


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
    return producers_facts([company])(company, year)


def producers_facts(companies):
    """producer_facts for many producers, their assessments read at once (three queries):
    a function (company, year) -> ProducerFacts | None."""
    ids = {company.pk for company in companies if company is not None}
    assessments: dict[int, list[IndependenceAssessment]] = {}
    if ids:
        for assessment in (IndependenceAssessment.objects.filter(company_id__in=ids)
                           .order_by("-reference_year", "pk")
                           .prefetch_related("shareholders", "turnover")):
            assessments.setdefault(assessment.company_id, []).append(assessment)

    def facts(company, year: int) -> ProducerFacts | None:
        if company is None:
            return None
        assessment = next((a for a in assessments.get(company.pk, ())
                           if a.reference_year <= year), None)
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
    return facts


def _proofs_prefetch():
    """The investments' spillover proofs with their expenses and suppliers, for many at once."""
    from django.db.models import Prefetch

    from montage.web.investments.models import SpilloverProof

    return Prefetch("spillover_proofs", queryset=SpilloverProof.objects.select_related(
        "expense__supplier").order_by("pk"))


def spillover_expenses(investment: Investment) -> list[SpilloverExpense]:
    """The investment's proofs as the engine's expenses. Payroll, overheads and the producer's
    fee have no supplier: the producer's seat decides their territory (vade-mecum §9)."""
    if "spillover_proofs" in getattr(investment, "_prefetched_objects_cache", {}):
        proofs = investment.spillover_proofs.all()  # read with the others (_proofs_prefetch)
    else:
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


def engine_investment(investment: Investment, year: int,
                      refused: bool | None = None, facts=producer_facts) -> CaseInvestment:
    """The investment as the engine's case reads it. One the CCA refused (its latest decision,
    montage.web.investments.decisions) is cancelled for the engine: it leaves the countable total
    as soon as it is refused, with the engine's reason in the explanation. `refused` and `facts`
    (producers_facts) may be given when the caller read many investments at once."""
    if refused is None:
        refused = decisions.refused(decisions.decision(investment))
    producer = facts(investment.producer, year)
    status, cancellation = investment.status, ""
    if refused:
        status, cancellation = "cancelled", "refused"
    return CaseInvestment(
        EngineInvestment(
            category=investment.category, amount=investment.amount, id=str(investment.pk),
            title=str(investment.work or investment.get_category_display()),
            fwb_initiative=investment.fwb_initiative, genre=investment.genre or None,
            promotes_fwb_artists_or_heritage=investment.promotes_fwb_artists_or_heritage,
            delegated=bool(investment.delegated_to),
            counted_under_other_obligation=investment.counted_under_other_obligation,
            legal_advantage=investment.legal_advantage, status=status,
            cancellation=cancellation,
            contract_date=investment.document_date, document=investment.document,
            justified_amount=investment.justified_amount,
            reassigned_from=str(investment.reassigned_from_id)
            if investment.reassigned_from_id else None,
            confidential=investment.confidential),
        producer=producer, spillover=spillover_expenses(investment),
        decision_date=investment.decision_date)


def _case_year(obligation: ObligationYear | None, year: int, kind: str,
               investments: list[Investment], decided: dict, facts) -> CaseYear:
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
    entry.investments = [engine_investment(i, year, decisions.refused(decided[i.pk]), facts)
                         for i in investments]
    return entry


def build_case(editor: EditorProfile, as_of: dt.date | None = None) -> Case | None:
    """All of an editor's obligation years, gaps filled with empty years, as an engine case.
    The investments of every year, their proofs, decisions and producers' figures are read at
    once: the same number of queries whatever the number of investments."""
    files = {o.year: o for o in editor.obligations.all()}
    if not files:
        return None
    investments = list(Investment.objects.filter(obligation__in=list(files.values()))
                       .select_related("work__producer", "producer")
                       .prefetch_related(_proofs_prefetch()).order_by("pk"))
    decided = decisions.decisions(investments)
    facts = producers_facts([i.producer for i in investments])
    by_file: dict[int, list[Investment]] = {}
    for investment in investments:
        by_file.setdefault(investment.obligation_id, []).append(investment)
    years = range(min(files), max(files) + 1)
    return Case(str(editor), editor.establishment,
                [_case_year(files.get(year), year, editor.establishment,
                            by_file.get(files[year].pk, []) if year in files else [],
                            decided, facts) for year in years],
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
    return EditorEvaluation(case, evaluate(case, current_parameters(), lang=lang))


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
    return eligible_turnover(obligation.editor.establishment, lines, obligation.year,
                             current_parameters())


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
                              turnover_exempt=contribution.exempt, params=current_parameters())


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
    if obligation.investments_filed_on:
        done["investment_filing"] = obligation.investments_filed_on
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
                           first_activity_day=step1_first_activity_day(obligation),
                           params=current_parameters())


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
                               first_activity_day=first_activity_day,
                               params=current_parameters())
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
        contribution = compute_contribution(obligation.year, eligible, current_parameters())
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


def step1_refuse_provisional(obligation: ObligationYear, what: str = "amount") -> None:
    """Refuse to fix an amount the engine computed on a price index not known yet.

    « Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de
    l'indice des prix à la consommation du mois de janvier 2023. » (vade-mecum 2025, étape 1 §4,
    note 3; §2 for the presumed amount). Year n needs the index of January n−1; until it is
    entered the engine's figure is provisional (issue 12, finding 2) and the CSA cannot fix it.
    `what`: "amount" (the contribution) or "presumed" (the presumed payment)."""
    from django.utils import dateformat
    from django.utils.translation import gettext as _

    from montage.law.contribution import year_indexation

    indexation = year_indexation(obligation.year, current_parameters())
    if not indexation.provisional:
        return
    args = {"year": obligation.year,
            "missing": dateformat.format(indexation.missing_index, "F Y"),
            "used": dateformat.format(indexation.used, "F Y")}
    if what == "presumed":
        raise Refused(_("The presumed amount of %(year)s is provisional: the consumer price "
                        "index of %(missing)s, which it needs, is not yet known (computed on "
                        "%(used)s). It can be set once that index is entered.") % args)
    raise Refused(_("The contribution of %(year)s is provisional: the consumer price index of "
                    "%(missing)s, which it needs, is not yet known (computed on %(used)s). The "
                    "CSA can fix the amount once that index is entered.") % args)


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
    # An amount, or a turnover exemption (its threshold is indexed), on a missing index.
    if outcome == "fixed" or ground == ObligationYear.ExemptionGround.TURNOVER:
        step1_refuse_provisional(obligation)
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
        _withdraw_presumed_payment(obligation, today)


def _withdraw_presumed_payment(obligation: ObligationYear, today: dt.date) -> None:
    """The CSA's decision rebuts the presumption (step 1 §2: « présomption réfragable »): a
    presumed payment not yet paid is no longer owed and is withdrawn; one already paid stays,
    to be settled against the amount fixed, and the file's history says so."""
    from django.utils.translation import gettext as _

    from montage.web.investments.models import Payment
    from montage.web.registry.audit import record_decision

    for payment in obligation.payments.filter(reason=Payment.Reason.PRESUMED):
        if payment.paid_on is None:
            payment.withdrawn_on = today
            payment.withdrawn_reason = _("presumption rebutted by the CSA's decision of "
                                         "%(date)s") % {"date": today.strftime("%d/%m/%Y")}
            payment.save()
            record_decision(payment, "presumed payment withdrawn", payment.withdrawn_reason)
        else:
            record_decision(obligation, "presumed payment paid, to settle",
                            f"{payment.paid_amount or payment.amount} paid on {payment.paid_on}")


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
    if obligation.eligible_fixed_on and obligation.status in (ObligationYear.Status.FIXED,
                                                              ObligationYear.Status.EXEMPT):
        raise Refused(_("The presumption does not apply: the CSA has decided the contribution "
                        "(it rebuts the presumption, step 1 §2)."))
    if not step1_calendar(obligation, today).presumption_applies:
        raise Refused(_("The presumption does not apply: the information came in time."))
    if obligation.payments.filter(reason=Payment.Reason.PRESUMED).exists():
        raise Refused(_("The presumed payment is already set."))
    step1_refuse_provisional(obligation, "presumed")
    params = current_parameters()
    amount, _explanation = presumed_contribution(obligation.year, params)
    payment_calendar = editor_calendar(obligation.year, as_of=today, chosen_form="payment",
                                       params=params)
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
