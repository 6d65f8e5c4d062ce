"""Ledger imports as jobs (montage.web.ledger.jobs), run as they are queued (the tests' immediate
backend): the stored file, the heartbeat's timeout, the time limit, the retry, a file imported
while its import waited. Real workers killed mid-import: test_ledger_import_faults.py."""

from __future__ import annotations

import datetime as dt
import signal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from montage.web.core import jobs as supervision
from montage.web.ledger import bench, imports, jobs
from montage.web.ledger.models import ColumnMapping, Expense, LedgerImport
from montage.web.registry.models import Membership

pytestmark = pytest.mark.django_db
HEADER = "Ligne;Date;Type;Facture;Fournisseur;TVA fournisseur;CP;Pays;Compte;Montant HTVA\n"
ROWS = ["L1;03/04/2024;facture;F-1;Meuse Caméras;BE0403170701;4000;BE;07.01;1.234,56\n",
        "L2;04/04/2024;facture;F-2;Studio Ixelles;;1050;BE;08;2 000,00\n"]
MAPPING = {"id": "Ligne", "date": "Date", "kind": "Type", "number": "Facture",
           "supplier_name": "Fournisseur", "supplier_vat": "TVA fournisseur",
           "supplier_postal_code": "CP", "supplier_country": "Pays", "account": "Compte",
           "amount": "Montant HTVA"}
DATA = (HEADER + "".join(ROWS)).encode()


@pytest.fixture
def project(db):
    return bench.make_project("Le Banc")


@pytest.fixture
def mapping(project):
    return ColumnMapping.objects.create(owner=project.owner, name="Compta", columns=MAPPING)


@pytest.fixture
def manager(project):
    user = get_user_model().objects.create_user("banc.manager")
    Membership.objects.create(user=user, organisation=project.owner,
                              role=Membership.Role.PRODUCER_MANAGER)
    return user


def _queued(project, mapping, data=DATA, name="export.csv"):
    return imports.start_import(project, name, data, mapping=mapping)


def test_the_page_queues_the_import_with_its_file(client, project, mapping, manager):
    client.force_login(manager)
    response = client.post(reverse("ledger_imports", args=[project.pk]), {
        "file": _upload(), "mapping": mapping.pk})
    record = LedgerImport.objects.get()
    assert response.status_code == 302
    assert record.status == LedgerImport.Status.DONE and record.lines_added == 2
    assert record.heartbeat_at is not None
    with default_storage.open(record.file.name, "rb") as stored:
        assert stored.read() == DATA


def test_a_queued_import_shows_it_waits(client, project, mapping, manager):
    record = _queued(project, mapping)
    client.force_login(manager)
    payload = client.get(reverse("ledger_import_progress", args=[project.pk, record.pk])).json()
    assert payload["status"] == "queued" and payload["status_label"] == "en attente du worker"
    assert payload["finished"] is False and payload["percent"] == 0
    page = client.get(reverse("ledger_import", args=[project.pk, record.pk])).content.decode()
    assert "En attente du worker" in page


def test_a_silent_import_is_interrupted_after_the_timeout(project, mapping, settings):
    settings.MONTAGE_JOB_HEARTBEAT_TIMEOUT = 60
    now = timezone.now()
    dead = _queued(project, mapping)
    alive = _queued(project, mapping, DATA + ROWS[0].replace("L1", "L3").encode())
    waiting = _queued(project, mapping, DATA + ROWS[0].replace("L1", "L4").encode())
    LedgerImport.objects.filter(pk=dead.pk).update(
        status="running", heartbeat_at=now - dt.timedelta(seconds=61))
    LedgerImport.objects.filter(pk=alive.pk).update(
        status="running", heartbeat_at=now - dt.timedelta(seconds=59))
    assert jobs.interrupt_stale(now) == 1
    dead.refresh_from_db(), alive.refresh_from_db(), waiting.refresh_from_db()
    assert (dead.status, alive.status, waiting.status) == ("failed", "running", "queued")
    assert dead.errors[0]["message"] == jobs.INTERRUPTED
    assert dead.errors[0]["params"] == {"seconds": 60}


