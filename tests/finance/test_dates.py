"""Every eligibility date: the day before and the day of."""
import datetime as dt
from decimal import Decimal as D

import pytest

from montage.errors import ParameterError
from montage.finance.obligations import TaxShelter, WallimageCoproduction

from .conftest import expense

W = WallimageCoproduction()
DAY = dt.timedelta(days=1)


def test_location_rentals_not_eligible_from_1_january_2024():
    change = dt.date(2024, 1, 1)
    rental = expense("loc", "5000", "5000", location_rental=True, date=change - DAY)
    assert W.eligible(rental).eligible
    assert not W.eligible(rental, change).eligible
    assert W.eligible(rental, change).reason == "fin_wallimage_location_rental"
    # the same flag judged on the expense's own date
    assert not W.eligible(expense("loc2", "5000", "5000", location_rental=True,
                                  date=change)).eligible


def test_rtbf_media_rives_studios_eligible_from_1_april_2025():
    change = dt.date(2025, 4, 1)
    studio = expense("std", "20000", "4020", studio="RTBF Média Rives", name="RTBF")
    assert W.eligible(studio, change - DAY).reason == "fin_wallimage_rtbf_before"
    assert W.eligible(studio, change).eligible
    assert W.eligible(expense("std2", "1", "4020", studio="rtbf media rives"), change).eligible
    # never for the Tax Shelter
    assert TaxShelter().eligible(studio).reason == "fin_ts_studio"


def test_rtbf_studio_hire_is_not_a_location_rental_for_wallimage():
    studio = expense("std", "20000", "4020", studio="RTBF Média Rives", location_rental=True)
    assert W.eligible(studio, dt.date(2025, 4, 1)).eligible


def test_supplier_audiovisual_activity_must_be_shown_from_2025():
    change = dt.date(2025, 1, 1)
    unknown = expense("av", "1000", "4000", av=None)
    assert W.eligible(unknown, change - DAY).eligible
    assert W.eligible(unknown, change).reason == "fin_wallimage_av_not_shown"
    assert not W.eligible(expense("nav", "1000", av=False), change - DAY).eligible


def test_manager_living_outside_wallonia_deducted_from_2025_except_post_production():
    change = dt.date(2025, 1, 1)
    invoice = expense("mg", "10000", "4000", manager_services=D("3000"),
                      manager_lives_in_wallonia=False)
    assert W.eligible(invoice, change - DAY).amount == D("10000")
    verdict = W.eligible(invoice, change)
    assert verdict.eligible and verdict.amount == D("7000")
    assert "000,00" in verdict.text("fr") and "déduites" in verdict.text("fr")
    unknown = expense("mg2", "10000", "4000", manager_services=D("3000"))
    assert W.eligible(unknown, change).amount == D("7000")
    lives = expense("mg3", "10000", "4000", manager_services=D("3000"),
                    manager_lives_in_wallonia=True)
    assert W.eligible(lives, change).amount == D("10000")
    for flag in ("post_production", "vfx"):
        post = expense("pp", "10000", "4000", manager_services=D("3000"),
                       manager_lives_in_wallonia=False, **{flag: True})
        assert W.eligible(post, change).amount == D("10000")
    only_manager = expense("mg4", "3000", "4000", manager_services=D("3000"))
    assert not W.eligible(only_manager, change).eligible


def test_before_the_first_known_period_is_an_error_not_a_guess():
    with pytest.raises(ParameterError):
        W.eligible(expense("old", "1", "4000", location_rental=True), dt.date(2022, 12, 31))


def test_tax_shelter_window_18_months_and_24_for_animation():
    from montage.finance.obligations import TaxShelterTerms
    signed = dt.date(2024, 3, 15)
    last = dt.date(2025, 9, 15)
    items = [expense("before", "100", date=signed - DAY), expense("first", "100", date=signed),
             expense("last", "100", date=last), expense("after", "100", date=last + DAY)]
    status = TaxShelter().assess(TaxShelterTerms(D("300"), signed), items)
    assert [line.expense_id for line in status.lines] == ["first", "last"]
    assert status.due_date == last
    animated = TaxShelter().assess(TaxShelterTerms(D("300"), signed, animation=True), items)
    assert [line.expense_id for line in animated.lines] == ["first", "last", "after"]
    assert animated.due_date == dt.date(2026, 3, 15)
