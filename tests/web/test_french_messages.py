"""Messages built in Python read in French on a French page: import problems (file, row, column,
expected, got), the budget's warnings, the financing terms, the supplier checks. A scan keeps
the sentences of those modules whole and in the catalogues."""

import ast
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import translation

from montage import identifiers
from montage.errors import InputError
from montage.finance import ledger_rows
from montage.web.core import problems
from montage.web.ledger import bench, imports
from montage.web.ledger.models import ColumnMapping
from montage.web.production import services as production_services
from montage.web.production.models import BudgetLine

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_bad_budget_file_reads_in_french():
    project = bench.make_project("Le Banc")
    account = project.accounts.order_by("code").first().code
    data = (f"account,description,quantity,rate\n{account},Caméra,1,cent\n"
            f"{account},Lumière,deux,10\n").encode()
    with translation.override("fr"), pytest.raises(InputError) as caught:
        production_services.parse_budget_file(project, "devis.csv", data)
    with translation.override("fr"):
        lines = problems.lines(caught.value)
    assert lines == ["devis.csv:2: rate: attendu un nombre ≥ 0 (par ex. 1 234,50), reçu « cent »",
                     "devis.csv:3: quantity: attendu un nombre ≥ 0 (par ex. 1 234,50), "
                     "reçu « deux »"]


@pytest.mark.django_db
def test_a_bad_ledger_file_reads_in_french():
    project = bench.make_project("Le Banc")
    mapping = ColumnMapping.objects.create(owner=project.owner, name="m", columns={
        "date": "Date", "amount": "Montant", "supplier_name": "Tiers", "number": "N°",
        "supplier_postal_code": "CP"})
    data = ("Date;Montant;Tiers;N°;CP\n01/03/2025;10,00;A;F1;4000\n"
            "32/03/2025;12,00;A;F2;4000\n01/03/2025;douze;A;F3;4000\n").encode()
    record = imports.import_file(project, "compta.csv", data, mapping=mapping)
    assert record.status == "failed"
    with translation.override("fr"):
        rows = problems.stored_rows(record.errors)
    by_row = {row["row"]: row for row in rows}
    date, amount = by_row[3], by_row[4]
    assert (date["file"], date["column"], date["got"]) == ("compta.csv", "Date", "32/03/2025")
    assert date["expected"].startswith("une date"), date
    assert date["line"].startswith("compta.csv:3: Date: attendu une date"), date
    assert (amount["file"], amount["column"], amount["got"]) == ("compta.csv", "Montant", "douze")
    assert amount["expected"].startswith("un montant"), amount
    assert "reçu « douze »" in amount["line"], amount


def test_a_mapping_without_a_date_column_says_so_in_french():
    with pytest.raises(InputError) as caught:
        ledger_rows.Mapping({"amount": "Montant", "supplier_name": "Tiers"})
    with translation.override("fr"):
        assert problems.message(caught.value) == (
            "la correspondance doit indiquer une colonne pour la date")


def test_the_budget_warnings_read_in_french():
    missing_rate = BudgetLine(quantity=D("1"), rate=D("100"), currency="EUR",
                              fringe_code="artist")
    foreign = BudgetLine(quantity=D("1"), rate=D("100"), currency="USD")
    with translation.override("fr"):
        assert production_services.line_figures(missing_rate, {}).problems == [
            "pas de taux de charges patronales pour « artist »"]
        assert production_services.line_figures(foreign, {}).problems == [
            "une ligne en USD a besoin de son taux de change (euros par USD)"]


@pytest.mark.parametrize("check, text, french", [
    (identifiers.enterprise_number, "0403.170.702",
     "0403.170.702 n’est pas un numéro d’entreprise belge valide (chiffres de contrôle)"),
    (identifiers.vat_number, "BE0403170702",
     "BE0403170702 n’est pas un numéro de TVA européen valide (chiffres de contrôle)"),
    (identifiers.iban, "BE48001123456728",
     "BE48001123456728 n’est pas un IBAN valide (chiffres de contrôle)"),
])
def test_the_supplier_checks_read_in_french(check, text, french):
    with pytest.raises(InputError) as caught:
        check(text)
    with translation.override("fr"):
        assert problems.message(caught.value) == french
    with translation.override("en"):  # the same sentence, as the CLI and the English page read
        assert problems.message(caught.value) == str(caught.value.message)


# -- the scan ----------------------------------------------------------------------------------

# The pure packages' modules whose errors are only programming contracts, never a user's input
# (docs/errors.md "In French"): the check of the fund's published figures shipped with Montage.
CONTRACTS = {"montage/fund/reconcile.py"}
PURE = sorted(str(path.relative_to(ROOT)) for package in ("law", "finance", "fund")
              for path in (ROOT / "montage" / package).rglob("*.py")
              if str(path.relative_to(ROOT)) not in CONTRACTS) + ["montage/money.py"]
IN_FRENCH = [  # the modules whose messages reach the import, budget, financing and supplier pages
    "montage/web/ledger/imports.py", "montage/identifiers.py",
    "montage/web/ledger/engine.py", "montage/web/production/services.py",
    "montage/web/ledger/suppliers.py",
] + PURE  # every user error of the pure packages (law, finance, fund, money) too
RAISED = {"Problem", "InputError", "MontageError", "ParameterError", "MissingTerm", "Refused",
          "ValidationError"}
