"""The annual report's tables recomputed from the data files, and the reconciliation with the
figures the report prints (montage/fund/data/wallimage-published-2024.yaml)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from montage.errors import InputError
from montage.money import format_money
from montage.fund.annual_report import build_annual_report, directors_of, read_gaming
from montage.fund.reconcile import (Published, compare, is_belgian_format, load_published,
                                    parse_printed, reconcile)

REPORT = build_annual_report()
FIGURES = REPORT.figures()
RESULT = reconcile(REPORT)


def cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- the published totals reproduced -----------------------------------------------------------

def test_live_action_totals():
    assert FIGURES["2.2.2.1|total|projects"] == 35
    assert FIGURES["2.2.2.1|total|investment"] == Decimal("4784800.00")
    assert FIGURES["2.2.2.1|total|spend"] == Decimal("30557289.12")
    assert cents(FIGURES["2.2.2.1|total|ratio"]) == Decimal("638.63")
    assert FIGURES["2.2.2.2|total|average"] == Decimal("136708.57")


def test_department_totals():
    assert FIGURES["7.1|total|projects"] == 49
    assert FIGURES["7.1|total|investment"] == Decimal("7094800.00")
    assert FIGURES["7.1|total|spend"] == Decimal("46231969.51")
    assert cents(FIGURES["7.1|total|ratio"]) == Decimal("651.63")
    assert cents(FIGURES["7.1|classic|ratio"]) == Decimal("660.03")
    # the breakdowns add up to the same totals
    for table in ("7.1.1", "7.1.3", "7.1-lines", "x.position"):
        assert FIGURES[f"{table}|total|investment"] == Decimal("7094800.00"), table


def test_enterprise_yield():
    assert cents(FIGURES["6.1|total|yield_on_exited"]) == Decimal("9.13")
    assert cents(FIGURES["6.1|loan|yield_on_exited"]) == Decimal("4.98")
    assert cents(FIGURES["6.1|equity|yield_on_exited"]) == Decimal("20.06")
    assert FIGURES["7.2|total|companies"] == 46


def test_money_stays_decimal():
    for key, value in FIGURES.items():
        assert not isinstance(value, float), key


def test_shares_and_averages_per_origin():
    assert cents(FIGURES["2.2.2.2|feature|share_projects"]) == Decimal("62.86")
    assert FIGURES["2.2.2.3.3|france|projects"] == 0
    assert FIGURES["2.2.2.3.3|france|ratio"] is None  # the report prints nothing (NA)
    assert FIGURES["2.2.2.3.3|france|average"] == Decimal("0.00")
    assert [FIGURES[f"7.1.3|{o}|projects"] for o in ("belgium", "france", "other")] == [17, 18, 14]


def test_majority_minority_table_is_marked_as_ours():
    table = REPORT.table("x.position")
    assert not table.published
    assert FIGURES["x.position|majority|projects"] + FIGURES["x.position|minority|projects"] == 49


def test_every_row_says_where_it_comes_from():
    for table in REPORT.tables:
        for row in table.rows:
            assert row.sources, (table.id, row.key)
    features = REPORT.table("2.2.2.2").row("feature").sources
    text = [line.text("fr") for line in features]
    assert any("Jeunes Mères" in line for line in text)
    # in words, figures in the Belgian format: no code, no decimal point
    assert (f"Montants investis = {format_money(Decimal(325000))} + "
            f"{format_money(Decimal(55000))}") in " ".join(text)
    assert not any("_" in line or "regional" in line for line in text)


def test_directors_counted_and_unknowns_shown():
    assert FIGURES["2.2.2.4|total|people"] == 43
    assert FIGURES["3.2.2.4|total|people"] == 18
    assert FIGURES["7.1.4|total|people"] == 62
    # the report states no nationality or gender per person: all unknown, nothing guessed
    assert FIGURES["7.1.4|nat_unknown|people"] == 62
    assert FIGURES["7.1.4|gender_unknown|people"] == 62
    assert FIGURES["7.1.4|nat_be|people"] == FIGURES["7.1.4|gender_f|people"] == 0


def test_director_columns_are_used_when_stated():
    from montage.fund.annual_report import directors_table
    from montage.fund.report import parse_coproductions

    rows = parse_coproductions([
        "title,company,line,work_type,origin,position,investment,regional_spend,directors,"
        "director_nationality,director_gender",
        'A,X,live_action,feature,belgium,majority,100.00,500.00,"Ann et Bob",be;fr,f;m',
        "B,Y,live_action,feature,france,minority,50.00,100.00,Carl,,",
    ], "t.csv")
    table = directors_table("t", ("t", "t"), rows, lambda row: True, "t.csv")
    people = {row.key: row.values["people"] for row in table.rows}
    assert (people["nat_be"], people["nat_fr"], people["nat_unknown"]) == (1, 1, 1)
    assert (people["gender_f"], people["gender_m"], people["gender_unknown"]) == (1, 1, 1)
    assert table.row("nat_be").values["investment"] == Decimal("100.00")
    assert directors_of(rows[0]) == ["Ann et Bob (1)", "Ann et Bob (2)"]


def test_gaming_tables():
    assert len(read_gaming()) == 35
    assert FIGURES["4.2.2|total|investment"] == Decimal("500000.00")
    assert cents(FIGURES["4.2.2|total|ratio"]) == Decimal("380.43")
    assert FIGURES["4.2.6|production|spend"] == Decimal("11016617.88")
    assert FIGURES["4.2.6|total|investment"] == Decimal("3806274.31")
    assert FIGURES["4.2.6-counts|games|count"] == 33
    assert FIGURES["4.2.6-counts|both_phases|count"] == 2


def test_a_bad_gaming_row_names_file_line_and_column(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("title,company,phase,investment,regional_spend,call_2024\n"
                    "A,X,preproduction,10.00,20.00,yes\nB,Y,beta,10.00,20.00,no\n")
    with pytest.raises(InputError) as error:
        read_gaming(path)
    assert "g.csv" in str(error.value) and ":3:" in str(error.value) and "phase" in str(error.value)


# --- reading printed figures -------------------------------------------------------------------

@pytest.mark.parametrize("printed, value, quantum", [
    ("4.784.800,00 €", "4784800.00", "0.01"), ("30.557.286€", "30557286", "1"),
    ("62,68%", "62.68", "0.01"), ("579%", "579", "1"), ("145.687.10 €", "145687.10", "0.01"),
    ("889 000.00 €", "889000.00", "0.01"), ("4.78%", "4.78", "0.01"), ("638.63%", "638.63", "0.01"),
    ("35", "35", "1"), ("2,56€", "2.56", "0.01"),
])
def test_parse_printed(printed, value, quantum):
    assert parse_printed(printed) == (Decimal(value), Decimal(quantum))


def test_na_and_typography():
    assert parse_printed("NA") == (None, Decimal(1))
    assert is_belgian_format("4.784.800,00 €") and is_belgian_format("62,68%")
    assert not is_belgian_format("145.687.10 €") and not is_belgian_format("889 000.00 €")


def test_compare_rounds_to_the_printed_digits_or_the_stated_step():
    item = Published("x", "x", "579%", "t|r|c")
    assert not compare(item, Decimal("578.86")).differs
    round_figure = Published("x", "x", "147.000€", "t|r|c", precision=Decimal(1000))
    assert not compare(round_figure, Decimal("146666.67")).differs
    assert compare(Published("x", "x", "NA", "t|r|c"), None).differs is False
    assert compare(Published("x", "x", "NA", "t|r|c"), Decimal(5)).differs


# --- the reconciliation ------------------------------------------------------------------------

# Every difference the records find, and nothing else: (where, printed, computed, difference).
EXPECTED = {
    ("2.2.2.2", "62,68%", "62.86", "-0.18"),                  # digits swapped
    ("2.2.2.3.1", "27%", "25", "2"),                          # shares of projects repeated
    ("2.2.2.3.1", "41%", "47", "-6"),
    ("2.2.2.3.1", "32%", "28", "4"),
    ("3.2.2.2", "11.679.335,00 €", "11679335.85", "-0.85"),   # cents dropped
    ("3.2.2.3.1", "22%", "31", "-9"),
    ("3.2.2.3.1", "33%", "24", "9"),
    ("3.2.2.3.1", "44%", "45", "-1"),
    ("3.2.2.3.2", "25%", "75", "-50"),                        # 3 / 4
    ("7.1.2.1", "25,81%", "27.57", "-1.76"),
    ("7.1.2.1", "38,71%", "38.19", "0.52"),
    ("7.1.2.1", "35,48%", "34.24", "1.24"),
    ("2.2.2.3.4 text", "30.557.286€", "30557289", "-3"),      # prose vs 30 557 289,12
    ("3.2.2 headline", "2.180.800 €", "2180000", "800"),      # headline vs 2 180 000
    ("3.2.2.4", "2.460.000,00 €", "2180000.00", "280000.00"),  # co-direction counted twice
    ("7.1.4", "7.374.800,00 €", "7094800.00", "280000.00"),   # idem, unexplained
    ("7.2 text", "13.590.579,56€", "13590578.56", "1.00"),    # §7.2 vs §6.1 column D
    ("7.2 text", "8.865.241,31€", "8865240.31", "1.00"),
    ("4.2.2", "1.902.160,00 €", "1902160.01", "-0.01"),       # gaming: a cent lost
    ("4.2.6", "3.483.306,96 €", "3483306.97", "-0.01"),
    ("4.2.6", "14.499.924,84 €", "14499924.85", "-0.01"),
    ("4 introduction", "4.000.000€", "3806274", "193726"),     # a round figure in prose
}


def test_reconciliation_finds_exactly_the_report_inconsistencies():
    found = {(c.item.ref, c.item.printed, str(c.computed), str(c.difference))
             for c in RESULT.differences}
    assert found == EXPECTED


def test_the_documented_inconsistencies_are_among_them():
    """docs/fund.md's list: prose spend, animation headline, 62,68 %, the 1,00 € of §6.1/§7.2."""
    by_printed = {c.item.printed: c for c in RESULT.differences}
    assert by_printed["30.557.286€"].difference == Decimal(-3)
    assert by_printed["2.180.800 €"].difference == Decimal(800)
    assert by_printed["62,68%"].computed == Decimal("62.86")
    assert by_printed["8.865.241,31€"].difference == Decimal("1.00")


