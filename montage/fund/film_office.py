"""The film office (Wallimage Tournages): shooting files, shooting days and the impact estimate.

The film office helps productions shoot in Wallonia (locations, permits). It knows how many days
each project shot in the region, not what it spent there. The annual report (2024, §2.2.7.2
"Impact des tournages wallons") estimates the spend its service brought as follows, and this module
does the same, step by step:

1. Days "affectables": per project type, the days shot in Wallonia (from the call sheets) minus the
   days of projects financed by Wallimage Coproductions, whose spend is already counted in the
   coproduction figures ("il ne serait donc pas honnête de les comptabiliser deux fois"):
   A = days − days covered by a funded project.
2. Spend per day, measured on the financed projects (parameters `film_office.spend_per_day.*`,
   "B : dépenses totales en RW (éligibles et non éligibles)/jour de tournage") and split into the
   audiovisual part eligible at Wallimage Coproductions (`film_office.av_spend_per_day.*`) and the
   rest (location rental, HoReCa…): non-AV = B − AV.
3. Three variants of the spend per day for a measured type, keeping a share k of the audiovisual
   part "sans incitant financier" and all of the non-audiovisual part:
       per day = (B − AV) + k × AV          k = 1 (gross, column B), 0.5 (column C), 0.25 (column D)
   Small formats the report does not measure (shorts, adverts, music clips, video clips:
   `film_office.flat_rate_types`) count a flat 500 € a day (`film_office.flat_spend_per_day`) in
   all three variants.
4. Per type: spend = A × per day; total = spend + "complément dépenses non AV sur projets financés
   en coprod" (the non-audiovisual spend of the financed projects, counted nowhere else; an input
   of the year, given per type in the data file, not derived).
5. The estimate is the range of the three totals ("entre 6,2 et 8,6 millions d'euros").

Choices, each documented because the report is silent or because it matters for money:
- the per-day amount is not rounded before the product: the report's documentary line at 50 %
  shows 1.048,73 € a day but 12 × 1.048,725 = 12.584,70 €, not 12 × 1.048,73 = 12.584,76 €;
- each type's spend is rounded half-up to the cent (the figure the table prints), and the totals
  are sums of the rounded lines, so the table adds up (the report's gross total is one cent off
  its own lines: docs/fund.md);
- the spend per day is taken with the digits the report prints (29.905,186 €, 36.689,554 €,
  8.119,889 € in the impact tables); its spreadsheet kept more digits, so four products differ from
  the printed ones by 1 to 14 cents (listed in docs/fund.md and asserted in
  tests/fund/test_film_office.py); we do not invent digits to hide that;
- reading is all or nothing: the first bad row stops with an `InputError` naming the file, the line
  and the column; days covered cannot exceed days shot, files shot cannot exceed files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterable, Mapping

from montage.errors import InputError, ParameterError
from montage.fund.messages import register_labels
from montage.law.messages import LABELS as NAMES, register
from montage.fund.tables import Cell, parse_table, read_table
from montage.law.explain import Line
from montage.law.parameters import ParameterValue, Parameters
from montage.money import ZERO, as_text, to_cents

PARAMETERS_DIR = Path(__file__).with_name("parameters")
# In the order of the report's impact tables (§2.2.7.2).
PROJECT_TYPES = ("feature", "series", "short", "documentary", "advert", "tv_format", "music_clip",
                 "video_clip")
LABELS = {"feature": "Longs métrages de fiction", "series": "Séries de fiction",
          "short": "Courts métrages de fiction", "documentary": "Longs métrages documentaires",
          "advert": "Publicités", "tv_format": "Formats TV", "music_clip": "Clips musicaux",
          "video_clip": "Clips vidéo"}
register_labels("fund.shooting", {
    "feature": ("Fiction features", LABELS["feature"]),
    "series": ("Fiction series", LABELS["series"]),
    "short": ("Fiction shorts", LABELS["short"]),
    "documentary": ("Documentary features", LABELS["documentary"]),
    "advert": ("Adverts", LABELS["advert"]), "tv_format": ("TV formats", LABELS["tv_format"]),
    "music_clip": ("Music videos", LABELS["music_clip"]),
    "video_clip": ("Video clips", LABELS["video_clip"])})
# the flat-rate types by their names where the list parameter is shown (its items are bare codes)
register("fund", (NAMES, {code: {"fr": LABELS[code], "en": english}
                          for code, english in (("short", "Fiction shorts"), ("advert", "Adverts"),
                                                ("music_clip", "Music videos"),
                                                ("video_clip", "Video clips"))}))
# The three variants: (key, parameter giving the share of the audiovisual spend kept, column).
VARIANTS = (("gross", None, "B"), ("prudent", "film_office.av_share_kept.prudent", "C"),
            ("very_prudent", "film_office.av_share_kept.very_prudent", "D"))
REQUIRED = ("project_type", "files", "files_shot", "days", "days_covered", "financed_non_av_spend")
UNIT = Decimal("1")


@dataclass(frozen=True)
class ShootingFiles:
    """Shooting files of one project type: one file, or the report's aggregate of a type.

    `files` files were handled, `files_shot` of them shot in the region in the year, for `days`
    days, of which `days_covered` by projects financed by Wallimage Coproductions (a single funded
    file has days_covered = days, an unfunded one 0). `financed_non_av_spend` is the
    non-audiovisual spend of the financed projects of that type (0 when unknown or none).
    """

    row: int
    project_type: str
    files: int
    files_shot: int
    days: int
    days_covered: int
    financed_non_av_spend: Decimal
    extra: Mapping[str, str] = field(default_factory=dict)
    source: str = ""  # where the file is recorded when not a file line ("shooting file 12")

    @property
    def days_not_covered(self) -> int:
        return self.days - self.days_covered


@dataclass(frozen=True)
class DaysLine:
    project_type: str
    files: int
    files_shot: int
    days: int
    days_covered: int
    days_not_covered: int


@dataclass(frozen=True)
class ImpactLine:
    project_type: str
    method: str                # "measured" or "flat"
    days: int                  # A: days not covered by a funded project
    per_day: Decimal           # B, C or D, unrounded
    spend: Decimal             # A × per day, half-up to the cent
    complement: Decimal        # non-AV spend of financed projects
    total: Decimal

    def as_json(self) -> dict:
        return {"project_type": self.project_type, "method": self.method, "days": self.days,
                "per_day": str(self.per_day), "spend": as_text(self.spend),
                "complement": as_text(self.complement), "total": as_text(self.total)}


@dataclass(frozen=True)
class Variant:
    name: str
    column: str
    av_share_kept: Decimal
    lines: dict[str, ImpactLine]
    days: int
    spend: Decimal
    complement: Decimal
    total: Decimal

    def as_json(self) -> dict:
        return {"name": self.name, "column": self.column, "av_share_kept": str(self.av_share_kept),
                "lines": {key: line.as_json() for key, line in self.lines.items()},
                "days": self.days, "spend": as_text(self.spend),
                "complement": as_text(self.complement), "total": as_text(self.total)}


@dataclass(frozen=True)
class SpendSplit:
    """The measured spend per day of a type and its split (the report's first table of §2.2.7.2)."""

    project_type: str
    total: Decimal
    audiovisual: Decimal
    non_audiovisual: Decimal
    audiovisual_share: Decimal       # percent, half-up to the unit as printed
    non_audiovisual_share: Decimal


@dataclass(frozen=True)
class Impact:
    year: int
    days: dict[str, DaysLine]
    days_total: DaysLine
    variants: dict[str, Variant]
    low: Decimal
    high: Decimal
    parameters: tuple[ParameterValue, ...]
    explanation: tuple[Line, ...]  # the steps, in the reader's language (montage.fund.messages)

    def as_json(self) -> dict:
        return {"year": self.year,
                "days": {key: vars(line) for key, line in self.days.items()},
                "days_total": vars(self.days_total),
                "variants": {key: v.as_json() for key, v in self.variants.items()},
                "low": as_text(self.low), "high": as_text(self.high),
                "parameters": [p.as_dict() for p in self.parameters],
                "explanation": [line.text("en") for line in self.explanation]}


# --- reading -----------------------------------------------------------------------------------

def _parse(record: dict[str, str], cell: Cell) -> ShootingFiles:
    project_type = cell.choice("project_type", PROJECT_TYPES)
    files, files_shot = cell.count("files"), cell.count("files_shot")
    days, covered = cell.count("days"), cell.count("days_covered")
    if files_shot > files:
        raise cell.fail("files_shot", "expected at most the %(files)s files of the row, got %(got)s",
                        files=files, got=files_shot)
    if covered > days:
        raise cell.fail("days_covered", "expected at most the %(days)s days shot, got %(got)s",
                        days=days, got=covered)
    spend = cell.amount("financed_non_av_spend")
    return ShootingFiles(cell.line, project_type, files, files_shot, days, covered, spend,
                         cell.extra(REQUIRED))


def shooting_files_of(row: int, project_type: str, files: int, files_shot: int, days: int,
                      days_covered: int, financed_non_av_spend: Decimal, *, source: str = "",
                      extra: Mapping[str, str] | None = None) -> ShootingFiles:
    """Shooting files from any other source (the web's records), with the checks of a file row;
    an InputError naming `source` otherwise."""
    def fail(column: str, message: str, **params) -> InputError:
        return InputError(message, field=column, file=source or None, params=params or None)
    if project_type not in PROJECT_TYPES:
        raise fail("project_type", "expected one of %(choices)s, got %(value)r",
                   choices=", ".join(PROJECT_TYPES), value=project_type)
    for column, value in (("files", files), ("files_shot", files_shot), ("days", days),
                          ("days_covered", days_covered)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(column, "expected a whole number of 0 or more, got %(value)r", value=value)
    if files_shot > files:
        raise fail("files_shot", "expected at most the %(files)s files of the row, got %(got)s",
                   files=files, got=files_shot)
    if days_covered > days:
        raise fail("days_covered", "expected at most the %(days)s days shot, got %(got)s",
                   days=days, got=days_covered)
    if not isinstance(financed_non_av_spend, Decimal) or financed_non_av_spend < 0:
        raise fail("financed_non_av_spend", "expected an amount of 0 or more, got %(value)r",
                   value=financed_non_av_spend)
    return ShootingFiles(row, project_type, files, files_shot, days, days_covered,
                         financed_non_av_spend, dict(extra or {}), source)


def read_shooting_files(path: str | Path) -> list[ShootingFiles]:
    """Read a film-office CSV (UTF-8, comma separated, header first); all rows or an InputError."""
    return read_table(path, REQUIRED, _parse)


def parse_shooting_files(lines: Iterable[str], name: str) -> list[ShootingFiles]:
    return parse_table(lines, name, REQUIRED, _parse)


# --- parameters --------------------------------------------------------------------------------

_DEFAULT: list[Parameters] = []


def default_parameters() -> Parameters:
    if not _DEFAULT:
        _DEFAULT.append(Parameters(PARAMETERS_DIR))
    return _DEFAULT[0]


def _method(project_type: str, params: Parameters, on: dt.date) -> tuple[str, list[ParameterValue]]:
    """How a type is estimated: measured spend per day, or the flat amount; with the parameters."""
    if f"film_office.spend_per_day.{project_type}" in params.names():
        return "measured", [params.get(f"film_office.spend_per_day.{project_type}", on),
                            params.get(f"film_office.av_spend_per_day.{project_type}", on)]
    flat_types = params.get("film_office.flat_rate_types", on)
    if project_type in flat_types.value:
        return "flat", [flat_types, params.get("film_office.flat_spend_per_day", on)]
    raise ParameterError("no spend per day and no flat rate for the project type %(type)r "
                         "on %(on)s", params={"type": project_type, "on": on.isoformat()})


def spend_split(project_type: str, year: int = 2024,
                parameters: Parameters | None = None) -> SpendSplit:
    """Total spend per day, its audiovisual part and the rest, as the report's first table shows."""
    params = parameters or default_parameters()
    on = dt.date(year, 12, 31)
    method, (total, audiovisual) = _method(project_type, params, on)
    if method != "measured":
        raise ParameterError("%(type)r is estimated at a flat amount, not measured",
                         params={"type": project_type})
    rest = total.value - audiovisual.value
    share = (audiovisual.value * 100 / total.value).quantize(UNIT, rounding=ROUND_HALF_UP)
    return SpendSplit(project_type, total.value, audiovisual.value, rest, share,
                      (rest * 100 / total.value).quantize(UNIT, rounding=ROUND_HALF_UP))


# --- the estimate ------------------------------------------------------------------------------

def days_table(files: Iterable[ShootingFiles]) -> tuple[dict[str, DaysLine], DaysLine]:
    """Files and days per type (rows of a type summed), in the report's order, and the totals."""
    files = list(files)
    lines = {}
    for project_type in PROJECT_TYPES:
        rows = [f for f in files if f.project_type == project_type]
        if rows:
            lines[project_type] = DaysLine(project_type, *(sum(getattr(r, a) for r in rows) for a in
                                           ("files", "files_shot", "days", "days_covered",
                                            "days_not_covered")))
    total = DaysLine("total", *(sum(getattr(line, a) for line in lines.values()) for a in
                                ("files", "files_shot", "days", "days_covered", "days_not_covered")))
    return lines, total


def estimate_impact(files: Iterable[ShootingFiles], year: int = 2024,
                    parameters: Parameters | None = None) -> Impact:
    """The §2.2.7.2 estimate for the shooting files of `year`: days, the three variants, the range."""
    files = list(files)
    params = parameters or default_parameters()
    on = dt.date(year, 12, 31)
    days, days_total = days_table(files)
    complement = {t: sum((f.financed_non_av_spend for f in files if f.project_type == t), ZERO)
                  for t in days}
    used: dict[str, ParameterValue] = {}
    methods = {}
    for project_type in days:
        methods[project_type] = _method(project_type, params, on)
        for value in methods[project_type][1]:
            used[value.name] = value
    steps = [Line("fund_film_year", {"year": year, "on": on}),
             *(Line("fund_film_days", {
                 "type": f"fund.shooting.{line.project_type}", "days": line.days,
                 "covered": line.days_covered, "affectable": line.days_not_covered,
                 "files": line.files, "shot": line.files_shot}) for line in days.values()),
             Line("fund_film_days_total", {"days": days_total.days,
                                           "covered": days_total.days_covered,
                                           "affectable": days_total.days_not_covered})]
    variants = {}
    for name, share_name, column in VARIANTS:
        if share_name is None:
            share = Decimal("1")
        else:
            share_value = params.get(share_name, on)
            used[share_value.name] = share_value
            share = share_value.value
        lines = {}
        for project_type, line in days.items():
            method, values = methods[project_type]
            if method == "measured":
                total_day, av_day = values[0].value, values[1].value
                per_day = (total_day - av_day) + share * av_day
            else:
                per_day = values[1].value
            spend = to_cents(line.days_not_covered * per_day)
            extra = complement[project_type]
            lines[project_type] = ImpactLine(project_type, method, line.days_not_covered, per_day,
                                             spend, extra, spend + extra)
            figures = {"variant": f"fund.variant.{name}", "type": f"fund.shooting.{project_type}",
                       "column": column, "days": line.days_not_covered, "spend": spend,
                       "complement": extra, "total": spend + extra}
            steps.append(Line("fund_film_measured", {
                **figures, "share": share, "per_day": total_day, "av": av_day,
                "result": per_day}) if method == "measured" else Line(
                "fund_film_flat", {**figures, "per_day": per_day}))
        spent = sum((l.spend for l in lines.values()), ZERO)
        added = sum((l.complement for l in lines.values()), ZERO)
        variants[name] = Variant(name, column, share, lines, days_total.days_not_covered, spent,
                                 added, spent + added)
        steps.append(Line("fund_film_variant_total", {
            "variant": f"fund.variant.{name}", "column": column, "spend": spent,
            "complement": added, "total": spent + added}))
    totals = [v.total for v in variants.values()]
    low, high = min(totals), max(totals)
    # the parameters used are listed by the pages with their sources (Impact.parameters)
    steps.append(Line("fund_film_range", {"low": low, "high": high}))
    return Impact(year, days, days_total, variants, low, high, tuple(used.values()), tuple(steps))
