"""Jobs of the queue other than ledger imports (montage/web/jobs/, docs/web.md "Jobs"): the
budget import and the fund's annual report, asked for on a page, run by `montage worker`'s
loop (montage.web.worker.run on django-tasks' database backend, as in production: the job waits
QUEUED until the worker takes it), followed on the job's page, the result downloaded there.
Also: a rejected file is a failed job naming file, row and column; a job whose worker died is
failed, interrupted, and its retry runs; nobody but its creator sees a job."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from montage.web import worker
from montage.web.jobs import services
from montage.web.jobs.models import Job
from montage.web.ledger import bench
from montage.web.production import services as production
from montage.web.production.models import BudgetVersion
from montage.web.registry.models import Membership

HEADER = ("account;description;quantity;unit;rate;currency;exchange_rate;exchange_rate_date;"
          "fringe_code\n")
CSV = HEADER + ("02.01;Repérages;12;jour;350,00;EUR;;;\n"
                "01.01;Droits;1;forfait;12 000;USD;0,92;15/01/2025;\n")  # the bench's chart
CSV_PHARE = HEADER + ("02.01;Réalisatrice;12;semaine;3 500,00;EUR;;;salarié\n"
                      "01.04;Musique;1;forfait;12 000;USD;0,92;15/01/2025;\n")
BAD = ("account,description,quantity,unit,rate,currency,exchange_rate,exchange_rate_date,"
       "fringe_code\n02.01,Ok,1,jour,100,EUR,,,\n99.99,Bad account,1,jour,100,EUR,,,\n")


def _manager(project, username="banc.manager"):
    user = get_user_model().objects.create_user(username)
    Membership.objects.create(user=user, organisation=project.owner,
                              role=Membership.Role.PRODUCER_MANAGER)
    return user


@pytest.mark.django_db(transaction=True)
def test_the_budget_import_runs_on_the_worker_and_is_followed_on_its_page(client, on_the_queue):
    project = bench.make_project("Le Banc")
    manager = _manager(project)
    client.force_login(manager)
    response = client.post(reverse("production_budget_import", args=[project.pk]),
                           {"file": SimpleUploadedFile("devis.csv", CSV.encode())})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    # nothing written yet: the worker has not run; the page says so and can be left
    assert job.status == "queued" and not BudgetVersion.objects.filter(project=project).exists()
    page = client.get(response.url).content.decode()
    assert "En attente du worker" in page and "revenir" in page
    assert client.get(reverse("job_progress", args=[job.pk])).json()["finished"] is False
    assert reverse("job_detail", args=[job.pk]) in client.get(reverse("job_list")).content.decode()

    from montage.web.registry.models import AuditEntry
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    assert worker.run(batch=True) == 0

    job.refresh_from_db()
    version = production.current_version(project)
    assert job.status == "done" and job.finished_at is not None
    assert version.lines.count() == 2 and version.label == "Import devis.csv"
    assert job.outcome == {"lines": 2, "version": version.number}
    progress = client.get(reverse("job_progress", args=[job.pk])).json()
    assert progress["finished"] is True and progress["percent"] == 100
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f"Lignes importées : 2, dans la version {version.number}." in page
    assert reverse("production_budget_version", args=[project.pk, version.number]) in page
    # the audit trail names the user who asked, not the worker
    written = AuditEntry.objects.filter(pk__gt=before)
    assert written.exists() and set(written.values_list("actor", flat=True)) == {manager.pk}

    # another producer of the same organisation sees the version, not someone else's job
    client.force_login(_manager(project, "banc.autre"))
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 403
    assert reverse("job_detail", args=[job.pk]) not in client.get(
        reverse("job_list")).content.decode()


def test_a_rejected_budget_is_a_failed_job_naming_file_row_column(demo, login):
    from montage.web.production.models import Project

    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    versions = BudgetVersion.objects.filter(project=phare).count()
    response = login("phare").post(reverse("production_budget_import", args=[phare.pk]),
                                   {"file": SimpleUploadedFile("devis.csv", BAD.encode())},
                                   follow=True)
    page = response.content.decode()
    job = Job.objects.get(kind="budget_import")
    assert job.status == "failed" and job.errors[0]["row"] == 3
    assert "devis.csv:3: account: attendu le code d&#x27;un compte du plan de ce projet" in page
    assert "Rien n’a été écrit." in page
    assert BudgetVersion.objects.filter(project=phare).count() == versions
    # a file that is not a budget at all is refused on the page itself, nothing queued
    response = login("phare").post(reverse("production_budget_import", args=[phare.pk]),
                                   {"file": SimpleUploadedFile("devis.pdf", b"%PDF")})
    assert response.status_code == 200 and Job.objects.count() == 1
    assert "devis.pdf: attendu un fichier .csv ou .xlsx" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_fund_report_is_made_by_the_worker_and_downloaded_from_its_page(client,
                                                                            on_the_queue):
    from pypdf import PdfReader

    from montage.web.demo import load_demo

    load_demo()
    client.force_login(get_user_model().objects.get(username="wallimage"))
    response = client.post(reverse("fund_report_pdf_job"))
    job = Job.objects.get()
    assert job.status == "queued" and response.url == reverse("job_detail", args=[job.pk])
    assert worker.run(batch=True) == 0
    job.refresh_from_db()
    assert job.status == "done" and job.result_name == "wallimage-2024-tables.pdf"
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Télécharger wallimage-2024-tables.pdf" in page
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="wallimage-2024-tables.pdf"' in download["Content-Disposition"]
    made = b"".join(download.streaming_content)
    direct = client.get(reverse("fund_report_pdf")).content
    # the same document as the direct download (one function): the same text, page for page
    assert [p.extract_text() for p in PdfReader(io.BytesIO(made)).pages] == \
        [p.extract_text() for p in PdfReader(io.BytesIO(direct)).pages]
    # another fund user, even of the same fund, does not see this user's job
    client.force_login(get_user_model().objects.get(username="wallimage.board"))
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 403


def test_the_fund_workbook_job_holds_the_direct_download_s_cells(demo, login):
    from openpyxl import load_workbook

    client = login("wallimage")
    job_page = client.post(reverse("fund_report_xlsx_job"), follow=True)
    job = Job.objects.get()
    assert job.status == "done" and "Télécharger wallimage-2024-tables.xlsx" in \
        job_page.content.decode()
    made = load_workbook(io.BytesIO(b"".join(
        client.get(reverse("job_download", args=[job.pk])).streaming_content)))
    direct = load_workbook(io.BytesIO(client.get(reverse("fund_report_xlsx")).content))
    assert made.sheetnames == direct.sheetnames
    for name in direct.sheetnames:
        assert list(made[name].iter_rows(values_only=True)) == \
            list(direct[name].iter_rows(values_only=True))
    # not a fund user: no report job
    assert login("phare").post(reverse("fund_report_xlsx_job")).status_code == 403


def test_a_job_whose_worker_died_is_failed_interrupted_and_its_retry_runs(demo, login):
    from montage.web.production.models import Project

    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    phare_user = get_user_model().objects.get(username="phare")
    job = services.enqueue(Job.Kind.BUDGET_IMPORT, phare_user, {"project": phare.pk},
                           file_name="devis.csv", data=CSV_PHARE.encode(), steps=2)
    assert job.status == "done"
    # a job a dead worker left RUNNING: no heartbeat for longer than the timeout
    stale = Job.objects.create(kind=job.kind, created_by=phare_user, params=job.params,
                               file_name="devis.csv", file=job.file.name, status="running",
                               heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    assert services.interrupt_stale() == 1
    stale.refresh_from_db()
    assert stale.status == "failed"
    assert stale.errors[0]["message"].startswith("interrupted: the worker running the job")
    client = login("phare")
    page = client.get(reverse("job_detail", args=[stale.pk])).content.decode()
    assert "interrompu : le worker" in page and "Réessayer" in page
    response = client.post(reverse("job_retry", args=[stale.pk]))
    again = Job.objects.latest("pk")
    assert response.url == reverse("job_detail", args=[again.pk])
    assert again.status == "done" and again.outcome["lines"] == 2
    # only a failed job is retried
    assert client.post(reverse("job_retry", args=[again.pk])).status_code == 400
