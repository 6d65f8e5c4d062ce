"""Each financier's spend obligation as a rule object: "one expense counted toward every
obligation it may serve".

Four rules, each with `eligible(expense, on_date) -> Verdict` (does this expense count, for how
much, and why) and `assess(terms, expenses) -> ObligationStatus` (required, counted, missing, by
budget category, by supplier, due date, and an explanation with inputs, parameters and their
sources, and steps):

- `WallimageCoproduction`: Walloon spend ≥ the investment × the higher of the regulation's ratio
  (150 %) and the contract's committed ratio; date-effective eligibility (location rentals,
  RTBF Média Rives studios, 2025 supplier rules); 50 % at signature and two tranches on proof.
- `BroadcasterSpillover`: the vade-mecum §9 rule, delegated to `montage.law.spillover`.
- `ScreenBrussels`: Brussels audiovisual spend ≥ the format's minimum and ≥ the amount requested.
- `TaxShelter`: art. 194ter CIR 92, Belgian spend ≥ 90 % of the certificate's tax value, the
  18 % cap on producer fees, overheads and commissions, the 70 % directly-linked test.

Parameters are dated YAML files under `montage/finance/parameters/`, each value with its public
source. An expense is counted at most once per obligation (a ledger id given twice is an input
error) and never for more than its amount; it may count for every obligation at once.
Interpretations where the sources are silent are listed in docs/finance.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import montage.finance.messages  # noqa: F401  (registers the finance explanation texts)
from montage.errors import InputError
from montage.finance.expenses import Expense, Supplier
from montage.law import parameters as law_parameters
from montage.law.explain import Explanation, Line, message
from montage.law.parameters import ParameterValue, Parameters
from montage.law.spillover import SpilloverExpense, assess_spillover
from montage.money import ZERO, to_cents
from montage.territory import Place, locate

PARAMETERS_DIR = Path(__file__).with_name("parameters")
CENT = Decimal("0.01")


@lru_cache(maxsize=1)
def default_parameters() -> Parameters:
    """The finance parameters shipped with Montage (checked when loaded)."""
    return Parameters(PARAMETERS_DIR)


# --------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class Verdict:
    """Whether one expense counts for one obligation, for how much, and why (a message key)."""

    obligation: str
    expense_id: str
    eligible: bool
    amount: Decimal                 # the part that may count (zero when not eligible)
    reason: str
    args: dict = field(default_factory=dict, hash=False, compare=False)
    parameters: tuple[ParameterValue, ...] = ()

    def text(self, lang: str = "fr") -> str:
        return message(self.reason, lang, **self.args)


@dataclass(frozen=True)
class CountedLine:
    """The amount one expense contributes to one obligation."""

    expense_id: str
    category: str
    supplier: str
    amount: Decimal


@dataclass
class ObligationStatus:
    obligation: str
    required: Decimal
    counted: Decimal
    missing: Decimal
    surplus: Decimal
    due_date: dt.date | None
    lines: list[CountedLine]
    excluded: list[Verdict]
    by_category: dict[str, Decimal]
    by_supplier: dict[str, Decimal]
    excluded_by_reason: dict[str, Decimal]
    issues: list[Line]
    details: dict
    explanation: Explanation

    @property
    def met(self) -> bool:
        return self.missing == 0 and not self.issues

    def counted_for(self, expense_id: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.expense_id == expense_id), ZERO)


# --------------------------------------------------------------------------------------------
# shared helpers


def _unique(expenses: list[Expense]) -> list[Expense]:
    seen: set[str] = set()
    for expense in expenses:
        if not isinstance(expense, Expense):
            raise InputError("expected an Expense, got %(type)s", field="expenses",
                             params={"type": type(expense).__name__})
        if expense.id in seen:
            raise InputError("expense %(id)s is given twice: one expense counts at most "
                             "once for one obligation", field="expenses",
                             params={"id": expense.id})
        seen.add(expense.id)
    return sorted(expenses, key=lambda e: (e.date, e.id))


def _where(supplier: Supplier) -> str:
    codes = [c for c in (supplier.postal_code, supplier.operating_postal_code) if c]
    return f"{supplier.country} {', '.join(codes)}".strip()


def _place(postal_code: str | None, country: str, on: dt.date) -> Place | None:
    if country != "BE" or not postal_code:
        return None
    return locate(postal_code, on=on)


def _describe(place: Place) -> str:
    return f"{place.postal_code} {place.municipality}"


def _flag(params: Parameters, name: str, on: dt.date, used: list) -> bool:
    value = params.get(name, on)
    used.append(value)
    return bool(value.value)


def _allocate(pool: list[tuple[Expense, Decimal]], kept: Decimal) -> list[tuple[Expense, Decimal]]:
    """Spread a capped total over its expenses in ledger order (date, id), in whole cents."""
    remaining = to_cents(kept)
    result = []
    for expense, amount in pool:
        take = min(amount, remaining)
        remaining -= take
        result.append((expense, take))
    return result


def _reconcile(allocated: list[tuple[Expense, Decimal]], target: Decimal,
               adjustable: list[str]) -> list[tuple[Expense, Decimal]]:
    """Make the lines add up to `target` exactly, moving the (at most few cents) difference that
    rounding a delegated total once leaves, onto capped lines that can take it."""
    difference = target - sum((amount for _, amount in allocated), ZERO)
    if not difference:
        return allocated
    adjustable = set(adjustable)
    lines = list(allocated)
    for index in reversed(range(len(lines))):
        expense, amount = lines[index]
        if expense.id not in adjustable or not difference:
            continue
        room = expense.amount - amount if difference > 0 else -amount
        step = min(difference, room) if difference > 0 else max(difference, room)
        lines[index] = (expense, amount + step)
        difference -= step
    if difference:
        raise AssertionError(f"cannot reconcile {difference} on the counted lines")
    return lines


def _status(obligation: str, required: Decimal, lines: list[tuple[Expense, Decimal]],
            verdicts: list[tuple[Expense, Verdict]], explanation: Explanation,
            due_date: dt.date | None, issues: list[Line], details: dict) -> ObligationStatus:
    counted_lines = [CountedLine(e.id, e.category, e.supplier.name, amount)
                     for e, amount in lines if amount]
    counted = sum((line.amount for line in counted_lines), ZERO)
    assert counted == to_cents(counted)
    by_category: dict[str, Decimal] = {}
    by_supplier: dict[str, Decimal] = {}
    for line in counted_lines:
        by_category[line.category] = by_category.get(line.category, ZERO) + line.amount
        by_supplier[line.supplier] = by_supplier.get(line.supplier, ZERO) + line.amount
    excluded = [verdict for _, verdict in verdicts if not verdict.eligible]
    excluded_by_reason: dict[str, Decimal] = {}
    for expense, verdict in verdicts:
        lost = expense.amount - verdict.amount if verdict.eligible else expense.amount
        if lost:
            excluded_by_reason[verdict.reason] = excluded_by_reason.get(verdict.reason, ZERO) + lost
    for expense, verdict in verdicts:
        explanation.step(verdict.reason, **verdict.args)
    explanation.step("fin_counted", counted=counted, count=len(counted_lines))
    for reason, amount in sorted(excluded_by_reason.items()):
        explanation.step("fin_excluded_total", amount=amount, reason=reason)
    missing = max(required - counted, ZERO)
    surplus = max(counted - required, ZERO)
    if missing:
        explanation.step("fin_missing", missing=missing, required=required, counted=counted)
    else:
        explanation.step("fin_met", counted=counted, required=required, surplus=surplus)
    explanation.notes.extend(issues)
    return ObligationStatus(obligation, required, counted, missing, surplus, due_date,
                            counted_lines, excluded, by_category, by_supplier,
                            excluded_by_reason, issues, details, explanation)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def _is_rtbf_media_rives(studio: str | None) -> bool:
    return _key(studio or "") == _key("RTBF Média Rives")


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if c.isalnum()).casefold()


def _check_amount(value, field_name: str) -> Decimal:
    if isinstance(value, (float, bool)) or not isinstance(value, Decimal) or value < 0:
        raise InputError("expected a Decimal amount of zero or more, got %(value)r",
                         field=field_name, params={"value": value})
    return value


# --------------------------------------------------------------------------------------------
# Wallimage Coproductions


@dataclass(frozen=True)
class WallimageTerms:
    """A Wallimage coproduction contract. `committed_ratio` is the Walloon spend the producer
    committed to, as a multiple of the investment (6.5 = 650 %); `rules_on`, when given, judges
    every expense by the regulation in force that day instead of on each expense's date."""

    investment: Decimal
    signature_date: dt.date
    committed_ratio: Decimal | None = None
    spend_deadline: dt.date | None = None
    rules_on: dt.date | None = None
    label: str = ""


