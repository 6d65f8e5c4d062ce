"""A workbook (.xlsx) is a zip archive: checked before any parser opens it (docs/web.md, "Limits").

A 3 MB .xlsx can unpack to gigabytes (a "zip bomb"): openpyxl would then fill the memory for
minutes. `check_xlsx` reads only the archive's central directory (each member's declared sizes)
and the head of each sheet (its `<dimension ref="A1:M200000">`), so a refused file costs a few
kilobytes of reading. The declared sizes can be trusted as a bound: Python's zipfile never yields
more than a member's declared `file_size` (it stops there, and a lie is a CRC error).

Pure Python (no Django): the web reads the limits from its settings (montage.web.core.uploads).
Every message is a catalogue msgid with %(name)s parameters, translated by the pages.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from montage.errors import InputError, Problem

MB = 1024 * 1024
# A member smaller than this is never refused for its ratio: a few repeated styles or strings
# compress very well and hold nothing dangerous.
RATIO_FLOOR = 1 * MB
_HEAD = 64 * 1024  # the <dimension> element comes before the sheet's data, in its first bytes
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Za-z$]*\$?(\d*)(?::[A-Za-z$]*\$?(\d+))?"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int = 512 * MB   # all members together, uncompressed
    ratio: int = 100                 # uncompressed / compressed, per member (beyond RATIO_FLOOR)
    rows: int = 1_048_576            # per sheet: Excel's own maximum


def megabytes(size: int) -> int:
    """Whole MB, rounded up: a file over the limit never reads as equal to it."""
    return -(-size // MB)


def check_xlsx(data: bytes | BinaryIO, file_name: str, limits: Limits = Limits()) -> None:
    """Refuse (InputError) a workbook too large once unpacked, compressed suspiciously well, or
    with a sheet of too many rows. What is not a zip archive passes: the reader then says that it
    expected a workbook, in its own words."""
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > limits.unpacked_bytes:
            _refuse(file_name, "the workbook unpacks to %(size)s MB, more than the limit of "
                    "%(limit)s MB", size=megabytes(unpacked),
                    limit=megabytes(limits.unpacked_bytes))
        for member in members:
            if member.file_size > RATIO_FLOOR and \
                    member.file_size > limits.ratio * max(member.compress_size, 1):
                _refuse(file_name, "the workbook's part %(part)s unpacks to %(ratio)s times its "
                        "compressed size, more than the limit of %(limit)s times (a zip bomb?)",
                        part=member.filename,
                        ratio=member.file_size // max(member.compress_size, 1),
                        limit=limits.ratio)
        for member in members:
            name = member.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                rows = _row_count(archive, member)
                if rows > limits.rows:
                    _refuse(file_name, "the sheet %(part)s has %(rows)s rows, more than the "
                            "limit of %(limit)s", part=name, rows=rows, limit=limits.rows)


def _row_count(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    """The sheet's last row as its <dimension> declares it, else its <row> elements counted while
    streaming (the member's size is already bounded)."""
    with archive.open(member) as part:
        head = part.read(_HEAD)
        found = _DIMENSION.search(head)
        if found and (found.group(2) or found.group(1)):
            return int(found.group(2) or found.group(1))
        count, tail, chunk = 0, b"", head
        while chunk:
            text = tail + chunk
            # a tag may be cut at the chunk's end: those starting in the last bytes wait
            keep = max(len(text) - 16, 0)
            count += sum(1 for row in _ROW.finditer(text) if row.start() < keep)
            tail, chunk = text[keep:], part.read(MB)
        count += len(_ROW.findall(tail))
        return count


def _refuse(file_name: str, message: str, **params) -> None:
    raise InputError.of([Problem(message, file=file_name, params=params)])
