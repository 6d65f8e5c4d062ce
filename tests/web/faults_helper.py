"""The fault tests' other processes (test_ledger_import_faults.py): each command runs on the
database of MONTAGE_DATABASE_URL and prints one JSON line.

  setup FILE       migrate, a project, a column mapping; FILE's import queued
  enqueue FILE     FILE's import queued (once more)
  state            the ledger's checksum and every import's status
  recover          wait until the killed worker's import is marked interrupted (the heartbeat
                   timeout of the environment, short), retry it, run the worker until the queue
                   is empty; then the state
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.web.settings")
os.environ.setdefault("MONTAGE_ENV", "development")
LEDGER_TABLES = ("Expense", "LedgerBucket")


def checksum() -> str:
    """The ledger's rows (lines and buckets) and the suppliers, in one digest; without which
    import wrote a line, nor when (a retry is another import). Each id (a row's own, a foreign
    key's) is read as the row's rank in its table: PostgreSQL's sequences are not rolled back,
    so the retry of a killed import writes the same rows under higher ids."""
    from montage.web.ledger import models
    from montage.web.registry.models import Company

    ranks: dict = {}

    def rank(model, pk):
        if model not in ranks:
            ranks[model] = {key: n for n, key in enumerate(
                model.objects.order_by("pk").values_list("pk", flat=True))}
        return ranks[model][pk]

    def value(model, field, value):
        if field.primary_key:
            return rank(model, value)
        if field.is_relation and value is not None:
            return rank(field.related_model, value)
        if model is models.LedgerBucket and field.attname == "flags" and "line" in value:
            # a capped fee line's own bucket names the line
            line = dict(value["line"], id=rank(models.Expense, int(value["line"]["id"])))
            return dict(value, line=line)
        return value

    digest = hashlib.sha256()
    for model in [getattr(models, name) for name in LEDGER_TABLES] + [Company]:
        fields = [f for f in model._meta.concrete_fields
                  if f.attname != "ledger_import_id"
                  and not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
                  # a bucket's keys are digests of its facts (read below), a fee line's id with
                  and not (model is models.LedgerBucket and f.attname in ("key", "facts_key"))]
        for row in model.objects.order_by("pk").values_list(*[f.attname for f in fields]):
            digest.update(repr(tuple(value(model, field, cell)
                                     for field, cell in zip(fields, row))).encode())
    return digest.hexdigest()


def state() -> dict:
    from montage.web.ledger.models import Expense, LedgerImport

    return {"checksum": checksum(), "lines": Expense.objects.count(),
            "imports": [{"pk": r.pk, "status": r.status, "lines_added": r.lines_added,
                         "errors": r.errors}
                        for r in LedgerImport.objects.order_by("pk")]}


def setup(path: str) -> dict:
    from django.core.management import call_command

    from montage.web.ledger import bench

    call_command("migrate", interactive=False, verbosity=0)
    project = bench.make_project("Le Banc")
    bench.save_mapping(project.owner)
    return enqueue(path)


def enqueue(path: str) -> dict:
    from montage.web.ledger import imports, jobs
    from montage.web.ledger.models import ColumnMapping
    from montage.web.production.models import Project

    mapping = ColumnMapping.objects.get()
    data = Path(path).read_bytes()
    record = imports.start_import(Project.objects.get(), Path(path).name, data,
                                  mapping=mapping)
    jobs.enqueue(record, data)
    return state()


def recover() -> dict:
    from montage.web import worker
    from montage.web.ledger import jobs
    from montage.web.ledger.models import LedgerImport

    deadline = time.monotonic() + 60
    while LedgerImport.objects.filter(status="running").exists():
        if jobs.interrupt_stale() == 0:
            if time.monotonic() > deadline:
                raise SystemExit("the killed import was never marked interrupted")
            time.sleep(0.05)  # until the heartbeat is older than the timeout
    interrupted = state()
    for record in LedgerImport.objects.filter(status="failed"):
        jobs.retry(record)
    worker.run(batch=True)
    return {"interrupted": interrupted, "retried": state()}


if __name__ == "__main__":
    import django

    django.setup()
    command = sys.argv[1]
    if command == "setup":
        out = setup(sys.argv[2])
    elif command == "enqueue":
        out = enqueue(sys.argv[2])
    elif command == "recover":
        out = recover()
    else:
        out = state()
    print(json.dumps(out))
