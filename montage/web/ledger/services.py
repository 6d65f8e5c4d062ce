"""The ledger's one writer for a line entered by hand and for a saved column mapping: the page
(and any later channel) validates the form, then asks here. A line's write keeps the running
totals (montage.web.ledger.buckets) in step in the same transaction: the line out with its old
values, back in with its new ones. Imports write their lines in batches through
montage/web/ledger/imports.py (all or nothing, the same buckets); the supplier registry's writes
are montage/web/ledger/suppliers.py.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from montage.errors import InputError
from montage.money import format_money

from montage.money import ZERO
from montage.web.core import problems
from montage.web.ledger import buckets
from montage.web.ledger.credits import credited, net
from montage.web.ledger.models import ColumnMapping, Expense
from montage.web.ledger.suppliers import ledger_rows
from montage.web.production.models import Project
from montage.web.registry.audit import record_decision
from montage.web.registry.services import Refused


def format_date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


DUPLICATE_FIELDS = ("supplier", "number", "date", "amount_excl_vat")


def likely_duplicates(project: Project, expense: Expense):
    """The project's other invoices `expense` likely repeats: the same supplier and number, or
    the same supplier, date and amount (an invoice typed by hand on top of an import)."""
    if expense.kind not in (Expense.Kind.INVOICE, Expense.Kind.CREDIT_NOTE) \
            or expense.supplier_id is None:
        return Expense.objects.none()
    same = Q(date=expense.date, amount_excl_vat=expense.amount_excl_vat)
    if expense.number:
        same |= Q(number__iexact=expense.number.strip())
    # of its own kind: a credit note is no duplicate of the invoice it credits
    return (Expense.objects.filter(project=project, kind=expense.kind,
                                   supplier_id=expense.supplier_id).filter(same)
            .exclude(pk=expense.pk).order_by("date", "pk"))


def save_expense(project: Project, expense: Expense, changed: list[str] | None = None,
                 duplicate_reason: str = "", credits: str | None = None) -> Expense:
    """Create `expense` (no pk yet) or save its changes (`changed`: the fields the user changed,
    for the history), with the project's buckets. A likely duplicate (`likely_duplicates`) is
    refused on `duplicate_reason` unless the user gives the reason it is not one; the reason
    goes in the line's history.

    A credit note (kind credit note; its amount, entered either way, is stored negative) is
    netted (montage.web.ledger.credits) against the invoice numbered `credits` (default: the
    one it names already), or without one against the supplier's month; refused on the field
    named when it cannot be. An invoice keeps at least what its credit notes take off it."""
    if expense.kind == Expense.Kind.CREDIT_NOTE and expense.amount_excl_vat is not None:
        expense.amount_excl_vat = -abs(expense.amount_excl_vat)
    if credits is None and expense.credits_id:
        credits = expense.credits.number
    creating = expense.pk is None
    checked = creating or set(changed or ()) & set(DUPLICATE_FIELDS)
    repeated = likely_duplicates(project, expense).first() if checked else None
    if repeated is not None and not duplicate_reason.strip():
        raise Refused(errors={"duplicate_reason": _(
            "Likely a duplicate of %(line)s (the same supplier and number, or the same "
            "supplier, date and amount). Check that line; if this one is another invoice, say "
            "why here.") % {"line": _("%(number)s of %(date)s, %(amount)s") % {
                "number": repeated.number or "—", "date": format_date(repeated.date),
                "amount": format_money(repeated.amount_excl_vat, get_language() or "fr")}}})
    with transaction.atomic():
        # old values, for the buckets: the line and the credit notes counted with it
        moved = Q(pk=expense.pk) | Q(allocations__invoice_id=expense.pk, cancelled_at=None)
        before = [] if creating else ledger_rows(moved)
        expense.save()
        if expense.kind == Expense.Kind.CREDIT_NOTE:
            try:
                net(project, expense, credits or "")
            except InputError as refusal:
                raise Refused(errors={refusal.problems[0].column: problems.message(refusal)}
                              ) from None
        else:
            taken = credited(invoices=[expense.pk]).get(expense.pk, ZERO)
            if taken and expense.amount_excl_vat - expense.manager_services < taken:
                raise Refused(errors={"amount_excl_vat": _(
                    "At least %(amount)s: its credit notes take that much off it (change or "
                    "cancel them first).") % {"amount": format_money(
                        taken + expense.manager_services, get_language() or "fr")}})
        if creating:
            buckets.record_expenses(project, [expense])
        else:
            record_decision(expense, "expense updated", ", ".join(changed or []))
            buckets.remove_expenses(project, before)
            buckets.record_expenses(project, ledger_rows(moved))
        if repeated is not None:
            record_decision(expense, "likely duplicate kept", duplicate_reason.strip())
    return expense


def cancel_expense(project: Project, expense: Expense, user, reason: str) -> Expense:
    """Cancel a line: it leaves every total (its buckets go, the default manager no longer reads
    it) and stays visible with who, when and why. Refused without a reason, or twice."""
    reason = (reason or "").strip()
    if expense.cancelled_at is not None:
        raise Refused(_("This line was cancelled already."))
    if not reason:
        raise Refused(errors={"reason": _("Say why the line is cancelled: the reason stays in "
                                          "its history.")})
    # an invoice's credit notes count with it: they are cancelled first, by their own choice
    notes = sorted({note.number or str(note.pk) for note in Expense.objects.filter(
        allocations__invoice_id=expense.pk)})
    if notes:
        raise Refused(_("Credit notes take something off this invoice line (%(notes)s): "
                        "cancel them first.") % {"notes": ", ".join(notes)})
    with transaction.atomic():
        buckets.remove_expenses(project, ledger_rows(pk=expense.pk))
        expense.cancelled_at, expense.cancelled_by, expense.cancel_reason = (
            timezone.now(), user if user is not None and user.pk else None, reason[:300])
        expense.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        record_decision(expense, "expense cancelled", reason[:300])
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
