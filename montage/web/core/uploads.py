"""Bounded inputs (docs/web.md, "Limits"): the one size check of every uploaded file and the one
check of every workbook before it is parsed, with the limits of the settings."""

from __future__ import annotations

from django import forms
from django.conf import settings

from montage.errors import InputError, Problem
from montage.workbooks import Limits, check_xlsx, megabytes
from montage.web.core import problems

TOO_LARGE = "the file weighs %(size)s MB, more than the limit of %(limit)s MB"


def check_size(upload, file_name: str | None = None) -> None:
    """Refuse a file above MONTAGE_UPLOAD_MAX_BYTES (Django has already spooled it to disk)."""
    limit = settings.MONTAGE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise InputError.of([Problem(TOO_LARGE, file=file_name or upload.name,
                                     params={"size": megabytes(upload.size),
                                             "limit": megabytes(limit)})])


def read(upload) -> bytes:
    """The uploaded file's bytes, once its size is checked."""
    check_size(upload)
    return upload.read()


def validate_size(upload) -> None:
    """check_size as a form field's validator."""
    try:
        check_size(upload)
    except InputError as error:
        raise forms.ValidationError(problems.lines(error)) from None


def check_workbook(file_name: str, data) -> None:
    """Refuse a workbook (any zip archive, whatever its name) that would unpack too large,
    before any parser opens it; other files pass (their reader checks them)."""
    check_xlsx(data, file_name, Limits(unpacked_bytes=settings.MONTAGE_XLSX_MAX_UNPACKED_BYTES,
                                       ratio=settings.MONTAGE_XLSX_MAX_RATIO,
                                       rows=settings.MONTAGE_XLSX_MAX_ROWS))
