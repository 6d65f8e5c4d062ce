"""The budget's chart of accounts and the small rules of a project file (pure: no database).

- `default_chart()`: Montage's default chart of accounts, close to the French-speaking "devis"
  structure (montage/finance/data/chart_of_accounts.csv says where it comes from), copied into
  each new project and then the producer's to edit.
- `line_amount()`: quantity × rate of a budget line in euros; a line in another currency needs
  its exchange rate and the rate's date (an error otherwise, never a guessed rate).
- `coproduction_position()`, `share_bound_issues()`: the coproduction shares of a project (they
  add up to 100 %), the position they give a country, and a financier's share bounds.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from montage.errors import InputError, Problem
from montage.money import ZERO, to_cents

CHART_FILE = Path(__file__).with_name("data") / "chart_of_accounts.csv"
COST_TYPES = ("direct", "overhead", "producer_fee", "commission")
ONE = Decimal(1)


@dataclass(frozen=True)
class ChartAccount:
    code: str
    label: str
    cost_type: str = "direct"
    post_production: bool = False

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def chapter_of(code: str) -> str:
    """"07.02" -> "07": the chapter (top-level account) a code belongs to."""
    return code.split(".", 1)[0]


def default_chart(path: Path = CHART_FILE) -> list[ChartAccount]:
    """The default chart, checked: codes unique, every sub-account's parent listed before it."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        accounts, seen = [], set()
        for number, row in enumerate(rows, 2):
            code = (row.get("code") or "").strip()
            if not code or code in seen:
                raise InputError("code missing or given twice", file=path.name, line=number,
                                 field="code")
            account = ChartAccount(code, row["label"].strip(), row["cost_type"].strip(),
                                   row["post_production"].strip() == "yes")
            if account.cost_type not in COST_TYPES:
                raise InputError.of([Problem(file=path.name, row=number, column="cost_type",
                                             expected="one of %(choices)s",
                                             got=account.cost_type,
                                             params={"choices": ", ".join(COST_TYPES)})])
            if account.parent_code and account.parent_code not in seen:
                raise InputError("parent %(parent)s is not listed before",
                                 file=path.name, line=number, field="code",
                                 params={"parent": account.parent_code})
            seen.add(code)
            accounts.append(account)
    return accounts


def line_amount(quantity: Decimal, rate: Decimal, currency: str = "EUR",
                exchange_rate: Decimal | None = None,
                exchange_rate_date: dt.date | None = None) -> Decimal:
    """quantity × rate, in euros to the cent. `exchange_rate` is euros per unit of `currency`."""
    for name, value in (("quantity", quantity), ("rate", rate)):
        if not isinstance(value, Decimal) or value < 0:
            raise InputError("%(name)s: expected a Decimal ≥ 0, got %(value)r", field=name,
                         params={"name": name, "value": value})
    currency = (currency or "EUR").upper()
    if currency == "EUR":
        return to_cents(quantity * rate)
    if exchange_rate is None or exchange_rate <= 0:
        raise InputError.of([Problem(
            "a line in %(currency)s needs its exchange rate (euros per %(currency)s)",
            column="exchange_rate", params={"currency": currency})])
    if exchange_rate_date is None:
        raise InputError.of([Problem("a line in %(currency)s needs the date of its exchange rate",
                                     column="exchange_rate_date", params={"currency": currency})])
    return to_cents(quantity * rate * exchange_rate)


def shares_total(shares: list[Decimal]) -> Decimal:
    return sum(shares, ZERO)


def coproduction_position(shares: dict[str, Decimal], country: str) -> str | None:
    """The position the shares give `country`: "sole" (100 %), "majority" (the largest share,
    alone), "minority" (any other share), None when the country holds no share. Equal largest
    shares (50/50) are "majority" for neither: "minority" for both."""
    share = shares.get(country)
    if share is None:
        return None
    if share == ONE and len(shares) == 1:
        return "sole"
    others = [value for key, value in shares.items() if key != country]
    return "majority" if all(share > value for value in others) else "minority"


def share_bound_issues(share: Decimal | None, min_share: Decimal | None,
                       max_share: Decimal | None) -> list[tuple[str, Decimal]]:
    """Which of a financier's bounds the share breaks: [("min", bound)] / [("max", bound)]; a
    missing share (the country holds none) breaks a minimum, not a maximum."""
    issues = []
    held = share if share is not None else ZERO
    if min_share is not None and held < min_share:
        issues.append(("min", min_share))
    if max_share is not None and held > max_share:
        issues.append(("max", max_share))
    return issues
