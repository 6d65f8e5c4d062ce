"""The annex workbooks and the committee PDF: exported, read back, imported back (round trip),
malformed uploads refused with exact messages and nothing stored, permissions per role."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import ObligationYear, TurnoverLine
from montage.web.investments.models import Investment, SpilloverProof
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry, Company
from tests.web.roles import LOGGED_IN

pytestmark = pytest.mark.django_db


def file_of(editor: str, year: int) -> ObligationYear:
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def download(client, name: str, obligation: ObligationYear):
    response = client.get(reverse(name, args=[obligation.pk]))
    assert response.status_code == 200, response.status_code
    return response


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def header_row(sheet, first: str) -> int:
    return next(i for i, r in enumerate(sheet.iter_rows(values_only=True), 1) if r[0] == first)


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_import(client, obligation, document: str, content: bytes, name: str):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("annexes_documents", args=[obligation.pk]),
                       {"document": document, "file": upload})


def snapshot():
    """Everything an import may touch, to prove a refused one stored nothing."""
    return (list(TurnoverLine.objects.order_by("pk").values()),
            list(Investment.objects.order_by("pk").values()),
            list(SpilloverProof.objects.order_by("pk").values()),
            list(Expense.objects.order_by("pk").values()),
            Company.objects.count(), AuditEntry.objects.count())


# -- exports read back ----------------------------------------------------------------------

def test_formulaire_ca_export_in_french_with_exact_amounts_and_confidential_flag(demo, login):
    file = file_of("Télé Demo", 2025)
    response = download(login("tele.demo"), "annexes_formulaire_ca", file)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = workbook(response)["Formulaire CA"]
    assert sheet["A1"].value.startswith("Annexe 3 — Formulaire CA")
    assert (sheet["A2"].value, sheet["B2"].value) == ("Éditeur", "Télé Demo")
    assert sheet["B3"].value == 2025
    head = header_row(sheet, "Service")
    assert [c.value for c in sheet[head]] == [
        "Service", "Famille", "Poste de recettes", "Marché", "Montant facturé HTVA (€)",
        "Commissions de régie (€)", "Net (€)", "Confidentiel"]
    assert sheet.freeze_panes == f"A{head + 1}"
    assert sheet.column_dimensions["A"].width == 28
    declared = [r for r in rows(sheet)[head:] if r[4] is not None and r[0] != "Total"]
    assert len(declared) == file.declaration.lines.count() == 6
    confidential = [r for r in declared if r[7] == "oui"]
    assert [(r[2], r[4]) for r in confidential] == [("Recettes de distribution", 8900000)]
    amount_cell = next(c for c in sheet["E"] if c.value == 8900000)
    assert amount_cell.number_format == "#,##0.00" and amount_cell.data_type == "n"
    total = next(r for r in rows(sheet) if r[0] == "Total")
    assert Decimal(repr(total[4])) == sum(line.amount for line in file.declaration.lines.all())
    # every service lists the ten lines of the form, empty where nothing is declared
    assert len([r for r in rows(sheet)[head:] if r[0] == "Télé Demo 1"]) == 10
    engine = next(r for r in rows(sheet) if str(r[0]).startswith("Chiffre d'affaires éligible "
                                                                 "calculé"))
    assert Decimal(repr(engine[1])) == Decimal("53820000.00")


def test_formulaire_ca_export_in_english(demo, login):
    file = file_of("StreamFlix Europe", 2024)
    sheet = workbook(download(english(login("streamflix")), "annexes_formulaire_ca",
                              file))["Formulaire CA"]
    assert sheet["A2"].value == "Editor"
    head = header_row(sheet, "Service")
    assert sheet.cell(head, 5).value == "Amount invoiced excl. VAT (€)"
    line = next(r for r in rows(sheet)[head:] if r[4] is not None and r[0] != "Total")
    assert line[3] == "Whole of Belgium (a share retained)"
    assert Decimal(repr(line[4])) == Decimal("31645569.62")  # exact to the cent
    engine = next(r for r in rows(sheet) if str(r[0]).startswith("Eligible turnover computed"))
    assert Decimal(repr(engine[1])) == Decimal("12500000.00")  # 39.5 % by the engine


def test_recap_invest_export_lines_totals_and_engine_countable(demo, login):
    file = file_of("Télé Demo", 2024)
    sheet = workbook(download(login("tele.demo"), "annexes_recap_invest",
                              file))["Récapitulatif Invest"]
    head = header_row(sheet, "Réf. Montage")
    data = [r for r in rows(sheet)[head:]]
    lines = data[:data.index(next(r for r in data if r[0] == "Total"))]
    assert sorted(r[0] for r in lines) == sorted(file.investments.values_list("pk", flat=True))
    confidential = Investment.objects.get(confidential=True)
    assert next(r for r in lines if r[0] == confidential.pk)[9] == "oui"
    assert sum(Decimal(repr(r[7])) for r in lines) == sum(i.amount for i in
                                                          file.investments.all())
    result = contribution_services.evaluate_editor(file.editor).year(2024)
    countable = next(r for r in rows(sheet) if str(r[0]).endswith("(étape 2 §3)"))
    assert Decimal(repr(countable[1])) == result.countable
    date_cell = next(c for c in sheet["G"][head:] if c.value is not None)
    assert date_cell.number_format == "DD/MM/YYYY"


def test_preuves_invest_export_counts_and_excludes_with_the_engine_reason(demo, login):
    file = file_of("Télé Demo", 2024)
    sheet = workbook(download(english(login("cca")), "annexes_preuves_invest",
                              file))["Liste Preuves Invest"]
    head = header_row(sheet, "Investment ref.")
    heads = [c.value for c in sheet[head]]
    by_number = {r[heads.index("Invoice or reference number")]: r
                 for r in rows(sheet)[head:] if r[0] not in (None, "Total")
                 and r[heads.index("Invoice or reference number")]}
    eupen = by_number["PPE-0042"]
    assert eupen[heads.index("Counted or excluded")] == "excluded"
    assert "outside the French-language region" in eupen[heads.index("Reason")]
    assert eupen[heads.index("Territory")] == "Eupen: German-language region"
    assert by_number["LL-2025-031"][heads.index("Counted or excluded")] == "counted"
    assert by_number["FG-2025"][heads.index("Counted or excluded")] == "counted up to the cap"
    assert by_number["SSN-2024-118"][heads.index("Mandatory mentions missing")] == \
        "client_vat_number"
    assert sheet.cell(head + 1, heads.index("VAT rate") + 1).number_format == "0.00%"


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("username", ["tele.demo", "csa", "cca"])
def test_committee_pdf_has_the_figures_and_nothing_confidential(demo, login, username):
    file = file_of("Télé Demo", 2024)
    response = download(login(username), "annexes_committee_pdf", file)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    result = contribution_services.evaluate_editor(file.editor).year(2024)
    assert "Rapport au comité d'accompagnement 2024 — Télé Demo" in text
    assert "1 357 200,00 €" in text                      # obligation
    assert "1 255 000,00 €" == f"{result.countable:,.2f} €".replace(",", " ").replace(
        ".", ",")
    # 2024 holds a confidential investment: the aggregates would disclose it, so they are out
    assert "1 255 000,00 €" not in text
    assert "Manquement de 2024 encore ouvert" not in text
    assert "ils incluent des investissements confidentiels" in text
    assert "Les Brumes de Meuse" in text and "450 000,00 €" in text
    assert "Minimum de 35 %" in text                     # floors and caps
    # the confidential accessibility investment (20 000 €) and every turnover line: absent
    assert "Accessibilité" not in text and not re.search(r"(?<![\d ])20 000,00", text)
    assert "5 % : accessibilité" not in text
    for line in TurnoverLine.objects.all():
        assert line.get_category_display().capitalize() not in text
    assert "38 000 000" not in text and "8 900 000" not in text


def test_committee_pdf_in_english(demo, login):
    file = file_of("Télé Demo", 2024)
    text = pdf_text(download(english(login("cca")), "annexes_committee_pdf", file).content)
    assert "Committee report 2024 — Télé Demo" in text
    assert "€1,357,200.00" in text


def test_committee_pdf_keeps_its_words_whole(demo, login):
    """The investments table is sized on its words: none cut across two lines."""
    from pypdf import PdfReader

    from tests.web.test_fund import _split_words

    file = file_of("Télé Demo", 2024)
    for client in (login("cca"), english(login("cca"))):
        content = download(client, "annexes_committee_pdf", file).content
        lines = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
                          ).splitlines()
        assert _split_words(lines) == []


# -- imports: round trips on files written by the export --------------------------------------

def test_formulaire_ca_round_trip_changes_adds_and_is_idempotent(demo, login):
    client = login("tele.demo")
    file = file_of("Télé Demo", 2026)  # a draft: the lines may change (docs/web-contribution.md)
    book = workbook(download(client, "annexes_formulaire_ca", file))
    sheet = book["Formulaire CA"]
    head = header_row(sheet, "Service")
    for row in range(head + 1, sheet.max_row + 1):
        service, category = sheet.cell(row, 1).value, sheet.cell(row, 3).value
        if (service, category) == ("Télé Demo 1", "Publicité"):
            sheet.cell(row, 5).value = Decimal("40100000.01")     # one cent more
            sheet.cell(row, 6).value = "1 250,50"                 # typed as Belgian text
        if (service, category) == ("Télé Demo 1", "Placement de produits"):
            sheet.cell(row, 5).value = Decimal("123456.78")       # a new line
    content = to_bytes(book)
    response = post_import(client, file, "formulaire_ca", content, "formulaire-ca.xlsx")
    assert response.status_code == 200, response.content.decode()[:3000]
    assert response.context["result"] == {"created": 1, "updated": 1, "deleted": 0,
                                          "unchanged": 4}
    lines = {(line.service.name, line.category, line.market): line
             for line in file.declaration.lines.all()}
    assert lines["Télé Demo 1", "advertising", "all"].amount == Decimal("40100000.01")
    assert lines["Télé Demo 1", "advertising", "all"].agency_commissions == Decimal("1250.50")
    assert lines["Télé Demo 1", "product_placement", "all"].amount == Decimal("123456.78")
    assert lines["Télé Demo 1", "distribution_fees", "eu_contributing_state"].amount == \
        Decimal("600000.00")
    entries = AuditEntry.objects.filter(field="amount", new_value="40100000.01")
    assert entries.get().actor_label == "tele.demo"
    before = snapshot()
    again = post_import(client, file, "formulaire_ca", content, "formulaire-ca.xlsx")
    assert again.context["result"] == {"created": 0, "updated": 0, "deleted": 0,
                                       "unchanged": 6}
    assert snapshot() == before


def test_formulaire_ca_import_removes_a_line_absent_from_the_workbook(demo, login):
    client = login("tele.demo")
    file = file_of("Télé Demo", 2026)  # a draft
    book = workbook(download(client, "annexes_formulaire_ca", file))
    sheet = book["Formulaire CA"]
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 3).value == "Parrainage" and sheet.cell(row, 1).value == "Télé Demo 1":
            sheet.cell(row, 5).value = None
    response = post_import(client, file, "formulaire_ca", to_bytes(book), "f.xlsx")
    assert response.context["result"]["deleted"] == 1
    assert not file.declaration.lines.filter(category="sponsorship").exists()
    # the removal goes through the contribution service: recorded on the file like the page's
    assert AuditEntry.objects.filter(object_id=str(file.pk), action="decision",
                                     new_value="turnover_line_deleted").exists()


def test_an_accepted_declaration_refuses_a_changing_import_but_not_an_identical_one(demo, login):
    client = login("tele.demo")
    file = file_of("Télé Demo", 2024)  # accepted by the CSA
    content = download(client, "annexes_formulaire_ca", file).content
    response = post_import(client, file, "formulaire_ca", content, "f.xlsx")
    assert response.status_code == 200 and response.context["result"]["unchanged"] == 5
    book = load_workbook(io.BytesIO(content))
    sheet = book["Formulaire CA"]
    cell = next(c for c in sheet["E"] if c.value == 38000000)
    cell.value = 1
    before = snapshot()
    response = post_import(client, file, "formulaire_ca", to_bytes(book), "f.xlsx")
    assert response.status_code == 400
    assert response.context["errors"] == [
        "f.xlsx: L’étape 1 de ce dossier est close pour l’éditeur : le CSA a décidé."]
    assert snapshot() == before


def test_recap_invest_round_trip_in_english(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2024)
    book = workbook(download(client, "annexes_recap_invest", file))
    sheet = book["Récapitulatif Invest"]
    head = header_row(sheet, "Montage ref.")
    brumes = Investment.objects.get(obligation=file, work__title="Les Brumes de Meuse")
    for row in range(head + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == brumes.pk:
            sheet.cell(row, 8).value = "450 000,01"
    total_row = next(r for r in range(head + 1, sheet.max_row + 1)
                     if sheet.cell(r, 1).value == "Total")
    sheet.insert_rows(total_row)
    for col, value in enumerate([None, "Le Dernier Charbonnage", "Pre-purchase",
                                 "Ardenne Films", "yes", "Commitment letter", "15/10/2024",
                                 Decimal("12345.67"), "Active", "no"], 1):
        sheet.cell(total_row, col).value = value
    content = to_bytes(book)
    response = post_import(client, file, "recap_invest", content, "recap.xlsx")
    assert response.status_code == 200, response.context["errors"]
    assert response.context["result"] == {"created": 1, "updated": 1, "unchanged": 9,
                                          "not_in_file": 0}
    brumes.refresh_from_db()
    assert brumes.amount == Decimal("450000.01")
    new = Investment.objects.get(obligation=file, category="prepurchase",
                                 work__title="Le Dernier Charbonnage")
    assert (new.amount, new.document, str(new.document_date), new.producer.name) == (
        Decimal("12345.67"), "commitment_letter", "2024-10-15", "Ardenne Films")
    before = snapshot()
    again = post_import(client, file, "recap_invest", content, "recap.xlsx")
    assert again.context["result"]["created"] == 0 and again.context["result"]["updated"] == 0
    assert snapshot() == before  # the row without a reference matched the new investment


def test_preuves_invest_round_trip_adds_a_new_supplier_and_is_idempotent(demo, login):
    client = login("tele.demo")
    file = file_of("Télé Demo", 2024)
    book = workbook(download(client, "annexes_preuves_invest", file))
    sheet = book["Liste Preuves Invest"]
    head = header_row(sheet, "Réf. investissement")
    heads = [c.value for c in sheet[head]]
    total_row = next(r for r in range(head + 1, sheet.max_row + 1)
                     if sheet.cell(r, 1).value == "Total")
    prepurchase = Investment.objects.get(obligation=file, category="prepurchase")
    sheet.insert_rows(total_row)
    values = {"Réf. investissement": prepurchase.pk, "Prestataire": "Studio Flagey",
              "Adresse": "Place Sainte-Croix 1", "Code postal": "1050", "Localité": "Ixelles",
              "N° de facture ou référence": "SF-2025-001", "Date": "12/03/2025",
              "Description": "mixage", "Taux de TVA": "21 %", "Montant HTVA (€)": "10 000,00",
              "Montant présenté (€)": Decimal("9999.99"), "Nature": "Facture"}
    for key, value in values.items():
        sheet.cell(total_row, heads.index(key) + 1).value = value
    content = to_bytes(book)
    response = post_import(client, file, "preuves_invest", content, "preuves.xlsx")
    assert response.status_code == 200, response.context["errors"]
    assert response.context["result"] == {"created": 1, "updated": 0, "unchanged": 7}
    proof = SpilloverProof.objects.get(investment=prepurchase)
    assert proof.amount == Decimal("9999.99")
    assert proof.expense.vat_rate == Decimal("0.2100")
    assert proof.expense.supplier.registered_postal_code == "1050"
    assert proof.expense.owner == file.editor.organisation
    before = snapshot()
    again = post_import(client, file, "preuves_invest", content, "preuves.xlsx")
    assert again.context["result"] == {"created": 0, "updated": 0, "unchanged": 8}
    assert snapshot() == before


def test_preuves_invest_refuses_to_change_the_producers_ledger(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2024)
    book = workbook(download(client, "annexes_preuves_invest", file))
    sheet = book["Liste Preuves Invest"]
    head = header_row(sheet, "Investment ref.")
    heads = [c.value for c in sheet[head]]
    row = next(r for r in range(head + 1, sheet.max_row + 1)
               if sheet.cell(r, heads.index("Invoice or reference number") + 1).value
               == "PPE-0042")
    sheet.cell(row, heads.index("Amount excl. VAT (€)") + 1).value = Decimal("9300.00")
    before = snapshot()
    response = post_import(client, file, "preuves_invest", to_bytes(book), "p.xlsx")
    assert response.status_code == 400
    letter = "ABCDEFGHIJKLMNOPQR"[heads.index("Amount excl. VAT (€)")]
    assert response.context["errors"] == [
        f"p.xlsx:{row}: {letter} (amount excl. VAT): the ledger of Ardenne Films "
        "records PPE-0042 with 9200.00: change it there, or correct the row"]
    assert snapshot() == before


# -- malformed uploads: exact messages, nothing stored ----------------------------------------

def bad_amount_book(client, file):
    book = workbook(download(client, "annexes_formulaire_ca", file))
    sheet = book["Formulaire CA"]
    head = header_row(sheet, "Service")
    sheet.cell(head + 1, 5).value = "abc"
    return to_bytes(book), head + 1


def test_bad_amount_is_named_by_file_row_column_in_english(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2025)
    content, row = bad_amount_book(client, file)
    before = snapshot()
    response = post_import(client, file, "formulaire_ca", content, "formulaire-ca.xlsx")
    assert response.status_code == 400
    assert response.context["errors"] == [
        f"formulaire-ca.xlsx:{row}: E (amount): expected an amount like 1234,56, "
        "got \"abc\""]
    assert f":{row}: E (amount)" in response.content.decode()
    assert snapshot() == before


def test_bad_amount_message_in_french(demo, login):
    client = login("tele.demo")
    file = file_of("Télé Demo", 2025)
    content, row = bad_amount_book(client, file)
    response = post_import(client, file, "formulaire_ca", content, "formulaire-ca.xlsx")
    assert response.context["errors"] == [
        f"formulaire-ca.xlsx:{row}: E (montant): attendu un montant comme "
        "1234,56, reçu « abc »"]


def test_every_error_of_a_workbook_is_reported_and_nothing_stored(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2025)
    book = workbook(download(client, "annexes_formulaire_ca", file))
    sheet = book["Formulaire CA"]
    head = header_row(sheet, "Service")
    sheet.cell(head + 1, 5).value = Decimal("10.00")          # a valid change…
    sheet.cell(head + 2, 5).value = "12,345"                  # three decimals
    sheet.cell(head + 3, 1).value = "Télé Inconnue"           # unknown service
    sheet.cell(head + 4, 4).value = "Whole of Belgium (a share retained)"  # not a local market
    sheet.cell(head + 4, 5).value = 5
    sheet.cell(head + 5, 8).value = "maybe"
    before = snapshot()
    response = post_import(client, file, "formulaire_ca", to_bytes(book), "f.xlsx")
    assert response.status_code == 400
    assert response.context["errors"] == [
        f"f.xlsx:{head + 2}: E (amount): expected an amount with at most two "
        "decimals, got \"12,345\"",
        f"f.xlsx:{head + 5}: H (confidential): expected oui/non (yes/no), got "
        "\"maybe\"",
        f"f.xlsx:{head + 3}: A (service): expected a service of Télé Demo (Télé "
        "Demo 1, Télé Demo+ (à la demande)), got \"Télé Inconnue\"",
        f"f.xlsx:{head + 4}: D (market): expected a market of a local (established "
        "in the FWB) editor: All markets (local editor), EU state where the editor already "
        "contributes (deducted), got \"Whole of Belgium (a share retained)\"",
    ]
    assert snapshot() == before


def test_not_an_xlsx_is_refused(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2025)
    before = snapshot()
    response = post_import(client, file, "formulaire_ca", b"service;amount\nx;1\n", "ca.csv")
    assert response.status_code == 400
    assert response.context["errors"] == [
        "ca.csv: not an Excel workbook (.xlsx): the file could not be opened"]
    assert snapshot() == before


def test_wrong_sheet_is_refused(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2025)
    book = Workbook()
    book.active.title = "Feuil1"
    response = post_import(client, file, "formulaire_ca", to_bytes(book), "ca.xlsx")
    assert response.context["errors"] == [
        "ca.xlsx: no sheet named 'Formulaire CA' (sheets found: 'Feuil1')"]
    # the right workbook offered as the wrong document
    content = download(client, "annexes_recap_invest", file).content
    response = post_import(client, file, "formulaire_ca", content, "recap.xlsx")
    assert response.context["errors"] == [
        "recap.xlsx: no sheet named 'Formulaire CA' (sheets found: 'Récapitulatif Invest')"]


def test_missing_header_and_column_are_refused(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2025)
    book = workbook(download(client, "annexes_formulaire_ca", file))
    sheet = book["Formulaire CA"]
    head = header_row(sheet, "Service")
    sheet.cell(head, 5).value = "Montant"
    response = post_import(client, file, "formulaire_ca", to_bytes(book), "ca.xlsx")
    assert response.context["errors"] == [
        f"ca.xlsx:{head}: missing column 'Amount invoiced excl. VAT (€)'"]
    sheet.cell(head, 1).value = None
    response = post_import(client, file, "formulaire_ca", to_bytes(book), "ca.xlsx")
    assert response.context["errors"] == [
        "ca.xlsx: missing header row: no row starts with the column 'Service'"]
    empty = Workbook()
    empty.active.title = "Formulaire CA"
    response = post_import(client, file, "formulaire_ca", to_bytes(empty), "ca.xlsx")
    assert response.context["errors"] == [
        "ca.xlsx: missing header field 'Editor' in column A of the first rows"]


def test_another_editors_or_years_workbook_is_refused(demo, login):
    client = english(login("tele.demo"))
    content = download(client, "annexes_formulaire_ca", file_of("Télé Demo", 2024)).content
    before = snapshot()
    response = post_import(client, file_of("Télé Demo", 2025), "formulaire_ca", content,
                           "ca-2024.xlsx")
    assert response.context["errors"] == [
        "ca-2024.xlsx:3: B (obligation year): expected 2025, got \"2024\""]
    stream = download(login("streamflix"), "annexes_formulaire_ca",
                      file_of("StreamFlix Europe", 2024)).content
    client = english(login("tele.demo"))
    response = post_import(client, file_of("Télé Demo", 2024), "formulaire_ca", stream, "s.xlsx")
    assert response.context["errors"][0] == (
        "s.xlsx:2: B (editor): expected 'Télé Demo', got \"StreamFlix Europe\"")
    assert snapshot() == before


def test_recap_unknown_reference_and_work_are_named(demo, login):
    client = english(login("tele.demo"))
    file = file_of("Télé Demo", 2024)
    book = workbook(download(client, "annexes_recap_invest", file))
    sheet = book["Récapitulatif Invest"]
    head = header_row(sheet, "Montage ref.")
    other = Investment.objects.filter(obligation=file_of("Télé Demo", 2025)).first()
    sheet.cell(head + 1, 1).value = other.pk
    sheet.cell(head + 2, 2).value = "Film Fantôme"
    before = snapshot()
    response = post_import(client, file, "recap_invest", to_bytes(book), "r.xlsx")
    assert response.context["errors"] == [
        f"r.xlsx:{head + 1}: A (reference): expected the reference of an "
        f"investment of this file, or nothing for a new one, got \"{other.pk}\"",
        f"r.xlsx:{head + 2}: B (work): expected the title of a work known to "
        "Montage, got \"Film Fantôme\""]
    assert snapshot() == before


# -- who may import ---------------------------------------------------------------------------

@pytest.mark.parametrize("username", sorted(LOGGED_IN) + ["anonymous"])
def test_only_the_files_editor_imports(client, demo, username):
    file = file_of("Télé Demo", 2025)
    if username != "anonymous":
        get_user_model().objects.get_or_create(username="nobody")
        client.force_login(get_user_model().objects.get(username=username))
    owner = get_user_model().objects.get(username="tele.demo")
    from django.test import Client

    editor_client = Client()
    editor_client.force_login(owner)
    content = editor_client.get(reverse("annexes_formulaire_ca", args=[file.pk])).content
    before = snapshot()
    response = post_import(client, file, "formulaire_ca", content, "ca.xlsx")
    if username == "anonymous":
        assert response.status_code == 302
    elif username == "tele.demo":
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    assert snapshot() == before  # the same workbook: nothing changes, whoever posts it


def test_regulators_see_no_import_form(demo, login):
    file = file_of("Télé Demo", 2025)
    page = login("csa").get(reverse("annexes_documents", args=[file.pk])).content.decode()
    assert 'type="file"' not in page and "Seul l'éditeur du dossier" in page
    page = login("tele.demo").get(reverse("annexes_documents", args=[file.pk])).content.decode()
    assert page.count('type="file"') == 3


def test_obligation_page_links_to_the_documents(demo, login):
    file = file_of("Télé Demo", 2024)
    client = login("tele.demo")
    page = client.get(reverse("obligation_detail", args=[file.pk])).content.decode()
    # the committee PDF is made by the worker: its button posts to the job (test_committee_report_job)
    for name in ("annexes_formulaire_ca", "annexes_recap_invest", "annexes_preuves_invest",
                 "annexes_committee_pdf_job", "annexes_documents"):
        assert reverse(name, args=[file.pk]) in page
    shared = client.get(reverse("obligation_committee", args=[file.pk])).content.decode()
    assert reverse("annexes_committee_pdf_job", args=[file.pk]) in shared
    assert reverse("annexes_formulaire_ca", args=[file.pk]) not in shared


def test_missing_file_is_not_found(demo, login):
    assert login("csa").get(reverse("annexes_recap_invest", args=[999999])).status_code == 404


# -- property: export then import loses no cent and is idempotent ------------------------------

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

from montage.law.turnover import FORM_LINES, LOCAL_MARKETS  # noqa: E402

CENTS = st.integers(min_value=0, max_value=99_999_999_999_999).map(
    lambda cents: Decimal(cents).scaleb(-2))
LINE = st.tuples(st.sampled_from([0, 1]), st.sampled_from(FORM_LINES),
                 st.sampled_from(LOCAL_MARKETS), CENTS, st.integers(0, 100), st.booleans())


@hsettings(max_examples=25, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE, max_size=12, unique_by=lambda line: line[:3]),
       lang=st.sampled_from(["fr", "en"]))
def test_formulaire_ca_export_import_is_exact_and_idempotent(demo, login, lines, lang):
    from montage.web.annexes import formulaire
    from django.utils import translation

    file = file_of("Télé Demo", 2026)  # a draft: an import may change its lines
    user = get_user_model().objects.get(username="tele.demo")
    services_ = list(file.editor.services.order_by("name"))
    file.declaration.lines.all().delete()
    wanted = {}
    for service, category, market, amount, percent, confidential in lines:
        commissions = (amount * percent / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        TurnoverLine.objects.create(declaration=file.declaration, service=services_[service],
                                    category=category, market=market, amount=amount,
                                    agency_commissions=commissions, confidential=confidential)
        wanted[services_[service].pk, category, market] = (amount, commissions, confidential)
    with translation.override(lang):
        content = formulaire.export(file, user)
        file.declaration.lines.all().delete()          # import into an empty declaration
        first = formulaire.import_file(content, "p.xlsx", file, user)
        second = formulaire.import_file(content, "p.xlsx", file, user)
    got = {(line.service_id, line.category, line.market):
           (line.amount, line.agency_commissions, line.confidential)
           for line in file.declaration.lines.all()}
    assert got == wanted
    assert sum(a for a, _c, _f in got.values()) == sum(a for a, _c, _f in wanted.values())
    assert first["created"] == len(wanted)
    assert second == {"created": 0, "updated": 0, "deleted": 0, "unchanged": len(wanted)}


@hsettings(max_examples=15, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(CENTS, min_size=1, max_size=6))
def test_recap_invest_export_import_keeps_every_cent(demo, login, amounts):
    from montage.web.annexes import recap

    file = file_of("Télé Demo", 2025)
    user = get_user_model().objects.get(username="tele.demo")
    investments = list(file.investments.order_by("pk"))
    for investment, amount in zip(investments, amounts):
        investment.amount = amount
        investment.save()
    expected = {i.pk: i.amount for i in file.investments.all()}
    content = recap.export(file, user, "fr")
    for investment in file.investments.all():   # scramble, then restore from the workbook
        investment.amount = Decimal("1.00")
        investment.save()
    recap.import_file(content, "r.xlsx", file, user)
    assert {i.pk: i.amount for i in file.investments.all()} == expected
    assert recap.import_file(content, "r.xlsx", file, user)["updated"] == 0


def test_committee_pdf_gives_the_aggregates_when_nothing_is_confidential(demo, login):
    from montage.web.contribution.models import ObligationYear
    file = next(o for o in ObligationYear.objects.order_by("year", "pk")
                if o.investments.exists() and not o.investments.filter(confidential=True).exists())
    text = pdf_text(download(login("cca"), "annexes_committee_pdf", file).content)
    result = contribution_services.evaluate_editor(file.editor).year(file.year)
    countable = f"{result.countable:,.2f} €".replace(",", "\u00a0").replace(".", ",")
    assert countable.replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assert "ils incluent des investissements confidentiels" not in text
