"""Credit notes are netted, not refused (docs/web-ledger.md, "Credit notes"): a UBL CreditNote
or a negative CSV line reduces the invoice it names (or the supplier's month) in every
financier's rule, the link is shown both ways, and what cannot be netted is refused naming the
file, row and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from montage.web.ledger import bench, buckets, engine, imports, services
from montage.web.ledger.models import ColumnMapping, CreditAllocation, Expense
from montage.web.production.models import FinancingSource
from montage.web.registry.models import Company, Membership
from montage.web.registry.services import Refused

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "finance" / "data"
AS_OF = dt.date(2026, 1, 1)
HEADER = "Ligne;Date;Type;Facture;Facture créditée;Fournisseur;CP;Compte;Montant HTVA\n"
MAPPING = {"id": "Ligne", "date": "Date", "kind": "Type", "number": "Facture",
           "credits": "Facture créditée", "supplier_name": "Fournisseur",
           "supplier_postal_code": "CP", "account": "Compte", "amount": "Montant HTVA"}
INVOICES = ["L1;03/04/2024;facture;F-1;;Meuse Caméras;4000;07.01;1.000,00\n",
            "L2;15/04/2024;facture;F-2;;Meuse Caméras;4000;07.02;500,00\n",
            "L3;20/05/2024;facture;F-3;;Meuse Caméras;4000;07.01;300,00\n"]


@pytest.fixture
def project(db):
    return bench.make_project("Le Banc")


@pytest.fixture
def mapping(project):
    return ColumnMapping.objects.create(owner=project.owner, name="Compta", columns=MAPPING)


def csv(*rows) -> bytes:
    return (HEADER + "".join(rows)).encode()


def counted(project) -> dict[str, Decimal]:
    """Each rule's counted total, checked equal by the lines and by the buckets."""
    by_lines = engine.statuses(project, AS_OF)
    by_buckets = buckets.statuses(project, AS_OF)
    assert [buckets.summary(s) for s in by_buckets] == [buckets.summary(s) for s in by_lines]
    return {s.source.rule: s.status.counted for s in by_lines if s.status}


def credit_note(number: str, credits: str, first: str, second: str) -> bytes:
    """The stored Peppol credit note, renumbered, naming `credits`, with its two lines'
    amounts (the totals follow)."""
    data = (DATA / "peppol-creditnote-liege.xml").read_text()
    total = f"{Decimal(first) + Decimal(second):.2f}"
    data = (data.replace("CN-2025-007", number)
            .replace("<cbc:BuyerReference>", "<cac:BillingReference><cac:InvoiceDocumentReference>"
                     f"<cbc:ID>{credits}</cbc:ID></cac:InvoiceDocumentReference>"
                     "</cac:BillingReference><cbc:BuyerReference>")
            .replace(">4200.00<", f">{first}<").replace(">760.00<", f">{second}<")
            .replace(">4960.00<", f">{total}<"))
    return data.encode()


def test_a_ubl_credit_note_reduces_its_invoice_in_wallimage_and_the_spillover(project):
    invoice = (DATA / "peppol-invoice-liege.xml").read_bytes()
    assert imports.import_file(project, "facture.xml", invoice).status == "done"
    # Wallimage asks the supplier's audiovisual activity shown from 2025
    Company.objects.filter(expenses__project=project).update(audiovisual_activity=True)
    buckets.rebuild_buckets(project)
    before = counted(project)
    assert before[FinancingSource.Rule.WALLIMAGE] == Decimal("4960.00")
    record = imports.import_file(project, "nc.xml",
                                 credit_note("NC-12", "2025-0412", "1200.00", "100.00"))
    assert record.status == "done", record.errors
    notes = Expense.objects.filter(project=project, kind="credit_note").order_by("pk")
    assert [n.amount_excl_vat for n in notes] == [Decimal("-1200.00"), Decimal("-100.00")]
    assert {n.credits.number for n in notes} == {"2025-0412"}
    after = counted(project)
    for rule in (FinancingSource.Rule.WALLIMAGE, FinancingSource.Rule.SPILLOVER):
        assert after[rule] == before[rule] - Decimal("1300.00")
    # the invoice's lines, reduced in (date, id) order: the first takes the whole credit
    first, second = Expense.objects.filter(project=project, kind="invoice").order_by("pk")
    assert [(a.invoice_id, a.amount) for a in CreditAllocation.objects.order_by("pk")] == \
        [(first.pk, Decimal("1200.00")), (first.pk, Decimal("100.00"))]


def test_a_ubl_credit_note_larger_than_its_invoice_is_refused_naming_file_row_and_column(
        project):
    imports.import_file(project, "facture.xml", (DATA / "peppol-invoice-liege.xml").read_bytes())
    record = imports.import_file(project, "nc.xml",
                                 credit_note("NC-13", "2025-0412", "4200.00", "800.00"))
    assert record.status == "failed"
    error = record.errors[0]
    assert (error["file"], error["row"], error["column"]) == \
        ("nc.xml", 2, "cbc:LineExtensionAmount")
    assert error["expected"].startswith("a credit of at most %(room)s")
    assert error["params"] == {"room": "760.00", "invoice": "2025-0412"}
    assert error["got"] == "-800.00"
    assert not Expense.all_objects.filter(project=project, kind="credit_note").exists()


