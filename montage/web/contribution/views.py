"""Step 1 of the contribution procedure (vade-mecum « Première étape »), editor ↔ CSA.

The editor files its choice of form and turnover estimate (deadline 1), its Formulaire CA with
the year's service figures and supporting documents (deadline 2), and answers the CSA's
questions; the CSA asks, then fixes the eligible turnover and either the amount the engine
computes or an exemption with its ground (deadline 3), and may set the presumed payment when the
information came late. Every figure comes from `montage.law` through `contribution.services`; every
permission from `montage.web.permissions`; every change goes to the audit trail.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.errors import MontageError
from montage.law.contribution import compute_contribution, presumed_contribution
from montage.law.messages import LABELS
from montage.money import format_money
from montage.web import permissions
from montage.web.contribution import services as contribution_services
from montage.web.parameters.services import current_parameters
from montage.web.registry import services as registry_services
from montage.web.contribution.models import (Attachment, EditorProfile, ObligationYear, Question,
                                             ServiceYearFacts, TurnoverDeclaration, TurnoverLine)
from montage.web.investments.models import Payment
from montage.web.registry.models import AuditEntry
from montage.web.core.params import int_param
from montage.web.core.templatetags.montage import current_lang
from montage.web.contribution.forms import (ATTACHMENT_KINDS, AnswerForm, AttachmentForm, ChoiceForm,
                                     DecisionForm, FactsForm, LineForm, OpenYearForm,
                                     QuestionForm)

Status = ObligationYear.Status
STEP1_DEADLINES = ("choice_of_form", "turnover_estimate", "turnover_form", "csa_decision")
# The rules of the operations live in contribution/services.py (step1_*), shared with the JSON API.
EDITOR_OPEN = contribution_services.STEP1_EDITOR_OPEN       # the editor may still file
DECIDABLE = contribution_services.STEP1_DECIDABLE           # the CSA may decide
ENGINE_GROUND = contribution_services.STEP1_ENGINE_GROUND
GROUND_SERVICE_KIND = contribution_services.STEP1_GROUND_SERVICE_KIND


def today():
    """The day the deadlines are measured on (tests replace it)."""
    return timezone.localdate()


def _label(key: str, lang: str) -> str:
    return LABELS.get(key, {}).get(lang, key)


# -- the calendar, as rows for templates ----------------------------------------------------------

def _calendar(file: ObligationYear, lang: str) -> dict:
    try:
        calendar = contribution_services.step1_calendar(file, today())
    except MontageError as error:
        return {"error": str(error), "deadlines": [], "step1": []}
    rows = [{"key": d.key, "label": _label(d.key, lang), "actor": d.actor, "due": d.due,
             "done_on": d.done_on, "status": d.status, "days_left": d.days_left,
             "step1": d.key in STEP1_DEADLINES} for d in calendar.deadlines]
    return {"calendar": calendar, "deadlines": rows,
            "step1": [row for row in rows if row["step1"]],
            "overdue": [row for row in rows if row["status"] == "overdue"],
            "payment_by_default": calendar.payment_by_default,
            "presumption": calendar.presumption_applies,
            "form": calendar.form, "form_label": _label(calendar.form, lang),
            "explanation": calendar.explanation.readable(lang)}


def _step1_state(file: ObligationYear) -> tuple[str, str]:
    """(code, label) of where step 1 stands."""
    declaration = getattr(file, "declaration", None)
    if file.status == Status.FIXED:
        return "fixed", _("amount fixed by the CSA")
    if file.status == Status.EXEMPT:
        return "exempt", _("exempt")
    if file.status in (Status.VALIDATED, Status.CLOSED):
        return "later", file.get_status_display()
    if declaration is not None and declaration.status != TurnoverDeclaration.Status.DRAFT:
        return "submitted", _("turnover form submitted, awaiting the CSA")
    if declaration is not None:
        return "draft", _("turnover form in draft")
    if file.choice_filed_on:
        return "choice", _("choice of form filed")
    return "nothing", _("nothing filed yet")


# -- list ----------------------------------------------------------------------------------------

@login_required
def file_list(request):
    return _file_list_page(request)


def _file_list_page(request, open_form=None, status: int = 200):
    """The files; a refused year to open (open_form) comes back on it, filled in."""
    user = request.user
    permissions.require(permissions.can_list_obligations(user))
    lang = current_lang()
    files = (permissions.obligations_for(user).select_related("declaration")
             .prefetch_related("questions").order_by("-year", "editor__organisation__name"))
    rows = []
    for file in files:
        state, state_label = _step1_state(file)
        rows.append({"file": file, "state": state, "state_label": state_label,
                     "calendar": _calendar(file, lang),
                     "open_questions": sum(1 for q in file.questions.all() if not q.answer)})
    editors = EditorProfile.objects.filter(
        pk__in=permissions.step1_filing_editor_ids(user)).select_related("organisation")
    return render(request, "contribution/list.html", {
        "rows": rows, "editors": editors, "today": today(),
        "open_form": open_form or OpenYearForm(initial={"year": today().year + 1})},
        status=status)


@login_required
@require_POST
def open_year(request):
    """An editor opens its file for a year (to file its choice early, or a first year)."""
    user = request.user
    editor_ids = permissions.step1_filing_editor_ids(user)
    permissions.require(bool(editor_ids))
    form = OpenYearForm(request.POST)
    editor_id = int_param(request.POST, "editor", editor_ids[0])
    permissions.require(editor_id in editor_ids)
    editor = get_object_or_404(EditorProfile, pk=editor_id)
    if not form.is_valid():
        return _file_list_page(request, form, 400)
    try:
        file, _created = contribution_services.step1_open_year(editor, form.cleaned_data["year"], today())
    except registry_services.Refused as error:
        messages.error(request, error.message)
        return redirect("contribution_list")
    return redirect("contribution_file", file.pk)


# -- the file ------------------------------------------------------------------------------------

def _get_file(request, pk: int) -> ObligationYear:
    file = get_object_or_404(ObligationYear.objects.select_related("editor__organisation"), pk=pk)
    permissions.require(permissions.can_view_obligation(request.user, file))
    return file


def _declaration(file: ObligationYear) -> TurnoverDeclaration | None:
    return TurnoverDeclaration.objects.filter(obligation=file).first()


def _history(file: ObligationYear) -> list[AuditEntry]:
    def of(model, ids):
        return Q(content_type=ContentType.objects.get_for_model(model),
                 object_id__in=[str(i) for i in ids])
    declaration = _declaration(file)
    query = of(ObligationYear, [file.pk])
    query |= of(ServiceYearFacts, file.service_facts.values_list("pk", flat=True))
    query |= of(Payment, Payment.all_objects.filter(obligation=file).values_list("pk", flat=True))
    if declaration is not None:
        query |= of(TurnoverDeclaration, [declaration.pk])
        query |= of(TurnoverLine, declaration.lines.values_list("pk", flat=True))
    return list(AuditEntry.objects.filter(query).select_related("actor")[:100])


def _engine_decision(file: ObligationYear, basis: Decimal | None, lang: str) -> dict | None:
    """The engine's contribution and exemptions on `basis`, with their explanations."""
    if basis is None:
        return None
    try:
        contribution = compute_contribution(file.year, basis, current_parameters())
        exemption = contribution_services.step1_exemptions(file, contribution)
    except MontageError as error:
        return {"basis": basis, "error": str(error)}
    return {"basis": basis, "contribution": contribution, "exemption": exemption,
            "grounds": [_label(g, lang) if g in LABELS else g for g in exemption.grounds],
            "ground_codes": exemption.grounds,
            "not_evaluated": exemption.not_evaluated,
            "explanation": contribution.explanation.readable(
                lang, format_money(contribution.amount, lang)),
            "exemption_explanation": exemption.explanation.readable(lang)}


