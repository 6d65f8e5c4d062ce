"""The inbox page: the items of the user's organisations, read or not; mark one read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from montage.web import permissions
from montage.web.inbox import deadlines, services
from montage.web.inbox.models import InboxItem


@login_required
def inbox(request):
    ids = permissions.inbox_organisation_ids(request.user)
    permissions.require(bool(ids))
    items = InboxItem.objects.filter(organisation_id__in=ids).select_related(
        "organisation", "read_by")[:200]
    return render(request, "inbox/inbox.html", {
        "items": items, "deadlines": deadlines.upcoming(ids, timezone.localdate())})


@login_required
@require_POST
def read(request, pk: int):
    item = get_object_or_404(InboxItem, pk=pk)
    permissions.require(item.organisation_id in permissions.inbox_organisation_ids(request.user))
    services.mark_read(item, request.user)
    if request.POST.get("open") and item.url.startswith("/"):
        return redirect(item.url)
    return redirect("inbox")
