"""Totals of a regional fund's coproduction investments, the way Wallimage's annual report shows them.

The annual report publishes, for each kind of work, the number of projects, the amount invested,
the Walloon audiovisual spend the producers committed to, the ratio spend / investment and the
average investment. We recompute those figures from the line items so a published table can be
checked against its own rows (docs/fund.md lists where it cannot).

Choices, each documented because the report is silent or because it matters for money:
- amounts are exact `Decimal` euros with at most two decimals; sums are exact;
- ratio = regional_spend / investment × 100, rounded half-up to two decimals ("638.63");
  when the investment is 0 the ratio is undefined: `None` (JSON null, text "n/a"), as the report
  prints "NA" for its empty "projets spéciaux" line;
- average_investment = investment / projects, half-up to the cent; with no project it is 0.00,
  as the report prints "0,00 €" for an empty category;
- reading is all or nothing: the first bad row stops everything with an `InputError` naming the
  file, the line of the row in the file (the header is line 1), the column and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterable, Mapping

from montage.fund import messages  # noqa: F401  (registers the words of the explanations)
from montage.fund.tables import Cell, parse_table, read_table
from montage.law.explain import Line
from montage.money import ZERO, as_text, to_cents

REQUIRED = ("title", "company", "line", "work_type", "origin", "position", "investment",
            "regional_spend")
AMOUNTS = ("investment", "regional_spend")
TEXTS = ("title", "company")
# Allowed values in the report's order (its tables list live action, animation, formats; features,
# series, documentaries; initiated in Belgium, in France, elsewhere).
CHOICES: dict[str, tuple[str, ...]] = {
    "line": ("live_action", "animation", "format"),
    "work_type": ("feature", "series", "documentary", "format"),
    "origin": ("belgium", "france", "other"),
    "position": ("majority", "minority"),
}
GROUPINGS = ("line", "work_type", "origin", "position")
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Coproduction:
    """One investment of the fund in one work; `row` is its line in the source file."""

    row: int
    title: str
    company: str
    line: str
    work_type: str
    origin: str
    position: str
    investment: Decimal
    regional_spend: Decimal
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Total:
    """A group's figures with the explanation of how each was obtained."""

    label: str
    projects: int
    investment: Decimal
    regional_spend: Decimal
    ratio: Decimal | None
    average_investment: Decimal
    explanation: tuple[Line, ...]  # sentences in the reader's language (montage.fund.messages)

    def as_json(self) -> dict:
        """The scripting contract: amounts and ratio as strings with two decimals."""
        return {
            "projects": self.projects,
            "investment": as_text(self.investment),
            "regional_spend": as_text(self.regional_spend),
            "ratio": None if self.ratio is None else f"{self.ratio:.2f}",
            "average_investment": as_text(self.average_investment),
            "explanation": [line.text("en") for line in self.explanation],
        }


@dataclass(frozen=True)
class Report:
    source: str
    overall: Total
    groups: dict[str, dict[str, Total]]

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "overall": self.overall.as_json(),
            **{f"by_{key}": {value: total.as_json() for value, total in totals.items()}
               for key, totals in self.groups.items()},
        }


# --- reading -----------------------------------------------------------------------------------

def read_coproductions(path: str | Path) -> list[Coproduction]:
    """Read a coproductions CSV (UTF-8, comma separated, header line first)."""
    return read_table(path, REQUIRED, _parse_row)


def parse_coproductions(lines: Iterable[str], name: str) -> list[Coproduction]:
    """Parse CSV text; all rows or an `InputError` for the first bad one."""
    return parse_table(lines, name, REQUIRED, _parse_row)


def _parse_row(record: dict[str, str], cell: Cell) -> Coproduction:
    parsed: dict[str, object] = {column: cell.text(column) for column in TEXTS}
    parsed.update({column: cell.choice(column, allowed) for column, allowed in CHOICES.items()})
    parsed.update({column: cell.amount(column) for column in AMOUNTS})
    return Coproduction(row=cell.line, extra=cell.extra(REQUIRED), **parsed)  # type: ignore[arg-type]


# --- totals ------------------------------------------------------------------------------------

def ratio_percent(regional_spend: Decimal, investment: Decimal) -> Decimal | None:
    """Regional spend per euro invested, as a percent rounded half-up to 0.01; None if nothing invested."""
    if investment == 0:
        return None
    return (regional_spend * 100 / investment).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def total(rows: Iterable[Coproduction], label: str = "overall") -> Total:
    """Count, sum and derive one group's figures, explaining each step."""
    rows = list(rows)
    invested = sum((row.investment for row in rows), ZERO)
    spent = sum((row.regional_spend for row in rows), ZERO)
    ratio = ratio_percent(spent, invested)
    average = to_cents(invested / len(rows)) if rows else to_cents(ZERO)
    explanation = [
        Line("fund_rows", {"count": len(rows), "lines": ", ".join(str(row.row) for row in rows),
                           "titles": "; ".join(row.title for row in rows)})
        if rows else Line("fund_no_rows", {}),
        Line("fund_investment_sum", {"terms": [row.investment for row in rows],
                                     "total": invested}),
        Line("fund_spend_sum", {"terms": [row.regional_spend for row in rows], "total": spent}),
        Line("fund_ratio", {"spend": spent, "investment": invested, "ratio": ratio / 100})
        if ratio is not None else Line("fund_ratio_undefined", {}),
        Line("fund_average", {"investment": invested, "projects": len(rows), "average": average})
        if rows else Line("fund_average_none", {}),
    ]
    return Total(label, len(rows), invested, spent, ratio, average, tuple(explanation))


def totals_by(rows: Iterable[Coproduction], *keys: str) -> dict[tuple[str, ...], Total]:
    """Totals per combination of values of `keys` (e.g. "line", "work_type", "origin").

    Only combinations present in the rows appear, in the order of `CHOICES`.
    """
    groups: dict[tuple[str, ...], list[Coproduction]] = {}
    for row in rows:
        groups.setdefault(tuple(getattr(row, key) for key in keys), []).append(row)
    order = sorted(groups, key=lambda combo: [CHOICES[k].index(v) for k, v in zip(keys, combo)])
    return {combo: total(groups[combo], ", ".join(f"{k}={v}" for k, v in zip(keys, combo)))
            for combo in order}


def build_report(rows: list[Coproduction], source: str = "") -> Report:
    """Overall total and totals per line, work type, origin and position."""
    groups = {key: {combo[0]: t for combo, t in totals_by(rows, key).items()} for key in GROUPINGS}
    return Report(source, total(rows), groups)
