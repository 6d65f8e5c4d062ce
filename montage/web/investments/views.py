"""Step 2 pages (vade-mecum "Deuxième étape" §2–§10): the register of investments with its
floors and caps, the document checklist, independence, spillover, smoothing, payments and the
committee report. Every figure comes from the law engine through `contribution.services`; every view
asks `montage.web.permissions` first (403 when refused, 404 when missing)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from montage.errors import MontageError
from montage.territory import locate
from montage.web import permissions
from montage.web.contribution import services as contribution_services
from montage.web.investments import services as investments_services
from montage.web.contribution.models import Attachment, EditorProfile, ObligationYear
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment, Investment,
                                            Payment, SpilloverProof)
from montage.web.registry.models import AuditEntry, Company
from montage.web.registry.services import Refused
from montage.web.core.params import int_param
from montage.web.core.rates import RateLabel
from montage.web.core.templatetags.montage import current_lang, shown_rate
from montage.web.investments import forms, link_views
from montage.web.investments.decisions import decisions
from montage.web.registry import stale

# The year's rules, in the order of the vade-mecum, with the engine's check names.
RULES = [
    ("fwb_initiative_floor", RateLabel(gettext_noop(
        "Coproduction and pre-purchase of FWB-initiative works: at least %(rate)s of the "
        "obligation (§3.1)"), "investments.fwb_initiative_floor")),
    ("commission_cap", RateLabel(gettext_noop(
        "Programme commissions: at most %(rate)s of the obligation (§3.2)"),
        "investments.commission_cap")),
    ("commission_development_share", RateLabel(gettext_noop(
        "Programme commissions: at least %(rate)s in writing and development (§3.2)"),
        "investments.commission_development_min_share")),
    ("training_cap", RateLabel(gettext_noop(
        "Professional training: at most %(rate)s of the obligation (§3.4)"),
        "investments.training_cap")),
    ("accessibility_cap", RateLabel(gettext_noop(
        "Accessibility: at most %(rate)s of the obligation (§3.5)"),
        "investments.accessibility_cap")),
    ("dubbing_subtitling_cap", RateLabel(gettext_noop(
        "Dubbing and subtitling: at most %(rate)s of the obligation (§3.6)"),
        "investments.dubbing_subtitling_cap")),
    ("obligation_met", gettext_lazy("Obligation of the year")),
]
VERDICT_LABELS = dict(RULES)
DECISION_LABELS = {"none": gettext_lazy("to examine"), "validated": gettext_lazy("validated"),
                   "refused": gettext_lazy("refused"),
                   "changed": gettext_lazy("changed since the decision")}
REASON_LABELS = dict(Payment.Reason.choices)
# The engine's independence tests (annex 1, "producteur indépendant").
TEST_LABELS = {
    "established_in_eu": gettext_lazy("Established in an EU member state"),
    "separate_legal_personality": gettext_lazy("Legal personality distinct from an editor's"),
    "capital_held_in_editor": RateLabel(gettext_noop(
        "Holds at most %(rate)s of an editor's capital"), "independence.capital_share_max"),
    "capital_held_by_editor": RateLabel(gettext_noop(
        "At most %(rate)s of its capital held by an editor"), "independence.capital_share_max"),
    "capital_held_by_editor_shareholder": RateLabel(gettext_noop(
        "At most %(rate)s held by a company holding more than %(rate)s of an editor"),
        "independence.capital_share_max"),
    "turnover_from_one_editor": RateLabel(gettext_noop(
        "At most %(rate)s of its turnover over three years from one editor"),
        "independence.single_editor_turnover_max"),
}


def _editor(pk: int) -> EditorProfile:
    return get_object_or_404(EditorProfile.objects.select_related("organisation"), pk=pk)


def _evaluate(editor: EditorProfile):
    """(evaluation, error): the engine's evaluation of all the editor's years."""
    try:
        return contribution_services.evaluate_editor(editor, lang=current_lang()), None
    except MontageError as error:
        return None, str(error)


def _history(investment: Investment) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Investment),
        object_id=str(investment.pk)).order_by("-at", "-pk")[:50])


def _checklist(investment: Investment, lang: str) -> list[dict]:
    return investments_services.step2_checklist(investment, lang)  # shared with the JSON API


def _documents(investment: Investment, user, lang: str) -> tuple[list[dict], list[Attachment]]:
    """The checklist with each item's documents (or none: missing), and the other documents."""
    attachments = permissions.viewable_attachments(
        user, investment, investment.attachments.order_by("uploaded_at", "pk"))
    items = _checklist(investment, lang)
    keys = {item["key"] for item in items}
    rows = [dict(item, files=[a for a in attachments if a.checklist_key == item["key"]])
            for item in items]
    return rows, [a for a in attachments if a.checklist_key not in keys]