class WallimageCoproduction:
    name = "wallimage"

    def __init__(self, params: Parameters | None = None):
        self.params = params or default_parameters()

    def eligible(self, expense: Expense, on_date: dt.date | None = None) -> Verdict:
        on = on_date or expense.date
        used: list[ParameterValue] = []
        name = expense.id

        def verdict(ok: bool, reason: str, counted: Decimal = ZERO, **args) -> Verdict:
            return Verdict(self.name, expense.id, ok, counted if ok else ZERO, reason,
                           dict(expense=name, **args), tuple(used))

        # registered seat (domicile for a person paid on payroll) in the Walloon Region
        person = expense.supplier
        place = _place(person.postal_code, person.country, on)
        if place is None or not place.in_walloon_region:
            return verdict(False, "fin_wallimage_outside", where=_where(person))
        if _is_rtbf_media_rives(expense.studio):
            if not _flag(self.params, "wallimage.rtbf_media_rives_eligible", on, used):
                return verdict(False, "fin_wallimage_rtbf_before")
        elif expense.location_rental:
            if not _flag(self.params, "wallimage.location_rentals_eligible", on, used):
                return verdict(False, "fin_wallimage_location_rental")
        if expense.kind == "invoice":
            required = _flag(self.params, "wallimage.supplier_audiovisual_activity_required", on,
                             used)
            if person.audiovisual_activity is False:
                return verdict(False, "fin_wallimage_no_av")
            if required and person.audiovisual_activity is None:
                return verdict(False, "fin_wallimage_av_not_shown")
        amount = expense.amount
        if expense.kind == "invoice" and expense.manager_services:
            rule = _flag(self.params, "wallimage.manager_domicile_rule", on, used)
            if rule and expense.manager_lives_in_wallonia is not True:
                if expense.is_post_production:
                    return verdict(True, "fin_wallimage_manager_post", amount, amount=amount)
                amount = expense.amount - expense.manager_services
                return verdict(amount > 0, "fin_wallimage_manager_deducted", amount,
                               amount=amount, deducted=expense.manager_services)
        return verdict(True, "fin_wallimage_in_region", amount, amount=amount,
                       place=_describe(place))

    def assess(self, terms: WallimageTerms, expenses: list[Expense]) -> ObligationStatus:
        investment = _check_amount(terms.investment, "investment")
        on = terms.signature_date
        explanation = Explanation.of("fin_status_subject", obligation=self.name,
                                     label=f" — {terms.label}" if terms.label else "")
        explanation.input("investment", investment)
        explanation.input("signature_date", on)
        explanation.input("committed_ratio", terms.committed_ratio)
        cap = explanation.use(self.params.get("wallimage.investment_cap", on))
        minimum = explanation.use(self.params.get("wallimage.minimum_ratio", on))
        committed = terms.committed_ratio
        if committed is not None:
            _check_amount(committed, "committed_ratio")
        ratio = max(minimum, committed or ZERO)
        required = to_cents(investment * ratio)
        explanation.step("fin_required_ratio", investment=investment, ratio=ratio,
                         required=required, minimum=minimum,
                         committed=str(committed) if committed is not None else "—")
        issues = []
        if investment > cap:
            issues.append(Line("fin_wallimage_over_cap", {"investment": investment, "cap": cap}))
        verdicts, lines = [], []
        for expense in _unique(expenses):
            verdict = self.eligible(expense, terms.rules_on)
            for parameter in verdict.parameters:
                explanation.use(parameter)
            verdicts.append((expense, verdict))
            lines.append((expense, verdict.amount))
        status = _status(self.name, required, lines, verdicts, explanation, terms.spend_deadline,
                         issues, {})
        schedule = explanation.use(self.params.get("wallimage.tranche_schedule", on))
        tranches, paid = [], ZERO
        for n, item in enumerate(schedule, 1):
            share, spend_share = Decimal(item["share"]), Decimal(item["spend_share"])
            amount = (investment - paid if n == len(schedule) else to_cents(investment * share))
            paid += amount
            proof = to_cents(required * spend_share)
            released = status.counted >= proof
            tranches.append({"tranche": n, "amount": amount, "spend_to_prove": proof,
                             "releasable": released})
            if spend_share:
                explanation.step("fin_tranche_spend", n=n, amount=amount, proof=proof,
                                 reached="reached" if released else "not_yet")
            else:
                explanation.step("fin_tranche_signature", n=n, amount=amount)
        status.details["tranches"] = tranches
        status.details["ratio"] = ratio
        status.details["achieved_ratio"] = (
            (status.counted / investment).quantize(Decimal("0.0001")) if investment else None)
        return status


