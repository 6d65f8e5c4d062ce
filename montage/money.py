"""The one money type: `decimal.Decimal` euros, exact end to end.

Amounts are read from text (or integers) only, never from floats, and rounded once, half-up to
the cent, at the end of a computation (`to_cents`). Rates are `Decimal` fractions ("0.0152").
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal, format_percent

from montage.errors import InputError

ZERO = Decimal("0")
CENT = Decimal("0.01")

LOCALES = {"fr": "fr_BE", "en": "en_IE", "nl": "nl_BE"}


def parse_amount(value: object, *, field: str, allow_negative: bool = False) -> Decimal:
    """Read an amount from a string, an int or a Decimal; refuse floats and bad text.

    "12160", "12160.00" and 12160 are accepted; "12 160,00" is not (the scripting contract uses a
    dot as decimal separator) and neither is a float, whose binary value is not the amount typed.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise InputError(f"expected an amount as a string like \"1234.56\", got {value!r}",
                         field=field)
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InputError(f"expected an amount like \"1234.56\", got {value!r}",
                             field=field) from None
    else:
        raise InputError(f"expected an amount like \"1234.56\", got {value!r}", field=field)
    if not amount.is_finite():
        raise InputError(f"expected a finite amount, got {value!r}", field=field)
    if amount < 0 and not allow_negative:
        raise InputError(f"expected an amount of zero or more, got {value!r}", field=field)
    return amount


_GROUPING = re.compile(r"[\s\u00a0\u202f']")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def parse_belgian_number(text: str) -> Decimal:
    """A number as people type it and spreadsheets hold it: "1 234 567,89", "1.234.567,89 €",
    "1234567.89", "12 EUR". Raises ValueError otherwise; sign and decimals are the caller's rules.

    The scripting contract (`parse_amount`) takes a dot only; forms and imported cells take this.
    """
    cleaned = _GROUPING.sub("", text.replace("€", "").replace("EUR", ""))
    if "," in cleaned:  # Belgian: dots group thousands, the comma is the decimal mark
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    return Decimal(cleaned)


def parse_fraction(value: object, *, field: str) -> Decimal:
    """Read a fraction between 0 and 1 (a rate or a share), exact."""
    fraction = parse_amount(value, field=field)
    if fraction > 1:
        raise InputError(f"expected a fraction between 0 and 1 (e.g. \"0.15\"), got {value!r}",
                         field=field)
    return fraction


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent: the one rounding step at the end of a computation."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def as_text(amount: Decimal) -> str:
    """The scripting contract's form: two decimals, dot separator, no grouping ("12160.00")."""
    return f"{to_cents(amount):.2f}"


def format_money(amount: Decimal, lang: str = "fr") -> str:
    """Belgian display: "12 160,00 €" in French, "€12,160.00" in English."""
    return format_currency(to_cents(amount), "EUR", locale=LOCALES[lang])


def format_rate(rate: Decimal, lang: str = "fr", min_digits: int = 2) -> str:
    """A fraction as a percentage with its exact digits: Decimal("0.0152") -> "1,52 %";
    `min_digits=0` for a label ("30 %", "32,5 %")."""
    digits = min(4, max(min_digits, -(rate * 100).normalize().as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + (
        "\u00a0%" if lang in ("fr", "nl") else "%")
    return format_percent(rate, format=pattern, locale=LOCALES[lang])


def format_number(value: Decimal, lang: str = "fr") -> str:
    return format_decimal(value, locale=LOCALES[lang])
