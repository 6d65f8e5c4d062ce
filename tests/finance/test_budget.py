from decimal import Decimal as D

import pytest

from montage.errors import InputError
from montage.finance.budget import CostLine, FringeRate, cost_report, fringes
from montage.law.explain import Explanation


def test_fringes_use_the_project_rate_with_its_source_and_never_a_default():
    rates = {"employee": FringeRate("employee", D("0.2507"), "secrétariat social, 2025")}
    explanation = Explanation.of("fin_cost_subject", label="x")
    assert fringes(D("3333.33"), "employee", rates, explanation) == D("835.67")
    assert "secrétariat social" in explanation.render("fr")[-1]
    with pytest.raises(InputError):
        fringes(D("1000"), "artist", rates)
    with pytest.raises(InputError):
        FringeRate("x", D("0.25"), " ")


def test_cost_report_totals_and_variance():
    report = cost_report([
        CostLine("30", "Équipe", D("100000"), D("110000"), D("90000"), D("60000"), D("50000"),
                 D("45000")),
        CostLine("50", "Post", D("50000"), D("40000"), D("10000"), D("5000"), D("5000"),
                 D("30000")),
    ])
    assert report.totals["current"].value == D("150000.00")
    assert report.totals["estimated_final_cost"].value == D("140000.00")
    assert report.rows[0].figures["variance"].value == D("5000.00")
    assert report.totals["variance"] == report.totals["variance"].__class__(D("10000.00"), True)


def test_an_unknown_figure_makes_the_total_incomplete_never_guessed():
    report = cost_report([CostLine("30", baseline=D("100"), current=D("100"), actual=D("40"),
                                   estimate_to_complete=None, committed=D("50"), paid=D("40")),
                          CostLine("40", baseline=D("10"), current=D("10"), actual=D("1"),
                                   estimate_to_complete=D("9"), committed=D("1"), paid=D("1"))])
    efc = report.totals["estimated_final_cost"]
    assert not efc.complete and efc.unknown == ("30",)
    assert not report.totals["variance"].complete
    assert report.totals["actual"].complete and report.totals["actual"].value == D("41.00")
    assert any("incomplet" in line for line in report.explanation.render("fr"))
    with pytest.raises(InputError):
        cost_report([CostLine("1", baseline=100)])
