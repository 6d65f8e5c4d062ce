"""Step 2 §8: three-year smoothing (lissage) of surpluses and shortfalls.

    « Si l'éditeur a pris des engagements financiers qui dépassent le montant de sa contribution
    annuelle due, il peut reporter, en tout ou partie, ces excédents pour déduction lors des deux
    exercices suivants. […] Si l'éditeur a pris des engagements financiers inférieurs au montant
    de sa contribution annuelle due, il peut reporter […] ce manquement d'investissements pour
    exécution lors des deux exercices suivants. A défaut […], l'éditeur verse définitivement le
    montant correspondant au Centre du Cinéma et de l'Audiovisuel. »

Oldest first (docs/interpretations.md): a year's resources are the open surpluses (oldest first),
then its own countable investments; they absorb the oldest open shortfall first, then the year's
obligation; what is left of the year's own investments is a new surplus. A surplus of year n not
used by the end of n+2 expires; a shortfall of year n still open at the end of n+2 is paid to the
CCA at the start of n+3. Smoothing applies to the investment form only: a year in the payment form
pays its obligation (due at the start of n+1), though open surpluses still settle older shortfalls.

Every euro is accounted for: obligations = met + paid + still open, and countable investments =
used + surplus still open + expired (see `Ledger`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from montage.errors import InputError
from montage.law.explain import Explanation
from montage.money import ZERO


@dataclass(frozen=True)
class SmoothingYear:
    year: int
    obligation: Decimal
    countable: Decimal
    form: str = "investments"          # investments | payment


@dataclass
class Open:
    """An amount still open, by the year it comes from."""

    origin: int
    amount: Decimal


@dataclass
class SmoothedYear:
    year: int
    obligation: Decimal
    countable: Decimal
    form: str
    met: Decimal = ZERO                 # of this year's obligation, by investments or surpluses
    settled_older: Decimal = ZERO       # older shortfalls executed this year
    surplus_used: Decimal = ZERO        # older surpluses deducted this year
    new_surplus: Decimal = ZERO
    new_shortfall: Decimal = ZERO
    expired_surplus: Decimal = ZERO     # lost at the end of this year
    expired_shortfall: Decimal = ZERO   # paid to the CCA at the start of next year
    payment_due: Decimal = ZERO         # owed to the CCA at the start of next year
    shortfalls_open: list[Open] = field(default_factory=list)
    surpluses_open: list[Open] = field(default_factory=list)
    explanation: Explanation | None = None

    @property
    def shortfall_open(self) -> Decimal:
        return sum((o.amount for o in self.shortfalls_open), ZERO)

    @property
    def surplus_open(self) -> Decimal:
        return sum((o.amount for o in self.surpluses_open), ZERO)


def smooth(years: list[SmoothingYear], carry_years: int) -> list[SmoothedYear]:
    """Run the smoothing over consecutive years; `carry_years` is 2 (§8), read by the caller."""
    for previous, current in zip(years, years[1:]):
        if current.year != previous.year + 1:
            raise InputError("years must follow each other; %(missing)s is missing before %(year)s",
                             field="years",
                             params={"missing": previous.year + 1, "year": current.year})
    shortfalls: list[Open] = []
    surpluses: list[Open] = []
    results = []
    for entry in years:
        out = SmoothedYear(entry.year, entry.obligation, entry.countable, entry.form)
        out.explanation = explanation = Explanation.of("smoothing_subject", year=entry.year)
        explanation.input("obligation", entry.obligation)
        explanation.input("countable", entry.countable)
        explanation.input("form", entry.form)
        explanation.input("shortfalls_open", [Open(o.origin, o.amount) for o in shortfalls])
        explanation.input("surpluses_open", [Open(o.origin, o.amount) for o in surpluses])
        # Targets, oldest first: open shortfalls, then this year's obligation (investment form).
        targets = [[o.origin, o.amount] for o in shortfalls]
        if entry.form == "investments":
            targets.append([entry.year, entry.obligation])
        else:
            out.payment_due += entry.obligation
            explanation.step("smoothing_payment_form", amount=entry.obligation)
        own = [entry.year, entry.countable if entry.form == "investments" else ZERO]
        resources = [[o.origin, o.amount] for o in surpluses] + [own]
        for resource in resources:
            for target in targets:
                if resource[1] == 0:
                    break
                used = min(resource[1], target[1])
                if used == 0:
                    continue
                resource[1] -= used
                target[1] -= used
                is_own = resource is own
                if target[0] == entry.year:
                    out.met += used
                else:
                    out.settled_older += used
                if not is_own:
                    out.surplus_used += used
                explanation.step("smoothing_use", amount=used,
                                 source="from_own" if is_own else "from_surplus",
                                 origin=resource[0],
                                 target="to_obligation" if target[0] == entry.year
                                 else "to_shortfall",
                                 target_year=target[0])
        surpluses = [Open(origin, amount) for origin, amount in resources[:-1] if amount]
        if own[1]:
            out.new_surplus = own[1]
            surpluses.append(Open(entry.year, own[1]))
            explanation.step("smoothing_new_surplus", amount=own[1])
        shortfalls = [Open(origin, amount) for origin, amount in targets if amount]
        if entry.form == "investments" and targets[-1][1]:
            out.new_shortfall = targets[-1][1]
            explanation.step("smoothing_new_shortfall", amount=targets[-1][1])
        # End of year: what has had its two following years expires.
        for item in [s for s in shortfalls if s.origin <= entry.year - carry_years]:
            shortfalls.remove(item)
            out.expired_shortfall += item.amount
            out.payment_due += item.amount
            explanation.step("smoothing_shortfall_expired", amount=item.amount,
                             origin=item.origin, pay_year=entry.year + 1)
        for item in [s for s in surpluses if s.origin <= entry.year - carry_years]:
            surpluses.remove(item)
            out.expired_surplus += item.amount
            explanation.step("smoothing_surplus_expired", amount=item.amount, origin=item.origin)
        out.shortfalls_open = [Open(o.origin, o.amount) for o in shortfalls]
        out.surpluses_open = [Open(o.origin, o.amount) for o in surpluses]
        for item in out.shortfalls_open:
            explanation.step("smoothing_open_shortfall", amount=item.amount, origin=item.origin,
                             last_year=item.origin + carry_years)
        for item in out.surpluses_open:
            explanation.step("smoothing_open_surplus", amount=item.amount, origin=item.origin,
                             last_year=item.origin + carry_years)
        results.append(out)
    return results
