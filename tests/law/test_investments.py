from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.law.investments import Investment, required_documents, validate_year


def check(result, name):
    return next(c for c in result.checks if c.name == name)


def test_floor_missed_limits_other_categories_to_65_percent():
    result = validate_year(D("100000"), [
        Investment("coproduction", D("20000"), fwb_initiative=True),
        Investment("coproduction", D("200000"))], 2024)
    assert result.countable == D("85000.00")   # 20 000 + min(200 000, 65 000)
    assert not check(result, "fwb_initiative_floor").ok


def test_floor_met_lets_everything_count_beyond_the_obligation():
    result = validate_year(D("100000"), [
        Investment("prepurchase", D("35000"), fwb_initiative=True),
        Investment("coproduction", D("200000"))], 2024)
    assert result.countable == D("235000.00")
    assert check(result, "fwb_initiative_floor").ok


@pytest.mark.parametrize("category", ["training", "accessibility", "dubbing_subtitling"])
def test_five_percent_caps_each(category):
    result = validate_year(D("100000"), [
        Investment("coproduction", D("35000"), fwb_initiative=True),
        Investment(category, D("8000"))], 2024)
    assert result.countable == D("40000.00")
    assert not check(result, f"{category}_cap").ok


def test_writing_weight_applies_before_the_65_percent_limit():
    result = validate_year(D("100000"), [Investment("writing_development", D("40000"))], 2024)
    assert result.countable == D("65000.00")   # 80 000 weighted, limited to 65 000


@pytest.mark.parametrize("genre,promotes,counted", [
    ("game_show", False, "2000.00"), ("game_show", True, "10000.00"),
    ("news", False, "2000.00"), ("reality_tv", True, "10000.00"),
    ("sports_event", True, "2000.00"), ("talk_show", False, "10000.00")])
def test_commission_genre_exclusions(genre, promotes, counted):
    # an excluded production part leaves only the 2 000 of development
    result = validate_year(D("100000"), [
        Investment("commission_production", D("8000"), genre=genre,
                   promotes_fwb_artists_or_heritage=promotes),
        Investment("commission_development", D("2000"))], 2024)
    assert result.countable == D(counted)


def test_independence_and_delegation_exclusions():
    result = validate_year(D("100000"), [
        Investment("coproduction", D("50000"), fwb_initiative=True, independent_producer=False),
        Investment("coproduction", D("40000"), fwb_initiative=True, delegated=True,
                   legal_advantage=True),
        Investment("commission_development", D("1000"), delegated=True),
        Investment("prepurchase", D("36000"), fwb_initiative=True, delegated=True)], 2024)
    assert result.countable == D("36000.00")
    names = [c.name for c in result.checks if not c.ok]
    assert names.count("third_party_delegation") == 2
    assert "independent_producer" in names


def test_cancelled_and_reassigned_investments_count_nothing_new():
    result = validate_year(D("100000"), [
        Investment("coproduction", D("50000"), status="cancelled"),
        Investment("coproduction", D("30000"), reassigned_from="x")], 2024)
    assert result.countable == D("0.00")


def test_unknown_category_is_refused():
    with pytest.raises(InputError) as error:
        Investment("sponsorship", D("1"))
    assert error.value.field == "category"


def test_document_checklists():
    fwb = [d["key"] for d in required_documents("coproduction", fwb_initiative=True)]
    other = [d["key"] for d in required_documents("coproduction")]
    assert "european_nationality_belgian_contracts" in fwb
    assert "european_nationality_belgian_contracts" not in other
    assert "signed_contract" in other
    game = [d["key"] for d in required_documents("commission_production", genre="game_show")]
    assert "fwb_artists_or_heritage" in game
    assert [d["key"] for d in required_documents("writing_development")] == [
        "other_development_contracts", "belgian_law_writer_contract", "amount"]
    assert required_documents("training", lang="en")[0]["label"].startswith("Signed training")
