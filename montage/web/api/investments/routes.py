"""The investments' routes: an editor's investments and the CCA's decision on them, step 2's
operations (the CCA's status, payments and committee, spillover proofs, independence) and an
investment's documents. docs/web-api.md lists them.

Nothing here decides a rule of its own: permissions come from montage.web.permissions (the
step2_ functions the pages use), input is checked by the pages' own forms
(montage.web.investments.forms) and the operations are the functions the pages call in
montage.web.investments.services. Every write runs inside `acting_as(caller)`, so the audit
trail names the session's or the token's user.
"""

from __future__ import annotations

from typing import Literal, Optional

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from montage.errors import MontageError
from montage.money import as_text
from montage.web import permissions
from montage.web.api.common import (ERRORS, WRITE_ERRORS, attachment_out, conflict,
                                    form_errors, investments_out, invalid, language, money,
                                    opened, payment_out, tagged,
                                    rate, text, valid, visible_attachments, visible_file,
                                    visible_investment)
from montage.web.api.investments import schemas as s
from montage.web.api.schemas import AttachmentOut, InvestmentOut, PaymentOut, QueryId, QueryYear
from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.investments import forms as step2_forms
from montage.web.investments import services as investments_services
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment, Investment,
                                            Payment, SpilloverProof)
from montage.web.registry.audit import acting_as
from montage.web.registry.models import Company
from montage.web.registry.services import Refused

router = Router()

LOCKED_MESSAGE = investments_services.investments_locked_message


# -- look-ups ------------------------------------------------------------------------------------

def _investment(user, pk: int) -> Investment:
    investment = get_object_or_404(Investment.objects.select_related(
        "editor__organisation", "obligation", "work", "producer"), pk=pk)
    permissions.require(permissions.can_view_investment(user, investment))
    return investment


def _step2_editor(user, pk: int) -> EditorProfile:
    editor = get_object_or_404(EditorProfile.objects.select_related("organisation"), pk=pk)
    permissions.require(permissions.can_view_step2_editor(user, editor))
    return editor


# -- investments ---------------------------------------------------------------------------------

@router.get("/investments", response={200: list[InvestmentOut], **ERRORS}, tags=["investments"],
            summary="Investments visible to the caller",
            operation_id="montage_web_api_api_investment_list")
def investment_list(request, obligation: Optional[QueryId] = None,
                    year: Optional[QueryYear] = None, editor: Optional[QueryId] = None,
                    work: Optional[QueryId] = None):
    """The editor's own (confidential ones included), all for the CSA and the CCA, those of a
    producer's company (never confidential) for a producer; nothing for a fund."""
    rows = permissions.investments_for(request.auth)
    for field, value in (("obligation_id", obligation), ("obligation__year", year),
                         ("editor_id", editor), ("work_id", work)):
        if value is not None:
            rows = rows.filter(**{field: value})
    return investments_out(rows)


@router.get("/investments/{int:pk}", response={200: InvestmentOut, **ERRORS},
            tags=["investments"], summary="One investment",
            operation_id="montage_web_api_api_investment_detail")
def investment_detail(request, pk: int, response: HttpResponse):
    """`ETag`: the version a PATCH's `If-Match` names (a stale one is refused, 409)."""
    investment = visible_investment(request.auth, pk)
    tagged(response, investment)
    return investments_out([investment])[0]


