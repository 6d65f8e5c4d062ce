"""The carbon footprint's computation (montage.finance.carbon), reproduced by hand."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from montage.errors import InputError
from montage.finance import carbon
from montage.finance.carbon import Action, Activity, UserFactor
from montage.finance.obligations import default_parameters

DAY = dt.date(2026, 5, 4)


def test_a_footprint_reproduced_by_hand_from_its_activity_data_and_factors():
    activities = [
        # DESNZ 2024, row 1_101_1011_8_1: 2.51279 kg CO2e per litre of diesel
        Activity("Groupe électrogène", "technical", "shooting", D("800"), "litre", DAY,
                 "carbon.diesel_litre"),
        # row 5_303_3102_4_1: 0.25023 kg per km, diesel van up to 3.5 t
        Activity("Camion régie", "regie", "shooting", D("1500"), "km", DAY, "carbon.van_km"),
        # row 29_600_4005_13_1: 12.2 kg per room night in Belgium
        Activity("Hôtel équipe", "regie", "shooting", D("320"), "room_night", DAY,
                 "carbon.hotel_belgium_night"),
        # row 21_316_3164_11_1: 0.18287 kg per passenger.km, short-haul economy with RF
        Activity("Vols Paris", "transport", "preparation", D("2400"), "passenger_km", DAY,
                 "carbon.flight_short_haul_pkm"),
        # a factor Montage cannot cite, entered with its source
        Activity("Réseau belge", "post_production", "post_production", D("5000"), "kwh", DAY,
                 user_factor=UserFactor(D("0.17"), "kwh", "fournisseur d'énergie, 2025")),
        # spend-based: 4 000 € × 0.25 kg per euro, entered with its source
        Activity("Costumes", "hmc", "preparation", D("4000.00"), "euro", DAY,
                 user_factor=UserFactor(D("0.25"), "euro", "ratio du calculateur X")),
    ]
    result = carbon.footprint(activities, default_parameters(),
                              [Action("Groupe sur réseau", "technical", D("1200"))])
    # by hand
    generator = D("800") * D("2.51279")          # 2 010.232
    van = D("1500") * D("0.25023")               # 375.345
    hotel = D("320") * D("12.2")                 # 3 904
    flights = D("2400") * D("0.18287")           # 438.888
    grid = D("5000") * D("0.17")                 # 850
    costumes = D("4000") * D("0.25")             # 1 000
    assert [c.kg for c in result.contributions] == [generator, van, hotel, flights, grid,
                                                     costumes]
    assert result.total_kg == D("8578.465")
    assert carbon.tonnes(result.total_kg) == D("8.578")
    assert result.by_post["technical"] == generator
    assert result.by_post["regie"] == van + hotel
    assert result.by_post["transport"] == flights
    assert result.by_phase == {"preparation": flights + costumes,
                               "shooting": generator + van + hotel,
                               "post_production": grid}
    assert result.spend_kg == costumes
    assert result.measured_kg == result.total_kg - costumes
    assert result.user_factor_kg == grid + costumes
    assert result.measured_share == D("0.8834")
    assert result.reduction_kg == D("1200")
    text = "\n".join(result.explanation.render("fr")).replace("\u202f", " ").replace("\xa0", " ")
    assert "800 litre × 2,51279 kg CO2e par litre = 2 010,232 kg CO2e" in text
    assert "ligne 1_101_1011_8_1" in text
    assert "4 000,00 € × 0,25 kg CO2e par euro (facteur monétaire saisi" in text
    assert "estimation d'après la dépense" in text
    assert "saisi avec sa source : fournisseur d'énergie, 2025" in text
    assert "Total : 8 578,465 kg CO2e, soit 8,578 t CO2e" in text
    assert "Régie : 4 279,345 kg CO2e" in text


def test_every_shipped_factor_cites_its_row_and_has_a_unit_of_activity():
    params = default_parameters()
    factors = [name for name in params.names() if name.startswith("carbon.")]
    assert len(factors) == 14
    for name in factors:
        value = params.get(name, DAY)
        assert value.unit == "factor" and value.per in carbon.UNITS
        assert "conversion factors 2024" in value.source and "ligne " in value.source


def test_an_activity_that_cannot_be_counted_names_its_field():
    bad = [Activity("A", "catering", "shooting", D("1"), "litre", DAY, "carbon.diesel_litre"),
           Activity("B", "regie", "shooting", D("1"), "km", DAY, "carbon.diesel_litre"),
           Activity("C", "regie", "shooting", D("1"), "kwh", DAY,
                    user_factor=UserFactor(D("0.2"), "kwh", " ")),
           Activity("D", "regie", "shooting", D("1"), "kwh", DAY)]
    with pytest.raises(InputError) as caught:
        carbon.footprint(bad, default_parameters())
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (1, "post"), (2, "unit"), (3, "source"), (4, "factor")]


def test_the_default_post_of_an_account_follows_the_data_file():
    assert [carbon.post_for_account(code) for code in
            ("05.04", "05.01", "02.06", "06.01", "06.03", "07.02", "08.03", "02.01", "")] == [
        "locations", "sets", "hmc", "transport", "regie", "technical", "post_production",
        "production", "production"]


quantities = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False)


@given(st.lists(st.tuples(quantities, st.sampled_from(carbon.POSTS),
                          st.sampled_from(carbon.PHASES), st.booleans()), max_size=12))
def test_totals_by_post_by_phase_and_by_basis_all_add_up(rows):
    activities = [Activity(f"a{i}", post, phase, q, "euro" if spend else "litre", DAY,
                           "" if spend else "carbon.diesel_litre",
                           UserFactor(D("0.3"), "euro", "s") if spend else None)
                  for i, (q, post, phase, spend) in enumerate(rows)]
    result = carbon.footprint(activities, default_parameters())
    assert sum(result.by_post.values()) == result.total_kg
    assert sum(result.by_phase.values()) == result.total_kg
    assert result.measured_kg + result.spend_kg == result.total_kg


def test_a_factor_file_needs_its_unit_of_activity(tmp_path):
    from montage.errors import ParameterError
    from montage.law.parameters import Parameters

    (tmp_path / "carbon").mkdir()
    (tmp_path / "carbon" / "x.yaml").write_text(
        'description: {fr: "x", en: "x"}\nunit: factor\nvalues:\n'
        '  - valid_from: 2024-01-01\n    value: "1.5"\n    source: "s"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="per: an emission factor needs"):
        Parameters(tmp_path)
