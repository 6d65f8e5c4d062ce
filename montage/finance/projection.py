"""Projected compliance: where each financier's rule ends if what remains of the budget is spent
as planned (docs/web-desks.md, "Pre-check").

What remains to spend is given as `PlannedSpend` (one account's remaining budget, with the
payee it is planned with: an open purchase order's supplier, a budget line's planned supplier or
only its place of spend; `supplier=None` when nothing says where). Each planned part becomes a
planned expense dated the day of the projection (the earliest it can be spent: the rules in
force that day judge it) and goes, with the ledger's actual expenses, through the same rule's
`assess` as the ledger's verdicts: no rule is written here. With nothing left to spend the
projection is the ledger's assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import montage.finance.messages  # noqa: F401  (registers the explanation texts)
from montage.errors import InputError
from montage.finance.expenses import Expense, Supplier
from montage.finance.obligations import ObligationStatus
from montage.law.explain import Explanation
from montage.money import ZERO, to_cents

PLAN_PREFIX = "plan:"


@dataclass(frozen=True)
class PlannedSpend:
    """What remains to spend of one budget account with one payee. `key` names the record it
    comes from ("order:12", "line:34"); `kind` "payroll" for a line with employer charges."""

    key: str
    account: str
    amount: Decimal
    supplier: Supplier | None
    label: str = ""
    kind: str = "invoice"
    cost_type: str = "direct"
    post_production: bool = False

    def __post_init__(self):
        if isinstance(self.amount, (float, bool)) or not isinstance(self.amount, Decimal) \
                or self.amount < 0 or self.amount != to_cents(self.amount):
            raise InputError("planned spend %(key)s: expected an amount in cents of zero "
                             "or more, got %(amount)r", field="amount",
                             params={"key": self.key, "amount": self.amount})


def planned_expenses(planned: list[PlannedSpend], on: dt.date,
                     employer: Supplier | None = None) -> list[Expense]:
    """The planned parts that have a payee, as expenses of the rules dated `on`."""
    return [Expense(id=PLAN_PREFIX + p.key, amount=p.amount, date=on, supplier=p.supplier,
                    category=p.account, kind=p.kind, cost_type=p.cost_type,
                    description=p.label, post_production=p.post_production,
                    employer=employer if p.kind == "payroll" else None)
            for p in planned if p.supplier is not None and p.amount]


@dataclass
class Projection:
    """One rule projected: the ledger's actual status, the status with the planned spend, and
    the sentences that say why."""

    obligation: str
    actual: ObligationStatus
    projected: ObligationStatus
    planned: Decimal            # remaining budget with a payee, given to the rule
    planned_counted: Decimal    # the part of it the rule counts
    unplanned: Decimal          # remaining budget planned nowhere: counted by no rule
    explanation: Explanation

    @property
    def met(self) -> bool:
        return self.projected.met

    @property
    def short(self) -> Decimal:
        return self.projected.missing

    @property
    def ratio(self) -> Decimal | None:
        """Wallimage: the projected ratio of spend to the investment (1.32 = 132 %)."""
        return self.projected.details.get("achieved_ratio")

    @property
    def required_ratio(self) -> Decimal | None:
        return self.projected.details.get("ratio")

    @property
    def points_short(self) -> int | None:
        """Wallimage: whole percentage points the projected ratio misses (rounded up: 0,5 point
        short is 1 point short, never 0)."""
        if self.ratio is None or self.required_ratio is None or self.ratio >= self.required_ratio:
            return None if self.ratio is None else 0
        gap = (self.required_ratio - self.ratio) * 100
        whole = int(gap.to_integral_value(ROUND_DOWN))
        return whole if whole == gap else whole + 1


def percent(ratio: Decimal) -> int:
    """A ratio as the whole percent shown (truncated: 149,9 % reads 149 %, never 150 %)."""
    return int((ratio * 100).to_integral_value(ROUND_DOWN))


def project(rule, terms, actual: list[Expense], planned: list[PlannedSpend], on: dt.date,
            employer: Supplier | None = None) -> Projection:
    """The rule's status on the ledger's `actual` expenses, and with the planned spend added."""
    if any(e.id.startswith(PLAN_PREFIX) for e in actual):
        raise InputError("an actual expense id may not start with %(prefix)r",
                         field="expenses", params={"prefix": PLAN_PREFIX})
    now = rule.assess(terms, actual)
    extra = planned_expenses(planned, on, employer)
    then = rule.assess(terms, list(actual) + extra) if extra else now
    given = sum((e.amount for e in extra), ZERO)
    unplanned = sum((p.amount for p in planned if p.supplier is None), ZERO)
    counted = sum((line.amount for line in then.lines
                   if line.expense_id.startswith(PLAN_PREFIX)), ZERO)
    label = getattr(terms, "label", "")
    explanation = Explanation.of("fin_proj_subject", obligation=rule.name,
                                 label=f" — {label}" if label else "")
    explanation.input("projection_date", on)
    for parameter in then.explanation.parameters:
        explanation.use(parameter)
    explanation.step("fin_proj_actual", counted=now.counted, required=now.required)
    explanation.step("fin_proj_planned", planned=given, counted=counted, day=on)
    if unplanned:
        explanation.step("fin_proj_unplanned", amount=unplanned)
    for line in then.explanation.steps:
        if line.key in VERDICT_STEPS or line.key.startswith("fin_tranche"):
            continue
        explanation.steps.append(line)
    projection = Projection(rule.name, now, then, given, counted, unplanned, explanation)
    if projection.ratio is not None:
        key = "fin_proj_ratio_met" if projection.ratio >= projection.required_ratio \
            else "fin_proj_ratio_short"
        explanation.step(key, ratio=percent(projection.ratio),
                         required=percent(projection.required_ratio),
                         points=projection.points_short, missing=then.missing)
    elif then.missing:
        explanation.step("fin_proj_short", missing=then.missing, required=then.required,
                         counted=then.counted)
    else:
        explanation.step("fin_proj_met", counted=then.counted, required=then.required)
    explanation.notes.extend(then.explanation.notes)
    return projection


def _verdict_steps() -> frozenset:
    from montage.finance.messages import FINANCE_MESSAGES

    per_line = ("fin_wallimage_", "fin_spill_in", "fin_spill_out", "fin_spill_fields",
                "fin_sb_in", "fin_sb_outside", "fin_sb_excluded", "fin_sb_no_av",
                "fin_ts_belgian", "fin_ts_eea", "fin_ts_outside_eea", "fin_ts_studio",
                "fin_ts_window")
    return frozenset(key for key in FINANCE_MESSAGES if key.startswith(per_line))


# the rule's per-expense steps: one per line, shown on the ledger's pages, not in the sentences
VERDICT_STEPS = _verdict_steps()