def _apply(investment: Investment, data: dict, user) -> None:
    """Set the fields sent, resolving ids; refuse (422, field named) what does not exist. A
    `work` is one the caller sees (permissions.works_for): any other id is refused as one that
    does not exist (announcing a work by title and producer is the pages' and the imports')."""
    references = {"work": permissions.works_for(user), "producer": Company.objects.all(),
                  # as the step-2 page: an unrealised project of the same editor, not itself
                  "reassigned_from":
                      investments_services.step2_reassignable(investment.editor, investment)
                      if investment.editor_id else Investment.objects.none()}
    for field, value in data.items():
        if field == "obligation":
            file = ObligationYear.objects.filter(pk=value).first()
            if file is None:
                raise invalid(["body", "payload", "obligation"],
                              _("No obligation file with this id."))
            if investments_services.investments_locked(file):
                raise invalid(["body", "payload", "obligation"], LOCKED_MESSAGE())
            if not permissions.can_edit_investments(user, file.editor):
                raise PermissionDenied
            investment.obligation, investment.editor_id = file, file.editor_id
        elif field in references:
            if value is None:
                setattr(investment, f"{field}_id", None)
                continue
            target = references[field].filter(pk=value).first()
            if target is None:
                raise invalid(["body", "payload", field], _("No such object: %(id)s.")
                              % {"id": value})
            setattr(investment, field, target)
        else:
            setattr(investment, field, value)
    try:
        investment.full_clean()
    except DjangoValidationError as error:
        raise ValidationError([{"loc": ["body", "payload", name], "msg": " ".join(messages),
                                "type": "invalid"}
                               for name, messages in error.message_dict.items()]) from None


@router.post("/investments", response={201: InvestmentOut, **WRITE_ERRORS},
             tags=["investments"], summary="Add an investment to the editor's own file",
             operation_id="montage_web_api_api_investment_create")
def investment_create(request, payload: s.InvestmentIn):
    """The file's editor only (step 2's `can_edit_investments`); not once the file is validated
    or closed. Amounts are strings. A new investment is `active`: another `status`, a
    `justified_amount` or a `decision_date` is the CCA's decision (403 naming the field; see
    POST /api/investments/{id}/status)."""
    user = request.auth
    data = payload.model_dump()
    file = ObligationYear.objects.filter(pk=data["obligation"]).first()
    if file is not None and not permissions.can_edit_investments(user, file.editor):
        raise PermissionDenied
    if file is not None and investments_services.investments_locked(file):
        return Status(409, {"detail": LOCKED_MESSAGE()})
    investment = Investment(editor_id=file.editor_id if file else None)
    with transaction.atomic(), acting_as(user):
        _apply(investment, data, user)
        investments_services.step2_save_investment(investment, user)
    return Status(201, investments_out([investment])[0])


@router.patch("/investments/{int:pk}", response={200: InvestmentOut, **WRITE_ERRORS},
              tags=["investments"], summary="Change an investment of the editor's own file",
              operation_id="montage_web_api_api_investment_update")
def investment_update(request, pk: int, payload: s.InvestmentPatch, response: HttpResponse):
    """Only the fields sent change; with `If-Match` (the `ETag` of a GET or a PATCH), refused
    (409, both values per field) when the investment changed since. The editor only, while its
    file is not validated or closed (409 otherwise); every change is in the object's history.
    `status`, `justified_amount` and `decision_date` are the CCA's decision: sending a
    different value is refused (403 naming the field)."""
    user = request.auth
    investment = visible_investment(user, pk)
    permissions.require(permissions.can_edit_investments(user, investment.editor))
    if investments_services.investments_locked(investment.obligation):
        return Status(409, {"detail": LOCKED_MESSAGE()})
    data = payload.model_dump(exclude_unset=True)
    for field in ("category", "amount", "document", "status", "fwb_initiative", "confidential",
                  "promotes_fwb_artists_or_heritage", "counted_under_other_obligation",
                  "legal_advantage", "genre", "delegated_to", "obligation"):
        if field in data and data[field] is None:
            raise invalid(["body", "payload", field], _("This field cannot be null."))
    with transaction.atomic(), acting_as(user):
        _apply(investment, data, user)
        opened(request, investment)
        investments_services.step2_save_investment(investment, user)
    tagged(response, investment)
    return Status(200, investments_out([investment])[0])


@router.post("/investments/{int:pk}/decision", response={200: InvestmentOut, **WRITE_ERRORS},
             tags=["investments"], summary="The CCA validates or refuses an investment",
             operation_id="montage_web_api_api_investment_decision")
