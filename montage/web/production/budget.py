"""Production desk: chart of accounts, employer-charge rates, budget versions and lines, the top
sheet, the budget import, purchase orders and the cost report (docs/web-production.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from montage.errors import InputError
from montage.web.core import problems, uploads
from montage.web.ledger.models import Expense
from montage.web.production.models import Account, BudgetLine, BudgetVersion
from montage.web.core.params import int_param
from montage.web.core.templatetags.montage import current_lang
from montage.web.production import exports, services
from montage.web.production import jobs as production_jobs
from montage.web.registry.services import Refused
from montage.web.production.common import audit_of, context, project_for
from montage.web.production.forms import (AccountForm, BudgetLineForm, FringeRateForm,
                                          PurchaseOrderForm)

# The import's columns as the page names them: each title is a header the import reads
# (services.IMPORT_COLUMNS and its HEADER_ALIASES), in the reader's language.
COLUMN_TITLES = ("account", "description", "quantity", "unit", "rate", "currency",
                 "exchange rate", "exchange rate date", "fringe code", "planned supplier",
                 "place of spend")


def column_titles() -> list[str]:
    return [pgettext("budget import column", title) for title in COLUMN_TITLES]


# -- chart of accounts ------------------------------------------------------------------------

@login_required
def accounts(request, pk: int):
    project = project_for(request, pk)
    form = None
    if request.method == "POST":
        project = project_for(request, pk, edit=True)
        form = AccountForm(request.POST, project=project)
        if form.is_valid():
            services.add_account(project, form.save(commit=False))
            messages.success(request, _("Account added."))
            return redirect("production_accounts", project.pk)
    elif context(request, project)["can_edit"]:
        form = AccountForm(project=project)
    rows = project.accounts.select_related("parent").order_by("code")
    return render(request, "production/accounts.html", context(request, project, form=form,
                                                               accounts=rows))


@login_required
def account_edit(request, pk: int, account_pk: int):
    project = project_for(request, pk, edit=True)
    account = get_object_or_404(Account, pk=account_pk, project=project)
    form = AccountForm(request.POST or None, instance=account, project=project)
    if request.method == "POST" and form.is_valid():
        services.save_account(form.save(commit=False))
        messages.success(request, _("Account saved."))
        return redirect("production_accounts", project.pk)
    return render(request, "production/account_form.html", context(request, project, form=form,
                                                                   account=account))


@login_required
@require_POST
def account_delete(request, pk: int, account_pk: int):
    project = project_for(request, pk, edit=True)
    account = get_object_or_404(Account, pk=account_pk, project=project)
    try:
        services.delete_account(project, account)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Account deleted."))
    return redirect("production_accounts", project.pk)


# -- employer-charge rates --------------------------------------------------------------------

@login_required
def fringes(request, pk: int):
    project = project_for(request, pk)
    instance = None
    rate_id = int_param(request.POST, "rate_id") or int_param(request.GET, "edit")
    if rate_id:
        instance = get_object_or_404(project.fringe_rates, pk=rate_id)
    form = None
    if request.method == "POST":
        project = project_for(request, pk, edit=True)
        form = FringeRateForm(request.POST, project=project, instance=instance)
        if form.is_valid():
            services.save_fringe_rate(form)
            messages.success(request, _("Employer-charge rate saved."))
            return redirect("production_fringes", project.pk)
    elif context(request, project)["can_edit"]:
        form = FringeRateForm(project=project, instance=instance)
    version = services.current_version(project)
    missing = services.budget_figures(version).missing_codes if version else []
    return render(request, "production/fringes.html", context(
        request, project, form=form, editing=instance, rates=project.fringe_rates.all(),
        missing=missing, audit=audit_of(project.fringe_rates.all())))


# -- budget versions and lines ----------------------------------------------------------------

def _version(project, number):
    if number is None:
        version = services.current_version(project)
        if version is None:
            from django.http import Http404
            raise Http404
        return version
    return get_object_or_404(BudgetVersion, project=project, number=number)


@login_required
def budget(request, pk: int, number: int | None = None):
    project = project_for(request, pk)
    version = _version(project, number)
    figures = services.budget_figures(version)
    editable = context(request, project)["can_edit"] and not version.locked
    lines = BudgetLine.all_objects.filter(version=version)
    cancelled = lines.filter(cancelled_at__isnull=False).select_related("account",
                                                                        "cancelled_by")
    rates = services.fringe_rates(project)
    return render(request, "production/budget.html", context(
        request, project, version=version, figures=figures, editable=editable,
        draft=editable and version.number == 1 and project.budgets.count() == 1,
        cancelled=[{"record": line, "label": f"{line.account.code} {line.description}",
                    "amount": services.line_figures(line, rates).total, "days": None}
                   for line in cancelled],
        versions=project.budgets.all(), audit=audit_of([*project.budgets.all(), *lines])))


@login_required
@require_POST
def version_new(request, pk: int):
    project = project_for(request, pk, edit=True)
    version = services.new_version(project, label=request.POST.get("label", "")[:200])
    messages.success(request, _("Version %(number)s created from the current one; the earlier "
                                "versions are locked.") % {"number": version.number})
    return redirect("production_budget", project.pk)


def _editable_version(request, project):
    version = services.current_version(project)
    if version is None or version.locked:
        messages.error(request, _("The current version is locked: create a new version."))
        return None
    return version


@login_required
def line_new(request, pk: int):
    project = project_for(request, pk, edit=True)
    version = _editable_version(request, project)
    if version is None:
        return redirect("production_budget", project.pk)
    form = BudgetLineForm(request.POST or None, project=project,
                          initial={"currency": "EUR", "quantity": "1"})
    if request.method == "POST" and form.is_valid():
        services.add_budget_line(project, form.save(commit=False))
        messages.success(request, _("Budget line added."))
        return redirect("production_budget", project.pk)
    return render(request, "production/line_form.html", context(request, project, form=form,
                                                                version=version))


@login_required
def line_edit(request, pk: int, line_pk: int):
    project = project_for(request, pk, edit=True)
    line = get_object_or_404(BudgetLine.objects.select_related("version"), pk=line_pk,
                             version__project=project)
    if line.version.locked:
        messages.error(request, _("This version is locked: create a new version."))
        return redirect("production_budget_version", project.pk, line.version.number)
    form = BudgetLineForm(request.POST or None, instance=line, project=project)
    if request.method == "POST" and form.is_valid():
        services.save_budget_line(form.save(commit=False))
        messages.success(request, _("Budget line saved."))
        return redirect("production_budget_version", project.pk, line.version.number)
    return render(request, "production/line_form.html", context(request, project, form=form,
                                                                version=line.version, line=line))


@login_required
@require_POST
def line_delete(request, pk: int, line_pk: int):
    project = project_for(request, pk, edit=True)
    line = get_object_or_404(BudgetLine.objects.select_related("version"), pk=line_pk,
                             version__project=project)
    try:
        services.delete_budget_line(line)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Budget line deleted."))
    return redirect("production_budget_version", project.pk, line.version.number)


@login_required
@require_POST
def line_cancel(request, pk: int, line_pk: int):
    """Cancel a line of the open version (services.cancel_budget_line)."""
    project = project_for(request, pk, edit=True)
    line = get_object_or_404(BudgetLine.objects.select_related("version"), pk=line_pk,
                             version__project=project)
    try:
        services.cancel_budget_line(line, request.user, request.POST.get("reason", ""))
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The budget line is cancelled: it no longer counts in any "
                                    "total."))
    return redirect("production_budget_version", project.pk, line.version.number)


@login_required
def top_sheet(request, pk: int):
    project = project_for(request, pk)
    version = _version(project, int_param(request.GET, "version"))
    chapters, figures = services.top_sheet(version)
    return render(request, "production/top_sheet.html", context(
        request, project, version=version, chapters=chapters, figures=figures,
        versions=project.budgets.all()))


@login_required
def budget_import(request, pk: int):
    """The file checked as far as it can be at once (size, kind, a workbook's bounds), then
    imported by the worker (production/jobs.py): the user follows it on the job's page."""
    project = project_for(request, pk, edit=True)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a .csv or .xlsx file.")]
        else:
            try:
                content = uploads.read(upload)
                if not upload.name.lower().endswith((".csv", ".xlsx")):
                    raise InputError(_("expected a .csv or .xlsx file"), file=upload.name)
                if upload.name.lower().endswith(".xlsx"):
                    uploads.check_workbook(upload.name, content)
            except InputError as rejected:
                errors = problems.lines(rejected)
            else:
                job = production_jobs.enqueue_budget_import(project, request.user, upload.name,
                                                            content)
                return redirect("job_detail", job.pk)
    return render(request, "production/budget_import.html", context(
        request, project, errors=errors, columns=column_titles()))


# -- purchase orders and cost report ----------------------------------------------------------

FIGURES = ("baseline", "current", "committed", "actual", "paid", "estimate_to_complete",
           "estimated_final_cost", "variance")

@login_required
def orders(request, pk: int):
    project = project_for(request, pk)
    form = None
    if request.method == "POST":
        project = project_for(request, pk, edit=True)
        form = PurchaseOrderForm(request.POST, project=project)
        if form.is_valid():
            services.add_order(project, form.save(commit=False))
            messages.success(request, _("Purchase order recorded."))
            return redirect("production_orders", project.pk)
    elif context(request, project)["can_edit"]:
        form = PurchaseOrderForm(project=project)
    rows = project.orders.select_related("account", "supplier")
    committed = services.committed_by_account(project)
    return render(request, "production/orders.html", context(
        request, project, form=form, orders=rows, committed=sum(committed.values())))


@login_required
def cost_report(request, pk: int):
    project = project_for(request, pk)
    view = services.cost_report(project)
    names = FIGURES
    rows = [{"row": row, "account": view.accounts.get(row.code),
             "cells": [row.figures[name] for name in names]} for row in view.report.rows]
    return render(request, "production/cost_report.html", context(
        request, project, view=view, rows=rows,
        totals=[view.report.totals[name] for name in names],
        incomplete=sorted({code for f in view.report.totals.values() for code in f.unknown})))


@login_required
def cost_account(request, pk: int, account_pk: int):
    project = project_for(request, pk)
    account = get_object_or_404(Account, pk=account_pk, project=project)
    expenses = Expense.objects.filter(project=project, account=account).select_related(
        "supplier", "employee", "purchase_order").order_by("date", "pk")
    return render(request, "production/cost_account.html", context(
        request, project, account=account, expenses=expenses,
        orders=project.orders.filter(account=account).select_related("supplier"),
        total=sum((e.amount_excl_vat for e in expenses), 0),
        paid=sum((e.amount_excl_vat for e in expenses if e.paid_on), 0)))


# -- exports: the budget (its lines and top sheet) and the cost report, .xlsx and .pdf ---------

def _download(content: bytes, name: str, kind: str) -> HttpResponse:
    types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "pdf": "application/pdf"}
    response = HttpResponse(content, content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
def budget_export(request, pk: int, kind: str):
    """The budget page's lines and the top sheet of one version (`?version=`, the current one
    by default), from the same services as the pages."""
    project = project_for(request, pk)
    version = _version(project, int_param(request.GET, "version"))
    chapters, figures = services.top_sheet(version)
    tables = [exports.top_sheet_table(project, chapters, figures),
              exports.budget_table(project, figures)]
    columns = [exports.TOP_SHEET_AMOUNTS, exports.BUDGET_AMOUNTS]
    content = (exports.workbook(tables, columns) if kind == "xlsx"
               else exports.pdf(tables, columns, current_lang()))
    return _download(content, f"budget-{project.pk}-v{version.number}", kind)


@login_required
def cost_report_export(request, pk: int, kind: str):
    project = project_for(request, pk)
    tables = [exports.cost_report_table(project, services.cost_report(project))]
    columns = [exports.COST_AMOUNTS]
    content = (exports.workbook(tables, columns) if kind == "xlsx"
               else exports.pdf(tables, columns, current_lang()))
    return _download(content, f"cost-report-{project.pk}", kind)
