"""Recoupment: receipts, the agreement, the waterfall, statements sent to the financier's desk
and paid into the fund's recoupment receipts."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from montage.web.fund.models import RecoupmentReceipt
from montage.web.recoupment import services
from montage.web.recoupment.models import Receipt, Share, Statement
from montage.web.registry.services import Refused
from tests.web.factories import recoupment, registry

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _issued():
    project, src = recoupment.three_corridors()
    # a distribution statement: 25 % commission, expenses capped at 5 000 €
    recoupment.receipt(project, "100000.00", commission_rate=D("0.25"), expenses=D("8000.00"),
                       expenses_cap=D("5000.00"))
    # a sales agent's statement in dollars at a dated rate
    recoupment.receipt(project, "20000.00", source="sales_agent", payer="Agent Essai",
                       territory="US", currency="USD", exchange_rate=D("0.9"),
                       exchange_rate_date=dt.date(2026, 6, 30), commission_rate=D("0.20"))
    statements = services.issue_statements(project, START, END, None)
    return project, src, {s.source_id: s for s in statements}


def test_the_waterfall_shares_every_cent_of_the_period():
    project, src, statements = _issued()
    (period,) = services.waterfall(project)
    # net: 100 000 − 25 000 − 5 000 = 70 000 €; 20 000 $ − 20 % = 16 000 $ × 0,9 = 14 400 €
    assert period.net == D("84400.00")
    # the fund 30 % = 25 320 €; the 59 080 € left pro rata 150 000 : 300 000
    assert statements[src["fund"].pk].amount == D("25320.00")
    assert statements[src["tele"].pk].amount == D("19693.33")
    assert statements[src["ts"].pk].amount == D("39386.67")
    assert sum(s.amount for s in statements.values()) + period.due(None) == period.net
    text = "\n".join(period.result.explanation.render("fr"))
    assert "part négociée au-delà de son prorata" in text


def test_the_agreement_refuses_shares_over_100_percent_and_strangers():
    project, src = recoupment.three_corridors()
    third = project.corridors.get(position=3)
    with pytest.raises(Refused):
        services.save_share(third, Share(source=src["tele"], kind="fixed", rate=D("0.6")))
    assert third.shares.count() == 1
    other, other_src = recoupment.three_corridors()
    with pytest.raises(Refused):
        services.save_share(third, Share(source=other_src["ts"], kind="fixed", rate=D("0.1")))


def test_statement_sent_to_the_fund_and_paid_becomes_its_recoupment_receipt(client):
    project, src, statements = _issued()
    statement = statements[src["fund"].pk]
    analyst = registry.user("analyste", src["fund"].financier)
    broadcaster = registry.user("diffuseur", src["tele"].financier, "editor_officer")
    client.force_login(analyst)
    assert client.get(f"/recoupment/statements/{statement.pk}/").status_code == 403  # not sent
    services.send_statement(statement, dt.date(2026, 7, 15))
    page = client.get("/recoupment/statements/")
    assert "25\u202f320,00" in page.content.decode() or "25 320,00" in page.content.decode()
    response = client.post(f"/recoupment/statements/{statement.pk}/paid/",
                           {"received_on": "2026-08-01"})
    assert response.status_code == 302
    statement.refresh_from_db()
    receipt = RecoupmentReceipt.objects.get(commitment=src["fund"].commitment)
    assert statement.recoupment == receipt and receipt.amount == D("25320.00")
    with pytest.raises(Refused):
        services.mark_statement_paid(statement, dt.date(2026, 8, 2))
    # the broadcaster sees its own statement once sent, never the fund's
    client.force_login(broadcaster)
    assert client.get(f"/recoupment/statements/{statement.pk}/").status_code == 403
    services.send_statement(statements[src["tele"].pk], dt.date(2026, 7, 15))
    assert client.get(f"/recoupment/statements/{statements[src['tele'].pk].pk}/"
                      ).status_code == 200
    assert client.post(f"/recoupment/statements/{statements[src['tele'].pk].pk}/paid/",
                       {"received_on": "2026-08-01"}).status_code == 403


def test_statement_pdf_and_workbook_read_back(client):
    project, src, statements = _issued()
    producer = registry.user("prod", project.owner)
    client.force_login(producer)
    statement = statements[src["tele"].pk]
    book = load_workbook(io.BytesIO(client.get(
        f"/recoupment/statements/{statement.pk}/statement.xlsx").content))
    rows = list(book.active.values)
    assert rows[2] == ("Bénéficiaire", "Télé Essai — coproduction") or rows[2][1] == \
        "Télé Essai — coproduction"
    assert rows[-1][1] == 19693.33 and all(
        not (isinstance(c, str) and c.startswith("=")) for r in rows for c in r)
    pdf = PdfReader(io.BytesIO(client.get(
        f"/recoupment/statements/{statement.pk}/statement.pdf").content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "19" in text and "693,33" in text and "Diffuseur et Tax Shelter" in text


def test_the_producer_records_and_cancels_a_receipt_on_its_page(client):
    project, src = recoupment.three_corridors()
    client.force_login(registry.user("prod", project.owner))
    url = f"/production/projects/{project.pk}/recoupment/"
    response = client.post(url + "receipts/new/", {
        "source": "vod", "payer": "Plateforme", "territory": "BE", "period_start": "2026-01-01",
        "period_end": "2026-06-30", "gross": "1.234,56", "commission_rate": "0,1",
        "expenses": "", "currency": "EUR", "exchange_rate": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = Receipt.objects.get(project=project)
    assert receipt.net == D("1111.10")
    page = client.get(url).content.decode()
    assert "1\u202f111,10\xa0€" in page or "1 111,10" in page
    bad = client.post(url + "receipts/new/", {"source": "vod", "payer": "P", "territory": "BE",
                                              "period_start": "2026-06-30",
                                              "period_end": "2026-01-01", "gross": "abc",
                                              "currency": "EUR", "exchange_rate": "1"})
    assert bad.status_code == 400 and Receipt.objects.count() == 1
    client.post(url + f"receipts/{receipt.pk}/cancel/", {"reason": "relevé en double"})
    assert Receipt.objects.count() == 0 and Receipt.all_objects.count() == 1
    other = registry.user("other", registry.producer())
    client.force_login(other)
    assert client.get(url).status_code == 403


def test_statements_are_issued_once_and_the_period_then_stays():
    project, src, statements = _issued()
    with pytest.raises(Refused):
        services.issue_statements(project, START, END, None)
    # once one of them is sent, the period's receipts stay (test_recoupment_import: unsent
    # statements follow a correction)
    services.send_statement(statements[src["fund"].pk], dt.date(2026, 7, 1))
    with pytest.raises(Refused):
        services.cancel_receipt(Receipt.objects.filter(project=project).first(), None, "x")
    assert Statement.objects.filter(project=project).count() == 3


def test_the_demo_le_phare_statements_arrive_at_wallimage(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="wallimage"))
    page = client.get("/recoupment/statements/").content.decode()
    assert "Le Phare" in page and "28\u202f912,00\xa0€" in page
    statements = Statement.objects.filter(project__work__title="Le Phare")
    assert statements.count() == 3
    assert {s.source.source_type for s in statements} == {
        "regional_fund", "broadcaster_coproduction", "tax_shelter"}
    assert Receipt.objects.filter(project__work__title="Le Phare").count() == 2
