"""Production desk: the producer's projects, their work, coproduction shares and credits
(docs/web-production.md). Who may open what: montage.web.permissions, "production desk"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.finance import chart
from montage.web import permissions
from montage.web.production.models import Project
from montage.web.registry.models import Credit
from montage.web.registry.services import Refused
from montage.web.production import services
from montage.web.production.common import audit_of, context, project_for
from montage.web.production.forms import CreditForm, ProjectForm, ShareFormSet

PROJECT_FIELDS = ("format", "position", "shooting_start", "shooting_end")


@login_required
def projects(request):
    permissions.require(permissions.can_use_production_desk(request.user))
    rows = []
    for project in permissions.projects_for(request.user).order_by("work__title"):
        version = services.current_version(project)
        plan = services.financing_plan(project)
        rows.append({"project": project, "version": version, "budget": plan.budget,
                     "financed": plan.total, "gap": plan.gap})
    return render(request, "production/projects.html", {
        "rows": rows, "can_create": permissions.can_create_project(request.user)})


@login_required
def project_new(request):
    organisations = permissions.production_organisation_ids(request.user)
    permissions.require(bool(organisations))
    form = ProjectForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.create_project(
                data["owner"], data["existing_work"],
                {name: data[name] for name in ProjectForm.WORK_FIELDS},
                {name: data[name] for name in PROJECT_FIELDS})
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Project created, with the default chart of "
                                        "accounts and an empty baseline budget."))
            return redirect("production_project", project.pk)
    return render(request, "production/project_form.html", {"form": form})


def _ledger_url(project) -> str:
    for name in ("ledger_obligations", "ledger_expenses"):
        try:
            return reverse(name, args=[project.pk])
        except NoReverseMatch:
            continue
    return f"/production/projects/{project.pk}/ledger/"


@login_required
def project_detail(request, pk: int):
    project = project_for(request, pk)
    plan = services.financing_plan(project)
    owner_country = (project.owner.company.country if project.owner.company_id else "BE") or "BE"
    derived = chart.coproduction_position(plan.shares, owner_country) if plan.shares else None
    credits = project.work.credits.select_related("person").filter(
        role__in=[Credit.Role.PRODUCER, Credit.Role.DIRECTOR]).order_by("role", "pk")
    shares = []
    for share in project.shares.select_related("company"):
        shares.append({"share": share,
                       "position": chart.coproduction_position(plan.shares, share.country)})
    return render(request, "production/project_detail.html", context(
        request, project, plan=plan, shares=shares, credits=credits,
        owner_country=owner_country, derived_position=derived,
        derived_label=(dict(Project.Position.choices).get(derived)
                       if derived and derived != project.position else None),
        version=services.current_version(project), ledger_url=_ledger_url(project),
        audit=audit_of([project, project.work, *project.shares.all()])))


@login_required
def project_edit(request, pk: int):
    project = project_for(request, pk, edit=True)
    form = ProjectForm(request.POST or None, organisations=[project.owner_id], project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_project(project, {name: data[name] for name in ProjectForm.WORK_FIELDS},
                              {name: data[name] for name in PROJECT_FIELDS})
        messages.success(request, _("Project saved."))
        return redirect("production_project", project.pk)
    return render(request, "production/project_form.html", {"form": form, "project": project})


@login_required
def project_shares(request, pk: int):
    project = project_for(request, pk, edit=True)
    formset = ShareFormSet(request.POST or None, queryset=project.shares.all(), prefix="share")
    if request.method == "POST" and formset.is_valid():
        services.save_shares(project, formset)
        messages.success(request, _("Coproduction shares saved."))
        return redirect("production_project", project.pk)
    return render(request, "production/shares_form.html", context(request, project,
                                                                   formset=formset))


@login_required
def project_credits(request, pk: int):
    project = project_for(request, pk, edit=True)
    form = CreditForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.add_credit(project, data["role"], data["person"], data["first_name"],
                                      data["last_name"])
        if created:
            messages.success(request, _("Credit added."))
        else:
            messages.success(request, _("This person already has this credit."))
        return redirect("production_project", project.pk)
    credits = project.work.credits.select_related("person").filter(
        role__in=[Credit.Role.PRODUCER, Credit.Role.DIRECTOR])
    return render(request, "production/credits_form.html", context(request, project, form=form,
                                                                    credits=credits))


@login_required
@require_POST
def credit_delete(request, pk: int, credit_pk: int):
    project = project_for(request, pk, edit=True)
    credit = get_object_or_404(Credit, pk=credit_pk, work=project.work)
    services.remove_credit(credit)
    messages.success(request, _("Credit removed."))
    return redirect("production_credits", project.pk)
