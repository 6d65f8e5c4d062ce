"""Expenses of a producer's ledger (montage.web.ledger)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.web.ledger.models import Expense

from . import registry


def expense(owner, amount: str = "1000.00", supplier=None, date: dt.date = dt.date(2025, 2, 1),
            kind: str = "invoice", **fields) -> Expense:
    supplier = supplier if supplier is not None or kind == "payroll" else registry.company()
    return Expense.objects.create(owner=owner, kind=kind, supplier=supplier, date=date,
                                  number=fields.pop("number", f"F-{Expense.objects.count() + 1}"),
                                  amount_excl_vat=Decimal(amount), **fields)
