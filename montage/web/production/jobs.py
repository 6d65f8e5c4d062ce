"""The budget import as a job of the queue (docs/web.md, "Jobs"): the page stores the file and
queues it; the worker parses it and writes the new version (services.import_budget, the one
writer), all or nothing; the job is done in the same transaction as the version."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from montage.errors import InputError
from montage.web.core.jobs import phase
from montage.web.jobs import services as jobs
from montage.web.jobs.models import Job
from montage.web.production import services
from montage.web.production.models import Project

STEPS = 2  # the file read and checked; the version written


def enqueue_budget_import(project: Project, user, file_name: str, data: bytes) -> Job:
    return jobs.enqueue(Job.Kind.BUDGET_IMPORT, user,
                        {"project": project.pk, "lang": translation.get_language() or "fr"},
                        file_name=file_name, data=data, steps=STEPS)


def run_budget_import(job: Job, progress) -> None:
    project = Project.objects.get(pk=job.params["project"])
    phase("read")
    try:
        with default_storage.open(job.file.name, "rb") as stored:
            data = stored.read()
    except (OSError, ValueError):
        raise InputError(jobs.NO_FILE, file=job.file_name) from None

    def read() -> None:
        progress(1)
        phase("write")

    def written(version) -> None:
        phase("commit")
        jobs.finish(job, jobs.Result(
            url=reverse("production_budget_version", args=[project.pk, version.number]),
            outcome={"lines": version.lines.count(), "version": version.number}))

    with translation.override(job.params.get("lang") or "fr"):
        phase("plan")
        services.import_budget(project, job.file_name, data, read=read, written=written)

