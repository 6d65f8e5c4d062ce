import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from montage.cli import main
from montage.errors import InputError
from montage.law.case import evaluate, parse_case, read_case
from montage.law.yamlsource import loads

EXAMPLE = Path(__file__).parents[2] / "examples" / "demo-tv.yaml"


def case(years, **extra):
    return parse_case({"editor": {"name": "E", "kind": "local"}, "years": years, **extra})


def test_example_case_evaluates():
    results = evaluate(read_case(str(EXAMPLE)))
    assert [r.obligation for r in results] == [D("12160.00"), D("16464.00"), D("18000.00")]
    assert results[1].eligible_turnover == D("980000.00")


def test_numbers_and_strings_are_both_exact():
    data = loads('{"editor": {"name": "E", "kind": "local"}, "years": [{"year": 2024, '
                 '"turnover": 800000.10, "investments": [{"category": "coproduction", '
                 '"amount": 0.1, "fwb_initiative": true}]}]}', "case.json")
    result = evaluate(parse_case(data, "case.json"))[0]
    assert result.obligation == D("12160.00")
    assert result.by_category["coproduction"] == D("0.10")


@pytest.mark.parametrize("text,message", [
    ("editor: {name: E, kind: local}\nyears:\n  - year: 2024\n    turnover: '1'\n"
     "    investments:\n      - {category: sponsoring, amount: '5'}\n",
     "case.yaml:6: years[0].investments[0].category: unknown category 'sponsoring'"),
    ("editor: {name: E, kind: local}\nyears:\n  - year: 2024\n    turnover: '1'\n"
     "    investments:\n      - {category: coproduction, amount: '-5'}\n",
     "case.yaml:6: years[0].investments[0].amount: expected an amount of zero or more"),
    ("editor: {name: E, kind: local}\nyears:\n  - {year: 2019, turnover: '1'}\n",
     "case.yaml:3: years[0].year: no contribution rules are in force for 2019"),
    ("editor: {name: E, kind: regional}\nyears: []\n",
     "case.yaml:1: editor.kind: expected one of local, external"),
    ("editor: {name: E, kind: local}\nyears:\n  - {year: 2024}\n",
     "case.yaml:3: years[0]: give exactly one of turnover"),
    ("editor: {name: E, kind: local}\nyears:\n  - {year: 2024, turnover: '1'}\n"
     "  - {year: 2026, turnover: '1'}\n", "case.yaml:4: years[1].year: years must follow"),
    ("editor: {name: E, kind: local}\nyears:\n  - {year: 2024, turnover: '1', colour: red}\n",
     "case.yaml:3: years[0].colour: unknown key"),
    ("editor: [\n", "case.yaml:2: malformed YAML/JSON"),
])
def test_bad_input_exits_2_with_one_line_naming_file_line_and_field(tmp_path, capsys, text,
                                                                    message):
    path = tmp_path / "case.yaml"
    path.write_text(text)
    assert main(["obligation", "evaluate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"montage: {tmp_path}/{message}")


def test_presumed_year_is_a_payment_of_3_million_indexed():
    result = evaluate(case([{"year": 2025, "presumed": True}]))[0]
    assert (result.form, result.obligation, result.payment_due) == \
        ("payment", D("3052565.71"), D("3052565.71"))


def test_payment_form_pays_the_obligation_next_year_and_ignores_investments():
    result = evaluate(case([{"year": 2024, "turnover": "800000", "form": "payment",
                             "investments": [{"category": "coproduction",
                                              "amount": "50000"}]}]))[0]
    assert (result.payment_due, result.countable) == (D("12160.00"), D("0.00"))


def test_services_under_audience_thresholds_make_the_year_exempt():
    result = evaluate(case([{"year": 2024, "turnover": "5000000", "services": [
        {"name": "TV", "kind": "linear", "audience_share": "0.012"}]}]))[0]
    assert result.obligation == 0 and result.exemption_grounds == ["audience_share_below_minimum"]


def test_turnover_below_threshold_is_exempt():
    result = evaluate(case([{"year": 2024, "turnover": "650000"}]))[0]
    assert result.obligation == 0 and result.exemption_grounds == ["turnover_below_threshold"]


def test_unrealised_project_not_reassigned_in_three_years_is_paid():
    years = [{"year": y, "obligation": "10000", "investments": []} for y in range(2024, 2028)]
    years[0]["investments"] = [{"id": "film", "category": "coproduction", "amount": "10000",
                                "fwb_initiative": True, "status": "unrealised",
                                "justified_amount": "2000", "contract_date": "2024-03-01"}]
    years[1]["investments"] = [{"category": "coproduction", "amount": "3000",
                                "fwb_initiative": True, "reassigned_from": "film"}]
    for item in years[1:]:
        item["investments"].append({"category": "coproduction", "amount": "10000",
                                    "fwb_initiative": True})
    results = evaluate(case(years, as_of="2027-12-31"))
    assert results[0].countable == D("10000.00")
    assert results[1].countable == D("10000.00")       # the reassignment is not new money
    assert results[3].payment_due == D("5000.00")      # 10 000 − 2 000 − 3 000, due 2027
    check = next(c for c in results[0].checks if c.name == "unrealised_reassignment")
    assert not check.ok


def test_spillover_cancellation_removes_the_investment_from_its_year():
    years = [{"year": 2024, "obligation": "10000", "investments": [
        {"id": "x", "category": "coproduction", "amount": "10000", "fwb_initiative": True,
         "contract_date": "2024-01-10", "spillover": []}]}]
    assert evaluate(case(years, as_of="2026-12-31"))[0].countable == D("10000.00")
    assert evaluate(case(years, as_of="2027-01-11"))[0].countable == D("0.00")


def test_reassignment_must_name_an_unrealised_investment():
    with pytest.raises(InputError, match="names no unrealised investment"):
        case([{"year": 2024, "obligation": "1", "investments": [
            {"category": "coproduction", "amount": "1", "reassigned_from": "ghost"}]}])


def test_contribution_json_contract(capsys):
    assert main(["contribution", "--year", "2024", "--turnover", "800000",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("year", "eligible_turnover", "rate", "amount", "exempt")} == {
        "year": 2024, "eligible_turnover": "800000.00", "rate": "0.0152", "amount": "12160.00",
        "exempt": False}
    assert data["explanation"]["parameters"][0]["source"].startswith("Décret du 4 février")


def test_evaluate_json_contract(capsys):
    assert main(["obligation", "evaluate", str(EXAMPLE), "--format", "json",
                 "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    year = data["years"][0]
    for key in ("obligation", "countable", "shortfall_open", "surplus_open", "payment_due",
                "checks", "explanation"):
        assert key in year
    assert year["obligation"] == "12160.00" and year["countable"] == "8648.00"
    assert {"name", "ok", "detail"} <= set(year["checks"][0])


def test_text_outputs_and_calendar_and_parameters(capsys):
    assert main(["obligation", "evaluate", str(EXAMPLE)]) == 0
    assert "12 160,00" in capsys.readouterr().out.replace("\u202f", " ").replace("\xa0", " ")
    assert main(["obligation", "calendar", "--year", "2025", "--as-of", "2025-10-01",
                 "--done", "choice_of_form=2025-02-01", "--format", "json"]) == 0
    assert "turnover_form" in json.loads(capsys.readouterr().out)["overdue"]
    assert main(["parameters", "investments.fwb_initiative_floor"]) == 0
    assert "0.35" in capsys.readouterr().out
    assert main(["parameters", "nope"]) == 2


def test_json_case_file_is_read_like_yaml(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"editor": {"name": "E", "kind": "external"}, "years": [
        {"year": 2025, "turnover_lines": [
            {"category": "subscriptions", "amount": 2000000, "market": "belgium_total"}]}]}))
    assert main(["obligation", "evaluate", str(path), "--format", "json"]) == 0
    year = json.loads(capsys.readouterr().out)["years"][0]
    assert (year["eligible_turnover"], year["obligation"]) == ("790000.00", "13272.00")


def test_every_message_and_label_speaks_french_and_english():
    from montage.law.messages import LABELS, MESSAGES
    for key, texts in {**MESSAGES, **LABELS}.items():
        assert set(texts) >= {"fr", "en"}, key
    for lang in ("fr", "en"):
        for result in evaluate(read_case(str(EXAMPLE))):
            assert result.explanation.render(lang)