def _attachments(file: ObligationYear) -> list[Attachment]:
    kinds = dict(ATTACHMENT_KINDS)
    rows = list(file.attachments.filter(investment__isnull=True).select_related("uploaded_by"))
    for attachment in rows:
        attachment.kind_label = kinds.get(attachment.checklist_key, attachment.checklist_key)
        attachment.filename = os.path.basename(attachment.file.name)
    return rows


def _decision_basis(file) -> tuple[Decimal | None, str]:
    """The basis the engine's result is shown on: `contribution_services.contribution_basis`, the one choice
    shared with the file page and the API (source "fixed", "lines", "estimate" or "")."""
    chosen = contribution_services.contribution_basis(file)
    return chosen.amount, chosen.source


def _file_context(request, file: ObligationYear, **bound) -> dict:
    user, lang = request.user, current_lang()
    declaration = _declaration(file)
    lines = list(permissions.turnover_lines_for(user, file).order_by("service__name", "pk"))
    groups: OrderedDict = OrderedDict()
    for line in lines:
        line.net = line.amount - line.agency_commissions
        group = groups.setdefault(line.service_id, {"service": line.service, "lines": []})
        group["lines"].append(line)
    eligible = None
    if lines:
        try:
            result = contribution_services.step1_eligible_turnover(file)
            eligible = {"amount": result.amount, "explanation": result.explanation.readable(
                lang, format_money(result.amount, lang))}
        except MontageError as error:
            eligible = {"error": str(error)}
    calendar = _calendar(file, lang)
    facts = {f.service_id: f for f in file.service_facts.all()}
    service_rows = []
    for service in file.editor.services.order_by("name"):
        f = facts.get(service.pk)
        initial = {"audience_share": f.audience_share, "audiovisual_works_share":
                   f.audiovisual_works_share} if f else {}
        form = bound.get(f"facts_{service.pk}") or FactsForm(prefix=f"s{service.pk}",
                                                              initial=initial)
        service_rows.append({"service": service, "facts": f, "form": form})

    can_file = permissions.can_file_step1(user, file)
    editor_open = can_file and file.status in EDITOR_OPEN
    draft = declaration is None or declaration.status == TurnoverDeclaration.Status.DRAFT
    choice_due = next((d["due"] for d in calendar["deadlines"] if d["key"] == "choice_of_form"),
                      None)
    choice_open = editor_open and (file.choice_filed_on is None or
                                   (choice_due is not None and today() <= choice_due))
    can_decide = permissions.can_decide_step1(user) and file.status in DECIDABLE

    preview = bound.get("preview")
    basis, basis_source = (preview, "preview") if preview is not None else \
        _decision_basis(file)
    presumed = None
    presumed_payment = file.payments.filter(reason=Payment.Reason.PRESUMED).first()
    if calendar.get("presumption"):
        try:
            amount, explanation = presumed_contribution(file.year, current_parameters())
            presumed = {"amount": amount, "explanation": explanation.readable(
                lang, format_money(amount, lang))}
        except MontageError as error:
            presumed = {"error": str(error)}

    decision_initial = {"eligible_turnover": basis if basis_source != "estimate" else None,
                        "outcome": "exempt" if file.status == Status.EXEMPT else "fixed",
                        "exemption_ground": file.exemption_ground}
    questions = list(file.questions.select_related("asked_by", "answered_by"))
    answer_forms = bound.get("answers", {})
    for question in questions:
        question.form = answer_forms.get(question.pk) or AnswerForm(prefix=f"q{question.pk}")
    return {
        "file": file, "declaration": declaration, "groups": list(groups.values()),
        "line_count": len(lines),
        "declared_total": sum((line.amount for line in lines), Decimal("0")),
        "commissions_total": sum((line.agency_commissions for line in lines), Decimal("0")),
        "eligible": eligible, "cal": calendar, "service_rows": service_rows,
        "net_total": sum((line.net for line in lines), Decimal("0")),
        "attachments": _attachments(file),
        "questions": questions, "open_questions": sum(1 for q in questions if not q.answer),
        "state": _step1_state(file),
        "can_file": can_file, "editor_open": editor_open, "choice_open": choice_open,
        "choice_due": choice_due, "lines_editable": editor_open and draft,
        "can_submit": editor_open and declaration is not None and draft and bool(lines),
        "can_decide": can_decide, "can_ask": permissions.can_decide_step1(user),
        "engine": _engine_decision(file, basis, lang), "basis_source": basis_source,
        "presumed": presumed, "presumed_payment": presumed_payment,
        "can_presume": can_decide and presumed is not None and "error" not in presumed
        and presumed_payment is None,
        "choice_form": bound.get("choice_form") or ChoiceForm(initial={
            "form": file.form, "turnover_estimate": file.turnover_estimate,
            "first_activity_day": contribution_services.step1_first_activity_day(file)}),
        "line_form": bound.get("line_form") or LineForm(obligation=file),
        "attachment_form": bound.get("attachment_form") or AttachmentForm(),
        "question_form": bound.get("question_form") or QuestionForm(),
        "decision_form": bound.get("decision_form") or DecisionForm(initial=decision_initial),
        "history": _history(file), "today": today(),
    }


