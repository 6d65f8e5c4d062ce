"""The carbon footprint's pages (docs/web-carbon.md): the producer's project page with its
forecast and actual footprints, per-post chart, report as .xlsx and .pdf; the forms that record
activity data, spend-based factors, posts, the green plan and actions; the fund's portfolio.
Who may open what: montage.web.permissions ("carbon footprint")."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.finance import carbon
from montage.money import format_number
from montage.web import permissions
from montage.web.carbon import exports, jobs, services
from montage.web.carbon.forms import (ActionForm, ActivityForm, CancelForm, GreenPlanForm,
                                      ImportForm, PostForm, SpendFactorForm)
from montage.web.carbon.models import POSTS, Activity, Basis, GreenPlan, ReductionAction
from montage.web.core.templatetags.montage import current_lang
from montage.web.production.models import Project
from montage.web.registry.services import Refused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project(request, pk: int, *, edit: bool = False) -> Project:
    project = get_object_or_404(Project.objects.select_related("work", "owner"), pk=pk)
    permissions.require(permissions.can_edit_footprint(request.user, project) if edit
                        else permissions.can_view_footprint(request.user, project))
    return project


def chart(footprints: list[services.ProjectFootprint]) -> dict:
    """Horizontal bars per post, one per footprint, scaled on the largest (SVG, no script)."""
    names = dict(POSTS)
    top = max((kg for f in footprints for kg in f.result.by_post.values()), default=0)
    left, width, row_height, bar = 190, 360, 34, 12
    rows = []
    for index, post in enumerate(carbon.POSTS):
        y = 10 + index * row_height
        bars = []
        for n, f in enumerate(footprints):
            kg = f.result.by_post[post]
            length = int(kg * width / top) if top else 0
            bars.append({"y": y + n * (bar + 2), "width": length, "t": carbon.tonnes(kg),
                         "x_text": left + length + 4, "basis": f.basis,
                         "colour": "#9aa5b1" if f.basis == Basis.FORECAST else "#1a7f37"})
        rows.append({"label": names[post], "y_text": y + bar + 2, "bars": bars})
    return {"rows": rows, "left": left, "height": 20 + len(carbon.POSTS) * row_height,
            "width": left + width + 90, "empty": not top}


@login_required
def project_footprint(request, pk: int, refused=None):
    """refused: (the record, its bound cancel form) of a refused cancellation, shown filled in
    on its row under the page's error summary, status 400."""
    project = _project(request, pk)
    footprints = services.footprints(project)
    plan = GreenPlan.objects.filter(project=project).first()
    lang = current_lang()
    factors = services.shipped_factors()
    names = {f.name: f.description[lang] for f in factors}
    activities = list(Activity.all_objects.filter(project=project).select_related(
        "cancelled_by").order_by("basis", "date", "pk"))
    for activity in activities:   # a shipped factor by its name in words, never its code
        activity.factor_name = names.get(activity.factor_code, activity.factor_code)
    actions = list(ReductionAction.all_objects.filter(project=project))
    for record in activities + actions:
        if refused and type(record) is type(refused[0]) and record.pk == refused[0].pk:
            record.form = refused[1]
    return render(request, "carbon/project.html", {
        "project": project, "footprints": footprints, "chart": chart(footprints),
        "explanations": [{"basis": f.basis, "readable": f.result.explanation.readable(
            lang, f"{format_number(f.result.total_kg, lang)} kg CO2e")} for f in footprints],
        "activities": activities,
        "spend_factors": project.carbon_spend_factors.all(),
        "actions": actions,
        "reduction_t": carbon.tonnes(footprints[0].result.reduction_kg),
        "plan": plan, "condition": services.certification_condition(project, dt.date.today()),
        "factors": [{"name": f.name, "description": f.description[lang],
                     "value": services.factor_text(f, lang), "source": f.source}
                    for f in factors],
        "can_edit": permissions.can_edit_footprint(request.user, project)},
        status=400 if refused else 200)


