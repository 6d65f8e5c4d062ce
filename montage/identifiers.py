"""Belgian and EU identifiers, checked with python-stdnum.

Why check them: an enterprise number, VAT number or IBAN with a typo still looks plausible, and
would tie an invoice to the wrong supplier or a payment to the wrong account. The check digits
catch almost every typo at entry, where the user can still fix it.
"""

from __future__ import annotations

from stdnum import iban as _iban
from stdnum.be import vat as _be
from stdnum.eu import vat as _eu
from stdnum.exceptions import (InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength,
                               ValidationError)

from montage.errors import InputError, Problem

# What each kind of stdnum error means to the user, per identifier
_REASONS = {
    "Belgian enterprise number": {
        InvalidChecksum: "check digits",
        InvalidLength: "expected 10 digits, e.g. 0403.170.701",
        InvalidFormat: "expected digits, e.g. 0403.170.701",
        InvalidComponent: "it must start with 0 or 1",
    },
    "EU VAT number": {
        InvalidChecksum: "check digits",
        InvalidLength: "wrong length for its country",
        InvalidFormat: "wrong format for its country",
        InvalidComponent: "expected an EU country prefix, e.g. BE0403170701 or FR40303265045",
    },
    "IBAN": {
        InvalidChecksum: "check digits",
        InvalidLength: "wrong length for its country",
        InvalidFormat: "wrong format for its country",
        InvalidComponent: "unknown country or bank code",
    },
}


def enterprise_number(text: str, *, field: str = "enterprise_number") -> str:
    """A Belgian enterprise number (KBO/BCE) in its official display form, "0403.170.701".

    Accepts the usual spellings: with or without dots, spaces, a "BE" prefix (the Belgian VAT
    number is the enterprise number) or the old 9-digit form."""
    number = _check(_be.validate, text, "Belgian enterprise number", field)
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def vat_number(text: str, *, field: str = "vat_number") -> str:
    """An EU VAT number in compact form with its country prefix, e.g. "BE0403170701".

    The prefix is required: without it the same digits can be valid in several countries."""
    return _check(_eu.validate, text, "EU VAT number", field)


def iban(text: str, *, field: str = "iban") -> str:
    """An IBAN in compact form, e.g. "BE48001123456727": check digits, structure per country and,
    for Belgium, the national check digits and a known bank code."""
    return _check(_iban.validate, text, "IBAN", field)


# Each sentence whole, with named placeholders, so that the pages translate it (core.problems)
_EMPTY = {"Belgian enterprise number": "expected a Belgian enterprise number, got %(got)s",
          "EU VAT number": "expected an EU VAT number, got %(got)s",
          "IBAN": "expected an IBAN, got %(got)s"}
_INVALID = {"Belgian enterprise number": "%(text)s is not a valid Belgian enterprise number",
            "EU VAT number": "%(text)s is not a valid EU VAT number",
            "IBAN": "%(text)s is not a valid IBAN"}


def _check(validate, text: str, what: str, field: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InputError.of([Problem(_EMPTY[what], column=field, params={"got": repr(text)})])
    try:
        return validate(text.strip())
    except ValidationError as error:
        reason = _REASONS[what].get(type(error), "not recognised")
        raise InputError.of([Problem(_INVALID[what], column=field, hint=reason,
                                     params={"text": text.strip()})]) from None