def _render_file(request, file, **bound):
    return render(request, "contribution/file.html", _file_context(request, file, **bound))


@login_required
def file_detail(request, pk: int):
    return _render_file(request, _get_file(request, pk))


def _file_for_editor(request, pk: int) -> ObligationYear:
    """The file, for its own editor_officer while step 1 is open to the editor."""
    file = _get_file(request, pk)
    permissions.require(permissions.can_file_step1(request.user, file))
    return file


def _back(file, anchor=""):
    return redirect(reverse("contribution_file", args=[file.pk]) + (f"#{anchor}" if anchor else ""))


def _closed(request, file, text=None):
    messages.error(request, text or _("Step 1 of this file is closed to the editor: the CSA "
                                      "has decided."))
    return _back(file)


# -- editor: choice, lines, figures, attachments, submission, answers ---------------------------

@login_required
@require_POST
def file_choice(request, pk: int):
    file = _file_for_editor(request, pk)
    if file.status not in EDITOR_OPEN:
        return _closed(request, file)
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        return _render_file(request, file, choice_form=form)
    data = form.cleaned_data
    try:
        contribution_services.step1_file_choice(file, data["form"], data["turnover_estimate"],
                                   data.get("first_activity_day"), today())
    except registry_services.Refused as error:
        if not error.errors:
            return _closed(request, file, error.message)
        for field, message in error.errors.items():
            form.add_error(field, message)
        return _render_file(request, file, choice_form=form)
    messages.success(request, _("Choice of form and estimate filed."))
    return _back(file, "choice")



