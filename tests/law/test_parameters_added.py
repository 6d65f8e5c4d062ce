"""Issue 12, finding 3 (the engine's half): a dated value published after a release is added to
the shipped parameters through the loader's own checks (`Parameters.adding`), and the engine
computes on the set it is handed. The web keeps the values (tests/web/test_parameters.py).

« Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de l'indice
des prix à la consommation du mois de janvier 2023. » (vade-mecum 2025, étape 1 §4, note 3)
"""

import datetime as dt
from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.law.contribution import compute_contribution, presumed_contribution
from montage.law.parameters import Entry, default

CPI = "contribution.consumer_price_index"
# A made-up index (labelled "test"): Montage ships no January 2025 figure.
JANUARY_2025 = Entry(CPI, "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31),
                     "test, janvier 2025", "cca", "2026-02-03T10:00:00+01:00")


def problems(entry, params=None):
    with pytest.raises(InputError) as error:
        (params or default()).adding(entry)
    return {problem.column: str(problem) for problem in error.value.problems}


def test_an_added_january_index_makes_2026_final_and_leaves_the_shipped_set_unchanged():
    added = default().adding(JANUARY_2025)
    result = compute_contribution(2026, D("800000.00"), added)
    assert not result.provisional and result.missing_index is None
    # factor 133 / 127,84: the 700 000 € bound becomes 728 254,07 €
    assert result.band_lower == D("728254.07") and result.amount == D("14720.00")
    amount, explanation = presumed_contribution(2026, added)
    assert not explanation.is_provisional() and amount == D("3121088.86")
    assert compute_contribution(2026, D("800000.00")).provisional     # the base is unchanged
    assert default().find(CPI, dt.date(2025, 1, 1)) is None


def test_an_added_value_says_who_entered_it_in_the_explanation_and_its_json():
    result = compute_contribution(2026, D("800000.00"), default().adding(JANUARY_2025))
    text = "\n".join(result.explanation.render("fr"))
    assert "valeur du mois de janvier : 133 (du 01/01/2025 au 31/01/2025) — test, " \
           "janvier 2025 (encodé par cca le 03/02/2026)" in text.replace("\xa0", " ")
    assert "(entered by cca on 3 Feb 2026)" in "\n".join(result.explanation.render("en"))
    used = [p for p in result.as_dict()["explanation"]["parameters"] if p["name"] == CPI]
    assert used[-1]["entered"] == {"by": "cca", "at": "2026-02-03T10:00:00+01:00"}
    assert "entered" not in used[0]      # a shipped value's keys are unchanged


def test_a_value_overlapping_a_shipped_or_added_period_is_refused_naming_it():
    shipped = problems(Entry(CPI, "131.00", "2024-01-15", "2024-02-15", "test"))
    assert shipped["valid_from"] == (
        "valid_from: the period 2024-01-15 → 2024-02-15 overlaps that of the value 130.08 "
        "(2024-01-01 → 2024-01-31, Statbel, indice des prix à la consommation, base 2013 = 100, "
        "janvier 2024 (CC BY 4.0) ; SPF Economie, Moniteur belge du 31 janvier 2024 (numac "
        "2024090301)): a period holds one value only")
    again = problems(JANUARY_2025, default().adding(JANUARY_2025))
    assert "overlaps that of the value 133.00 (2025-01-01 → 2025-01-31, test, janvier 2025)" \
        in again["valid_from"]


def test_a_value_without_source_or_of_the_wrong_unit_is_refused_with_every_problem():
    found = problems(Entry(CPI, "133,00", "2025-01-01", "2025-01-31", "  "))
    assert found == {"value": "value: expected a number, got '133,00'",
                     "source": "source: every value needs its legal source"}
    assert problems(Entry("contribution.indexation_base", "janvier", "2030-01-01", None,
                          "test"))["value"] == "value: expected a month YYYY-MM, got 'janvier'"
    assert "between 0 and 1" in problems(Entry("investments.training_cap", "1.5", "2030-01-01",
                                               None, "test"))["value"]


def test_a_scale_or_list_is_entered_as_yaml_and_checked_band_by_band():
    found = problems(Entry("contribution.rate_scale", "[{from: '0', rate: '2'}]", "2099-01-01",
                           None, "test"))
    assert found["value"] == "value: rate: a rate is a fraction between 0 and 1, got '2'"
    assert "not readable as YAML" in problems(Entry("contribution.rate_scale", "[{from: ",
                                                    "2099-01-01", None, "test"))["value"]


def test_an_unknown_quantity_and_periods_out_of_order_are_refused():
    assert problems(Entry("contribution.nothing", "1", "2025-01-01", None, "test")) == {
        "name": "name: unknown legal parameter contribution.nothing"}
    assert problems(Entry(CPI, "133.00", "2025-01-31", "2025-01-01", "test"))[
        "valid_until"] == "valid_until: valid_until is before valid_from"
    assert problems(Entry(CPI, "133.00", "2025-13-01", None, "test"))[
        "valid_from"] == "valid_from: expected a date YYYY-MM-DD, got '2025-13-01'"


def test_an_index_of_one_month_takes_no_open_ended_value():
    # Every January index is valid for its month; an open-ended one would stand for January 2026
    # as well and make 2027 final on the January 2025 figure.
    assert "give the end of this one" in problems(Entry(CPI, "133.00", "2025-01-01", None,
                                                        "test"))["valid_until"]
