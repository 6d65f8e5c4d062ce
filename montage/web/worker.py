"""`montage worker`: runs the queued jobs (django-tasks' database worker, one job at a time) and,
on start and between jobs, marks failed the imports whose worker died (docs/web.md, "Jobs").

Its own loop around the library's `Worker` (one job per round) rather than `db_worker`: the
check for dead jobs must run between jobs, which `db_worker` offers no place for. Ctrl-C or
SIGTERM: the job under way ends first (the library's handling); a second one stops it, and the
import is marked failed, interrupted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from montage.web.core import jobs
from montage.web.jobs import services as queued_jobs
from montage.web.ledger import jobs as ledger_jobs

log = logging.getLogger("montage.worker")


def interrupt_dead_jobs() -> int:
    """Imports and jobs without a recent heartbeat failed; the library's own rows of jobs that cannot be
    alive any more (started longer ago than the time limit and a heartbeat timeout) too."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    count = ledger_jobs.interrupt_stale() + queued_jobs.interrupt_stale()
    cutoff = timezone.now() - dt.timedelta(seconds=settings.MONTAGE_IMPORT_TIME_LIMIT
                                           + settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT)
    try:
        if DBTaskResult.objects.running().filter(started_at__lt=cutoff).exists():
            DBTaskResult.objects.running().filter(started_at__lt=cutoff).update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                exception_class_path="montage.worker.Interrupted",
                traceback="interrupted: its worker stopped")
    except DatabaseError:  # locked by a job under way (SQLite): the next round
        pass
    if count:
        # the operator's log, in English: the plural agrees
        log.warning("%s interrupted %s marked failed", count,
                    "import or job" if count == 1 else "imports or jobs")
    return count


def yield_to_the_web() -> None:
    """The worker's process (and the import's second process, forked from it) at a lower CPU
    priority (MONTAGE_WORKER_NICE, 10): on a small machine a 200 000-line import otherwise
    takes the cores the web's requests wait for (docs/web.md, "Load"); the import then takes
    the time they leave."""
    niceness = settings.MONTAGE_WORKER_NICE
    if niceness > 0 and hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:  # not allowed here: the default priority
            pass


def run(*, interval: float = 1.0, batch: bool = False) -> int:
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    for name in ("montage.worker", "django_tasks", "django_tasks_db"):
        logging.getLogger(name).setLevel(logging.INFO)
    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}"
    log.info("worker %s: heartbeat timeout %s s, import time limit %s s", worker_id,
             settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT, settings.MONTAGE_IMPORT_TIME_LIMIT)
    checked = None
    while True:
        close_old_connections()
        if checked is None or time.monotonic() - checked >= jobs.heartbeat_interval():
            interrupt_dead_jobs()
            checked = time.monotonic()
        if not DBTaskResult.objects.ready().exists():
            if batch:
                return 0
            time.sleep(interval)  # the queue is polled: nothing to do until the next look
            continue
        one = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                     startup_delay=False, max_tasks=1, worker_id=worker_id,
                     excluded_queue_names=[])
        one.configure_signals()  # Ctrl-C: the job ends first, then `running` is False
        one.run()
        if not one.running:
            return 0
