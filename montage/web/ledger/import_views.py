"""Ledger imports (docs/web-ledger.md, "Imports"): upload a .csv/.xlsx export with a saved
column mapping, or a Peppol UBL e-invoice; follow its progress; read its errors.

Reading is for whoever may view the project (permissions.can_view_project), uploading and
editing mappings for whoever may edit it (permissions.can_edit_project): the producer managers
of the project's owner organisation.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from montage.errors import InputError
from montage.finance import ledger_rows
from montage.web import permissions
from montage.web.core import problems, uploads
from montage.web.ledger.models import ColumnMapping, LedgerImport
from montage.web.production.models import Project
from montage.web.ledger import imports, jobs, services
from montage.web.registry.services import Refused

def _project(request, project_pk: int, *, edit: bool = False) -> Project:
    project = get_object_or_404(Project.objects.select_related("work", "owner",
                                                               "owner__company"),
                                pk=project_pk)
    permissions.require(permissions.can_edit_project(request.user, project) if edit
                        else permissions.can_view_project(request.user, project))
    return project


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.csv, .xlsx or Peppol UBL .xml)"))
    mapping = forms.ModelChoiceField(queryset=ColumnMapping.objects.none(), required=False,
                                     label=gettext_lazy("Column mapping (spreadsheets)"))

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = ColumnMapping.objects.filter(owner=owner)
        self.fields["mapping"].label_from_instance = lambda mapping: mapping.name

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        try:
            content = uploads.read(upload)
            file_format = imports.detect_format(upload.name, content)
        except InputError as error:
            raise forms.ValidationError(problems.lines(error)) from None
        if file_format != LedgerImport.Format.UBL and not data.get("mapping"):
            self.add_error("mapping", _("A spreadsheet needs a column mapping: choose one or "
                                        "create one from the file's headers."))
        data["content"] = content
        return data


class MappingForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    date_format = forms.ChoiceField(label=gettext_lazy("Dates are written"), choices=[
        ("%d/%m/%Y", "31/12/2025"), ("%d-%m-%Y", "31-12-2025"), ("%d.%m.%Y", "31.12.2025"),
        ("%Y-%m-%d", "2025-12-31"), ("%d/%m/%y", "31/12/25")])
    sample = forms.FileField(label=gettext_lazy("Sample file (to read its column headers)"),
                             required=False)

    def __init__(self, *args, headers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        for name, (label, required) in ledger_rows.FIELDS.items():
            self.fields[f"col_{name}"] = forms.CharField(
                label=gettext_lazy(label), required=False, max_length=200,
                widget=forms.TextInput(attrs={"list": "headers"}))

    def mapping_columns(self) -> dict:
        return {name: self.cleaned_data.get(f"col_{name}", "").strip()
                for name in ledger_rows.FIELDS if self.cleaned_data.get(f"col_{name}", "").strip()}

    def clean(self):
        data = super().clean()
        columns = {name: (data.get(f"col_{name}") or "").strip()
                   for name in ledger_rows.FIELDS}
        try:
            ledger_rows.Mapping({k: v for k, v in columns.items() if v},
                                data.get("date_format") or "%d/%m/%Y")
        except InputError as error:
            raise forms.ValidationError(problems.message(error)) from None
        if self.headers:
            for name, header in columns.items():
                if header and header not in self.headers:
                    self.add_error(f"col_{name}", _("This file has no column “%(header)s”.")
                                   % {"header": header})
        return data


@login_required
def import_list(request, project_pk: int):
    project = _project(request, project_pk)
    can_edit = permissions.can_edit_project(request.user, project)
    form = UploadForm(owner=project.owner)
    if request.method == "POST":
        permissions.require(can_edit)
        form = UploadForm(request.POST, request.FILES, owner=project.owner)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = imports.start_import(project, upload.name, form.cleaned_data["content"],
                                              mapping=form.cleaned_data.get("mapping"),
                                              user=request.user)
            except InputError as error:
                form.add_error("file", problems.lines(error))
            else:
                jobs.enqueue(record, form.cleaned_data["content"])
                return redirect("ledger_import", project.pk, record.pk)
    return render(request, "ledger/import_list.html", {
        "project": project, "form": form, "can_edit": can_edit,
        "imports": project.imports.select_related("mapping", "created_by")[:100],
        "mappings": ColumnMapping.objects.filter(owner=project.owner),
    })


@login_required
def import_detail(request, project_pk: int, pk: int):
    project = _project(request, project_pk)
    record = get_object_or_404(LedgerImport.objects.select_related("duplicate_of"),
                               project=project, pk=pk)
    return render(request, "ledger/import_detail.html", {
        "project": project, "record": record, "progress": imports.progress_payload(record),
        "errors": problems.stored_rows(record.errors or []),
        "already_there": (already_there := imports.already_there_rows(record)),
        "already_there_others": record.lines_already_there - len(already_there),
        "can_retry": record.status == LedgerImport.Status.FAILED and bool(record.file)
        and permissions.can_edit_project(request.user, project),
    })


@require_POST
@login_required
def import_retry(request, project_pk: int, pk: int):
    """A failed import run again from its stored file, as a new import."""
    project = _project(request, project_pk, edit=True)
    record = get_object_or_404(LedgerImport, project=project, pk=pk)
    try:
        again = jobs.retry(record, user=request.user)
    except InputError as error:
        return render(request, "ledger/import_detail.html", {
            "project": project, "record": record,
            "progress": imports.progress_payload(record),
            "errors": problems.stored_rows([p.as_dict() for p in error.problems]),
        }, status=400)
    return redirect("ledger_import", project.pk, again.pk)


@require_GET
@login_required
def import_progress(request, project_pk: int, pk: int):
    project = _project(request, project_pk)
    record = get_object_or_404(LedgerImport, project=project, pk=pk)
    return JsonResponse(imports.progress_payload(record))


@login_required
def mapping_edit(request, project_pk: int, pk: int | None = None):
    project = _project(request, project_pk, edit=True)
    mapping = get_object_or_404(ColumnMapping, owner=project.owner, pk=pk) if pk else None
    headers: list[str] = []
    if request.method == "POST":
        sample = request.FILES.get("sample")
        if sample is not None:
            try:
                content = uploads.read(sample)
                uploads.check_workbook(sample.name, content)
                headers = ledger_rows.headers_of(content, sample.name)
            except InputError as error:
                form = MappingForm(request.POST, request.FILES)
                form.is_valid()
                form.add_error("sample", problems.lines(error))
                return _mapping_page(request, project, mapping, form, [])
        if request.POST.get("action") == "headers":
            initial = {"name": request.POST.get("name", ""),
                       "date_format": request.POST.get("date_format", "%d/%m/%Y")}
            columns = {k[4:]: v for k, v in request.POST.items() if k.startswith("col_") and v}
            for name, header in (columns or ledger_rows.guess_mapping(headers)).items():
                initial[f"col_{name}"] = header
            return _mapping_page(request, project, mapping, MappingForm(initial=initial),
                                 headers)
        form = MappingForm(request.POST, request.FILES, headers=headers)
        if form.is_valid():
            try:
                services.save_mapping(project.owner, mapping, form.cleaned_data["name"],
                                      form.cleaned_data["date_format"], form.mapping_columns())
                return redirect("ledger_imports", project.pk)
            except Refused as refusal:
                for field, message in refusal.errors.items():
                    form.add_error(field, message)
        return _mapping_page(request, project, mapping, form, headers)
    initial = {}
    if mapping is not None:
        initial = {"name": mapping.name, "date_format": mapping.date_format}
        initial.update({f"col_{k}": v for k, v in (mapping.columns or {}).items()})
        headers = [v for v in (mapping.columns or {}).values() if v]
    return _mapping_page(request, project, mapping, MappingForm(initial=initial), headers)


def _mapping_page(request, project, mapping, form, headers):
    field_rows = [(form[f"col_{name}"], required)
                  for name, (label, required) in ledger_rows.FIELDS.items()]
    return render(request, "ledger/import_mapping.html", {
        "project": project, "mapping": mapping, "form": form, "headers": headers,
        "field_rows": field_rows})
