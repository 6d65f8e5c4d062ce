"""Credit notes are netted against what they credit, never refused (docs/web-ledger.md, "Credit
notes"). The one definition of how: a credit note is a line of its own (negative amount); its
`CreditAllocation` rows say which invoice lines it takes how much off. Every total reads the
invoices so reduced (`credited`, the buckets through the allocations), so every financier's rule
sees an invoice of 1 000 € credited of 200 € as an invoice of 800 €, with its own date,
classification and seat.

- A credit note naming an invoice (its number) is taken off that invoice's lines of the same
  supplier in the project, in (date, id) order, each down to zero.
- Without a reference, off the supplier's invoice lines of the credit note's month, in the same
  order: the supplier's total of the month is reduced, each part with its invoice's facts.
- A line's room is its amount less the manager's own services (the part a credit leaves last:
  it stays ≤ the line, as the rules ask) less what credit notes in force took already. A credit
  note larger than the room, naming an invoice not in the project, or naming a payroll line is
  refused (an `InputError` built by `credit_refused`: the field, what was expected, what was
  got).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from montage.errors import InputError, Problem
from montage.money import ZERO
from montage.web.ledger.models import CreditAllocation, Expense

NOTE = Expense.Kind.CREDIT_NOTE


def credit_refused(field: str, expected: str, got=None, params: dict | None = None) -> InputError:
    """A credit note that cannot be netted, as the one problem type: `expected` is an English
    msgid of the ledger's catalogue with %(name)s filled from `params` once translated; the
    problem's column is the ledger field (the import names the file's column instead)."""
    return InputError.of([Problem(column=field, expected=expected, got=got, params=params)])


def credited(project=None, invoices=None) -> dict[int, Decimal]:
    """Invoice line id → what the credit notes in force take off it (summed here in Decimal:
    SQLite would add the amounts as floating-point numbers)."""
    rows = CreditAllocation.objects.filter(note__cancelled_at__isnull=True)
    if project is not None:
        rows = rows.filter(note__project=project)
    if invoices is not None:
        rows = rows.filter(invoice_id__in=list(invoices))
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for invoice_id, amount in rows.values_list("invoice_id", "amount"):
        totals[invoice_id] += amount
    return totals


def net(project, note: Expense, reference: str = "") -> list[CreditAllocation]:
    """Allocate a saved credit note (its former allocations, if any, deleted first) and set
    the invoice it names (`credits`). Raises `InputError`; call it inside the transaction
    that saved the note, then record the note in the buckets."""
    reference = (reference or "").strip()
    amount = -note.amount_excl_vat
    if amount <= 0:
        raise credit_refused("amount", "a credit note's amount (not zero)",
                            str(note.amount_excl_vat))
    CreditAllocation.objects.filter(note=note).delete()
    lines = Expense.objects.filter(project=project, kind=Expense.Kind.INVOICE,
                                   supplier_id=note.supplier_id)
    if reference:
        lines = lines.filter(number__iexact=reference)
        if not lines.exists():
            payroll = Expense.objects.filter(project=project, kind=Expense.Kind.PAYROLL,
                                             number__iexact=reference).exists()
            if payroll:
                raise credit_refused("credits", "an invoice: a credit note cannot credit a "
                                    "payroll line", reference)
            raise credit_refused("credits", "an invoice of %(supplier)s in this project with "
                                "this number", reference,
                                {"supplier": note.supplier.name if note.supplier_id else "—"})
    else:
        lines = lines.filter(date__year=note.date.year, date__month=note.date.month)
    lines = list(lines.order_by("date", "pk"))
    taken = credited(invoices=[line.pk for line in lines])
    rooms = [(line, max(line.amount_excl_vat - line.manager_services - taken[line.pk], ZERO))
             for line in lines]
    room = sum((r for _, r in rooms), ZERO)
    if amount > room:
        if reference:
            raise credit_refused("amount", "a credit of at most %(room)s (what remains of "
                                "invoice %(invoice)s)", str(note.amount_excl_vat),
                                {"room": str(room), "invoice": reference})
        raise credit_refused("amount", "a credit of at most %(room)s (what remains of the "
                            "supplier's invoices of %(month)s; name the invoice it credits)",
                            str(note.amount_excl_vat),
                            {"room": str(room), "month": note.date.strftime("%m/%Y")})
    parts, left = [], amount
    for line, line_room in rooms:
        take = min(line_room, left)
        if take:
            parts.append(CreditAllocation(note=note, invoice=line, amount=take))
            left -= take
    CreditAllocation.objects.bulk_create(parts)
    note.credits = lines[0] if reference else None
    if not note.account_id:  # the budget reports read it: the account it reduces
        note.account_id = parts[0].invoice.account_id
    Expense.all_objects.filter(pk=note.pk).update(credits=note.credits, account=note.account_id)
    return parts


def credit_links(project, expenses) -> dict[int, list[dict]]:
    """For the ledger's pages: line id → the links to show. An invoice line: the credit notes
    in force taking something off it ({"note": …, "amount": negative}); a credit note: the
    invoice lines it is taken off ({"invoice": …, "amount": negative})."""
    ids = [expense.pk for expense in expenses]
    links: dict[int, list[dict]] = defaultdict(list)
    # looked up by the page's line ids (their indexes), the project checked here: a join on
    # the project would make the database walk the project's whole ledger
    rows = CreditAllocation.objects.select_related("note", "invoice")
    for part in rows.filter(invoice_id__in=ids, note__cancelled_at__isnull=True):
        if part.note.project_id == project.pk:
            links[part.invoice_id].append({"note": part.note, "amount": -part.amount})
    for part in rows.filter(note_id__in=ids):
        if part.note.project_id == project.pk:
            links[part.note_id].append({"invoice": part.invoice, "amount": -part.amount})
    return links
