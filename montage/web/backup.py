"""`montage backup PATH` and `montage restore PATH`: the database and the attachments in one archive
(README.md, "Deploying").

The archive is a .tar.gz: `manifest.json` (format, engine, date), the database —
`database.sqlite3` copied with SQLite's online backup API (consistent while the application keeps
writing; never `cp` a WAL database), or `database.pgdump` from `pg_dump -Fc` — and `media/`, the
files of MEDIA_ROOT (attachments, checklist documents). Restoring refuses to overwrite a database
that holds tables, or a MEDIA_ROOT that holds files, unless told to (`--force`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from montage.errors import MontageError

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"


class BackupError(MontageError):
    """A backup or a restore that cannot be done, explained in one line."""


def _engine() -> str:
    from django.db import connection

    return connection.vendor  # "sqlite" or "postgresql"


def backup(path: Path) -> dict:
    """Write the archive at `path`; its manifest is returned."""
    from django.conf import settings
    from django.db import connection

    engine = _engine()
    path = Path(path)
    with tempfile.TemporaryDirectory(dir=path.parent if path.parent.exists() else None) as work:
        work = Path(work)
        if engine == "sqlite":
            database = work / SQLITE_FILE
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif engine == "postgresql":
            database = work / PG_FILE
            _run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    f"--file={database}")
        else:
            raise BackupError(f"montage backup: no backup for the {engine} database")
        manifest = {"format": FORMAT, "engine": engine,
                    "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, MANIFEST)
            archive.add(database, database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, MEDIA)
        partial.replace(path)  # never a half-written archive under the expected name
    return manifest


def restore(path: Path, *, force: bool = False) -> dict:
    """Replace the database and MEDIA_ROOT by the archive's; refused over data unless `force`."""
    from django.conf import settings
    from django.db import connection

    engine = _engine()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        work = Path(work)
        archive.extractall(work, filter="data")  # no absolute path, no "..", no device
        try:
            manifest = json.loads((work / MANIFEST).read_text())
        except (OSError, ValueError):
            raise BackupError(f"{path}: not a Montage backup (no {MANIFEST})") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path}: backup format {manifest.get('format')!r}, expected "
                              f"{FORMAT}")
        if manifest.get("engine") != engine:
            raise BackupError(f"{path}: a backup of a {manifest.get('engine')} database, but "
                              f"this database is {engine}")
        media = Path(settings.MEDIA_ROOT)
        if not force:
            tables = connection.introspection.table_names()
            if tables:
                raise BackupError(f"the database {connection.settings_dict['NAME']} is not "
                                  f"empty ({len(tables)} tables): restore with --force to "
                                  "replace it")
            if media.is_dir() and any(media.iterdir()):
                raise BackupError(f"{media} is not empty: restore with --force to replace it")
        if engine == "sqlite":
            source = sqlite3.connect(work / SQLITE_FILE)
            connection.ensure_connection()
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()  # pg_restore drops the tables: no session of ours may hold them
            _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                    "--single-transaction", str(work / PG_FILE))
        if media.is_dir():
            shutil.rmtree(media)
        if (work / MEDIA).is_dir():
            shutil.copytree(work / MEDIA, media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    return manifest


def _run_pg(program: str, *args: str) -> None:
    """pg_dump or pg_restore on the settings' database (from MONTAGE_DATABASE_URL); the password
    goes through the environment, never the command line."""
    from django.db import connection

    found = shutil.which(program) or next(iter(sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{program}"), reverse=True)), None)
    if found is None:
        raise BackupError(f"{program} not found: install PostgreSQL's client programs")
    db = connection.settings_dict
    env = dict(os.environ, PGDATABASE=db["NAME"], PGHOST=db.get("HOST") or "",
               PGPORT=str(db.get("PORT") or ""), PGUSER=db.get("USER") or "",
               PGPASSWORD=db.get("PASSWORD") or "")
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    dbname = ["--dbname", db["NAME"]] if program == "pg_restore" else []
    result = subprocess.run([str(found), *args, *dbname], env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()[:2000]}")
