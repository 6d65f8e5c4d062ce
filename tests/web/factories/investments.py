"""Investments of an editor's file (montage.web.investments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.web.investments.models import Investment

from . import registry


def investment(file, category: str = "coproduction", amount: str = "100000.00", work=None,
               **fields) -> Investment:
    work = work or registry.work(producer=registry.company())
    fields.setdefault("document_date", dt.date(file.year, 3, 1))
    return Investment.objects.create(editor=file.editor, obligation=file, category=category,
                                     work=work, producer=fields.pop("producer", work.producer),
                                     amount=Decimal(amount), **fields)
