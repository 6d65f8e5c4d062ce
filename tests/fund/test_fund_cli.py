"""`montage fund report`: through montage.cli.main, so exit codes and one-line errors are the real ones.

Only the fund desk is registered here, so these tests do not depend on the other desks' modules.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

import montage.cli
from montage.money import format_money

DATA = Path(__file__).parents[2] / "montage" / "fund" / "data" / "wallimage-coproductions-2024.csv"
HEADER = "title,company,line,work_type,origin,position,investment,regional_spend"


@pytest.fixture(autouse=True)
def fund_desk_only(monkeypatch):
    monkeypatch.setattr(montage.cli, "COMMAND_MODULES", ["montage.fund.cli"])


def run(capsys, *argv):
    code = montage.cli.main(["fund", "report", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_fund_cli_json(capsys):
    code, out, err = run(capsys, DATA, "--format", "json")
    report = json.loads(out)
    assert code == 0 and err == ""
    assert report["overall"]["ratio"] == "651.63"
    assert report["by_line"]["live_action"]["regional_spend"] == "30557289.12"
    assert report["by_line"]["animation"]["investment"] == "2180000.00"
    assert report["by_work_type"]["format"]["ratio"] == "201.81"
    assert report["by_origin"]["france"]["average_investment"] == "155833.33"
    assert set(report["by_position"]) == {"majority", "minority"}


def test_fund_cli_text_uses_belgian_formats(capsys):
    code, out, _ = run(capsys, DATA)
    assert code == 0
    live = next(line for line in out.splitlines() if line.strip().startswith("live_action"))
    assert format_money(Decimal("4784800")) in live            # "4 784 800,00 €"
    assert format_money(Decimal("30557289.12")) in live
    assert "638,63" in live


def test_fund_cli_explain(capsys):
    code, out, _ = run(capsys, DATA, "--explain")
    assert code == 0
    assert (f"Ratio = dépenses wallonnes / montants investis = "
            f"{format_money(Decimal('46231969.51'))} / {format_money(Decimal('7094800'))} = "
            "651,63\u00a0%") in out


def test_fund_cli_bad_row_is_one_line_exit_2(capsys, tmp_path):
    path = tmp_path / "coproductions.csv"
    path.write_text(f"{HEADER}\nA,B,live_action,feature,belgium,majority,12,5,1.00\n"
                    f'C,D,live_action,feature,belgium,majority,"12,5",1.00\n', encoding="utf-8")
    # the first data row has 9 fields (unquoted comma): caught before its amounts are read
    code, out, err = run(capsys, path)
    assert (code, out) == (2, "")
    assert err == f"montage: {path}:2: expected 8 fields like the header, got 9\n"
    path.write_text(f'{HEADER}\nC,D,live_action,feature,belgium,majority,"12,5",1.00\n',
                    encoding="utf-8")
    code, _, err = run(capsys, path)
    assert code == 2
    assert err == f'montage: {path}:2: investment: expected an amount like "1234.56", got "12,5"\n'


def test_fund_cli_unknown_enum(capsys, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(f"{HEADER}\nA,B,live_action,feature,belgium,maj,1.00,1.00\n", encoding="utf-8")
    code, _, err = run(capsys, path)
    assert code == 2
    assert err == f'montage: {path}:2: position: expected one of majority, minority, got "maj"\n'


def test_fund_cli_empty_and_missing_file(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, _, err = run(capsys, empty)
    assert code == 2 and err.count("\n") == 1 and "empty file" in err
    code, _, err = run(capsys, tmp_path / "missing.csv")
    assert code == 2 and err.count("\n") == 1 and "cannot read the file" in err


def test_fund_cli_zero_investment_text(capsys, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(f"{HEADER}\nA,B,format,format,belgium,majority,0.00,0.00\n", encoding="utf-8")
    code, out, _ = run(capsys, path)
    assert code == 0 and "n/a" in out
