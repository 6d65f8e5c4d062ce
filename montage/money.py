"""The one money type: `decimal.Decimal` euros, exact end to end.

Amounts are read from text (or integers) only, never from floats, and rounded once, half-up to
the cent, at the end of a computation (`to_cents`). Rates are `Decimal` fractions ("0.0152").
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, format_decimal, format_percent

from montage.errors import InputError, Problem

ZERO = Decimal("0")
CENT = Decimal("0.01")

LOCALES = {"fr": "fr_BE", "en": "en_IE", "nl": "nl_BE"}


def parse_amount(value: object, *, field: str, allow_negative: bool = False) -> Decimal:
    """Read an amount from a string, an int or a Decimal; refuse floats and bad text.

    "12160", "12160.00" and 12160 are accepted; "12 160,00" is not (the scripting contract uses a
    dot as decimal separator) and neither is a float, whose binary value is not the amount typed.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise InputError("expected an amount as a string like \"1234.56\", got %(value)r",
                         field=field, params={"value": value})
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InputError("expected an amount like \"1234.56\", got %(value)r",
                             field=field, params={"value": value}) from None
    else:
        raise InputError("expected an amount like \"1234.56\", got %(value)r", field=field,
                         params={"value": value})
    if not amount.is_finite():
        raise InputError("expected a finite amount, got %(value)r", field=field,
                         params={"value": value})
    if amount < 0 and not allow_negative:
        raise InputError("expected an amount of zero or more, got %(value)r", field=field,
                         params={"value": value})
    return amount


_GROUPING = re.compile(r"[\s\u00a0\u202f']")
_DIGITS = re.compile(r"\d+")

# The sentences of the reader (translated on the pages: montage/web/locale).
NOT_A_NUMBER = "a number such as 1.234,56 or 1234,56"
AMBIGUOUS = ("%(text)s: %(grouped)s or %(decimal)s? write %(write_grouped)s or "
             "%(write_decimal)s")


def _grouped(text: str, mark: str) -> bool:
    """"56.200.000" with mark ".": groups of three digits after a first of one to three."""
    head, *groups = text.split(mark)
    return (bool(groups) and 1 <= len(head) <= 3 and head.isdigit() and not
            (head.startswith("0")) and all(len(g) == 3 and g.isdigit() for g in groups))


def parse_belgian_number(text: str) -> Decimal:
    """A number as Belgians type it and spreadsheets hold it, read one way everywhere (forms,
    imports, the API's text fields; docs/errors.md): "1.234,56", "1 234,56", "1234,56",
    "800.000", "56.200.000", "1234.56", "12 €". A dot followed by exactly three digits and
    nothing else ("1.234", "12.500") could be a thousands mark or a decimal point: it is refused
    with both readings, never guessed; "800.000" and "25.000" are thousands (nobody writes euros
    with three decimal zeros). Raises `InputError`; sign and decimals are the caller's rules.

    The scripting contract (`parse_amount`) takes a dot only; forms and imported cells take this.
    """
    raw = str(text)
    cleaned = _GROUPING.sub("", raw.replace("€", "").replace("EUR", ""))
    sign = ""
    if cleaned[:1] in ("-", "\u2212"):
        sign, cleaned = "-", cleaned[1:]

    def refused():
        return InputError.of([Problem(expected=NOT_A_NUMBER, got=raw.strip())])

    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not cleaned[0].isdigit() \
            or not cleaned[-1].isdigit():
        raise refused()
    dots, commas = cleaned.count("."), cleaned.count(",")
    if dots and commas:  # the last mark is the decimal one, the other groups thousands
        last = max(cleaned.rfind("."), cleaned.rfind(","))
        mark = cleaned[last]
        group = "," if mark == "." else "."
        whole, fraction = cleaned[:last], cleaned[last + 1:]
        if mark in whole or not (_grouped(whole, group) or whole.isdigit()) \
                or not fraction.isdigit():
            raise refused()
        number = whole.replace(group, "") + "." + fraction
    elif commas == 1:  # Belgian decimal comma: "1234,56", "1,234"
        number = cleaned.replace(",", ".")
    elif commas:  # "1,234,567": thousands only
        if not _grouped(cleaned, ","):
            raise refused()
        number = cleaned.replace(",", "")
    elif dots > 1:  # "56.200.000": thousands only
        if not _grouped(cleaned, "."):
            raise refused()
        number = cleaned.replace(".", "")
    elif dots == 1:
        whole, fraction = cleaned.split(".")
        if len(fraction) == 3 and _grouped(cleaned, "."):
            if fraction != "000":
                grouped, decimal = whole + "\u202f" + fraction, whole + "," + fraction
                raise InputError.of([Problem(AMBIGUOUS, params={
                    "text": raw.strip(), "grouped": grouped, "decimal": decimal,
                    "write_grouped": f"{whole}.{fraction},00", "write_decimal": decimal})])
            number = whole + fraction
        else:  # "1234.56", "12.5", "0.500": a decimal point, nothing else fits
            number = cleaned
    else:
        number = cleaned
    return Decimal(sign + number)


def is_ambiguous(error: BaseException) -> bool:
    """Whether the reader refused a number for being ambiguous (its sentence shows both
    readings: callers show it as is, instead of their own "expected a number")."""
    return isinstance(error, InputError) and any(p.message == AMBIGUOUS for p in error.problems)


def parse_belgian_rate(text: str, *, percent: bool = True) -> Decimal:
    """A rate as a fraction: "21 %", "12,5 %" and "180 %" are percentages wherever they are
    typed; without the sign, the field's unit decides (`percent`: "21" is 21 %, else "0,21")."""
    cleaned = _GROUPING.sub("", str(text))
    if cleaned.endswith("%"):
        return parse_belgian_number(cleaned[:-1]) / 100
    value = parse_belgian_number(cleaned)
    return value / 100 if percent else value


def parse_fraction(value: object, *, field: str) -> Decimal:
    """Read a fraction between 0 and 1 (a rate or a share), exact."""
    fraction = parse_amount(value, field=field)
    if fraction > 1:
        raise InputError("expected a fraction between 0 and 1 (e.g. \"0.15\"), got %(value)r",
                         field=field, params={"value": value})
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


def format_number(value: Decimal, lang: str = "fr", places: int = 0) -> str:
    """Grouped, decimal comma ("2 010,232"); with `places`, at least that many decimals (a price:
    "650,50"), more when the value has them."""
    if places:
        return format_decimal(value, format="#,##0." + "0" * places + "####",
                              locale=LOCALES[lang])
    return format_decimal(value, locale=LOCALES[lang])