# -- the index: which registers the user may open --------------------------------------------

def _independence_figure(figure: str) -> str:
    """A test's figure as the page writes it: yes or no, a share as a percentage (the engine
    keeps "True" and "0.3587" for its JSON)."""
    if figure in ("True", "False"):
        return _("yes") if figure == "True" else _("no")
    return shown_rate(Decimal(figure)) if figure else ""


@login_required
def index(request):
    user = request.user
    permissions.require(permissions.can_use_step2(user))
    editors = []
    for editor in permissions.step2_editors_for(user):
        editors.append({"editor": editor,
                        "years": list(editor.obligations.order_by("year"))})
    producer_investments = []
    companies = [o.company_id for o in permissions.organisations(user, "producer")
                 if o.company_id]
    if companies:
        producer_investments = list(permissions.investments_for(user, shared=True).filter(
            producer_id__in=companies).order_by("obligation__year", "pk"))
    return render(request, "investments/index.html", {"editors": editors,
                                                "producer_investments": producer_investments,
                                                "is_producer": bool(companies)})


# -- the register of one editor's year --------------------------------------------------------

def _file(request, pk: int) -> ObligationYear:
    file = get_object_or_404(ObligationYear.objects.select_related("editor__organisation"),
                             pk=pk)
    permissions.require(permissions.can_view_step2_editor(request.user, file.editor))
    return file


@login_required
def register(request, pk: int):
    file = _file(request, pk)
    editor, year = file.editor, file.year
    lang = current_lang()
    evaluation, error = _evaluate(editor)
    result = evaluation.year(year) if evaluation else None
    investments = list(permissions.investments_for(request.user).filter(obligation=file)
                       .order_by("category", "pk"))
    checks_by_investment: dict[str, list] = {}
    rules, weights, counted = [], [], []
    if result is not None:
        for check in result.checks:
            if check.investment:
                checks_by_investment.setdefault(check.investment, []).append(check)
        by_name = {c.name: c for c in result.checks if not c.investment}
        for name, label in RULES:
            check = by_name.get(name)
            rules.append({"name": name, "label": label, "ok": check.ok if check else None,
                          "detail": check.detail if check else ""})
        validation = investments_services.validation_explanation(result)
        if validation is not None:
            weights = [text for _k, text, _a in investments_services.step_lines(
                validation, {"weight_writing"}, lang)]
            counted = [text for _k, text, _a in investments_services.step_lines(
                validation, {"commission_counted", "countable_floor_met",
                             "countable_floor_missed"}, lang)]
    rows = []
    missing = investments_services.step2_missing_documents_of(investments, lang)
    decided = decisions(investments)
    for investment in investments:
        required = len(_checklist(investment, lang))
        filed = required - len(missing[investment.pk])
        decision = decided[investment.pk]
        rows.append({"i": investment, "checks": checks_by_investment.get(str(investment.pk), []),
                     "docs_filed": filed, "docs_required": required,
                     "decision": decision["state"],
                     "decision_label": DECISION_LABELS[decision["state"]]})
    _total, filed_by_category = investments_services.filed_totals(investments)
    categories = [{"key": key, "label": label, "filed": filed_by_category.get(key),
                   "admitted": result.by_category.get(key) if result else None}
                  for key, label in Investment.Category.choices
                  if filed_by_category.get(key) or (result and result.by_category.get(key))]
    unrealised = [row for row in investments_services.unrealised_projects(editor, evaluation, lang)
                  if row["investment"].obligation_id == file.pk]
    return render(request, "investments/register.html", {
        "editor": editor, "file": file, "year": year, "result": result, "error": error,
        "nav_files": editor.obligations.order_by("year"), "rows": rows, "rules": rules,
        "weights": weights, "counted": counted, "categories": categories,
        "unrealised": unrealised,
        "filing_due": next((d.due for d in contribution_services.step1_calendar(file).deadlines
                            if d.key == "investment_filing"), None),
        "explanation": result.explanation.readable(lang) if result else None,
        "can_edit": permissions.can_edit_investments(request.user, editor),
        "can_decide": permissions.can_decide_step2(request.user),
    })


