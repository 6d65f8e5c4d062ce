"""The recoupment waterfall: where every cent of a work's net receipts goes.

The agreement is data (the contract's terms, recorded per work): an ordered list of corridors,
off-the-top items first, then tiers. Each corridor names its shares: a beneficiary and the part of
what enters the corridor it takes (a fixed percentage, its pro rata of the financing of the
corridor's pro-rata beneficiaries, or a negotiated "beyond pro rata" percentage), up to a cap
(the amount recoupable, plus an optional premium). Once its cap is met a share takes its
"after cap" percentage (0: it is out; 10 %: a back-end share, uncapped).

For each period, in order, the net receipts of the period enter the first corridor; what its
shares do not take (percentages under 100 %, caps met) flows on to the next corridor, and what
leaves the last one stays with the producer. Shares are computed exactly (fractions); the corridor
takes the half-up rounding of its shares' sum and hands out the cents by largest remainder, ties to
the share listed first, so each residue cent goes to a named beneficiary and no cent is lost or
created. Amounts are integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor

from montage.errors import InputError
from montage.law.explain import Explanation

import montage.finance.messages  # noqa: F401  (registers the words of the explanations)

PRODUCER = "producer"

FIXED = "fixed"
PRO_RATA = "pro_rata"
BEYOND_PRO_RATA = "beyond_pro_rata"
KINDS = (FIXED, PRO_RATA, BEYOND_PRO_RATA)


@dataclass(frozen=True)
class Share:
    """A beneficiary's part of a corridor. `rate` is the fixed or negotiated percentage (a
    fraction: 0.25 for 25 %); for a pro-rata share it is computed from `financing` (cents).
    `cap` is the amount recoupable in cents (None: no cap), `premium` a fraction added to it."""

    beneficiary: str
    name: str
    kind: str = FIXED
    rate: Decimal | None = None
    financing: int = 0
    cap: int | None = None
    premium: Decimal = Decimal("0")
    after_cap_rate: Decimal = Decimal("0")

    @property
    def ceiling(self) -> int | None:
        """The cap with its premium, in cents (half-up)."""
        if self.cap is None:
            return None
        return _half_up(Fraction(self.cap) * (1 + Fraction(self.premium)))


@dataclass(frozen=True)
class Corridor:
    name: str
    shares: tuple[Share, ...]
    off_the_top: bool = False


@dataclass
class Allocation:
    corridor: str
    beneficiary: str
    name: str
    amount: int
    rate: Fraction
    recouped_before: int
    recouped_after: int
    ceiling: int | None
    cap_reached: bool
    residue: int  # cents of rounding received (0 or more)

    @property
    def amount_eur(self) -> Decimal:
        return cents_to_eur(self.amount)


@dataclass
class PeriodResult:
    period: str
    net: int
    allocations: list[Allocation]
    producer: int
    explanation: Explanation = field(repr=False, default=None)

    def to(self, beneficiary: str) -> int:
        """What the beneficiary receives this period (the producer: its shares and the rest)."""
        total = sum(a.amount for a in self.allocations if a.beneficiary == beneficiary)
        return total + (self.producer if beneficiary == PRODUCER else 0)


def cents(amount: Decimal) -> int:
    """Cents of a euro amount, half-up."""
    return _half_up(Fraction(amount) * 100)


def cents_to_eur(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def _half_up(value: Fraction) -> int:
    return floor(value + Fraction(1, 2))


def check(corridors: list[Corridor] | tuple[Corridor, ...]) -> None:
    """Refuse an agreement the waterfall cannot run: every problem at once."""
    problems: list[str] = []
    if not corridors:
        problems.append("the agreement has no corridor")
    for corridor in corridors:
        if not corridor.shares:
            problems.append(f"{corridor.name}: no beneficiary")
        fixed = Fraction(0)
        for share in corridor.shares:
            if share.kind not in KINDS:
                problems.append(f"{corridor.name}: {share.name}: unknown kind {share.kind!r}")
                continue
            if share.kind == PRO_RATA:
                if share.financing <= 0:
                    problems.append(f"{corridor.name}: {share.name}: pro rata of no financing")
            elif share.rate is None or not 0 < share.rate <= 1:
                problems.append(f"{corridor.name}: {share.name}: a share between 0 and 100 %")
            else:
                fixed += Fraction(share.rate)
            if share.cap is not None and share.cap < 0:
                problems.append(f"{corridor.name}: {share.name}: a negative cap")
            if share.premium < 0 or not 0 <= share.after_cap_rate <= 1:
                problems.append(f"{corridor.name}: {share.name}: premium or after-cap share")
            if share.cap is None and share.after_cap_rate:
                problems.append(f"{corridor.name}: {share.name}: an after-cap share without a cap")
        if fixed > 1:
            problems.append(f"{corridor.name}: the shares add up to more than 100 %")
        if (fixed == 1 and any(s.kind == PRO_RATA for s in corridor.shares)):
            problems.append(f"{corridor.name}: nothing left for the pro-rata shares")
        elif not problems:
            for share, rate in zip(corridor.shares, rates(corridor)):
                if share.after_cap_rate > rate:
                    problems.append(f"{corridor.name}: {share.name}: an after-cap share above "
                                    "its share")
    if problems:
        raise InputError("; ".join(problems), field="agreement")


def rates(corridor: Corridor) -> list[Fraction]:
    """Each share's part of what enters the corridor: fixed and negotiated percentages as
    agreed; pro-rata shares split what is left in proportion to their financing."""
    fixed = sum((Fraction(s.rate) for s in corridor.shares if s.kind != PRO_RATA), Fraction(0))
    pool = sum(s.financing for s in corridor.shares if s.kind == PRO_RATA)
    return [Fraction(s.rate) if s.kind != PRO_RATA else (1 - fixed) * Fraction(s.financing, pool)
            for s in corridor.shares]


def _nominal(entering: int, rate: Fraction, share: Share, recouped: int) -> Fraction:
    """The share's exact part of `entering` cents, its cap and after-cap share applied."""
    part = entering * rate
    ceiling = share.ceiling
    if ceiling is None:
        return part
    headroom = max(ceiling - recouped, 0)
    if part <= headroom:
        return part
    # the cap is met when `headroom / rate` has entered; the rest at the after-cap share
    return headroom + (entering - headroom / rate) * Fraction(share.after_cap_rate)


