"""The fund's §6.2 table (coproduction receipts by type of project) computed from its
`RecoupmentReceipt` records, typed by the fund or written by a paid statement: one record type;
the demo reproduces the report 2024's published figures, on the page and in the workbook."""

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from montage.money import format_money
from montage.web.fund import records, services as fund_services
from montage.web.fund.models import Commitment, RecoupmentReceipt
from montage.web.recoupment import services
from montage.web.registry.models import Organisation
from tests.web.factories import fund, recoupment, registry

pytestmark = pytest.mark.django_db


def _percent(share):
    return int((share * 100).quantize(D(1), rounding=ROUND_HALF_UP))


def _commitment(wallimage, kind, work_type, company):
    call = fund.call(wallimage, kind=kind, line_name=f"Ligne {kind} {work_type}")
    app = fund.application(call, applicant=company)
    app.work.work_type = work_type
    app.work.save()
    return Commitment.objects.create(application=app, amount=D("100000.00"),
                                     walloon_spend_committed=D("200000.00"),
                                     signed_on=dt.date(2023, 5, 1))


def test_the_table_counts_typed_receipts_and_paid_statements_alike():
    project, src = recoupment.three_corridors()
    wallimage = src["fund"].financier
    recoupment.receipt(project, "100000.00")
    statements = {s.source_id: s for s in services.issue_statements(
        project, dt.date(2026, 1, 1), dt.date(2026, 6, 30), None)}
    statement = statements[src["fund"].pk]
    services.send_statement(statement, dt.date(2026, 7, 1))
    services.mark_statement_paid(statement, dt.date(2026, 7, 15))  # 30 000 €, a format
    company = registry.company("Studio Essai")
    series = _commitment(wallimage, "copro_animation", "series", company)
    feature = _commitment(wallimage, "copro_live", "feature", company)
    for commitment, amount, on in ((series, "12000.00", dt.date(2026, 3, 1)),
                                   (feature, "4000.00", dt.date(2026, 4, 1)),
                                   (feature, "7000.00", dt.date(2026, 9, 1)),
                                   (feature, "9999.00", dt.date(2025, 12, 31))):
        fund_services.record_recoupment(commitment, RecoupmentReceipt(
            received_on=on, amount=D(amount), source="Relevé du distributeur"))
    table = records.receipts_table(wallimage.pk, 2026)
    assert (table.total, table.works) == (D("53000.00"), 3)
    assert table.companies == 2  # the project's producer and the studio
    rows = {r.project_type: r for r in table.rows}
    assert (rows["animation"].receipts, rows["animation"].projects) == (D("12000.00"), 1)
    # 4 000 + 7 000 € in the year: above the threshold together (the 2025 receipt is not)
    assert (rows["live_feature"].receipts, rows["live_feature"].projects) == (D("11000.00"), 1)
    # the paid statement's work (a format in the factory) is an "other" project
    assert (rows["other"].receipts, rows["other"].projects) == (D("30000.00"), 1)
    assert table.large_receipts == D("53000.00") and table.large_share == 1


def test_the_demo_reproduces_the_report_2024_table(demo, client):
    wallimage = get_user_model().objects.get(username="wallimage")
    organisation_id = Organisation.objects.get(name="Wallimage").pk
    table = records.receipts_table(organisation_id, 2024)
    assert (table.total, table.works, table.companies) == (D("477270.49"), 145, 34)
    assert (table.large_projects, table.large_receipts) == (15, D("329725.18"))
    assert _percent(table.large_share) == 69
    assert {r.project_type: (r.receipts, r.projects, _percent(r.share_of_total),
                             _percent(r.share_of_large)) for r in table.rows} == {
        "animation": (D("102123.94"), 3, 21, 31), "live_series": (D("114075.58"), 5, 24, 35),
        "live_feature": (D("113525.66"), 7, 24, 34)}

    client.force_login(wallimage)
    page = client.get(reverse("fund_recoupments")).content.decode()
    assert format_money(D("477270.49")) in page and format_money(D("329725.18")) in page
    assert "Séries en prises de vues réelles" in page and "69,09" in page
    book = load_workbook(io.BytesIO(client.get(
        reverse("fund_recoupments_xlsx", args=[2024])).content))
    sheet = book.worksheets[0]
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert cells[1][1] == pytest.approx(477270.49) and cells[2][1] == 145
    assert cells[3][1] == 34
    assert [r[1] for r in cells[7:11]] == [3, 5, 7, 15]
    assert len(list(book.worksheets[1].iter_rows())) == 146  # header and every work


def test_le_phare_statement_is_paid_in_the_demo_on_its_commitment(demo, client):
    from montage.web.recoupment.models import Statement

    statement = Statement.objects.get(project__work__title="Le Phare",
                                      source__financier__name="Wallimage")
    receipt = statement.recoupment
    assert receipt is not None and receipt.amount == statement.amount
    # the producer's source is linked to the fund's application: the same commitment
    assert receipt.commitment.application_id == statement.source.application_id
    client.force_login(get_user_model().objects.get(username="wallimage"))
    page = client.get(reverse("fund_recoupments")).content.decode()
    assert "Le Phare" in page and format_money(statement.amount) in page
