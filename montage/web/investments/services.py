"""Step 2's services (the CCA's register, smoothing, spillover, payments, committee), for the
pages, the annexes and the API: every figure from the engine through contribution.services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from montage.law.case import YearResult
from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.contribution.services import EditorEvaluation, evaluate_editor, producer_facts, spillover_expenses
from montage.web.investments.models import IndependenceAssessment, Investment
from montage.web.ledger.models import Expense
from montage.web.parameters.services import current_parameters
from montage.web.registry.services import checked, refuse_decided_changes, save_checked



def filed_totals(investments) -> tuple[Decimal, dict[str, Decimal]]:
    """What the editor presented, cancelled investments excluded (active and unrealised
    counted): the total and the total per category. The one definition that the register, the
    committee report and the Récapitulatif Invest workbook print beside the engine's figures."""
    by_category: dict[str, Decimal] = {}
    for investment in investments:
        if investment.status != Investment.Status.CANCELLED:
            by_category[investment.category] = (by_category.get(investment.category, Decimal("0"))
                                                + investment.amount)
    return sum(by_category.values(), Decimal("0")), by_category

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

    return current_parameters().get("smoothing.carry_years", obligation_date(year)).value


def smoothing_open(result: YearResult) -> dict:
    """What is open after smoothing at the end of one year (§8), as every page and document
    shows it: {shortfalls, surpluses}, each a list of {origin, amount, last} (`last`: the last
    year it may still be executed or deducted in), oldest first. The smoothing page, the
    committee page and the committee PDF all read it here."""
    return {"shortfalls": [{"origin": o.origin, "amount": o.amount,
                            "last": o.origin + carry_years(o.origin)}
                           for o in result.shortfalls_open],
            "surpluses": [{"origin": o.origin, "amount": o.amount,
                           "last": o.origin + carry_years(o.origin)}
                          for o in result.surpluses_open]}


def payments_due(evaluation: EditorEvaluation, lang: str = "fr") -> list[dict]:
    """What the engine says the editor owes the CCA (montage.law.case.payments_due: the payment
    form, expired shortfalls, unreassigned unrealised projects, after the last file too), one row
    per amount: {year (at whose end it is owed), reason (a Payment.Reason value), amount, origin,
    text, letter, due}."""
    from montage.law.case import payments_due as engine_payments_due

    return [{"year": p.year, "reason": p.reason, "amount": p.amount, "origin": p.origin_year,
             "text": p.detail.text(lang), "letter": p.letter_date, "due": p.due_date}
            for p in engine_payments_due(evaluation.results)]


UNREALISED_STEPS = {"case_unrealised_open", "case_unrealised_expired"}


def unrealised_projects(editor: EditorProfile, evaluation: EditorEvaluation | None,
                        lang: str = "fr") -> list[dict]:
    """Step 2 §6 for each unrealised investment: its reassignment deadline (3 years after the
    initial decision), what was justified and reassigned, what is left, and the engine's
    verdict."""
    from montage.law.spillover import add_years

    rows = []
    for investment in (Investment.objects.filter(editor=editor, status=Investment.Status.UNREALISED)
                       .select_related("work", "obligation").order_by("obligation__year", "pk")):
        decided = investment.decision_date or investment.document_date
        deadline = None
        if decided is not None:
            years = current_parameters().get("investments.unrealised_reassignment_years",
                                             decided).value
            deadline = add_years(decided, years)
        reassignments = list(investment.reassignments.select_related("obligation", "work"))
        reassigned = sum((r.amount for r in reassignments), Decimal("0"))
        to_reassign = investment.amount - (investment.justified_amount or Decimal("0"))
        left = max(Decimal("0"), to_reassign - reassigned)
        check = None
        if evaluation is not None:
            result = evaluation.year(investment.obligation.year)
            check = next((c for c in (result.checks if result else [])
                          if c.name == "unrealised_reassignment"
                          and c.investment == str(investment.pk)), None)
            # the engine's remainder: a late reassignment, or the excess of one, reassigns nothing
            for _key, _text, args in step_lines(result.explanation, UNREALISED_STEPS, lang) \
                    if result else []:
                if args.get("investment") == str(investment.pk):
                    left = args["remainder"]
        rows.append({"investment": investment, "decided": decided, "deadline": deadline,
                     "justified": investment.justified_amount or Decimal("0"),
                     "reassignments": reassignments, "reassigned": reassigned,
                     "left": left,
                     "ok": check.ok if check else None, "detail": check.detail if check else ""})
    return rows


