"""A workbook is checked before any parser opens it (montage.workbooks): a zip bomb costs the
reading of its central directory, not gigabytes of memory."""

from __future__ import annotations

import io
import zipfile

import pytest

from montage.errors import InputError
from montage.workbooks import MB, Limits, check_xlsx

SHEET = "xl/worksheets/sheet1.xml"


def archive(members: dict[str, bytes | int]) -> bytes:
    """A zip archive; an int member is that many zero bytes, written in chunks (a light bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in members.items():
            with out.open(name, "w") as part:
                if isinstance(content, int):
                    for _ in range(content // MB):
                        part.write(bytes(MB))
                else:
                    part.write(content)
    return buffer.getvalue()


def sheet(rows: int, dimension: str | None) -> bytes:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, rows + 1))
    return (f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{head}<sheetData>{body}</sheetData></worksheet>').encode()


def refusal(data: bytes, limits: Limits = Limits()):
    with pytest.raises(InputError) as caught:
        check_xlsx(data, "bombe.xlsx", limits)
    [problem] = caught.value.problems
    assert problem.file == "bombe.xlsx"
    return problem


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_naming_both_sizes():
    problem = refusal(archive({SHEET: 20 * MB}), Limits(unpacked_bytes=4 * MB, ratio=10_000))
    assert problem.params == {"size": 20, "limit": 4}
    assert str(problem) == "bombe.xlsx: the workbook unpacks to 20 MB, more than the limit of 4 MB"


def test_a_part_compressed_beyond_the_ratio_is_refused_as_a_zip_bomb():
    problem = refusal(archive({SHEET: 20 * MB}))
    assert problem.params["part"] == SHEET and problem.params["limit"] == 100
    assert problem.params["ratio"] > 100
    assert "zip bomb" in str(problem)


def test_a_sheet_whose_dimension_declares_too_many_rows_is_refused():
    problem = refusal(archive({SHEET: sheet(3, "A1:C2000000")}))
    assert problem.params == {"part": SHEET, "rows": 2_000_000, "limit": 1_048_576}


def test_rows_are_counted_while_streaming_when_the_sheet_declares_no_dimension():
    data = archive({SHEET: sheet(30_000, None)})  # beyond the 64 KB head: read in chunks
    check_xlsx(data, "ok.xlsx", Limits(rows=30_000))
    assert refusal(data, Limits(rows=29_999)).params["rows"] == 30_000


def test_a_workbook_written_by_openpyxl_passes():
    from openpyxl import Workbook

    book = Workbook()
    for n in range(100):
        book.active.append([n, "ligne", 12.5])
    buffer = io.BytesIO()
    book.save(buffer)
    check_xlsx(buffer.getvalue(), "budget.xlsx")
    check_xlsx(io.BytesIO(buffer.getvalue()), "budget.xlsx")  # an open file as well as bytes


def test_a_file_that_is_not_a_zip_archive_is_left_to_its_reader():
    check_xlsx(b"account;amount\n01.01;12\n", "budget.xlsx")
