from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.law.exemptions import Service, service_exemptions
from montage.law.turnover import TurnoverLine, eligible_turnover


def test_local_editor_counts_all_markets_net_of_commissions_less_eu_contributing_states():
    result = eligible_turnover("local", [
        TurnoverLine("advertising", D("1000000"), D("150000")),
        TurnoverLine("subscriptions", D("300000")),
        TurnoverLine("advertising", D("100000"), market="eu_contributing_state"),
    ], 2024)
    assert result.amount == D("1050000.00")


def test_external_editor_brussels_total_counts_80_percent():
    result = eligible_turnover("external", [
        TurnoverLine("advertising", D("500000"), market="french_language_region"),
        TurnoverLine("advertising", D("400000"), market="brussels_total"),
    ], 2024)
    assert result.amount == D("820000.00")


def test_external_editor_belgium_total_counts_39_5_percent():
    result = eligible_turnover("external", [
        TurnoverLine("subscriptions", D("2000000"), market="belgium_total")], 2024)
    assert result.amount == D("790000.00")


def test_external_editor_cannot_report_a_local_market():
    with pytest.raises(InputError) as error:
        eligible_turnover("external", [TurnoverLine("advertising", D("1"), market="all")], 2024)
    assert "market" in error.value.field


def test_unknown_line_and_excessive_commissions_are_refused():
    with pytest.raises(InputError):
        eligible_turnover("local", [TurnoverLine("lottery", D("1"))], 2024)
    with pytest.raises(InputError):
        eligible_turnover("local", [TurnoverLine("advertising", D("1"), D("2"))], 2024)


def test_audience_exemption_needs_every_service_below_its_threshold():
    below = service_exemptions(2024, [Service("TV", "linear", D("0.019")),
                                      Service("VOD", "non_linear", D("0.009"))])
    assert below.grounds == ["audience_share_below_minimum"]
    one_above = service_exemptions(2024, [Service("TV", "linear", D("0.02")),
                                          Service("VOD", "non_linear", D("0.009"))])
    assert one_above.grounds == []


def test_works_exemption_and_unknown_figures_are_reported():
    result = service_exemptions(2024, [Service("TV", "linear", None, D("0.05"))])
    assert result.grounds == ["audiovisual_works_below_minimum"]
    assert result.not_evaluated == ["audience_share"]


def test_turnover_ground_is_listed_with_the_others():
    result = service_exemptions(2024, [Service("TV", "linear", D("0.01"))],
                                turnover_exempt=True)
    assert result.grounds == ["turnover_below_threshold", "audience_share_below_minimum"]
    assert result.exempt
