"""Step 1 §4: the contribution amount of an editor for an obligation year.

    « Déterminer le montant de la contribution d'un éditeur consiste à multiplier le chiffre
    d'affaires éligible par le taux appliqué en Fédération Wallonie-Bruxelles pour l'année
    d'obligation. » (vade-mecum 2025, étape 1 §4)

The rate is flat: the whole eligible turnover (of year n-1) is multiplied by the rate of year n of
the band in which it falls. A band includes its lower bound and excludes the next one's, except the
top band (« >150.000.000 € », `above` in the scale), which starts strictly above its bound; the first
band has rate 0, which is the turnover exemption of §5. Band bounds and the presumed 3 M€ are
amounts at January 2023 prices, indexed for year n on CPI(January n−1) / CPI(January 2023),
half-up to the cent (see `index_factor`). A year whose index is not known is computed on the
latest known index and marked provisional, never with factor 1.
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
class Indexation:
    """The factor applied to the table's amounts for one obligation year.

    `needed` is the month whose index the year uses (January n−1), `used` the month actually
    used: the same, or the latest known month before it when `needed` is not known, in which
    case the figure is `provisional` until the index is entered."""

    year: int
    factor: Decimal
    base: dt.date
    needed: dt.date
    used: dt.date

    @property
    def provisional(self) -> bool:
        return self.used != self.needed

    @property
    def missing_index(self) -> dt.date | None:
        """The month whose index is missing, None when the factor is final."""
        return self.needed if self.provisional else None


@dataclass(frozen=True)
class Contribution:
    year: int
    eligible_turnover: Decimal
    rate: Decimal
    amount: Decimal
    exempt: bool
    band_lower: Decimal           # indexed lower bound of the band applied
    band_upper: Decimal | None    # indexed upper bound (excluded; included below an `above` band),
    #                               None for the last band
    explanation: Explanation
    # Computed on the latest known index because the one the year needs is missing: the CSA
    # cannot fix this amount until the index is entered (issue 12, finding 2).
    provisional: bool = False
    missing_index: dt.date | None = None   # the month (January n−1) whose index is missing

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
            "provisional": self.provisional,
            "missing_index": self.missing_index.isoformat()[:7] if self.missing_index else None,
            "explanation": self.explanation.as_dict(lang),
        }


def obligation_date(year: int) -> dt.date:
    """Parameters of obligation year n are those in force on 1 January n."""
    if not isinstance(year, int) or not 1900 <= year <= 2999:
        raise InputError("expected a year such as 2024, got %(year)r", field="year",
                         params={"year": year})
    return dt.date(year, 1, 1)


CPI = "contribution.consumer_price_index"


def index_factor(year: int, explanation: Explanation, params: Parameters | None = None
                 ) -> Indexation:
    """The indexation factor of obligation year `year`: CPI(January year−1) / CPI(January 2023).

    « Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de
    l'indice des prix à la consommation du mois de janvier 2023. » (vade-mecum 2025, étape 1 §4,
    note 3; the same words for the presumed 3 M€ in §2, échéance 3)
    « Pour un éditeur dont le chiffre d'affaires éligible se situe entre 700.000 € et
    10.000.000 €, le taux qui sera appliqué en 2024 sera de 1,52 %. » (the reading of the table)

    The table is at January 2023 prices and its 2024 column is read unindexed, so year n uses the
    index of January n−1: factor 1 in 2024, 130,08 / 127,84 in 2025 (docs/interpretations.md).
    When that index is not known the factor is never 1: it is computed on the latest known index,
    the result is provisional and the explanation names the missing index.
    """
    params = params or default()
    on = obligation_date(year)
    base_month = explanation.use(params.get("contribution.indexation_base", on))
    base = params.find(CPI, base_month)
    if base is None:
        raise ParameterError("the consumer price index of the base month %(month)s is missing from "
                             "contribution/consumer_price_index.yaml",
                             params={"month": f"{base_month:%Y-%m}"})
    needed = dt.date(year - 1, 1, 1)
    current = params.find(CPI, needed)
    if current is None:
        known = [value for value in params.history(CPI)
                 if base.valid_from <= value.valid_from <= needed]
        if not known:
            raise ParameterError("no consumer price index is known between the base month "
                                 "%(base)s and %(needed)s (needed for %(year)s)",
                                 params={"base": f"{base_month:%Y-%m}",
                                         "needed": f"{needed:%Y-%m}", "year": year})
        current = max(known, key=lambda value: value.valid_from)
    used = current.valid_from.replace(day=1)
    explanation.use(base)
    explanation.use(current)
    factor = current.value / base.value
    result = Indexation(year, factor, base_month, needed, used)
    explanation.step("index_factor", year=year, month=used, current=current.value,
                     base_month=base_month, base=base.value,
                     factor=factor.quantize(Decimal("0.000001")).normalize())
    if result.provisional:
        explanation.provisional("index_missing", year=year, needed=needed, used=used)
    return result


def year_indexation(year: int, params: Parameters | None = None) -> Indexation:
    """The indexation of obligation year `year` alone (is it provisional, which index is
    missing), for a caller that must refuse to fix a provisional amount."""
    check_year(year, params)
    return index_factor(year, Explanation.of("contribution_subject", year=year), params)


def indexed(amount: Decimal, indexation: Indexation) -> Decimal:
    """An amount of the table (January 2023 prices) in year n's euros, half-up to the cent."""
    return to_cents(amount * indexation.factor)


