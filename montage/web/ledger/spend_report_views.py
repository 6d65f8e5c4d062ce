"""The producer sends a spend report for a fund's tranche from its ledger
(montage/web/ledger/spend_reports.py); the report's page is the fund's (fund_spend_report)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from montage.web.fund.models import Tranche
from montage.web.ledger import spend_reports
from montage.web.ledger.views import _project
from montage.web.production.models import FinancingSource
from montage.web.registry.services import Refused


class SendForm(forms.Form):
    as_of = forms.DateField(label=gettext_lazy("ledger as of"), required=False)


@login_required
@require_POST
def send(request, project_pk: int, source_pk: int, tranche_pk: int):
    project = _project(request, project_pk, edit=True)
    source = get_object_or_404(FinancingSource, project=project, pk=source_pk)
    tranche = get_object_or_404(Tranche, pk=tranche_pk, commitment_id=source.commitment_id)
    form = SendForm(request.POST)
    as_of = (form.cleaned_data["as_of"] if form.is_valid() else None) or timezone.localdate()
    try:
        report = spend_reports.send(source, tranche, as_of, request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("production_financing", project.pk)
    messages.success(request, _("Spend report sent to the fund."))
    return redirect("fund_spend_report", report.pk)