def _investment_form_page(request, form, editor, file, investment=None):
    return render(request, "investments/investment_form.html",
                  {"form": form, "editor": editor, "file": file, "investment": investment})


@login_required
def investment_new(request, pk: int):
    file = _file(request, pk)
    editor = file.editor
    permissions.require(permissions.can_edit_investments(request.user, editor))
    if investments_services.investments_locked(file):
        return _locked(request, file)
    # the CCA's fields are not on the editor's form: a POST sending them is forged (403)
    permissions.refuse_decided_fields(request.user, Investment, request.POST)
    form = forms.InvestmentForm(request.POST or None, editor=editor, user=request.user,
                                instance=Investment(editor=editor, obligation=file))
    if request.method == "POST" and form.is_valid():
        investment = investments_services.step2_save_investment(form.save(commit=False), request.user)
        return redirect("investments_investment", investment.pk)
    return _investment_form_page(request, form, editor, file)


def _locked(request, file):
    """A validated or closed file: say so on its register and change nothing."""
    messages.error(request, investments_services.investments_locked_message())
    response = redirect("investments_register", file.pk)
    if request.method == "POST":
        response.status_code = 303
    return response


def _investment(request, pk: int) -> Investment:
    investment = get_object_or_404(Investment.objects.select_related(
        "editor__organisation", "obligation", "work", "producer", "reassigned_from"), pk=pk)
    permissions.require(permissions.can_view_investment(request.user, investment))
    return investment


@login_required
def investment_edit(request, pk: int):
    investment = _investment(request, pk)
    permissions.require(permissions.can_edit_investments(request.user, investment.editor))
    if investments_services.investments_locked(investment.obligation):
        return _locked(request, investment.obligation)
    permissions.refuse_decided_fields(request.user, investment, request.POST)  # forged: 403
    form = forms.InvestmentForm(request.POST or None, editor=investment.editor,
                                user=request.user, instance=investment)
    if request.method == "POST" and form.is_valid():
        investments_services.step2_save_investment(form.save(commit=False), request.user)
        return redirect("investments_investment", investment.pk)
    return _investment_form_page(request, form, investment.editor, investment.obligation,
                                 investment)


@login_required
def investment_detail(request, pk: int):
    return _investment_page(request, _investment(request, pk))


