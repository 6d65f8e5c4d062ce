"""Invariants of the engine, checked on generated inputs."""

import json
import subprocess
import sys
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from montage.law.case import evaluate_to_dict, parse_case
from montage.law.contribution import compute_contribution
from montage.law.investments import CATEGORIES, Investment, validate_year
from montage.law.smoothing import SmoothingYear, smooth

cents = st.integers(min_value=0, max_value=500_000_000_00).map(lambda c: Decimal(c) / 100)
years = st.integers(min_value=2024, max_value=2030)


@given(years, cents)
def test_no_contribution_is_negative(year, turnover):
    assert compute_contribution(year, turnover).amount >= 0


@given(years, cents, cents)
def test_contribution_never_decreases_with_turnover_inside_a_band(year, a, b):
    low, high = sorted((a, b))
    first, second = compute_contribution(year, low), compute_contribution(year, high)
    if first.band_lower == second.band_lower:
        assert first.amount <= second.amount


investment = st.builds(Investment, category=st.sampled_from(CATEGORIES),
                       amount=cents.filter(lambda a: a < 10_000_000),
                       fwb_initiative=st.booleans())


@given(st.integers(min_value=0, max_value=10_000_000_00).map(lambda c: Decimal(c) / 100),
       st.lists(investment, max_size=8))
def test_countable_is_never_negative_and_never_more_than_weighted_investments(obligation, items):
    result = validate_year(obligation, items, 2024)
    weighted = sum((i.amount * (2 if i.category == "writing_development" else 1)
                    for i in items), Decimal(0))
    assert 0 <= result.countable <= weighted + Decimal("0.01")


smoothing_years = st.lists(st.tuples(cents.filter(lambda a: a < 10_000_000), cents.filter(
    lambda a: a < 10_000_000), st.sampled_from(["investments", "investments", "payment"])),
    min_size=1, max_size=7)


@settings(max_examples=300)
@given(smoothing_years)
def test_smoothing_conserves_money(entries):
    years = [SmoothingYear(2024 + i, obligation, countable, form)
             for i, (obligation, countable, form) in enumerate(entries)]
    out = smooth(years, 2)
    obligations = sum(y.obligation for y in years)
    met = sum(o.met for o in out) + sum(o.settled_older for o in out)
    paid = sum(o.payment_due for o in out)
    assert obligations == met + paid + out[-1].shortfall_open
    invested = sum(y.countable for y in years if y.form == "investments")
    used = sum(o.met + o.settled_older for o in out)
    expired = sum(o.expired_surplus for o in out)
    assert invested == used + out[-1].surplus_open + expired
    for o in out:
        assert min(o.shortfall_open, o.surplus_open, o.payment_due) >= 0
        assert all(item.origin >= o.year - 1 for item in o.shortfalls_open + o.surpluses_open)


@settings(max_examples=25)
@given(st.lists(st.tuples(cents.filter(lambda a: a < 50_000_000),
                          st.lists(investment, max_size=4)), min_size=1, max_size=4))
def test_evaluating_the_same_case_twice_gives_the_same_json(entries):
    data = {"editor": {"name": "E", "kind": "local"}, "years": [
        {"year": 2024 + i, "turnover": str(turnover),
         "investments": [{"category": i.category, "amount": str(i.amount),
                          "fwb_initiative": i.fwb_initiative} for i in items]}
        for i, (turnover, items) in enumerate(entries)]}
    first = json.dumps(evaluate_to_dict(parse_case(data)), sort_keys=True)
    second = json.dumps(evaluate_to_dict(parse_case(data)), sort_keys=True)
    assert first == second


def test_the_law_engine_imports_no_web_or_database_module():
    code = ("import sys, montage.law.case, montage.law.cli, montage.law.calendar; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('django', 'sqlite3', 'psycopg', 'psycopg2', 'sqlalchemy', 'flask')]; "
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
