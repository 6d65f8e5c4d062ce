"""The regional fund's desk: the annual report's tables, the reconciliation, the downloads.

Every view asks montage.web.permissions.can_view_fund_report (fund analysts and board members of
a regional-fund organisation); the figures come from montage.fund (annual_report, reconcile),
never from a rule written here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from montage.fund.reconcile import Reconciliation
from montage.web import permissions
from montage.web.core.templatetags.montage import current_lang
from montage.web.fund import exports, records
from montage.web.fund.presentation import (comparison_view, display, headline, ordered,
                                           published_view, reconciliation_text,
                                           report_and_reconciliation, table_view)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _allowed(request) -> int:
    """The fund organisation whose records the report is computed from (the user's first)."""
    permissions.require(permissions.can_view_fund_report(request.user))
    return min(permissions.fund_desk_organisation_ids(request.user))


# The downloads of a fund without published figures: the tables, no difference listed.
NO_RECONCILIATION = Reconciliation((), (), (), ())


def _report(organisation_id: int):
    """(report, reconciliation or None, why there is none): see report_and_reconciliation."""
    return report_and_reconciliation(organisation_id)


@login_required
def report(request):
    organisation_id = _allowed(request)
    lang = current_lang()
    annual, result, why = _report(organisation_id)
    labels = exports.HEADLINE_FR if lang == "fr" else exports.HEADLINE_EN
    return render(request, "fund/report.html", {
        "headline": [(labels[key], display(value, kind, lang))
                     for key, value, kind in headline(annual)],
        "tables": [table_view(table, lang) for table in ordered(annual)],
        "reconciled": result is not None, "no_reconciliation": why,
        "summary": reconciliation_text(result, lang) if result else "",
        "skipped": records.coproductions(organisation_id, 2024)[1],
    })


@login_required
def report_table(request, table_id: str):
    organisation_id = _allowed(request)
    lang = current_lang()
    annual, result, _why = _report(organisation_id)
    try:
        table = annual.table(table_id)
    except KeyError:
        raise Http404(table_id) from None
    result = result or NO_RECONCILIATION
    differences = [comparison_view(c, lang, annual) for c in result.findings
                   if (c.item.figure or "").split("|")[0] == table_id]
    return render(request, "fund/table.html", {"table": table_view(table, lang),
                                               "differences": differences})


@login_required
def reconciliation(request):
    organisation_id = _allowed(request)
    lang = current_lang()
    annual, result, why = _report(organisation_id)
    if result is None:
        return render(request, "fund/reconciliation.html", {"no_reconciliation": why})
    return render(request, "fund/reconciliation.html", {
        "differences": [comparison_view(c, lang, annual) for c in result.differences],
        "records": [comparison_view(c, lang, annual) for c in result.records],
        "not_checked": [published_view(p, lang, annual) for p in result.not_checked],
        "typography": [published_view(p, lang, annual) for p in result.typography],
        "summary": reconciliation_text(result, lang),
        "table_ids": {table.id for table in annual.tables},
    })


@login_required
def report_xlsx(request):
    annual, result, _why = _report(_allowed(request))
    response = HttpResponse(exports.workbook(annual, result or NO_RECONCILIATION, current_lang()),
                            content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="wallimage-2024-tables.xlsx"'
    return response


@login_required
def report_pdf(request):
    annual, result, _why = _report(_allowed(request))
    response = HttpResponse(exports.pdf(annual, result or NO_RECONCILIATION, current_lang()),
                            content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="wallimage-2024-tables.pdf"'
    return response


@require_POST
@login_required
def report_job(request, kind: str):
    """The same download prepared by the worker (fund/jobs.py): the user follows it on the
    job's page and downloads it there when it is ready."""
    from montage.web.fund import jobs

    job = jobs.enqueue_report(request.user, _allowed(request), jobs.KINDS[kind], current_lang())
    return redirect("job_detail", job.pk)
