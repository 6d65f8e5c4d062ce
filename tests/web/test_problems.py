"""Every import names its problems one way: `FILE:ROW: COLUMN: message`, translated on the pages
(docs/errors.md). One test per importer, with one bad cell, reads the same layout back; a scan
keeps the old layouts and the hand-made error types from coming back."""

import ast
import io
import re
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from montage.errors import InputError
from montage.finance import chart, ubl
from montage.fund.enterprise import REQUIRED, parse_movements
from montage.web.annexes import sheets
from montage.web.core import problems
from montage.web.ledger import bench, imports
from montage.web.ledger.models import ColumnMapping
from montage.web.production import services as production_services

ROOT = Path(__file__).resolve().parents[2]
LAYOUT = re.compile(r"^(?P<file>[^:]+):(?P<row>\d+): (?P<column>[^:]+): (?P<message>.+)$")


def _ledger_csv(project):
    """The producer's accounting export: a date that is not one."""
    mapping = ColumnMapping.objects.create(owner=project.owner, name="m", columns={
        "date": "Date", "amount": "Montant", "supplier_name": "Tiers", "number": "N°",
        "supplier_postal_code": "CP"})
    data = ("Date;Montant;Tiers;N°;CP\n01/03/2025;10,00;A;F1;4000\n"
            "32/03/2025;12,00;A;F2;4000\n").encode()
    record = imports.import_file(project, "compta.csv", data, mapping=mapping)
    assert record.status == "failed"
    return problems.stored_lines(record.errors)


def _ubl(project):
    """A Peppol invoice whose issue date is not a date."""
    xml = (ROOT / "tests/finance/data/peppol-invoice-liege.xml").read_bytes()
    xml = re.sub(rb"<cbc:IssueDate>[^<]*</cbc:IssueDate>", b"<cbc:IssueDate>31/02/2025"
                 b"</cbc:IssueDate>", xml, count=1)
    with pytest.raises(InputError) as caught:
        ubl.parse(xml, "facture.xml")
    return problems.lines(caught.value)


def _budget(project):
    """A budget with a rate that is not a number."""
    account = project.accounts.order_by("code").first().code
    data = (f"account,description,quantity,rate\n{account},Caméra,1,cent\n").encode()
    with pytest.raises(InputError) as caught:
        production_services.parse_budget_file(project, "devis.csv", data)
    return problems.lines(caught.value)


def _workbook(project):
    """An exchange workbook (annexes: formulaire, récapitulatif, preuves) with a bad amount."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Feuille"
    sheet.append(["Service", "Montant HTVA (€)"])
    sheet.append(["Télé", "abc"])
    data = io.BytesIO()
    book.save(data)
    columns = [sheets.Column("service", "Service", "service", required=True),
               sheets.Column("amount", "Montant HTVA (€)", "montant", kind="money")]
    opened = sheets.open_sheet(data.getvalue(), "ca.xlsx", "Feuille")
    rows, errors = sheets.read_rows(opened, "ca.xlsx", columns)
    return problems.lines(InputError.of(errors))


def _fund_table(project):
    """The fund's portfolio movements (a pure reader)."""
    text = ",".join(REQUIRED) + "\nX,loan,invested,douze\n"
    with pytest.raises(InputError) as caught:
        parse_movements(io.StringIO(text), "mouvements.csv")
    return problems.lines(caught.value)


def _chart(project, tmp_path):
    """The chart of accounts file Montage ships (a pure reader)."""
    path = tmp_path / "plan.csv"
    path.write_text("code,label,cost_type,post_production\n01,Droits,sideways,no\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        chart.default_chart(path)
    return problems.lines(caught.value)


IMPORTERS = {  # importer: (read, file, row, column, what the French message says)
    "ledger export": (_ledger_csv, "compta.csv", 3, "Date", "attendu une date"),
    "UBL invoice": (_ubl, "facture.xml", None, "cbc:IssueDate", "attendu une date écrite"),
    "budget": (_budget, "devis.csv", 2, "rate", "attendu un nombre ≥ 0"),
    "exchange workbook": (_workbook, "ca.xlsx", 2, "B (montant)", "attendu un montant"),
    "fund movements": (_fund_table, "mouvements.csv", 2, "amount", "attendu un montant"),
    "chart of accounts": (_chart, "plan.csv", 2, "cost_type", "reçu « sideways »"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("importer", sorted(IMPORTERS))
def test_every_importer_names_file_row_column_in_one_layout(importer, tmp_path):
    read, file, row, column, says = IMPORTERS[importer]
    project = bench.make_project("Le Banc")
    with translation.override("fr"):
        args = (project, tmp_path) if read is _chart else (project,)
        lines = read(*args)
    assert lines, importer
    first = lines[0]
    if row is None:  # a document's head has no row: FILE: COLUMN: message
        assert first.startswith(f"{file}: {column}: "), first
    else:
        match = LAYOUT.match(first)
        assert match, first
        assert (match["file"], int(match["row"]), match["column"]) == (file, row, column), first
    assert says in first, first


def test_the_frame_words_are_french_on_a_french_page():
    from montage.errors import Problem

    problem = Problem(file="f.csv", row=2, column="amount", expected="an amount", got="x")
    with translation.override("fr"):
        assert problems.line(problem) == "f.csv:2: amount: attendu un montant, reçu « x »"
    with translation.override("en"):
        assert problems.line(problem) == 'f.csv:2: amount: expected an amount, got "x"'


# -- the scan ----------------------------------------------------------------------------------

ERROR_TYPES = {  # every exception class of Montage, and why it is not an InputError
    ("montage/errors.py", "MontageError"): "the base: what the CLI prints and exits 2 on",
    ("montage/errors.py", "InputError"): "every problem of an input: the one problem type",
    ("montage/errors.py", "ParameterError"): "a gap in the law data, not the user's input",
    ("montage/web/ledger/engine.py", "MissingTerm"): "a financing term not recorded yet",
    ("montage/web/registry/services.py", "Refused"): "the procedure refuses (state or fields)",
    ("montage/web/registry/stale.py", "StaleEdit"): "saved over a newer state: both values",
    ("montage/web/ledger/imports.py", "_Refused"): "rolls an import's transaction back",
    ("montage/web/permissions.py", "DecidedFieldRefused"): "a field the user may not write",
    ("montage/web/backup.py", "BackupError"): "an operator's backup or restore cannot proceed",
}
OLD_LAYOUTS = [re.compile(p) for p in (  # "f.xlsx, row 3, column E (x): …", "f.csv: row 3, column X: …"
    r"%\(file\)s, row", r"\}: row \{", r"row \{[^}]*\}, column", r"row %\(row\)s, column",
    r"got '%\(got\)s'",
)]


def _sources():
    for path in sorted((ROOT / "montage").rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_no_error_type_outside_the_list():
    found = {}
    for name, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and any(
                    re.search(r"Error|Exception|Refused|Denied", ast.unparse(base))
                    for base in node.bases):
                found[(name, node.name)] = True
    assert set(found) == set(ERROR_TYPES)


def test_no_page_reads_an_errors_message_its_own_way():
    copies = [name for name, text in _sources()
              if re.search(r"getattr\((error|exc|e|err), [\"']message[\"']", text)
              and name != "montage/errors.py"]
    assert copies == []


def test_no_message_is_placed_in_another_layout():
    placed = [(name, pattern.pattern) for name, text in _sources() for pattern in OLD_LAYOUTS
              if pattern.search(text) and name != "montage/web/ledger/bench.py"]
    assert placed == []