def test_a_negative_csv_line_without_reference_reduces_the_suppliers_month(project, mapping):
    assert imports.import_file(project, "factures.csv", csv(*INVOICES),
                               mapping=mapping).status == "done"
    before = counted(project)
    record = imports.import_file(
        project, "nc.csv", csv("L9;28/04/2024;;NC-1;;Meuse Caméras;4000;;-1 200,00\n"),
        mapping=mapping)
    assert record.status == "done", record.errors
    note = Expense.objects.get(project=project, kind="credit_note")
    assert note.amount_excl_vat == Decimal("-1200.00") and note.credits is None
    # April's invoices in date order (F-1 whole, then 200 of F-2); May's F-3 untouched
    assert [(a.invoice.number, a.amount) for a in note.allocations.order_by("pk")] == \
        [("F-1", Decimal("1000.00")), ("F-2", Decimal("200.00"))]
    after = counted(project)
    assert after[FinancingSource.Rule.WALLIMAGE] == \
        before[FinancingSource.Rule.WALLIMAGE] - Decimal("1200.00")


@pytest.mark.parametrize("row, column, expected, got", [
    ("L9;28/04/2024;nc;NC-2;F-1;Meuse Caméras;4000;;1 000,01\n", "Montant HTVA",
     "a credit of at most %(room)s (what remains of invoice %(invoice)s)", "-1000.01"),
    ("L9;28/04/2024;;NC-2;F-404;Meuse Caméras;4000;;-10,00\n", "Facture créditée",
     "an invoice of %(supplier)s in this project with this number", "F-404"),
    ("L9;28/06/2024;;NC-2;;Meuse Caméras;4000;;-10,00\n", "Montant HTVA",
     "a credit of at most %(room)s (what remains of the supplier's invoices of %(month)s; "
     "name the invoice it credits)", "-10.00"),
])
def test_a_credit_note_that_cannot_be_netted_is_refused_and_nothing_is_written(
        project, mapping, row, column, expected, got):
    imports.import_file(project, "factures.csv", csv(*INVOICES), mapping=mapping)
    record = imports.import_file(project, "nc.csv", csv(INVOICES[0].replace("L1", "L8")
                                                        .replace("F-1", "F-8"), row),
                                 mapping=mapping)
    assert record.status == "failed"
    assert [(e["file"], e["row"], e["column"], e["expected"], e["got"])
            for e in record.errors] == [("nc.csv", 3, column, expected, got)]
    assert Expense.objects.filter(project=project).count() == 3  # F-8 rolled back too


def test_a_negative_payroll_line_is_refused(project, mapping):
    record = imports.import_file(
        project, "paie.csv", csv("P1;03/04/2024;paie;P-1;;;;03.02;-100,00\n"), mapping=mapping)
    assert record.status == "failed"
    assert any(e["column"] == "Montant HTVA" and "payroll" in e["expected"]
               for e in record.errors)


def test_a_credit_note_and_its_invoice_in_one_file(project, mapping):
    record = imports.import_file(
        project, "tout.csv",
        csv(INVOICES[0], "L9;10/04/2024;note de crédit;NC-3;F-1;Meuse Caméras;4000;;250,00\n"),
        mapping=mapping)
    assert record.status == "done", record.errors
    assert counted(project)[FinancingSource.Rule.WALLIMAGE] == Decimal("750.00")


@pytest.fixture
def manager(project):
    user = get_user_model().objects.create_user("banc.manager")
    Membership.objects.create(user=user, organisation=project.owner,
                              role=Membership.Role.PRODUCER_MANAGER)
    return user


def test_the_link_is_shown_both_ways(client, project, mapping, manager):
    imports.import_file(project, "factures.csv", csv(*INVOICES), mapping=mapping)
    imports.import_file(project, "nc.csv",
                        csv("L9;28/04/2024;;NC-12;F-1;Meuse Caméras;4000;;-200,00\n"),
                        mapping=mapping)
    invoice = Expense.objects.get(project=project, number="F-1")
    note = Expense.objects.get(project=project, number="NC-12")
    client.force_login(manager)
    page = client.get(reverse("ledger_expenses", args=[project.pk])).content.decode()
    note_url = reverse("ledger_expense", args=[project.pk, note.pk])
    invoice_url = reverse("ledger_expense", args=[project.pk, invoice.pk])
    assert f'crédité de -200,00\xa0€ par <a href="{note_url}">NC-12</a>' in page
    assert f'crédite la facture <a href="{invoice_url}">F-1</a>' in page
    detail = client.get(invoice_url).content.decode()
    assert f'<a href="{note_url}">NC-12</a>' in detail
    detail = client.get(note_url).content.decode()
    assert f'<a href="{invoice_url}">F-1</a>' in detail