def investment_decision(request, pk: int, payload: s.DecisionIn):
    """The CCA only (step 2's `can_decide_step2`). Recorded in the audit trail as a decision
    ("validated" or "refused") with its note; the latest decision is the investment's
    `validation`. A validation while a document the rule lists is missing is refused (409,
    naming the missing documents); a refused investment counts nothing from then on."""
    user = request.auth
    investment = visible_investment(user, pk)
    permissions.require(permissions.can_decide_step2(user))
    try:
        with transaction.atomic(), acting_as(user):
            investments_services.step2_decide(investment, payload.decision, payload.note,
                                              language(request, None))
    except Refused as refusal:
        return conflict(refusal)
    return Status(200, investments_out([investment])[0])


# == step 2: the CCA's status of an investment ===================================================

@router.post("/investments/{int:pk}/status", response={200: InvestmentOut, **WRITE_ERRORS},
             tags=["step 2"], summary="The CCA marks an investment unrealised, cancelled or active",
             operation_id="montage_web_api_operations_investment_status")
def investment_status(request, pk: int, payload: s.StatusIn):
    """The CCA (step 2's `can_decide_step2`). Unrealised needs its initial decision date (or
    the document's date) and a justified part not above the amount; a justified amount goes
    only with unrealised (422). Recorded as the decision `status:<status>`."""
    user = request.auth
    investment = _investment(user, pk)
    permissions.require(permissions.can_decide_step2(user))
    form = valid(step2_forms.StatusForm({
        "status": payload.status, "justified_amount": text(payload.justified_amount),
        "decision_date": text(payload.decision_date), "note": payload.note},
        instance=investment))
    with acting_as(user):
        investments_services.step2_set_status(investment, form)
    return Status(200, investments_out([investment])[0])


# == step 2: payments ============================================================================

@router.get("/editors/{int:pk}/payments", response={200: s.PaymentsOut, **ERRORS},
            tags=["step 2"], summary="What the editor owes the CCA, and the payments recorded",
            operation_id="montage_web_api_operations_payment_list")
