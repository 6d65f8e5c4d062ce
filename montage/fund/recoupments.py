"""The fund's coproduction receipts of a year, as the annual report's §6.2 table (pure).

Wallimage, as coproducer, receives a share of each work's receipts. Its report 2024 (§6.2) gives
the year's total, the number of works and of production companies it came from, and a table of
the projects that each brought more than a threshold in the year (10 000 €, a dated parameter in
montage/fund/parameters/recoupment/), by type of project, with each type's share of the total and
of those projects' receipts.

One function computes it (`coproduction_receipts`) from one kind of line: a receipt of the year on
a work (`Recoupment`), whether the fund typed it or it came from a producer's paid statement
(montage.web.fund.records.recoupments builds them from `RecoupmentReceipt`). Amounts are exact
(Decimal, cents); a share is the exact fraction, rounded half-up to 4 places (0,6909 → "69 %"
once displayed as the report prints it, to the unit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterable

from montage.fund.messages import register_labels
from montage.law.explain import message
from montage.law.parameters import ParameterValue, Parameters
from montage.money import ZERO

PARAMETERS_DIR = Path(__file__).with_name("parameters")
THRESHOLD = "recoupment.large_project"

# the report's three types, in its order, then what fits none of them
PROJECT_TYPES = ("animation", "live_series", "live_feature", "other")
TYPE_LABELS = {
    "fr": {"animation": "Œuvres animées (LM et séries)",
           "live_series": "Séries en prises de vues réelles",
           "live_feature": "LM en prises de vues réelles",
           "other": "Autres projets (documentaires, formats…)"},
    "en": {"animation": "Animated works (features and series)",
           "live_series": "Live-action series",
           "live_feature": "Live-action features",
           "other": "Other projects (documentaries, formats…)"},
}
register_labels("fund.receipts", {kind: (TYPE_LABELS["en"][kind], TYPE_LABELS["fr"][kind])
                                   for kind in PROJECT_TYPES})
SHARE = Decimal("0.0001")


def project_type(line: str, work_type: str) -> str:
    """The §6.2 type of a work: everything on the animation line is animated (features and
    series); on the other lines a series is a live-action series, a feature a live-action
    feature; anything else (documentary, format, game) is "other", never guessed into one."""
    if line == "animation" or work_type == "animation":
        return "animation"
    return {"series": "live_series", "feature": "live_feature"}.get(work_type, "other")


@dataclass(frozen=True)
class Recoupment:
    """One receipt of the fund on a work: `work` and `company` are keys (a work counts once
    however many receipts it has), `project_type` one of PROJECT_TYPES."""

    work: str
    company: str
    project_type: str
    amount: Decimal
    source: str = ""
    work_title: str = ""     # for display; `work` and `company` are what counts
    company_name: str = ""


@dataclass(frozen=True)
class TypeRow:
    project_type: str
    receipts: Decimal           # of the projects above the threshold
    projects: int
    share_of_total: Decimal     # of every receipt of the year
    share_of_large: Decimal     # of the projects above the threshold
    all_receipts: Decimal       # every project of this type
    all_projects: int


@dataclass(frozen=True)
class ReceiptsTable:
    total: Decimal
    works: int
    companies: int
    threshold: ParameterValue
    rows: tuple[TypeRow, ...]
    large_receipts: Decimal
    large_projects: int
    large_share: Decimal
    per_work: tuple[tuple[str, str, str, Decimal], ...]  # (title, company, type, receipts)

    @property
    def whole(self) -> Decimal:
        """The total row's share of the projects above the threshold: all of them."""
        return Decimal(1) if self.large_receipts else ZERO

    def explanation(self, lang: str = "fr") -> list[str]:
        """The steps as sentences: what was summed, the threshold and its source, the shares
        (montage.fund.messages)."""
        lines = [message("fund_receipts_total", lang, total=self.total, works=self.works,
                         companies=self.companies),
                 message("fund_receipts_large", lang, threshold=self.threshold.value,
                         source=self.threshold.source, projects=self.large_projects,
                         receipts=self.large_receipts, share=_percent(self.large_share))]
        lines += [message("fund_receipts_type", lang, type=f"fund.receipts.{row.project_type}",
                          receipts=row.receipts, projects=row.projects,
                          of_total=_percent(row.share_of_total),
                          of_large=_percent(row.share_of_large)) for row in self.rows]
        return lines


def _percent(share: Decimal) -> Decimal:
    """A share as the report prints it: to the whole percent, half-up (0,6909 -> 69 %)."""
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole).quantize(SHARE, rounding=ROUND_HALF_UP) if whole else ZERO


def threshold_on(on: dt.date, parameters: Parameters | None = None) -> ParameterValue:
    return (parameters or Parameters(PARAMETERS_DIR)).get(THRESHOLD, on)


def coproduction_receipts(receipts: Iterable[Recoupment], year: int,
                          parameters: Parameters | None = None) -> ReceiptsTable:
    """The §6.2 table of `year` from the year's receipts (the caller selects the year's)."""
    threshold = threshold_on(dt.date(year, 12, 31), parameters)
    per_work: dict[str, list] = {}
    for receipt in receipts:
        if receipt.project_type not in PROJECT_TYPES:
            raise ValueError(f"project type: expected one of {', '.join(PROJECT_TYPES)}, "
                             f"got {receipt.project_type!r}")
        entry = per_work.setdefault(receipt.work, [
            receipt.company, receipt.project_type, ZERO,
            receipt.work_title or receipt.work, receipt.company_name or receipt.company])
        if entry[:2] != [receipt.company, receipt.project_type]:
            raise ValueError(f"work {receipt.work}: one company and one type, got "
                             f"{entry[:2]} and {[receipt.company, receipt.project_type]}")
        entry[2] += receipt.amount
    total = sum((e[2] for e in per_work.values()), ZERO)
    large = {work: e for work, e in per_work.items() if e[2] > threshold.value}
    large_receipts = sum((e[2] for e in large.values()), ZERO)
    rows = []
    for kind in PROJECT_TYPES:
        mine = [e[2] for e in large.values() if e[1] == kind]
        every = [e[2] for e in per_work.values() if e[1] == kind]
        if kind == "other" and not mine:
            continue  # the report's table has three rows; a fourth only when it has projects
        amount = sum(mine, ZERO)
        rows.append(TypeRow(kind, amount, len(mine), _share(amount, total),
                            _share(amount, large_receipts), sum(every, ZERO), len(every)))
    return ReceiptsTable(
        total=total, works=len(per_work),
        companies=len({e[0] for e in per_work.values()}), threshold=threshold,
        rows=tuple(rows), large_receipts=large_receipts, large_projects=len(large),
        large_share=_share(large_receipts, total),
        per_work=tuple(sorted(((e[3], e[4], e[1], e[2]) for e in per_work.values()),
                              key=lambda r: (-r[3], r[0]))))
