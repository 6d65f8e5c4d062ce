"""Faults of the job queue, with real processes: a `montage worker` killed (SIGKILL) in each
phase of an import leaves the ledger as it was before the import; the import ends failed,
"interrupted", once its heartbeat is older than the timeout (one second here); its retry
imports the file. Two workers importing the same file at once give one import and one
duplicate.

The worker stops at a phase deterministically: MONTAGE_JOB_STOP_AT makes it announce the phase
in a file and wait there (montage.web.core.jobs.phase), and the test kills it then. The
database is the test's own (the processes share it), made once per module and copied for each
test: a SQLite file, or, when MONTAGE_DATABASE_URL names a PostgreSQL server (scripts/test's
second run), a database on that server copied with CREATE DATABASE … TEMPLATE and dropped at
the end. The other processes' work is in faults_helper.py.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from montage.web.ledger import bench

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("faults_helper.py")
LINES = 60
SERVER = os.environ.get("MONTAGE_DATABASE_URL", "")
POSTGRES = SERVER.startswith(("postgres://", "postgresql://"))
RUN = secrets.token_hex(3)  # this run's databases on the server


def _database_name(directory: Path) -> str:
    return f"montage_faults_{RUN}_{directory.name.replace('-', '_')}"


def _database_url(directory: Path) -> str:
    if not POSTGRES:
        return f"sqlite:///{directory / 'montage.sqlite3'}"
    return f"{SERVER.split('?')[0].rpartition('/')[0]}/{_database_name(directory)}"


def _server(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(sql)


def _env(directory: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONTAGE_")}
    env.update(PYTHONPATH=str(ROOT), MONTAGE_ENV="development",
               DJANGO_SETTINGS_MODULE="montage.web.settings",
               MONTAGE_DATABASE_URL=_database_url(directory),
               MONTAGE_MEDIA_ROOT=str(directory.parent / "media"),
               MONTAGE_JOB_HEARTBEAT_TIMEOUT="1", **extra)
    return env


def _helper(directory: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(HELPER), *args], env=_env(directory),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _worker(directory: Path, *args: str, **extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "montage.cli", "worker", "--development",
                             "--interval", "0.05", *args], env=_env(directory, **extra),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


CREATED: list[str] = []


def _create(directory: Path, template: Path | None = None) -> None:
    """The directory's database on the PostgreSQL server: empty, or a copy of `template`'s."""
    name = _database_name(directory)
    _server(f'CREATE DATABASE "{name}"'
            + (f' TEMPLATE "{_database_name(template)}"' if template else ""))
    CREATED.append(name)


def _copy(template: Path, directory: Path) -> Path:
    directory.mkdir()
    if POSTGRES:
        _create(directory, template)
        return directory
    for path in template.iterdir():
        shutil.copy(path, directory / path.name)
    return directory


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The queued import of a ledger file (before), and the ledger once it has run (after)."""
    root = tmp_path_factory.mktemp("faults")
    (root / "media").mkdir()
    csv = root / "export.csv"
    bench.generate(csv, LINES)
    queued = root / "queued"
    queued.mkdir()
    if POSTGRES:
        _create(queued)
    try:
        yield _made(root, csv, queued)
    finally:
        for name in CREATED:
            _server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        CREATED.clear()


def _made(root: Path, csv: Path, queued: Path) -> dict:
    before = _helper(queued, "setup", str(csv))
    twice = _copy(queued, root / "twice")
    _helper(twice, "enqueue", str(csv))
    reference = _copy(queued, root / "reference")
    assert _worker(reference, "--batch").wait(timeout=900) == 0
    after = _helper(reference, "state")
    assert after["imports"][0]["status"] == "done", after
    assert after["imports"][0]["lines_added"] == LINES
    return {"root": root, "queued": queued, "twice": twice, "before": before, "after": after}


@pytest.mark.parametrize("phase", ["read", "plan", "write", "commit"])
def test_a_worker_killed_in_each_phase(made, phase):
    directory = _copy(made["queued"], made["root"] / f"killed-{phase}")
    stop = directory / "stopped"
    worker = _worker(directory, MONTAGE_JOB_STOP_AT=phase, MONTAGE_JOB_STOP_FILE=str(stop))
    deadline = time.monotonic() + 900
    while not stop.exists():  # the worker announces the phase, then waits there
        assert worker.poll() is None, worker.stderr.read()
        assert time.monotonic() < deadline, f"the worker never reached {phase}"
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()

    outcome = _helper(directory, "recover")
    interrupted, retried = outcome["interrupted"], outcome["retried"]
    # nothing half written: the ledger is as before the import
    assert interrupted["checksum"] == made["before"]["checksum"]
    [killed] = interrupted["imports"]
    assert killed["status"] == "failed"
    assert killed["errors"][0]["message"].startswith("interrupted: the worker")
    # the retry, a new import of the same stored file, imports it: the ledger as after
    assert [r["status"] for r in retried["imports"]] == ["failed", "done"]
    assert retried["imports"][1]["lines_added"] == LINES
    assert retried["checksum"] == made["after"]["checksum"]


def test_two_imports_of_one_file_at_once(made):
    directory = _copy(made["twice"], made["root"] / "twice-at-once")
    workers = [_worker(directory, "--batch") for _ in range(2)]
    assert [w.wait(timeout=900) for w in workers] == [0, 0]
    outcome = _helper(directory, "state")
    assert sorted(r["status"] for r in outcome["imports"]) == ["done", "duplicate"]
    assert outcome["lines"] == LINES
    assert outcome["checksum"] == made["after"]["checksum"]
