"""`montage backup PATH` and `montage restore PATH` (README.md, "Deploying"): the database and the
attachments in one archive; restored, every table holds what it held, row for row."""

from __future__ import annotations

import hashlib
import tarfile

import pytest
from django.db import connection

from montage.cli import main
from montage.web.ledger import bench
from montage.web.ledger.models import Expense
from montage.web.production.models import Project
from tests.web.factories import ledger


def checksums() -> dict[str, str]:
    """Every table's rows, ordered by primary key, hashed."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            key = connection.introspection.get_primary_key_column(cursor, table)
            quoted = connection.ops.quote_name(table)
            order = f" ORDER BY {connection.ops.quote_name(key)}" if key else ""
            cursor.execute(f"SELECT * FROM {quoted}{order}")
            rows = cursor.fetchall() if key else sorted(cursor.fetchall(), key=repr)
            out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


@pytest.fixture
def data(transactional_db, settings, tmp_path):
    """A project, its expenses and one attachment's file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "attachments" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "attachments" / "2026" / "comptes.pdf").write_bytes(b"%PDF-1.4 demo")
    project = bench.make_project("Sauvegarde")
    for amount in ("100.00", "250.50", "1234.56"):
        ledger.expense(project.owner, amount=amount, work=project.work)
    return project


def test_a_backup_restored_gives_back_every_row_of_every_table_and_the_attachments(
        data, settings, tmp_path, capsys):
    before = checksums()
    archive = tmp_path / "montage-backup.tar.gz"
    assert main(["backup", str(archive)]) == 0
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert {"manifest.json", "media/attachments/2026/comptes.pdf"} <= names
    assert {"database.sqlite3", "database.pgdump"} & names

    Expense.objects.filter(amount_excl_vat__gt=200).delete()
    Project.objects.filter(pk=data.pk).update(format="changed after the backup")
    (settings.MEDIA_ROOT / "attachments" / "2026" / "comptes.pdf").unlink()
    (settings.MEDIA_ROOT / "later.pdf").write_bytes(b"%PDF-1.4 later")
    assert checksums() != before

    assert main(["restore", str(archive), "--force"]) == 0
    assert checksums() == before
    assert (settings.MEDIA_ROOT / "attachments" / "2026" / "comptes.pdf").read_bytes() == \
        b"%PDF-1.4 demo"
    assert not (settings.MEDIA_ROOT / "later.pdf").exists()


def test_restore_refuses_to_overwrite_a_database_that_is_not_empty_without_force(
        data, tmp_path, capsys):
    archive = tmp_path / "montage-backup.tar.gz"
    assert main(["backup", str(archive)]) == 0
    Expense.objects.all().delete()
    assert main(["restore", str(archive)]) == 2
    error = capsys.readouterr().err
    assert "is not empty" in error and "restore with --force to replace it" in error
    assert Expense.objects.count() == 0  # nothing was restored


def test_restore_refuses_a_file_that_is_not_a_montage_backup(data, tmp_path, capsys):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        archive.add(__file__, "notes.py")
    assert main(["restore", str(other), "--force"]) == 2
    assert "not a Montage backup" in capsys.readouterr().err
