"""What the three annex workbooks share: layout, Belgian cell formats, and strict reading.

Layout of every workbook (docs/web-annexes.md): one sheet named after the annex, a header block
(title, editor, obligation year, generated on, by), a blank row, the column headers (frozen), the
data rows, a "Total" row, then blocks the engine computes. An import reads the header block and
the data rows only: it stops at the first empty row or at the row whose first cell is "Total".

Money is written as `Decimal` into numeric cells with a Belgian-displayed number format and read
back exactly: a number cell is converted through its shortest decimal text (`repr`), which for an
amount of at most 14 significant digits is the text that was written; an amount with more than two
decimals is refused, never rounded silently. Text cells may hold Belgian amounts ("1 234,56").
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from montage.errors import InputError, Problem, what_is_wrong
from montage.money import is_ambiguous, parse_belgian_number
from montage.web import xlsx
from montage.web.core import problems, uploads

MONEY_FORMAT = "#,##0.00"          # Excel shows it with the reader's locale: 1 234,56 in fr-BE
RATE_FORMAT = "0.00%"
DATE_FORMAT = "DD/MM/YYYY"
CENT = Decimal("0.01")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 5000
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FONT = Font(bold=True)
THIN = Border(bottom=Side(style="thin", color="888888"))


def normalise(text: object) -> str:
    """Header and label matching: case, accents, punctuation spacing and extra spaces ignored."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def in_each_language(value) -> set[str]:
    """A lazy label as written in French and in English, normalised (for reading either)."""
    names = set()
    for lang in ("fr", "en"):
        with translation.override(lang):
            names.add(normalise(str(value)))
    return names


@dataclass(frozen=True)
class Column:
    key: str
    header: Any                      # lazy, e.g. gettext_lazy("Amount excl. VAT (€)")
    name: Any                        # short name in error messages: "amount"
    kind: str = "text"               # text | money | rate | date | bool | choice | int
    width: int = 16
    required: bool = False
    output_only: bool = False        # computed by Montage, ignored when importing
    choices: tuple = ()              # (code, lazy label) for kind "choice"
    default: Any = None


@dataclass
class Location:
    file: str
    row: int | None = None
    column: Column | None = None
    letter: str = ""

    def problem(self, text: str) -> Problem:
        """`text` (translated) at this place: the column is its letter and its short name."""
        column = f"{self.letter} ({self.column.name})" if self.column is not None else None
        return Problem(str(text), file=self.file, row=self.row, column=column)


def expected(what: str, got: object) -> str:
    """"expected WHAT, got "GOT"", in the words of every problem (montage.web.core.problems)."""
    shown = "" if got is None else (got.isoformat() if isinstance(got, dt.date) else got)
    return what_is_wrong(Problem(expected=str(what), got=shown), problems.words())


# -- reading cell values --------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f']")


def read_money(value) -> Decimal:
    """An amount in euros and cents, from a number cell or a Belgian/plain text cell."""
    what = _("an amount like 1234,56")
    if isinstance(value, bool) or value is None:
        raise InputError(expected(what, value))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            amount = parse_belgian_number(value)
        except InputError as error:
            if is_ambiguous(error):  # both readings, never a guess
                raise InputError(problems.message(error)) from None
            raise InputError(expected(what, value)) from None
    else:
        raise InputError(expected(what, value))
    if not amount.is_finite():
        raise InputError(expected(what, value))
    if amount < 0:
        raise InputError(expected(_("an amount of zero or more"), value))
    if amount != amount.quantize(CENT):
        raise InputError(expected(_("an amount with at most two decimals"), value))
    if amount.adjusted() >= 12:
        raise InputError(expected(_("an amount below 1 000 000 000 000"), value))
    return amount.quantize(CENT)


def read_rate(value) -> Decimal:
    """A VAT rate: a percentage cell (0.21), a number 21, or text "21 %" / "0,21"."""
    what = _("a VAT rate like 21 %")
    if isinstance(value, bool) or value is None:
        raise InputError(expected(what, value))
    percent = False
    if isinstance(value, str):
        text = _SPACES.sub("", value)
        if text.endswith("%"):
            percent, text = True, text[:-1]
        try:
            rate = parse_belgian_number(text)
        except InputError:
            raise InputError(expected(what, value)) from None
        if rate < 0:
            raise InputError(expected(what, value))
    elif isinstance(value, float):
        rate = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        rate = Decimal(value)
    else:
        raise InputError(expected(what, value))
    if percent or rate > 1:
        rate = rate / 100
    if not (0 <= rate <= 1) or rate != rate.quantize(Decimal("0.0001")):
        raise InputError(expected(what, value))
    return rate.quantize(Decimal("0.0001"))


