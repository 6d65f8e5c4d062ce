"""The legal parameters the engine computes on: the shipped files and the values entered here.

« Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de l'indice
des prix à la consommation du mois de janvier 2023. » (vade-mecum 2025, étape 1 §4, note 3). An
index Statbel publishes after a release is entered by the CCA (issue 12, finding 3): the value,
its validity and its source. `enter_value` is its one writer; `current_parameters()` is the set
every page, API answer and export hands the engine (montage.web.contribution.services and the
other bridges to montage.law): the shipped `montage.law.parameters.default()` with the entered
values added through the loader's own checks (`Parameters.adding`). The engine reads no database.

An entered value a later release contradicts (the release ships a value for the same period, or
no longer ships the parameter) is set aside, not used: the shipped value wins and the page and
`montage web-admin parameters` show the entry with the reason (`Merged.set_aside`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from montage.errors import InputError, Problem
from montage.law.parameters import Entry, Parameters, ParameterValue, default
from montage.web.parameters.models import EnteredValue
from montage.web.registry.services import Refused

_FIELDS = ("pk", "name", "value", "valid_from", "valid_until", "source",
           "entered_by__username", "entered_at")


@dataclass(frozen=True)
class SetAside:
    """An entered value the shipped set refuses (a later release covers its period)."""

    pk: int
    entry: Entry
    error: InputError


@dataclass(frozen=True)
class Merged:
    parameters: Parameters
    set_aside: tuple[SetAside, ...] = ()


_lock = threading.Lock()
_cache: dict = {}
# Within one request the entered values are read once (a page evaluating an editor asks for
# the set on every investment row): request_started opens the request's memo, request_finished
# closes it, a value entered meanwhile (invalidate) empties it. Outside requests (commands, the
# job queue) every call reads the rows.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "montage_parameter_rows", default=None)


def _open_request_memo(**_kwargs) -> None:
    _request_memo.set({})


def _close_request_memo(**_kwargs) -> None:
    _request_memo.set(None)


request_started.connect(_open_request_memo, dispatch_uid="montage_parameter_rows_open")
request_finished.connect(_close_request_memo, dispatch_uid="montage_parameter_rows_close")


def _entered_rows() -> tuple:
    memo = _request_memo.get()
    if memo is not None and "rows" in memo:
        return memo["rows"]
    rows = tuple(EnteredValue.objects.order_by("entered_at", "pk").values_list(*_FIELDS))
    if memo is not None:
        memo["rows"] = rows
    return rows


def _when(at: dt.datetime) -> str:
    return timezone.localtime(at).isoformat(timespec="seconds")


def _entry(row: tuple) -> Entry:
    _pk, name, value, start, end, source, by, at = row
    return Entry(name, value, start, end, source, by, _when(at))


def merged() -> Merged:
    """The shipped parameters and the entered values (in the order they were entered), each
    added through `Parameters.adding`; cached until the entered values change (the key is the
    rows themselves, one query (once per request), so every process sees a value as soon as it
    is committed)."""
    rows = _entered_rows()
    base = default()
    with _lock:
        cached = _cache.get("merged")
    if cached is not None and cached[0] == rows and cached[1] is base:
        return cached[2]
    params, aside = base, []
    for row in rows:
        entry = _entry(row)
        try:
            params = params.adding(entry)
        except InputError as error:
            aside.append(SetAside(row[0], entry, error))
    result = Merged(params, tuple(aside))
    with _lock:
        _cache["merged"] = (rows, base, result)
    return result


def current_parameters() -> Parameters:
    """What the engine computes on in the web: shipped files + values entered by the CCA."""
    return merged().parameters


def invalidate() -> None:
    """Forget the merged set (a value was entered)."""
    with _lock:
        _cache.clear()
    _forget_request_rows()


def _forget_request_rows() -> None:
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


# -- the one writer --------------------------------------------------------------------------

def _shown(value):
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


def _sentence(problem: Problem) -> str:
    """The problem's sentence in the reader's language, its dates as the reader writes them."""
    params = dict(problem.params or {})
    if "start" in params:
        def period(start, end):
            return f"{_shown(start)} → {_shown(end) if end else '…'}"
        params["period"] = period(params["start"], params["end"])
        params["other"] = period(params["other_start"], params["other_end"])
    params = {key: _shown(value) for key, value in params.items()}
    text = gettext(problem.message)
    return text % params if problem.params else text


def field_errors(error: InputError) -> dict[str, str]:
    """{form field: the sentences of its problems}, translated."""
    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        errors.setdefault(problem.column or "value", []).append(_sentence(problem))
    return {field: " ".join(sentences) for field, sentences in errors.items()}


def enter_value(name: str, value: str, valid_from: dt.date, valid_until: dt.date | None,
                source: str, user) -> EnteredValue:
    """Add a dated value of the parameter `name`, entered by `user` (the caller asks
    permissions.can_enter_parameters first). Refused, with the fields in error, unless the
    loader accepts it with the shipped and entered values: a parameter of the shipped set, a
    value of its unit, a source, a period in order that overlaps no other. Audited (each field,
    with the user) and used by the engine from the next computation on."""
    now = timezone.now()
    entry = Entry(name, (value or "").strip(), valid_from, valid_until, (source or "").strip(),
                  user.get_username(), _when(now))
    with transaction.atomic():
        # one entry at a time for a parameter: a second waits, then sees the first
        list(EnteredValue.objects.select_for_update().filter(name=name).values_list("pk"))
        _forget_request_rows()  # the rows as they are now, not as the request first read them
        try:
            current_parameters().check(entry)
        except InputError as error:
            raise Refused(errors=field_errors(error)) from None
        row = EnteredValue(name=entry.name, value=entry.value, valid_from=valid_from,
                           valid_until=valid_until, source=entry.source, entered_by=user,
                           entered_at=now)
        row.save()
        transaction.on_commit(invalidate)
    invalidate()
    return row


# -- what the pages and the listing show -----------------------------------------------------

@dataclass(frozen=True)
class HistoryRow:
    """One value of a parameter: shipped (`entered` None), entered and used, or entered and set
    aside (`set_aside`: why)."""

    value: ParameterValue | None
    entered: EnteredValue | None = None
    set_aside: str = ""

    @property
    def valid_from(self) -> dt.date:
        return self.value.valid_from if self.value else self.entered.valid_from

    @property
    def valid_until(self) -> dt.date | None:
        return self.value.valid_until if self.value else self.entered.valid_until

    @property
    def source(self) -> str:
        return self.value.source if self.value else self.entered.source

    @property
    def shown(self) -> str:
        """The value as the explanations write it, in the reader's language."""
        from montage.law.explain import show_value
        from montage.web.core.templatetags.montage import current_lang

        if self.value is None:
            return self.entered.value
        return show_value(self.value.value, self.value.unit, current_lang(), self.value.per)


def history(name: str) -> list[HistoryRow]:
    """Every value of the parameter, shipped and entered, in date order; then the entries set
    aside. Raises KeyError for a name the shipped set does not hold."""
    state = merged()
    params = state.parameters
    if name not in params.units:
        raise KeyError(name)
    entered = {row.pk: row for row in EnteredValue.objects.filter(name=name)
               .select_related("entered_by")}
    aside_pks = {aside.pk for aside in state.set_aside}
    by_period = {(row.valid_from, row.valid_until): row for row in entered.values()
                 if row.pk not in aside_pks}
    rows = []
    for value in params.history(name):
        row = by_period.get((value.valid_from, value.valid_until)) if value.entered else None
        rows.append(HistoryRow(value, row))
    for aside in state.set_aside:
        if aside.entry.name == name and aside.pk in entered:
            rows.append(HistoryRow(None, entered[aside.pk], " ".join(
                field_errors(aside.error).values())))
    return rows
