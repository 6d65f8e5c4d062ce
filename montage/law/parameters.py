"""Dated legal parameters: one YAML file per legal quantity, each value with its source.

A file `parameters/<group>/<name>.yaml` is the quantity `<group>.<name>`:

    description: {fr: "...", en: "..."}
    unit: fraction      # amount | fraction | integer | index | scale | month | month_day | list
                        # | factor (an emission factor, kg CO2e per unit of activity)
    per: litre          # a factor's unit of activity (litre, km, passenger_km, room_night, …)
    values:
      - valid_from: 2024-01-01
        valid_until: 2024-12-31      # optional: open-ended when absent
        value: "0.35"                # read as the exact text written, never as a float
        source: "Vade-mecum 2025, étape 2 §3.1; décret du 4 février 2021, art. 6.1.1-1"

Every file is checked when the set loads (the checks cannot be skipped): known unit, values of that
unit, a source on every value, periods in order and not overlapping. A lookup on a date no value
covers raises `ParameterError`: a gap in the law data is never read as zero.

The files are the shipped base. A dated value published after a release (a January price index)
is added without one: `Parameters.adding(Entry(...))` returns a new set holding it, after the same
checks (`Parameters.check`: a known quantity, a value of its unit, a source, a period that
overlaps no value of the set). The web application keeps the values its CCA users enter and hands
the engine the set they make with the files (montage.web.parameters); nothing here reads a
database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from montage.errors import InputError, ParameterError, Problem
from montage.law import yamlsource

PARAMETERS_DIR = Path(__file__).with_name("parameters")
UNITS = {"amount", "fraction", "integer", "index", "scale", "month", "month_day", "list",
         "factor"}


@dataclass(frozen=True)
class ParameterValue:
    """One value of a legal quantity, as used in a computation (and shown in its explanation)."""

    name: str
    value: object
    source: str
    valid_from: dt.date
    valid_until: dt.date | None
    description: dict
    # A value entered after the release (Entry), not read from a file: {"by": who, "at": when,
    # an ISO date-time}; None for a shipped value.
    entered: dict | None = None
    # How the value reads (the file's `unit`: scale, fraction, amount, list, …), for its display.
    unit: str = ""
    # An emission factor's unit of activity (the file's `per`: litre, km, …); "" otherwise.
    per: str = ""

    def as_dict(self) -> dict:
        data = {
            "name": self.name,
            "value": _jsonable(self.value),
            "source": self.source,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }
        if self.per:  # an added key only: other values' keys are unchanged
            data["per"] = self.per
        if self.entered is not None:  # an added key only: a shipped value's keys are unchanged
            data["entered"] = dict(self.entered)
        return data


@dataclass(frozen=True)
class Entry:
    """A dated value added to the shipped set, written as in a file: the value as text (a number
    "133.00", a month "2025-01"; a list, a scale or a {month, day} in YAML), its period and its
    source. `entered_by` and `entered_at` (ISO date-time) say who added it and when."""

    name: str
    value: str
    valid_from: dt.date | str
    valid_until: dt.date | str | None
    source: str
    entered_by: str = ""
    entered_at: str = ""


@dataclass(frozen=True)
class Band:
    """A band of a scale: applies from `lower` (included) up to the next band's lower (excluded).
    `above` excludes the lower bound too: the band starts strictly above it (the rate table's
    last row, « >150.000.000 € »); the band before it then includes that bound."""

    lower: Decimal
    rate: Decimal
    above: bool = False


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()[:7] if value.day == 1 else value.isoformat()
    if isinstance(value, Band):
        band = {"from": str(value.lower), "rate": str(value.rate)}
        return dict(band, above=True) if value.above else band
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


class _Reader:
    """Validates one parameter file; each complaint is `FILE:LINE: message`."""

    def __init__(self, path: Path, name: str):
        self.path, self.name = path, name

    def fail(self, message: str, line: int | None = None, field: str | None = None,
             **params) -> None:
        """`message` is a sentence with %(name)s placeholders filled from `params` (so that the
        web can translate it, see _EntryReader); `field` the key it is about."""
        text = message % params if params else message
        raise ParameterError(str(InputError(text, field=field, file=str(self.path), line=line)))

    def decimal(self, text: object, line: int, what: str) -> Decimal:
        if not isinstance(text, str):
            self.fail("expected a number written as text, got %(got)r", line, what, got=text)
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail("expected a number, got %(got)r", line, what, got=text)
        if not number.is_finite() or number < 0:
            self.fail("expected a number of zero or more, got %(got)r", line, what, got=text)
        return number

    def date(self, text: object, line: int, what: str) -> dt.date:
        if isinstance(text, dt.date):
            return text
        try:
            return dt.date.fromisoformat(str(text))
        except ValueError:
            self.fail("expected a date YYYY-MM-DD, got %(got)r", line, what, got=text)

    def value(self, unit: str, raw: object, line: int):
        if unit in ("amount", "index", "factor"):
            return self.decimal(raw, line, "value")
        if unit == "fraction":
            number = self.decimal(raw, line, "value")
            if number > 1:
                self.fail("a fraction must lie between 0 and 1, got %(got)r", line, "value",
                          got=raw)
            return number
        if unit == "integer":
            number = self.decimal(raw, line, "value")
            if number != number.to_integral_value():
                self.fail("expected a whole number, got %(got)r", line, "value", got=raw)
            return int(number)
        if unit == "month":
            try:
                return dt.date.fromisoformat(f"{raw}-01")
            except ValueError:
                self.fail("expected a month YYYY-MM, got %(got)r", line, "value", got=raw)
        if unit == "month_day":
            if not isinstance(raw, dict) or set(raw) - {"month", "day", "year_offset"}:
                self.fail("expected {month, day, year_offset}", line, "value")
            try:
                month, day = int(raw["month"]), int(raw["day"])
                offset = int(raw.get("year_offset", 0))
                dt.date(2024, month, day)
            except (KeyError, ValueError):
                self.fail("not a valid month and day: %(got)r", line, "value", got=dict(raw))
            return {"month": month, "day": day, "year_offset": offset}
        if unit == "list":
            if not isinstance(raw, list) or not raw:
                self.fail("expected a non-empty list", line, "value")
            return tuple(raw)
        # scale
        if not isinstance(raw, list) or not raw:
            self.fail("expected a list of bands {from, rate}", line, "value")
        bands = []
        for index, band in enumerate(raw):
            band_line = raw.line_of(index)
            if not isinstance(band, dict) or not {"from", "rate"} <= set(band) or \
                    set(band) - {"from", "rate", "above"}:
                self.fail("expected {from, rate} and optionally above: true", band_line, "band")
            above = band.get("above", False)
            if above not in (True, False):
                self.fail("above: expected true or false, got %(got)r", band_line, "above",
                          got=above)
            lower = self.decimal(band["from"], band_line, "from")
            rate = self.decimal(band["rate"], band_line, "rate")
            if rate > 1:
                self.fail("a rate is a fraction between 0 and 1, got %(got)r", band_line, "rate",
                          got=band["rate"])
            if bands and lower <= bands[-1].lower:
                self.fail("bands must be listed by increasing lower bound", band_line, "from")
            if not bands and lower != 0:
                self.fail("the first band must start at 0", band_line, "from")
            if not bands and above:
                self.fail("the first band starts at 0 included: it cannot be above 0",
                          band_line, "above")
            bands.append(Band(lower, rate, above))
        return tuple(bands)

    def read(self) -> tuple[dict, str, list[ParameterValue]]:
        try:
            data = yamlsource.load(self.path)
        except InputError as error:
            raise ParameterError(str(error)) from None
        if not isinstance(data, dict):
            self.fail("expected a mapping with description, unit and values", 1)
        for key in ("description", "unit", "values"):
            if key not in data:
                self.fail("missing key %(key)r", data.line, key=key)
        unknown = set(data) - {"description", "unit", "values", "notes", "per"}
        if unknown:
            self.fail("unknown key(s) %(keys)s", data.line, keys=sorted(unknown))
        description = data["description"]
        if not isinstance(description, dict) or not {"fr", "en"} <= set(description):
            self.fail("description: expected {fr: ..., en: ...}", data.line_of("description"))
        unit = data["unit"]
        if unit not in UNITS:
            self.fail("unit: expected one of %(units)s, got %(unit)r", data.line_of("unit"),
                      units=sorted(UNITS), unit=unit)
        per = str(data.get("per") or "").strip()
        if unit == "factor" and not per:
            self.fail("per: an emission factor needs its unit of activity (litre, km, …)",
                      data.line)
        if per and unit != "factor":
            self.fail("per: only an emission factor (unit factor) has a unit of activity",
                      data.line_of("per"))
        raw_values = data["values"]
        if not isinstance(raw_values, list) or not raw_values:
            self.fail("values: expected a non-empty list", data.line_of("values"))
        values: list[ParameterValue] = []
        for index, entry in enumerate(raw_values):
            line = raw_values.line_of(index)
            if not isinstance(entry, dict):
                self.fail("expected {valid_from, value, source}", line)
            missing = {"valid_from", "value", "source"} - set(entry)
            if missing:
                self.fail("missing %(keys)s", line, keys=sorted(missing))
            extra = set(entry) - {"valid_from", "valid_until", "value", "source"}
            if extra:
                self.fail("unknown key(s) %(keys)s", line, keys=sorted(extra))
            if not str(entry["source"] or "").strip():
                self.fail("source: every value needs its legal source", entry.line_of("source"))
            start = self.date(entry["valid_from"], entry.line_of("valid_from"), "valid_from")
            end = None
            if entry.get("valid_until") is not None:
                end = self.date(entry["valid_until"], entry.line_of("valid_until"), "valid_until")
                if end < start:
                    self.fail("valid_until is before valid_from", entry.line_of("valid_until"))
            if values:
                previous = values[-1]
                if previous.valid_until is None or previous.valid_until >= start:
                    self.fail("this period overlaps the previous one (values must be in date "
                              "order, each closed by valid_until before the next starts)", line)
            values.append(ParameterValue(self.name, self.value(unit, entry["value"],
                                                               entry.line_of("value")),
                                         str(entry["source"]).strip(), start, end,
                                         dict(description), unit=unit, per=per))
        return dict(description), unit, values


class _EntryReader(_Reader):
    """The file reader's value checks for one Entry: each complaint is a Problem on the entry's
    field (`column`), its sentence and its arguments apart so that a page can translate it."""

    def __init__(self, name: str):
        super().__init__(Path(f"<{name}>"), name)

    def fail(self, message: str, line: int | None = None, field: str | None = None,
             **params) -> None:
        column = field if field in ("valid_from", "valid_until", "source", "name") else "value"
        if field and field not in (column, "value"):   # a band's "from" or "rate"
            message = f"{field}: {message}"
        raise InputError.of([Problem(message, column=column, params=params or None)])

    def raw(self, unit: str, text: str):
        """The entry's text as a file would hold it: numbers and months as text; a list, a
        scale or a {month, day} read as YAML."""
        text = text.strip()
        if unit not in ("list", "scale", "month_day"):
            return text
        try:
            return yamlsource.loads(text, "<value>")
        except InputError as error:
            self.fail("not readable as YAML: %(error)s", None, "value", error=error.message)


def _short(value: object) -> str:
    """A value as a sentence may quote it: a number or a month, not a whole scale."""
    shown = _jsonable(value)
    return "[…]" if isinstance(shown, (list, dict)) else str(shown)


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{start.isoformat()} → {end.isoformat() if end else '…'}"


class Parameters:
    """All legal quantities, loaded and checked at once."""

    def __init__(self, directory: Path = PARAMETERS_DIR):
        self._values: dict[str, list[ParameterValue]] = {}
        self.units: dict[str, str] = {}
        self.descriptions: dict[str, dict] = {}
        for path in sorted(directory.rglob("*.yaml")):
            name = ".".join(path.relative_to(directory).with_suffix("").parts)
            description, unit, values = _Reader(path, name).read()
            self._values[name], self.units[name] = values, unit
            self.descriptions[name] = description

    def check(self, entry: Entry) -> ParameterValue:
        """The entry as a value of this set, or InputError with every problem found, each on its
        field: the quantity must be one of the set, the value one of its unit (the files' own
        check), the source given, the period in order and overlapping no value the set holds
        (shipped or added). A quantity whose every value has an end (the price index: one value
        per month) takes no open-ended value: it would stand for every later period."""
        reader = _EntryReader(entry.name)
        if entry.name not in self._values:
            raise InputError.of([Problem("unknown legal parameter %(name)s", column="name",
                                         params={"name": entry.name})])
        problems: list[Problem] = []

        def checked(check):
            try:
                return check()
            except InputError as error:
                problems.extend(error.problems)
                return None

        unit = self.units[entry.name]
        value = checked(lambda: reader.value(unit, reader.raw(unit, str(entry.value or "")),
                                             None))
        if not str(entry.source or "").strip():
            problems.append(Problem("every value needs its legal source", column="source"))
        start = checked(lambda: reader.date(entry.valid_from, None, "valid_from"))
        end = None
        if entry.valid_until not in (None, ""):
            end = checked(lambda: reader.date(entry.valid_until, None, "valid_until"))
        history = self._values[entry.name]
        if start is not None and end is not None and end < start:
            problems.append(Problem("valid_until is before valid_from", column="valid_until"))
        elif start is not None and (end is not None or entry.valid_until in (None, "")):
            if end is None and all(v.valid_until is not None for v in history):
                problems.append(Problem(
                    "every value of %(name)s is valid for a period with an end: give the end "
                    "of this one (valid_until)", column="valid_until",
                    params={"name": entry.name}))
            for other in history:
                if other.valid_from <= (end or dt.date.max) and start <= (
                        other.valid_until or dt.date.max):
                    problems.append(Problem(
                        "the period %(period)s overlaps that of the value %(value)s "
                        "(%(other)s, %(source)s): a period holds one value only",
                        column="valid_from",
                        params={"period": _period(start, end), "other": _period(
                            other.valid_from, other.valid_until),
                            "value": _short(other.value), "source": other.source,
                            "start": start, "end": end, "other_start": other.valid_from,
                            "other_end": other.valid_until}))
                    break
        if problems:
            raise InputError.of(problems)
        entered = {"by": entry.entered_by, "at": entry.entered_at}
        per = history[0].per if history else ""
        return ParameterValue(entry.name, value, str(entry.source).strip(), start, end,
                              dict(self.descriptions[entry.name]), entered, unit, per)

    def adding(self, *entries: Entry) -> "Parameters":
        """A new set: this one and these values, each checked (`check`) against this set and
        the entries before it; this set is unchanged. InputError on the first entry refused."""
        result = object.__new__(Parameters)
        result._values = {name: list(values) for name, values in self._values.items()}
        result.units = dict(self.units)
        result.descriptions = dict(self.descriptions)
        for entry in entries:
            value = result.check(entry)
            result._values[entry.name] = sorted(result._values[entry.name] + [value],
                                                key=lambda v: v.valid_from)
        return result

    def names(self) -> list[str]:
        return sorted(self._values)

    def find(self, name: str, on: dt.date) -> ParameterValue | None:
        """The value in force on `on`, or None when none is (callers that may say so)."""
        if name not in self._values:
            raise ParameterError("unknown legal parameter %(name)r", params={"name": name})
        for value in self._values[name]:
            if value.valid_from <= on and (value.valid_until is None or on <= value.valid_until):
                return value
        return None

    def get(self, name: str, on: dt.date) -> ParameterValue:
        """The value in force on `on`; no value in force is an error, never a silent zero."""
        value = self.find(name, on)
        if value is None:
            periods = ", ".join(
                f"{v.valid_from.isoformat()}..{v.valid_until.isoformat() if v.valid_until else ''}"
                for v in self._values[name])
            raise ParameterError("no value of %(name)s is in force on %(on)s (known periods: %(periods)s)",
                                 params={"name": name, "on": on.isoformat(), "periods": periods})
        return value

    def history(self, name: str) -> list[ParameterValue]:
        return list(self._values[name])


@lru_cache(maxsize=1)
def default() -> Parameters:
    return Parameters()
