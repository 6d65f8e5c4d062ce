"""Ledger imports: idempotent, all or nothing, row-level errors, progress; the pages and their
permissions (producer managers of the project's owner organisation only)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from montage.web.core import problems
from montage.web.ledger import bench
from montage.web.ledger.models import ColumnMapping, Expense, LedgerBucket, LedgerImport
from montage.web.registry.models import Company, Membership, Organisation
from montage.web.ledger import buckets, engine, imports

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "finance" / "data"
HEADER = ("Ligne;Date;Type;Facture;Fournisseur;TVA fournisseur;CP;Pays;Employé;CP domicile;"
          "Compte;Montant HTVA;Nature\n")
ROWS = [
    "L1;03/04/2024;facture;F-1;Meuse Caméras;BE0403170701;4000;BE;;;07.01;1.234,56;\n",
    "L2;04/04/2024;facture;F-2;Studio Ixelles;;1050;BE;;;08;2 000,00;\n",
    "L3;05/04/2024;paie;P-1;;;;;Anne Lenoir;4700;03.02;3000;\n",
    "L4;06/04/2024;facture;F-3;Lumières de Gand;;9000;BE;;;07.02;500,10;\n",
]
MAPPING = {"id": "Ligne", "date": "Date", "kind": "Type", "number": "Facture",
           "supplier_name": "Fournisseur", "supplier_vat": "TVA fournisseur",
           "supplier_postal_code": "CP", "supplier_country": "Pays",
           "employee_name": "Employé", "employee_postal_code": "CP domicile",
           "account": "Compte", "amount": "Montant HTVA", "cost_type": "Nature"}


@pytest.fixture
def project(db):
    return bench.make_project("Le Banc")


@pytest.fixture
def mapping(project):
    return ColumnMapping.objects.create(owner=project.owner, name="Compta", columns=MAPPING)


@pytest.fixture
def manager(project):
    user = get_user_model().objects.create_user("banc.manager")
    Membership.objects.create(user=user, organisation=project.owner,
                              role=Membership.Role.PRODUCER_MANAGER)
    return user


@pytest.fixture
def outsider(db):
    other = Organisation.objects.create(name="Autre Production", kind="producer")
    user = get_user_model().objects.create_user("autre.manager")
    Membership.objects.create(user=user, organisation=other,
                              role=Membership.Role.PRODUCER_MANAGER)
    return user


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    return (HEADER + "".join(rows)).encode(encoding)


def bucket_and_line_summaries(project):
    as_of = dt.date(2026, 1, 1)
    by_lines = [buckets.summary(s) for s in engine.statuses(project, as_of)]
    by_buckets = [buckets.summary(s) for s in buckets.statuses(project, as_of)]
    return by_lines, by_buckets


# -- idempotence ---------------------------------------------------------------------------


def test_csv_import_then_same_file_then_overlapping_rows(project, mapping, manager):
    data = csv_bytes(ROWS[:3], "cp1252")
    first = imports.import_file(project, "avril.csv", data, mapping=mapping, user=manager)
    assert first.status == LedgerImport.Status.DONE, first.errors
    assert first.lines_added == 3
    assert Expense.objects.filter(project=project).count() == 3
    expense = Expense.objects.get(project=project, number="F-1")
    assert expense.amount_excl_vat == Decimal("1234.56")
    assert expense.supplier.vat_number == "BE0403170701"
    assert Expense.objects.get(project=project, kind="payroll").employee.domicile_postal_code \
        == "4700"
    # the same file again: recorded as already imported, nothing added
    again = imports.import_file(project, "avril (copie).csv", data, mapping=mapping)
    assert again.status == LedgerImport.Status.DUPLICATE
    assert again.lines_added == 0
    assert Expense.objects.filter(project=project).count() == 3
    # another file overlapping the first: only the new row is added
    overlap = imports.import_file(project, "avril-mai.csv", csv_bytes([ROWS[3], ROWS[1], ROWS[0]]),
                                  mapping=mapping)
    assert overlap.status == LedgerImport.Status.DONE, overlap.errors
    assert overlap.lines_added == 1
    assert Expense.objects.filter(project=project).count() == 4
    # suppliers matched, not duplicated
    assert Company.objects.filter(name="Meuse Caméras").count() == 1
    # buckets hold every line once and agree with the per-line path
    assert sum(b.lines for b in LedgerBucket.objects.filter(project=project)) == 4
    assert sum(b.amount for b in LedgerBucket.objects.filter(project=project)) == \
        Decimal("6734.66")
    by_lines, by_buckets = bucket_and_line_summaries(project)
    assert by_lines == by_buckets


def test_spilled_in_several_chunks_and_ledger_larger_than_the_file(project, mapping,
                                                                    monkeypatch):
    """The checked lines go through the temporary file in chunks; a ledger larger than the new
    file is asked chunk by chunk which lines it has already."""
    monkeypatch.setattr(imports, "CHUNK", 2)
    first = imports.import_file(project, "avril.csv", csv_bytes(ROWS[:3]), mapping=mapping)
    assert first.status == LedgerImport.Status.DONE, first.errors
    assert first.lines_added == 3
    second = imports.import_file(project, "mai.csv", csv_bytes([ROWS[3], ROWS[0]]),
                                 mapping=mapping)
    assert second.status == LedgerImport.Status.DONE, second.errors
    assert second.lines_added == 1
    assert sorted(Expense.objects.filter(project=project).values_list("number", flat=True)) \
        == ["F-1", "F-2", "F-3", "P-1"]
    assert sum(b.lines for b in LedgerBucket.objects.filter(project=project)) == 4
    by_lines, by_buckets = bucket_and_line_summaries(project)
    assert by_lines == by_buckets


def test_overlapping_rows_without_line_ids_use_the_natural_key(project):
    columns = {k: v for k, v in MAPPING.items() if k != "id"}
    mapping = ColumnMapping.objects.create(owner=project.owner, name="Sans id", columns=columns)
    imports.import_file(project, "a.csv", csv_bytes(ROWS[:2]), mapping=mapping)
    second = imports.import_file(project, "b.csv", csv_bytes(ROWS[:2] + [ROWS[3]]),
                                 mapping=mapping)
    assert second.lines_added == 1
    keys = set(Expense.objects.filter(project=project).values_list("source_key", flat=True))
    assert "i:BE0403170701:F-1:2024-04-03:1234.56" in keys


def test_semicolon_comma_tab_and_xlsx(project, mapping):
    tab = (HEADER.replace(";", "\t") + ROWS[0].replace(";", "\t")).encode()
    record = imports.import_file(project, "tab.csv", tab, mapping=mapping)
    assert record.status == "done" and record.lines_added == 1, record.errors
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(";"))
    sheet.append(["X9", dt.date(2024, 5, 2), "facture", "F-9", "Namur Son", None, 5000, "BE",
                  None, None, "09.03", 812.4, None])
    buffer = io.BytesIO()
    book.save(buffer)
    record = imports.import_file(project, "mai.xlsx", buffer.getvalue(), mapping=mapping)
    assert record.status == "done", record.errors
    line = Expense.objects.get(project=project, number="F-9")
    assert line.amount_excl_vat == Decimal("812.40")
    assert line.date == dt.date(2024, 5, 2)
    assert line.post_production  # the account's default


# -- rejected imports: nothing written, every error named ----------------------------------


def test_rejected_spreadsheet_writes_nothing_and_names_file_row_column(project, mapping):
    companies = Company.objects.count()
    rows = [ROWS[0],
            "L5;31/02/2024;facture;F-5;Bad date;;1000;BE;;;07.01;10,00;\n",
            "L6;01/03/2024;facture;F-6;Unknown code;;1044;BE;;;07.01;12,00;\n",
            "L7;01/03/2024;facture;F-7;Bad amount;;1000;BE;;;07.01;douze;\n",
            "L8;01/03/2024;facture;F-8;Bad account;;1000;BE;;;99.99;12,00;\n"]
    record = imports.import_file(project, "mars.csv", csv_bytes(rows), mapping=mapping)
    assert record.status == LedgerImport.Status.FAILED
    assert record.lines_added == 0
    assert Expense.objects.filter(project=project).count() == 0
    assert LedgerBucket.objects.filter(project=project).count() == 0
    assert Company.objects.count() == companies
    # every problem in one pass, in the file's order: the unreadable cells and, among the
    # readable rows, the unknown postal code and the unknown account
    assert [(e["row"], e["column"]) for e in record.errors] == [
        (3, "Date"), (4, "CP"), (5, "Montant HTVA"), (6, "Compte")]
    assert all(e["file"] == "mars.csv" and e["expected"] for e in record.errors)
    errors = {(e["row"], e["column"]): e for e in record.errors}
    assert "Statbel" in errors[(4, "CP")]["expected"]
    assert errors[(4, "CP")]["got"] == "1044"
    # the same rows alone: the same problems, numbered as in that file
    record = imports.import_file(project, "mars2.csv", csv_bytes([rows[0], rows[2], rows[4]]),
                                 mapping=mapping)
    assert record.status == "failed"
    errors = {(e["row"], e["column"]): e for e in record.errors}
    assert "Statbel" in errors[(3, "CP")]["expected"]
    assert errors[(3, "CP")]["got"] == "1044"
    assert (4, "Compte") in errors
    assert Expense.objects.filter(project=project).count() == 0


def test_error_list_is_capped_but_counted(project, mapping):
    rows = [f"E{n};01/03/2024;facture;F{n};X;;1000;BE;;;07.01;oops;\n" for n in range(250)]
    record = imports.import_file(project, "many.csv", csv_bytes(rows), mapping=mapping)
    assert record.status == "failed"
    assert len(record.errors) == 201
    assert record.errors[-1] == {"file": "many.csv", "more": 50}
    assert problems.stored_lines(record.errors)[-1] == "… et 50 autres problèmes"


def test_missing_column_in_file(project, mapping):
    record = imports.import_file(project, "x.csv", b"Date;Montant\n01/01/2024;1\n",
                                 mapping=mapping)
    assert record.status == "failed"
    assert record.errors[0]["row"] == 1


# -- Peppol UBL ---------------------------------------------------------------------------


def test_ubl_invoice_import_and_reimport(project):
    data = (DATA / "peppol-invoice-liege.xml").read_bytes()
    record = imports.import_file(project, "peppol-invoice-liege.xml", data)
    assert record.status == "done", record.errors
    assert record.format == "ubl"
    lines = Expense.objects.filter(project=project).order_by("source_key")
    assert [line.amount_excl_vat for line in lines] == [Decimal("4200.00"), Decimal("760.00")]
    assert {line.account.code for line in lines} == {"07.01", "07.02"}
    assert all(line.missing_fields == [] for line in lines)
    supplier = lines[0].supplier
    assert supplier.vat_number == "BE0403170701"
    assert supplier.registered_postal_code == "4000"
    assert imports.import_file(project, "again.xml", data).status == "duplicate"
    assert Expense.objects.filter(project=project).count() == 2


def test_ubl_missing_mandatory_field_is_recorded(project):
    data = (DATA / "peppol-invoice-no-buyer-vat.xml").read_bytes()
    record = imports.import_file(project, "no-vat.xml", data)
    assert record.status == "done"
    assert set(Expense.objects.filter(project=project).values_list("number", flat=True)) == \
        {"2025-0413"}
    assert all(e.missing_fields == ["client_vat_number"]
               for e in Expense.objects.filter(project=project))


def test_rejected_ubl_writes_nothing(project):
    record = imports.import_file(project, "bad.xml",
                                 (DATA / "peppol-invoice-invalid.xml").read_bytes())
    assert record.status == "failed"
    columns = [e["column"] for e in record.errors]
    assert any("PartyTaxScheme" in c for c in columns)
    assert any("LineExtensionAmount" in c for c in columns)
    assert all(e["file"] == "bad.xml" for e in record.errors)
    assert Expense.objects.filter(project=project).count() == 0
    credit = imports.import_file(project, "cn.xml",
                                 (DATA / "peppol-creditnote-liege.xml").read_bytes())
    # a credit note is netted, not refused: with nothing of its supplier's to credit, it is
    assert credit.status == "failed"
    assert credit.errors[0]["expected"].startswith("a credit of at most %(room)s")
    assert credit.errors[0]["params"]["room"] == "0"
    assert Expense.objects.filter(project=project).count() == 0


# -- pages ----------------------------------------------------------------------------------


def test_upload_page_progress_and_errors(client, project, mapping, manager):
    client.force_login(manager)
    url = reverse("ledger_imports", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Compta" in page.content.decode()
    response = client.post(url, {"file": io_file("avril.csv", csv_bytes(ROWS)),
                                 "mapping": mapping.pk})
    assert response.status_code == 302
    record = LedgerImport.objects.get(project=project)
    assert response["Location"] == reverse("ledger_import", args=[project.pk, record.pk])
    progress = client.get(reverse("ledger_import_progress", args=[project.pk, record.pk]))
    assert progress.status_code == 200
    payload = progress.json()
    assert payload["status"] == "done" and payload["finished"] is True
    assert payload["rows_done"] == payload["rows_total"] == 4
    assert payload["percent"] == 100 and payload["lines_added"] == 4
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    # a rejected file: its errors are listed with file, row and column
    client.post(url, {"file": io_file("bad.csv", csv_bytes(
        ["L9;01/03/2024;facture;F-9;X;;1044;BE;;;07.01;1,00;\n"])), "mapping": mapping.pk})
    bad = LedgerImport.objects.get(file_name="bad.csv")
    page = client.get(reverse("ledger_import", args=[project.pk, bad.pk])).content.decode()
    assert "bad.csv" in page and "1044" in page and "<td>CP</td>" in page
    # a spreadsheet without a mapping is refused by the form
    response = client.post(url, {"file": io_file("x.csv", csv_bytes(ROWS))})
    assert response.status_code == 200
    assert LedgerImport.objects.count() == 2


def test_progress_while_running(client, project, manager):
    record = LedgerImport.objects.create(project=project, file_name="big.csv", sha256="0" * 64,
                                         format="csv", rows_total=1000, rows_done=250,
                                         status="running")
    client.force_login(manager)
    payload = client.get(reverse("ledger_import_progress", args=[project.pk, record.pk])).json()
    assert payload == {"id": record.pk, "status": "running", "status_label": "en cours",
                       "rows_total": 1000,
                       "rows_done": 250, "percent": 25, "lines_added": 0, "errors": 0,
                       "finished": False}


def test_mapping_from_file_headers(client, project, manager):
    client.force_login(manager)
    url = reverse("ledger_mapping_new", args=[project.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"name": "Winbooks", "date_format": "%d/%m/%Y", "action": "headers",
                             "sample": io_file("s.csv", csv_bytes(ROWS[:1]))})
    text = page.content.decode()
    assert '<option value="Montant HTVA">' in text
    data = {"name": "Winbooks", "date_format": "%d/%m/%Y", "action": "save"}
    data.update({f"col_{k}": v for k, v in MAPPING.items()})
    response = client.post(url, data)
    assert response.status_code == 302
    saved = ColumnMapping.objects.get(name="Winbooks")
    assert saved.columns == MAPPING
    edit = reverse("ledger_mapping_edit", args=[project.pk, saved.pk])
    data["col_description"] = "Libellé"
    assert client.post(edit, data).status_code == 302
    saved.refresh_from_db()
    assert saved.columns["description"] == "Libellé"
    # a mapping without an amount column is refused
    del data["col_amount"]
    data["name"] = "Incomplete"
    assert client.post(url, data).status_code == 200
    assert not ColumnMapping.objects.filter(name="Incomplete").exists()


@pytest.mark.parametrize("name", ["ledger_imports", "ledger_mapping_new", "ledger_dashboard"])
def test_other_producers_and_anonymous_are_refused(client, project, outsider, name):
    url = reverse(name, args=[project.pk])
    assert client.get(url).status_code == 302   # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_other_producer_cannot_read_progress_or_post(client, project, mapping, outsider):
    record = imports.import_file(project, "a.csv", csv_bytes(ROWS[:1]), mapping=mapping)
    client.force_login(outsider)
    assert client.get(reverse("ledger_import_progress",
                              args=[project.pk, record.pk])).status_code == 403
    response = client.post(reverse("ledger_imports", args=[project.pk]),
                           {"file": io_file("b.csv", csv_bytes(ROWS[1:2])),
                            "mapping": mapping.pk})
    assert response.status_code == 403
    assert Expense.objects.filter(project=project).count() == 1


def test_dashboard(client, project, mapping, manager):
    imports.import_file(project, "avril.csv", csv_bytes(ROWS), mapping=mapping)
    client.force_login(manager)
    response = client.get(reverse("ledger_dashboard", args=[project.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and "<polyline" in text
    for source in engine.obligation_sources(project):
        assert reverse("ledger_obligation", args=[project.pk, source.pk]) in text
    assert "." not in "".join(
        p.split('points="')[1].split('"')[0] for p in text.split("<polyline")[1:])


def io_file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_dashboard_figures_follow_the_ledger(client, project, mapping, manager):
    from montage.web.ledger import dashboard

    imports.import_file(project, "avril.csv", csv_bytes(ROWS[:2]), mapping=mapping)
    as_of = dt.date(2026, 1, 1)
    before = {r["rule"]: r.get("counted") for r in dashboard.figures(project, as_of)[0]}
    line = Expense.objects.get(project=project, number="F-2")     # Ixelles: Brussels
    buckets.remove_expenses(project, [line])
    line.supplier = Company.objects.get(name="Meuse Caméras")     # now Liège, same amount
    line.save()
    buckets.record_expenses(project, [line])
    after = {r["rule"]: r.get("counted") for r in dashboard.figures(project, as_of)[0]}
    assert after != before
    assert after == {s.source.rule: s.status.counted
                     for s in engine.statuses(project, as_of) if s.status}


def test_the_dashboard_figures_are_computed_once_a_change_is_committed(
        project, mapping, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from montage.web.ledger import dashboard

    cache.clear()
    sources = list(engine.obligation_sources(project))

    def cached():
        key = dashboard._fingerprint(project, sources, dt.date.today())
        return cache.get(f"ledger-dashboard:{key}")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        imports.import_file(project, "avril.csv", csv_bytes(ROWS[:2]), mapping=mapping)
    assert len(callbacks) == 1
    rows, series = cached()
    assert [r["rule"] for r in rows] == [s.rule for s in sources]
    assert sum(sum(months.values()) for months in series["territory"].values()) == \
        Decimal("3234.56")
    # a new line: computed again, for the new ledger
    line = Expense.objects.get(project=project, number="F-2")
    line.pk, line.source_key, line.number = None, "", "F-2b"
    line.save()
    with django_capture_on_commit_callbacks(execute=True):
        buckets.record_expenses(project, [line])
    assert sum(sum(months.values()) for months in cached()[1]["territory"].values()) == \
        Decimal("5234.56")
