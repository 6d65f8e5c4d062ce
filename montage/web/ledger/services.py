"""The ledger's one writer for a line entered by hand and for a saved column mapping: the page
(and any later channel) validates the form, then asks here. A line's write keeps the running
totals (montage.web.ledger.buckets) in step in the same transaction: the line out with its old
values, back in with its new ones. Imports write their lines in batches through
montage/web/ledger/imports.py (all or nothing, the same buckets); the supplier registry's writes
are montage/web/ledger/suppliers.py.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from montage.web.ledger import buckets
from montage.web.ledger.models import ColumnMapping, Expense
from montage.web.ledger.suppliers import ledger_rows
from montage.web.production.models import Project
from montage.web.registry.audit import record_decision
from montage.web.registry.services import Refused


def save_expense(project: Project, expense: Expense, changed: list[str] | None = None
                 ) -> Expense:
    """Create `expense` (no pk yet) or save its changes (`changed`: the fields the user changed,
    for the history), with the project's buckets."""
    creating = expense.pk is None
    with transaction.atomic():
        before = [] if creating else ledger_rows(pk=expense.pk)  # old values, for the buckets
        expense.save()
        if creating:
            buckets.record_expenses(project, [expense])
        else:
            record_decision(expense, "expense updated", ", ".join(changed or []))
            buckets.remove_expenses(project, before)
            buckets.record_expenses(project, ledger_rows(pk=expense.pk))
    return expense


def save_mapping(owner, mapping: ColumnMapping | None, name: str, date_format: str,
                 columns: dict) -> ColumnMapping:
    """A producer's named column mapping (new when `mapping` is None); names are unique per
    producer."""
    clash = ColumnMapping.objects.filter(owner=owner, name=name)
    if mapping is not None:
        clash = clash.exclude(pk=mapping.pk)
    if clash.exists():
        raise Refused(errors={"name": _("A mapping of this name exists already.")})
    mapping = mapping or ColumnMapping(owner=owner)
    mapping.name, mapping.date_format, mapping.columns = name, date_format, columns
    mapping.save()
    return mapping
