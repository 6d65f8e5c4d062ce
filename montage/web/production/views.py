"""Production desk: the producer's projects, their work, coproduction shares and credits
(docs/web-production.md). Who may open what: montage.web.permissions, "production desk"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.finance import chart
from montage.web import permissions
from montage.web.production.models import Project
from montage.web.registry.models import Credit, Person, Work
from montage.web.production import services
from montage.web.production.common import audit_of, context, project_for
from montage.web.production.forms import CreditForm, ProjectForm, ShareFormSet


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
        with transaction.atomic():
            work = data["existing_work"]
            if work is None:
                work = Work.objects.create(
                    title=data["title"], work_type=data["work_type"], genre=data["genre"],
                    initiative=data["initiative"], status=data["status"],
                    producer=data["owner"].company)
            if Project.objects.filter(owner=data["owner"], work=work).exists():
                form.add_error(None, _("This work already has a project of this producer."))
            else:
                project = Project.objects.create(
                    owner=data["owner"], work=work, format=data["format"],
                    position=data["position"], shooting_start=data["shooting_start"],
                    shooting_end=data["shooting_end"])
                services.set_up_project(project)
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
        with transaction.atomic():
            work = project.work
            for name in ProjectForm.WORK_FIELDS:
                setattr(work, name, data[name])
            work.save()
            for name in ("format", "position", "shooting_start", "shooting_end"):
                setattr(project, name, data[name])
            project.save()
        messages.success(request, _("Project saved."))
        return redirect("production_project", project.pk)
    return render(request, "production/project_form.html", {"form": form, "project": project})


@login_required
def project_shares(request, pk: int):
    project = project_for(request, pk, edit=True)
    formset = ShareFormSet(request.POST or None, queryset=project.shares.all(), prefix="share")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for form in formset.deleted_forms:
                if form.instance.pk:
                    form.instance.delete()
            for form in formset.forms:
                if form in formset.deleted_forms or not form.has_changed():
                    continue
                if form.cleaned_data.get("share_percent") is None:
                    continue
                share = form.save(commit=False)
                share.project = project
                share.save()
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
        person = data["person"] or Person.objects.create(first_name=data["first_name"],
                                                         last_name=data["last_name"])
        created = Credit.objects.get_or_create(work=project.work, person=person,
                                                role=data["role"])[1]
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
    credit.delete()
    messages.success(request, _("Credit removed."))
    return redirect("production_credits", project.pk)
