"""The carbon footprint's routes (docs/web-carbon.md, docs/web-api.md): a project's forecast and
actual footprints (totals, per post, per phase, measured against spend-based, what is not
counted, the explanation), through `services.footprint`, the page's one bridge; and an activity
recorded through the page's form and writer (`services.record_activity`). The permissions are the
pages' (montage.web.permissions: `can_view_footprint`, `can_edit_footprint`)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Router, Status

from montage.money import as_text
from montage.web import permissions
from montage.web.api.carbon.schemas import ActivityIn, ActivityOut, ProjectFootprintOut
from montage.web.api.common import ERRORS, WRITE_ERRORS, conflict, language, valid
from montage.web.carbon import services
from montage.web.carbon.forms import ActivityForm
from montage.web.carbon.models import Activity, Basis
from montage.web.production.models import Project
from montage.web.registry.audit import acting_as
from montage.web.registry.services import Refused

router = Router()
TAGS = ["carbon"]
SHARE = Decimal("0.0001")


def _project(request, pk: int, edit: bool = False) -> Project:
    project = get_object_or_404(Project.objects.select_related("work", "owner"), pk=pk)
    permissions.require(permissions.can_edit_footprint(request.auth, project) if edit
                        else permissions.can_view_footprint(request.auth, project))
    return project


def _decimal(value) -> Optional[str]:
    return None if value is None else format(value, "f")


def _share(value) -> Optional[str]:
    """A share of the total as a fraction, half-up to four decimals (as `measured_share`)."""
    return None if value is None else format(value.quantize(SHARE, ROUND_HALF_UP), "f")


def _footprint(f: services.ProjectFootprint, lang: str) -> dict:
    result = f.result
    return {
        "basis": f.basis, "total_kg": _decimal(result.total_kg), "total_t": _decimal(f.total_t),
        "measured_kg": _decimal(result.measured_kg), "spend_kg": _decimal(result.spend_kg),
        "user_factor_kg": _decimal(result.user_factor_kg),
        "measured_share": _decimal(result.measured_share),
        "reduction_kg": _decimal(result.reduction_kg),
        "uncounted_amount": as_text(f.uncounted_amount),
        "posts": [{"post": row["post"], "name": str(row["name"]), "kg": _decimal(row["kg"]),
                   "t": _decimal(row["t"]), "share": _share(row["share"])} for row in f.posts],
        "phases": [{"phase": row["phase"], "name": str(row["name"]), "kg": _decimal(row["kg"]),
                    "t": _decimal(row["t"]), "share": _share(row["share"])}
                   for row in f.phases],
        "uncounted": [{"post": u.post, "phase": u.phase, "amount": as_text(u.amount),
                       "lines": u.lines} for u in f.uncounted],
        "contributions": [{"label": c.activity.label, "post": c.activity.post,
                           "phase": c.activity.phase, "quantity": _decimal(c.activity.quantity),
                           "unit": c.activity.unit, "factor": _decimal(c.factor),
                           "kg": _decimal(c.kg), "source": c.source, "measured": c.measured,
                           "user_entered": c.user_entered} for c in result.contributions],
        "actions": [{"label": a.label, "post": a.post, "reduction_kg": _decimal(a.reduction_kg)}
                    for a in result.actions],
        "explanation": result.explanation.render(lang)}


def _activity(a: Activity) -> dict:
    return {"id": a.pk, "basis": a.basis, "phase": a.phase, "post": a.post, "label": a.label,
            "date": a.date, "quantity": _decimal(a.quantity), "unit": a.unit,
            "factor_code": a.factor_code, "user_factor": _decimal(a.user_factor),
            "user_factor_source": a.user_factor_source, "expense": a.expense_id,
            "budget_line": a.budget_line_id, "cancelled_at": a.cancelled_at,
            "cancel_reason": a.cancel_reason}


@router.get("/projects/{pk}/footprint", response={200: ProjectFootprintOut, **ERRORS},
            tags=TAGS,
            summary="A project's forecast and actual carbon footprints, each figure explained "
                    "(the footprint's readers)",
            operation_id="montage_web_api_carbon_footprint")
def footprint(request, pk: int, lang: Optional[str] = None):
    project = _project(request, pk)
    lang = language(request, lang)
    with translation.override(lang):   # post names and spend lines' labels in `lang` too
        forecast = services.footprint(project, Basis.FORECAST)
        actual = services.footprint(project, Basis.ACTUAL)
        return {"project": project.pk, "title": project.work.title,
                "forecast": _footprint(forecast, lang), "actual": _footprint(actual, lang),
                "activities": [_activity(a) for a in Activity.all_objects.filter(
                    project=project).order_by("basis", "date", "pk")]}


@router.post("/projects/{pk}/activities", response={201: ActivityOut, **WRITE_ERRORS},
             tags=TAGS,
             summary="Record an activity (the project's owner): the page's form and writer",
             operation_id="montage_web_api_carbon_activity_create")
def activity_create(request, pk: int, payload: ActivityIn):
    project = _project(request, pk, edit=True)
    data = QueryDict(mutable=True)
    data.update({key: ("" if value is None else value.isoformat()
                       if isinstance(value, dt.date) else str(value))
                 for key, value in payload.dict().items()})
    form = valid(ActivityForm(data, project=project))
    try:
        with acting_as(request.auth):
            record = services.record_activity(project, form.save(commit=False), request.auth)
    except Refused as refusal:
        return conflict(refusal)
    return Status(201, _activity(record))