def _years_parameter(name: str, year: int, params: Parameters):
    check_year(year, params)
    return params.get(name, obligation_date(year))


def check_year(year: int, params: Parameters | None = None) -> None:
    """A year is in range when the rate scale has a value for it (2024 onwards today)."""
    params = params or default()
    if params.find("contribution.rate_scale", obligation_date(year)) is None:
        first = params.history("contribution.rate_scale")[0].valid_from.year
        raise InputError("no contribution rules are in force for %(year)s; the rules Montage "
                         "knows apply from %(first)s", field="year",
                         params={"year": year, "first": first})


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
    indexation = index_factor(year, explanation, params)
    lowers = [indexed(band.lower, indexation) for band in scale]
    position = max(i for i, (band, lower) in enumerate(zip(scale, lowers))
                   if lower < eligible_turnover or (lower == eligible_turnover and not band.above))
    lower = lowers[position]
    upper = lowers[position + 1] if position + 1 < len(lowers) else None
    rate = scale[position].rate
    if upper is None:
        explanation.step("band_above" if scale[position].above else "band_open",
                         turnover=eligible_turnover, lower=lower, rate=rate, year=year)
    else:
        upper_included = scale[position + 1].above
        explanation.step("band_upper_included" if upper_included else "band",
                         turnover=eligible_turnover, lower=lower, upper=upper, rate=rate,
                         year=year)
    exempt = rate == 0
    amount = to_cents(eligible_turnover * rate)
    if exempt:
        explanation.step("exempt_turnover", turnover=eligible_turnover, threshold=lowers[1])
    else:
        explanation.step("flat_rate", turnover=eligible_turnover, rate=rate, amount=amount)
    return Contribution(year, eligible_turnover, rate, amount, exempt, lower, upper, explanation,
                        indexation.provisional, indexation.missing_index)


def presumed_contribution(year: int, params: Parameters | None = None
                          ) -> tuple[Decimal, Explanation]:
    """Step 1 §2: information not sent in time ⇒ a (rebuttable) presumed payment, indexed.

    « Ce montant est adapté annuellement sur la base de l'indice des prix à la consommation du
    mois de janvier 2023. » (étape 1 §2, échéance 3): like the bands (`index_factor`),
    3 000 000 € in 2024, 3 052 565,71 € in 2025. `explanation.is_provisional()` says whether the
    index the year needs was missing."""
    params = params or default()
    explanation = Explanation.of("presumed_subject", year=year)
    explanation.input("year", year)
    base = explanation.use(_years_parameter("contribution.presumed_amount", year, params))
    indexation = index_factor(year, explanation, params)
    amount = indexed(base, indexation)
    explanation.step("presumed_amount", base=base, amount=amount)
    return amount, explanation
