"""Assessments: caps, arithmetic, once-per-obligation, and a demo-like production."""
import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from montage.errors import InputError
from montage.finance.obligations import (BroadcasterSpillover, ScreenBrussels,
                                         ScreenBrusselsTerms, SpilloverTerms, TaxShelter,
                                         TaxShelterTerms, WallimageCoproduction, WallimageTerms,
                                         allocation)

from .conftest import expense

SIGNED = dt.date(2025, 2, 1)


# -- FWB spillover: 7 % / 10 % caps through montage.law.spillover -----------------------------

def test_spillover_overhead_7_and_producer_fee_10_percent_caps_are_delegated():
    items = [expense("inv", "80000", "4000"),
             expense("oh1", "5000", "1000", cost_type="overhead"),
             expense("oh2", "4000", "1000", cost_type="overhead"),
             expense("fee", "12000", "1050", cost_type="producer_fee")]
    status = BroadcasterSpillover().assess(
        SpilloverTerms(D("100000"), SIGNED, dt.date(2025, 6, 1)), items)
    assert status.counted == D("97000.00")                  # 80 000 + 7 000 + 10 000
    assert status.details["spillover"].counted == status.counted
    assert status.counted_for("oh1") == D("5000") and status.counted_for("oh2") == D("2000")
    assert status.counted_for("fee") == D("10000")
    assert status.missing == D("3000.00")
    assert status.excluded_by_reason == {"fin_spill_in_capped": D("4000")}
    assert status.due_date == dt.date(2028, 2, 1)
    text = "\n".join(status.explanation.render("en"))
    assert "as a share of the investment: 7%" in text     # the parameter, as a rate


def test_spillover_cap_with_sub_cent_share_loses_no_cent():
    items = [expense("oh", "9000", "4000", cost_type="overhead"),
             expense("fee", "9000", "4000", cost_type="producer_fee")]
    status = BroadcasterSpillover().assess(
        SpilloverTerms(D("12345.67"), SIGNED, dt.date(2025, 6, 1)), items)
    # 7 % = 864.1969, 10 % = 1234.567: the module rounds the total once
    assert status.counted == status.details["spillover"].counted == D("2098.76")
    assert sum(line.amount for line in status.lines) == status.counted


# -- Tax Shelter arithmetic -------------------------------------------------------------------

def ts(value, items, **kw):
    return TaxShelter().assess(TaxShelterTerms(D(value), dt.date(2025, 1, 10), **kw), items)


def test_tax_shelter_90_percent_of_the_certificate_value():
    status = ts("1000000", [expense("a", "850000", "1000", date=dt.date(2025, 3, 1))],
                eea_qualifying_expenses=D("5000000"))
    assert status.required == D("900000.00")
    assert status.counted == D("850000.00")
    assert status.missing == D("50000.00")
    assert status.details["max_certificate_value"] == D("944444.44")   # 850 000 × 10/9
    assert not status.met


def test_tax_shelter_fees_count_up_to_18_percent_of_belgian_expenses():
    items = [expense("d", "820000", "1000", date=dt.date(2025, 3, 1)),
             expense("fee", "150000", "1000", cost_type="producer_fee", date=dt.date(2025, 3, 2)),
             expense("oh", "100000", "1000", cost_type="overhead", date=dt.date(2025, 3, 3))]
    status = ts("1000000", items)
    assert status.details["fees_counted"] == D("180000.00")     # 18 % of 1 000 000
    assert status.counted == D("1000000.00")
    assert status.counted_for("fee") == D("150000") and status.counted_for("oh") == D("30000")
    assert status.excluded_by_reason == {"fin_ts_belgian": D("70000")}
    assert status.details["direct_share"] == D("0.8200")
    assert status.details["reduction_factor"] == 1
    assert status.met is False or status.missing == 0


def test_tax_shelter_70_percent_directly_linked_cut_in_proportion():
    items = [expense("d", "630000", "1000", date=dt.date(2025, 3, 1)),
             expense("ind", "370000", "1000", directly_linked=False, date=dt.date(2025, 3, 1))]
    status = ts("1000000", items, eea_qualifying_expenses=D("5000000"))
    assert status.counted == D("1000000.00")
    assert status.details["direct_share"] == D("0.6300")
    assert status.details["reduction_factor"] == D("0.900000")            # 63 / 70
    assert status.details["max_certificate_value"] == D("1000000.00")     # 10/9 × 1 M × 0.9
    assert status.missing == 0 and status.met


