"""A project's carbon report (PDF) made by the worker (montage/web/carbon/jobs.py, docs/web.md
"Jobs"): the project page's button queues it, the job's page follows it and offers the file,
which is the direct download's document (one function: exports.pdf on services.report_inputs),
read back page for page. Who: whoever reads the footprint asks; only the one who asked sees it."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from montage.web import worker
from montage.web.jobs.models import Job


def _phare():
    from montage.web.production.models import Project

    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.mark.django_db(transaction=True)
def test_the_carbon_report_is_made_by_the_worker_and_downloaded_from_its_page(client,
                                                                              on_the_queue):
    from montage.web.demo import load_demo

    load_demo()
    phare = _phare()
    client.force_login(get_user_model().objects.get(username="phare"))
    page = client.get(reverse("carbon_project", args=[phare.pk])).content.decode()
    assert f'action="{reverse("carbon_report_pdf_job", args=[phare.pk])}"' in page
    response = client.post(reverse("carbon_report_pdf_job", args=[phare.pk]))
    job = Job.objects.get()
    assert job.kind == "carbon_report_pdf" and job.status == "queued"
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    waiting = client.get(response.url).content.decode()
    assert "Rapport d’empreinte carbone (PDF)" in waiting and "En attente du worker" in waiting
    assert client.get(reverse("job_progress", args=[job.pk])).json()["finished"] is False

    assert worker.run(batch=True) == 0

    job.refresh_from_db()
    name = f"carbon-{phare.pk}.pdf"
    assert job.status == "done" and job.result_name == name
    assert client.get(reverse("job_progress", args=[job.pk])).json()["percent"] == 100
    assert f"Télécharger {name}" in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="{name}"' in download["Content-Disposition"]
    made = b"".join(download.streaming_content)
    direct = client.get(reverse("carbon_report_pdf", args=[phare.pk]))
    assert f'filename="{name}"' in direct["Content-Disposition"]
    # the same document as the direct download (one function): the same text, page for page
    assert _pages(made) == _pages(direct.content)
    assert "Le Phare" in _pages(made)[0]
    # a fund user reads Le Phare's footprint, not the producer's job
    client.force_login(get_user_model().objects.get(username="wallimage"))
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 403


def test_who_may_ask_for_the_carbon_report(demo, login):
    phare = _phare()
    url = reverse("carbon_report_pdf_job", args=[phare.pk])
    # a reader of the footprint that is not its producer: the fund that finances it
    fund = login("wallimage")
    job_page = fund.post(url, follow=True)
    job = Job.objects.get()
    assert job.created_by.username == "wallimage" and job.status == "done"
    assert "Télécharger carbon-" in job_page.content.decode()
    assert _pages(b"".join(fund.get(reverse("job_download", args=[job.pk])).streaming_content))
    # the job follows the footprint's readers: an editor reads neither the footprint nor the job
    assert login("tele.demo").post(url).status_code == 403
    assert Job.objects.count() == 1
    # asked for by POST only
    assert login("phare").get(url).status_code == 405