HELPERS = {"fail", "bad"}  # the readers' helpers that raise a Problem of their sentence
RAISED |= HELPERS
TRANSLATE = {"_", "gettext", "gettext_lazy", "gettext_noop"}


def _is_sentence(node, module=None):
    """An argument written as words (a helper's other arguments are keys and paths)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.Constant) and " " in part.value for part in node.values)
    return any(" " in text for text in _sentences(node, module))


def _held(node):
    """The sentences a module-level variable holds: its strings, a dict's values only (its keys
    name which sentence)."""
    if isinstance(node, ast.Dict):
        return [text for value in node.values for text in _held(value)]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [text for element in node.elts for text in _held(element)]
    return _sentences(node)


def _sentences(node, module=None):
    """The literal sentences of a message argument ("…" % {…}, _("…") and `a if … else b`
    too, and those of a module-level variable it reads, `SENTENCES[label][0]`); "f-string" for
    one built in place, which no catalogue can hold; none for a local variable."""
    module = module or {}
    base = node
    while isinstance(base, ast.Subscript):
        base = base.value
    if isinstance(base, ast.Name) and base.id in module:
        return _held(module[base.id])
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["f-string"]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _sentences(node.left, module)
    if isinstance(node, ast.IfExp):
        return _sentences(node.body, module) + _sentences(node.orelse, module)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in TRANSLATE and node.args:
        return _sentences(node.args[0], module)
    return []


def _module_variables(tree) -> dict:
    """The module's top-level `NAME = …` assignments, by name."""
    return {target.id: statement.value for statement in tree.body
            if isinstance(statement, ast.Assign) for target in statement.targets
            if isinstance(target, ast.Name)}


def test_the_messages_of_the_import_and_supplier_modules_are_in_the_catalogues():
    with translation.override("fr"):
        untranslated = []
        for name in IN_FRENCH:
            tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
            module = _module_variables(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                called = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if called not in RAISED:
                    continue
                arguments = node.args[:1] + [k.value for k in node.keywords
                                             if k.arg in ("message", "expected", "hint")]
                if called in HELPERS:  # a module's own `fail(key, sentence)`: its sentences
                    arguments = [a for a in node.args if _is_sentence(a, module)]
                for argument in arguments:
                    for text in _sentences(argument, module):
                        if text == "f-string" or (text and translation.gettext(text) == text):
                            untranslated.append(f"{name}:{node.lineno}: {text}")
    assert untranslated == []


def test_the_scan_reads_the_sentences_a_module_holds_in_a_variable():
    tree = ast.parse('SENTENCES = {"net": ("the net as a number", "the net in cents")}\n'
                     'def check(row, text):\n    bad(row, "cbc:Net", SENTENCES["net"][0], text)\n')
    module = _module_variables(tree)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert [text for a in call.args if _is_sentence(a, module)
            for text in _sentences(a, module)] == ["the net as a number", "the net in cents"]


# -- the pure packages' errors, end to end --------------------------------------------------------

def test_a_bad_fund_movements_file_reads_in_french():
    import io

    from montage.fund.enterprise import REQUIRED, parse_movements

    text = ",".join(REQUIRED) + "\nX,bond,invested,12\n"
    with pytest.raises(InputError) as caught:
        parse_movements(io.StringIO(text), "mouvements.csv")
    with translation.override("fr"):
        assert problems.lines(caught.value) == [
            "mouvements.csv:2: instrument: attendu l'une des valeurs loan, equity, reçu « bond »"]
    assert str(caught.value) == 'mouvements.csv:2: instrument: expected one of loan, equity, got "bond"'


def test_an_amount_refused_by_the_one_reader_reads_in_french():
    from montage.money import parse_amount

    with pytest.raises(InputError) as caught:
        parse_amount("-5", field="amount")
    with translation.override("fr"):
        assert problems.lines(caught.value) == [
            "amount: attendu un montant de zéro ou plus, reçu '-5'"]
    assert str(caught.value) == "amount: expected an amount of zero or more, got '-5'"


def test_a_law_data_gap_reads_in_french():
    """A ParameterError (no value in force) carries its sentence and figures apart too."""
    import datetime as dt

    from montage.errors import ParameterError
    from montage.law.parameters import Parameters

    with pytest.raises(ParameterError) as caught:
        Parameters().get("no_such_parameter", dt.date(2026, 1, 1))
    with translation.override("fr"):
        assert problems.message(caught.value) == "paramètre légal inconnu 'no_such_parameter'"
    assert str(caught.value) == "unknown legal parameter 'no_such_parameter'"


def test_a_bad_case_file_value_keeps_its_french_through_the_reader():
    """A value refused by the one amount reader inside a contribution case file: the case
    reader places it (its field) and keeps the sentence translatable."""
    from montage.law.case import parse_case

    with pytest.raises(InputError) as caught:
        parse_case({"editor": {"name": "E", "kind": "local"},
                    "years": [{"year": 2025, "turnover": "-5"}]})
    with translation.override("fr"):
        assert problems.lines(caught.value) == [
            "years[0].turnover: attendu un montant de zéro ou plus, reçu '-5'"]
    assert str(caught.value) == "years[0].turnover: expected an amount of zero or more, got '-5'"