def test_tax_shelter_70_percent_of_eea_and_15_million_caps():
    items = [expense("be", "900000", "1000", date=dt.date(2025, 3, 1)),
             expense("fr", "100000", None, country="FR", date=dt.date(2025, 3, 1))]
    status = ts("1000000", items)
    assert status.details["eea_expenses"] == D("1000000.00")
    assert status.details["max_certificate_value"] == D("700000.00")
    assert status.issues and status.issues[0].key == "fin_ts_value_too_high"
    big = ts("16000000", [], eea_qualifying_expenses=D("100000000"))
    assert big.details["max_certificate_value"] == D("0.00")
    huge = ts("16000000", [expense("x", "30000000", "1000", date=dt.date(2025, 3, 1))])
    assert huge.details["max_certificate_value"] == D("15000000.00")


def test_tax_shelter_investors_money_at_most_half_the_budget():
    status = ts("100", [], budget=D("1000"), investors_money=D("501"))
    assert [i.key for i in status.issues][-1] == "fin_ts_investors"
    assert status.details["certificate_deadline"] == dt.date(2029, 12, 31)


# -- one expense, several obligations; at most once within one --------------------------------

def test_same_expense_twice_for_one_obligation_is_refused():
    e = expense("dup", "1000", "4000")
    for rule, terms in ((WallimageCoproduction(), WallimageTerms(D("100"), SIGNED)),
                        (ScreenBrussels(), ScreenBrusselsTerms("documentary", D("1"), SIGNED)),
                        (TaxShelter(), TaxShelterTerms(D("1"), SIGNED)),
                        (BroadcasterSpillover(), SpilloverTerms(D("1"), SIGNED, SIGNED))):
        with pytest.raises(InputError):
            rule.assess(terms, [e, e])


def test_one_expense_counts_for_every_obligation_it_serves():
    e = expense("multi", "1000", "1000", "1000", date=dt.date(2025, 3, 1))
    statuses = all_statuses([e])
    assert allocation(statuses) == {"multi": {"fwb_spillover": D("1000"),
                                              "screen_brussels": D("1000"),
                                              "tax_shelter": D("1000")}}


def all_statuses(items):
    return [WallimageCoproduction().assess(WallimageTerms(D("10000"), SIGNED, D("2")), items),
            BroadcasterSpillover().assess(
                SpilloverTerms(D("20000"), SIGNED, dt.date(2025, 6, 1)), items),
            ScreenBrussels().assess(ScreenBrusselsTerms("documentary", D("5000"), SIGNED), items),
            TaxShelter().assess(TaxShelterTerms(D("30000"), SIGNED), items)]


