"""Activity data imported from a .csv or .xlsx file (docs/web-carbon.md, "Importing activity
data"): one row per activity, all or nothing, each row through the form's writer
(services.record_activity). Every problem names the file, the row, the column, what was expected
and what the cell held.

Columns (French or English headers, any order; * required): bilan/basis (prévisionnel or réel;
réel by default), phase*, poste/post*, date*, description/label*, quantité/quantity*,
unité/unit*, facteur/factor (a shipped factor's code, e.g. carbon.diesel_litre) or
facteur saisi/factor_value with source du facteur/factor_source, ligne du journal/ledger_line (the
number of the ledger line the activity measures).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from montage.errors import InputError, Problem
from montage.finance.ledger_rows import read_table
from montage.money import parse_belgian_number
from montage.web.carbon import services
from montage.web.carbon.models import PHASES, POSTS, UNITS, Activity, Basis
from montage.web.registry.services import Refused

HEADERS = {
    "basis": ("bilan", "basis", "footprint"), "phase": ("phase",),
    "post": ("poste", "post"), "date": ("date",),
    "label": ("description", "libellé", "label"), "quantity": ("quantité", "quantity"),
    "unit": ("unité", "unit"), "factor": ("facteur", "factor"),
    "factor_value": ("facteur saisi", "factor_value"),
    "factor_source": ("source du facteur", "factor_source"),
    "ledger_line": ("ligne du journal", "ledger_line"),
}
REQUIRED = ("phase", "post", "date", "label", "quantity", "unit")
# a record's field → the file's column, for the writer's refusals
FIELDS = {"factor_code": "factor", "user_factor": "factor_value",
          "user_factor_source": "factor_source", "expense": "ledger_line"}


def _choices(pairs) -> dict[str, str]:
    """Code, French and English names (lower case) → code."""
    found = {}
    for code, name in pairs:
        found[code.lower()] = code
        for lang in ("fr", "en"):
            with translation.override(lang):
                found[str(name).strip().lower()] = code
    return found


def _number(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    return parse_belgian_number(str(value))


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def read(project, file_name: str, data: bytes) -> list[Activity]:
    """The file's activities, unsaved and checked by the writer's rules; InputError with every
    problem of every row."""
    headers, rows = read_table(data, file_name)
    names = {h.strip().lower(): h for h in headers if h}
    columns = {}
    for key, aliases in HEADERS.items():
        for alias in aliases:
            if alias in names:
                columns[key] = headers.index(names[alias])
                break
    missing = [HEADERS[key][0] for key in REQUIRED if key not in columns]
    if missing:
        raise InputError.of([Problem(file=file_name, row=1, column=name,
                                     expected="a column %(name)s", got="",
                                     params={"name": name}) for name in missing])
    shown = {key: headers[index] for key, index in columns.items()}
    choices = {"basis": _choices(list(Basis.choices) + [("forecast", "prévisionnel"),
                                                      ("actual", "réel")]),
               "phase": _choices(PHASES), "post": _choices(POSTS), "unit": _choices(UNITS)}
    from montage.web.ledger.models import Expense

    expenses: dict[str, list] = {}
    for expense in Expense.objects.filter(project=project).exclude(number=""):
        expenses.setdefault(expense.number.strip().lower(), []).append(expense)
    problems, records = [], []
    for number, cells in rows:
        def cell(key):
            index = columns.get(key)
            value = cells[index] if index is not None and index < len(cells) else None
            return None if value is None or str(value).strip() == "" else value

        def bad(key, expected, got, **params):
            problems.append(Problem(file=file_name, row=number, column=shown.get(key, key),
                                    expected=expected, got="" if got is None else str(got),
                                    params=params or None))
        values = {}
        for key in ("basis", "phase", "post", "unit"):
            raw = cell(key)
            if raw is None:
                if key == "basis":
                    values[key] = Basis.ACTUAL
                else:
                    bad(key, "a value", raw)
                continue
            code = choices[key].get(str(raw).strip().lower())
            if code is None:
                bad(key, "one of %(choices)s", raw, choices=", ".join(
                    sorted({c for c in choices[key].values()})))
            values[key] = code
        for key, reader, expected in (("date", _date, "a date (dd/mm/yyyy)"),
                                      ("quantity", _number, "a number"),
                                      ("factor_value", _number, "a number")):
            raw = cell(key)
            if raw is None:
                if key != "factor_value":
                    bad(key, "a value", raw)
                values[key] = None
                continue
            try:
                values[key] = reader(raw)
            except (ValueError, InputError) as error:
                if isinstance(error, InputError) and error.problems[0].message:
                    problems.append(error.problems[0].at(file=file_name, row=number,
                                                         column=shown[key]))
                else:
                    bad(key, expected, raw)
                values[key] = None
        label = cell("label")
        if label is None:
            bad("label", "a value", None)
        expense = None
        reference = cell("ledger_line")
        if reference is not None:
            found = expenses.get(str(reference).strip().lower(), [])
            if len(found) != 1:
                bad("ledger_line", "the number of one of the project's ledger lines"
                    if not found else "a number that names one ledger line only "
                    "(%(count)s lines have it)", reference, count=len(found))
            else:
                expense = found[0]
        record = Activity(
            project=project, basis=values.get("basis") or "", phase=values.get("phase") or "",
            post=values.get("post") or "", label=str(label or "")[:200],
            date=values.get("date"), quantity=values.get("quantity"),
            unit=values.get("unit") or "", factor_code=str(cell("factor") or "").strip(),
            user_factor=values.get("factor_value"),
            user_factor_source=str(cell("factor_source") or "").strip(), expense=expense)
        if None in (record.date, record.quantity) or not all(
                (record.basis, record.phase, record.post, record.unit, label)):
            continue   # its cells are already reported
        try:
            services._check_activity(record)
        except Refused as refusal:
            for field, text in refusal.errors.items():
                column = FIELDS.get(field, field)
                problems.append(Problem(text, file=file_name, row=number,
                                        column=shown.get(column, HEADERS[column][0])))
            continue
        records.append(record)
    if problems:
        raise InputError.of(problems)
    if not records:
        raise InputError.of([Problem(file=file_name, row=2, expected="at least one activity",
                                     got="")])
    return records


def import_activities(project, file_name: str, data: bytes, user) -> list[Activity]:
    """All the file's activities, recorded by the form's writer, or none."""
    records = read(project, file_name, data)
    with transaction.atomic():
        return [services.record_activity(project, record, user) for record in records]
