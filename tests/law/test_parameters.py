import datetime as dt
from decimal import Decimal as D

import pytest

from montage.errors import ParameterError
from montage.law.parameters import Parameters, default


def write(tmp_path, text, name="group/quantity.yaml"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """description: {fr: "x", en: "x"}
unit: fraction
values:
  - valid_from: 2024-01-01
    valid_until: 2024-12-31
    value: "0.35"
    source: "Vade-mecum 2025, étape 2 §3.1"
  - valid_from: 2025-01-01
    value: "0.40"
    source: "test"
"""


def test_every_shipped_parameter_has_a_source_and_loads():
    params = default()
    assert len(params.names()) >= 30
    for name in params.names():
        for value in params.history(name):
            assert value.source


def test_values_are_found_by_date_and_a_gap_is_an_error_not_zero(tmp_path):
    write(tmp_path, GOOD)
    params = Parameters(tmp_path)
    assert params.get("group.quantity", dt.date(2024, 6, 1)).value == D("0.35")
    assert params.get("group.quantity", dt.date(2030, 1, 1)).value == D("0.40")
    with pytest.raises(ParameterError, match="no value of group.quantity is in force"):
        params.get("group.quantity", dt.date(2023, 12, 31))


@pytest.mark.parametrize("broken,line,message", [
    (GOOD.replace('"0.35"', "zero"), 6, "expected a number"),
    (GOOD.replace('unit: fraction', 'unit: [\n'), 5, "malformed YAML"),
    (GOOD.replace('source: "test"', 'source: ""'), 10, "every value needs its legal source"),
    (GOOD.replace("    valid_until: 2024-12-31\n", ""), 7, "overlaps"),
    (GOOD.replace('"0.40"', '"1.40"'), 9, "between 0 and 1"),
    (GOOD.replace("unit: fraction", "unit: percent"), 2, "unit: expected one of"),
])
def test_malformed_files_name_file_and_line(tmp_path, broken, line, message):
    path = write(tmp_path, broken)
    with pytest.raises(ParameterError) as error:
        Parameters(tmp_path)
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert message in str(error.value)


def test_a_rule_change_is_a_data_change(tmp_path):
    """A new dated value changes the result from its date on, without touching code."""
    import shutil
    from montage.law import parameters as module
    from montage.law.investments import Investment, validate_year
    shutil.copytree(module.PARAMETERS_DIR, tmp_path / "p")
    cap = tmp_path / "p" / "investments" / "training_cap.yaml"
    cap.write_text(cap.read_text().replace(
        'value: "0.05"', 'valid_until: 2025-12-31\n    value: "0.05"') +
        '  - valid_from: 2026-01-01\n    value: "0.08"\n    source: "hypothetical amendment"\n')
    changed = Parameters(tmp_path / "p")
    investments = [Investment("coproduction", D("35000"), fwb_initiative=True),
                   Investment("training", D("10000"))]
    assert validate_year(D("100000"), investments, 2025, changed).countable == D("40000.00")
    assert validate_year(D("100000"), investments, 2026, changed).countable == D("43000.00")
