"""Dated legal parameters: one YAML file per legal quantity, each value with its source.

A file `parameters/<group>/<name>.yaml` is the quantity `<group>.<name>`:

    description: {fr: "...", en: "..."}
    unit: fraction      # amount | fraction | integer | index | scale | month | month_day | list
    values:
      - valid_from: 2024-01-01
        valid_until: 2024-12-31      # optional: open-ended when absent
        value: "0.35"                # read as the exact text written, never as a float
        source: "Vade-mecum 2025, étape 2 §3.1; décret du 4 février 2021, art. 6.1.1-1"

Every file is checked when the set loads (the checks cannot be skipped): known unit, values of that
unit, a source on every value, periods in order and not overlapping. A lookup on a date no value
covers raises `ParameterError`: a gap in the law data is never read as zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from montage.errors import InputError, ParameterError
from montage.law import yamlsource

PARAMETERS_DIR = Path(__file__).with_name("parameters")
UNITS = {"amount", "fraction", "integer", "index", "scale", "month", "month_day", "list"}


@dataclass(frozen=True)
class ParameterValue:
    """One value of a legal quantity, as used in a computation (and shown in its explanation)."""

    name: str
    value: object
    source: str
    valid_from: dt.date
    valid_until: dt.date | None
    description: dict

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": _jsonable(self.value),
            "source": self.source,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
        }


@dataclass(frozen=True)
class Band:
    """A band of a scale: applies from `lower` (included) up to the next band's lower (excluded)."""

    lower: Decimal
    rate: Decimal


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()[:7] if value.day == 1 else value.isoformat()
    if isinstance(value, Band):
        return {"from": str(value.lower), "rate": str(value.rate)}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


class _Reader:
    """Validates one parameter file; each complaint is `FILE:LINE: message`."""

    def __init__(self, path: Path, name: str):
        self.path, self.name = path, name

    def fail(self, message: str, line: int | None = None) -> None:
        raise ParameterError(str(InputError(message, file=str(self.path), line=line)))

    def decimal(self, text: object, line: int, what: str) -> Decimal:
        if not isinstance(text, str):
            self.fail(f"{what}: expected a number written as text, got {text!r}", line)
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail(f"{what}: expected a number, got {text!r}", line)
        if not number.is_finite() or number < 0:
            self.fail(f"{what}: expected a number of zero or more, got {text!r}", line)
        return number

    def date(self, text: object, line: int, what: str) -> dt.date:
        try:
            return dt.date.fromisoformat(str(text))
        except ValueError:
            self.fail(f"{what}: expected a date YYYY-MM-DD, got {text!r}", line)

    def value(self, unit: str, raw: object, line: int):
        if unit in ("amount", "index"):
            return self.decimal(raw, line, "value")
        if unit == "fraction":
            number = self.decimal(raw, line, "value")
            if number > 1:
                self.fail(f"value: a fraction must lie between 0 and 1, got {raw!r}", line)
            return number
        if unit == "integer":
            number = self.decimal(raw, line, "value")
            if number != number.to_integral_value():
                self.fail(f"value: expected a whole number, got {raw!r}", line)
            return int(number)
        if unit == "month":
            try:
                return dt.date.fromisoformat(f"{raw}-01")
            except ValueError:
                self.fail(f"value: expected a month YYYY-MM, got {raw!r}", line)
        if unit == "month_day":
            if not isinstance(raw, dict) or set(raw) - {"month", "day", "year_offset"}:
                self.fail("value: expected {month, day, year_offset}", line)
            try:
                month, day = int(raw["month"]), int(raw["day"])
                offset = int(raw.get("year_offset", 0))
                dt.date(2024, month, day)
            except (KeyError, ValueError):
                self.fail(f"value: not a valid month and day: {dict(raw)!r}", line)
            return {"month": month, "day": day, "year_offset": offset}
        if unit == "list":
            if not isinstance(raw, list) or not raw:
                self.fail("value: expected a non-empty list", line)
            return tuple(raw)
        # scale
        if not isinstance(raw, list) or not raw:
            self.fail("value: expected a list of bands {from, rate}", line)
        bands = []
        for index, band in enumerate(raw):
            band_line = raw.line_of(index)
            if not isinstance(band, dict) or set(band) != {"from", "rate"}:
                self.fail("band: expected exactly {from, rate}", band_line)
            lower = self.decimal(band["from"], band_line, "from")
            rate = self.decimal(band["rate"], band_line, "rate")
            if rate > 1:
                self.fail(f"rate: a rate is a fraction between 0 and 1, got {band['rate']!r}",
                          band_line)
            if bands and lower <= bands[-1].lower:
                self.fail("from: bands must be listed by increasing lower bound", band_line)
            if not bands and lower != 0:
                self.fail("from: the first band must start at 0", band_line)
            bands.append(Band(lower, rate))
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
                self.fail(f"missing key {key!r}", data.line)
        unknown = set(data) - {"description", "unit", "values", "notes"}
        if unknown:
            self.fail(f"unknown key(s) {sorted(unknown)}", data.line)
        description = data["description"]
        if not isinstance(description, dict) or not {"fr", "en"} <= set(description):
            self.fail("description: expected {fr: ..., en: ...}", data.line_of("description"))
        unit = data["unit"]
        if unit not in UNITS:
            self.fail(f"unit: expected one of {sorted(UNITS)}, got {unit!r}", data.line_of("unit"))
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
                self.fail(f"missing {sorted(missing)}", line)
            extra = set(entry) - {"valid_from", "valid_until", "value", "source"}
            if extra:
                self.fail(f"unknown key(s) {sorted(extra)}", line)
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
                                         dict(description)))
        return dict(description), unit, values


class Parameters:
    """All legal quantities, loaded and checked at once."""

    def __init__(self, directory: Path = PARAMETERS_DIR):
        self._values: dict[str, list[ParameterValue]] = {}
        self.units: dict[str, str] = {}
        for path in sorted(directory.rglob("*.yaml")):
            name = ".".join(path.relative_to(directory).with_suffix("").parts)
            _, unit, values = _Reader(path, name).read()
            self._values[name], self.units[name] = values, unit

    def names(self) -> list[str]:
        return sorted(self._values)

    def find(self, name: str, on: dt.date) -> ParameterValue | None:
        """The value in force on `on`, or None when none is (callers that may say so)."""
        if name not in self._values:
            raise ParameterError(f"unknown legal parameter {name!r}")
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
            raise ParameterError(f"no value of {name} is in force on {on.isoformat()} "
                                 f"(known periods: {periods})")
        return value

    def history(self, name: str) -> list[ParameterValue]:
        return list(self._values[name])


@lru_cache(maxsize=1)
def default() -> Parameters:
    return Parameters()
