"""One reader of the numbers Belgians type (montage.money.parse_belgian_number), used by every
form, import and API text field: what it accepts, what it refuses, and the ambiguous "1.234"
refused with both readings, never guessed."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from montage.errors import InputError
from montage.money import parse_belgian_number, parse_belgian_rate


@pytest.mark.parametrize("text,value", [
    ("1 234 567,89", "1234567.89"), ("1.234.567,89 €", "1234567.89"),
    ("1234567.89", "1234567.89"), ("12\u202f160,00\xa0€", "12160.00"), ("12 EUR", "12"),
    ("-5,5", "-5.5"), ("0,21", "0.21"),
    # what Belgian professionals type (issue: "800.000" was saved as 800,00 €)
    ("1.234,56", "1234.56"), ("1 234,56", "1234.56"), ("1234,56", "1234.56"),
    ("800.000", "800000"), ("56.200.000", "56200000"), ("25.000", "25000"),
    ("1,234", "1.234"), ("1234.5", "1234.5"), ("0.500", "0.500"), ("1234.567", "1234.567")])
def test_belgian_text_is_read_exactly(text, value):
    assert parse_belgian_number(text) == D(value)


@pytest.mark.parametrize("text", ["", "abc", "1e5", "NaN", "1,2,3", "+5", "12 ½", "1.23.4",
                                  "1..2", ",5", "5,", "1.234.5,6"])
def test_anything_else_is_refused(text):
    with pytest.raises(InputError):
        parse_belgian_number(text)


@pytest.mark.parametrize("text,grouped,decimal", [("1.234", "1\u202f234", "1,234"),
                                                  ("12.500", "12\u202f500", "12,500")])
def test_a_dot_before_three_digits_is_refused_with_both_readings(text, grouped, decimal):
    with pytest.raises(InputError) as refused:
        parse_belgian_number(text)
    message = refused.value.message
    assert message == f"{text}: {grouped} or {decimal}? write {text},00 or {decimal}"


@pytest.mark.parametrize("text,rate", [("12 %", "0.12"), ("12,5 %", "0.125"), ("180 %", "1.8"),
                                       ("21", "0.21"), ("6%", "0.06")])
def test_a_rate_with_its_sign_is_a_percentage_wherever_it_is_typed(text, rate):
    assert parse_belgian_rate(text) == D(rate)
    assert parse_belgian_rate("0,21", percent=False) == D("0.21")


def _belgian(amount: D, group: str, mark: str) -> str:
    whole, _, cents = f"{amount:.2f}".partition(".")
    digits = whole.lstrip("-")
    groups = [digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)][::-1]
    return ("-" if amount < 0 else "") + group.join(groups) + mark + cents


@given(st.decimals(min_value=D("-1e11"), max_value=D("1e11"), places=2,
                   allow_nan=False, allow_infinity=False),
       st.sampled_from([(".", ","), (" ", ","), ("\u202f", ","), ("", ","), ("", "."),
                        (",", ".")]))
def test_every_amount_written_with_its_cents_reads_back_exactly(amount, marks):
    group, mark = marks
    assert parse_belgian_number(_belgian(amount, group, mark)) == amount
