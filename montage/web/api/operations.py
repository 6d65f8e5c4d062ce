"""The pages' operations as JSON routes: step 1 (the editor's filings, the CSA's questions and
decision), step 2 (the CCA's status, payments and committee, spillover proofs, independence)
and the documents (multipart upload, download). docs/web-api.md lists them.

Nothing here decides a rule of its own: permissions come from montage.web.permissions (the
step1_/step2_ functions the pages use), input is checked by the pages' own forms
(montage.web.contribution.forms, montage.web.investments.forms) and the operations are the functions the
pages call in montage.web.contribution.services. Their refusals map to HTTP: `registry_services.Refused` with
field errors → 422 naming the fields, without → 409; a form's errors → 422 naming the fields.
Every write runs inside `acting_as(caller)`, so the audit trail names the session's or the
token's user.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Literal, Optional

from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from montage.errors import MontageError
from montage.law.contribution import compute_contribution
from montage.money import as_text
from montage.web import permissions
from montage.web.api import schemas as s
from montage.web.api.api import ERRORS, WRITE_ERRORS, _invalid, _lang, _line, _money, api
from montage.web.contribution import services as contribution_services
from montage.web.investments import services as investments_services
from montage.web.registry import services as registry_services
from montage.web.registry.audit import acting_as
from montage.web.contribution.models import (Attachment, EditorProfile, ObligationYear, Question,
                                             TurnoverLine)
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment, Investment,
                                            Payment, SpilloverProof)
from montage.web.ledger.models import Expense
from montage.web.registry.models import Company
from montage.web.contribution import forms as step1_forms
from montage.web.investments import forms as step2_forms

DELETE_ERRORS = {**ERRORS, 409: s.Message}


def today() -> dt.date:
    """The day deadlines are measured on (tests replace it, as the step-1 pages' `today`)."""
    return timezone.localdate()


# -- helpers -------------------------------------------------------------------------------------

def _form_errors(form) -> ValidationError:
    """A page form's errors as the API's 422 (loc ends with the field; the form's own
    cross-field errors have loc ["body", "payload"])."""
    errors = []
    for field, messages in form.errors.items():
        loc = ["body", "payload"] + ([] if field == "__all__" else [field])
        errors.extend({"loc": loc, "msg": str(message), "type": "invalid"}
                      for message in messages)
    for formset in getattr(form, "formsets", ()):
        prefix, rows = formset
        for n, row in enumerate(rows.errors):
            for field, messages in row.items():
                errors.extend({"loc": ["body", "payload", prefix, n, field],
                               "msg": str(m), "type": "invalid"} for m in messages)
        errors.extend({"loc": ["body", "payload", prefix], "msg": str(m), "type": "invalid"}
                      for m in rows.non_form_errors())
    return ValidationError(errors)


def _valid(form):
    if not form.is_valid():
        raise _form_errors(form)
    return form


def _refused(error: registry_services.Refused):
    """registry_services.Refused → 409 (state) or 422 (fields)."""
    if error.errors:
        return ValidationError([{"loc": ["body", "payload", field], "msg": str(message),
                                 "type": "refused"} for field, message in error.errors.items()])
    return None


def _conflict(error: registry_services.Refused):
    invalid = _refused(error)
    if invalid is not None:
        raise invalid
    return Status(409, {"detail": error.message})


def _text(value) -> str:
    """A value as a page form receives it."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, Decimal)):
        return value.isoformat() if isinstance(value, dt.date) else format(value, "f")
    return value


def _file(user, pk: int) -> ObligationYear:
    file = get_object_or_404(ObligationYear.objects.select_related("editor__organisation"),
                             pk=pk)
    permissions.require(permissions.can_view_obligation(user, file))
    return file


def _file_for_editor(user, pk: int) -> ObligationYear:
    file = _file(user, pk)
    permissions.require(permissions.can_file_step1(user, file))
    return file


def _file_for_csa(user, pk: int) -> ObligationYear:
    file = _file(user, pk)
    permissions.require(permissions.can_decide_step1(user))
    return file


def _investment(user, pk: int) -> Investment:
    investment = get_object_or_404(Investment.objects.select_related(
        "editor__organisation", "obligation", "work", "producer"), pk=pk)
    permissions.require(permissions.can_view_investment(user, investment))
    return investment


def _step2_editor(user, pk: int) -> EditorProfile:
    editor = get_object_or_404(EditorProfile.objects.select_related("organisation"), pk=pk)
    permissions.require(permissions.can_view_step2_editor(user, editor))
    return editor


def _question(q: Question) -> dict:
    return {"id": q.pk, "obligation": q.obligation_id, "text": q.text,
            "asked_by": q.asked_by.get_username(), "asked_at": q.asked_at, "answer": q.answer,
            "answered_by": q.answered_by.get_username() if q.answered_by else None,
            "answered_at": q.answered_at}


def _attachment(a: Attachment) -> dict:
    return {"id": a.pk, "obligation": a.obligation_id, "investment": a.investment_id,
            "checklist_key": a.checklist_key, "filename": os.path.basename(a.file.name),
            "description": a.description, "confidential": a.confidential,
            "uploaded_by": a.uploaded_by.get_username(), "uploaded_at": a.uploaded_at}


def _rate(value) -> str | None:
    return None if value is None else format(value, "f")


# == step 1: the editor ==========================================================================

@api.post("/obligations", response={201: s.ObligationOut, 200: s.ObligationOut,
                                    **WRITE_ERRORS},
          tags=["step 1"], summary="The editor opens its file for a year")
def obligation_open(request, payload: s.OpenYearIn):
    """The editor's `editor_officer` (step 1's `step1_filing_editor_ids`), for this year or the
    next. 201 with the new file, 200 with the file when it already exists."""
    from montage.web.api.api import _obligation

    user = request.auth
    permissions.require(payload.editor in permissions.step1_filing_editor_ids(user))
    editor = get_object_or_404(EditorProfile, pk=payload.editor)
    _valid(step1_forms.OpenYearForm({"year": payload.year}))
    try:
        with transaction.atomic(), acting_as(user):
            file, created = contribution_services.step1_open_year(editor, payload.year, today())
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(201 if created else 200, _obligation(file))


@api.post("/obligations/{int:pk}/choice", response={200: s.ObligationOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The editor files its choice of form and estimate")
def obligation_choice(request, pk: int, payload: s.ChoiceIn):
    """Deadline 1 (step 1's page "choice"): the file's editor_officer, while the CSA has not
    decided (409). Once the deadline has passed a filed choice is locked (409) and a late choice
    can only be `payment` (422 on `form`). `first_activity_day` (first year of activity) is
    stored on the editor and moves the deadline to 30 days after it."""
    from montage.web.api.api import _obligation

    user = request.auth
    file = _file_for_editor(user, pk)
    form = _valid(step1_forms.ChoiceForm({
        "form": payload.form, "turnover_estimate": _text(payload.turnover_estimate),
        "first_activity_day": _text(payload.first_activity_day)}))
    data = form.cleaned_data
    try:
        with transaction.atomic(), acting_as(user):
            contribution_services.step1_file_choice(file, data["form"], data["turnover_estimate"],
                                       data.get("first_activity_day"), today())
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(200, _obligation(file))


def _line_form(file, data: dict, instance=None):
    return step1_forms.LineForm({key: _text(value) if not isinstance(value, bool) else value
                                 for key, value in data.items()},
                                obligation=file, instance=instance)


@api.post("/obligations/{int:pk}/turnover-lines", response={201: s.TurnoverLineOut,
                                                           **WRITE_ERRORS},
          tags=["step 1"], summary="The editor adds a line to its Formulaire CA")
def turnover_line_create(request, pk: int, payload: s.TurnoverLineIn):
    """The file's editor_officer, while the form is a draft (409 once submitted or decided).
    The page's rules apply: a service of the editor, a market of its establishment, commissions
    not above the amount, one line per service, category and market (422)."""
    user = request.auth
    file = _file_for_editor(user, pk)
    refusal = contribution_services.step1_lines_refusal(file)
    if refusal:
        return Status(409, {"detail": refusal})
    form = _valid(_line_form(file, payload.model_dump()))
    try:
        with transaction.atomic(), acting_as(user):
            line = contribution_services.step1_save_line(file, form)
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(201, _line(TurnoverLine.objects.select_related("service").get(pk=line.pk)))


def _editable_line(user, pk: int):
    line = get_object_or_404(TurnoverLine.objects.select_related("declaration", "service"),
                             pk=pk)
    file = _file_for_editor(user, line.declaration.obligation_id)
    return file, line


@api.patch("/turnover-lines/{int:pk}", response={200: s.TurnoverLineOut, **WRITE_ERRORS},
           tags=["step 1"], summary="The editor changes a line of its Formulaire CA")
def turnover_line_update(request, pk: int, payload: s.TurnoverLinePatch):
    """Only the fields sent change; same rules and refusals as adding a line."""
    user = request.auth
    file, line = _editable_line(user, pk)
    refusal = contribution_services.step1_lines_refusal(file)
    if refusal:
        return Status(409, {"detail": refusal})
    sent = payload.model_dump(exclude_unset=True)
    for field, value in sent.items():
        if value is None and field != "agency_commissions":
            raise _invalid(["body", "payload", field], _("This field cannot be null."))
    data = {"service": line.service_id, "category": line.category, "market": line.market,
            "amount": line.amount, "agency_commissions": line.agency_commissions,
            "confidential": line.confidential, **sent}
    form = _valid(_line_form(file, data, instance=line))
    try:
        with transaction.atomic(), acting_as(user):
            contribution_services.step1_save_line(file, form)
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(200, _line(TurnoverLine.objects.select_related("service").get(pk=line.pk)))


@api.delete("/turnover-lines/{int:pk}", response={204: None, **DELETE_ERRORS},
            tags=["step 1"], summary="The editor deletes a line of its Formulaire CA")
def turnover_line_delete(request, pk: int):
    """The file's editor_officer, while the form is a draft (409 otherwise). The deletion is
    recorded on the file's history."""
    user = request.auth
    file, line = _editable_line(user, pk)
    try:
        with acting_as(user):
            contribution_services.step1_delete_line(line)
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(204, None)


def _facts(file: ObligationYear) -> list[dict]:
    facts = {f.service_id: f for f in file.service_facts.all()}
    rows = []
    for service in file.editor.services.order_by("name"):
        f = facts.get(service.pk)
        rows.append({"service": {"id": service.pk, "name": service.name, "kind": service.kind},
                     "audience_share": _rate(f.audience_share) if f else None,
                     "audiovisual_works_share": _rate(f.audiovisual_works_share) if f else None})
    return rows


@api.get("/obligations/{int:pk}/service-facts", response={200: list[s.ServiceFactsOut],
                                                         **ERRORS},
         tags=["step 1"], summary="The year's audience and airtime figures of each service")
def service_facts_list(request, pk: int):
    """Whoever may open the file. Shares are fractions as strings (0.015 = 1,5 %); null = not
    given (the exemption ground is then not evaluated)."""
    return _facts(_file(request.auth, pk))


@api.put("/obligations/{int:pk}/service-facts", response={200: list[s.ServiceFactsOut],
                                                         **WRITE_ERRORS},
         tags=["step 1"], summary="The editor records the service figures of the year")
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
            raise _invalid(["body", "payload", n, "service"],
                           _("Not a service of this editor: %(id)s.") % {"id": row.service})
        form = step1_forms.FactsForm({
            "audience_share": _text(None if row.audience_share is None
                                    else row.audience_share * 100),
            "audiovisual_works_share": _text(None if row.audiovisual_works_share is None
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
        return _conflict(error)
    return Status(200, _facts(file))


@api.post("/obligations/{int:pk}/submit", response={200: s.ObligationOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The editor submits its Formulaire CA to the CSA")
def declaration_submit(request, pk: int):
    """The file's editor_officer. 409 when there is no draft with lines, or when the engine
    refuses the lines (its message says why)."""
    from montage.web.api.api import _obligation

    user = request.auth
    file = _file_for_editor(user, pk)
    try:
        with acting_as(user):
            contribution_services.step1_submit(file, today())
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(200, _obligation(file))


# == step 1: questions ===========================================================================

@api.get("/obligations/{int:pk}/questions", response={200: list[s.QuestionOut], **ERRORS},
         tags=["step 1"], summary="The CSA's questions on a file and the editor's answers")
def question_list(request, pk: int):
    file = _file(request.auth, pk)
    return [_question(q) for q in file.questions.select_related("asked_by", "answered_by")]


@api.post("/obligations/{int:pk}/questions", response={201: s.QuestionOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The CSA asks the editor a question")
def question_ask(request, pk: int, payload: s.QuestionIn):
    """A csa_analyst (step 1's `can_decide_step1`)."""
    user = request.auth
    file = _file_for_csa(user, pk)
    form = _valid(step1_forms.QuestionForm({"text": payload.text}))
    with acting_as(user):
        question = contribution_services.step1_ask(file, form.cleaned_data["text"], user)
    return Status(201, _question(question))


@api.post("/questions/{int:pk}/answer", response={200: s.QuestionOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The editor answers a question of the CSA")
def question_answer(request, pk: int, payload: s.AnswerIn):
    """The file's editor_officer; 409 when the question is already answered."""
    user = request.auth
    question = get_object_or_404(Question.objects.select_related("obligation"), pk=pk)
    _file_for_editor(user, question.obligation_id)
    form = _valid(step1_forms.AnswerForm({"answer": payload.answer}))
    try:
        with acting_as(user):
            contribution_services.step1_answer(question, form.cleaned_data["answer"], user)
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(200, _question(question))


# == step 1: the CSA's decision ==================================================================

@api.post("/obligations/{int:pk}/decision/preview", response={200: s.PreviewOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The CSA previews the engine's decision (nothing recorded)")
def decision_preview(request, pk: int, payload: s.PreviewIn,
                     lang: Optional[Literal["fr", "en"]] = None):
    """A csa_analyst: the engine's contribution and exemption grounds on this eligible turnover,
    with their explanations, as the page's "preview" button. 422 when the engine refuses the
    figure."""
    file = _file_for_csa(request.auth, pk)
    lang = _lang(request, lang)
    try:
        contribution = compute_contribution(file.year, payload.eligible_turnover)
        exemption = contribution_services.step1_exemptions(file, contribution)
    except MontageError as error:
        raise _invalid(["body", "payload", "eligible_turnover"], str(error)) from None
    return {"contribution": contribution.as_dict(lang), "exempt": exemption.exempt,
            "exemption_grounds": list(exemption.grounds),
            "not_evaluated": list(exemption.not_evaluated),
            "exemption_explanation": exemption.explanation.as_dict(lang)}


@api.post("/obligations/{int:pk}/decision", response={200: s.ObligationOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The CSA records the eligible turnover and the decision")
def decision_record(request, pk: int, payload: s.Step1DecisionIn,
                    lang: Optional[Literal["fr", "en"]] = None):
    """A csa_analyst, until the CCA validates the file (409). `fixed`: the amount is the
    engine's, refused (422 on `outcome`) when the engine finds the editor exempt; `exempt`
    needs a ground (422) that the engine finds on these figures (422 on `exemption_ground`).
    A submitted Formulaire CA is then accepted. Recorded as the decision
    `csa_decision_fixed` / `csa_decision_exempt` with the note."""
    from montage.web.api.api import _obligation

    user = request.auth
    file = _file_for_csa(user, pk)
    form = _valid(step1_forms.DecisionForm({
        "eligible_turnover": _text(payload.eligible_turnover), "outcome": payload.outcome,
        "exemption_ground": payload.exemption_ground, "note": payload.note}))
    data = form.cleaned_data
    try:
        with acting_as(user):
            contribution_services.step1_decide(file, data["eligible_turnover"], data["outcome"],
                                  data.get("exemption_ground") or "", data.get("note") or "",
                                  today(), _lang(request, lang))
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(200, _obligation(file))


@api.post("/obligations/{int:pk}/presumption", response={201: s.PaymentOut, **WRITE_ERRORS},
          tags=["step 1"], summary="The CSA sets the presumed payment (information late)")
def presumption(request, pk: int):
    """A csa_analyst. 409 when the presumption does not apply (the information came in time),
    when the presumed payment is already set, or once the CCA validated the file."""
    user = request.auth
    file = _file_for_csa(user, pk)
    try:
        with acting_as(user):
            payment = contribution_services.step1_presume(file, today())
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(201, _payment(payment))


# == attachments =================================================================================

def _visible_attachments(user, rows) -> list[dict]:
    return [_attachment(a) for a in rows.select_related("uploaded_by", "investment", "obligation")
            if permissions.can_view_attachment(user, a)]


@api.get("/obligations/{int:pk}/attachments", response={200: list[s.AttachmentOut], **ERRORS},
         tags=["documents"], summary="The documents filed with a file (step 1)")
def obligation_attachments(request, pk: int):
    file = _file(request.auth, pk)
    return _visible_attachments(request.auth, file.attachments.filter(investment__isnull=True))


@api.post("/obligations/{int:pk}/attachments", response={201: s.AttachmentOut, **WRITE_ERRORS},
          tags=["documents"], summary="The editor files a supporting document (multipart)")
def obligation_attachment_add(request, pk: int, file: File[UploadedFile],
                              kind: Form[Literal[tuple(k for k, _l in
                                                       step1_forms.ATTACHMENT_KINDS)]],
                              description: Form[str] = "", confidential: Form[bool] = False):
    """multipart/form-data: `file`, `kind` (accounts, ad_sales_attestation, other_evidence),
    `description`, `confidential`. The file's editor_officer while the CSA has not decided
    (409)."""
    user = request.auth
    obligation = _file_for_editor(user, pk)
    form = _valid(step1_forms.AttachmentForm(
        {"kind": kind, "description": description, "confidential": confidential},
        {"file": file}))
    data = form.cleaned_data
    try:
        with acting_as(user):
            attachment = contribution_services.step1_add_attachment(
                obligation, data["kind"], data["file"], data["description"],
                data["confidential"], user)
    except registry_services.Refused as error:
        return _conflict(error)
    return Status(201, _attachment(attachment))


@api.get("/investments/{int:pk}/attachments", response={200: list[s.AttachmentOut], **ERRORS},
         tags=["documents"], summary="The documents of an investment the caller may see")
def investment_attachments(request, pk: int):
    """Confidential documents (or those of a confidential investment) only for the editor and
    the regulators, as on the pages."""
    investment = _investment(request.auth, pk)
    return _visible_attachments(request.auth, investment.attachments.all())


@api.post("/investments/{int:pk}/attachments", response={201: s.AttachmentOut, **WRITE_ERRORS},
          tags=["documents"], summary="The editor files a document of an investment (multipart)")
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
    form = _valid(step2_forms.AttachmentForm(
        {"checklist_key": checklist_key, "description": description,
         "confidential": confidential}, {"file": file},
        items=investments_services.step2_checklist(investment, _lang(request, lang))))
    data = form.cleaned_data
    with acting_as(user):
        attachment = investments_services.step2_add_document(investment, data["checklist_key"],
                                                 data["file"], data["description"],
                                                 data["confidential"], user)
    return Status(201, _attachment(attachment))


@api.get("/attachments/{int:pk}", response={200: None, **ERRORS}, tags=["documents"],
         summary="Download a document",
         openapi_extra={"responses": {200: {"description": "the file",
                                              "content": {"application/octet-stream": {}}}}})
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


# == step 2: the CCA's status of an investment ===================================================

@api.post("/investments/{int:pk}/status", response={200: s.InvestmentOut, **WRITE_ERRORS},
          tags=["step 2"], summary="The CCA marks an investment unrealised, cancelled or active")
def investment_status(request, pk: int, payload: s.StatusIn):
    """The CCA (step 2's `can_decide_step2`). Unrealised needs its initial decision date (or
    the document's date) and a justified part not above the amount; a justified amount goes
    only with unrealised (422). Recorded as the decision `status:<status>`."""
    from montage.web.api.api import _investments

    user = request.auth
    investment = _investment(user, pk)
    permissions.require(permissions.can_decide_step2(user))
    form = _valid(step2_forms.StatusForm({
        "status": payload.status, "justified_amount": _text(payload.justified_amount),
        "decision_date": _text(payload.decision_date), "note": payload.note},
        instance=investment))
    with acting_as(user):
        investments_services.step2_set_status(investment, form)
    return Status(200, _investments([investment])[0])


# == step 2: payments ============================================================================

def _payment(p: Payment) -> dict:
    return {"id": p.pk, "obligation": p.obligation_id, "year": p.obligation.year,
            "reason": p.reason, "amount": as_text(p.amount),
            "letter_sent_on": p.letter_sent_on, "due_on": p.due_on, "paid_on": p.paid_on,
            "paid_amount": _money(p.paid_amount),
            "outstanding": as_text(p.amount - (p.paid_amount or Decimal("0"))),
            "communication": p.communication}


@api.get("/editors/{int:pk}/payments", response={200: s.PaymentsOut, **ERRORS},
         tags=["step 2"], summary="What the editor owes the CCA, and the payments recorded")
def payment_list(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """That editor and the regulators (step 2's `can_view_step2_editor`). `due`: the engine's
    amounts owed (investments_services.payments_due: payment form, expired shortfalls, unreassigned
    unrealised projects) with the CCA's letter and due dates; `payments`: the letters and
    payments recorded."""
    editor = _step2_editor(request.auth, pk)
    lang = _lang(request, lang)
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
    return {"due": due, "error": error, "payments": [_payment(p) for p in payments]}


@api.post("/editors/{int:pk}/payments", response={201: s.PaymentOut, **WRITE_ERRORS},
          tags=["step 2"], summary="The CCA records a payment letter")
def payment_create(request, pk: int, payload: s.PaymentIn):
    """The CCA. `year` names the editor's file the money is owed for (422 when the editor has
    no file that year)."""
    user = request.auth
    editor = _step2_editor(user, pk)
    permissions.require(permissions.can_decide_step2(user))
    form = _valid(step2_forms.PaymentCreateForm(
        {key: _text(value) for key, value in payload.model_dump().items()}))
    file = ObligationYear.objects.filter(editor=editor, year=form.cleaned_data["year"]).first()
    if file is None:
        raise _invalid(["body", "payload", "year"], _("This editor has no file for this year."))
    payment = form.save(commit=False)
    payment.obligation = file
    with acting_as(user):
        payment.save()
    return Status(201, _payment(payment))


@api.patch("/payments/{int:pk}", response={200: s.PaymentOut, **WRITE_ERRORS},
           tags=["step 2"], summary="The CCA records the payment (or changes the letter)")
def payment_update(request, pk: int, payload: s.PaymentPatch):
    """The CCA; only the fields sent change; `paid_on` and `paid_amount` go together (422)."""
    user = request.auth
    payment = get_object_or_404(Payment.objects.select_related("obligation__editor"), pk=pk)
    permissions.require(permissions.can_view_step2_editor(user, payment.obligation.editor))
    permissions.require(permissions.can_decide_step2(user))
    current = {field: getattr(payment, field) for field in step2_forms.PaymentUpdateForm._meta
               .fields}
    data = {**current, **payload.model_dump(exclude_unset=True)}
    form = _valid(step2_forms.PaymentUpdateForm({k: _text(v) for k, v in data.items()},
                                                instance=payment))
    with acting_as(user):
        form.save()
    return Status(200, _payment(payment))


# == step 2: the committee =======================================================================

@api.get("/obligations/{int:pk}/committee-report", response={200: s.CommitteeReportOut,
                                                             **ERRORS},
         tags=["step 2"], summary="The accompanying committee's report data (nothing "
                                  "confidential)")
def committee_report(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """investments_services.committee_report, as the step-2 committee page: the editor and the
    regulators. Confidential investments are left out (`withheld` counts them), verdicts are
    met / not met without details."""
    file = _file(request.auth, pk)
    permissions.require(permissions.can_view_step2_editor(request.auth, file.editor))
    report = investments_services.committee_report(file.editor, file.year, _lang(request, lang))
    return {**report, "obligation": _money(report["obligation"]),
            "total_listed": as_text(report["total_listed"]),
            "by_category": {k: as_text(v) for k, v in report["by_category"].items()},
            "investments": [{**i, "amount": as_text(i["amount"])}
                            for i in report["investments"]]}


@api.put("/obligations/{int:pk}/committee-meeting", response={200: s.MeetingOut,
                                                             **WRITE_ERRORS},
         tags=["step 2"], summary="The CCA records the committee's meeting and opinion")
def committee_meeting(request, pk: int, payload: s.CommitteeMeetingIn):
    """The CCA; one meeting per editor and year (created or replaced). Recorded as the decision
    `committee_meeting`."""
    user = request.auth
    file = _file(user, pk)
    permissions.require(permissions.can_view_step2_editor(user, file.editor))
    permissions.require(permissions.can_decide_step2(user))
    meeting = CommitteeMeeting.objects.filter(editor=file.editor, year=file.year).first()
    form = _valid(step2_forms.CommitteeForm(
        {"held_on": _text(payload.held_on), "opinion": payload.opinion},
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


@api.get("/investments/{int:pk}/spillover", response={200: s.SpilloverOut, **ERRORS},
         tags=["step 2"], summary="An investment's spillover proofs and the engine's "
                                  "assessment")
def spillover(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """Whoever sees the investment (as the page)."""
    investment = _investment(request.auth, pk)
    lang = _lang(request, lang)
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


@api.post("/investments/{int:pk}/spillover-proofs", response={201: s.SpilloverProofOut,
                                                             **WRITE_ERRORS},
          tags=["step 2"], summary="Add an expense as a spillover proof")
def spillover_add(request, pk: int, payload: s.SpilloverProofIn):
    """The investment's editor, or the producer whose company produces it (step 2's
    `can_add_spillover`), from the expenses of the investment's work not yet shown — a
    producer from its own ledger only (422 on `expense` otherwise). `amount` defaults to the
    expense's amount excluding VAT and cannot exceed it."""
    user = request.auth
    investment = _investment(user, pk)
    permissions.require(permissions.can_add_spillover(user, investment))
    form = _valid(step2_forms.SpilloverProofForm(
        {"expense": payload.expense, "amount": _text(payload.amount)},
        expenses=investments_services.step2_offered_expenses(user, investment)))
    with acting_as(user):
        proof = investments_services.step2_add_spillover(investment, form.cleaned_data["expense"],
                                             form.cleaned_data["amount"])
    return Status(201, _proof(SpilloverProof.objects.select_related("expense__supplier")
                              .get(pk=proof.pk)))


@api.patch("/spillover-proofs/{int:pk}", response={200: s.SpilloverProofOut, **WRITE_ERRORS},
           tags=["step 2"], summary="The CCA ticks the mandatory mentions missing on a proof")
def spillover_missing(request, pk: int, payload: s.MissingFieldsIn):
    """The CCA; `missing_fields` are names of the mandatory invoice mentions in force
    (parameter spillover.invoice_mandatory_fields; 422 for any other)."""
    user = request.auth
    proof = get_object_or_404(SpilloverProof.objects.select_related("investment",
                                                                    "expense__supplier"), pk=pk)
    permissions.require(permissions.can_view_investment(user, proof.investment))
    permissions.require(permissions.can_decide_step2(user))
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("missing_fields", payload.missing_fields)
    form = _valid(step2_forms.MissingFieldsForm(data))
    proof.missing_fields = form.cleaned_data["missing_fields"]
    with acting_as(user):
        proof.save()
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
        "largest_share_in_an_editor": _rate(a.largest_share_in_an_editor),
        "shareholders": [{"name": h.name, "share": _rate(h.share), "is_editor": h.is_editor,
                          "share_in_an_editor": _rate(h.share_in_an_editor)}
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
                data[f"{prefix}-{n}-{key}"] = _text(value)
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
            "largest_share_in_an_editor": _text(body["largest_share_in_an_editor"]),
            **_formset_data("sh", shareholders, body["shareholders"]),
            **_formset_data("to", turnover, body["turnover"])}
    form = step2_forms.IndependenceForm(data, instance=instance)
    sh = step2_forms.ShareholderFormSet(data, instance=instance, prefix="sh")
    to = step2_forms.TurnoverFormSet(data, instance=instance, prefix="to")
    valid = [form.is_valid(), sh.is_valid(), to.is_valid()]
    if not all(valid):
        form.formsets = [("shareholders", _shifted(sh, len(shareholders))),
                         ("turnover", _shifted(to, len(turnover)))]
        raise _form_errors(form)
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


@api.get("/producers/{int:pk}/independence", response={200: list[s.IndependenceOut], **ERRORS},
         tags=["step 2"], summary="A producer's independence figures and the engine's tests")
def independence_list(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    """The regulators, an editor investing with that producer, the producer itself (step 2's
    `can_view_independence`); newest reference year first."""
    company = _company_for_independence(request.auth, pk)
    lang = _lang(request, lang)
    return [_assessment(a, lang)
            for a in company.independence_assessments.order_by("-reference_year")]


@api.post("/producers/{int:pk}/independence", response={201: s.IndependenceOut,
                                                       **WRITE_ERRORS},
          tags=["step 2"], summary="Record a producer's independence figures for a year")
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
                                     _lang(request, lang))
    return Status(201, _assessment(assessment, _lang(request, lang)))


@api.put("/independence/{int:pk}", response={200: s.IndependenceOut, **WRITE_ERRORS},
         tags=["step 2"], summary="Replace the independence figures of a reference year")
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
    assessment = _save_independence(user, company, payload, assessment, _lang(request, lang))
    return Status(200, _assessment(assessment, _lang(request, lang)))


__all__ = ["today", "Expense"]
