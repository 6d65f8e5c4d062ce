"""Budget and cost report: employer charges ("fringes") and budget / committed / actual / paid /
estimate to complete / estimated final cost / variance.

Employer charges: neither the seeds nor DOMAIN.md give an authoritative Belgian employer
social-security rate, so Montage does not ship one. Each project gives its own rates, each with
the source the producer relies on (its social secretariat, ONSS/RSZ instructions); a payroll line
whose fringe code has no rate is an input error, never a guessed rate.

Cost report: a figure the producer has not given is `None` (unknown), not zero. A total with an
unknown part is returned with `complete=False` and the lines that make it incomplete; the known
part is shown as a partial sum, never presented as the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import montage.finance.messages  # noqa: F401
from montage.errors import InputError, Problem
from montage.law.explain import Explanation
from montage.money import ZERO, to_cents


@dataclass(frozen=True)
class FringeRate:
    """A project's employer-charge rate for one kind of payroll (e.g. "employee", "artist")."""

    code: str
    rate: Decimal
    source: str

    def __post_init__(self):
        if not isinstance(self.rate, Decimal) or not 0 <= self.rate <= 1:
            raise InputError("fringe %(code)s: expected a Decimal fraction, got %(rate)r",
                             field="rate", params={"code": self.code, "rate": self.rate})
        if not self.source.strip():
            raise InputError("fringe %(code)s: every rate needs its source", field="source",
                             params={"code": self.code})


def fringes(gross: Decimal, code: str, rates: dict[str, FringeRate],
            explanation: Explanation | None = None) -> Decimal:
    """Employer charges on a gross salary, at the project's rate for `code`, to the cent."""
    if code not in rates:
        raise InputError.of([Problem(
            "no employer-charge rate for “%(code)s” in this project; give it with its source "
            "(Montage ships no rate)", column="fringe_code", params={"code": code})])
    rate = rates[code]
    amount = to_cents(gross * rate.rate)
    if explanation is not None:
        explanation.step("fin_fringe", code=code, base=gross, rate=rate.rate, amount=amount,
                         source=rate.source)
    return amount


FIGURES = ("baseline", "current", "committed", "actual", "paid", "estimate_to_complete")


@dataclass(frozen=True)
class CostLine:
    """One budget line. `estimate_to_complete` is what remains to spend beyond `actual`."""

    code: str
    label: str = ""
    baseline: Decimal | None = None
    current: Decimal | None = None
    committed: Decimal | None = None
    actual: Decimal | None = None
    paid: Decimal | None = None
    estimate_to_complete: Decimal | None = None


@dataclass(frozen=True)
class Figure:
    value: Decimal          # the sum of the known parts, to the cent
    complete: bool          # False: some part is unknown, `value` is only a partial sum
    unknown: tuple[str, ...] = ()   # codes of the lines whose figure is unknown


@dataclass
class CostRow:
    code: str
    label: str
    figures: dict[str, Figure]


@dataclass
class CostReport:
    rows: list[CostRow]
    totals: dict[str, Figure]
    explanation: Explanation = field(repr=False, default=None)


def _sum(values: list[tuple[str, Decimal | None]]) -> Figure:
    unknown = tuple(code for code, value in values if value is None)
    known = sum((value for _, value in values if value is not None), ZERO)
    return Figure(to_cents(known), not unknown, unknown)


def _derived(line: CostLine) -> dict[str, Figure]:
    figures = {name: _sum([(line.code, getattr(line, name))]) for name in FIGURES}
    # estimated final cost = actual + estimate to complete; variance = current − EFC
    efc = _sum([(line.code, line.actual), (line.code, line.estimate_to_complete)])
    figures["estimated_final_cost"] = efc
    if line.current is None or not efc.complete:
        figures["variance"] = Figure(ZERO, False, (line.code,))
    else:
        figures["variance"] = Figure(to_cents(line.current - efc.value), True)
    return figures


def cost_report(lines: list[CostLine], label: str = "") -> CostReport:
    """Per line and in total: baseline, current, committed, actual, paid, estimate to complete,
    estimated final cost (actual + to complete) and variance (current − estimated final cost;
    positive = under budget). An unknown figure makes every total that needs it incomplete."""
    codes = [line.code for line in lines]
    if len(codes) != len(set(codes)):
        raise InputError("a budget line code is given twice", field="code")
    explanation = Explanation.of("fin_cost_subject", label=label)
    rows = []
    for line in lines:
        for name in FIGURES:
            value = getattr(line, name)
            if value is not None and (not isinstance(value, Decimal) or isinstance(value, bool)):
                raise InputError("line %(code)s: %(name)s must be a Decimal or None",
                                 field=name, params={"code": line.code, "name": name})
        figures = _derived(line)
        for name in FIGURES:
            if getattr(line, name) is None:
                explanation.note("fin_cost_incomplete", line=line.code, figure=name)
        rows.append(CostRow(line.code, line.label, figures))
    totals = {}
    for name in FIGURES + ("estimated_final_cost", "variance"):
        parts = [row.figures[name] for row in rows]
        unknown = tuple(code for part in parts for code in part.unknown)
        totals[name] = Figure(to_cents(sum((p.value for p in parts), ZERO)), not unknown,
                              unknown)
    return CostReport(rows, totals, explanation)
