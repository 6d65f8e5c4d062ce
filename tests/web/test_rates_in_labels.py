"""Labels quote legal rates from the parameters in force, never typed in a string: a rule change
is a change of its parameter file only."""

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.utils import translation

import montage
from montage.law import parameters
from montage.web.annexes import labels
from montage.web.core import rates

ROOT = Path(montage.__file__).resolve().parent
# what users read: the web's code and templates, the pure packages' messages and explanations
SCANNED = [ROOT / "web", ROOT / "law", ROOT / "finance", ROOT / "fund"]
# records of the demo's story (notes typed by its fictitious users), not labels
NOT_LABELS = {"web/demo.py", "web/fund/demo.py", "web/fund/demo_report.py",
              "web/contribution/demo.py", "web/investments/demo.py", "web/ledger/demo.py",
              "web/production/demo.py"}
PERCENT = re.compile(r"(?<![\d,.])(\d+(?:[.,]\d+)?)\s?(?:\\u00a0|\u00a0|&nbsp;)?%(?!})")


def legal_percentages() -> set[Decimal]:
    found = set()
    for params in rates.parameter_sets():
        for name in params.names():
            if params.units[name] not in ("fraction", "ratio"):
                continue
            for value in params.history(name):
                if isinstance(value.value, Decimal) and 0 < value.value:
                    found.add((value.value * 100).normalize())
    return found


def _user_text(path: Path) -> list[tuple[int, str]]:
    """(line, text) a user may read: a module's string literals (not its docstrings or
    comments, which quote the law above the code), a template's text (not its styles)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = re.sub(r"<style.*?</style>|style=\"[^\"]*\"|\{#.*?#\}",
                      lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
        return [(n, line) for n, line in enumerate(text.splitlines(), 1)]
    tree = ast.parse(text)
    docstrings = {id(node.value) for node in ast.walk(tree)  # a bare string is a docstring
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def typed_rates() -> list[str]:
    legal = legal_percentages() - {Decimal(100)}  # "100 %" is the whole, not a rate
    offenders = []
    for folder in SCANNED:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".py", ".html") or {"locale", "migrations"} & set(path.parts):
                continue
            relative = path.relative_to(ROOT).as_posix()
            if relative in NOT_LABELS:
                continue
            for line, text in _user_text(path):
                for match in PERCENT.finditer(text):
                    if Decimal(match.group(1).replace(",", ".")).normalize() in legal:
                        offenders.append(f"{relative}:{line}: {match.group(0)}")
    return offenders


def test_no_label_types_a_legal_rate():
    assert typed_rates() == []


def test_the_scan_sees_a_typed_rate(tmp_path, monkeypatch):
    assert Decimal("30") in legal_percentages() and Decimal("5") in legal_percentages()


def test_label_follows_the_parameter(monkeypatch):
    params = parameters.default()
    real_get = params.get

    def get(name, on):
        value = real_get(name, on)
        if name == "investments.commission_cap":
            return parameters.ParameterValue(name, Decimal("0.325"), value.source,
                                             value.valid_from, None, value.description)
        return value

    monkeypatch.setattr(params, "get", get)
    with translation.override("fr"):
        assert str(labels.CHECK_LABELS["commission_cap"]) == \
            "Plafond de 32,5\u00a0% : commandes de programmes"
    with translation.override("en"):
        assert str(labels.CHECK_LABELS["commission_cap"]) == "32.5% cap: programme commissions"


def test_label_on_a_subject_date():
    with translation.override("fr"):
        text = labels.CHECK_LABELS["training_cap"].on(dt.date(2025, 6, 1))
    assert text == "Plafond de 5\u00a0% : formation professionnelle"
