from decimal import Decimal as D

import pytest

from montage.money import parse_belgian_number


@pytest.mark.parametrize("text,value", [
    ("1 234 567,89", "1234567.89"), ("1.234.567,89 €", "1234567.89"),
    ("1234567.89", "1234567.89"), ("12\u202f160,00\xa0€", "12160.00"), ("12 EUR", "12"),
    ("-5,5", "-5.5"), ("0,21", "0.21")])
def test_belgian_text_is_read_exactly(text, value):
    assert parse_belgian_number(text) == D(value)


@pytest.mark.parametrize("text", ["", "abc", "1e5", "NaN", "1,2,3", "+5", "12 ½"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_belgian_number(text)
