"""Reading the fund desk's CSV tables: all or nothing, every error naming file, line and column.

Shared by `report`, `enterprise` and `film_office`. A table is UTF-8, comma separated, header line first; a blank line
is skipped but still counted, so `LINE` is always the line in the file (the header is line 1).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from montage.errors import InputError
from montage.money import parse_amount

T = TypeVar("T")


def read_table(path: str | Path, required: tuple[str, ...],
               parse_row: Callable[[dict[str, str], "Cell"], T]) -> list[T]:
    """Read a CSV file into parsed rows; the first bad row raises an `InputError`."""
    name = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return parse_table(handle, name, required, parse_row)
    except OSError as error:
        raise InputError("cannot read the file: %(reason)s", file=name,
                         params={"reason": error.strerror}) from None
    except UnicodeDecodeError:
        raise InputError("expected a UTF-8 text file", file=name) from None


def parse_table(lines: Iterable[str], name: str, required: tuple[str, ...],
                parse_row: Callable[[dict[str, str], "Cell"], T]) -> list[T]:
    reader = csv.reader(lines)
    try:
        header = next(_records(reader, name))
    except StopIteration:
        raise InputError("empty file: expected a header line with the columns %(required)s",
                         file=name, params={"required": ", ".join(required)}) from None
    header = [column.strip() for column in header]
    missing = [column for column in required if column not in header]
    if missing:
        raise InputError("missing columns: %(missing)s (required: %(required)s)",
                         file=name, line=1,
                         params={"missing": ", ".join(missing), "required": ", ".join(required)})
    rows: list[T] = []
    next_start = reader.line_num + 1
    for values in _records(reader, name):
        start, next_start = next_start, reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            raise InputError("expected %(count)s fields like the header, got %(got)s",
                             file=name, line=start,
                             params={"count": len(header), "got": len(values)})
        record = {column: value.strip() for column, value in zip(header, values)}
        rows.append(parse_row(record, Cell(name, start, record)))
    return rows


def _records(reader, name: str) -> Iterator[list[str]]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError("not valid CSV: %(error)s", file=name, line=reader.line_num,
                         params={"error": str(error)}) from None


class Cell:
    """Typed access to one row's cells; each failure names the file, the row's line and the column."""

    def __init__(self, file: str, line: int, record: dict[str, str]):
        self.file, self.line, self.record = file, line, record

    def fail(self, column: str | None, message: str, **params) -> InputError:
        """`message` a sentence whose %(name)s `params` fill (translated when shown)."""
        return InputError(message, field=column, file=self.file, line=self.line,
                          params=params or None)

    def text(self, column: str) -> str:
        value = self.record[column]
        if not value:
            raise self.fail(column, "expected a %(what)s, got an empty cell",
                            what=column.replace("_", " "))
        return value

    def choice(self, column: str, allowed: Iterable[str]) -> str:
        allowed = tuple(allowed)
        value = self.record[column]
        if value not in allowed:
            raise self.fail(column, 'expected one of %(choices)s, got "%(value)s"',
                            choices=", ".join(allowed), value=value)
        return value

    def amount(self, column: str, *, allow_negative: bool = False) -> Decimal:
        raw = self.record[column]
        example = '"-1234.56" or "1234.56"' if allow_negative else '"1234.56"'
        try:
            amount = parse_amount(raw, field=column, allow_negative=allow_negative)
        except InputError:
            raise self.fail(column, 'expected an amount like %(example)s, got "%(value)s"',
                            example=example, value=raw) from None
        if amount.as_tuple().exponent < -2:
            raise self.fail(column, 'expected at most two decimals (cents) like %(example)s, '
                                    'got "%(value)s"', example=example, value=raw)
        return amount

    def count(self, column: str) -> int:
        raw = self.record[column]
        if not re.fullmatch(r"[0-9]+", raw):
            raise self.fail(column, 'expected a whole number of zero or more like "12", '
                                    'got "%(value)s"', value=raw)
        return int(raw)

    def extra(self, required: tuple[str, ...]) -> dict[str, str]:
        return {column: value for column, value in self.record.items() if column not in required}
