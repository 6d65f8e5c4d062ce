"""The fund's annual report (its tables as a PDF with charts, or an .xlsx workbook) generated
by the worker (docs/web.md, "Jobs"): the same functions as the direct downloads (views.report_pdf,
report_xlsx: `exports.pdf`, `exports.workbook` on `report_and_reconciliation`), so the file is
the same whichever way it is asked for."""

from __future__ import annotations

from django.utils import translation

from montage.fund.reconcile import Reconciliation
from montage.web.core.jobs import phase
from montage.web.jobs import services as jobs
from montage.web.jobs.models import Job

NO_RECONCILIATION = Reconciliation((), (), (), ())
NAMES = {Job.Kind.FUND_REPORT_PDF: "wallimage-2024-tables.pdf",
         Job.Kind.FUND_REPORT_XLSX: "wallimage-2024-tables.xlsx"}
KINDS = {"pdf": Job.Kind.FUND_REPORT_PDF, "xlsx": Job.Kind.FUND_REPORT_XLSX}


def enqueue_report(user, organisation_id: int, kind: str, lang: str) -> Job:
    return jobs.enqueue(kind, user, {"organisation": organisation_id, "lang": lang}, steps=2)


def run_report(job: Job, progress) -> jobs.Result:
    from montage.web.fund import exports
    from montage.web.fund.presentation import report_and_reconciliation

    lang = job.params.get("lang") or "fr"
    with translation.override(lang):
        phase("read")
        annual, result, _why = report_and_reconciliation(job.params["organisation"])
        progress(1)
        phase("write")
        make = exports.pdf if job.kind == Job.Kind.FUND_REPORT_PDF else exports.workbook
        content = make(annual, result or NO_RECONCILIATION, lang)
    return jobs.Result(content=content, name=NAMES[job.kind])