# --------------------------------------------------------------------------------------------
# broadcasters' FWB spillover (vade-mecum step 2 §9), delegated to montage.law.spillover


@dataclass(frozen=True)
class SpilloverTerms:
    investment: Decimal
    contract_date: dt.date | None
    as_of: dt.date
    label: str = ""


_SPILL_CAPPED = {"overhead": "spillover.overhead_cap", "producer_fee": "spillover.producer_fee_cap"}


def _spillover_kind(expense: Expense) -> str:
    if expense.cost_type in _SPILL_CAPPED:
        return expense.cost_type
    return "salary" if expense.kind == "payroll" else "invoice"


def to_spillover_expense(expense: Expense) -> SpilloverExpense:
    """The spillover module's view of an expense: the seat holder's addresses (the producer's for
    payroll, as §9 values employees at gross salary), and the invoice's missing fields."""
    kind = _spillover_kind(expense)
    holder = expense.seat_holder
    belgian = holder.country == "BE"
    return SpilloverExpense(
        amount=expense.amount, kind=kind, supplier=expense.supplier.name,
        postal_code=holder.postal_code if belgian else None,
        operating_postal_code=holder.operating_postal_code if belgian else None,
        missing_fields=expense.missing_fields if kind == "invoice" else (),
        reference=expense.id)


