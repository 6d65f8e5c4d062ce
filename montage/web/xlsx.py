"""Writing .xlsx workbooks (openpyxl) so that text stays text (docs/web.md, "Exports").

openpyxl stores a str that starts with "=" as a formula, so a supplier named
`=HYPERLINK("http://x","click")` would become a live formula in a proof export. Every cell Montage
writes goes through `put` (one cell) or `append` (one row), which store a str starting with "=",
"+", "-", "@", a tab or a carriage return as a string cell (`t="inlineStr"`), the text exactly as
typed (no leading apostrophe added). A formula written on purpose goes through `formula_cell`, so
the intent is visible. Every workbook leaves through `to_bytes`, which turns any other formula
cell (one written past these functions) into text as well.
"""

from __future__ import annotations

import io
from weakref import WeakKeyDictionary

from openpyxl.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The cells each worksheet holds a formula in on purpose: {worksheet: {(row, column)}}.
_FORMULAS: WeakKeyDictionary = WeakKeyDictionary()


def as_text(cell: Cell) -> Cell:
    """A cell holding a str that a spreadsheet could take for a formula, stored as a string."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def put(sheet, row: int, column: int, value=None) -> Cell:
    """`sheet.cell(row, column, value)`, as data (text stays text); returns the cell."""
    return as_text(sheet.cell(row, column, value))


def append(sheet, values) -> None:
    """Append a row of values below the sheet's last row, as data (text stays text)."""
    cells = []
    for value in values:
        cell = Cell(sheet)
        cell.value = value
        cells.append(as_text(cell))
    sheet.append(cells)


def formula_cell(sheet, row: int, column: int, formula: str) -> Cell:
    """A formula Montage writes on purpose (never text a user typed): "=SUM(B2:B9)"."""
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    cell = sheet.cell(row, column)
    cell.value = formula
    _FORMULAS.setdefault(sheet, set()).add((row, column))
    return cell


def to_bytes(book) -> bytes:
    """The workbook's file; a formula cell not written by `formula_cell` is stored as text."""
    for sheet in book.worksheets:
        intended = _FORMULAS.get(sheet, set())
        for cell in sheet._cells.values():  # the cells written (iter_rows would add empty ones)
            if cell.data_type == "f" and (cell.row, cell.column) not in intended:
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
