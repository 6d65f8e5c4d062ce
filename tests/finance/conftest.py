import datetime as dt
from decimal import Decimal as D

import pytest

from montage.finance.expenses import Expense, Supplier

PRODUCER_BXL = Supplier("Prod Bruxelles SRL", "1060", "1060", audiovisual_activity=True)
PRODUCER_LIEGE = Supplier("Prod Liège SRL", "4000", audiovisual_activity=True)


def supplier(code, operating=None, name=None, country="BE", av=True):
    return Supplier(name or f"Supplier {code}", code, operating, country, av)


def expense(id, amount, code="4000", operating=None, date=dt.date(2025, 6, 2), *,
            country="BE", av=True, name=None, **kw):
    return Expense(id=id, amount=D(amount), date=date,
                   supplier=supplier(code, operating, name, country, av),
                   category=kw.pop("category", "30"), **kw)


@pytest.fixture
def make():
    return expense