class BroadcasterSpillover:
    name = "fwb_spillover"

    def __init__(self, params: Parameters | None = None):
        self.params = params or law_parameters.default()

    def eligible(self, expense: Expense, on_date: dt.date | None = None) -> Verdict:
        """Territory and invoice fields, decided by `assess_spillover` on this expense alone.
        Overheads and producer fees are then capped per investment when assessed."""
        on = on_date or expense.date
        probe = to_spillover_expense(expense)
        capped = probe.kind in _SPILL_CAPPED
        if capped:  # check territory only; the 7 %/10 % caps apply to the whole investment
            probe = SpilloverExpense(probe.amount, "salary", probe.supplier, probe.postal_code,
                                     probe.operating_postal_code, (), probe.reference)
        result = assess_spillover(expense.amount, [probe], contract_date=None, as_of=on,
                                  params=self.params)
        used = tuple(result.explanation.parameters)
        args = {"expense": expense.id}
        if result.excluded == 0:
            return Verdict(self.name, expense.id, True, expense.amount,
                           "fin_spill_in_capped" if capped else "fin_spill_in",
                           dict(args, amount=expense.amount), used)
        if probe.missing_fields and _inside(probe):
            return Verdict(self.name, expense.id, False, ZERO, "fin_spill_fields",
                           dict(args, fields=list(probe.missing_fields)), used)
        return Verdict(self.name, expense.id, False, ZERO, "fin_spill_out",
                       dict(args, where=_where(expense.seat_holder)), used)

    def assess(self, terms: SpilloverTerms, expenses: list[Expense]) -> ObligationStatus:
        investment = _check_amount(terms.investment, "investment")
        ordered = _unique(expenses)
        explanation = Explanation.of("fin_status_subject", obligation=self.name,
                                     label=f" — {terms.label}" if terms.label else "")
        explanation.input("investment", investment)
        explanation.input("contract_date", terms.contract_date)
        result = assess_spillover(investment, [to_spillover_expense(e) for e in ordered],
                                  contract_date=terms.contract_date, as_of=terms.as_of,
                                  params=self.params, label=terms.label)
        explanation.include(result.explanation)
        for parameter in result.explanation.parameters:
            explanation.use(parameter)
        verdicts, lines, pools = [], [], {kind: [] for kind in _SPILL_CAPPED}
        for expense in ordered:
            verdict = self.eligible(expense, terms.as_of)
            verdicts.append((expense, verdict))
            kind = _spillover_kind(expense)
            if verdict.eligible and kind in _SPILL_CAPPED:
                pools[kind].append((expense, expense.amount))
            else:
                lines.append((expense, verdict.amount))
        on = terms.contract_date or terms.as_of
        adjustable = []
        for kind, pool in pools.items():
            if not pool:
                continue
            cap = investment * self.params.get(_SPILL_CAPPED[kind], on).value
            kept = min(sum((a for _, a in pool), ZERO), cap)
            lines.extend(_allocate(pool, kept))
            adjustable.extend(e.id for e, _ in pool)
        lines = _reconcile(lines, result.counted, adjustable)
        # report the excluded part of capped lines as such
        shown = []
        counted_by_id = {e.id: a for e, a in lines}   # one lookup per expense, not a scan
        for expense, verdict in verdicts:
            counted = counted_by_id[expense.id]
            if verdict.eligible and counted < expense.amount:
                verdict = Verdict(self.name, expense.id, True, counted, verdict.reason,
                                  dict(verdict.args, amount=counted), verdict.parameters)
            shown.append((expense, verdict))
        explanation.step("fin_spill_status", status=result.status)
        status = _status(self.name, result.required, lines, shown, explanation, result.deadline,
                         [], {"spillover": result, "status": result.status,
                              "countable_investment": result.countable_investment})
        assert status.counted == result.counted, (status.counted, result.counted)
        return status


