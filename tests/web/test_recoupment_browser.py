"""In a real browser, recoupment from the producer's desk to the fund's: Les Films du Phare
records a receipt of Le Phare for the second half of 2026, issues the period's statements and
sends Wallimage its own; Wallimage's analyst sees it arrive (its inbox, its statements), marks it
paid,
and finds it among the fund's recoupment receipts. Debian's chromium, never
`playwright install`."""

import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.web.test_browser import CHROMIUM

if os.environ.get("CI") != "true":  # in CI the browser test must run: no skip
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")

SHOTS = Path(os.environ.get("MONTAGE_SCREENSHOTS", "/tmp/montage-recoupment-shots"))


@pytest.fixture
def demo_data(transactional_db):
    from montage.web.demo import load_demo

    load_demo()


def test_receipt_statement_sent_arrives_at_the_fund_and_is_paid(desk_browser, demo_data):
    from montage.money import format_money
    from montage.web.production.models import Project
    from montage.web.recoupment.models import Statement

    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    base = desk_browser.base
    SHOTS.mkdir(parents=True, exist_ok=True)
    session = desk_browser.session
    producer = session("phare")
    producer.goto(f"{base}/production/projects/{phare.pk}/recoupment/")
    producer.click("#receipts summary")
    form = "#receipts form[action$='receipts/new/']"
    producer.select_option(f"{form} #id_source", "vod")
    producer.fill(f"{form} #id_payer", "Plateforme Essai")
    producer.fill(f"{form} #id_territory", "Belgique")
    producer.fill(f"{form} #id_period_start", "2026-07-01")
    producer.fill(f"{form} #id_period_end", "2026-12-31")
    producer.fill(f"{form} #id_gross", "50.000,00")
    producer.fill(f"{form} #id_commission_rate", "0,1")
    producer.click(f"{form} button[type=submit]")
    assert "Plateforme Essai" in producer.inner_text("#receipts")
    assert format_money(D("45000.00")) in producer.inner_text("#receipts")

    statements = "#statements form"
    producer.fill(f"{statements} #id_period_start", "2026-07-01")
    producer.fill(f"{statements} #id_period_end", "2026-12-31")
    producer.click(f"{statements} button[type=submit]")
    # (no database call in here: playwright's loop runs in this thread)
    row = producer.locator("#statements tbody tr", has_text="01/07/2026").filter(
        has_text="Wallimage")
    statement_id = row.get_attribute("id")
    amount = row.locator("td.num").inner_text()
    row.locator("a").click()
    producer.click("#send")
    producer.screenshot(path=str(SHOTS / "statement-sent.png"), full_page=True)

    analyst = session("wallimage")
    analyst.goto(f"{base}/inbox/")
    assert "Le Phare" in analyst.inner_text("main")
    assert "01/07/2026–31/12/2026" in analyst.inner_text("main")
    analyst.goto(f"{base}/recoupment/statements/")
    row = analyst.inner_text(f"#{statement_id}")
    assert "Le Phare" in row and amount in row
    analyst.click(f"#{statement_id} a")
    analyst.fill("#id_received_on", "2026-11-30")
    analyst.click("#mark-paid")
    analyst.screenshot(path=str(SHOTS / "statement-paid.png"), full_page=True)
    analyst.goto(f"{base}/fund/recoupments/?year=2026")
    page = analyst.inner_text("main")
    assert "Le Phare" in page and "30/11/2026" in page and amount in page
    headline = analyst.inner_text("#receipts-headline")
    desk_browser.close()   # the database again, out of Playwright's loop
    statement = Statement.objects.get(pk=int(statement_id.split("-")[1]))
    assert format_money(statement.amount) == amount
    assert statement.recoupment is not None and statement.recoupment.amount == statement.amount
    assert statement.recoupment.commitment.application.work == phare.work
    # the §6.2 table of 2026 counts it: Le Phare's two paid statements
    from montage.web.fund.models import RecoupmentReceipt
    paid = sum(r.amount for r in RecoupmentReceipt.objects.filter(
        received_on__year=2026, commitment__application__work=phare.work))
    assert format_money(paid) in headline