@login_required
@require_POST
def line_add(request, pk: int):
    file = _file_for_editor(request, pk)
    refusal = contribution_services.step1_lines_refusal(file)
    if refusal:
        return _closed(request, file, refusal)
    form = LineForm(request.POST, obligation=file)
    if not form.is_valid():
        return _render_file(request, file, line_form=form)
    try:
        contribution_services.step1_save_line(file, form)
    except registry_services.Refused as error:
        return _closed(request, file, error.message)
    messages.success(request, _("Line saved."))
    return _back(file, "turnover")


def _line(request, line_pk: int):
    line = get_object_or_404(TurnoverLine.objects.select_related("declaration"), pk=line_pk)
    file = _file_for_editor(request, line.declaration.obligation_id)
    return file, line


@login_required
def line_edit(request, line_pk: int):
    file, line = _line(request, line_pk)
    refusal = contribution_services.step1_lines_refusal(file)
    if refusal:
        return _closed(request, file, refusal)
    form = LineForm(request.POST or None, instance=line, obligation=file)
    if request.method == "POST" and form.is_valid():
        try:
            contribution_services.step1_save_line(file, form)
        except registry_services.Refused as error:
            return _closed(request, file, error.message)
        messages.success(request, _("Line saved."))
        return _back(file, "turnover")
    return render(request, "contribution/line_form.html", {"file": file, "line": line, "form": form})


@login_required
@require_POST
def line_delete(request, line_pk: int):
    file, line = _line(request, line_pk)
    try:
        contribution_services.step1_delete_line(line)
    except registry_services.Refused as error:
        return _closed(request, file, error.message)
    messages.success(request, _("Line deleted."))
    return _back(file, "turnover")


