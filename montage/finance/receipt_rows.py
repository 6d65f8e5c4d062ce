"""A distributor's or sales agent's statement (.csv or .xlsx) as receipt rows (pure).

One row per receipt: source, payer, territory, period, gross, the deductions the contract
allows (commission, expenses and their cap), currency with its dated rate, reference. Headers are
the English keys below or their French names (a sales agent's export is renamed, not retyped).
All or nothing: every row is checked and every problem named (file, row, column, what was
expected, what was got); the caller writes nothing when there is one. Cells are read like the
ledger's (montage.finance.ledger_rows: Belgian numbers, dates dd/mm/yyyy or ISO, xlsx numbers).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.errors import InputError, Problem
from montage.finance import ledger_rows
from montage.money import parse_belgian_rate

SOURCES = {"distributor": ("distributeur", "distributeur salles", "theatrical distributor"),
           "sales_agent": ("agent de vente", "vendeur international", "sales agent"),
           "broadcaster": ("diffuseur", "licence diffuseur", "broadcaster licence"),
           "vod": ("plateforme vod", "vod platform"),
           "prize": ("prix",), "other": ("autre",)}
COLUMNS = {"source": ("source",), "payer": ("payeur", "payer"),
           "territory": ("territoire", "territory"),
           "period_start": ("début", "debut", "période du", "period from"),
           "period_end": ("fin", "période au", "period to"),
           "gross": ("brut", "montant brut", "gross"),
           "commission_rate": ("commission",), "expenses": ("frais", "expenses"),
           "expenses_cap": ("plafond des frais", "expenses cap"),
           "currency": ("devise", "currency"),
           "exchange_rate": ("taux de change", "exchange rate"),
           "exchange_rate_date": ("date du taux", "exchange rate date"),
           "reference": ("référence", "reference")}
REQUIRED = ("source", "payer", "territory", "period_start", "period_end", "gross")
MAX_ROWS = 5000


def _column_of(header: str) -> str | None:
    name = header.strip().casefold()
    for key, names in COLUMNS.items():
        if name == key or name in names:
            return key
    return None


def _source(value) -> str:
    text = ledger_rows._text(value).casefold()
    for code, names in SOURCES.items():
        if text == code or text in names:
            return code
    raise ValueError(value)


def _rate(value) -> Decimal:
    """A commission: an xlsx number is a fraction (0.25 for a quarter); text is a percentage
    ("25 %", "25") or a fraction written with its sign."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        rate = ledger_rows.parse_amount(value)
    else:
        rate = parse_belgian_rate(ledger_rows._text(value), percent=True)
    if not 0 <= rate <= 1:
        raise ValueError(value)
    return rate


def _exchange_rate(value) -> Decimal:
    rate = ledger_rows.parse_amount(value) if not isinstance(value, str) else \
        Decimal(ledger_rows._text(value).replace(",", "."))
    if rate <= 0 or not rate.is_finite():
        raise ValueError(value)
    return rate


def _date(value) -> dt.date:
    return ledger_rows.parse_date(value, "%d/%m/%Y")


def _currency(value) -> str:
    text = ledger_rows._text(value).upper()
    if len(text) != 3 or not text.isalpha():
        raise ValueError(value)
    return text


READERS = {
    "source": (_source, "one of distributor, sales_agent, broadcaster, vod, prize, other"),
    "payer": (lambda v: ledger_rows._text(v)[:200] or _empty(), "the payer's name"),
    "territory": (lambda v: ledger_rows._text(v)[:100] or _empty(), "a territory"),
    "period_start": (_date, "a date such as 01/01/2026"),
    "period_end": (_date, "a date such as 30/06/2026"),
    "gross": (ledger_rows.parse_amount, "an amount such as 1.234,56"),
    "commission_rate": (_rate, "a commission: a fraction between 0 and 1, or a percentage"),
    "expenses": (ledger_rows.parse_amount, "an amount such as 1.234,56"),
    "expenses_cap": (ledger_rows.parse_amount, "an amount such as 1.234,56"),
    "currency": (_currency, "a three-letter currency code such as EUR or USD"),
    "exchange_rate": (_exchange_rate, "a rate in euros per unit such as 0,92"),
    "exchange_rate_date": (_date, "a date such as 30/06/2026"),
    "reference": (lambda v: ledger_rows._text(v)[:200], "a reference"),
}
OPTIONAL_DEFAULTS = {"commission_rate": Decimal(0), "expenses": Decimal(0), "expenses_cap": None,
                     "currency": "EUR", "exchange_rate": Decimal(1), "exchange_rate_date": None,
                     "reference": ""}


def _empty():
    raise ValueError("")


def read(data: bytes, file_name: str) -> list[tuple[int, dict]]:
    """(row number, fields) of every receipt of the file, or an InputError naming every
    problem."""
    headers, rows = ledger_rows.read_table(data, file_name)
    columns = [_column_of(h) for h in headers]
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise InputError.of([Problem(file=file_name, row=1, column=key,
                                     expected="a column %(key)s", got=None,
                                     params={"key": key}) for key in missing])
    problems, out = [], []
    for number, cells in rows:
        if not any(ledger_rows._text(c) for c in cells):
            continue
        if len(out) >= MAX_ROWS:
            problems.append(Problem("more than %(max)s rows: split the statement",
                                    file=file_name, row=number, params={"max": MAX_ROWS}))
            break
        fields = dict(OPTIONAL_DEFAULTS)
        for header, key, value in zip(headers, columns, cells):
            if key is None:
                continue
            if ledger_rows._text(value) == "" and key not in REQUIRED:
                continue
            reader, expected = READERS[key]
            try:
                fields[key] = reader(value)
            except (ValueError, ArithmeticError, InputError):
                problems.append(Problem(file=file_name, row=number, column=header,
                                        expected=expected, got=ledger_rows._text(value)))
        row_ok = not any(p.row == number for p in problems)
        if row_ok and fields["period_end"] < fields["period_start"]:
            problems.append(Problem("the period ends before it starts", file=file_name,
                                    row=number, column="period_end"))
        elif row_ok and fields["currency"] != "EUR" and fields["exchange_rate_date"] is None:
            problems.append(Problem(file=file_name, row=number, column="exchange_rate_date",
                                    expected="the date of the exchange rate of a receipt in "
                                             "a foreign currency", got=""))
        out.append((number, fields))
    if problems:
        raise InputError.of(problems)
    if not out:
        raise InputError("no receipt in the file: expected one row per receipt", file=file_name)
    return out
