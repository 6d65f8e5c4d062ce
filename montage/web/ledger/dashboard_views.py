"""The dashboard page (docs/web-ledger.md, "Dashboard"), with the pre-check's projection of each
Wallimage ratio (docs/web-desks.md, "Pre-check"): apart from `dashboard.py`, which the
production services call after every change, so that the projection (which reads those
services) makes no import cycle."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from montage.web.ledger import dashboard as figures, precheck


@login_required
def dashboard(request, project_pk: int):
    context = figures.page_context(request, project_pk)
    # the same function the pre-check page reads
    context["projected"] = precheck.dashboard_rows(context["project"], context["as_of"])
    return render(request, "ledger/dashboard.html", context)
