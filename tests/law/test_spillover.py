import datetime as dt
from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.law.spillover import SpilloverExpense as E, add_years, assess_spillover

SIGNED = dt.date(2024, 3, 1)


def assess(expenses, as_of=dt.date(2025, 1, 1), amount="100000"):
    return assess_spillover(D(amount), expenses, contract_date=SIGNED, as_of=as_of)


def test_territory_french_language_region_and_brussels_count_others_do_not():
    result = assess([E(D("10000"), postal_code="4000"),            # Liège
                     E(D("10000"), postal_code="1050"),            # Ixelles
                     E(D("10000"), postal_code="7780"),            # Comines-Warneton
                     E(D("10000"), postal_code="4700"),            # Eupen: German area
                     E(D("10000"), postal_code="3790"),            # Voeren: Flemish
                     E(D("10000"), postal_code="9000", operating_postal_code="1300")])  # Wavre
    assert result.counted == D("40000.00")
    assert result.excluded == D("20000.00")


def test_overhead_7_percent_and_producer_fee_10_percent_caps():
    result = assess([E(D("80000"), postal_code="4000"),
                     E(D("9000"), "overhead", postal_code="4000"),
                     E(D("12000"), "producer_fee", postal_code="4000"),
                     E(D("5000"), "salary", postal_code="4000")])
    assert result.counted == D("102000.00")   # 80 000 + 7 000 + 10 000 + 5 000
    assert result.status == "complete"
    assert result.excluded == D("4000.00")


def test_invoice_missing_a_mandatory_field_does_not_count():
    result = assess([E(D("50000"), postal_code="4000", missing_fields=("vat_rate",))])
    assert result.counted == 0
    with pytest.raises(InputError):
        assess([E(D("1"), postal_code="4000", missing_fields=("colour",))])


def test_three_years_after_the_contract_nothing_shown_cancels_part_shown_reduces():
    assert assess([], as_of=dt.date(2027, 3, 1)).status == "in_progress"
    cancelled = assess([], as_of=dt.date(2027, 3, 2))
    assert (cancelled.status, cancelled.countable_investment) == ("cancelled", 0)
    reduced = assess([E(D("60000"), postal_code="4000")], as_of=dt.date(2027, 3, 2))
    assert (reduced.status, reduced.countable_investment) == ("reduced", D("60000.00"))
    assert reduced.progress == D("0.6000")


def test_deadline_of_a_29_february_contract():
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)


def test_unknown_postal_code_is_an_error_not_a_guess():
    with pytest.raises(InputError):
        assess([E(D("1"), postal_code="9999")])