@login_required
@require_POST
def facts_save(request, pk: int):
    file = _file_for_editor(request, pk)
    if file.status not in EDITOR_OPEN:
        return _closed(request, file)
    services_ = list(file.editor.services.order_by("name"))
    forms = {s.pk: FactsForm(request.POST, prefix=f"s{s.pk}") for s in services_}
    if not all(form.is_valid() for form in forms.values()):
        return _render_file(request, file, **{f"facts_{k}": f for k, f in forms.items()})
    contribution_services.step1_save_facts(file, {
        service: (forms[service.pk].cleaned_data["audience_share"],
                  forms[service.pk].cleaned_data["audiovisual_works_share"])
        for service in services_})
    messages.success(request, _("Service figures saved."))
    return _back(file, "figures")


@login_required
@require_POST
def attachment_add(request, pk: int):
    file = _file_for_editor(request, pk)
    if file.status not in EDITOR_OPEN:
        return _closed(request, file)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_file(request, file, attachment_form=form)
    data = form.cleaned_data
    contribution_services.step1_add_attachment(file, data["kind"], data["file"], data["description"],
                                  data["confidential"], request.user)
    messages.success(request, _("Document filed."))
    return _back(file, "attachments")


@login_required
def attachment_download(request, attachment_pk: int):
    """Documents are private: served only here, to those who may read the file."""
    attachment = get_object_or_404(Attachment, pk=attachment_pk, obligation__isnull=False)
    _get_file(request, attachment.obligation_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True,
                        filename=os.path.basename(attachment.file.name))


@login_required
@require_POST
def declaration_submit(request, pk: int):
    file = _file_for_editor(request, pk)
    try:
        contribution_services.step1_submit(file, today())
    except registry_services.Refused as error:
        messages.error(request, error.message)
        return _back(file, "turnover")
    messages.success(request, _("Turnover form submitted to the CSA."))
    return _back(file, "turnover")


@login_required
@require_POST
def question_answer(request, question_pk: int):
    question = get_object_or_404(Question, pk=question_pk)
    file = _file_for_editor(request, question.obligation_id)
    if question.answer:
        messages.error(request, _("This question is already answered."))
        return _back(file, "questions")
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if not form.is_valid():
        return _render_file(request, file, answers={question.pk: form})
    contribution_services.step1_answer(question, form.cleaned_data["answer"], request.user)
    messages.success(request, _("Answer sent to the CSA."))
    return _back(file, "questions")


# -- CSA: questions, decision, presumption -------------------------------------------------------

def _file_for_csa(request, pk: int) -> ObligationYear:
    file = _get_file(request, pk)
    permissions.require(permissions.can_decide_step1(request.user))
    return file


@login_required
@require_POST
def question_ask(request, pk: int):
    file = _file_for_csa(request, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _render_file(request, file, question_form=form)
    contribution_services.step1_ask(file, form.cleaned_data["text"], request.user)
    messages.success(request, _("Question sent to the editor."))
    return _back(file, "questions")


@login_required
@require_POST
def decide(request, pk: int):
    file = _file_for_csa(request, pk)
    if file.status not in DECIDABLE:
        messages.error(request, _("The CCA has validated this file: step 1 can no longer be "
                                  "changed."))
        return _back(file)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_file(request, file, decision_form=form)
    data = form.cleaned_data
    eligible = data["eligible_turnover"]
    if request.POST.get("action") == "preview":
        return _render_file(request, file, decision_form=form, preview=eligible)
    try:
        contribution_services.step1_decide(file, eligible, data["outcome"], data.get("exemption_ground") or "",
                              data.get("note") or "", today(), current_lang())
    except registry_services.Refused as error:
        for field, message in error.errors.items():
            form.add_error(field, message)
        if not error.errors:  # the file's state refuses it (e.g. a provisional amount)
            messages.error(request, error.message)
        return _render_file(request, file, decision_form=form, preview=eligible)
    messages.success(request, _("Decision recorded."))
    return _back(file, "decision")


@login_required
@require_POST
def presume(request, pk: int):
    """Information late: the CSA sets the presumed contribution as a payment to the CCA."""
    file = _file_for_csa(request, pk)
    if file.status not in DECIDABLE:
        return _back(file)
    try:
        contribution_services.step1_presume(file, today())
    except registry_services.Refused as error:
        messages.error(request, error.message)
        return _back(file, "decision")
    messages.success(request, _("Presumed payment set."))
    return _back(file, "decision")
