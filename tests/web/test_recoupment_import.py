"""A distributor's or sales agent's statement imported as receipts (all or nothing, each
problem named, idempotent), and a receipt corrected or cancelled with who, when and why: the
period's unsent statements follow, a sent one is never changed."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from montage.errors import InputError
from montage.web.recoupment import imports, services
from montage.web.recoupment.models import Receipt, Statement
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused
from tests.web.factories import recoupment, registry

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
CSV = ("source;payeur;territoire;début;fin;brut;commission;frais;plafond des frais;devise;"
       "taux de change;date du taux;référence\n"
       "distributeur;Cinéma Essai;Belgique;01/01/2026;30/06/2026;100.000,00;25 %;8.000,00;"
       "5.000,00;EUR;;;S1\n"
       "sales_agent;Agent Essai;US;01/01/2026;30/06/2026;20000;20;;;USD;0,9;30/06/2026;H1\n")


def test_a_csv_statement_becomes_receipts_once(client):
    project, src = recoupment.three_corridors()
    result = imports.import_statement(project, CSV.encode(), "releve-s1.csv")
    assert not result.already and len(result.receipts) == 2
    (period,) = services.waterfall(project)
    # as the form's receipts: 70 000 € + 20 000 $ less 20 % at 0,9 = 84 400 €
    assert period.net == D("84400.00")
    again = imports.import_statement(project, CSV.encode(), "releve-s1-copie.csv")
    assert again.already and Receipt.objects.filter(project=project).count() == 2

    client.force_login(registry.user("prod", project.owner))
    url = f"/production/projects/{project.pk}/recoupment/receipts/import/"
    response = client.post(url, {"file": io.BytesIO(CSV.encode())}, follow=True)
    page = response.content.decode()
    assert "déjà été importé" in page
    assert Receipt.objects.filter(project=project).count() == 2


def test_a_bad_row_imports_nothing_and_names_file_row_column():
    project, _src = recoupment.three_corridors()
    bad = CSV.replace("100.000,00", "cent mille").replace("USD;0,9;30/06/2026", "USD;0,9;")
    with pytest.raises(InputError) as raised:
        imports.import_statement(project, bad.encode(), "releve.csv")
    lines = raised.value.lines()
    assert any(line.startswith("releve.csv:2: brut: expected") and "cent mille" in line
               for line in lines), lines
    assert any(line.startswith("releve.csv:3: exchange_rate_date:") for line in lines), lines
    assert Receipt.all_objects.filter(project=project).count() == 0


def test_the_page_lists_the_problems_in_french(client):
    project, _src = recoupment.three_corridors()
    client.force_login(registry.user("prod", project.owner))
    bad = CSV.replace("100.000,00", "cent mille")
    response = client.post(f"/production/projects/{project.pk}/recoupment/receipts/import/",
                           {"file": SimpleUploadedFile("releve.csv", bad.encode())})
    page = response.content.decode()
    assert response.status_code == 400 and "releve.csv:2: brut:" in page
    assert "un montant comme 1.234,56" in page
    assert Receipt.all_objects.filter(project=project).count() == 0


def test_an_xlsx_statement_from_a_sales_agent():
    project, _src = recoupment.three_corridors()
    book = Workbook()
    sheet = book.active
    sheet.append(["source", "payer", "territory", "period_start", "period_end", "gross",
                  "commission_rate", "currency", "exchange_rate", "exchange_rate_date"])
    sheet.append(["sales_agent", "Agent Essai", "JP", dt.datetime(2026, 1, 1),
                  dt.datetime(2026, 6, 30), 12000, 0.2, "USD", 0.9, dt.datetime(2026, 6, 30)])
    data = io.BytesIO()
    book.save(data)
    (receipt,) = imports.import_statement(project, data.getvalue(), "sales.xlsx").receipts
    assert receipt.net == D("8640.00") and receipt.imported_row == 2


def test_a_correction_keeps_why_and_unsent_statements_follow():
    project, src = recoupment.three_corridors()
    receipt = recoupment.receipt(project, "100000.00")
    statements = {s.source_id: s for s in services.issue_statements(project, START, END, None)}
    assert statements[src["fund"].pk].amount == D("30000.00")
    receipt.gross = D("120000.00")
    with pytest.raises(Refused):
        services.record_receipt(project, receipt)  # no reason
    services.record_receipt(project, receipt, "relevé rectifié par le distributeur")
    fund = Statement.objects.get(pk=statements[src["fund"].pk].pk)
    assert fund.amount == D("36000.00")
    notes = AuditEntry.objects.filter(object_id=str(receipt.pk), new_value="receipt corrected")
    assert notes.get().note == "relevé rectifié par le distributeur"
    assert AuditEntry.objects.filter(object_id=str(receipt.pk), field="gross",
                                     old_value="100000.00").exists()
    # cancelled before any is sent: the period's unsent statements go with it
    services.cancel_receipt(receipt, None, "relevé en double")
    assert not Statement.objects.filter(project=project).exists()


def test_a_sent_statement_is_never_changed():
    project, src = recoupment.three_corridors()
    receipt = recoupment.receipt(project, "100000.00")
    fund = next(s for s in services.issue_statements(project, START, END, None)
                if s.source_id == src["fund"].pk)
    services.send_statement(fund, dt.date(2026, 7, 1))
    receipt.gross = D("1.00")
    with pytest.raises(Refused):
        services.record_receipt(project, receipt, "erreur")
    with pytest.raises(Refused):
        services.cancel_receipt(receipt, None, "erreur")
    with pytest.raises(Refused):
        recoupment.receipt(project, "5000.00")  # a new receipt in the sent period
    assert Statement.objects.get(pk=fund.pk).amount == D("30000.00")
    assert Receipt.objects.get(pk=receipt.pk).gross == D("100000.00")
    # a later period is open
    recoupment.receipt(project, "5000.00", start=dt.date(2026, 7, 1), end=dt.date(2026, 12, 31))


def test_the_producer_corrects_a_receipt_on_its_page(client):
    project, _src = recoupment.three_corridors()
    receipt = recoupment.receipt(project, "1000.00")
    client.force_login(registry.user("prod", project.owner))
    url = f"/production/projects/{project.pk}/recoupment/receipts/{receipt.pk}/edit/"
    assert client.get(url).status_code == 200
    data = {"source": "vod", "payer": "Plateforme", "territory": "BE",
            "period_start": "2026-01-01", "period_end": "2026-06-30", "gross": "1.500,00",
            "commission_rate": "0", "currency": "EUR", "exchange_rate": "1"}
    assert client.post(url, data).status_code == 400  # no reason
    assert client.post(url, dict(data, reason="montant rectifié")).status_code == 302
    assert Receipt.objects.get(pk=receipt.pk).gross == D("1500.00")
    other = registry.user("other", registry.producer())
    client.force_login(other)
    assert client.get(url).status_code in (403, 404)


def test_a_statement_sent_lands_in_the_financier_s_inbox():
    from montage.web.inbox.models import InboxItem

    project, src = recoupment.three_corridors()
    recoupment.receipt(project, "100000.00")
    fund = next(s for s in services.issue_statements(project, START, END, None)
                if s.source_id == src["fund"].pk)
    services.send_statement(fund, dt.date(2026, 7, 1))
    (item,) = InboxItem.objects.filter(organisation=src["fund"].financier)
    assert item.event == "statement_sent" and item.url == f"/recoupment/statements/{fund.pk}/"
    assert project.work.title in item.subject and "01/01/2026–30/06/2026" in item.subject
