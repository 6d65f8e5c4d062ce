"""The producer's recoupment page (receipts, agreement, waterfall, statements), a statement's
page and downloads, and the financiers' list of statements received. Who may open each page is
in montage.web.permissions ("recoupment"); every write goes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.web import permissions
from montage.web.production.common import audit_of, context, project_for
from montage.web.recoupment import exports, services
from montage.errors import InputError
from montage.web.recoupment.forms import (CorrectionForm, CorridorForm, PaidForm, PeriodForm,
                                          ReceiptForm, ShareForm, StatementImportForm)
from montage.web.recoupment.models import Corridor, Receipt, Share, Statement
from montage.web.registry.services import Refused


def _refusal_on(form, refusal: Refused) -> None:
    for field, message in (refusal.errors or {None: refusal.message}).items():
        form.add_error(field if field in form.fields else None, message)


@login_required
def project_page(request, pk: int, *, receipt_form=None, share_forms=None, corridor_form=None,
                 period_form=None, import_form=None, import_errors=None, status=200):
    project = project_for(request, pk)
    receipts = list(Receipt.all_objects.filter(project=project).select_related("cancelled_by"))
    corridors = list(project.corridors.prefetch_related("shares__source"))
    share_forms = share_forms or {}
    lang = (get_language() or "fr")[:2]
    periods = services.waterfall(project)
    return render(request, "recoupment/project.html", context(
        request, project, receipts=receipts, corridors=[
            (c, share_forms.get(c.pk) or ShareForm(project=project, prefix=f"c{c.pk}"))
            for c in corridors],
        periods=[(p, p.result.explanation.readable(lang)) for p in periods],
        statements=project.statements.select_related("source", "recoupment"),
        receipt_form=receipt_form or ReceiptForm(),
        import_form=import_form or StatementImportForm(), import_errors=import_errors or [],
        corridor_form=corridor_form or CorridorForm(),
        period_form=period_form or PeriodForm(),
        cancelled=[{"record": r, "label": str(r), "amount": r.net, "days": None}
                   for r in receipts if r.cancelled_at is not None],
        audit=audit_of([*receipts, *project.statements.all()])), status=status)


@login_required
@require_POST
def receipt_new(request, pk: int):
    project = project_for(request, pk, edit=True)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        try:
            services.record_receipt(project, form.save(commit=False))
        except Refused as refusal:
            _refusal_on(form, refusal)
        else:
            messages.success(request, _("Receipt recorded."))
            return redirect("recoupment_project", project.pk)
    return project_page(request, pk, receipt_form=form, status=400)


@login_required
def receipt_edit(request, pk: int, receipt_pk: int):
    """Correct a receipt (why is asked and kept); its period's unsent statements follow."""
    project = project_for(request, pk, edit=True)
    receipt = get_object_or_404(Receipt, pk=receipt_pk, project=project)
    form = CorrectionForm(request.POST or None, instance=receipt)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_receipt(project, form.save(commit=False),
                                        form.cleaned_data["reason"])
            except Refused as refusal:
                _refusal_on(form, refusal)
            else:
                messages.success(request, _("Receipt corrected."))
                return redirect("recoupment_project", project.pk)
        status = 400
    return render(request, "recoupment/receipt_edit.html", context(
        request, project, receipt=receipt, form=form,
        audit=audit_of([receipt])), status=status)