def spillover_for(investment: Investment, as_of: dt.date | None = None, lang: str = "fr"):
    """The engine's §9 assessment of one investment's spillover proofs."""
    from montage.law.spillover import assess_spillover

    return assess_spillover(investment.amount, spillover_expenses(investment),
                            contract_date=investment.document_date,
                            as_of=as_of or timezone.localdate(), params=current_parameters(),
                            label=str(investment.pk),
                            window_from=spillover_window_from(investment))


def spillover_window_from(investment: Investment) -> dt.date:
    """Where the three years of §9 start when the investment's document is not dated: its
    decision, else the end of its obligation year, as the engine's case does."""
    return investment.decision_date or dt.date(investment.obligation.year, 12, 31)


def independence_for(assessment: IndependenceAssessment, on: dt.date | None = None,
                     lang: str = "fr"):
    """The engine's five tests (§4, annex 1) on one assessment of a producer, with the limits
    in force on `on` (today by default)."""
    from montage.law.independence import check_independence

    facts = producer_facts(assessment.company, assessment.reference_year)
    return check_independence(facts, on or timezone.localdate(), current_parameters(),
                              lang=lang)


def investment_decision(investment: Investment) -> dict:
    """The CCA's latest decision on an investment, read from the audit trail:
    {state: none | validated | refused | changed, decision, entry}. `changed` = edited after the
    decision, to be examined again (montage.web.investments.decisions, the one reading)."""
    from montage.web.investments.decisions import decision

    return decision(investment)


def committee_report(editor: EditorProfile, year: int, lang: str = "fr") -> dict:
    """The accompanying committee's report of one editor's year (step 2 §10), as plain data for
    the HTML page, the PDF and the JSON API: nothing confidential. Amounts shown are the
    obligation and the listed (non-confidential) investments; the engine's verdicts are given as
    met / not met without their detail, which could quote a confidential amount; a 5 % cap
    verdict is omitted when only confidential investments are in that category. The year's
    aggregates (`figures`) and what smoothing leaves open (`shortfalls_open`,
    `surpluses_open`, from smoothing_open) are given when no investment of the year is
    confidential; otherwise `withheld_figures` is true and they are empty."""
    from django.utils import translation

    with translation.override(lang):
        return _committee_report(editor, year, lang)


def _committee_report(editor: EditorProfile, year: int, lang: str) -> dict:
    from django.utils.translation import gettext as _

    from montage.web.investments.decisions import decisions, refused
    from montage.web.investments.models import CommitteeMeeting

    obligation = ObligationYear.objects.get(editor=editor, year=year)
    evaluation = evaluate_editor(editor, lang=lang)
    result = evaluation.year(year) if evaluation else None
    investments = list(obligation.investments.select_related("work", "producer")
                       .order_by("category", "pk"))
    listed = [i for i in investments if not i.confidential]
    decided = decisions(listed)  # a refused investment is shown as such, not as "active"
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
    # The year's aggregates include the confidential investments: countable minus the listed
    # total would disclose them, so with a confidential investment they are withheld, and the
    # report says so (never "nothing open" for what it does not show).
    withheld = len(investments) - len(listed)
    figures, smoothing = None, {"shortfalls": [], "surpluses": []}
    if result is not None and not withheld:
        figures = {"obligation": result.obligation, "countable": result.countable,
                   "shortfall_open": result.shortfall_open,
                   "surplus_open": result.surplus_open, "payment_due": result.payment_due}
        smoothing = smoothing_open(result)
    total_listed, totals = filed_totals(listed)
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
            "status_label": _("refused by the CCA") if refused(decided[i.pk])
            else i.get_status_display(),
            "refused": refused(decided[i.pk]), "delegated_to": i.delegated_to}
            for i in listed],
        "total_listed": total_listed,
        "by_category": totals,
        "withheld": withheld,
        "withheld_figures": result is not None and bool(withheld),
        "figures": figures,
        "shortfalls_open": smoothing["shortfalls"],
        "surpluses_open": smoothing["surpluses"],
        "verdicts": verdicts,
        "meeting": {"held_on": meeting.held_on, "opinion": meeting.opinion} if meeting else None,
    }


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
    # a credit note is no proof: it reduces the invoice it credits
    expenses = Expense.objects.filter(work_id=investment.work_id).exclude(
        spillover_proofs__investment=investment).exclude(
        kind=Expense.Kind.CREDIT_NOTE).select_related("supplier")
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


