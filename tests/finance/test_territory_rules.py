"""Territory edge cases through the four rules."""
import datetime as dt
from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.finance.obligations import (BroadcasterSpillover, ScreenBrussels, TaxShelter,
                                         WallimageCoproduction)

from .conftest import PRODUCER_BXL, expense

W, F, S, T = WallimageCoproduction(), BroadcasterSpillover(), ScreenBrussels(), TaxShelter()


def serves(e):
    return {rule.name for rule in (W, F, S, T) if rule.eligible(e).eligible}


def test_liege_camera_rental_counts_for_wallimage_spillover_and_belgian_spend_not_brussels():
    camera = expense("cam", "12000", "4000", name="Caméras Liège SA")
    assert serves(camera) == {"wallimage", "fwb_spillover", "tax_shelter"}
    verdict = S.eligible(camera)
    assert verdict.reason == "fin_sb_outside" and "Brussels-Capital" in verdict.text("en")


def test_brussels_supplier_counts_for_screen_brussels_only_with_both_seats_in_the_19():
    both = expense("b1", "1000", "1000", "1050")
    assert serves(both) == {"fwb_spillover", "screen_brussels", "tax_shelter"}
    registered_only = expense("b2", "1000", "1000", "1930")      # operating seat in Zaventem
    assert "screen_brussels" not in serves(registered_only)
    assert S.eligible(registered_only).args["seat"] == "operating"
    operating_only = expense("b3", "1000", "1500", "1000")       # registered in Halle
    assert "screen_brussels" not in serves(operating_only)
    assert "fwb_spillover" in serves(operating_only)             # either seat is enough there
    # no operating seat recorded: the registered seat is where it operates
    assert "screen_brussels" in serves(expense("b4", "1000", "1070"))
    # a facility municipality around Brussels is in Flanders
    assert serves(expense("b5", "1000", "1780")) == {"tax_shelter"}      # Wemmel


def test_eupen_counts_for_wallimage_not_fwb():
    assert serves(expense("eu", "1000", "4700")) == {"wallimage", "tax_shelter"}
    assert serves(expense("sv", "1000", "4780")) == {"wallimage", "tax_shelter"}  # Sankt Vith


def test_comines_warneton_is_walloon_and_french_speaking():
    assert serves(expense("cw", "1000", "7780")) == {"wallimage", "fwb_spillover", "tax_shelter"}


def test_voeren_is_flemish():
    assert serves(expense("vo", "1000", "3790")) == {"tax_shelter"}


def test_walloon_brabant_is_wallonia_flemish_brabant_is_not():
    for code in ("1300", "1348", "1410"):                     # Wavre, LLN, Waterloo
        assert serves(expense(code, "1000", code)) == {"wallimage", "fwb_spillover",
                                                       "tax_shelter"}
    assert serves(expense("le", "1000", "3000")) == {"tax_shelter"}     # Leuven


def test_foreign_supplier_counts_for_nothing_in_belgium():
    paris = expense("fr", "1000", None, country="FR")
    assert serves(paris) == set()
    assert T.eligible(paris).reason == "fin_ts_eea"
    assert T.eligible(expense("us", "1000", None, country="US")).reason == "fin_ts_outside_eea"


def test_payroll_uses_domicile_for_wallimage_and_employer_seat_elsewhere():
    from montage.finance.expenses import Expense, Supplier
    tech = Expense("pay1", D("3000"), dt.date(2025, 5, 5), Supplier("Technicienne", "4000"),
                   kind="payroll", employer=PRODUCER_BXL)
    assert serves(tech) == {"wallimage", "fwb_spillover", "screen_brussels", "tax_shelter"}
    with pytest.raises(InputError):
        S.eligible(Expense("pay2", D("1"), dt.date(2025, 5, 5), Supplier("X", "4000"),
                           kind="payroll"))


def test_unknown_postal_code_is_an_error_not_a_guess():
    with pytest.raises(InputError):
        W.eligible(expense("x", "1", "9999"))


def test_eea_list_is_read_as_country_codes_norway_included():
    norway = expense("no", "1000", None, country="NO")
    assert T.eligible(norway).reason == "fin_ts_eea"
    assert T.eligible(expense("ch", "1000", None, country="CH")).reason == "fin_ts_outside_eea"
