"""The enterprise fund (Wallimage Entreprises): movements per company, the yield table, the cash-flow loan.

The fund lends to and takes equity in companies of the sector. Its annual report (2024, §6.1
"Investissements du département Entreprises") sums "les mouvements financiers réalisés au cours de
toute la vie du fonds" per instrument (Prêt, Capital) and derives a net yield. The table's own
header gives the formulas; the figures confirm each one to the cent (tests/fund/test_enterprise.py):

    A  MONTANTS PRÊTÉS / SOUSCRITS                     amounts lent / subscribed
    B  PERTES SUR FAILLITE                             losses on bankruptcy
    C  MONTANTS REMBOURSÉS / PARTICIPATIONS VENDUES (HORS +-VALUE)
                                                       principal repaid / stakes sold, at cost
    D = A − B − C  SOLDES RESTANT DÛ / PARTICIPATIONS ACTIVES      outstanding
    E = B + C      MONTANTS SORTIS (Y COMPRIS FAILLITES)           amounts exited
    F  INTÉRÊTS SUR PRÊTS / PLUS-VALUES SUR PARTICIPATIONS VENDUES interest / capital gains
    G  COUVERTURE FEI                                  European Investment Fund guarantee paid
    H = F + G − B  RENDEMENT NET                       net yield (in euros)
    H / E          RENDEMENT NET SUR MONTANTS SORTIS   net yield on amounts exited, in percent

(The report labels the last column "H" again and spells it "REMDEMENT"; its figures are H / E:
671.372,10 / 13.476.771,20 = 4,98 %.) The TOTAL line applies the same formulas to the column
totals, so its yield (9,13 %) is not the average of the lines' yields.

Choices, each documented because the report is silent or because it matters for money:
- a movement file is a ledger: one row per movement of one company in one instrument, in the
  order they happened; the columns A, B, C, F, G are sums of movements, D, E, H are derived;
- the movement kinds are `invested` (A), `bankruptcy_loss` (B), `repaid` (C: principal repaid, or
  for equity the stake sold at its cost, without the gain), `income` (F: interest, or the gain on a
  stake sold, which may be negative: a sale below cost), `eif_coverage` (G);
- a company cannot take out more than was put in: at each `bankruptcy_loss` or `repaid` row the
  company's B + C in that instrument must stay within its A so far, otherwise `InputError` on that
  row (a negative outstanding is a typing error, not a position);
- sums are exact; the yield is H / E × 100 rounded half-up to 0.01 ("4.98"); with nothing exited
  (E = 0) it is undefined: `None`;
- the report gives these movements per instrument for the whole fund only, not per company: the
  demo file `data/wallimage-enterprise-movements.csv` therefore has one pseudo-company, the whole
  portfolio, and one row per column and instrument.

The cash-flow loan ("prêt trésorerie", report §1.4.4) is checked against its dated terms in
`parameters/cashflow_loan/` by `check_cashflow_loan`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterable, Mapping

from montage.errors import InputError
from montage.fund import messages  # noqa: F401  (registers the words of the explanations)
from montage.fund.tables import Cell, parse_table, read_table
from montage.law.explain import Line
from montage.law.parameters import ParameterValue, Parameters
from montage.money import (ZERO, as_text, parse_amount, parse_fraction,
                           to_cents)

PARAMETERS_DIR = Path(__file__).with_name("parameters")
INSTRUMENTS = ("loan", "equity")
INSTRUMENT_LABELS = {"loan": "Prêt", "equity": "Capital"}
MOVEMENTS = ("invested", "bankruptcy_loss", "repaid", "income", "eif_coverage")
MOVEMENT_COLUMN = {"invested": "A", "bankruptcy_loss": "B", "repaid": "C", "income": "F",
                   "eif_coverage": "G"}
REQUIRED = ("company", "instrument", "movement", "amount")
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Movement:
    """One movement of the fund with one company; `row` is its line in the source file."""

    row: int
    company: str
    instrument: str
    movement: str
    amount: Decimal
    extra: Mapping[str, str] = field(default_factory=dict)
    source: str = ""  # where the movement is recorded when not a file line ("record 12")

    @property
    def where(self) -> Line | str:
        """Where the movement is recorded: its file line, in words, or the record."""
        return self.source or Line("fund_file_line", {"line": self.row})


@dataclass(frozen=True)
class YieldLine:
    """One line of the yield table (a company, an instrument or the total), with its explanation."""

    label: str
    invested: Decimal          # A
    bankruptcy_losses: Decimal  # B
    repaid: Decimal            # C
    outstanding: Decimal       # D = A − B − C
    exited: Decimal            # E = B + C
    income: Decimal            # F
    eif_coverage: Decimal      # G
    net_yield: Decimal         # H = F + G − B
    yield_on_exited: Decimal | None  # H / E × 100, half-up to 0.01
    explanation: tuple[Line, ...]  # the steps, in the reader's language (montage.fund.messages)

    def columns(self) -> dict[str, Decimal]:
        return {"A": self.invested, "B": self.bankruptcy_losses, "C": self.repaid,
                "D": self.outstanding, "E": self.exited, "F": self.income,
                "G": self.eif_coverage, "H": self.net_yield}

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "invested": as_text(self.invested),
            "bankruptcy_losses": as_text(self.bankruptcy_losses),
            "repaid": as_text(self.repaid),
            "outstanding": as_text(self.outstanding),
            "exited": as_text(self.exited),
            "income": as_text(self.income),
            "eif_coverage": as_text(self.eif_coverage),
            "net_yield": as_text(self.net_yield),
            "yield_on_exited": None if self.yield_on_exited is None else f"{self.yield_on_exited:.2f}",
            "explanation": [line.text("en") for line in self.explanation],
        }


@dataclass(frozen=True)
class YieldTable:
    """The §6.1 table: one line per instrument present, then the total."""

    source: str
    lines: dict[str, YieldLine]
    total: YieldLine

    def as_json(self) -> dict:
        return {"source": self.source,
                "lines": {key: line.as_json() for key, line in self.lines.items()},
                "total": self.total.as_json()}


# --- reading -----------------------------------------------------------------------------------

def read_movements(path: str | Path) -> list[Movement]:
    """Read a movements CSV (UTF-8, comma separated, header first); all rows or an InputError."""
    return _checked(read_table(path, REQUIRED, _parse_movement), str(path))


def parse_movements(lines: Iterable[str], name: str) -> list[Movement]:
    """Parse CSV text (`name` is the file named in errors)."""
    return _checked(parse_table(lines, name, REQUIRED, _parse_movement), name)


def movement_of(row: int, company: str, instrument: str, movement: str, amount: Decimal, *,
                source: str = "", extra: Mapping[str, str] | None = None) -> Movement:
    """A movement from any other source (the web's records): the same checks as a file row, an
    InputError naming `source` otherwise. Pass the whole ledger through `check_ledger`."""
    if instrument not in INSTRUMENTS:
        raise InputError("expected one of %(choices)s, got %(instrument)r",
                         field="instrument", file=source or None,
                         params={"choices": ", ".join(INSTRUMENTS), "instrument": instrument})
    if movement not in MOVEMENTS:
        raise InputError("expected one of %(choices)s, got %(movement)r",
                         field="movement", file=source or None,
                         params={"choices": ", ".join(MOVEMENTS), "movement": movement})
    if not isinstance(amount, Decimal) or (amount < 0 and not (movement == "income"
                                                                and instrument == "equity")):
        raise InputError("expected an amount of 0 or more, got %(amount)r", field="amount",
                         file=source or None, params={"amount": amount})
    return Movement(row, company, instrument, movement, amount, dict(extra or {}), source)


def check_ledger(movements: Iterable[Movement], name: str = "") -> list[Movement]:
    """Refuse a ledger (in the order the movements happened) in which a company takes out of an
    instrument more than it put in; the files and the web's records go through the same check."""
    return _checked(list(movements), name)


def _parse_movement(record: dict[str, str], cell: Cell) -> Movement:
    company = cell.text("company")
    instrument = cell.choice("instrument", INSTRUMENTS)
    movement = cell.choice("movement", MOVEMENTS)
    amount = cell.amount("amount", allow_negative=(movement == "income" and instrument == "equity"))
    return Movement(cell.line, company, instrument, movement, amount, cell.extra(REQUIRED))


def _checked(movements: list[Movement], name: str) -> list[Movement]:
    """Refuse a ledger in which a company takes out of an instrument more than it put in."""
    put_in: dict[tuple[str, str], Decimal] = {}
    taken_out: dict[tuple[str, str], Decimal] = {}
    for move in movements:
        key = (move.company, move.instrument)
        if move.movement == "invested":
            put_in[key] = put_in.get(key, ZERO) + move.amount
        elif move.movement in ("bankruptcy_loss", "repaid"):
            taken_out[key] = taken_out.get(key, ZERO) + move.amount
            if taken_out[key] > put_in.get(key, ZERO):
                raise InputError(
                    "%(company)s (%(instrument)s): losses and repayments so far %(out)s exceed "
                    "the amounts invested so far %(in)s (a movement out must follow the "
                    "investment)",
                    field="amount", file=move.source or name,
                    line=None if move.source else move.row,
                    params={"company": move.company, "instrument": move.instrument,
                            "out": as_text(taken_out[key]),
                            "in": as_text(put_in.get(key, ZERO))})
    return movements


# --- the yield table ---------------------------------------------------------------------------

def yield_percent(net_yield: Decimal, exited: Decimal) -> Decimal | None:
    """H / E × 100, half-up to 0.01; None when nothing has exited (E = 0)."""
    if exited == 0:
        return None
    return (net_yield * 100 / exited).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def who_of(label: str) -> Line | str:
    """A yield line's name in words: an instrument ("Prêt"), the total, or a company's position
    ("Ardenne Films / Prêt")."""
    for code, name in INSTRUMENT_LABELS.items():
        if label == name:
            return Line("fund_named", {"code": f"fund.instrument.{code}"})
        if label.endswith(f" / {name}"):
            return Line("fund_position", {"company": label[:-len(name) - 3],
                                          "instrument": f"fund.instrument.{code}"})
    return Line("fund_named", {"code": "fund.total"}) if label == "TOTAL" else label


def yield_line(label: str, invested: Decimal, losses: Decimal, repaid: Decimal, income: Decimal,
               eif: Decimal, detail: Iterable[Line] = ()) -> YieldLine:
    """Derive D, E, H and H / E from the summed columns A, B, C, F, G, explaining each step."""
    outstanding = invested - losses - repaid
    exited = losses + repaid
    net = income + eif - losses
    percent = yield_percent(net, exited)
    who = who_of(label)
    steps = [*detail,
             Line("fund_yield_outstanding", {"who": who, "invested": invested, "losses": losses,
                                             "repaid": repaid, "outstanding": outstanding}),
             Line("fund_yield_exited", {"who": who, "losses": losses, "repaid": repaid,
                                        "exited": exited}),
             Line("fund_yield_net", {"who": who, "income": income, "eif": eif, "losses": losses,
                                     "net": net}),
             Line("fund_yield_rate", {"who": who, "net": net, "exited": exited,
                                      "rate": percent / 100}) if percent is not None else
             Line("fund_yield_undefined", {"who": who})]
    return YieldLine(label, invested, losses, repaid, outstanding, exited, income, eif, net,
                     percent, tuple(steps))


def _line_from(label: str, movements: list[Movement]) -> YieldLine:
    sums = {kind: ZERO for kind in MOVEMENTS}
    detail = []
    for kind in MOVEMENTS:
        rows = [move for move in movements if move.movement == kind]
        sums[kind] = sum((move.amount for move in rows), ZERO)
        detail.append(Line("fund_yield_column", {
            "who": who_of(label), "column": MOVEMENT_COLUMN[kind], "kind": f"fund.movement.{kind}",
            "terms": [(move.amount, move.where) for move in rows], "total": sums[kind]}))
    return yield_line(label, sums["invested"], sums["bankruptcy_loss"], sums["repaid"],
                      sums["income"], sums["eif_coverage"], detail)


def positions(movements: Iterable[Movement]) -> dict[tuple[str, str], YieldLine]:
    """Each company's position per instrument (columns A to H and its yield), in file order."""
    groups: dict[tuple[str, str], list[Movement]] = {}
    for move in movements:
        groups.setdefault((move.company, move.instrument), []).append(move)
    return {key: _line_from(f"{key[0]} / {INSTRUMENT_LABELS[key[1]]}", rows)
            for key, rows in groups.items()}


def yield_table(movements: Iterable[Movement], source: str = "") -> YieldTable:
    """The §6.1 table: per instrument (Prêt, Capital) and TOTAL, from the movements.

    Each column of an instrument line is the sum of that column over the companies; the TOTAL line
    sums the instrument lines' A, B, C, F, G and applies the same formulas (so D, E, H of the total
    are also the sums of the lines', exactly: they are linear).
    """
    movements = list(movements)
    lines = {instrument: _line_from(INSTRUMENT_LABELS[instrument],
                                    [m for m in movements if m.instrument == instrument])
             for instrument in INSTRUMENTS if any(m.instrument == instrument for m in movements)}
    parts = list(lines.values())

    def column(attribute: str) -> Decimal:
        return sum((getattr(line, attribute) for line in parts), ZERO)

    detail = [Line("fund_yield_total_column", {
        "column": letter, "terms": [(getattr(line, attribute), who_of(line.label))
                                    for line in parts]})
              for letter, attribute in (("A", "invested"), ("B", "bankruptcy_losses"),
                                        ("C", "repaid"), ("F", "income"), ("G", "eif_coverage"))]
    total = yield_line("TOTAL", column("invested"), column("bankruptcy_losses"), column("repaid"),
                       column("income"), column("eif_coverage"), detail)
    return YieldTable(source, lines, total)


# --- outstanding per sector (report §7.2) ------------------------------------------------------

SECTOR_REQUIRED = ("sector", "equity_outstanding", "loan_outstanding", "companies")


@dataclass(frozen=True)
class SectorOutstanding:
    row: int
    sector: str
    equity_outstanding: Decimal
    loan_outstanding: Decimal
    companies: int
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.equity_outstanding + self.loan_outstanding


def read_outstanding(path: str | Path) -> list[SectorOutstanding]:
    """The portfolio outstanding at year end per sector (§7.2 "en cours"), one row per sector."""
    def parse(record: dict[str, str], cell: Cell) -> SectorOutstanding:
        return SectorOutstanding(cell.line, cell.text("sector"), cell.amount("equity_outstanding"),
                                 cell.amount("loan_outstanding"), cell.count("companies"),
                                 cell.extra(SECTOR_REQUIRED))
    return read_table(path, SECTOR_REQUIRED, parse)


def reconcile_outstanding(table: YieldTable, sectors: list[SectorOutstanding]) -> list[Line]:
    """Compare the yield table's D per instrument with the per-sector outstanding; one line each."""
    equity = sum((s.equity_outstanding for s in sectors), ZERO)
    loans = sum((s.loan_outstanding for s in sectors), ZERO)
    lines = []
    for instrument, by_sector in (("equity", equity), ("loan", loans)):
        line = table.lines.get(instrument)
        ours = line.outstanding if line else ZERO
        verdict = Line("fund_agree", {}) if ours == by_sector else Line(
            "fund_differ_by", {"difference": by_sector - ours})
        lines.append(Line("fund_outstanding_check", {
            "instrument": f"fund.instrument.{instrument}", "ours": ours,
            "by_sector": by_sector, "verdict": verdict}))
    return lines


# --- the cash-flow loan ("prêt trésorerie", report §1.4.4) -------------------------------------

CASHFLOW_FROM = dt.date(2025, 1, 1)


@dataclass(frozen=True)
class Verdict:
    term: str
    ok: bool
    figure: Line   # the figure judged, in words
    rule: Line     # the term, in words
    source: str

    @property
    def line(self) -> Line:
        """"Montant : 50 000,00 € — de 100 000,00 € à 2 000 000,00 €… : non respecté"."""
        return Line("fund_cashflow_verdict", {"term": f"fund.term.{self.term}",
                                              "figure": self.figure, "rule": self.rule,
                                              "verdict": "met" if self.ok else "not_met"})

    def as_json(self, lang: str = "en") -> dict:
        return {"term": self.term, "ok": self.ok, "figure": self.figure.text(lang),
                "rule": self.rule.text(lang), "source": self.source}


@dataclass(frozen=True)
class CashflowLoanCheck:
    verdicts: tuple[Verdict, ...]
    monthly_interest: Decimal
    total_interest: Decimal
    explanation: tuple[Line, ...]
    parameters: tuple[ParameterValue, ...] = ()

    @property
    def ok(self) -> bool:
        return all(verdict.ok for verdict in self.verdicts)

    def verdict(self, term: str) -> Verdict:
        return next(v for v in self.verdicts if v.term == term)

    def as_json(self) -> dict:
        return {"ok": self.ok, "verdicts": [v.as_json() for v in self.verdicts],
                "monthly_interest": as_text(self.monthly_interest),
                "total_interest": as_text(self.total_interest),
                "explanation": [line.text("en") for line in self.explanation]}


def _parameters(parameters: Parameters | None) -> Parameters:
    return parameters if parameters is not None else _default_parameters()


_DEFAULT: list[Parameters] = []


def _default_parameters() -> Parameters:
    if not _DEFAULT:
        _DEFAULT.append(Parameters(PARAMETERS_DIR))
    return _DEFAULT[0]


def _months(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            return int(value.strip())
        raise InputError("expected a whole number of months like 18, got %(value)r",
                         field="months", params={"value": value})
    if value < 1:
        raise InputError("expected a whole number of months of 1 or more, got %(value)r",
                         field="months", params={"value": value})
    return value


def check_cashflow_loan(amount: object, rate: object, months: object, budget: object,
                        secured: object, *, on: dt.date = CASHFLOW_FROM,
                        parameters: Parameters | None = None) -> CashflowLoanCheck:
    """Each term of the cash-flow loan with its verdict and the figure it was judged on.

    Terms (report §1.4.4, in force from January 2025): amount from 100 000 € to 2 000 000 €
    (bounds included); a fixed rate of 3 % a year, interest payable monthly; a term from 12 to 24
    months (bounds included), principal repaid in one payment at the end (bullet); at least 75 % of
    the production budget already secured ("dont 75 % du budget de production sont déjà acquis").
    `rate` is a fraction ("0.03"); `secured` is the part of `budget` already secured, in euros.
    Monthly interest = amount × rate / 12 and total interest = monthly × months, each half-up to
    the cent (bullet: the principal is paid once, at the end). The conditions on the borrower
    (Walloon or Brussels production company, SME not in difficulty under the EU definition, pledge
    on receivables) are not figures and are only listed in the explanation.
    """
    amount = parse_amount(amount, field="amount")
    rate = parse_fraction(rate, field="rate")
    months = _months(months)
    budget = parse_amount(budget, field="budget")
    secured = parse_amount(secured, field="secured")
    if budget == 0:
        raise InputError("expected a production budget above zero, got 0", field="budget")
    if secured > budget:
        raise InputError("the secured part %(secured)s exceeds the budget %(budget)s",
                         field="secured",
                         params={"secured": as_text(secured), "budget": as_text(budget)})
    params = _parameters(parameters)

    def get(name: str) -> ParameterValue:
        return params.get(f"cashflow_loan.{name}", on)

    low, high = get("amount_min"), get("amount_max")
    fixed = get("rate")
    shortest, longest = get("term_min_months"), get("term_max_months")
    share_min = get("secured_budget_share_min")
    payment, repayment = get("interest_payment"), get("repayment")
    share = secured / budget
    share_shown = share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    verdicts = (
        Verdict("amount", low.value <= amount <= high.value, Line("fund_money", {"amount": amount}),
                Line("fund_cashflow_amount_rule", {"low": low.value, "high": high.value}),
                low.source),
        Verdict("rate", rate == fixed.value, Line("fund_rate", {"rate": rate}),
                Line("fund_cashflow_rate_rule", {"rate": fixed.value,
                                                 "payment": f"fund.word.{payment.value[0]}"}),
                fixed.source),
        Verdict("months", shortest.value <= months <= longest.value,
                Line("fund_cashflow_months", {"months": months}),
                Line("fund_cashflow_months_rule", {
                    "shortest": shortest.value, "longest": longest.value,
                    "repayment": f"fund.word.{repayment.value[0]}"}), shortest.source),
        Verdict("secured", share >= share_min.value,
                Line("fund_cashflow_secured", {"secured": secured, "budget": budget,
                                               "share": share_shown}),
                Line("fund_cashflow_secured_rule", {"share": share_min.value}),
                share_min.source),
    )
    monthly = to_cents(amount * rate / 12)
    total_interest = to_cents(monthly * months)
    # the parameters used are listed by the pages with their sources (check.parameters)
    explanation = [
        Line("fund_cashflow_inputs", {"amount": amount, "rate": rate, "months": months,
                                      "budget": budget, "secured": secured, "on": on}),
        *(verdict.line for verdict in verdicts),
        Line("fund_cashflow_share", {"secured": secured, "budget": budget, "share": share_shown}),
        Line("fund_cashflow_monthly", {"amount": amount, "rate": rate, "monthly": monthly}),
        Line("fund_cashflow_total", {"monthly": monthly, "months": months,
                                     "total": total_interest, "amount": amount}),
        Line("fund_cashflow_not_checked", {}),
    ]
    return CashflowLoanCheck(verdicts, monthly, total_interest, tuple(explanation),
                             (low, high, fixed, payment, repayment, shortest, longest, share_min))
