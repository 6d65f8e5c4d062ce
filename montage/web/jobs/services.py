"""The jobs of the queue other than ledger imports (docs/web.md, "Jobs"): one writer of `Job`.

`enqueue(kind, user, params, ...)` records the job (QUEUED), stores its input file and queues
`run_job`; `montage worker` runs it: the record turns RUNNING with a heartbeat (the ledger
import's supervision, `core.jobs.supervised`: heartbeat thread, time limit), then DONE with its
result (a file to download, or a page to open) or FAILED with its problems. A worker that dies
leaves a heartbeat that stops: `interrupt_stale` (every worker, between jobs, as for imports)
marks it FAILED, "interrupted"; `retry` queues the same job again.

Each kind's work is a function `run(job, progress) -> Result | None` of its desk (KINDS; None:
it called `finish` itself, inside its write transaction), called with
the job's creator as the audit trail's actor; `progress(done, total)` saves the steps done
(autocommit, outside the job's own transaction), which the page polls. Who may see a job:
`permissions.can_view_job` (its creator, while still allowed to see what it works on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop
from django_tasks import task

from montage.errors import InputError, MontageError, Problem
from montage.web.core import jobs as supervision
from montage.web.jobs.models import Job

Status = Job.Status

# kind -> its desk's function run(job, progress) -> Result (imported when a job runs, so this
# app depends on no desk)
KINDS = {
    Job.Kind.BUDGET_IMPORT: "montage.web.production.jobs.run_budget_import",
    Job.Kind.FUND_REPORT_PDF: "montage.web.fund.jobs.run_report",
    Job.Kind.FUND_REPORT_XLSX: "montage.web.fund.jobs.run_report",
    Job.Kind.CARBON_REPORT_PDF: "montage.web.carbon.jobs.run_report",
    Job.Kind.COMMITTEE_REPORT_PDF: "montage.web.annexes.jobs.run_committee_report",
}
# translated where they are shown (problems.stored_rows), in the reader's language
INTERRUPTED = gettext_noop("interrupted: the worker running the job stopped (no heartbeat for "
                           "%(seconds)s s); nothing was written: retry it")
TIME_LIMIT = gettext_noop("interrupted: the job ran longer than its time limit (%(seconds)s s); "
                          "nothing was written")
NO_FILE = gettext_noop("interrupted: the uploaded file is no longer stored; upload it again")
FAILED = gettext_noop("the job failed: %(reason)s")


@dataclass
class Result:
    """What a job made: a file (bytes, its name) to download, or a page (url) to open; `outcome`
    plain values the job's page turns into words."""

    content: bytes | None = None
    name: str = ""
    url: str = ""
    outcome: dict = field(default_factory=dict)


def enqueue(kind: str, user, params: dict, *, file_name: str = "", data: bytes | None = None,
            steps: int = 0) -> Job:
    job = Job.objects.create(kind=kind, created_by=user, params=params, file_name=file_name,
                             steps_total=steps)
    if data is not None:
        job.file.save(f"{job.pk}-{_safe(file_name)}", ContentFile(data), save=True)
    run_job.enqueue(job.pk)
    job.refresh_from_db()  # run already when the backend is the immediate one (tests)
    return job


def retry(job: Job, user) -> Job:
    """A failed job again, with its stored input, as a new job (the failed one stays)."""
    if job.status != Status.FAILED:
        raise InputError(gettext_noop("only a failed job can be retried"))
    data = None
    if job.file:
        if not default_storage.exists(job.file.name):
            raise InputError(NO_FILE, file=job.file_name)
        with default_storage.open(job.file.name, "rb") as stored:
            data = stored.read()
    return enqueue(job.kind, user, job.params, file_name=job.file_name, data=data,
                   steps=job.steps_total)


@task()
def run_job(job_pk: int) -> str:
    """The worker's side: claim the record, beat, run the kind's function, keep its result."""
    from montage.web.registry.audit import acting_as

    claimed = Job.objects.filter(pk=job_pk, status=Status.QUEUED).update(
        status=Status.RUNNING, heartbeat_at=timezone.now())
    job = Job.objects.select_related("created_by").get(pk=job_pk)
    if not claimed:  # already run (two workers), or interrupted before it could be
        return job.status
    running = Job.objects.filter(pk=job.pk, status=Status.RUNNING)

    def progress(done: int, total: int | None = None) -> None:
        values = {"steps_done": done}
        if total is not None:
            values["steps_total"] = total
        try:
            running.update(**values)
        except DatabaseError:  # the job's own write holds the lock (SQLite): the next step
            pass

    limit = settings.MONTAGE_IMPORT_TIME_LIMIT
    try:
        with supervision.supervised(running, time_limit=limit, on_time_limit=lambda: InputError(
                problems=[Problem(TIME_LIMIT, params={"seconds": limit})])):
            with acting_as(job.created_by):
                result = import_string(KINDS[job.kind])(job, progress)
    except MontageError as error:
        problems = getattr(error, "problems", None) or [
            Problem(FAILED, params={"reason": str(error)})]
        running.update(status=Status.FAILED, finished_at=timezone.now(),
                       errors=[p.as_dict() for p in problems[:200]])
        return Status.FAILED
    except BaseException:
        # stopped (the worker's second Ctrl-C) or a fault of ours: say so now, not after the
        # heartbeat timeout; what the job wrote was one transaction, rolled back
        running.update(status=Status.FAILED, finished_at=timezone.now(),
                       errors=[_interrupted(job)])
        raise
    if result is not None:
        finish(job, result)
    return Status.DONE


def finish(job: Job, result: Result) -> None:
    """The job DONE with what it made. A kind that writes calls it inside its own write
    transaction, so that the job is done exactly when its records are (a worker killed between
    the two would otherwise leave records of a job marked interrupted)."""
    stored = ""
    if result.content is not None:
        stored = default_storage.save(f"jobs/out/{job.pk}-{_safe(result.name)}",
                                      ContentFile(result.content))
    steps = max(job.steps_total, 1)
    Job.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        status=Status.DONE, finished_at=timezone.now(), result=stored, result_name=result.name,
        result_url=result.url, outcome=result.outcome, steps_done=steps, steps_total=steps)


def interrupt_stale(now: dt.datetime | None = None) -> int:
    """Every RUNNING job without a recent heartbeat marked FAILED, interrupted (the ledger
    import's rule, core.jobs.interrupt_stale). Returns how many."""
    return supervision.interrupt_stale(Job, _interrupted, now, finished_at=timezone.now())


def progress_payload(job: Job) -> dict:
    """The page's poll: the ledger import's keys (status, percent, finished)."""
    total, done = job.steps_total or 0, job.steps_done or 0
    percent = 100 if job.finished else ((min(done, total) * 100 // total) if total else 0)
    return {"id": job.pk, "status": job.status, "status_label": str(job.get_status_display()),
            "steps_total": total, "steps_done": min(done, total) if total else done,
            "percent": percent, "errors": len(job.errors or []), "finished": job.finished}


def _interrupted(job: Job, seconds: int | None = None) -> dict:
    seconds = settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT if seconds is None else seconds
    return Problem(INTERRUPTED, file=job.file_name or None,
                   params={"seconds": seconds}).as_dict()


def _safe(name: str) -> str:
    kept = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[-80:]
    return kept or "file"