def test_an_import_of_the_web_process_left_running_is_interrupted(project, mapping):
    """Before the queue, a killed server left imports running with no heartbeat at all."""
    record = _queued(project, mapping)
    LedgerImport.objects.filter(pk=record.pk).update(status="running")
    assert jobs.interrupt_stale(timezone.now() + dt.timedelta(days=1)) == 1
    record.refresh_from_db()
    assert record.status == "failed"


def test_retry_runs_the_stored_file_as_a_new_import(client, project, mapping, manager):
    record = _queued(project, mapping)
    jobs.enqueue(record, DATA)
    LedgerImport.objects.filter(pk=record.pk).update(status="failed", errors=[
        jobs._interrupted(record)])
    Expense.objects.all().delete()  # as if the import had been interrupted
    client.force_login(manager)
    page = client.get(reverse("ledger_import", args=[project.pk, record.pk])).content.decode()
    assert "Relancer l&#x27;import" in page or "Relancer l'import" in page
    assert "interrompu : le worker" in page
    response = client.post(reverse("ledger_import_retry", args=[project.pk, record.pk]))
    again = LedgerImport.objects.exclude(pk=record.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("ledger_import", args=[project.pk, again.pk])
    assert (again.status, again.lines_added, again.file.name) == ("done", 2, record.file.name)
    # a done import is not retried
    response = client.post(reverse("ledger_import_retry", args=[project.pk, again.pk]))
    assert response.status_code == 400
    assert "seul un import en échec peut être relancé" in response.content.decode()
    assert LedgerImport.objects.count() == 2


@pytest.mark.parametrize("username", ["anonymous", "reader"])
def test_retry_is_for_the_projects_editors(client, project, mapping, username):
    record = _queued(project, mapping)
    LedgerImport.objects.filter(pk=record.pk).update(status="failed")
    if username == "reader":
        client.force_login(get_user_model().objects.create_user("someone.else"))
    response = client.post(reverse("ledger_import_retry", args=[project.pk, record.pk]))
    assert response.status_code in (302, 403) and LedgerImport.objects.count() == 1
    assert client.get(reverse("ledger_import_retry", args=[project.pk, record.pk])
                      ).status_code in (302, 405)


def test_the_time_limit_fails_the_import_and_writes_nothing(project, mapping, monkeypatch,
                                                            settings):
    """The alarm is raised by hand at the "plan" phase (no test waits for a clock)."""
    settings.MONTAGE_IMPORT_TIME_LIMIT = 3600
    _alarm_at(monkeypatch, "plan")
    record = jobs.enqueue(_queued(project, mapping), DATA)
    assert record.status == "failed" and Expense.objects.count() == 0
    assert record.errors[0]["message"] == jobs.TIME_LIMIT
    assert record.errors[0]["params"] == {"seconds": 3600}


def test_the_time_limit_never_interrupts_a_commit(project, mapping, monkeypatch):
    _alarm_at(monkeypatch, "commit")
    record = jobs.enqueue(_queued(project, mapping), DATA)
    assert record.status == "done" and Expense.objects.count() == 2


def test_a_file_imported_while_its_import_waited_is_a_duplicate(project, mapping):
    first, second = _queued(project, mapping), _queued(project, mapping)
    assert first.status == second.status == "queued"
    assert jobs.enqueue(first, DATA).status == "done"
    assert jobs.enqueue(second, DATA).status == "duplicate"
    assert Expense.objects.count() == 2


def test_a_job_claims_its_import_once(project, mapping):
    record = jobs.enqueue(_queued(project, mapping), DATA)
    assert jobs.run_import_job.call(record.pk) == "done"  # run again: nothing more
    assert Expense.objects.count() == 2


def _alarm_at(monkeypatch, name):
    reached = supervision.phase

    def phase(current):
        reached(current)
        if current == name:
            signal.raise_signal(signal.SIGALRM)
    monkeypatch.setattr(supervision, "phase", phase)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("export.csv", DATA, content_type="text/csv")