def _investment_page(request, investment: Investment, status: int = 200, **bound):
    """The investment's page; a refused decision or upload comes back on it, filled in (bound)."""
    user = request.user
    lang = current_lang()
    insider = permissions.is_regulator(user) or permissions.can_edit_investments(
        user, investment.editor)
    evaluation, error = _evaluate(investment.editor) if insider else (None, None)
    result = evaluation.year(investment.obligation.year) if evaluation else None
    checks = [c for c in (result.checks if result else []) if c.investment == str(investment.pk)]
    checklist, other_documents = _documents(investment, user, lang)
    decision = investments_services.investment_decision(investment)
    can_edit = permissions.can_edit_investments(user, investment.editor)
    return render(request, "investments/investment_detail.html", {
        "i": investment, "checks": checks, "error": error, "checklist": checklist,
        "other_documents": other_documents, "insider": insider,
        "decision": decision, "decision_label": DECISION_LABELS[decision["state"]],
        "history": _history(investment) if insider else [],
        "reassignments": investment.reassignments.select_related("obligation", "work"),
        "can_edit": can_edit, "can_decide": permissions.can_decide_step2(user),
        "upload_form": bound.get("upload_form") or (
            forms.AttachmentForm(items=_checklist(investment, lang)) if can_edit else None),
        "decision_form": bound.get("decision_form") or forms.DecisionForm(),
        "can_add_spillover": permissions.can_add_spillover(user, investment),
        **link_views.link_context(user, investment),
    }, status=status)


@login_required
@require_POST
def file_investments(request, pk: int):
    """The editor presents the year's investments to the CCA (the calendar's step 2 deadline)."""
    file = _file(request, pk)
    permissions.require(permissions.can_edit_investments(request.user, file.editor))
    try:
        investments_services.step2_file_investments(file, timezone.localdate())
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The investments are presented to the CCA."))
    response = redirect("investments_register", pk)
    response.status_code = 303
    return response


@login_required
@require_POST
def investment_decide(request, pk: int):
    investment = _investment(request, pk)
    permissions.require(permissions.can_decide_step2(request.user))
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _investment_page(request, investment, 400, decision_form=form)
    try:
        investments_services.step2_decide(investment, form.cleaned_data["decision"],
                                          form.cleaned_data["note"], current_lang())
    except Refused as refusal:
        messages.error(request, refusal.message)
        response = redirect("investments_investment", pk)
        response.status_code = 303
        return response
    return redirect("investments_investment", pk)


@login_required
def investment_status(request, pk: int):
    investment = _investment(request, pk)
    permissions.require(permissions.can_decide_step2(request.user))
    form = forms.StatusForm(request.POST or None, instance=investment)
    if request.method == "POST" and form.is_valid():
        investments_services.step2_set_status(investment, form)
        return redirect("investments_investment", pk)
    return render(request, "investments/investment_status.html", {"i": investment, "form": form})


@login_required
@require_POST
def document_upload(request, pk: int):
    investment = _investment(request, pk)
    permissions.require(permissions.can_edit_investments(request.user, investment.editor))
    form = forms.AttachmentForm(request.POST, request.FILES,
                                items=_checklist(investment, current_lang()))
    if not form.is_valid():
        return _investment_page(request, investment, 400, upload_form=form)
    data = form.cleaned_data
    investments_services.step2_add_document(investment, data["checklist_key"], data["file"],
                                data["description"], data["confidential"], request.user)
    return redirect(reverse("investments_investment", args=[pk]) + "#documents")


@login_required
def document(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("investment", "obligation"),
                                   pk=pk)
    permissions.require(permissions.can_view_attachment(request.user, attachment))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, as_attachment=True,
                        filename=attachment.file.name.rsplit("/", 1)[-1])


# -- spillover (§9) -----------------------------------------------------------------------------

REGION_LABELS = {"wallonia": gettext_lazy("Walloon Region"),
                 "brussels": gettext_lazy("Brussels-Capital Region"),
                 "flanders": gettext_lazy("Flemish Region")}
LANGUAGE_LABELS = {"french": gettext_lazy("French-language area"),
                   "german": gettext_lazy("German-language area"),
                   "dutch": gettext_lazy("Dutch-language area"),
                   "bilingual_brussels": gettext_lazy("bilingual Brussels")}


def _place(code: str | None):
    if not code:
        return None
    try:
        return locate(code)
    except MontageError:
        return None


def _offered_expenses(user, investment: Investment):
    return investments_services.step2_offered_expenses(user, investment)  # shared with the JSON API


