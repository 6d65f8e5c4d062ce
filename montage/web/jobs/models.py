"""A job of the queue that is not a ledger import (those keep their own record, LedgerImport,
which also holds what an import found): a budget import, a report or workbook to generate
(the fund's annual report, a project's carbon report, an obligation file's committee report).
The same life as an import: QUEUED → RUNNING (heartbeat, steps done) → DONE or FAILED."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Job(models.Model):
    class Kind(models.TextChoices):
        BUDGET_IMPORT = "budget_import", _("budget import")
        FUND_REPORT_PDF = "fund_report_pdf", _("fund annual report (PDF)")
        FUND_REPORT_XLSX = "fund_report_xlsx", _("fund annual report (.xlsx)")
        CARBON_REPORT_PDF = "carbon_report_pdf", _("carbon footprint report (PDF)")
        COMMITTEE_REPORT_PDF = "committee_report_pdf", _("committee report (PDF)")

    class Status(models.TextChoices):
        # the ledger import's words (LedgerImport.Status)
        QUEUED = "queued", pgettext_lazy("job", "waiting for the worker")
        RUNNING = "running", pgettext_lazy("job", "running")
        DONE = "done", pgettext_lazy("job", "done")
        FAILED = "failed", pgettext_lazy("job", "failed")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    # what the job works on, plain values its kind reads (a project's id, a fund's, a language)
    params = models.JSONField(default=dict)
    # the uploaded file it reads (a budget import), kept for the worker
    file = models.FileField(upload_to="jobs/in/", max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    # what it made: a file to download, or a page to open, and words about it (`outcome`)
    result = models.FileField(upload_to="jobs/out/", max_length=200, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}".strip()

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
