"""Supervising a job while the worker runs it (docs/web.md, "Jobs"): its heartbeat, its time
limit, and the phases it goes through.

- Heartbeat: a thread of the worker writes `heartbeat_at` on the job's record every quarter of
  MONTAGE_JOB_HEARTBEAT_TIMEOUT, whatever the job is doing (a long write transaction included),
  on its own database connection. A worker that dies stops beating: another worker (or the same,
  restarted) then marks the record failed, "interrupted". On SQLite the beat waits while the
  import's own write transaction holds the lock; so does whoever would mark it interrupted.
- Time limit: an alarm in the worker's main thread raises the job's refusal at any point before
  its "commit" phase (the transaction is rolled back); a commit under way is never interrupted.
- Phases: `phase("read" | "plan" | "write" | "commit")`. MONTAGE_JOB_STOP_AT=<phase> makes the
  process write its id to the file MONTAGE_JOB_STOP_FILE and wait there for ever: the fault tests
  (tests/web/test_ledger_import_faults.py) kill it at that exact point.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

_state = threading.local()


def phase(name: str) -> None:
    _state.phase = name
    if os.environ.get("MONTAGE_JOB_STOP_AT") == name:
        Path(os.environ["MONTAGE_JOB_STOP_FILE"]).write_text(str(os.getpid()))
        while True:  # the test kills the process here
            time.sleep(3600)


def heartbeat_interval() -> float:
    return settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT / 4


@contextmanager
def supervised(running, *, time_limit: int, on_time_limit):
    """Beat on `running` (a queryset of the job's record while it runs: `.update(heartbeat_at=)`)
    meanwhile; after `time_limit` seconds, raise `on_time_limit()` in the job (main thread
    only: signals are delivered there; a job run in a request thread has no limit)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_interval()):
                try:
                    running.update(heartbeat_at=timezone.now())
                except DatabaseError:  # locked by the job's own transaction: the next beat
                    pass
        finally:
            connection.close()  # this thread's connection

    beating = threading.Thread(target=beat, name="montage-heartbeat", daemon=True)
    beating.start()
    _state.phase = None
    alarm = threading.current_thread() is threading.main_thread() and time_limit > 0
    if alarm:
        def expired(signum, frame):
            if getattr(_state, "phase", None) != "commit":
                raise on_time_limit()
        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        stop.set()
        beating.join()


def interrupt_stale(model, interrupted, now: dt.datetime | None = None, **values) -> int:
    """Every RUNNING record of `model` (a job's record: `status`, `heartbeat_at`, `created_at`:
    a ledger import, a job) whose heartbeat is older than MONTAGE_JOB_HEARTBEAT_TIMEOUT (or
    that never had one) marked FAILED, with `errors=[interrupted(record, timeout)]` and
    `values`. Returns how many. The condition is repeated in the UPDATE: a job that ended
    meanwhile is left alone."""
    timeout = settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=timeout)
    stale = model.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        status="running")
    count = 0
    try:
        for record in stale.only("pk", "file_name"):
            with transaction.atomic():
                count += stale.filter(pk=record.pk).update(
                    status="failed", errors=[interrupted(record, timeout)], **values)
    except DatabaseError:  # the database is locked by a job that runs (SQLite): the next round
        pass
    return count