@login_required
def spillover(request, pk: int):
    investment = _investment(request, pk)
    user = request.user
    can_add = permissions.can_add_spillover(user, investment)
    form = None
    if can_add:
        form = forms.SpilloverProofForm(request.POST or None,
                                        expenses=_offered_expenses(user, investment))
    if request.method == "POST":
        permissions.require(can_add)
        if form.is_valid():
            investments_services.step2_add_spillover(investment, form.cleaned_data["expense"],
                                         form.cleaned_data["amount"])
            return redirect("investments_spillover", pk)
    return _spillover_page(request, investment, form)


def _spillover_page(request, investment: Investment, form, refused=None, status: int = 200):
    """The spillover page; a refused proof's form (refused) comes back on it, filled in."""
    user = request.user
    lang = current_lang()
    try:
        assessment, error = investments_services.spillover_for(investment, lang=lang), None
    except MontageError as exc:
        assessment, error = None, str(exc)
    proofs = []
    can_decide = permissions.can_decide_step2(user)
    for proof in investment.spillover_proofs.select_related("expense__supplier").order_by("pk"):
        supplier = proof.expense.supplier
        places = [{"postal_code": p.postal_code, "municipality": p.municipality,
                   "region": REGION_LABELS.get(p.region, p.region),
                   "language_area": LANGUAGE_LABELS.get(p.language_area, p.language_area),
                   "in_fwb_spillover_area": p.in_fwb_spillover_area}
                  for p in (_place(supplier.registered_postal_code if supplier else None),
                            _place(supplier.operating_postal_code if supplier else None)) if p]
        proofs.append({"proof": proof, "supplier": supplier, "places": places,
                       "in_area": any(p["in_fwb_spillover_area"] for p in places),
                       "form": refused if refused is not None and refused.prefix == f"p{proof.pk}"
                       else forms.MissingFieldsForm(
                           initial={"missing_fields": proof.missing_fields},
                           prefix=f"p{proof.pk}") if can_decide else None})
    steps = []
    if assessment is not None:
        steps = [text for _k, text, _a in investments_services.step_lines(
            assessment.explanation, {"spillover_outside", "spillover_address_unknown",
                                     "spillover_missing_fields", "spillover_capped",
                                     "spillover_capped_within"}, lang)]
    return render(request, "investments/spillover.html", {
        "i": investment, "a": assessment, "error": error, "proofs": proofs, "form": form,
        "steps": steps, "progress_pct": min(assessment.progress, Decimal("1")) * 100
        if assessment else None,
        "explanation": assessment.explanation.readable(lang) if assessment else None,
        "can_decide": can_decide}, status=status)


@login_required
@require_POST
def spillover_missing(request, pk: int):
    proof = get_object_or_404(SpilloverProof.objects.select_related("investment"), pk=pk)
    permissions.require(permissions.can_view_investment(request.user, proof.investment))
    permissions.require(permissions.can_decide_step2(request.user))
    form = forms.MissingFieldsForm(request.POST, prefix=f"p{proof.pk}")
    if not form.is_valid():
        investment = _investment(request, proof.investment_id)
        return _spillover_page(request, investment, None, refused=form, status=400)
    investments_services.step2_set_missing_fields(proof, form.cleaned_data["missing_fields"])
    return redirect("investments_spillover", proof.investment_id)


# -- independence (§4) --------------------------------------------------------------------------

