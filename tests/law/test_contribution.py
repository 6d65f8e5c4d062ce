from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.law.contribution import compute_contribution, presumed_contribution


def test_2025_thresholds_are_indexed_on_january_2024_against_january_2023():
    # Year n uses CPI(January n−1) / CPI(January 2023) (issue 12, finding 1; test_indexation.py):
    # 700 000 × 130.08 / 127.84 = 712 265.33 (half-up to the cent)
    result = compute_contribution(2025, D("800000"))
    assert result.band_lower == D("712265.33")
    assert result.band_upper == D("10175219.02")
    assert not result.provisional
    text = "\n".join(result.explanation.render("en"))
    assert "factor 1.017522" in text
    assert "Statbel" in text


def test_band_includes_its_indexed_lower_bound_and_excludes_its_upper_one():
    assert compute_contribution(2025, D("712265.33")).rate == D("0.0168")
    assert compute_contribution(2025, D("712265.32")).exempt
    assert compute_contribution(2025, D("10175219.01")).rate == D("0.0168")
    assert compute_contribution(2025, D("10175219.02")).rate == D("0.0213")
    assert compute_contribution(2024, D("700000.00")).rate == D("0.0152")
    assert compute_contribution(2024, D("699999.99")).exempt
    assert compute_contribution(2024, D("9999999.99")).rate == D("0.0152")
    assert compute_contribution(2024, D("10000000.00")).rate == D("0.0194")


def test_year_without_known_index_uses_the_latest_known_one_and_is_provisional():
    # 2026 needs January 2025, not in consumer_price_index.yaml: January 2024 is used, never 1.
    result = compute_contribution(2026, D("712265.33"))
    assert result.rate == D("0.0184")
    assert result.amount == D("13105.68")
    assert result.provisional and result.as_dict("en")["missing_index"] == "2025-01"
    notes = result.explanation.as_dict("en")["notes"]
    assert any("January 2025" in note and "not yet known" in note for note in notes)


@pytest.mark.parametrize("year,rate", [(2024, "0.0366"), (2025, "0.0561"), (2026, "0.0755"),
                                       (2027, "0.0950"), (2031, "0.0950")])
def test_top_band_rate_per_year_and_2027_rates_afterwards(year, rate):
    assert compute_contribution(year, D("200000000")).rate == D(rate)


def test_flat_rate_applies_to_whole_turnover_not_marginally():
    result = compute_contribution(2027, D("25000000"))
    assert result.amount == D("750000.00")  # 25 M × 3 %


def test_rounding_is_half_up_to_the_cent():
    # 800 000.50 × 1.52 % = 12 160.0076 → 12 160.01
    assert compute_contribution(2024, D("800000.50")).amount == D("12160.01")
    # 800 000.25 × 1.52 % = 12 160.0038 → 12 160.00
    assert compute_contribution(2024, D("800000.25")).amount == D("12160.00")


def test_year_before_the_reform_is_refused_with_the_field_named():
    with pytest.raises(InputError) as error:
        compute_contribution(2023, D("800000"))
    assert error.value.field == "year"


def test_negative_turnover_is_refused():
    with pytest.raises(InputError):
        compute_contribution(2024, D("-1"))


def test_presumed_amount_is_3_million_indexed():
    amount, explanation = presumed_contribution(2024)
    assert amount == D("3000000.00")  # 2024 uses January 2023: factor 1
    assert not explanation.is_provisional()
    assert presumed_contribution(2025)[0] == D("3052565.71")  # 3 000 000 × 130.08 / 127.84


def test_explanation_prints_in_french_and_english_with_belgian_formats():
    result = compute_contribution(2024, D("800000"))
    fr = "\n".join(result.explanation.render("fr"))
    en = "\n".join(result.explanation.render("en"))
    assert "800\u202f000,00\xa0€ × 1,52\xa0% = 12\u202f160,00\xa0€" in fr
    assert "€800,000.00 × 1.52% = €12,160.00" in en
    assert "étape 1 §4" in fr
