"""Production desk: the financing plan, its sources' conditions and tranches
(docs/web-production.md). Status changes and receipts are saved through the ORM, so the audit
trail records them (AUDITED_FIELDS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.web import permissions
from montage.web.production.models import FinancingSource, FinancingTranche
from montage.web.production import services
from montage.web.production.common import audit_of, context, project_for
from montage.web.production.forms import FinancingSourceForm, ReceiptForm, TrancheForm
from montage.web.registry.services import Refused


@login_required
def financing(request, pk: int):
    return _financing_page(request, project_for(request, pk))


def _financing_page(request, project, receipt_form=None, tranche=None, status: int = 200):
    """The plan; a refused tranche receipt (receipt_form) comes back in the tranche's row."""
    plan = services.financing_plan(project)
    sources = list(FinancingSource.all_objects.filter(project=project).select_related(
        "cancelled_by"))
    tranches = FinancingTranche.objects.filter(source__project=project)
    return render(request, "production/financing.html", context(
        request, project, plan=plan, receipt_form=receipt_form or ReceiptForm(),
        refused_tranche=tranche.pk if tranche else None,
        drafts={s.pk for s in sources if services.is_draft_source(s)},
        cancelled=[{"record": s, "label": s.label, "amount": s.amount, "days": None}
                   for s in sources if s.cancelled_at is not None],
        audit=audit_of([*sources, *tranches])))


def _investments(request, project):
    return permissions.investments_for(request.user).filter(work=project.work)


@login_required
def source_new(request, pk: int):
    project = project_for(request, pk, edit=True)
    form = FinancingSourceForm(request.POST or None, project=project,
                               investments=_investments(request, project))
    if request.method == "POST" and form.is_valid():
        services.save_source(form)
        messages.success(request, _("Financing source added."))
        return redirect("production_financing", project.pk)
    return render(request, "production/source_form.html", context(request, project, form=form))


def _source(request, pk, source_pk, edit=True):
    project = project_for(request, pk, edit=edit)
    return project, get_object_or_404(FinancingSource, pk=source_pk, project=project)


@login_required
def source_edit(request, pk: int, source_pk: int):
    project, source = _source(request, pk, source_pk)
    form = FinancingSourceForm(request.POST or None, instance=source, project=project,
                               investments=_investments(request, project))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_source(form)
        except Refused as refusal:
            for field, message in (refusal.errors or {None: refusal.message}).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Financing source saved."))
            return redirect("production_financing", project.pk)
    return render(request, "production/source_form.html", context(request, project, form=form,
                                                                  source=source),
                  status=400 if form.errors else 200)


@login_required
@require_POST
def source_cancel(request, pk: int, source_pk: int):
    """Cancel a source (services.cancel_source): it leaves the plan, its page keeps it."""
    project, source = _source(request, pk, source_pk)
    try:
        services.cancel_source(source, request.user, request.POST.get("reason", ""))
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The financing source is cancelled: it no longer counts in "
                                    "any total."))
    return redirect("production_financing", project.pk)


@login_required
@require_POST
def source_delete(request, pk: int, source_pk: int):
    """Delete a draft source (services.delete_source); any other is cancelled."""
    project, source = _source(request, pk, source_pk)
    try:
        services.delete_source(source)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Financing source deleted."))
    return redirect("production_financing", project.pk)


@login_required
@require_POST
def tranches_generate(request, pk: int, source_pk: int):
    project, source = _source(request, pk, source_pk)
    try:
        tranches = services.generate_wallimage_tranches(source)
    except Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)s tranches generated from the Wallimage schedule.")
                         % {"count": len(tranches)})
    return redirect("production_financing", project.pk)


@login_required
def tranche_new(request, pk: int, source_pk: int):
    project, source = _source(request, pk, source_pk)
    next_number = (source.tranches.order_by("-number").values_list("number", flat=True).first()
                   or 0) + 1
    form = TrancheForm(request.POST or None, source=source, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        services.add_tranche(source, form.save(commit=False))
        messages.success(request, _("Tranche added."))
        return redirect("production_financing", project.pk)
    return render(request, "production/tranche_form.html", context(request, project, form=form,
                                                                   source=source))


@login_required
@require_POST
def tranche_receive(request, pk: int, tranche_pk: int):
    project = project_for(request, pk, edit=True)
    tranche = get_object_or_404(FinancingTranche, pk=tranche_pk, source__project=project)
    form = ReceiptForm(request.POST)
    if form.is_valid():
        services.receive_tranche(tranche, form.cleaned_data["received_on"])
        messages.success(request, _("Receipt recorded."))
        return redirect("production_financing", project.pk)
    return _financing_page(request, project, form, tranche, 400)


@login_required
def financing_export(request, pk: int):
    """The financing plan page's summary and sources as .xlsx (services.financing_plan)."""
    from django.http import HttpResponse

    from montage.web.production import exports

    project = project_for(request, pk)
    content = exports.workbook(exports.financing_tables(project, services.financing_plan(project)),
                               exports.FINANCING_AMOUNTS)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-"
                                                  "officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="financing-plan-{project.pk}.xlsx"'
    return response