@login_required
def independence(request, company: int):
    company = get_object_or_404(Company, pk=company)
    user = request.user
    permissions.require(permissions.can_view_independence(user, company))
    can_edit = permissions.can_edit_independence(user, company)
    lang = current_lang()
    editing = None
    edit_pk = int_param(request.POST, "assessment") or int_param(request.GET, "edit")
    if edit_pk:
        editing = get_object_or_404(IndependenceAssessment, pk=edit_pk, company=company)
    form = shareholders = turnover = None
    if can_edit:
        instance = editing or IndependenceAssessment(company=company)
        data = request.POST if request.method == "POST" else None
        form = forms.IndependenceForm(data, instance=instance)
        shareholders = forms.ShareholderFormSet(data, instance=instance, prefix="sh")
        turnover = forms.TurnoverFormSet(data, instance=instance, prefix="to")
    if request.method == "POST":
        permissions.require(can_edit)
        if form.is_valid() and shareholders.is_valid() and turnover.is_valid():
            investments_services.step2_save_independence(form, shareholders, turnover)
            return redirect("investments_independence", company.pk)
    assessments = []
    for assessment in company.independence_assessments.order_by("-reference_year"):
        try:
            outcome, error = investments_services.independence_for(assessment, lang=lang), None
        except MontageError as exc:
            outcome, error = None, str(exc)
        tests = [{"name": t.name, "label": TEST_LABELS.get(t.name, t.name), "ok": t.ok,
                  "figure": _independence_figure(t.figure), "detail": t.detail}
                 for t in (outcome.tests if outcome else [])]
        assessments.append({"a": assessment, "outcome": outcome, "error": error, "tests": tests,
                            "shareholders": assessment.shareholders.all(),
                            "turnover": assessment.turnover.order_by("year")})
    return render(request, "investments/independence.html", {
        "company": company, "assessments": assessments, "form": form,
        "shareholders": shareholders, "turnover": turnover, "editing": editing,
        "can_edit": can_edit})


# -- smoothing (§8) and unrealised projects (§6) ----------------------------------------------

@login_required
def smoothing(request, editor: int):
    editor = _editor(editor)
    permissions.require(permissions.can_view_step2_editor(request.user, editor))
    lang = current_lang()
    evaluation, error = _evaluate(editor)
    years = []
    files = {f.year: f for f in editor.obligations.all()}
    for result in (evaluation.results if evaluation else []):
        part = investments_services.smoothing_explanation(result)
        open_ = investments_services.smoothing_open(result)
        expired = investments_services.step_lines(part, {"smoothing_shortfall_expired",
                                             "smoothing_surplus_expired"}, lang) if part else []
        years.append({
            "r": result, "file": files.get(result.year),
            "shortfalls": open_["shortfalls"], "surpluses": open_["surpluses"],
            "expired": [text for _k, text, _a in expired],
            "steps": [line.text(lang) for line in part.steps] if part else [],
            "met": not any(c.name == "obligation_met" and not c.ok for c in result.checks),
        })
    payments = investments_services.payments_due(evaluation, lang) if evaluation else []
    for row in payments:
        row["reason_label"] = REASON_LABELS.get(row["reason"], row["reason"])
    return render(request, "investments/smoothing.html", {
        "editor": editor, "years": years, "error": error, "payments": payments,
        "nav_files": editor.obligations.order_by("year"),
        "last": years[-1] if years else None,
        "unrealised": investments_services.unrealised_projects(editor, evaluation, lang)})


# -- payments (§2, §6, §8) ------------------------------------------------------------------------

def _payment_rows(editor, evaluation, lang):
    rows = investments_services.payments_due(evaluation, lang) if evaluation else []
    files = {f.year: f for f in editor.obligations.all()}
    payments = {}  # the first payment of each file and reason, read at once
    for payment in Payment.objects.filter(obligation__editor=editor).order_by("due_on", "pk"):
        payments.setdefault((payment.obligation_id, payment.reason), payment)
    for row in rows:
        row["reason_label"] = REASON_LABELS.get(row["reason"], row["reason"])
        file = files.get(row["origin"])
        row["file"] = file
        row["payment"] = payments.get((file.pk, row["reason"])) if file else None
        row["form"] = forms.PaymentCreateForm(initial={
            "reason": row["reason"], "amount": row["amount"], "year": row["origin"],
            "letter_sent_on": timezone.localdate(), "due_on": row["due"]},
            prefix=f"new-{row['year']}-{row['reason']}-{row['origin']}")
    return rows


@login_required
def payments(request, editor: int):
    editor = _editor(editor)
    permissions.require(permissions.can_view_step2_editor(request.user, editor))
    return _payments_page(request, editor)


