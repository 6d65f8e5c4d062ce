"""The contribution's routes: obligation files and their Formulaire CA, the law engine's figures
(/editors/{id}/evaluation, /contribution), step 1's operations (the editor's filings, the CSA's
questions and decision) and a file's documents. docs/web-api.md lists them.

Nothing here decides a rule of its own: permissions come from montage.web.permissions (the
step1_ functions the pages use), input is checked by the pages' own forms
(montage.web.contribution.forms) and the operations are the functions the pages call in
montage.web.contribution.services; figures come from the law engine through the same services
(the evaluation and contribution routes return exactly the CLI's `--format json` objects).
Every write runs inside `acting_as(caller)`, so the audit trail names the session's or the
token's user.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Literal, Optional

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from montage.errors import InputError, MontageError
from montage.law.case import evaluation_dict
from montage.law.contribution import compute_contribution
from montage.web.parameters.services import current_parameters
from montage.money import as_text, parse_amount
from montage.web import permissions
from montage.web.api.common import (DELETE_ERRORS, ERRORS, WRITE_ERRORS, as_is,
                                    attachment_out, conflict, investments_out, invalid, language,
                                    money, opened, payment_out, rate, tagged, text, valid,
                                    visible_attachments,
                                    visible_file)
from montage.web.api.contribution import schemas as s
from montage.web.api.schemas import (AttachmentOut, PaymentOut, QueryId, QueryYear,
                                     ValidationErrorOut)
from montage.web.contribution import forms as step1_forms
from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import (Attachment, EditorProfile, ObligationYear, Question,
                                             TurnoverLine)
from montage.web.investments.models import Investment
from montage.web.registry import services as registry_services
from montage.web.registry.audit import acting_as

router = Router()

TURNOVER_LIMIT = Decimal("1e12")  # as the bodies' amounts (schemas.Amount)


def today() -> dt.date:
    """The day deadlines are measured on (tests replace it, as the step-1 pages' `today`)."""
    return timezone.localdate()


# -- serialisers and look-ups --------------------------------------------------------------------

def _obligation(file: ObligationYear) -> dict:
    return {
        "id": file.pk, "editor": {"id": file.editor_id, "name": str(file.editor)},
        "year": file.year, "turnover_year": file.turnover_year, "form": file.form,
        "status": file.status, "choice_filed_on": file.choice_filed_on,
        "turnover_estimate": money(file.turnover_estimate),
        "eligible_turnover": money(file.eligible_turnover),
        "eligible_fixed_on": file.eligible_fixed_on, "amount": money(file.amount),
        "exemption_ground": file.exemption_ground,
    }


def _declaration(file: ObligationYear) -> dict | None:
    declaration = getattr(file, "declaration", None)
    if declaration is None:
        return None
    return {"market_basis": declaration.market_basis, "status": declaration.status,
            "submitted_on": declaration.submitted_on}


def _line(line: TurnoverLine) -> dict:
    return {"id": line.pk, "service": {"id": line.service_id, "name": line.service.name,
                                       "kind": line.service.kind},
            "category": line.category, "market": line.market, "amount": as_text(line.amount),
            "agency_commissions": as_text(line.agency_commissions),
            "confidential": line.confidential}


# contribution_services.contribution_basis's sources, as the API names them
# (FileContribution.basis).
BASIS_NAMES = {"fixed": "eligible_turnover", "lines": "declared_lines",
               "estimate": "turnover_estimate"}


def _file_contribution(file: ObligationYear, lang: str) -> dict:
    """The engine's figure on `contribution_services.contribution_basis` (the one choice shared
    with the pages): the CSA's eligible turnover, else the one computed from the declared lines,
    else the estimate; all but the first are provisional."""
    chosen = contribution_services.contribution_basis(file)
    if chosen.amount is None:
        return {"basis": None, "provisional": True, "result": None, "error": None}
    basis, value = BASIS_NAMES[chosen.source], chosen.amount
    figure = {"basis": basis, "provisional": chosen.provisional, "result": None,
              "error": None}
    try:
        figure["result"] = compute_contribution(file.year, value,
                                                current_parameters()).as_dict(lang)
    except MontageError as error:
        figure["error"] = str(error)
    return figure


def _file_for_editor(user, pk: int) -> ObligationYear:
    file = visible_file(user, pk)
    permissions.require(permissions.can_file_step1(user, file))
    return file


def _file_for_csa(user, pk: int) -> ObligationYear:
    file = visible_file(user, pk)
    permissions.require(permissions.can_decide_step1(user))
    return file


def _question(q: Question) -> dict:
    return {"id": q.pk, "obligation": q.obligation_id, "text": q.text,
            "asked_by": q.asked_by.get_username(), "asked_at": q.asked_at, "answer": q.answer,
            "answered_by": q.answered_by.get_username() if q.answered_by else None,
            "answered_at": q.answered_at}


# -- obligation files ----------------------------------------------------------------------------

@router.get("/obligations", response={200: list[s.ObligationOut], **ERRORS}, tags=["obligations"],
            summary="Obligation files (the editor's own; all for the CSA and the CCA)",
            operation_id="montage_web_api_api_obligation_list")
def obligation_list(request, year: Optional[QueryYear] = None,
                    editor: Optional[QueryId] = None):
    permissions.require(permissions.can_list_obligations(request.auth))
    files = permissions.obligations_for(request.auth)
    if year is not None:
        files = files.filter(year=year)
    if editor is not None:
        files = files.filter(editor_id=editor)
    return [_obligation(f) for f in files]


@router.get("/obligations/{int:pk}", response={200: s.ObligationDetailOut, **ERRORS},
            tags=["obligations"],
            summary="One file, with the engine's contribution and explanation",
            operation_id="montage_web_api_api_obligation_detail")
def obligation_detail(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    user = request.auth
    file = visible_file(user, pk)
    lines = list(permissions.turnover_lines_for(user, file))
    investments = list(permissions.investments_for(user).filter(obligation=file))
    return {**_obligation(file), "declaration": _declaration(file),
            "declared_total": as_text(sum((line.amount for line in lines), Decimal("0"))),
            "investments": investments_out(investments),
            "investments_total": as_text(sum((i.amount for i in investments
                                              if i.status == Investment.Status.ACTIVE),
                                             Decimal("0"))),
            "contribution": _file_contribution(file, language(request, lang))}


@router.get("/obligations/{int:pk}/turnover-lines",
            response={200: list[s.TurnoverLineOut], **ERRORS},
            tags=["obligations"], summary="The Formulaire CA lines of a file",
            operation_id="montage_web_api_api_turnover_line_list")
def turnover_line_list(request, pk: int, shared: bool = False):
    """Confidential lines are shown to the file's editor, the CSA and the CCA (the only users who
    may open a file); `shared=true` leaves them out, as in committee documents."""
    file = visible_file(request.auth, pk)
    return [_line(line) for line in permissions.turnover_lines_for(request.auth, file,
                                                                   shared=shared)]


@router.get("/obligations/{int:pk}/committee", response={200: s.CommitteeOut, **ERRORS},
            tags=["obligations"], summary="The committee (shared) view: nothing confidential",
            operation_id="montage_web_api_api_obligation_committee")
def obligation_committee(request, pk: int):
    user = request.auth
    file = visible_file(user, pk)
    lines = list(permissions.turnover_lines_for(user, file, shared=True))
    investments = list(permissions.investments_for(user, shared=True).filter(obligation=file))
    declaration = getattr(file, "declaration", None)
    return {"file": _obligation(file), "declaration": _declaration(file),
            "turnover_lines": [_line(line) for line in lines],
            "confidential_lines_withheld":
                declaration.lines.filter(confidential=True).count() if declaration else 0,
            "investments": investments_out(investments),
            "confidential_investments_withheld":
                file.investments.filter(confidential=True).count()}


# -- the engine ----------------------------------------------------------------------------------

@router.get("/editors/{int:pk}/evaluation", response={200: s.EvaluationOut, **ERRORS},
            tags=["engine"], summary="The engine's evaluation of an editor's years",
            operation_id="montage_web_api_api_editor_evaluation")
def editor_evaluation(request, pk: int, as_of: Optional[dt.date] = None,
                      lang: Optional[Literal["fr", "en"]] = None):
    """Obligation, countable investments, open shortfalls and surpluses after smoothing, payment
    due, every rule's check and the explanation, for each year from the editor's first file to
    its last: the same JSON as `montage obligation evaluate --format json`, with `payments_due`
    (every amount owed to the CCA known at `as_of`, after the last file too). `as_of` defaults
    to today."""
    editor = get_object_or_404(EditorProfile.objects.select_related("organisation"), pk=pk)
    permissions.require(permissions.can_view_editor_evaluation(request.auth, editor))
    lang = language(request, lang)
    as_of = as_of or timezone.localdate()
    evaluation = contribution_services.evaluate_editor(editor, as_of, lang)
    data = {"editor": {"name": str(editor), "kind": editor.establishment},
            "as_of": as_of.isoformat(), "years": [], "payments_due": []}
    if evaluation is not None:
        data = evaluation_dict(evaluation.case, evaluation.results, lang)
    return as_is(request, data)


@router.get("/contribution", response={200: s.ContributionOut, 422: ValidationErrorOut, **ERRORS},
            tags=["engine"], summary="The contribution for a year and an eligible turnover",
            operation_id="montage_web_api_api_contribution")
def contribution(request, year: QueryYear, turnover: str,
                 lang: Optional[Literal["fr", "en"]] = None):
    """Step 1 §4: the same JSON as `montage contribution --year Y --turnover T --format json`.
    `turnover` is the eligible turnover of year n−1, e.g. `800000.00`."""
    try:
        amount = parse_amount(turnover, field="turnover")
    except InputError as error:
        raise invalid(["query", "turnover"], str(error)) from None
    if amount >= TURNOVER_LIMIT:  # beyond the engine's decimal precision once multiplied
        raise invalid(["query", "turnover"], _(
            "“%(parameter)s”: expected an amount below 1 000 000 000 000, got “%(value)s”.")
            % {"parameter": "turnover", "value": turnover[:40]})
    try:
        result = compute_contribution(year, amount, current_parameters())
    except InputError as error:
        raise invalid(["query", error.field or "year"], str(error)) from None
    return as_is(request, result.as_dict(language(request, lang)))


# == step 1: the editor ==========================================================================

@router.post("/obligations", response={201: s.ObligationOut, 200: s.ObligationOut,
                                       **WRITE_ERRORS},
             tags=["step 1"], summary="The editor opens its file for a year",
             operation_id="montage_web_api_operations_obligation_open")
def obligation_open(request, payload: s.OpenYearIn):
    """The editor's `editor_officer` (step 1's `step1_filing_editor_ids`), for this year or the
    next. 201 with the new file, 200 with the file when it already exists."""
    user = request.auth
    permissions.require(payload.editor in permissions.step1_filing_editor_ids(user))
    editor = get_object_or_404(EditorProfile, pk=payload.editor)
    valid(step1_forms.OpenYearForm({"year": payload.year}))
    try:
        with transaction.atomic(), acting_as(user):
            file, created = contribution_services.step1_open_year(editor, payload.year, today())
    except registry_services.Refused as error:
        return conflict(error)
    return Status(201 if created else 200, _obligation(file))


@router.post("/obligations/{int:pk}/choice", response={200: s.ObligationOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The editor files its choice of form and estimate",
             operation_id="montage_web_api_operations_obligation_choice")
def obligation_choice(request, pk: int, payload: s.ChoiceIn):
    """Deadline 1 (step 1's page "choice"): the file's editor_officer, while the CSA has not
    decided (409). Once the deadline has passed a filed choice is locked (409) and a late choice
    can only be `payment` (422 on `form`). `first_activity_day` (first year of activity) is
    stored on the editor and moves the deadline to 30 days after it."""
    user = request.auth
    file = _file_for_editor(user, pk)
    form = valid(step1_forms.ChoiceForm({
        "form": payload.form, "turnover_estimate": text(payload.turnover_estimate),
        "first_activity_day": text(payload.first_activity_day)}))
    data = form.cleaned_data
    try:
        with transaction.atomic(), acting_as(user):
            contribution_services.step1_file_choice(file, data["form"], data["turnover_estimate"],
                                                    data.get("first_activity_day"), today())
    except registry_services.Refused as error:
        return conflict(error)
    return Status(200, _obligation(file))


def _line_form(file, data: dict, instance=None):
    return step1_forms.LineForm({key: text(value) if not isinstance(value, bool) else value
                                 for key, value in data.items()},
                                obligation=file, instance=instance)


@router.post("/obligations/{int:pk}/turnover-lines", response={201: s.TurnoverLineOut,
                                                               **WRITE_ERRORS},
             tags=["step 1"], summary="The editor adds a line to its Formulaire CA",
             operation_id="montage_web_api_operations_turnover_line_create")
def turnover_line_create(request, pk: int, payload: s.TurnoverLineIn):
    """The file's editor_officer, while the form is a draft (409 once submitted or decided).
    The page's rules apply: a service of the editor, a market of its establishment, commissions
    not above the amount, one line per service, category and market (422)."""
    user = request.auth
    file = _file_for_editor(user, pk)
    refusal = contribution_services.step1_lines_refusal(file)
    if refusal:
        return Status(409, {"detail": refusal})
    form = valid(_line_form(file, payload.model_dump()))
    try:
        with transaction.atomic(), acting_as(user):
            line = contribution_services.step1_save_line(file, form)
    except registry_services.Refused as error:
        return conflict(error)
    return Status(201, _line(TurnoverLine.objects.select_related("service").get(pk=line.pk)))


def _editable_line(user, pk: int):
    line = get_object_or_404(TurnoverLine.objects.select_related("declaration", "service"),
                             pk=pk)
    file = _file_for_editor(user, line.declaration.obligation_id)
    return file, line


@router.patch("/turnover-lines/{int:pk}", response={200: s.TurnoverLineOut, **WRITE_ERRORS},
              tags=["step 1"], summary="The editor changes a line of its Formulaire CA",
              operation_id="montage_web_api_operations_turnover_line_update")
def turnover_line_update(request, pk: int, payload: s.TurnoverLinePatch,
                         response: HttpResponse):
    """Only the fields sent change; same rules and refusals as adding a line; with `If-Match`
    (the `ETag` of a PATCH), refused (409, both values) when the line changed since."""
    user = request.auth
    file, line = _editable_line(user, pk)
    refusal = contribution_services.step1_lines_refusal(file)
    if refusal:
        return Status(409, {"detail": refusal})
    sent = payload.model_dump(exclude_unset=True)
    for field, value in sent.items():
        if value is None and field != "agency_commissions":
            raise invalid(["body", "payload", field], _("This field cannot be null."))
    data = {"service": line.service_id, "category": line.category, "market": line.market,
            "amount": line.amount, "agency_commissions": line.agency_commissions,
            "confidential": line.confidential, **sent}
    form = valid(_line_form(file, data, instance=line))
    opened(request, form.instance)
    try:
        with transaction.atomic(), acting_as(user):
            contribution_services.step1_save_line(file, form)
    except registry_services.Refused as error:
        return conflict(error)
    tagged(response, line)
    return Status(200, _line(TurnoverLine.objects.select_related("service").get(pk=line.pk)))


@router.delete("/turnover-lines/{int:pk}", response={204: None, **DELETE_ERRORS},
               tags=["step 1"], summary="The editor deletes a line of its Formulaire CA",
               operation_id="montage_web_api_operations_turnover_line_delete")
def turnover_line_delete(request, pk: int):
    """The file's editor_officer, while the form is a draft (409 otherwise). The deletion is
    recorded on the file's history."""
    user = request.auth
    file, line = _editable_line(user, pk)
    try:
        with acting_as(user):
            contribution_services.step1_delete_line(line)
    except registry_services.Refused as error:
        return conflict(error)
    return Status(204, None)


def _facts(file: ObligationYear) -> list[dict]:
    facts = {f.service_id: f for f in file.service_facts.all()}
    rows = []
    for service in file.editor.services.order_by("name"):
        f = facts.get(service.pk)
        rows.append({"service": {"id": service.pk, "name": service.name, "kind": service.kind},
                     "audience_share": rate(f.audience_share) if f else None,
                     "audiovisual_works_share": rate(f.audiovisual_works_share) if f else None})
    return rows


@router.get("/obligations/{int:pk}/service-facts", response={200: list[s.ServiceFactsOut],
                                                             **ERRORS},
            tags=["step 1"], summary="The year's audience and airtime figures of each service",
            operation_id="montage_web_api_operations_service_facts_list")
def service_facts_list(request, pk: int):
    """Whoever may open the file. Shares are fractions as strings (0.015 = 1,5 %); null = not
    given (the exemption ground is then not evaluated)."""
    return _facts(visible_file(request.auth, pk))


@router.put("/obligations/{int:pk}/service-facts", response={200: list[s.ServiceFactsOut],
                                                             **WRITE_ERRORS},
            tags=["step 1"], summary="The editor records the service figures of the year",
            operation_id="montage_web_api_operations_service_facts_save")
def service_facts_save(request, pk: int, payload: list[s.ServiceFactsIn]):
    """The file's editor_officer, while the CSA has not decided (409). One row per service of
    the editor sent; services not sent keep their figures."""
    user = request.auth
    file = _file_for_editor(user, pk)
    services_ = {svc.pk: svc for svc in file.editor.services.all()}
    figures = {}
    for n, row in enumerate(payload):
        service = services_.get(row.service)
        if service is None:
            raise invalid(["body", "payload", n, "service"],
                          _("Not a service of this editor: %(id)s.") % {"id": row.service})
        form = step1_forms.FactsForm({
            "audience_share": text(None if row.audience_share is None
                                   else row.audience_share * 100),
            "audiovisual_works_share": text(None if row.audiovisual_works_share is None
                                            else row.audiovisual_works_share * 100)})
        if not form.is_valid():
            raise ValidationError([{"loc": ["body", "payload", n, field], "msg": str(m),
                                    "type": "invalid"}
                                   for field, messages in form.errors.items() for m in messages])
        figures[service] = (form.cleaned_data["audience_share"],
                            form.cleaned_data["audiovisual_works_share"])
    try:
        with acting_as(user):
            contribution_services.step1_save_facts(file, figures)
    except registry_services.Refused as error:
        return conflict(error)
    return Status(200, _facts(file))


@router.post("/obligations/{int:pk}/submit", response={200: s.ObligationOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The editor submits its Formulaire CA to the CSA",
             operation_id="montage_web_api_operations_declaration_submit")
def declaration_submit(request, pk: int):
    """The file's editor_officer. 409 when there is no draft with lines, or when the engine
    refuses the lines (its message says why)."""
    user = request.auth
    file = _file_for_editor(user, pk)
    try:
        with acting_as(user):
            contribution_services.step1_submit(file, today())
    except registry_services.Refused as error:
        return conflict(error)
    return Status(200, _obligation(file))


# == step 1: questions ===========================================================================

@router.get("/obligations/{int:pk}/questions", response={200: list[s.QuestionOut], **ERRORS},
            tags=["step 1"], summary="The CSA's questions on a file and the editor's answers",
            operation_id="montage_web_api_operations_question_list")
def question_list(request, pk: int):
    file = visible_file(request.auth, pk)
    return [_question(q) for q in file.questions.select_related("asked_by", "answered_by")]


@router.post("/obligations/{int:pk}/questions", response={201: s.QuestionOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The CSA asks the editor a question",
             operation_id="montage_web_api_operations_question_ask")
def question_ask(request, pk: int, payload: s.QuestionIn):
    """A csa_analyst (step 1's `can_decide_step1`)."""
    user = request.auth
    file = _file_for_csa(user, pk)
    form = valid(step1_forms.QuestionForm({"text": payload.text}))
    with acting_as(user):
        question = contribution_services.step1_ask(file, form.cleaned_data["text"], user)
    return Status(201, _question(question))


@router.post("/questions/{int:pk}/answer", response={200: s.QuestionOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The editor answers a question of the CSA",
             operation_id="montage_web_api_operations_question_answer")
def question_answer(request, pk: int, payload: s.AnswerIn):
    """The file's editor_officer; 409 when the question is already answered."""
    user = request.auth
    question = get_object_or_404(Question.objects.select_related("obligation"), pk=pk)
    _file_for_editor(user, question.obligation_id)
    form = valid(step1_forms.AnswerForm({"answer": payload.answer}))
    try:
        with acting_as(user):
            contribution_services.step1_answer(question, form.cleaned_data["answer"], user)
    except registry_services.Refused as error:
        return conflict(error)
    return Status(200, _question(question))


# == step 1: the CSA's decision ==================================================================

@router.post("/obligations/{int:pk}/decision/preview", response={200: s.PreviewOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The CSA previews the engine's decision (nothing recorded)",
             operation_id="montage_web_api_operations_decision_preview")
def decision_preview(request, pk: int, payload: s.PreviewIn,
                     lang: Optional[Literal["fr", "en"]] = None):
    """A csa_analyst: the engine's contribution and exemption grounds on this eligible turnover,
    with their explanations, as the page's "preview" button. 422 when the engine refuses the
    figure."""
    file = _file_for_csa(request.auth, pk)
    lang = language(request, lang)
    try:
        contribution = compute_contribution(file.year, payload.eligible_turnover,
                                            current_parameters())
        exemption = contribution_services.step1_exemptions(file, contribution)
    except MontageError as error:
        raise invalid(["body", "payload", "eligible_turnover"], str(error)) from None
    return {"contribution": contribution.as_dict(lang), "exempt": exemption.exempt,
            "exemption_grounds": list(exemption.grounds),
            "not_evaluated": list(exemption.not_evaluated),
            "exemption_explanation": exemption.explanation.as_dict(lang)}


@router.post("/obligations/{int:pk}/decision", response={200: s.ObligationOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The CSA records the eligible turnover and the decision",
             operation_id="montage_web_api_operations_decision_record")
def decision_record(request, pk: int, payload: s.Step1DecisionIn,
                    lang: Optional[Literal["fr", "en"]] = None):
    """A csa_analyst, until the CCA validates the file (409). `fixed`: the amount is the
    engine's, refused (422 on `outcome`) when the engine finds the editor exempt; `exempt`
    needs a ground (422) that the engine finds on these figures (422 on `exemption_ground`).
    A submitted Formulaire CA is then accepted. Recorded as the decision
    `csa_decision_fixed` / `csa_decision_exempt` with the note. 409 while the engine's amount
    (or, for a turnover exemption, its threshold) is provisional: the price index the year needs
    is not known yet (`contribution.missing_index` in the preview)."""
    user = request.auth
    file = _file_for_csa(user, pk)
    form = valid(step1_forms.DecisionForm({
        "eligible_turnover": text(payload.eligible_turnover), "outcome": payload.outcome,
        "exemption_ground": payload.exemption_ground, "note": payload.note}))
    data = form.cleaned_data
    try:
        with acting_as(user):
            contribution_services.step1_decide(
                file, data["eligible_turnover"], data["outcome"],
                data.get("exemption_ground") or "", data.get("note") or "", today(),
                language(request, lang))
    except registry_services.Refused as error:
        return conflict(error)
    return Status(200, _obligation(file))


@router.post("/obligations/{int:pk}/presumption", response={201: PaymentOut, **WRITE_ERRORS},
             tags=["step 1"], summary="The CSA sets the presumed payment (information late)",
             operation_id="montage_web_api_operations_presumption")
def presumption(request, pk: int):
    """A csa_analyst. 409 when the presumption does not apply (the information came in time),
    when the presumed payment is already set, once the CCA validated the file, or while the
    presumed amount is provisional (the price index the year needs is not known yet)."""
    user = request.auth
    file = _file_for_csa(user, pk)
    try:
        with acting_as(user):
            payment = contribution_services.step1_presume(file, today())
    except registry_services.Refused as error:
        return conflict(error)
    return Status(201, payment_out(payment))


# == documents ===================================================================================

@router.get("/obligations/{int:pk}/attachments", response={200: list[AttachmentOut], **ERRORS},
            tags=["documents"], summary="The documents filed with a file (step 1)",
            operation_id="montage_web_api_operations_obligation_attachments")
def obligation_attachments(request, pk: int):
    file = visible_file(request.auth, pk)
    return visible_attachments(request.auth, file.attachments.filter(investment__isnull=True))


@router.post("/obligations/{int:pk}/attachments", response={201: AttachmentOut, **WRITE_ERRORS},
             tags=["documents"], summary="The editor files a supporting document (multipart)",
             operation_id="montage_web_api_operations_obligation_attachment_add")
def obligation_attachment_add(request, pk: int, file: File[UploadedFile],
                              kind: Form[Literal[tuple(k for k, _l in
                                                       step1_forms.ATTACHMENT_KINDS)]],
                              description: Form[str] = "", confidential: Form[bool] = False):
    """multipart/form-data: `file`, `kind` (accounts, ad_sales_attestation, other_evidence),
    `description`, `confidential`. The file's editor_officer while the CSA has not decided
    (409)."""
    user = request.auth
    obligation = _file_for_editor(user, pk)
    form = valid(step1_forms.AttachmentForm(
        {"kind": kind, "description": description, "confidential": confidential},
        {"file": file}))
    data = form.cleaned_data
    try:
        with acting_as(user):
            attachment = contribution_services.step1_add_attachment(
                obligation, data["kind"], data["file"], data["description"],
                data["confidential"], user)
    except registry_services.Refused as error:
        return conflict(error)
    return Status(201, attachment_out(attachment))


@router.get("/attachments/{int:pk}", response={200: None, **ERRORS}, tags=["documents"],
            summary="Download a document",
            openapi_extra={"responses": {200: {"description": "the file",
                                                 "content": {"application/octet-stream": {}}}}},
            operation_id="montage_web_api_operations_attachment_download")
def attachment_download(request, pk: int):
    """Documents are private: served only to who may read them (step 2's
    `can_view_attachment`: a file's documents to who may open the file; an investment's to who
    sees it, confidential ones to its editor and the regulators only)."""
    attachment = get_object_or_404(Attachment.objects.select_related("investment", "obligation"),
                                   pk=pk)
    permissions.require(permissions.can_view_attachment(request.auth, attachment))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True,
                        filename=os.path.basename(attachment.file.name))