def _inside(probe: SpilloverExpense) -> bool:
    for code in (probe.postal_code, probe.operating_postal_code):
        if code and locate(code).in_fwb_spillover_area:
            return True
    return False


# --------------------------------------------------------------------------------------------
# screen.brussels


SB_FORMATS = ("feature_film", "series_over_10_min", "animation", "documentary",
              "special_format", "short_series")
SB_SPECIAL_FORMATS = ("special_format", "short_series")


@dataclass(frozen=True)
class ScreenBrusselsTerms:
    format: str
    amount_requested: Decimal
    decision_date: dt.date
    spend_deadline: dt.date | None = None
    financing_secured_share: Decimal | None = None
    label: str = ""

    def __post_init__(self):
        if self.format not in SB_FORMATS:
            raise InputError("unknown format %(format)r; expected one of %(choices)s",
                             field="format",
                             params={"format": self.format, "choices": ", ".join(SB_FORMATS)})


class ScreenBrussels:
    name = "screen_brussels"

    def __init__(self, params: Parameters | None = None):
        self.params = params or default_parameters()

    def eligible(self, expense: Expense, on_date: dt.date | None = None) -> Verdict:
        on = on_date or expense.date
        used = [self.params.get("screen_brussels.seats_required", on),
                self.params.get("screen_brussels.excluded_expenses", on)]
        holder = expense.seat_holder

        def verdict(ok, reason, **args):
            return Verdict(self.name, expense.id, ok, expense.amount if ok else ZERO, reason,
                           dict(expense=expense.id, **args), tuple(used))

        seats = {"registered": holder.postal_code,
                 # no operating seat recorded: the company operates at its registered seat
                 "operating": holder.operating_postal_code or holder.postal_code}
        for seat in used[0].value:
            place = _place(seats[seat], holder.country, on)
            if place is None or not place.in_brussels_capital:
                return verdict(False, "fin_sb_outside", seat=seat,
                               where=f"{holder.country} {seats[seat] or '—'}")
        for flag in used[1].value:
            if getattr(expense, flag):
                return verdict(False, "fin_sb_excluded", what=flag)
        if expense.kind == "invoice" and expense.supplier.audiovisual_activity is False:
            return verdict(False, "fin_sb_no_av")
        return verdict(True, "fin_sb_in", amount=expense.amount)

    def assess(self, terms: ScreenBrusselsTerms, expenses: list[Expense]) -> ObligationStatus:
        requested = _check_amount(terms.amount_requested, "amount_requested")
        on = terms.decision_date
        explanation = Explanation.of("fin_status_subject", obligation=self.name,
                                     label=f" — {terms.label}" if terms.label else "")
        explanation.input("format", terms.format)
        explanation.input("amount_requested", requested)
        minima = explanation.use(self.params.get("screen_brussels.minimum_spend", on))
        minimum = next(Decimal(item["amount"]) for item in minima
                       if item["format"] == terms.format)
        required = to_cents(max(minimum, requested))
        explanation.step("fin_sb_required", format=terms.format, minimum=minimum,
                         requested=requested, required=required)
        cap = explanation.use(self.params.get("screen_brussels.investment_cap", on))
        issues = []
        if requested > cap:
            issues.append(Line("fin_sb_over_cap", {"requested": requested, "cap": cap}))
        if terms.financing_secured_share is not None:
            name = ("screen_brussels.financing_secured_min_special"
                    if terms.format in SB_FORMATS and terms.format in SB_SPECIAL_FORMATS
                    else "screen_brussels.financing_secured_min")
            floor = explanation.use(self.params.get(name, on))
            if terms.financing_secured_share < floor:
                issues.append(Line("fin_sb_financing", {"share": terms.financing_secured_share,
                                                        "minimum": floor}))
        verdicts, lines = [], []
        for expense in _unique(expenses):
            verdict = self.eligible(expense)
            for parameter in verdict.parameters:
                explanation.use(parameter)
            verdicts.append((expense, verdict))
            lines.append((expense, verdict.amount))
        return _status(self.name, required, lines, verdicts, explanation, terms.spend_deadline,
                       issues, {"minimum_for_format": minimum})