@login_required
@require_POST
def receipts_import(request, pk: int):
    """A distributor's or sales agent's statement: its rows become receipts, all or nothing."""
    from montage.web.core.problems import lines as problem_lines
    from montage.web.recoupment import imports

    project = project_for(request, pk, edit=True)
    form = StatementImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return project_page(request, pk, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = imports.import_statement(project, upload.read(), upload.name)
    except InputError as error:
        return project_page(request, pk, import_form=form,
                            import_errors=problem_lines(error), status=400)
    except Refused as refusal:
        return project_page(request, pk, import_form=form, import_errors=[refusal.message],
                            status=400)
    if result.already:
        messages.info(request, _("This file was imported already: nothing added."))
    else:
        messages.success(request, _("%(count)s receipts imported.") % {
            "count": len(result.receipts)})
    return redirect("recoupment_project", project.pk)


@login_required
@require_POST
def receipt_cancel(request, pk: int, receipt_pk: int):
    project = project_for(request, pk, edit=True)
    receipt = get_object_or_404(Receipt, pk=receipt_pk, project=project)
    try:
        services.cancel_receipt(receipt, request.user, request.POST.get("reason", ""))
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The receipt is cancelled: it no longer counts."))
    return redirect("recoupment_project", project.pk)


@login_required
@require_POST
def corridor_new(request, pk: int):
    project = project_for(request, pk, edit=True)
    form = CorridorForm(request.POST)
    if not form.is_valid():
        return project_page(request, pk, corridor_form=form, status=400)
    services.add_corridor(project, form.cleaned_data["name"], form.cleaned_data["off_the_top"])
    return redirect("recoupment_project", project.pk)


@login_required
@require_POST
def share_new(request, pk: int, corridor_pk: int):
    project = project_for(request, pk, edit=True)
    corridor = get_object_or_404(Corridor, pk=corridor_pk, project=project)
    form = ShareForm(request.POST, project=project, prefix=f"c{corridor.pk}")
    if form.is_valid():
        try:
            services.save_share(corridor, form.save(commit=False))
        except Refused as refusal:
            _refusal_on(form, refusal)
        else:
            messages.success(request, _("Share added to the agreement."))
            return redirect("recoupment_project", project.pk)
    return project_page(request, pk, share_forms={corridor.pk: form}, status=400)


@login_required
@require_POST
def share_delete(request, pk: int, share_pk: int):
    project = project_for(request, pk, edit=True)
    share = get_object_or_404(Share, pk=share_pk, corridor__project=project)
    try:
        services.delete_share(share)
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("recoupment_project", project.pk)


@login_required
@require_POST
def statements_issue(request, pk: int):
    project = project_for(request, pk, edit=True)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            services.issue_statements(project, form.cleaned_data["period_start"],
                                      form.cleaned_data["period_end"], request.user)
        except Refused as refusal:
            _refusal_on(form, refusal)
        else:
            messages.success(request, _("Statements issued."))
            return redirect("recoupment_project", project.pk)
    return project_page(request, pk, period_form=form, status=400)


# -- a statement --------------------------------------------------------------------------------

def _statement(request, pk: int) -> Statement:
    statement = get_object_or_404(Statement.objects.select_related(
        "project__work", "project__owner", "source__financier", "recoupment"), pk=pk)
    permissions.require(permissions.can_view_statement(request.user, statement))
    return statement


@login_required
def statement_page(request, pk: int):
    return _statement_page(request, _statement(request, pk))


def _statement_page(request, statement, paid_form=None, status: int = 200):
    """The statement; a refused payment date (paid_form) comes back on it, filled in."""
    period, lines = services.statement_lines(statement)
    return render(request, "recoupment/statement.html", {
        "statement": statement, "lines": lines, "period": period,
        "can_send": permissions.can_edit_project(request.user, statement.project),
        "can_mark_paid": permissions.can_mark_statement_paid(request.user, statement),
        "paid_form": paid_form or PaidForm()}, status=status)


@login_required
def statement_pdf(request, pk: int):
    statement = _statement(request, pk)
    response = HttpResponse(exports.statement_pdf(statement, (get_language() or "fr")[:2]),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statement-{statement.pk}.pdf"'
    return response


@login_required
def statement_xlsx(request, pk: int):
    statement = _statement(request, pk)
    response = HttpResponse(
        exports.statement_xlsx(statement, (get_language() or "fr")[:2]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="statement-{statement.pk}.xlsx"'
    return response


@login_required
@require_POST
def statement_send(request, pk: int):
    statement = _statement(request, pk)
    permissions.require(permissions.can_edit_project(request.user, statement.project))
    try:
        services.send_statement(statement, timezone.localdate())
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Statement sent to the financier's desk."))
    return redirect("recoupment_statement", statement.pk)


@login_required
@require_POST
def statement_paid(request, pk: int):
    statement = _statement(request, pk)
    permissions.require(permissions.can_mark_statement_paid(request.user, statement))
    form = PaidForm(request.POST)
    if not form.is_valid():
        return _statement_page(request, statement, form, 400)
    try:
        services.mark_statement_paid(statement, form.cleaned_data["received_on"])
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Statement paid: recorded as a recoupment receipt."))
    return redirect("recoupment_statement", statement.pk)


@login_required
def received(request):
    permissions.require(permissions.can_list_received_statements(request.user))
    return render(request, "recoupment/received.html", {
        "statements": permissions.statements_received_by(request.user).select_related(
            "recoupment")})
