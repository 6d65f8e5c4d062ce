"""Reading a coproductions CSV (all or nothing, errors that say where) and the totals' invariants."""

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from montage.errors import InputError
from montage.fund.report import (CHOICES, GROUPINGS, REQUIRED, build_report, parse_coproductions,
                                 ratio_percent, read_coproductions, total)

HEADER = ",".join(REQUIRED)
GOOD = "Moso,SCOPE PICTURES SRL,live_action,feature,france,minority,120000.00,642171.14"


def parse(text, name="coproductions.csv"):
    return parse_coproductions(io.StringIO(text), name)


def error_of(text):
    with pytest.raises(InputError) as caught:
        parse(text)
    return str(caught.value)


def test_fund_reads_rows_and_keeps_extra_columns():
    rows = parse(HEADER + ",directors\n" + GOOD + ",Edgar Marie\n")
    assert rows[0].investment == Decimal("120000.00")
    assert rows[0].row == 2 and rows[0].extra == {"directors": "Edgar Marie"}


@pytest.mark.parametrize("bad, expected", [
    ("12,5", 'coproductions.csv:3: investment: expected an amount like "1234.56", got "12,5"'),
    ("", 'coproductions.csv:3: investment: expected an amount like "1234.56", got ""'),
    ("-5.00", 'coproductions.csv:3: investment: expected an amount like "1234.56", got "-5.00"'),
    ("1.234", 'coproductions.csv:3: investment: expected at most two decimals (cents) like '
              '"1234.56", got "1.234"'),
])
def test_fund_bad_amount_names_file_row_and_column(bad, expected):
    row = GOOD.replace("120000.00", f'"{bad}"')
    assert error_of(f"{HEADER}\n{GOOD}\n{row}\n") == expected


def test_fund_unknown_value_lists_the_allowed_ones():
    row = GOOD.replace("live_action", "fiction")
    assert error_of(f"{HEADER}\n{row}\n") == (
        'coproductions.csv:2: line: expected one of live_action, animation, format, got "fiction"')


def test_fund_missing_columns_are_named():
    header = HEADER.replace(",investment,regional_spend", "")
    assert error_of(header + "\n") == (
        "coproductions.csv:1: missing columns: investment, regional_spend (required: "
        + ", ".join(REQUIRED) + ")")


def test_fund_empty_title_and_wrong_field_count():
    assert error_of(f"{HEADER}\n,X,live_action,feature,france,minority,1.00,2.00\n") == (
        "coproductions.csv:2: title: expected a title, got an empty cell")
    assert error_of(f"{HEADER}\n{GOOD},extra\n") == (
        "coproductions.csv:2: expected 8 fields like the header, got 9")


def test_fund_row_number_is_the_line_in_the_file():
    """A quoted multi-line title does not shift the line reported for later rows."""
    text = f'{HEADER}\n"Two\nlines",A,live_action,feature,france,minority,1.00,2.00\n\n'
    text += GOOD.replace("france", "Paris") + "\n"
    assert error_of(text).startswith("coproductions.csv:5: origin:")


def test_fund_empty_file_is_an_error_and_header_only_is_an_empty_report():
    assert error_of("") == ("coproductions.csv: empty file: expected a header line with the "
                            "columns " + ", ".join(REQUIRED))
    report = build_report(parse(HEADER + "\n"))
    assert report.overall.as_json()["projects"] == 0
    assert report.overall.as_json()["ratio"] is None
    assert report.overall.as_json()["average_investment"] == "0.00"
    assert all(groups == {} for groups in report.groups.values())


def test_fund_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        read_coproductions(tmp_path / "nope.csv")


def test_fund_zero_investment_has_no_ratio():
    rows = parse(f"{HEADER}\nPilot,A,format,format,belgium,majority,0.00,0.00\n")
    result = total(rows)
    assert result.ratio is None and result.as_json()["ratio"] is None
    assert "Ratio non défini : rien n'est investi" in " ".join(
        line.text("fr") for line in result.explanation)


def test_fund_ratio_rounds_half_up():
    assert ratio_percent(Decimal("1.00005"), Decimal("1")) == Decimal("100.01")
    assert ratio_percent(Decimal("2"), Decimal("3")) == Decimal("66.67")


def test_fund_explanation_names_rows_sums_and_formula():
    rows = parse(f"{HEADER}\n{GOOD}\n{GOOD.replace('Moso', 'Dalloway')}\n")
    explanation = [line.text("fr") for line in total(rows, "line=live_action").explanation]
    assert explanation[0] == "2 projets (lignes 2, 3 de la source) : Moso; Dalloway"
    assert explanation[1] == ("Montants investis = 120\u202f000,00\u00a0€ + 120\u202f000,00\u00a0€ = "
                              "240\u202f000,00\u00a0€")
    assert explanation[3].startswith("Ratio = dépenses wallonnes / montants investis = "
                                     "1\u202f284\u202f342,28\u00a0€ / 240\u202f000,00\u00a0€ = "
                                     "535,14\u00a0%")
    english = total(rows).as_json()["explanation"]
    assert english[1] == "Invested = €120,000.00 + €120,000.00 = €240,000.00"


# --- properties --------------------------------------------------------------------------------

cents = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c).scaleb(-2))
records = st.lists(st.tuples(*(st.sampled_from(CHOICES[k]) for k in ("line", "work_type", "origin",
                                                                     "position")), cents, cents),
                   max_size=30)


def as_csv(items):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REQUIRED)
    for number, (line, work_type, origin, position, invested, spent) in enumerate(items):
        writer.writerow([f"Work {number}", "Prod SRL", line, work_type, origin, position,
                         f"{invested:.2f}", f"{spent:.2f}"])
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(records)
def test_fund_groups_add_up_to_the_overall_total_to_the_cent(items):
    report = build_report(parse(as_csv(items)))
    overall = report.overall
    assert overall.investment == sum((i[4] for i in items), Decimal(0))
    for key in GROUPINGS:
        groups = report.groups[key].values()
        assert sum(g.projects for g in groups) == overall.projects
        assert sum((g.investment for g in groups), Decimal(0)) == overall.investment
        assert sum((g.regional_spend for g in groups), Decimal(0)) == overall.regional_spend
        json_sum = sum((Decimal(g.as_json()["investment"]) for g in groups), Decimal(0))
        assert json_sum == Decimal(overall.as_json()["investment"])


@given(st.integers(1, 10**11), st.integers(0, 10**11), st.integers(0, 10**11))
def test_fund_ratio_is_monotone_in_regional_spend(investment, spend_a, spend_b):
    low, high = sorted((spend_a, spend_b))
    invested = Decimal(investment).scaleb(-2)
    assert ratio_percent(Decimal(low).scaleb(-2), invested) <= ratio_percent(
        Decimal(high).scaleb(-2), invested)