def step2_record_payment(editor: EditorProfile, year: int, payment) -> object:
    """A payment letter of the CCA (an unsaved Payment from a valid PaymentCreateForm) for the
    editor's file of `year`; refused on `year` when the editor has no file that year."""
    from django.utils.translation import gettext as _

    from montage.web.registry.services import Refused

    file = ObligationYear.objects.filter(editor=editor, year=year).first()
    if file is None:
        raise Refused(errors={"year": _("This editor has no file for this year.")})
    payment.obligation = file
    return save_checked(checked(payment))


def step2_update_payment(payment_form):
    """The payment recorded (or its letter changed): a valid PaymentUpdateForm, saved."""
    return save_checked(checked(payment_form.save(commit=False)))


def step2_set_missing_fields(proof, missing_fields: list[str]):
    """The CCA's list of the mentions a spillover proof lacks."""
    proof.missing_fields = missing_fields
    return save_checked(proof)


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
                               genre=investment.genre or None,
                               params=current_parameters(), lang=lang)
    if investment.document == Investment.Document.COMMITMENT_LETTER:
        items = [{"key": "commitment_letter",
                  "label": _("Commitment letter, dated and signed (provisional, §5): the "
                             "contract must follow")}] + items
    return items


def step2_missing_documents(investment: Investment, lang: str = "fr") -> list[dict]:
    """The checklist items (step2_checklist) for which no document is filed: what validation
    still needs. The one count behind the register's "filed / required" and the refusal of a
    validation."""
    return step2_missing_documents_of([investment], lang)[investment.pk]


def step2_missing_documents_of(investments, lang: str = "fr") -> dict[int, list[dict]]:
    """step2_missing_documents of many investments, their documents read at once (a register
    of any length in one query): {pk: the items missing}."""
    from montage.web.contribution.models import Attachment

    investments = list(investments)
    filed: dict[int, set[str]] = {i.pk: set() for i in investments}
    for investment_id, key in Attachment.objects.filter(
            investment__in=investments).values_list("investment_id", "checklist_key"):
        filed[investment_id].add(key)
    return {i.pk: [item for item in step2_checklist(i, lang) if item["key"] not in filed[i.pk]]
            for i in investments}


