"""Shared by the production desk's views: the project a request may open, its audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404

from montage.web import permissions
from montage.web.production.models import Project
from montage.web.registry.models import AuditEntry


def project_for(request, pk: int, *, edit: bool = False) -> Project:
    """The project, 404 when missing, 403 unless the user may read (or edit) it."""
    project = get_object_or_404(Project.objects.select_related("work", "owner"), pk=pk)
    allowed = (permissions.can_edit_project(request.user, project) if edit
               else permissions.can_view_project(request.user, project))
    permissions.require(allowed)
    return project


def context(request, project: Project, **extra) -> dict:
    return {"project": project,
            "can_edit": permissions.can_edit_project(request.user, project), **extra}


def audit_of(objects) -> list[AuditEntry]:
    entries = AuditEntry.objects.none()
    by_type: dict = {}
    for obj in objects:
        by_type.setdefault(type(obj), []).append(str(obj.pk))
    for model, ids in by_type.items():
        entries = entries | AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return list(entries.order_by("-at", "-pk")[:50])
