"""A job's page (progress, then its result or its problems), its progress poll, its download,
its retry, and the list of the user's jobs. Who: permissions.can_view_job (403 otherwise)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from montage.errors import InputError
from montage.web import permissions
from montage.web.core import problems
from montage.web.jobs import services
from montage.web.jobs.models import Job

CONTENT_TYPES = {".pdf": "application/pdf",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _job(request, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    permissions.require(permissions.can_view_job(request.user, job))
    return job


@login_required
def job_list(request):
    jobs = [job for job in Job.objects.filter(created_by=request.user)[:100]
            if permissions.can_view_job(request.user, job)]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk: int, errors=None, status: int = 200):
    job = _job(request, pk)
    return render(request, "jobs/job_detail.html", {
        "job": job, "progress": services.progress_payload(job),
        "errors": problems.stored_rows(job.errors or []) if errors is None else errors,
        "can_retry": job.status == Job.Status.FAILED,
    }, status=status)


@require_GET
@login_required
def job_progress(request, pk: int):
    return JsonResponse(services.progress_payload(_job(request, pk)))


@require_GET
@login_required
def job_download(request, pk: int):
    job = _job(request, pk)
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    try:
        stored = default_storage.open(job.result.name, "rb")
    except OSError:
        raise Http404 from None
    suffix = job.result_name[job.result_name.rfind("."):].lower()
    return FileResponse(stored, as_attachment=True, filename=job.result_name,
                        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"))


@require_POST
@login_required
def job_retry(request, pk: int):
    job = _job(request, pk)
    try:
        again = services.retry(job, request.user)
    except InputError as error:
        return job_detail(request, pk, status=400, errors=problems.stored_rows(
            [p.as_dict() for p in error.problems]))
    return redirect("job_detail", again.pk)
