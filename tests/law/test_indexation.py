"""Issue 12, findings 1 and 2: the band amounts and the presumed 3 M€ are at January 2023 prices,
indexed for year n on CPI(January n−1) / CPI(January 2023); a missing index is never factor 1.

Each test quotes the sentence it implements; the reading is written in docs/interpretations.md
under the tests' names.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from montage.law.case import evaluate, parse_case
from montage.law.contribution import (compute_contribution, indexed, presumed_contribution,
                                      year_indexation)
from montage.law.parameters import Parameters, default
from tests.cpi import parameters_with_indices

SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})

# The table of étape 1 §4 (January 2023 prices): every band's lower bound.
TABLE = [D(x) for x in ("0", "700000", "10000000", "20000000", "30000000", "45000000",
                        "60000000", "75000000", "90000000", "105000000", "120000000",
                        "135000000", "150000000")]


def plain(text):
    return text.translate(SPACES)


def cents(amount):
    return amount.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def thresholds(year, params=None):
    """The indexed lower bound of every band in `year`, each checked on the engine: the bound
    itself falls in its band, a cent less in the one below; the top band's bound (« >150.000.000
    € ») in the band below, a cent more in the top band."""
    bounds = [indexed(band, year_indexation(year, params)) for band in TABLE[1:]]
    for bound in bounds[:-1]:
        assert compute_contribution(year, bound, params).band_lower == bound
        assert compute_contribution(year, bound - D("0.01"), params).band_lower < bound
    top = bounds[-1]
    assert compute_contribution(year, top, params).band_upper == top
    assert compute_contribution(year, top + D("0.01"), params).band_lower == top
    return bounds


def with_indices(indices: dict[int, str]) -> Parameters:
    """The contribution parameters with these January indices (year: value) instead of the
    shipped ones."""
    return parameters_with_indices(indices, replace=True, only_contribution=True)


# -- finding 1: year n uses the index of January n−1 -----------------------------------------

def test_step1_s4_note3_2024_band_is_read_unindexed_705000_pays_1_52_percent():
    # « Pour un éditeur dont le chiffre d'affaires éligible se situe entre 700.000 € et
    # 10.000.000 €, le taux qui sera appliqué en 2024 sera de 1,52%. » (étape 1 §4)
    result = compute_contribution(2024, D("705000.00"))
    assert not result.exempt and not result.provisional
    assert (result.rate, result.amount) == (D("0.0152"), D("10716.00"))
    assert (result.band_lower, result.band_upper) == (D("700000.00"), D("10000000.00"))
    assert compute_contribution(2024, D("699999.99")).exempt
    fr = plain("\n".join(result.explanation.render("fr")))
    assert "indice de janvier 2023 127,84 / indice de janvier 2023 127,84 = facteur 1" in fr


def test_step1_s4_note3_10_million_is_in_the_second_band_in_2024_at_1_94_percent():
    # « entre 700.000 € et 10.000.000 € … 1,52 % »; the next row starts at 10.000.000 € (1,94 %
    # in 2024); a band includes its lower bound.
    result = compute_contribution(2024, D("10000000.00"))
    assert (result.rate, result.amount) == (D("0.0194"), D("194000.00"))
    assert compute_contribution(2024, D("9999999.99")).rate == D("0.0152")


def test_step1_s4_note3_2025_thresholds_are_the_table_times_130_08_over_127_84():
    # « Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de
    # l'indice des prix à la consommation du mois de janvier 2023. » (note 3): 2025 uses the
    # index of January 2024 (130,08) against January 2023 (127,84).
    expected = [cents(band * D("130.08") / D("127.84")) for band in TABLE[1:]]
    assert thresholds(2025) == expected
    assert expected[:2] == [D("712265.33"), D("10175219.02")]
    assert compute_contribution(2025, D("712265.32")).exempt
    assert compute_contribution(2025, D("712265.33")).rate == D("0.0168")
    assert compute_contribution(2025, D("10175219.01")).rate == D("0.0168")
    assert compute_contribution(2025, D("10175219.02")).rate == D("0.0213")
    en = plain("\n".join(compute_contribution(2025, D("800000")).explanation.render("en")))
    assert "January 2024 index 130.08 / January 2023 index 127.84 = factor 1.017522" in en


def test_step1_s2_presumed_3_million_is_3_052_565_71_in_2025():
    # « la contribution de l'éditeur est présumée […] s'élever à un montant de 3 millions
    # d'euros […]. Ce montant est adapté annuellement sur la base de l'indice des prix à la
    # consommation du mois de janvier 2023. » (étape 1 §2, échéance 3)
    assert presumed_contribution(2024)[0] == D("3000000.00")
    amount, explanation = presumed_contribution(2025)
    assert amount == D("3052565.71") and not explanation.is_provisional()
    fr = plain("\n".join(explanation.render("fr")))
    assert "Montant présumé 3 000 000,00 € indexé : 3 052 565,71 €" in fr
    year = evaluate(parse_case({"editor": {"name": "E", "kind": "local"},
                                "years": [{"year": 2025, "presumed": True}]}))[0]
    assert (year.obligation, year.payment_due, year.provisional) == (
        D("3052565.71"), D("3052565.71"), False)


# -- finding 2: a missing index is never factor 1 ----------------------------------------------

def test_step1_s4_note3_a_missing_index_is_the_latest_known_provisional_and_named():
    # 2026 needs the index of January 2025, which Montage does not know: it is computed on
    # January 2024 (never factor 1), provisional, and the explanation names the missing index.
    result = compute_contribution(2026, D("712265.33"))
    assert (result.rate, result.amount) == (D("0.0184"), D("13105.68"))
    assert result.band_lower == D("712265.33")  # not 700 000 €: the thresholds do not go down
    assert result.provisional and result.missing_index == dt.date(2025, 1, 1)
    data = result.as_dict("en")
    assert (data["provisional"], data["missing_index"]) == (True, "2025-01")
    assert data["explanation"]["provisional"] is True
    fr = plain("\n".join(result.explanation.render("fr")))
    en = plain("\n".join(result.explanation.render("en")))
    assert "Contribution de l'année d'obligation 2026 (étape 1 §4) — provisoire" in fr
    assert ("Montant provisoire : l'indice des prix à la consommation de janvier 2025, dont "
            "l'année 2026 a besoin, n'est pas encore connu de Montage ; calcul sur le dernier "
            "indice connu, celui de janvier 2024.") in fr
    assert ("Provisional amount: the consumer price index of January 2025, which 2026 needs, "
            "is not yet known to Montage; computed on the latest known index, that of January "
            "2024.") in en
    assert "facteur 1,017522" in fr
    # the presumed amount and a case year say so too
    amount, explanation = presumed_contribution(2026)
    assert amount == D("3052565.71") and explanation.is_provisional()
    year = evaluate(parse_case({"editor": {"name": "E", "kind": "local"},
                                "years": [{"year": 2026, "turnover": "800000"}]}))[0]
    assert year.provisional and year.as_dict("en")["provisional"] is True
    assert any("January 2025" in reason for reason in
               year.explanation.provisional_reasons("en"))


def test_step1_s4_note3_the_figure_follows_once_the_index_is_entered():
    # The same 2026 once January 2025 is known (a made-up value): final, on that index.
    params = with_indices({2023: "127.84", 2024: "130.08", 2025: "133.00"})
    result = compute_contribution(2026, D("800000"), params)
    assert not result.provisional and result.missing_index is None
    assert result.band_lower == cents(D("700000") * D("133.00") / D("127.84"))
    assert not year_indexation(2026, params).provisional
    assert year_indexation(2027, params).used == dt.date(2025, 1, 1)


def test_step1_s4_note3_with_the_shipped_indices_thresholds_never_go_down():
    previous = None
    for year in range(2024, 2032):
        current = thresholds(year)
        if previous is not None:
            assert all(a <= b for a, b in zip(previous, current)), year
        previous = current
    assert presumed_contribution(2025)[0] <= presumed_contribution(2026)[0]


def test_a_year_before_the_base_index_is_refused_not_indexed():
    from montage.errors import InputError
    with pytest.raises(InputError):
        year_indexation(2023)


januaries = st.lists(st.integers(min_value=0, max_value=500), min_size=7, max_size=7)


@settings(max_examples=40, deadline=None)
@given(januaries, st.lists(st.booleans(), min_size=7, max_size=7))
def test_thresholds_never_go_down_when_the_index_does_not(steps, known):
    """CPI non-decreasing, some Januaries unknown ⇒ every threshold of year n+1 ≥ year n."""
    indices, value = {2023: "127.84"}, D("127.84")
    for year, step, is_known in zip(range(2024, 2031), steps, known):
        value += D(step) / 100
        if is_known:
            indices[year] = str(value)
    params = with_indices(indices)
    previous = None
    for year in range(2024, 2032):
        current = thresholds(year, params)
        presumed = presumed_contribution(year, params)[0]
        assert current[0] >= D("700000.00") and presumed >= D("3000000.00")
        if previous is not None:
            assert all(a <= b for a, b in zip(previous[0], current)), year
            assert previous[1] <= presumed
        assert compute_contribution(year, D("1"), params).provisional == \
            (year - 1 not in indices)
        previous = (current, presumed)


def test_default_parameters_hold_the_two_statbel_januaries_with_their_source():
    history = default().history("contribution.consumer_price_index")
    assert [(v.valid_from, v.value) for v in history[:2]] == [
        (dt.date(2023, 1, 1), D("127.84")), (dt.date(2024, 1, 1), D("130.08"))]
    assert all("Statbel" in v.source for v in history)
