"""An obligation file's committee report (PDF) made by the worker (montage/web/annexes/jobs.py,
docs/web.md "Jobs"): the file's documents and its committee view queue it, the job's page follows
it and offers the file, which is the direct download's document (one function:
committee.committee_data then render_pdf, for the user who asked), read back page for page. Who:
those who download the file's documents (its editor, the CSA, the CCA); only the one who asked
sees the job."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from montage.web import worker
from montage.web.contribution.models import ObligationYear
from montage.web.jobs.models import Job


def _tele_2024() -> ObligationYear:
    return ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2024)


def _pages(content: bytes) -> list[str]:
    """The PDF's text page for page, the minute of « Généré le … » left out (the job and the
    direct download are made a moment apart)."""
    return [re.sub(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", "<when>", page.extract_text())
            for page in PdfReader(io.BytesIO(content)).pages]


@pytest.mark.django_db(transaction=True)
def test_the_committee_report_is_made_by_the_worker_and_downloaded_from_its_page(client,
                                                                                 on_the_queue):
    from montage.web.demo import load_demo

    load_demo()
    file = _tele_2024()
    client.force_login(get_user_model().objects.get(username="cca"))
    url = reverse("annexes_committee_pdf_job", args=[file.pk])
    for page in ("annexes_documents", "obligation_committee"):
        assert f'action="{url}"' in client.get(reverse(page, args=[file.pk])).content.decode()
    response = client.post(url)
    job = Job.objects.get()
    assert job.kind == "committee_report_pdf" and job.status == "queued"
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    waiting = client.get(response.url).content.decode()
    assert "Rapport au comité (PDF)" in waiting and "En attente du worker" in waiting

    assert worker.run(batch=True) == 0

    job.refresh_from_db()
    name = f"rapport-comite-{file.editor.organisation.pk}-2024.pdf"
    assert job.status == "done" and job.result_name == name
    assert f"Télécharger {name}" in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert f'filename="{name}"' in download["Content-Disposition"]
    made = _pages(b"".join(download.streaming_content))
    direct = _pages(client.get(reverse("annexes_committee_pdf", args=[file.pk])).content)
    # the same document as the direct download (one function): the same text, page for page,
    # « généré par » the user who asked, not the worker
    assert made == direct
    first = " ".join(made[0].split())
    assert "Télé Demo" in first and "Généré le <when> par cca" in first
    # the file's editor reads the committee report, not the CCA's job
    client.force_login(get_user_model().objects.get(username="tele.demo"))
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 403


def test_who_may_ask_for_the_committee_report(demo, login):
    file = _tele_2024()
    url = reverse("annexes_committee_pdf_job", args=[file.pk])
    editor = login("tele.demo")
    page = editor.get(reverse("obligation_detail", args=[file.pk])).content.decode()
    assert f'action="{url}"' in page
    job_page = editor.post(url, follow=True)
    job = Job.objects.get()
    assert job.created_by.username == "tele.demo" and job.status == "done"
    assert "Télécharger rapport-comite-" in job_page.content.decode()
    text = " ".join(" ".join(_pages(b"".join(editor.get(
        reverse("job_download", args=[job.pk])).streaming_content))).split())
    assert "Télé Demo" in text and "par tele.demo" in text
    # another editor reads neither the file nor its committee report
    assert login("streamflix").post(url).status_code == 403
    assert Job.objects.count() == 1
    # asked for by POST only
    assert login("csa").get(url).status_code == 405