# --------------------------------------------------------------------------------------------
# Tax Shelter (art. 194ter CIR 92)


TS_FEE_TYPES = ("overhead", "producer_fee", "commission")


@dataclass(frozen=True)
class TaxShelterTerms:
    """`certificate_value`: the tax value of the Tax Shelter certificate(s) sought for the work.
    `eea_qualifying_expenses`: when given, used instead of the EEA expenses of the ledger (the
    70 % limit is often checked on the budget before the expenses exist)."""

    certificate_value: Decimal
    agreement_date: dt.date
    animation: bool = False
    eea_qualifying_expenses: Decimal | None = None
    budget: Decimal | None = None
    investors_money: Decimal | None = None
    label: str = ""


class TaxShelter:
    name = "tax_shelter"

    def __init__(self, params: Parameters | None = None):
        self.params = params or default_parameters()

    def eligible(self, expense: Expense, on_date: dt.date | None = None) -> Verdict:
        """Made in Belgium: the seat holder (supplier, or employer for payroll) is established
        in Belgium. The 18-month window, the 18 % cap and the 70 % test apply in `assess`."""
        on = on_date or expense.date
        used = [self.params.get("tax_shelter.ineligible_studios", on),
                self.params.get("tax_shelter.eea_countries", on)]
        holder = expense.seat_holder
        args = {"expense": expense.id}
        if expense.studio and any(_key(expense.studio) == _key(s) for s in used[0].value):
            return Verdict(self.name, expense.id, False, ZERO, "fin_ts_studio",
                           dict(args, studio=expense.studio), tuple(used))
        place = _place(holder.postal_code, holder.country, on)
        if place is None:
            reason = "fin_ts_eea" if holder.country in used[1].value else "fin_ts_outside_eea"
            return Verdict(self.name, expense.id, False, ZERO, reason,
                           dict(args, country=holder.country), tuple(used))
        return Verdict(self.name, expense.id, True, expense.amount, "fin_ts_belgian",
                       dict(args, amount=expense.amount, place=_describe(place)), tuple(used))

    def in_eea(self, expense: Expense) -> bool:
        countries = self.params.get("tax_shelter.eea_countries", expense.date).value
        return expense.seat_holder.country in countries

    def assess(self, terms: TaxShelterTerms, expenses: list[Expense]) -> ObligationStatus:
        value = _check_amount(terms.certificate_value, "certificate_value")
        on = terms.agreement_date
        explanation = Explanation.of("fin_status_subject", obligation=self.name,
                                     label=f" — {terms.label}" if terms.label else "")
        explanation.input("certificate_value", value)
        explanation.input("agreement_date", on)
        explanation.input("animation", terms.animation)
        p = lambda name: explanation.use(self.params.get(f"tax_shelter.{name}", on))  # noqa: E731
        months = p("spend_period_months_animation" if terms.animation else "spend_period_months")
        end = add_months(on, months)
        share = p("belgian_spend_share")
        required = to_cents(value * share)
        explanation.step("fin_ts_required", share=share, value=value, required=required,
                         start=on, end=end)
        fee_cap = p("indirect_costs_cap")
        direct_min = p("direct_share_min")
        eea_share = p("eea_share_max")
        value_cap = p("certificate_value_max")

        ordered = _unique(expenses)
        verdicts, other, fees = [], [], []
        eea_total = ZERO
        for expense in ordered:
            verdict = self.eligible(expense)
            for parameter in verdict.parameters:
                explanation.use(parameter)
            if self.in_eea(expense) and verdict.reason != "fin_ts_studio":
                eea_total += expense.amount
            if verdict.eligible and not on <= expense.date <= end:
                verdict = Verdict(self.name, expense.id, False, ZERO, "fin_ts_window",
                                  {"expense": expense.id, "date": expense.date, "start": on,
                                   "end": end}, verdict.parameters)
            verdicts.append((expense, verdict))
            if verdict.eligible:
                (fees if expense.cost_type in TS_FEE_TYPES else other).append(
                    (expense, expense.amount))
        other_total = sum((a for _, a in other), ZERO)
        fee_total = sum((a for _, a in fees), ZERO)
        # fees ≤ 18 % of the Belgian expenses counted, fees included: F ≤ 0.18 (O + F)
        fee_max = other_total * fee_cap / (1 - fee_cap)
        kept = to_cents(min(fee_total, fee_max))
        explanation.step("fin_ts_fees", fees=fee_total, cap=fee_cap, kept=kept, other=other_total)
        lines = [(e, a) for e, a in other] + _allocate(fees, kept)
        belgian = other_total + kept
        direct = sum((a for e, a in other if e.directly_linked), ZERO)
        direct_share = direct / belgian if belgian else ZERO
        factor = min(Decimal(1), direct_share / direct_min) if belgian else Decimal(1)
        explanation.step("fin_ts_direct", direct=direct, belgian=belgian,
                         share=direct_share.quantize(Decimal("0.0001")), minimum=direct_min,
                         factor=factor.quantize(Decimal("0.0001")))
        eea = terms.eea_qualifying_expenses if terms.eea_qualifying_expenses is not None \
            else eea_total
        by_belgian = belgian / share * factor
        max_value = to_cents(min(by_belgian, eea * eea_share, value_cap))
        explanation.step("fin_ts_max_value", belgian=to_cents(by_belgian), eea_share=eea_share,
                         eea=eea, cap=value_cap, value=max_value)
        issues = []
        if value > max_value:
            issues.append(Line("fin_ts_value_too_high", {"value": value, "max": max_value}))
        if terms.budget is not None and terms.investors_money is not None:
            investor_max = p("investor_share_max")
            if terms.investors_money > terms.budget * investor_max:
                issues.append(Line("fin_ts_investors", {"money": terms.investors_money,
                                                        "share": investor_max,
                                                        "budget": terms.budget}))
        years = p("certificate_deadline_years")
        certificate_deadline = dt.date(on.year + years, 12, 31)
        explanation.note("fin_ts_certificate", deadline=certificate_deadline)
        # show the capped part of fees as not counted
        shown = []
        counted_by_id = {e.id: a for e, a in lines}   # one lookup per expense, not a scan
        for expense, verdict in verdicts:
            counted = counted_by_id.get(expense.id, ZERO)
            if verdict.eligible and counted < expense.amount:
                verdict = Verdict(self.name, expense.id, True, counted, verdict.reason,
                                  dict(verdict.args, amount=counted), verdict.parameters)
            shown.append((expense, verdict))
        return _status(self.name, required, lines, shown, explanation, end, issues, {
            "belgian_expenses": to_cents(belgian),
            "fees_counted": kept,
            "directly_linked": to_cents(direct),
            "direct_share": direct_share.quantize(Decimal("0.0001")),
            "reduction_factor": factor.quantize(Decimal("0.000001")),
            "eea_expenses": to_cents(eea),
            "max_certificate_value": max_value,
            "certificate_deadline": certificate_deadline,
        })


# --------------------------------------------------------------------------------------------
# one expense, every obligation


def allocation(statuses: list[ObligationStatus]) -> dict[str, dict[str, Decimal]]:
    """For each expense id, the amount it counts for each obligation assessed: the producer's
    view of "one expense counted toward every obligation it may serve"."""
    table: dict[str, dict[str, Decimal]] = {}
    for status in statuses:
        for line in status.lines:
            row = table.setdefault(line.expense_id, {})
            if status.obligation in row:
                raise AssertionError(f"{line.expense_id} counted twice for {status.obligation}")
            row[status.obligation] = line.amount
    return table