def test_hand_entry_cancellation_and_duplicates(client, project, mapping, manager):
    imports.import_file(project, "factures.csv", csv(*INVOICES), mapping=mapping)
    invoice = Expense.objects.get(project=project, number="F-2")
    client.force_login(manager)
    url = reverse("ledger_credit_note_new", args=[project.pk])
    data = {"supplier": invoice.supplier_id, "number": "NC-20", "date": "2024-04-30",
            "credits": invoice.pk, "amount_excl_vat": "120,00", "vat_rate": "21"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    note = Expense.objects.get(project=project, number="NC-20")
    assert note.amount_excl_vat == Decimal("-120.00") and note.credits == invoice
    assert not services.likely_duplicates(project, note).exists()
    # more than what remains of the invoice: refused on the amount, nothing saved
    response = client.post(url, dict(data, number="NC-21", amount_excl_vat="-380,01"))
    assert response.status_code == 400
    assert "380" in response.content.decode()
    assert not Expense.all_objects.filter(number="NC-21").exists()
    # an invoice with credit notes in force is not cancelled: its credit notes first
    with pytest.raises(Refused, match="NC-20"):
        services.cancel_expense(project, invoice, manager, "erreur")
    # nor lowered below what they take off it
    invoice.amount_excl_vat = Decimal("100.00")
    with pytest.raises(Refused):
        services.save_expense(project, invoice, ["amount_excl_vat"])
    invoice.refresh_from_db()
    services.cancel_expense(project, note, manager, "erreur")
    assert counted(project)[FinancingSource.Rule.WALLIMAGE] == Decimal("1800.00")
    services.cancel_expense(project, invoice, manager, "erreur")
    assert counted(project)[FinancingSource.Rule.WALLIMAGE] == Decimal("1300.00")


def test_an_invoice_changed_moves_its_credit_notes_with_it(project, mapping):
    imports.import_file(project, "factures.csv", csv(*INVOICES), mapping=mapping)
    imports.import_file(project, "nc.csv",
                        csv("L9;28/04/2024;;NC-12;F-1;Meuse Caméras;4000;;-200,00\n"),
                        mapping=mapping)
    invoice = Expense.objects.get(project=project, number="F-1")
    invoice.date, invoice.account = dt.date(2024, 7, 2), project.accounts.get(code="07.02")
    services.save_expense(project, invoice, ["date", "account"])
    counted(project)  # lines and buckets agree
    before = sorted(buckets.LedgerBucket.objects.filter(project=project)
                    .values_list("key", "lines", "amount"))
    buckets.rebuild_buckets(project)
    assert sorted(buckets.LedgerBucket.objects.filter(project=project)
                  .values_list("key", "lines", "amount")) == before


def test_the_exports_list_the_credit_note_and_count_the_invoice_reduced(client, project,
                                                                        mapping, manager):
    import io

    from openpyxl import load_workbook

    from montage.web.ledger import exports

    imports.import_file(project, "factures.csv", csv(*INVOICES), mapping=mapping)
    imports.import_file(project, "nc.csv",
                        csv("L9;28/04/2024;;NC-12;F-1;Meuse Caméras;4000;;-200,00\n"),
                        mapping=mapping)
    note = Expense.objects.get(number="NC-12")
    assert note.account.code == "07.01"  # its invoice's: the budget reports read it
    assessment = exports.assess(project, AS_OF)
    for item in assessment.statuses:
        if item.status is None:
            continue
        split = exports.breakdown(assessment, item.status, "fr")
        assert sum((c["total"] for c in split["chapters"]), Decimal(0)) == Decimal("1600.00")
        assert sum((c["counted"] for c in split["chapters"]), Decimal(0)) == item.status.counted
    client.force_login(manager)
    wallimage = project.sources.get(rule="wallimage")
    response = client.get(reverse("ledger_obligation_export", args=[project.pk, wallimage.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_number = {row[4]: row for row in rows if row[4] in ("F-1", "NC-12")}
    assert by_number["F-1"][6:8] == (1000, 800)
    assert by_number["NC-12"][6:8] == (-200, 0)
    assert by_number["NC-12"][8] == "note de crédit : comptée dans la facture qu'elle réduit"


def test_a_supplier_moved_moves_its_credit_notes_with_its_invoices(project, mapping):
    from montage.web.ledger import suppliers

    imports.import_file(project, "factures.csv", csv(*INVOICES), mapping=mapping)
    imports.import_file(project, "nc.csv",
                        csv("L9;28/04/2024;;NC-12;F-1;Meuse Caméras;4000;;-200,00\n",
                            "L10;29/04/2024;;NC-13;;Meuse Caméras;4000;;-100,00\n"),
                        mapping=mapping)
    company = Company.objects.get(name="Meuse Caméras")
    rows = suppliers.ledger_rows(supplier=company)
    company.registered_postal_code = "1000"  # from Liège to Brussels
    company.save()
    suppliers.rebucket(rows, suppliers.ledger_rows(supplier=company))
    after = counted(project)  # lines and buckets agree
    assert after[FinancingSource.Rule.WALLIMAGE] == Decimal("0")
    assert after[FinancingSource.Rule.SCREEN_BRUSSELS] >= Decimal("0")
