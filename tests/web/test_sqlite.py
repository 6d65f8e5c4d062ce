"""SQLite as a serious embedded database (docs/web.md, "SQLite"): WAL, a 20 s busy timeout and
write transactions that take the lock at BEGIN. The test database lives in memory, where WAL does
not exist: these tests open connections of their own on a file, with the settings' options."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from montage.web.settings import database_from_url

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite only (PostgreSQL has neither journal modes nor database-wide locks)")


def connection_to(path, alias: str) -> DatabaseWrapper:
    config = {**database_from_url(f"sqlite:///{path}"), "TIME_ZONE": None, "CONN_MAX_AGE": 0,
              "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False}
    return DatabaseWrapper(config, alias=alias)


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """open("writer"): a connection to one SQLite file, known to transaction.atomic(using=)."""
    path = tmp_path / "montage.sqlite3"
    opened = []

    def open_one(alias: str) -> DatabaseWrapper:
        opened.append(connection_to(path, alias))
        connections[alias] = opened[-1]
        return opened[-1]
    with django_db_blocker.unblock():
        open_one("setup").cursor().execute("CREATE TABLE line (amount INTEGER)")
        yield open_one
        for wrapper in opened:
            wrapper.close()
            del connections[wrapper.alias]


def test_a_connection_is_in_wal_mode_with_a_busy_timeout_of_20_seconds(database):
    with database("one").cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert cursor.execute("PRAGMA busy_timeout").fetchone() == (20_000,)


def test_a_transaction_takes_the_write_lock_at_begin(database, tmp_path):
    database("writer")
    with transaction.atomic(using="writer"):  # nothing read or written yet
        other = sqlite3.connect(tmp_path / "montage.sqlite3", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_a_reader_reads_while_a_writer_holds_an_open_write_transaction(database, tmp_path):
    writer = database("writer")
    with writer.cursor() as cursor:
        cursor.execute("INSERT INTO line VALUES (1)")
    seen, errors = [], []

    def read():  # another thread, another connection, as another request's
        reader = connection_to(tmp_path / "montage.sqlite3", "reader")
        try:
            with reader.cursor() as cursor:
                seen.append(cursor.execute("SELECT SUM(amount) FROM line").fetchone()[0])
        except Exception as error:  # noqa: BLE001 - the assertion below says which
            errors.append(error)
        finally:
            reader.close()

    with transaction.atomic(using="writer"):
        with writer.cursor() as cursor:
            cursor.execute("INSERT INTO line VALUES (2)")
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert errors == [] and seen == [1]  # at once, the committed state, not the writer's
    with database("after").cursor() as cursor:
        assert cursor.execute("SELECT SUM(amount) FROM line").fetchone() == (3,)
