"""Step 1 §4: the contribution amount of an editor for an obligation year.

    « Déterminer le montant de la contribution d'un éditeur consiste à multiplier le chiffre
    d'affaires éligible par le taux appliqué en Fédération Wallonie-Bruxelles pour l'année
    d'obligation. » (vade-mecum 2025, étape 1 §4)

    « Les montants visés dans le tableau ci-joint sont adaptés annuellement sur la base de
    l'indice des prix à la consommation du mois de janvier 2023. » (note 3)

The rate is flat: the whole eligible turnover (of year n-1) is multiplied by the rate of year n of
the band in which it falls. A band includes its lower bound and excludes the next one's; the first
band has rate 0, which is the turnover exemption of §5. Band bounds and the presumed 3 M€ are
indexed: base x CPI(January n) / CPI(January 2023), half-up to the cent; a year whose January index
is unknown uses factor 1 and its explanation says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from montage.errors import InputError, ParameterError
from montage.law.explain import Explanation
from montage.law.parameters import Parameters, default
from montage.money import to_cents


@dataclass(frozen=True)
class Contribution:
    year: int
    eligible_turnover: Decimal
    rate: Decimal
    amount: Decimal
    exempt: bool
    band_lower: Decimal           # indexed lower bound of the band applied
    band_upper: Decimal | None    # indexed upper bound (excluded), None for the last band
    explanation: Explanation

    def as_dict(self, lang: str = "fr") -> dict:
        from montage.money import as_text
        return {
            "year": self.year,
            "eligible_turnover": as_text(self.eligible_turnover),
            "rate": str(self.rate),
            "amount": as_text(self.amount),
            "exempt": self.exempt,
            "band": {"from": as_text(self.band_lower),
                     "to": as_text(self.band_upper) if self.band_upper is not None else None},
            "explanation": self.explanation.as_dict(lang),
        }


def obligation_date(year: int) -> dt.date:
    """Parameters of obligation year n are those in force on 1 January n."""
    if not isinstance(year, int) or not 1900 <= year <= 2999:
        raise InputError(f"expected a year such as 2024, got {year!r}", field="year")
    return dt.date(year, 1, 1)


def index_factor(year: int, explanation: Explanation, params: Parameters | None = None
                 ) -> Decimal | None:
    """CPI(January year) / CPI(base month), or None (factor 1) when that index is not known."""
    params = params or default()
    on = obligation_date(year)
    base_month = explanation.use(params.get("contribution.indexation_base", on))
    base = params.find("contribution.consumer_price_index", base_month)
    current = params.find("contribution.consumer_price_index", dt.date(year, 1, 1))
    if base is None:
        raise ParameterError(f"the consumer price index of the base month {base_month:%Y-%m} "
                             "is missing from contribution/consumer_price_index.yaml")
    explanation.use(base)
    if current is None:
        explanation.note("index_unknown", year=year)
        return None
    explanation.use(current)
    factor = current.value / base.value
    explanation.step("index_factor", year=year, current=current.value, base=base.value,
                     factor=factor.quantize(Decimal("0.000001")))
    return factor


def indexed(amount: Decimal, factor: Decimal | None) -> Decimal:
    return amount if factor is None else to_cents(amount * factor)


def _years_parameter(name: str, year: int, params: Parameters):
    check_year(year, params)
    return params.get(name, obligation_date(year))


def check_year(year: int, params: Parameters | None = None) -> None:
    """A year is in range when the rate scale has a value for it (2024 onwards today)."""
    params = params or default()
    if params.find("contribution.rate_scale", obligation_date(year)) is None:
        first = params.history("contribution.rate_scale")[0].valid_from.year
        raise InputError(f"no contribution rules are in force for {year}; the rules Montage "
                         f"knows apply from {first}", field="year")


def compute_contribution(year: int, eligible_turnover: Decimal,
                         params: Parameters | None = None) -> Contribution:
    """The contribution of obligation year `year` on the eligible turnover of year `year - 1`."""
    params = params or default()
    if eligible_turnover < 0:
        raise InputError("expected an eligible turnover of zero or more", field="turnover")
    explanation = Explanation.of("contribution_subject", year=year)
    explanation.input("year", year)
    explanation.input("eligible_turnover", eligible_turnover)
    scale = explanation.use(_years_parameter("contribution.rate_scale", year, params))
    factor = index_factor(year, explanation, params)
    lowers = [indexed(band.lower, factor) for band in scale]
    position = max(i for i, lower in enumerate(lowers) if lower <= eligible_turnover)
    lower = lowers[position]
    upper = lowers[position + 1] if position + 1 < len(lowers) else None
    rate = scale[position].rate
    if upper is None:
        explanation.step("band_open", turnover=eligible_turnover, lower=lower, rate=rate,
                         year=year)
    else:
        explanation.step("band", turnover=eligible_turnover, lower=lower, upper=upper, rate=rate,
                         year=year)
    exempt = rate == 0
    amount = to_cents(eligible_turnover * rate)
    if exempt:
        explanation.step("exempt_turnover", turnover=eligible_turnover, threshold=lowers[1])
    else:
        explanation.step("flat_rate", turnover=eligible_turnover, rate=rate, amount=amount)
    return Contribution(year, eligible_turnover, rate, amount, exempt, lower, upper, explanation)


def presumed_contribution(year: int, params: Parameters | None = None
                          ) -> tuple[Decimal, Explanation]:
    """Step 1 §2: information not sent in time ⇒ a (rebuttable) presumed payment, indexed."""
    params = params or default()
    explanation = Explanation.of("presumed_subject", year=year)
    base = explanation.use(_years_parameter("contribution.presumed_amount", year, params))
    factor = index_factor(year, explanation, params)
    amount = indexed(base, factor)
    explanation.step("presumed_amount", base=base, amount=amount)
    return amount, explanation