def test_records_disagree_on_the_outstanding_by_one_euro():
    found = {c.item.label.split(":")[0]: c.difference for c in RESULT.records}
    assert found == {"Equity outstanding": Decimal("1.00"), "Total outstanding": Decimal("1.00")}


def test_no_false_difference_elsewhere():
    """Hundreds of printed figures compared; every other one agrees once rounded as printed."""
    assert len(RESULT.comparisons) > 700
    agreeing = [c for c in RESULT.comparisons if not c.differs]
    assert len(agreeing) == len(RESULT.comparisons) - len(EXPECTED)
    # the per-project ratios of 2.2.2.1 / 3.2.2.1 / 1.2.3 / 4.2.2 / 4.2.6 all agree
    assert not [c for c in RESULT.differences if "row" in c.item.ref or ": ratio" in c.item.label]


def test_not_checked_figures_say_why():
    assert RESULT.not_checked
    assert all(item.why for item in RESULT.not_checked)
    assert {item.printed for item in RESULT.not_checked} >= {"1.118.500,00 €", "889 000.00 €"}


def test_typography_is_reported_apart():
    assert {item.printed for item in RESULT.typography} == {
        "145.687.10 €", "4.78%", "2.17%", "756.610.00 €", "15.28%", "4.35%", "638.63%",
        "889 000.00 €"}


def test_published_file_is_checked_on_load(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("tables:\n  - ref: '1'\n    table: '2.2.2.2'\n    columns: [projects, ratio]\n"
                   "    rows:\n      total: ['35']\n")
    with pytest.raises(InputError) as error:
        load_published(bad)
    assert "p.yaml" in str(error.value) and "expected 2 cells" in str(error.value)
