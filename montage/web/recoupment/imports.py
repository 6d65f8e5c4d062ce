"""A distributor's or sales agent's statement (.csv or .xlsx) imported as a work's receipts.

The rows are read and checked by montage.finance.receipt_rows (all or nothing, every problem
named by file, row, column, what was expected and what was got); they are then written by the
receipt form's own writer, `services.record_receipts` (one transaction). Idempotent: each receipt
keeps the file's sha256 and its row; the same file again adds nothing and says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from montage.errors import InputError
from montage.finance import receipt_rows
from montage.web.production.models import Project
from montage.web.recoupment import services
from montage.web.recoupment.models import Receipt
from montage.web.registry.audit import record_decision

MAX_BYTES = 5 << 20


@dataclass(frozen=True)
class Imported:
    receipts: list[Receipt]
    already: bool  # the same file was imported before: nothing added


def import_statement(project: Project, data: bytes, file_name: str) -> Imported:
    """The file's receipts on `project`; raises InputError (nothing written) or Refused."""
    if len(data) > MAX_BYTES:
        raise InputError("the file is too large for a statement: split it", file=file_name)
    digest = hashlib.sha256(data).hexdigest()
    before = list(Receipt.all_objects.filter(project=project, imported_from=digest))
    if before:
        return Imported(before, True)
    rows = receipt_rows.read(data, file_name)
    receipts = services.record_receipts(project, [
        Receipt(imported_from=digest, imported_row=number, **fields) for number, fields in rows])
    record_decision(project, "receipts imported", f"{file_name} ({len(receipts)})")
    return Imported(receipts, False)