def _payments_page(request, editor: EditorProfile, refused=None, status: int = 200):
    """The payments page; a refused payment form (refused) comes back in its row, filled in."""
    lang = current_lang()
    evaluation, error = _evaluate(editor)
    can_decide = permissions.can_decide_step2(request.user)
    records = []
    payments_ = list(Payment.objects.filter(obligation__editor=editor).select_related(
        "obligation").order_by("due_on", "pk"))
    versions = stale.versions_of(payments_) if can_decide else {}
    for payment in payments_:
        records.append({"p": payment, "form": refused if refused is not None
                        and refused.prefix == f"pay{payment.pk}" else forms.PaymentUpdateForm(
            instance=payment, prefix=f"pay{payment.pk}", opened_version=versions[payment.pk])
            if can_decide else None,
            "outstanding": payment.amount - (payment.paid_amount or Decimal("0"))})
    rows = _payment_rows(editor, evaluation, lang)
    for row in rows:
        if refused is not None and refused.prefix == row["form"].prefix:
            row["form"] = refused
    return render(request, "investments/payments.html", {
        "editor": editor, "rows": rows, "error": error, "form": refused,
        "records": records, "can_decide": can_decide,
        "nav_files": editor.obligations.order_by("year")}, status=status)


@login_required
@require_POST
def payment_create(request, editor: int):
    editor = _editor(editor)
    permissions.require(permissions.can_view_step2_editor(request.user, editor))
    permissions.require(permissions.can_decide_step2(request.user))
    prefix = request.POST.get("prefix", "")
    form = forms.PaymentCreateForm(request.POST, prefix=prefix or None)
    back = reverse("investments_payments", args=[editor.pk])
    if not form.is_valid():
        return _payments_page(request, editor, form, 400)
    try:
        investments_services.step2_record_payment(editor, form.cleaned_data["year"],
                                                  form.save(commit=False))
    except Refused as refusal:
        for field, message in refusal.errors.items():
            form.add_error(field, message)
        return _payments_page(request, editor, form, 400)
    return redirect(back)


@login_required
@require_POST
def payment_update(request, pk: int):
    payment = get_object_or_404(Payment.objects.select_related("obligation__editor"), pk=pk)
    permissions.require(permissions.can_view_step2_editor(request.user,
                                                          payment.obligation.editor))
    permissions.require(permissions.can_decide_step2(request.user))
    form = forms.PaymentUpdateForm(request.POST, instance=payment, prefix=f"pay{payment.pk}")
    back = reverse("investments_payments", args=[payment.obligation.editor_id])
    if not form.is_valid():  # the form again, filled in: e.g. a stale one, to save again
        return _payments_page(request, payment.obligation.editor, form, 400)
    investments_services.step2_update_payment(form)
    return redirect(back)


# -- the committee report (§10) ------------------------------------------------------------------

@login_required
def committee(request, pk: int):
    file = _file(request, pk)
    editor, year = file.editor, file.year
    can_decide = permissions.can_decide_step2(request.user)
    meeting = CommitteeMeeting.objects.filter(editor=editor, year=year).first()
    form = forms.CommitteeForm(request.POST or None, instance=meeting or CommitteeMeeting(
        editor=editor, year=year)) if can_decide else None
    if request.method == "POST":
        permissions.require(can_decide)
        if form.is_valid():
            investments_services.step2_save_committee(editor, year, form)
            return redirect("investments_committee", file.pk)
    try:
        report, error = investments_services.committee_report(editor, year, current_lang()), None
    except MontageError as exc:
        report, error = None, str(exc)
    if report:
        for verdict in report["verdicts"]:
            verdict["label"] = VERDICT_LABELS.get(verdict["name"], verdict["name"])
    return render(request, "investments/committee.html", {
        "editor": editor, "year": year, "file": file, "report": report, "error": error,
        "form": form,
        "nav_files": editor.obligations.order_by("year")})
