"""Download the annex workbooks and the committee PDF (also prepared by the worker, a job);
import the workbooks back.

Who: `permissions.can_export_obligation_documents` (the file's editor, CSA, CCA) downloads;
`permissions.can_import_obligation_documents` (the file's editor only) imports. An import is all
or nothing; a rejected one shows every error (file, row, column, what was expected) and stores
nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from montage.errors import InputError
from montage.web import permissions
from montage.web.contribution.models import ObligationYear
from montage.web.core import problems, uploads
from montage.web.core.templatetags.montage import current_lang
from montage.web.annexes import committee, formulaire, proofs, recap
from montage.web.annexes.forms import DOCUMENTS, ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(request, pk: int) -> ObligationYear:
    obligation = get_object_or_404(
        ObligationYear.objects.select_related("editor__organisation"), pk=pk)
    permissions.require(permissions.can_export_obligation_documents(request.user, obligation))
    return obligation


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def formulaire_ca(request, pk: int):
    obligation = _file(request, pk)
    return _download(formulaire.export(obligation, request.user),
                     formulaire.file_name(obligation), XLSX)


@login_required
@require_GET
def recap_invest(request, pk: int):
    obligation = _file(request, pk)
    return _download(recap.export(obligation, request.user, current_lang()),
                     recap.file_name(obligation), XLSX)


@login_required
@require_GET
def preuves_invest(request, pk: int):
    obligation = _file(request, pk)
    return _download(proofs.export(obligation, request.user, current_lang()),
                     proofs.file_name(obligation), XLSX)


@login_required
@require_GET
def committee_pdf(request, pk: int):
    obligation = _file(request, pk)
    lang = current_lang()
    data = committee.committee_data(obligation, request.user, lang)
    return _download(committee.render_pdf(data, lang), committee.file_name(obligation),
                     "application/pdf")


@require_POST
@login_required
def committee_pdf_job(request, pk: int):
    """The same PDF prepared by the worker (annexes/jobs.py): the user follows it on the job's
    page and downloads it there when it is ready."""
    from montage.web.annexes import jobs

    job = jobs.enqueue_committee_report(request.user, _file(request, pk), current_lang())
    return redirect("job_detail", job.pk)


IMPORTERS = {"formulaire_ca": lambda data, name, file, user, lang:
             formulaire.import_file(data, name, file, user),
             "recap_invest": lambda data, name, file, user, lang:
             recap.import_file(data, name, file, user),
             "preuves_invest": lambda data, name, file, user, lang:
             proofs.import_file(data, name, file, user, lang)}


@login_required
@require_http_methods(["GET", "POST"])
def documents(request, pk: int):
    """The file's documents: download links for all who may read, import forms for its editor."""
    obligation = _file(request, pk)
    can_import = permissions.can_import_obligation_documents(request.user, obligation)
    context = {"file": obligation, "can_import": can_import, "documents": DOCUMENTS,
               "form": ImportForm(), "errors": [], "result": None, "imported": None}
    status = 200
    if request.method == "POST":
        permissions.require(can_import)
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            document = form.cleaned_data["document"]
            context["imported"] = dict(DOCUMENTS)[document]
            try:
                context["result"] = IMPORTERS[document](uploads.read(upload), upload.name,
                                                        obligation, request.user, current_lang())
            except InputError as rejected:
                context["errors"] = problems.lines(rejected)
                status = 400
        else:
            status = 400
    return render(request, "annexes/documents.html", context, status=status)
