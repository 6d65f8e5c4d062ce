"""Ledger imports as jobs of the queue (docs/web.md, "Jobs"; docs/web-ledger.md, "Imports").

The page stores the uploaded file with its import record (QUEUED) and enqueues `run_import_job`;
`montage worker` runs it: the record turns RUNNING with a heartbeat, then DONE, FAILED (with the
rows' errors, or the time limit) or DUPLICATE (the same file was imported meanwhile). A worker
that dies leaves the record RUNNING with a heartbeat that stops: `interrupt_stale` (every worker,
on start and between jobs) marks it FAILED, "interrupted". `retry` runs a failed import again,
from the stored file, as a new import. Nothing is ever half written: the write is one
transaction, which a killed worker never commits.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from montage.errors import InputError, Problem
from montage.web.core import jobs
from montage.web.ledger import imports
from montage.web.ledger.models import LedgerImport

Status = LedgerImport.Status
# translated where they are shown (problems.stored_rows), in the reader's language
INTERRUPTED = gettext_noop("interrupted: the worker running the import stopped (no heartbeat "
                           "for %(seconds)s s); nothing was written: retry the import")
TIME_LIMIT = gettext_noop("interrupted: the import ran longer than its time limit "
                          "(%(seconds)s s); nothing was written: split the file, or retry once "
                          "the limit is raised")
NO_FILE = gettext_noop("interrupted: the uploaded file is no longer stored; upload it again")


def enqueue(record: LedgerImport, data: bytes) -> LedgerImport:
    """Store the file beside the record (one copy per content) and queue its import."""
    if record.status != Status.QUEUED:
        return record
    if not record.file:
        name = f"ledger-imports/{record.sha256}{_suffix(record.file_name)}"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
        record.file.name = name
        record.save(update_fields=["file"])
    run_import_job.enqueue(record.pk)
    record.refresh_from_db()  # run already when the backend is the immediate one (tests)
    return record


def retry(record: LedgerImport, user=None) -> LedgerImport:
    """A failed import again, from its stored file: a new import record (the failed one stays,
    with its reason)."""
    if record.status != Status.FAILED:
        raise InputError(gettext_noop("only a failed import can be retried"),
                         file=record.file_name)
    if not record.file or not default_storage.exists(record.file.name):
        raise InputError(NO_FILE, file=record.file_name)
    with default_storage.open(record.file.name, "rb") as stored:
        data = stored.read()
    again = imports.start_import(record.project, record.file_name, data, mapping=record.mapping,
                                 user=user)
    if again.status == Status.QUEUED:
        again.file.name = record.file.name
        again.save(update_fields=["file"])
    return enqueue(again, data)


@task()
def run_import_job(import_pk: int) -> str:
    """The worker's side: claim the record, beat, import; the record's status is returned."""
    claimed = LedgerImport.objects.filter(pk=import_pk, status=Status.QUEUED).update(
        status=Status.RUNNING, heartbeat_at=timezone.now())
    record = LedgerImport.objects.select_related("created_by").get(pk=import_pk)
    if not claimed:  # already run, or interrupted before it could be
        return record.status
    if imports.imported_meanwhile(record):
        return record.status
    running = LedgerImport.objects.filter(pk=record.pk, status=Status.RUNNING)
    try:
        with default_storage.open(record.file.name, "rb") as stored:
            data = stored.read()
    except (OSError, ValueError):
        running.update(status=Status.FAILED,
                       errors=[Problem(NO_FILE, file=record.file_name).as_dict()])
        return Status.FAILED
    limit = settings.MONTAGE_IMPORT_TIME_LIMIT
    try:
        with jobs.supervised(running, time_limit=limit, on_time_limit=lambda: InputError(
                problems=[Problem(TIME_LIMIT, params={"seconds": limit})])):
            imports.run_import(record, data, user=record.created_by)
    except BaseException:
        # stopped (the worker's second Ctrl-C, SystemExit): say so now rather than after the
        # heartbeat timeout; the transaction was rolled back
        running.update(status=Status.FAILED, lines_added=0, errors=[_interrupted(record)])
        raise
    return record.status


def interrupt_stale(now: dt.datetime | None = None) -> int:
    """Every RUNNING import whose heartbeat is older than MONTAGE_JOB_HEARTBEAT_TIMEOUT (or that
    never had one: imports run by a web process before the queue) marked FAILED, interrupted
    (core.jobs.interrupt_stale). Returns how many."""
    return jobs.interrupt_stale(LedgerImport, _interrupted, now, lines_added=0)


def _interrupted(record: LedgerImport, seconds: int | None = None) -> dict:
    seconds = settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT if seconds is None else seconds
    return Problem(INTERRUPTED, file=record.file_name, params={"seconds": seconds}).as_dict()


def _suffix(file_name: str) -> str:
    dot = file_name.rfind(".")
    suffix = file_name[dot:].lower() if dot > 0 else ""
    return suffix if suffix in (".csv", ".txt", ".xlsx", ".xml") else ""
