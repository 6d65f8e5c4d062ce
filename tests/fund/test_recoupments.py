"""The §6.2 table (coproduction receipts by type of project) from receipt lines: the published
figures of Wallimage's report 2024 from the demo's transcription, and invariants."""

import csv
from decimal import ROUND_HALF_UP, Decimal as D

from hypothesis import given, settings, strategies as st

from montage.fund import recoupments
from montage.fund.annual_report import DATA
from montage.money import format_money


def _whole_percent(share: D) -> int:
    return int((share * 100).quantize(D(1), rounding=ROUND_HALF_UP))


def _demo_lines() -> list[recoupments.Recoupment]:
    with open(DATA / "wallimage-recoupments-2024.csv", encoding="utf-8", newline="") as f:
        return [recoupments.Recoupment(r["work"], r["company"],
                                       recoupments.project_type(r["line"], r["work_type"]),
                                       D(r["amount"])) for r in csv.DictReader(f)]


def test_the_report_2024_table_from_the_receipt_lines():
    table = recoupments.coproduction_receipts(_demo_lines(), 2024)
    # §6.2: "477.270,49€ … 145 œuvres … 34 sociétés de production … 69% … 15 projets"
    assert (table.total, table.works, table.companies) == (D("477270.49"), 145, 34)
    assert table.threshold.value == D("10000.00") and "§6.2" in table.threshold.source
    assert (table.large_projects, table.large_receipts) == (15, D("329725.18"))
    assert _whole_percent(table.large_share) == 69
    printed = {"animation": (D("102123.94"), 3, 21, 31),
               "live_series": (D("114075.58"), 5, 24, 35),
               "live_feature": (D("113525.66"), 7, 24, 34)}
    assert {r.project_type: (r.receipts, r.projects, _whole_percent(r.share_of_total),
                             _whole_percent(r.share_of_large)) for r in table.rows} == printed
    text = " ".join(table.explanation("fr"))
    assert format_money(D("477270.49")) in text and "145 œuvres" in text and "rapport annuel 2024" in text


def test_a_work_counts_once_and_its_receipts_add_up():
    lines = [recoupments.Recoupment("a", "x", "live_feature", D("6000.00")),
             recoupments.Recoupment("a", "x", "live_feature", D("6000.00")),
             recoupments.Recoupment("b", "x", "animation", D("10000.00"))]
    table = recoupments.coproduction_receipts(lines, 2024)
    assert (table.works, table.companies, table.large_projects) == (2, 1, 1)
    # exactly 10 000 € is not "supérieur à 10.000€"
    assert table.large_receipts == D("12000.00")


# each example reads the dated threshold from its file: no deadline on a shared machine
@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 5), st.sampled_from(
    recoupments.PROJECT_TYPES[:3]), st.integers(1, 3_000_000)), max_size=40))
def test_no_cent_lost_between_rows_and_totals(items):
    kinds: dict = {}
    lines = [recoupments.Recoupment(str(w), str(kinds.setdefault(w, (c, k))[0]),
                                    kinds[w][1], D(cents) / 100) for w, c, k, cents in items]
    table = recoupments.coproduction_receipts(lines, 2024)
    assert table.total == sum((line.amount for line in lines), D(0))
    assert sum(r.receipts for r in table.rows) == table.large_receipts
    assert sum(r.all_receipts for r in table.rows) == table.total
    assert sum(r.projects for r in table.rows) == table.large_projects
    assert all(amount > table.threshold.value for *_x, amount in table.per_work[
        :table.large_projects])
