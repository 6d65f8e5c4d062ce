"""The recoupment waterfall: exact, in order, within caps, explained."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from montage.errors import InputError
from montage.finance.recoupment import (BEYOND_PRO_RATA, FIXED, PRO_RATA, PRODUCER, Corridor,
                                        Share, cents, waterfall)


def _phare():
    return [
        Corridor("Commission du distributeur", (
            Share("dist", "Distributeur", FIXED, D("0.25"), cap=3_000_000),), off_the_top=True),
        Corridor("Rang 1", (
            Share("wal", "Wallimage", BEYOND_PRO_RATA, D("0.30"), cap=30_000_000,
                  premium=D("0.10"), after_cap_rate=D("0.05")),
            Share("rtbf", "RTBF", PRO_RATA, financing=15_000_000, cap=15_000_000),
            Share("ts", "Tax Shelter", PRO_RATA, financing=45_000_000, cap=45_000_000))),
        Corridor("Rang 2", (Share(PRODUCER, "Producteur", FIXED, D("0.5")),
                            Share("wal", "Wallimage", FIXED, D("0.5")))),
    ]


def test_a_period_is_shared_exactly_and_explained_in_french():
    (result,) = waterfall(_phare(), [("2025-S1", cents(D("100000.01")))])
    amounts = {(a.corridor, a.beneficiary): a.amount for a in result.allocations}
    assert amounts[("Commission du distributeur", "dist")] == 2_500_000  # 25 000,00 €, half-up
    # 75 000,01 € enter tier 1: Wallimage 30 %, the 70 % left split 1:3 by financing
    assert amounts[("Rang 1", "wal")] == 2_250_000
    assert amounts[("Rang 1", "rtbf")] + amounts[("Rang 1", "ts")] == 5_250_001
    assert sum(a.amount for a in result.allocations) + result.producer == result.net
    text = "\n".join(result.explanation.render("fr"))
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    assert "part négociée au-delà de son prorata, 30,00 %" in text
    assert "au prorata de son financement (150 000,00 €), soit 17,50 %" in text
    assert "cent d'arrondi" in text
    assert "Distributeur : part fixe de 25,00 %, reçoit 25 000,00 €" in text


def test_caps_with_premium_then_the_after_cap_share():
    results = waterfall(_phare(), [("a", 200_000_000), ("b", 200_000_000)])
    wal = [a for r in results for a in r.allocations if a.beneficiary == "wal"
           and a.corridor == "Rang 1"]
    assert wal[-1].ceiling == 33_000_000 and wal[-1].cap_reached
    # once the cap (with its 10 % premium) is met, Wallimage keeps 5 % of what enters
    assert wal[-1].recouped_after > 33_000_000
    dist = [a for r in results for a in r.allocations if a.beneficiary == "dist"]
    assert dist[-1].recouped_after == 3_000_000 and dist[-1].amount == 0


def test_refused_agreements_name_every_problem():
    with pytest.raises(InputError) as error:
        waterfall([Corridor("A", (Share("x", "X", FIXED, D("0.8")), Share("y", "Y", FIXED,
                                                                           D("0.3")))),
                   Corridor("B", ())], [("p", 100)])
    assert "100 %" in str(error.value) and "B: no beneficiary" in str(error.value)
    with pytest.raises(InputError):
        waterfall(_phare(), [("p", -1)])


rate = st.decimals(min_value=D("0.01"), max_value=D("1"), places=4)


@st.composite
def agreements(draw):
    corridors = []
    for ci in range(draw(st.integers(1, 4))):
        shares, left = [], D("1")
        for si in range(draw(st.integers(1, 4))):
            key = draw(st.sampled_from(["a", "b", "c", PRODUCER]))
            cap = draw(st.none() | st.integers(0, 10_000_000))
            premium = draw(st.sampled_from([D("0"), D("0.1"), D("0.2")]))
            if draw(st.booleans()) or left <= D("0.01"):
                shares.append(Share(key, key, PRO_RATA, financing=draw(st.integers(1, 10**9)),
                                    cap=cap, premium=premium))
            else:
                r = min(draw(rate), left - D("0.01"))
                left -= r
                after = (r / 2).quantize(D("0.0001")) if cap is not None and draw(
                    st.booleans()) else D("0")
                shares.append(Share(key, key, draw(st.sampled_from([FIXED, BEYOND_PRO_RATA])),
                                    r, cap=cap, premium=premium, after_cap_rate=after))
        if all(s.kind != PRO_RATA for s in shares) and draw(st.booleans()):
            shares.append(Share("d", "d", FIXED, left))  # a corridor of exactly 100 %
        corridors.append(Corridor(f"c{ci}", tuple(shares)))
    return corridors


periods = st.lists(st.integers(0, 10**9), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(agreements(), periods)
def test_no_cent_is_lost_or_created_and_caps_hold(corridors, nets):
    results = waterfall(corridors, [(str(i), n) for i, n in enumerate(nets)])
    for result in results:
        assert all(a.amount >= 0 for a in result.allocations) and result.producer >= 0
        assert sum(a.amount for a in result.allocations) + result.producer == result.net
    shares = [s for c in corridors for s in c.shares]
    for share, a in zip(shares, results[-1].allocations, strict=True):
        if a.ceiling is not None and share.after_cap_rate == 0:
            assert a.recouped_after <= a.ceiling


@settings(max_examples=200, deadline=None)
@given(agreements(), periods)
def test_the_order_of_corridors_is_respected(corridors, nets):
    """What a corridor does not take flows on; a corridor of 100 % whose caps are not met
    leaves nothing to the corridors after it."""
    for result in waterfall(corridors, [(str(i), n) for i, n in enumerate(nets)]):
        entering = result.net
        for corridor in corridors:
            mine = [a for a in result.allocations if a.corridor == corridor.name]
            taken = sum(a.amount for a in mine)
            assert taken <= entering
            full = sum((s.rate or 0) for s in corridor.shares) == 1 or any(
                s.kind == PRO_RATA for s in corridor.shares)
            uncapped = all(s.cap is None for s in corridor.shares)
            if full and uncapped:
                assert taken == entering
            entering -= taken
        assert entering == result.producer


@settings(max_examples=100, deadline=None)
@given(agreements(), st.lists(st.integers(0, 10**8), min_size=2, max_size=5))
def test_a_sequence_of_periods_carries_what_was_recouped(corridors, nets):
    """Running the periods one at a time, carrying what each share took, gives the same
    statements as running them together."""
    together = waterfall(corridors, [(str(i), n) for i, n in enumerate(nets)])
    recouped = {}
    for i, net in enumerate(nets):
        (alone,) = waterfall(corridors, [(str(i), net)], recouped)
        assert [a.amount for a in alone.allocations] == \
            [a.amount for a in together[i].allocations]
        keys = [(ci, si) for ci, c in enumerate(corridors) for si in range(len(c.shares))]
        for key, a in zip(keys, alone.allocations, strict=True):
            recouped[key] = a.recouped_after