def waterfall(corridors, periods, recouped: dict | None = None) -> list[PeriodResult]:
    """Run the agreement over `periods` [(label, net receipts in cents)], in order.

    `recouped` {(corridor index, share index): cents} is what each share took before the first
    period (statements already issued); it is not changed."""
    check(corridors)
    state = dict(recouped or {})
    results = []
    for label, net in periods:
        if net < 0:
            raise InputError("%(label)s: net receipts below zero", field="net",
                             params={"label": label})
        explanation = Explanation.of("fin_recoup_subject", period=label)
        explanation.step("fin_recoup_net", amount=cents_to_eur(net))
        allocations: list[Allocation] = []
        remaining = net
        for ci, corridor in enumerate(corridors):
            entering = remaining
            share_rates = rates(corridor)
            nominals = [_nominal(entering, rate, share, state.get((ci, si), 0))
                        for si, (rate, share) in enumerate(zip(share_rates, corridor.shares))]
            floors = [floor(n) for n in nominals]
            total = _half_up(sum(nominals, Fraction(0)))
            residues = [0] * len(nominals)
            # largest remainder, ties to the share listed first
            order = sorted(range(len(nominals)), key=lambda i: (-(nominals[i] - floors[i]), i))
            for i in order[:total - sum(floors)]:
                residues[i] = 1
            explanation.step("fin_recoup_corridor", corridor=corridor.name,
                             amount=cents_to_eur(entering))
            for si, share in enumerate(corridor.shares):
                amount = floors[si] + residues[si]
                before = state.get((ci, si), 0)
                after = before + amount
                state[(ci, si)] = after
                ceiling = share.ceiling
                reached = ceiling is not None and after >= ceiling
                allocations.append(Allocation(corridor.name, share.beneficiary, share.name,
                                              amount, share_rates[si], before, after, ceiling,
                                              reached, residues[si]))
                rate = Decimal(share_rates[si].numerator) / Decimal(share_rates[si].denominator)
                explanation.step(f"fin_recoup_share_{share.kind}", name=share.name,
                                 rate=rate, amount=cents_to_eur(amount),
                                 financing=cents_to_eur(share.financing))
                if ceiling is not None:
                    explanation.step("fin_recoup_cap_reached" if reached else "fin_recoup_cap",
                                     name=share.name, recouped=cents_to_eur(after),
                                     ceiling=cents_to_eur(ceiling), cap=cents_to_eur(share.cap),
                                     premium=share.premium)
                if residues[si]:
                    explanation.step("fin_recoup_residue", name=share.name)
            remaining = entering - total
        explanation.step("fin_recoup_producer", amount=cents_to_eur(remaining))
        results.append(PeriodResult(label, net, allocations, remaining, explanation))
    return results


def net_receipt(gross: Decimal, commission_rate: Decimal, expenses: Decimal,
                expenses_cap: Decimal | None, exchange_rate: Decimal = Decimal("1")
                ) -> tuple[Decimal, Explanation]:
    """A statement's net receipt in euros: gross less the commission (a rate of the gross) and
    the expenses the contract allows (up to their cap), at the dated exchange rate, half-up."""
    explanation = Explanation.of("fin_recoup_receipt")
    commission = Fraction(gross) * Fraction(commission_rate)
    allowed = min(Fraction(expenses), Fraction(expenses_cap)) if expenses_cap is not None \
        else Fraction(expenses)
    net = max(Fraction(gross) - commission - allowed, Fraction(0))
    euros = cents_to_eur(_half_up(net * Fraction(exchange_rate) * 100))
    explanation.step("fin_recoup_receipt_gross", gross=gross, rate=commission_rate,
                     commission=cents_to_eur(_half_up(commission * 100)))
    explanation.step("fin_recoup_receipt_expenses", expenses=expenses,
                     allowed=cents_to_eur(_half_up(allowed * 100)), cap=expenses_cap)
    if exchange_rate != 1:
        explanation.step("fin_recoup_receipt_rate", rate=exchange_rate)
    explanation.step("fin_recoup_receipt_net", amount=euros)
    return euros, explanation
