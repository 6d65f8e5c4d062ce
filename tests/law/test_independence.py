import datetime as dt
from decimal import Decimal as D

from montage.law.independence import (ProducerFacts, Shareholder, YearTurnover,
                                      check_independence)

ON = dt.date(2024, 1, 1)


def facts(**overrides):
    base = dict(name="Prod", established_in_eu=True, separate_legal_personality=True,
                holdings_in_editors={"TV": D("0.15")},
                shareholders=[Shareholder("TV", D("0.15"), is_editor=True),
                              Shareholder("Holding", D("0.15"), share_in_an_editor=D("0.5"))],
                turnover=[YearTurnover(y, D("100"), {"TV": D("90")}) for y in (2021, 2022, 2023)])
    base.update(overrides)
    return ProducerFacts(**base)


def test_exactly_15_and_90_percent_pass():
    result = check_independence(facts(), ON)
    assert result.independent
    assert [t.name for t in result.tests] == [
        "established_in_eu", "separate_legal_personality", "capital_held_in_editor",
        "capital_held_by_editor", "capital_held_by_editor_shareholder",
        "turnover_from_one_editor"]


def test_each_test_fails_with_its_figure():
    result = check_independence(facts(
        holdings_in_editors={"TV": D("0.1501")},
        shareholders=[Shareholder("TV", D("0.16"), is_editor=True),
                      Shareholder("Holding", D("0.2"), share_in_an_editor=D("0.16"))],
        turnover=[YearTurnover(2023, D("100"), {"TV": D("91")})]), ON)
    failed = {t.name: t.figure for t in result.tests if not t.ok}
    assert failed == {"capital_held_in_editor": "0.1501", "capital_held_by_editor": "0.16",
                      "capital_held_by_editor_shareholder": "0.2",
                      "turnover_from_one_editor": "0.9100"}
    assert not result.independent


def test_holding_under_15_percent_of_an_editor_does_not_count():
    result = check_independence(facts(
        shareholders=[Shareholder("Holding", D("0.6"), share_in_an_editor=D("0.15"))]), ON)
    assert result.independent


def test_turnover_uses_the_last_three_years_only():
    turnover = [YearTurnover(2019, D("100"), {"TV": D("100")})] + \
        [YearTurnover(y, D("100"), {"TV": D("50")}) for y in (2021, 2022, 2023)]
    assert check_independence(facts(turnover=turnover), ON).independent


def test_missing_figures_are_not_established():
    result = check_independence(ProducerFacts("Unknown"), ON)
    assert not result.independent
    assert all(not t.ok for t in result.tests)