@login_required
def activity_form(request, pk: int, activity_pk: int | None = None):
    project = _project(request, pk, edit=True)
    record = (get_object_or_404(Activity, pk=activity_pk, project=project)
              if activity_pk else None)
    initial = {"basis": request.GET.get("basis", Basis.ACTUAL), "date": project.shooting_start}
    form = ActivityForm(request.POST or None, instance=record, project=project,
                        initial=None if record else initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_activity(project, form.save(commit=False), request.user)
        except Refused as refusal:
            for name, text in refusal.errors.items():
                form.add_error(name if name in form.fields else None, text)
            if not refusal.errors:
                form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("carbon_project", project.pk)
    return render(request, "carbon/form.html", {
        "project": project, "form": form,
        "title": _("Correct an activity") if record else _("Record an activity")}, status=400 if form.errors else 200)


@login_required
def activity_import(request, pk: int):
    """Activity data from a .xlsx or .csv file, all or nothing (carbon.imports)."""
    from montage.errors import InputError
    from montage.web.carbon import imports
    from montage.web.core import problems, uploads

    project = _project(request, pk, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = uploads.read(upload)
            uploads.check_workbook(upload.name, data)
            records = imports.import_activities(project, upload.name, data, request.user)
        except InputError as error:
            for line in problems.lines(error):
                form.add_error(None, line)
            status = 400
        else:
            messages.success(request, _("%(count)s activities imported.") % {
                "count": len(records)})
            return redirect("carbon_project", project.pk)
    return render(request, "carbon/form.html", {
        "project": project, "form": form, "title": _("Import activity data"),
        "intro": _("One row per activity. Columns: bilan (prévisionnel or réel, réel when "
                   "empty), phase, poste, date, description, quantité, unité, and either "
                   "facteur (the code of a factor shipped with Montage) or facteur saisi with "
                   "source du facteur; ligne du journal, optional, is the number of the ledger "
                   "line the activity measures. Nothing is recorded when one row is wrong.")},
        status=status)


@login_required
@require_POST
def activity_cancel(request, pk: int, activity_pk: int):
    project = _project(request, pk, edit=True)
    record = get_object_or_404(Activity, pk=activity_pk, project=project)
    return _cancel(request, project, record, services.cancel_activity,
                   _("Activity cancelled."))


def _cancel(request, project, record, writer, done: str):
    """A cancellation with its reason; refused, the page comes back with the reason's form
    filled in on the record's row."""
    form = CancelForm(request.POST, auto_id=f"id_cancel-{record.pk}_%s")
    if form.is_valid():
        try:
            writer(record, request.user, form.cleaned_data["reason"])
        except Refused as refusal:
            if "reason" not in refusal.errors:   # cancelled already: the record's state
                messages.error(request, refusal.message)
                return redirect("carbon_project", project.pk)
            form.add_error("reason", refusal.errors["reason"])
        else:
            messages.success(request, done)
            return redirect("carbon_project", project.pk)
    return project_footprint(request, project.pk, refused=(record, form))


@login_required
def spend_factors(request, pk: int):
    project = _project(request, pk, edit=True)
    form = SpendFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_spend_factor(project, data["post"], data["value"], data["source"],
                                      request.user)
        except Refused as refusal:
            for name, text in refusal.errors.items():
                form.add_error(name, text)
        else:
            messages.success(request, _("Spend-based factor saved."))
            return redirect("carbon_project", project.pk)
    return render(request, "carbon/form.html", {
        "project": project, "form": form, "title": _("Spend-based factor of a post"),
        "intro": _("Montage ships no kg CO2e per euro factor: enter the one you use, with its "
                   "source. The spend of a post without one is listed as not counted.")}, status=400 if form.errors else 200)


@login_required
def posts(request, pk: int):
    """Each budget account's post; a POST sets one account's (or one ledger line's) post."""
    project = _project(request, pk, edit=request.method == "POST")
    from montage.web.ledger.models import Expense

    refused = None
    if request.method == "POST":
        form = PostForm(request.POST, project=project)
        if form.is_valid():
            try:
                services.set_post(project, form.cleaned_data["post"],
                                  account=form.cleaned_data["account"],
                                  expense=form.cleaned_data["expense"])
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Post saved."))
                return redirect("carbon_posts", project.pk)
        refused = form
    overrides, line_overrides = services.post_map(project)
    defaults = carbon.default_post_map()
    names = dict(POSTS)
    rows = [{"account": a, "post": services.account_post(a, overrides, defaults),
             "default": carbon.post_for_account(a.code, defaults)}
            for a in project.accounts.order_by("code")]
    for row in rows:
        row["name"] = names[row["post"]]
    lines = [{"expense": e, "post": line_overrides[e.pk], "name": names[line_overrides[e.pk]]}
             for e in Expense.objects.filter(project=project, pk__in=line_overrides)]
    # a refused form comes back filled in where it was sent: its account's row, else the
    # ledger line's form
    row = next((r for r in rows if refused is not None
                and str(r["account"].pk) == refused.data.get("account")), None)
    if row is not None:
        row["form"] = refused
    return render(request, "carbon/posts.html", {
        "project": project, "rows": rows, "lines": lines, "posts": POSTS,
        "expense_form": refused if refused is not None and row is None else None,
        "expenses": Expense.objects.filter(project=project).order_by("date", "pk")[:500],
        "can_edit": permissions.can_edit_footprint(request.user, project)},
        status=400 if refused is not None else 200)


@login_required
def green_plan(request, pk: int):
    project = _project(request, pk, edit=True)
    plan = GreenPlan.objects.filter(project=project).first() or GreenPlan(project=project)
    form = GreenPlanForm(request.POST or None, request.FILES or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_green_plan(form.save(commit=False), form.cleaned_data["certificate"],
                                     request.user)
        except Refused as refusal:
            for name, text in refusal.errors.items():
                form.add_error(name, text)
        else:
            messages.success(request, _("Green plan saved."))
            return redirect("carbon_project", project.pk)
    return render(request, "carbon/form.html", {
        "project": project, "form": form, "title": _("Green manager and certification")}, status=400 if form.errors else 200)


@login_required
def action_new(request, pk: int):
    project = _project(request, pk, edit=True)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(project, form.save(commit=False))
        except Refused as refusal:
            for name, text in refusal.errors.items():
                form.add_error(name, text)
        else:
            messages.success(request, _("Action recorded."))
            return redirect("carbon_project", project.pk)
    return render(request, "carbon/form.html", {
        "project": project, "form": form, "title": _("Add a reduction action")}, status=400 if form.errors else 200)


@login_required
@require_POST
def action_cancel(request, pk: int, action_pk: int):
    project = _project(request, pk, edit=True)
    action = get_object_or_404(ReductionAction, pk=action_pk, project=project)
    return _cancel(request, project, action, services.cancel_action, _("Action cancelled."))


@login_required
def certificate(request, pk: int):
    """The green plan's certificate (PDF): the producer and the funds that finance the project
    or received its application (permissions.can_view_footprint), nobody else."""
    from django.http import FileResponse, Http404

    project = _project(request, pk)
    plan = GreenPlan.objects.filter(project=project).first()
    if plan is None or not plan.certificate:
        raise Http404
    return FileResponse(plan.certificate.open("rb"), as_attachment=True,
                        filename=plan.certificate.name.rsplit("/", 1)[-1],
                        content_type="application/pdf")


@login_required
def report_xlsx(request, pk: int):
    project = _project(request, pk)
    response = HttpResponse(exports.workbook(project, *services.report_inputs(project)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="carbon-{project.pk}.xlsx"'
    return response


@login_required
def report_pdf(request, pk: int):
    project = _project(request, pk)
    response = HttpResponse(exports.pdf(project, *services.report_inputs(project), current_lang()),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{jobs.file_name(project)}"'
    return response


@require_POST
@login_required
def report_pdf_job(request, pk: int):
    """The same PDF prepared by the worker (carbon/jobs.py): the user follows it on the job's
    page and downloads it there when it is ready."""
    job = jobs.enqueue_report(request.user, _project(request, pk), current_lang())
    return redirect("job_detail", job.pk)


@login_required
def fund_portfolio(request):
    """The fund's projects: footprints (total, average, per post, as the report's §2.2.6) and
    certification."""
    ids = permissions.fund_desk_organisation_ids(request.user)
    permissions.require(bool(ids))
    organisation_id = min(ids)
    permissions.require(permissions.can_view_fund_portfolio(request.user, organisation_id))
    data = services.portfolio(organisation_id, dt.date.today())
    return render(request, "carbon/fund_portfolio.html", data)
