"""Step 2 §9: economic spillover (retombées économiques) of each investment in the FWB.

    « Pour chaque investissement financier, l'éditeur doit présenter […] des justificatifs de
    retombées économiques en Région de langue française ou en Région bilingue de
    Bruxelles-Capitale pour un montant équivalent à cet investissement. »
    « Un forfait de frais généraux est admissible pour un montant maximum correspondant à 7 % de
    l'investissement […] ; Le producteur ne peut se rémunérer en tant que société que pour un
    montant maximum correspondant à 10 % de l'investissement […] ; La valorisation des
    prestations des employés du producteur doit s'effectuer sur la base des salaires bruts. »
    « Si, au terme d'une période de trois ans suivant la date du contrat relatif à
    l'investissement, aucune retombée économique n'a pu être présentée […], l'investissement est
    annulé. »

An expense counts when its supplier's registered or operating seat lies in the French-language
region or in Brussels (`montage.territory`), and, for an invoice, when it carries every mandatory
field. Salaries are the producer's employees at gross salary (the producer's seat decides).
After the three years, Montage counts the investment for what was proven: nothing proven cancels
it; part proven reduces it to that part (docs/interpretations.md). A case that records no
evidence at all for an investment is evaluated like one that records an empty list: absent
evidence after the three years is no evidence (montage.law.case). An investment without a contract
date has its three years counted from `window_from` (the case gives the end of its commitment
year, the latest its document can be dated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from montage.errors import InputError
from montage.law.explain import Explanation
from montage.law.parameters import Parameters, default
from montage.money import ZERO, to_cents
from montage.territory import locate

EXPENSE_KINDS = ("invoice", "salary", "overhead", "producer_fee")
CAPPED_KINDS = {"overhead": "spillover.overhead_cap", "producer_fee": "spillover.producer_fee_cap"}


@dataclass(frozen=True)
class SpilloverExpense:
    amount: Decimal                          # excluding VAT; gross salary for employees
    kind: str = "invoice"
    supplier: str = ""
    postal_code: str | None = None           # registered seat
    operating_postal_code: str | None = None
    missing_fields: tuple[str, ...] = ()     # mandatory invoice fields absent from the document
    reference: str = ""

    def __post_init__(self):
        if self.kind not in EXPENSE_KINDS:
            raise InputError("unknown expense kind %(kind)r; expected one of %(choices)s",
                             field="kind",
                             params={"kind": self.kind, "choices": ", ".join(EXPENSE_KINDS)})


@dataclass
class Spillover:
    investment: Decimal
    required: Decimal
    counted: Decimal
    excluded: Decimal
    deadline: dt.date | None
    status: str                  # complete | in_progress | cancelled | reduced
    countable_investment: Decimal
    explanation: Explanation

    @property
    def progress(self) -> Decimal:
        """Share of the requirement shown (1 = 100 %), to four decimals."""
        if not self.required:
            return Decimal("1")
        return (self.counted / self.required).quantize(Decimal("0.0001"))


def _in_fwb(expense: SpilloverExpense) -> tuple[bool, str]:
    """Whether a seat lies in the area, and where ("" when no postal code is known)."""
    for code in (expense.postal_code, expense.operating_postal_code):
        if code:
            place = locate(code)
            if place.in_fwb_spillover_area:
                return True, f"{place.postal_code} {place.municipality}"
    return False, ", ".join(filter(None, (expense.postal_code, expense.operating_postal_code)))


def _as_input(expense: SpilloverExpense) -> dict:
    """An expense as its explanation lists it: kind, amount, name, postal codes, fields missing."""
    return {"kind": expense.kind, "amount": expense.amount,
            "name": ", ".join(filter(None, (expense.reference, expense.supplier))),
            "where": ", ".join(filter(None, (expense.postal_code,
                                             expense.operating_postal_code))),
            "missing_fields": list(expense.missing_fields)}


def proof_deadline(start: dt.date, params: Parameters | None = None) -> dt.date:
    """The end of the three years after `start` (the contract's date) to show spillover (§9)."""
    params = params or default()
    return add_years(start, params.get("spillover.proof_years", start).value)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def assess_spillover(investment: Decimal, expenses: list[SpilloverExpense], *,
                     contract_date: dt.date | None, as_of: dt.date,
                     params: Parameters | None = None, label: str = "",
                     window_from: dt.date | None = None) -> Spillover:
    params = params or default()
    on = contract_date or window_from or as_of
    explanation = Explanation.of("spillover_subject", investment=label, amount=investment)
    explanation.input("investment", investment)
    explanation.input("contract_date", contract_date)
    explanation.input("as_of", as_of)
    explanation.input("expenses", [_as_input(expense) for expense in expenses])
    required_share = explanation.use(params.get("spillover.required_share", on))
    required = to_cents(investment * required_share)
    mandatory = explanation.use(params.get("spillover.invoice_mandatory_fields", on))
    by_kind = {kind: ZERO for kind in EXPENSE_KINDS}
    excluded = ZERO
    for expense in expenses:
        name = expense.reference or expense.supplier or expense.kind
        inside, where = _in_fwb(expense)
        if not inside:
            excluded += expense.amount
            explanation.step("spillover_outside" if where else "spillover_address_unknown",
                             expense=name, amount=expense.amount, where=where)
            continue
        if expense.kind == "invoice":
            unknown = set(expense.missing_fields) - set(mandatory)
            if unknown:
                raise InputError("unknown invoice field(s) %(unknown)s; expected among %(fields)s",
                                 field="missing_fields",
                                 params={"unknown": sorted(unknown), "fields": ", ".join(mandatory)})
            if expense.missing_fields:
                excluded += expense.amount
                explanation.step("spillover_missing_fields", expense=name,
                                 amount=expense.amount,
                                 fields=list(expense.missing_fields))
                continue
        by_kind[expense.kind] += expense.amount
    counted = by_kind["invoice"] + by_kind["salary"]
    explanation.step("spillover_invoices", invoices=by_kind["invoice"], salaries=by_kind["salary"])
    for kind, name in CAPPED_KINDS.items():
        if not by_kind[kind]:
            continue
        share = explanation.use(params.get(name, on))
        cap = investment * share
        kept = min(by_kind[kind], cap)
        excluded += by_kind[kind] - kept
        counted += kept
        explanation.step("spillover_capped", kind=kind, amount=by_kind[kind],
                         share=share, cap=cap, kept=kept, cut=by_kind[kind] - kept)
    counted = to_cents(counted)
    deadline = None
    start = contract_date or window_from
    if start:
        years = explanation.use(params.get("spillover.proof_years", on))
        deadline = add_years(start, years)
        if contract_date is None:
            explanation.step("spillover_undated", start=start, deadline=deadline)
    if counted >= required:
        status, countable = "complete", investment
    elif deadline is None or as_of <= deadline:
        status, countable = "in_progress", investment
    elif counted == 0:
        status, countable = "cancelled", ZERO
    else:
        status, countable = "reduced", counted
    explanation.step(f"spillover_{status}", counted=counted, required=required,
                     deadline=deadline, countable=countable)
    return Spillover(investment, required, counted, to_cents(excluded), deadline, status,
                     countable, explanation)