CODES = ["4000", "4700", "7780", "3790", "1300", "1000", "1050", "1780", "9000"]
expenses_strategy = st.lists(
    st.builds(
        lambda i, cents, code, op, kind, flags, day: expense(
            f"e{i}", str(D(cents) / 100), code, op, date=SIGNED + dt.timedelta(days=day),
            cost_type=kind, location_rental=flags[0], hotel_night=flags[1],
            manager_services=D(cents // 3) / 100 if flags[2] else D(0),
            directly_linked=not flags[3]),
        st.integers(0, 10**6), st.integers(0, 5 * 10**7), st.sampled_from(CODES),
        st.sampled_from([None] + CODES), st.sampled_from(["direct", "overhead", "producer_fee",
                                                          "commission"]),
        st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
        st.integers(0, 800)),
    max_size=12, unique_by=lambda e: e.id)


@settings(max_examples=60, deadline=None)
@given(expenses_strategy)
def test_no_cent_lost_or_counted_twice_for_one_obligation(items):
    total = sum((e.amount for e in items), D(0))
    for status in all_statuses(items):
        ids = [line.expense_id for line in status.lines]
        assert len(ids) == len(set(ids))                       # at most once
        assert status.counted == sum((l.amount for l in status.lines), D(0))
        assert status.counted == status.counted.quantize(D("0.01"))
        for line in status.lines:
            original = next(e for e in items if e.id == line.expense_id)
            assert 0 < line.amount <= original.amount          # never more than the expense
        # every cent is either counted or excluded for a stated reason
        assert status.counted + sum(status.excluded_by_reason.values(), D(0)) == total
        assert sum(status.by_category.values(), D(0)) == status.counted
        assert sum(status.by_supplier.values(), D(0)) == status.counted
        assert status.missing == max(status.required - status.counted, 0)
        assert status.surplus == max(status.counted - status.required, 0)


# -- a demo-like production ---------------------------------------------------------------------

def test_demo_production_misses_the_wallimage_ratio_and_says_by_how_much_and_where():
    day = dt.date(2025, 5, 12)
    items = [
        expense("F001", "42000", "4000", name="Caméras Liège SA", category="32", date=day),
        expense("F002", "18500", "4020", name="RTBF", studio="RTBF Média Rives",
                category="33", date=dt.date(2025, 4, 1)),
        expense("F003", "6000", "5000", name="Château de Namur", location_rental=True,
                category="34", date=day),
        expense("F004", "35000", "7000", name="Post Mons SA", post_production=True,
                manager_services=D("5000"), manager_lives_in_wallonia=False,
                category="50", date=day),
        expense("F005", "25000", "1050", "1050", name="Son Ixelles SRL", category="51",
                date=day),
        expense("F006", "9000", "4700", name="Grip Eupen GmbH", category="32",
                manager_services=D("2000"), date=day),
        expense("F007", "3200", "4000", name="Hôtel Liège", av=False, category="60", date=day),
    ]
    status = WallimageCoproduction().assess(
        WallimageTerms(D("30000"), dt.date(2025, 3, 1), committed_ratio=D("4.5"),
                       spend_deadline=dt.date(2026, 6, 30), label="Demo"), items)
    assert status.required == D("135000.00")            # 30 000 × 450 %
    # counted: 42 000 + 18 500 + 35 000 + (9 000 − 2 000) = 102 500
    assert status.counted == D("102500.00")
    assert status.missing == D("32500.00")
    assert status.by_category == {"32": D("49000"), "33": D("18500"), "50": D("35000")}
    assert status.excluded_by_reason == {
        "fin_wallimage_location_rental": D("6000"), "fin_wallimage_outside": D("25000"),
        "fin_wallimage_manager_deducted": D("2000"), "fin_wallimage_no_av": D("3200")}
    assert [t["releasable"] for t in status.details["tranches"]] == [True, True, False]
    assert sum(t["amount"] for t in status.details["tranches"]) == D("30000")
    fr = "\n".join(status.explanation.render("fr"))
    en = "\n".join(status.explanation.render("en"))
    assert "Manque 32" in fr and "Missing €32,500.00" in en
    assert "outside the Walloon Region" in en and "shooting-location rentals" in en
    assert "Minimum Walloon spend, as a multiple of the investment" in en and "cineuro.eu" in en
    # the same ledger, seen by the other financiers
    spill = BroadcasterSpillover().assess(
        SpilloverTerms(D("80000"), dt.date(2025, 3, 1), dt.date(2025, 6, 1)), items)
    assert spill.counted == D("129700.00")              # all but Eupen
    assert spill.met
    sb = ScreenBrussels().assess(ScreenBrusselsTerms("documentary", D("60000"),
                                                     dt.date(2025, 3, 1)), items)
    assert sb.required == D("75000.00") and sb.counted == D("25000.00")
    assert sb.missing == D("50000.00")
    assert allocation([status, spill, sb])["F005"] == {"fwb_spillover": D("25000"),
                                                       "screen_brussels": D("25000")}


def test_wallimage_cap_and_regulation_minimum():
    status = WallimageCoproduction().assess(
        WallimageTerms(D("450000"), SIGNED, committed_ratio=D("1.2")), [])
    assert status.required == D("675000.00")            # the regulation's 150 % wins
    assert status.issues[0].key == "fin_wallimage_over_cap"
    assert not status.met


def test_screen_brussels_minimum_by_format_and_never_below_request():
    rule = ScreenBrussels()
    for fmt, minimum in (("feature_film", "250000"), ("series_over_10_min", "250000"),
                         ("animation", "250000"), ("documentary", "75000"),
                         ("special_format", "75000"), ("short_series", "45000")):
        assert rule.assess(ScreenBrusselsTerms(fmt, D("1000"), SIGNED), []).required == D(minimum)
    assert rule.assess(ScreenBrusselsTerms("short_series", D("90000"), SIGNED),
                       []).required == D("90000.00")
    over = rule.assess(ScreenBrusselsTerms("feature_film", D("600000"), SIGNED,
                                           financing_secured_share=D("0.55")), [])
    assert [i.key for i in over.issues] == ["fin_sb_over_cap"]
    short = rule.assess(ScreenBrusselsTerms("short_series", D("10"), SIGNED,
                                            financing_secured_share=D("0.55")), [])
    assert [i.key for i in short.issues] == ["fin_sb_financing"]


def test_screen_brussels_excluded_expense_types():
    rule = ScreenBrussels()
    for flag in ("vehicle_rental_agency", "hotel_night", "private_flat_set"):
        verdict = rule.eligible(expense(flag, "100", "1000", **{flag: True}))
        assert verdict.reason == "fin_sb_excluded"
    assert not rule.eligible(expense("nav", "100", "1000", av=False)).eligible