def step2_decide(investment: Investment, decision: str, note: str = "", lang: str = "fr"):
    """The CCA's decision on an investment ("validated" or "refused"), recorded in the audit
    trail (montage.web.investments.decisions reads it back). A validation needs every document
    the rule lists (§3, `investments.required_documents`): refused, naming the missing ones,
    while one is missing. A refusal needs nothing: the refused investment leaves the countable
    total at once (contribution.services.engine_investment)."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from montage.web.registry.audit import record_decision
    from montage.web.registry.services import Refused

    if decision == "validated":
        with translation.override(lang):
            missing = step2_missing_documents(investment, lang)
            if missing:
                raise Refused(_("The investment cannot be validated: the documents the rule "
                                "lists (step 2 §3) are missing: %(documents)s.")
                              % {"documents": "; ".join(str(item["label"]) for item in missing)})
    return record_decision(investment, decision, note)


def step2_reassignable(editor: EditorProfile, investment: Investment | None = None):
    """The investments a new or changed one may be the reassignment of (§6): the editor's
    unrealised projects, itself excluded."""
    rows = Investment.objects.filter(editor=editor, status=Investment.Status.UNREALISED)
    if investment is not None and investment.pk:
        rows = rows.exclude(pk=investment.pk)
    return rows


def step2_file_investments(obligation: ObligationYear, on: dt.date) -> ObligationYear:
    """The editor presents the year's investments to the CCA (step 2 §3: « au plus tard le 15
    novembre »); the calendar's step is done on that day. Refused for the payment form, without
    an investment, in the future, or twice (the first date is the one the deadline is judged on).
    """
    from django.utils.translation import gettext as _

    from montage.web.registry.services import Refused

    def format_date(day):
        return day.strftime("%d/%m/%Y")

    if obligation.form != ObligationYear.Form.INVESTMENTS:
        raise Refused(_("This file's contribution is a payment to the CCA: there are no "
                        "investments to present."))
    if obligation.investments_filed_on is not None:
        raise Refused(_("The investments of this file were presented to the CCA on %(date)s "
                        "already.") % {"date": format_date(obligation.investments_filed_on)})
    if not obligation.investments.exclude(status=Investment.Status.CANCELLED).exists():
        raise Refused(_("Record at least one investment before presenting them to the CCA."))
    if on > timezone.localdate():
        raise Refused(_("The presentation date %(date)s is in the future.")
                      % {"date": format_date(on)})
    obligation.investments_filed_on = on
    obligation.save(update_fields=["investments_filed_on"])
    return obligation


def investments_locked(obligation: ObligationYear) -> bool:
    """Once the CCA has validated or closed a file, its investments no longer change."""
    return obligation.status in (ObligationYear.Status.VALIDATED, ObligationYear.Status.CLOSED)


def investments_locked_message() -> str:
    from django.utils.translation import gettext as _

    return _("This obligation file is validated or closed: its investments can no longer "
             "change.")


def step2_save_investment(investment: Investment, user) -> Investment:
    """An investment as its editor files it (step-2 page, JSON API, Récapitulatif Invest
    import): its status, justified amount and decision date are the CCA's (step2_set_status), so
    a change of them, or a new investment that is not `active`, is refused."""
    return save_checked(investment, user)


# -- the Liste Preuves Invest shared from the producer's ledger (docs/web-desks.md) -------------

def receive_proof_list(investment: Investment, as_of: dt.date, lines: list[dict], figures: dict,
                       explanation: list, user, words: dict | None = None):
    """The proof list of a linked investment, as the producer's ledger made it
    (montage/web/ledger/proof_lists.py): frozen lines (fund.services.REPORT_FIELDS, the same
    columns as a spend report), the rule's figures and the checksum of the lines (the spend
    reports' one checksum). The editor and the CCA are told."""
    from django.db import transaction
    from django.urls import reverse

    from montage.web.fund.services import REPORT_FIELDS, report_checksum
    from montage.web.registry.audit import record_decision
    from montage.web.inbox.services import notify
    from montage.web.investments.models import ProofList, ProofListLine
    from montage.web.registry.models import Organisation

    total = sum((line["counted"] for line in lines), Decimal(0))
    with transaction.atomic():
        proof_list = ProofList.objects.create(
            investment=investment, as_of=as_of, shared_by=user, required=figures["required"],
            counted=figures["counted"], missing=figures["missing"],
            deadline=figures["deadline"], spillover_status=figures["status"] or "",
            checksum=report_checksum(lines, total, as_of, "fwb_spillover"),
            explanation=explanation, words=words or {})
        ProofListLine.objects.bulk_create(
            ProofListLine(proof_list=proof_list, position=index,
                          **{n: line[n] for n in REPORT_FIELDS})
            for index, line in enumerate(lines, 1))
        record_decision(investment, "proof list shared", proof_list.checksum)
        notify([investment.editor.organisation,
                *Organisation.objects.filter(kind=Organisation.Kind.CCA)],
               "proof_list_shared", f"{investment.work} — {as_of:%d/%m/%Y}",
               reverse("investments_proof_list", args=[proof_list.pk]))
    return proof_list


def proof_list_is_intact(proof_list) -> bool:
    """The stored lines still give the checksum computed when the list was shared."""
    from montage.web.fund.services import REPORT_FIELDS, report_checksum

    lines = [{n: getattr(line, n) for n in REPORT_FIELDS} for line in proof_list.lines.all()]
    total = sum((line["counted"] for line in lines), Decimal(0))
    return proof_list.checksum == report_checksum(lines, total, proof_list.as_of,
                                                  "fwb_spillover")
