"""A ledger line has one type and its flags one list (montage.finance.expenses)."""

import ast
import datetime as dt
import pathlib
from decimal import Decimal as D
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from montage.finance import expenses
from montage.finance.expenses import FLAGS, Expense, LedgerLine, Supplier

ROOT = pathlib.Path(__file__).resolve().parents[2] / "montage"
USERS = ("web/ledger/engine.py", "web/ledger/buckets.py", "web/ledger/imports.py",
         "finance/ledger_rows.py")


def _flag_literals(path: pathlib.Path) -> list[int]:
    """Lines of tuple/list literals naming two or more flags (a second declaration)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            names = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if len(names & set(FLAGS)) >= 2:
                found.append(node.lineno)
    return found


def test_one_flags_list():
    assert FLAGS == ("location_rental", "post_production", "vfx", "vehicle_rental_agency",
                     "hotel_night", "private_flat_set", "directly_linked")
    assert set(FLAGS) <= {f.name for f in expenses.Expense.__dataclass_fields__.values()}
    for name in USERS:
        path = ROOT / name
        assert _flag_literals(path) == [], f"{name} declares flags again"
        assert "FLAGS" in path.read_text(), f"{name} does not read montage.finance's FLAGS"
    assert _flag_literals(ROOT / "finance/expenses.py") == [_flags_line()]


def _flags_line() -> int:
    for n, text in enumerate((ROOT / "finance/expenses.py").read_text().splitlines(), 1):
        if text.startswith("FLAGS = ("):
            return n
    raise AssertionError("no FLAGS")


def test_engine_buckets_and_import_use_it():
    from montage.finance import ledger_rows
    from montage.web.ledger import buckets, engine, imports

    assert engine.FLAGS is FLAGS and buckets.FLAGS is FLAGS
    assert imports.LedgerLine is LedgerLine
    assert set(ledger_rows.FLAG_FIELDS) | {"directly_linked"} == set(FLAGS)


def test_ledger_line_is_cheap_and_named():
    line = LedgerLine("invoice", 0, dt.date(2025, 3, 4).toordinal(), "F1", "12.34", "0.21",
                      "", "30", "direct", 0, (False,) * len(FLAGS), "", "0", None, (), "k",
                      "", 2)
    assert not hasattr(line, "__dict__")
    assert LedgerLine._make(tuple(line)) == line and line.amount == "12.34"


SUPPLIER = Supplier("Lumière SRL", "4000", None, "BE", True)


def _line_expense(flags, studio, manager_wallonia, missing, cost_type, day):
    return Expense(id="7", amount=D("100.05"), date=dt.date(2025, 5, day), supplier=SUPPLIER,
                   category="30", cost_type=cost_type, studio=studio or None,
                   manager_lives_in_wallonia=manager_wallonia, missing_fields=missing,
                   **dict(zip(FLAGS, flags)))


@settings(max_examples=60, deadline=None)
@given(flags=st.tuples(*[st.booleans()] * len(FLAGS)),
       studio=st.sampled_from(["", "RTBF Média Rives", "Studio L'Équipe"]),
       manager_wallonia=st.sampled_from([None, True, False]),
       missing=st.lists(st.sampled_from(["vat_number", "date", "address"]), unique=True)
       .map(tuple),
       cost_type=st.sampled_from(["direct", "overhead"]), day=st.integers(1, 28))
def test_line_to_bucket_key_to_facts_round_trip(flags, studio, manager_wallonia, missing,
                                                 cost_type, day):
    from montage.web.ledger import buckets

    expense = _line_expense(flags, studio, manager_wallonia, missing, cost_type, day)
    key, keep = buckets.facts(expense, 7)
    # the import's path: the same line's plain values make the same key
    same = buckets.make_facts(expense.date, "invoice", cost_type, "30",
                              buckets.supplier_profile(SUPPLIER), None, flags, studio,
                              manager_wallonia, missing, 7)
    assert same == (key, keep)
    # the bucket's kept facts stand again as an expense with the same facts and key
    bucket = SimpleNamespace(flags=keep, account_code="30", kind="invoice", cost_type=cost_type)
    back = buckets.bucket_expense(bucket, "7", expense.date, expense.amount, D(0))
    assert tuple(getattr(back, name) for name in FLAGS) == flags
    assert buckets.facts(back, 7) == (key, keep)