def payment_list(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """That editor and the regulators (step 2's `can_view_step2_editor`). `due`: the engine's
    amounts owed (investments_services.payments_due: payment form, expired shortfalls, unreassigned
    unrealised projects) with the CCA's letter and due dates; `payments`: the letters and
    payments recorded."""
    editor = _step2_editor(request.auth, pk)
    lang = language(request, lang)
    due, error = [], None
    try:
        evaluation = contribution_services.evaluate_editor(editor, lang=lang)
    except MontageError as exc:
        evaluation, error = None, str(exc)
    files = {f.year: f for f in editor.obligations.all()}
    for row in investments_services.payments_due(evaluation, lang) if evaluation else []:
        file = files.get(row["origin"])
        recorded = Payment.objects.filter(obligation=file, reason=row["reason"]).first() \
            if file else None
        due.append({**row, "amount": as_text(row["amount"]),
                    "recorded": recorded.pk if recorded else None})
    payments = Payment.objects.filter(obligation__editor=editor).select_related(
        "obligation").order_by("due_on", "pk")
    return {"due": due, "error": error, "payments": [payment_out(p) for p in payments]}


@router.post("/editors/{int:pk}/payments", response={201: PaymentOut, **WRITE_ERRORS},
             tags=["step 2"], summary="The CCA records a payment letter",
             operation_id="montage_web_api_operations_payment_create")
def payment_create(request, pk: int, payload: s.PaymentIn):
    """The CCA. `year` names the editor's file the money is owed for (422 when the editor has
    no file that year)."""
    user = request.auth
    editor = _step2_editor(user, pk)
    permissions.require(permissions.can_decide_step2(user))
    form = valid(step2_forms.PaymentCreateForm(
        {key: text(value) for key, value in payload.model_dump().items()}))
    try:
        with acting_as(user):
            payment = investments_services.step2_record_payment(
                editor, form.cleaned_data["year"], form.save(commit=False))
    except Refused as refusal:
        raise invalid(["body", "payload", "year"], refusal.errors["year"]) from refusal
    return Status(201, payment_out(payment))


@router.patch("/payments/{int:pk}", response={200: PaymentOut, **WRITE_ERRORS},
              tags=["step 2"], summary="The CCA records the payment (or changes the letter)",
              operation_id="montage_web_api_operations_payment_update")
def payment_update(request, pk: int, payload: s.PaymentPatch, response: HttpResponse):
    """The CCA; only the fields sent change; `paid_on` and `paid_amount` go together (422); with
    `If-Match` (the `ETag` of a PATCH), refused (409, both values) when it changed since."""
    user = request.auth
    payment = get_object_or_404(Payment.objects.select_related("obligation__editor"), pk=pk)
    permissions.require(permissions.can_view_step2_editor(user, payment.obligation.editor))
    permissions.require(permissions.can_decide_step2(user))
    current = {field: getattr(payment, field) for field in step2_forms.PaymentUpdateForm._meta
               .fields}
    data = {**current, **payload.model_dump(exclude_unset=True)}
    form = valid(step2_forms.PaymentUpdateForm({k: text(v) for k, v in data.items()},
                                               instance=payment))
    opened(request, form.instance)
    with acting_as(user):
        investments_services.step2_update_payment(form)
    tagged(response, payment)
    return Status(200, payment_out(payment))


# == step 2: the committee =======================================================================

@router.get("/obligations/{int:pk}/committee-report", response={200: s.CommitteeReportOut,
                                                                **ERRORS},
            tags=["step 2"], summary="The accompanying committee's report data (nothing "
                                     "confidential)",
            operation_id="montage_web_api_operations_committee_report")
def committee_report(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """investments_services.committee_report, as the step-2 committee page: the editor and the
    regulators. Confidential investments are left out (`withheld` counts them), verdicts are
    met / not met without details."""
    file = visible_file(request.auth, pk)
    permissions.require(permissions.can_view_step2_editor(request.auth, file.editor))
    report = investments_services.committee_report(file.editor, file.year, language(request, lang))
    figures = report["figures"]
    return {**report, "obligation": money(report["obligation"]),
            "figures": {k: as_text(v) for k, v in figures.items()} if figures else None,
            "shortfalls_open": [{**o, "amount": as_text(o["amount"])}
                                for o in report["shortfalls_open"]],
            "surpluses_open": [{**o, "amount": as_text(o["amount"])}
                               for o in report["surpluses_open"]],
            "total_listed": as_text(report["total_listed"]),
            "by_category": {k: as_text(v) for k, v in report["by_category"].items()},
            "investments": [{**i, "amount": as_text(i["amount"])}
                            for i in report["investments"]]}


@router.put("/obligations/{int:pk}/committee-meeting", response={200: s.MeetingOut,
                                                                 **WRITE_ERRORS},
            tags=["step 2"], summary="The CCA records the committee's meeting and opinion",
            operation_id="montage_web_api_operations_committee_meeting")
def committee_meeting(request, pk: int, payload: s.CommitteeMeetingIn):
    """The CCA; one meeting per editor and year (created or replaced). Recorded as the decision
    `committee_meeting`."""
    user = request.auth
    file = visible_file(user, pk)
    permissions.require(permissions.can_view_step2_editor(user, file.editor))
    permissions.require(permissions.can_decide_step2(user))
    meeting = CommitteeMeeting.objects.filter(editor=file.editor, year=file.year).first()
    form = valid(step2_forms.CommitteeForm(
        {"held_on": text(payload.held_on), "opinion": payload.opinion},
        instance=meeting or CommitteeMeeting(editor=file.editor, year=file.year)))
    with acting_as(user):
        meeting = investments_services.step2_save_committee(file.editor, file.year, form)
    return Status(200, {"held_on": meeting.held_on, "opinion": meeting.opinion})


# == step 2: spillover proofs ====================================================================

def _proof(p: SpilloverProof) -> dict:
    return {"id": p.pk, "investment": p.investment_id, "expense": p.expense_id,
            "expense_number": p.expense.number,
            "supplier": str(p.expense.supplier) if p.expense.supplier_id else None,
            "amount": as_text(p.amount), "missing_fields": list(p.missing_fields or [])}


@router.get("/investments/{int:pk}/spillover", response={200: s.SpilloverOut, **ERRORS},
            tags=["step 2"], summary="An investment's spillover proofs and the engine's "
                                     "assessment",
            operation_id="montage_web_api_operations_spillover")
def spillover(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """Whoever sees the investment (as the page)."""
    investment = _investment(request.auth, pk)
    lang = language(request, lang)
    try:
        a, error = investments_services.spillover_for(investment, lang=lang), None
    except MontageError as exc:
        a, error = None, str(exc)
    assessment = None if a is None else {
        "investment": as_text(a.investment), "required": as_text(a.required),
        "counted": as_text(a.counted), "excluded": as_text(a.excluded), "deadline": a.deadline,
        "status": a.status, "countable_investment": as_text(a.countable_investment),
        "explanation": a.explanation.as_dict(lang)}
    proofs = investment.spillover_proofs.select_related("expense__supplier").order_by("pk")
    return {"investment": investment.pk, "proofs": [_proof(p) for p in proofs],
            "assessment": assessment, "error": error}


@router.post("/investments/{int:pk}/spillover-proofs", response={201: s.SpilloverProofOut,
                                                                 **WRITE_ERRORS},
             tags=["step 2"], summary="Add an expense as a spillover proof",
             operation_id="montage_web_api_operations_spillover_add")
def spillover_add(request, pk: int, payload: s.SpilloverProofIn):
    """The investment's editor, or the producer whose company produces it (step 2's
    `can_add_spillover`), from the expenses of the investment's work not yet shown — a
    producer from its own ledger only (422 on `expense` otherwise). `amount` defaults to the
    expense's amount excluding VAT and cannot exceed it."""
    user = request.auth
    investment = _investment(user, pk)
    permissions.require(permissions.can_add_spillover(user, investment))
    form = valid(step2_forms.SpilloverProofForm(
        {"expense": payload.expense, "amount": text(payload.amount)},
        expenses=investments_services.step2_offered_expenses(user, investment)))
    with acting_as(user):
        proof = investments_services.step2_add_spillover(investment, form.cleaned_data["expense"],
                                                         form.cleaned_data["amount"])
    return Status(201, _proof(SpilloverProof.objects.select_related("expense__supplier")
                              .get(pk=proof.pk)))


@router.patch("/spillover-proofs/{int:pk}", response={200: s.SpilloverProofOut, **WRITE_ERRORS},
              tags=["step 2"], summary="The CCA ticks the mandatory mentions missing on a proof",
              operation_id="montage_web_api_operations_spillover_missing")
def spillover_missing(request, pk: int, payload: s.MissingFieldsIn):
    """The CCA; `missing_fields` are names of the mandatory invoice mentions in force
    (parameter spillover.invoice_mandatory_fields; 422 for any other)."""
    user = request.auth
    proof = get_object_or_404(SpilloverProof.objects.select_related("investment",
                                                                    "expense__supplier"), pk=pk)
    permissions.require(permissions.can_view_investment(user, proof.investment))
    permissions.require(permissions.can_decide_step2(user))
    data = QueryDict(mutable=True)
    data.setlist("missing_fields", payload.missing_fields)
    form = valid(step2_forms.MissingFieldsForm(data))
    with acting_as(user):
        investments_services.step2_set_missing_fields(proof, form.cleaned_data["missing_fields"])
    return Status(200, _proof(proof))


# == step 2: independence ========================================================================

def _assessment(a: IndependenceAssessment, lang: str) -> dict:
    try:
        outcome, error = investments_services.independence_for(a, lang=lang), None
    except MontageError as exc:
        outcome, error = None, str(exc)
    return {
        "id": a.pk, "company": {"id": a.company_id, "name": str(a.company)},
        "reference_year": a.reference_year, "established_in_eu": a.established_in_eu,
        "separate_legal_personality": a.separate_legal_personality,
        "largest_share_in_an_editor": rate(a.largest_share_in_an_editor),
        "shareholders": [{"name": h.name, "share": rate(h.share), "is_editor": h.is_editor,
                          "share_in_an_editor": rate(h.share_in_an_editor)}
                         for h in a.shareholders.order_by("pk")],
        "turnover": [{"year": t.year, "total": as_text(t.total), "editor_name": t.editor_name,
                      "sales_to_editor": as_text(t.sales_to_editor)}
                     for t in a.turnover.order_by("year", "pk")],
        "independent": outcome.independent if outcome else None,
        "tests": [{"name": t.name, "ok": t.ok, "figure": t.figure, "detail": t.detail}
                  for t in (outcome.tests if outcome else [])],
        "explanation": outcome.explanation.as_dict(lang) if outcome else None,
        "error": error}


def _formset_data(prefix: str, existing, rows: list[dict]) -> dict:
    """The management and row data of an inline formset that replaces `existing` by `rows`."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(existing) + len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(existing)), f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}
    for n, obj in enumerate(existing):
        data[f"{prefix}-{n}-id"] = str(obj.pk)
        data[f"{prefix}-{n}-DELETE"] = "on"
    for n, row in enumerate(rows, start=len(existing)):
        for key, value in row.items():
            if isinstance(value, bool):
                if value:
                    data[f"{prefix}-{n}-{key}"] = "on"
            else:
                data[f"{prefix}-{n}-{key}"] = text(value)
    return data


def _save_independence(user, company, payload: s.IndependenceIn, instance, lang: str):
    body = payload.model_dump()
    shareholders = list(instance.shareholders.all()) if instance.pk else []
    turnover = list(instance.turnover.all()) if instance.pk else []
    data = {"reference_year": str(body["reference_year"]),
            "established_in_eu": {None: "unknown", True: "true", False: "false"}[
                body["established_in_eu"]],
            "separate_legal_personality": {None: "unknown", True: "true", False: "false"}[
                body["separate_legal_personality"]],
            "largest_share_in_an_editor": text(body["largest_share_in_an_editor"]),
            **_formset_data("sh", shareholders, body["shareholders"]),
            **_formset_data("to", turnover, body["turnover"])}
    form = step2_forms.IndependenceForm(data, instance=instance)
    sh = step2_forms.ShareholderFormSet(data, instance=instance, prefix="sh")
    to = step2_forms.TurnoverFormSet(data, instance=instance, prefix="to")
    valid = [form.is_valid(), sh.is_valid(), to.is_valid()]
    if not all(valid):
        form.formsets = [("shareholders", _shifted(sh, len(shareholders))),
                         ("turnover", _shifted(to, len(turnover)))]
        raise form_errors(form)
    with acting_as(user):
        saved = investments_services.step2_save_independence(form, sh, to)
    return IndependenceAssessment.objects.select_related("company").get(pk=saved.pk)


class _shifted:
    """A formset's errors on the rows sent (the rows deleted first are left out)."""

    def __init__(self, formset, skip: int):
        self.errors = formset.errors[skip:]
        self.non_form_errors = formset.non_form_errors


def _company_for_independence(user, pk: int) -> Company:
    company = get_object_or_404(Company, pk=pk)
    permissions.require(permissions.can_view_independence(user, company))
    return company


@router.get("/producers/{int:pk}/independence", response={200: list[s.IndependenceOut], **ERRORS},
            tags=["step 2"], summary="A producer's independence figures and the engine's tests",
            operation_id="montage_web_api_operations_independence_list")
def independence_list(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """The regulators, an editor investing with that producer, the producer itself (step 2's
    `can_view_independence`); newest reference year first."""
    company = _company_for_independence(request.auth, pk)
    lang = language(request, lang)
    return [_assessment(a, lang)
            for a in company.independence_assessments.order_by("-reference_year")]


@router.post("/producers/{int:pk}/independence", response={201: s.IndependenceOut,
                                                           **WRITE_ERRORS},
             tags=["step 2"], summary="Record a producer's independence figures for a year",
             operation_id="montage_web_api_operations_independence_create")
def independence_create(request, pk: int, payload: s.IndependenceIn,
                        lang: Optional[Literal["fr", "en"]] = None):
    """An editor investing with that producer, or the CCA (step 2's `can_edit_independence`).
    One assessment per reference year: 409 when it exists (replace it with PUT). Shares are
    fractions as strings, amounts strings. Recorded as the decision `independence_figures` on
    the company."""
    user = request.auth
    company = _company_for_independence(user, pk)
    permissions.require(permissions.can_edit_independence(user, company))
    if company.independence_assessments.filter(reference_year=payload.reference_year).exists():
        return Status(409, {"detail": _("An assessment exists for this reference year: replace "
                                        "it with PUT /api/independence/{id}.")})
    assessment = _save_independence(user, company, payload,
                                    IndependenceAssessment(company=company),
                                    language(request, lang))
    return Status(201, _assessment(assessment, language(request, lang)))


@router.put("/independence/{int:pk}", response={200: s.IndependenceOut, **WRITE_ERRORS},
            tags=["step 2"], summary="Replace the independence figures of a reference year",
            operation_id="montage_web_api_operations_independence_replace")
def independence_replace(request, pk: int, payload: s.IndependenceIn,
                         lang: Optional[Literal["fr", "en"]] = None):
    """Same callers as POST; the shareholders and turnover rows are replaced by those sent."""
    user = request.auth
    assessment = get_object_or_404(IndependenceAssessment.objects.select_related("company"),
                                   pk=pk)
    company = _company_for_independence(user, assessment.company_id)
    permissions.require(permissions.can_edit_independence(user, company))
    if company.independence_assessments.filter(
            reference_year=payload.reference_year).exclude(pk=pk).exists():
        return Status(409, {"detail": _("An assessment exists for this reference year.")})
    assessment = _save_independence(user, company, payload, assessment, language(request, lang))
    return Status(200, _assessment(assessment, language(request, lang)))


# == documents ===================================================================================

@router.get("/investments/{int:pk}/attachments", response={200: list[AttachmentOut], **ERRORS},
            tags=["documents"], summary="The documents of an investment the caller may see",
            operation_id="montage_web_api_operations_investment_attachments")
def investment_attachments(request, pk: int):
    """Confidential documents (or those of a confidential investment) only for the editor and
    the regulators, as on the pages."""
    investment = _investment(request.auth, pk)
    return visible_attachments(request.auth, investment.attachments.all())


@router.post("/investments/{int:pk}/attachments", response={201: AttachmentOut, **WRITE_ERRORS},
             tags=["documents"], summary="The editor files a document of an investment (multipart)",
             operation_id="montage_web_api_operations_investment_attachment_add")
def investment_attachment_add(request, pk: int, file: File[UploadedFile],
                              checklist_key: Form[str], description: Form[str] = "",
                              confidential: Form[bool] = False,
                              lang: Optional[Literal["fr", "en"]] = None):
    """multipart/form-data: `file`, `checklist_key` (an item of the investment's checklist, from
    montage.law.investments.required_documents, or `other`), `description`, `confidential`.
    The investment's editor (step 2's `can_edit_investments`)."""
    user = request.auth
    investment = _investment(user, pk)
    permissions.require(permissions.can_edit_investments(user, investment.editor))
    form = valid(step2_forms.AttachmentForm(
        {"checklist_key": checklist_key, "description": description,
         "confidential": confidential}, {"file": file},
        items=investments_services.step2_checklist(investment, language(request, lang))))
    data = form.cleaned_data
    with acting_as(user):
        attachment = investments_services.step2_add_document(investment, data["checklist_key"],
                                                             data["file"], data["description"],
                                                             data["confidential"], user)
    return Status(201, attachment_out(attachment))
