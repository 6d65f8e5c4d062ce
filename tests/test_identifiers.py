"""Enterprise numbers, VAT numbers and IBANs: valid ones pass in canonical form, typos are caught."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from montage.errors import InputError
from montage.identifiers import enterprise_number, iban, vat_number


@pytest.mark.parametrize("text", [
    "0403170701", "0403.170.701", "BE0403170701", "BE 0403.170.701", "403170701", " 0403 170 701 ",
])
def test_enterprise_number_valid(text):
    assert enterprise_number(text) == "0403.170.701"


def test_enterprise_number_starting_with_1():
    # Numbers from 1 onwards are issued once the 0 range runs out: 1000000000 + check
    assert enterprise_number("1000000021") == "1000.000.021"


@pytest.mark.parametrize("text, reason", [
    ("BE0123456789", "check digits"),
    ("0403.170.702", "check digits"),
    ("12345", "expected 10 digits, e.g. 0403.170.701"),
    ("04031707OI", "expected digits, e.g. 0403.170.701"),
    ("2403170701", "it must start with 0 or 1"),
])
def test_enterprise_number_invalid(text, reason):
    with pytest.raises(InputError) as error:
        enterprise_number(text)
    assert error.value.field == "enterprise_number"
    assert error.value.message == f"{text} is not a valid Belgian enterprise number ({reason})"


def test_enterprise_number_error_message_as_rendered():
    with pytest.raises(InputError) as error:
        enterprise_number("BE0123456789", field="supplier.enterprise_number")
    assert str(error.value) == (
        "supplier.enterprise_number: BE0123456789 is not a valid Belgian enterprise number "
        "(check digits)")


@pytest.mark.parametrize("text, expected", [
    ("BE0403170701", "BE0403170701"),
    ("be 0403.170.701", "BE0403170701"),
    ("FR40303265045", "FR40303265045"),
    ("FR 40 303 265 045", "FR40303265045"),
    ("NL004495445B01", "NL004495445B01"),
    ("DE136695976", "DE136695976"),
])
def test_vat_number_valid(text, expected):
    assert vat_number(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("BE0403170702", "check digits"),
    ("FR41303265045", "check digits"),
    ("0403170701", "expected an EU country prefix, e.g. BE0403170701 or FR40303265045"),
    ("US0403170701", "expected an EU country prefix, e.g. BE0403170701 or FR40303265045"),
    ("BE04031707", "wrong length for its country"),
])
def test_vat_number_invalid(text, reason):
    with pytest.raises(InputError) as error:
        vat_number(text)
    assert error.value.field == "vat_number"
    assert error.value.message == f"{text} is not a valid EU VAT number ({reason})"


@pytest.mark.parametrize("text, expected", [
    ("BE48 0011 2345 6727", "BE48001123456727"),
    ("be48001123456727", "BE48001123456727"),
    ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
])
def test_iban_valid(text, expected):
    assert iban(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("BE49001123456727", "check digits"),          # IBAN check digits
    ("BE21001123456728", "check digits"),          # Belgian account check digits
    ("BE68539007547034", "unknown country or bank code"),  # textbook example, no bank 539
    ("DE89370400440532013000X", "check digits"),
])
def test_iban_invalid(text, reason):
    with pytest.raises(InputError) as error:
        iban(text)
    assert error.value.field == "iban"
    assert error.value.message == f"{text} is not a valid IBAN ({reason})"


@pytest.mark.parametrize("check", [enterprise_number, vat_number, iban])
@pytest.mark.parametrize("text", ["", "   ", None, 403170701])
def test_empty_or_not_text(check, text):
    with pytest.raises(InputError):
        check(text)


@pytest.mark.parametrize("check", [enterprise_number, vat_number, iban])
@given(text=st.text(max_size=40))
def test_any_text_passes_or_raises_input_error(check, text):
    try:
        assert isinstance(check(text), str)
    except InputError:
        pass