def read_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise InputError(expected(_("a date like 31/12/2024"), value))


YES = {"oui", "yes", "o", "y", "1", "true", "vrai", "x"}
NO = {"non", "no", "n", "0", "false", "faux", ""}


def read_bool(value) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = normalise(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise InputError(expected(_("oui/non (yes/no)"), value))


def read_choice(value, column: Column) -> str:
    text = normalise(value)
    for code, label in column.choices:
        if text == normalise(code) or text in in_each_language(label):
            return code
    with translation.override(translation.get_language()):
        names = ", ".join(str(capfirst(label)) for _code, label in column.choices)
    raise InputError(expected(_("one of: %(names)s") % {"names": names}, value))


def read_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.strftime("%d/%m/%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def read_int(value) -> int:
    if isinstance(value, bool):
        raise InputError(expected(_("a whole number"), value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = read_text(value).lstrip("#")
    if text.isdigit():
        return int(text)
    raise InputError(expected(_("a whole number"), value))


READERS: dict[str, Callable] = {"money": read_money, "rate": read_rate, "date": read_date,
                                "bool": read_bool, "text": read_text, "int": read_int}


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- writing --------------------------------------------------------------------------------

@dataclass
class Header:
    title: str
    editor: str
    year: int
    user: str
    extra: list[tuple[str, Any]] = field(default_factory=list)


def header_labels() -> dict[str, Any]:
    return {"editor": gettext_lazy("Editor"), "year": gettext_lazy("Obligation year"),
            "generated": gettext_lazy("Generated on"), "by": gettext_lazy("By")}


def new_sheet(sheet_name: str, header: Header, columns: list[Column]):
    """A workbook with its header block and column headers; returns (workbook, sheet, row)."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    labels = header_labels()
    xlsx.put(sheet, 1, 1, header.title).font = Font(bold=True, size=14)
    rows = [(labels["editor"], header.editor), (labels["year"], header.year),
            *header.extra,
            (labels["generated"], timezone.localtime().replace(tzinfo=None, microsecond=0)),
            (labels["by"], header.user)]
    row = 2
    for label, value in rows:
        xlsx.put(sheet, row, 1, str(label)).font = Font(bold=True)
        cell = xlsx.put(sheet, row, 2, value)
        if isinstance(value, dt.datetime):
            cell.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        cell.alignment = Alignment(horizontal="left")
        row += 1
    row += 1
    for index, column in enumerate(columns, 1):
        cell = xlsx.put(sheet, row, index, str(capfirst(column.header)))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(row + 1, 1)
    return book, sheet, row + 1


def choice_label(column: Column, code: str) -> str:
    for value, label in column.choices:
        if value == code:
            return str(capfirst(label))
    return code


def write_row(sheet, row: int, columns: list[Column], values: dict, *, bold: bool = False):
    for index, column in enumerate(columns, 1):
        value = values.get(column.key)
        if value is None:
            continue
        if column.kind == "choice":
            value = choice_label(column, value)
        elif column.kind == "bool":
            value = _("yes") if value else _("no")
        cell = xlsx.put(sheet, row, index, value)
        if column.kind == "money":
            cell.number_format = MONEY_FORMAT
        elif column.kind == "rate":
            cell.number_format = RATE_FORMAT
        elif column.kind == "date":
            cell.number_format = DATE_FORMAT
        elif column.kind == "text":
            cell.number_format = "@"
        if bold:
            cell.font = TOTAL_FONT
            cell.border = THIN


def write_pairs(sheet, row: int, title: str, pairs: list[tuple[str, Any]]) -> int:
    """A block of label | value rows below the table; returns the next free row."""
    xlsx.put(sheet, row, 1, title).font = Font(bold=True, size=12)
    row += 1
    for pair in pairs:
        label, value = pair[0], pair[1]
        xlsx.put(sheet, row, 1, str(label))
        for offset, item in enumerate(pair[1:], 2):
            cell = xlsx.put(sheet, row, offset, item)
            if isinstance(item, Decimal):
                cell.number_format = MONEY_FORMAT
        del value
        row += 1
    return row + 1


def to_bytes(book) -> bytes:
    """The workbook's file: text stays text, never a formula (montage.web.xlsx)."""
    return xlsx.to_bytes(book)


# -- reading a workbook ---------------------------------------------------------------------

TOTAL_WORDS = {"total", "totaux", "totals"}


@dataclass
class ParsedRow:
    number: int
    values: dict


def open_sheet(data: bytes, file_name: str, sheet_name: str):
    errors_at = Location(file_name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError.of([errors_at.problem(_("the file is larger than 5 MB"))])
    uploads.check_workbook(file_name, data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not an xlsx workbook"
        raise InputError.of([errors_at.problem(
            _("not an Excel workbook (.xlsx): the file could not be opened"))]) from None
    names = {normalise(name): name for name in book.sheetnames}
    if normalise(sheet_name) not in names:
        raise InputError.of([errors_at.problem(
            _("no sheet named '%(sheet)s' (sheets found: %(found)s)") % {
                "sheet": sheet_name, "found": ", ".join(f"'{n}'" for n in book.sheetnames)})])
    return book[names[normalise(sheet_name)]]


def header_value(sheet, file_name: str, label, max_row: int = 12):
    """The value next to a header-block label (column A), with its row number."""
    wanted = in_each_language(label)
    for row in range(1, max_row + 1):
        if normalise(sheet.cell(row, 1).value) in wanted:
            return row, sheet.cell(row, 2).value
    raise InputError.of([Location(file_name).problem(
        _("missing header field '%(label)s' in column A of the first rows") % {"label": label})])


def check_header(sheet, file_name: str, editor: str, year: int) -> None:
    """The workbook must be for this editor and this obligation year."""
    labels = header_labels()
    errors = []
    row, value = header_value(sheet, file_name, labels["editor"])
    if normalise(value) != normalise(editor):
        errors.append(Location(file_name, row, Column("editor", "", _("editor")), "B").problem(
            expected(f"'{editor}'", value)))
    row, value = header_value(sheet, file_name, labels["year"])
    try:
        found = read_int(value)
    except InputError:
        found = None
    if found != year:
        errors.append(Location(file_name, row, Column("year", "", _("obligation year")),
                               "B").problem(expected(str(year), value)))
    if errors:
        raise InputError.of(errors)


def read_rows(sheet, file_name: str, columns: list[Column]) -> tuple[list[ParsedRow], list[Problem]]:
    """Find the column headers, then read and type every data row; all errors are collected."""
    first = in_each_language(columns[0].header)
    header_row = None
    for row in range(1, 30):
        if normalise(sheet.cell(row, 1).value) in first:
            header_row = row
            break
    if header_row is None:
        raise InputError.of([Location(file_name).problem(
            _("missing header row: no row starts with the column '%(header)s'") % {
                "header": columns[0].header})])
    found = {}
    for index in range(1, sheet.max_column + 1):
        text = normalise(sheet.cell(header_row, index).value)
        if text:
            found[text] = index
    positions, errors = {}, []
    for column in columns:
        names = in_each_language(column.header)
        index = next((found[n] for n in names if n in found), None)
        if index is None:
            if not column.output_only:
                errors.append(Location(file_name, header_row).problem(
                    _("missing column '%(header)s'") % {"header": column.header}))
            continue
        positions[column.key] = index
    if errors:
        raise InputError.of(errors)
    rows: list[ParsedRow] = []
    for row in range(header_row + 1, sheet.max_row + 1):
        raw = {c.key: sheet.cell(row, positions[c.key]).value for c in columns
               if c.key in positions and not c.output_only}
        first_cell = sheet.cell(row, 1).value
        if all(is_blank(v) for v in raw.values()) and is_blank(first_cell):
            break
        if normalise(first_cell) in TOTAL_WORDS:
            break
        if len(rows) >= MAX_DATA_ROWS:
            errors.append(Location(file_name, row).problem(
                _("more than %(n)s rows") % {"n": MAX_DATA_ROWS}))
            break
        values = {}
        for column in columns:
            if column.output_only or column.key not in positions:
                continue
            value = raw[column.key]
            letter = get_column_letter(positions[column.key])
            where = Location(file_name, row, column, letter)
            if is_blank(value):
                if column.required:
                    errors.append(where.problem(_("a value is required")))
                values[column.key] = column.default
                continue
            try:
                if column.kind == "choice":
                    values[column.key] = read_choice(value, column)
                else:
                    values[column.key] = READERS[column.kind](value)
            except InputError as error:
                errors.append(where.problem(error.message))
        values["_letters"] = {k: get_column_letter(i) for k, i in positions.items()}
        rows.append(ParsedRow(row, values))
    return rows, errors


def cell_error(file_name: str, row: ParsedRow, column: Column, text: str) -> Problem:
    return Location(file_name, row.number, column, row.values["_letters"].get(column.key, "?")
                    ).problem(text)
