"""The demo's calendar: its stories are written as of DEMO_DAY and move with the years.

Every date and year of the demo (obligation years, choices filed, declarations, investments,
invoices, fund calls and decisions, deadlines) is written as the story stands on DEMO_DAY. The
first load moves them all by the whole years that have passed since, so a demo loaded in 2028 has
its open file in 2028, its deadlines ahead and its history behind, as one loaded today. Only the
fund's annual report 2024 keeps its published dates (montage/web/fund/demo_report.py): it is a
record of that year, not a story.

The shift is fixed once per database: a later load reads it back from the anchor record (Télé
Demo's first obligation year, written ANCHOR_YEAR), so loading again years later adds nothing
and moves nothing. Tests run on DEMO_DAY (tests/conftest.py), where the shift is zero.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re

from django.utils import timezone

DEMO_DAY = dt.date(2026, 12, 1)
ANCHOR_EDITOR = "Télé Demo"
ANCHOR_YEAR = 2024

_shift: contextvars.ContextVar[int | None] = contextvars.ContextVar("demo_shift", default=None)
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def years_since_written(today: dt.date) -> int:
    """Whole years from DEMO_DAY to `today` (0 before DEMO_DAY's first anniversary)."""
    years = today.year - DEMO_DAY.year
    if (today.month, today.day) < (DEMO_DAY.month, DEMO_DAY.day):
        years -= 1
    return max(years, 0)


def shift_of_database() -> int:
    """The shift of the demo already in the database, or the one a first load takes today."""
    from montage.web.contribution.models import ObligationYear

    first = (ObligationYear.objects.filter(editor__organisation__name=ANCHOR_EDITOR)
             .order_by("year").values_list("year", flat=True).first())
    if first is not None:
        return first - ANCHOR_YEAR
    return years_since_written(timezone.localdate())


@contextlib.contextmanager
def loading():
    """Fix the shift for one load of the demo (all its modules see the same one)."""
    token = _shift.set(shift_of_database())
    try:
        yield
    finally:
        _shift.reset(token)


def shift() -> int:
    value = _shift.get()
    return shift_of_database() if value is None else value


def year(written: int) -> int:
    return written + shift()


def date(written: str | dt.date | int, month: int | None = None,
         day: int | None = None) -> dt.date:
    """`date("2025-06-04")`, `date(2025, 6, 4)` or `date(a_date)`, moved by the shift (29
    February becomes 28 February in a year that has none)."""
    if isinstance(written, str):
        written = dt.date.fromisoformat(written)
    elif isinstance(written, int):
        written = dt.date(written, month, day)
    moved = written.year + shift()
    try:
        return written.replace(year=moved)
    except ValueError:
        return written.replace(year=moved, day=28)


def moment(written: str) -> dt.datetime:
    """An ISO date and time of the story, aware in the project's time zone, moved."""
    value = dt.datetime.fromisoformat(written)
    day = date(value.date())
    return timezone.make_aware(dt.datetime.combine(day, value.time()))


def years(text: str) -> str:
    """Prose of the story ("les contrats de distribution 2024") with its years moved."""
    offset = shift()
    if not offset:
        return text
    return _YEAR.sub(lambda match: str(int(match.group(1)) + offset), text)
