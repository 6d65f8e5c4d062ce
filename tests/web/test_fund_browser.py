"""In a real browser: the fund analyst opens the annual report, the reconciliation page and
downloads the workbook (from its job's page); an editor is refused. Debian's chromium, never `playwright install`."""

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in

if os.environ.get("CI") == "true":
    from playwright import sync_api
else:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api")

SHOTS = Path(os.environ.get("MONTAGE_SCREENSHOTS", "/tmp/montage-fund-shots"))


@pytest.fixture
def demo_data(transactional_db):
    from montage.web.demo import load_demo

    load_demo()


def test_analyst_opens_report_reconciliation_and_downloads_workbook(live_server, demo_data):
    from openpyxl import load_workbook

    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            context = browser.new_context(locale="fr-BE", accept_downloads=True,
                                          viewport={"width": 1280, "height": 900})
            page = context.new_page()
            log_in(page, base, "wallimage")
            page.click("text=Rapport annuel du fonds")
            assert "Rapport annuel Wallimage 2024" in page.inner_text("h1")
            headline = page.inner_text("table.headline")
            assert "30\u202f557\u202f289,12\u00a0€" in headline and "638,63\u00a0%" in headline
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "report.png"))
            page.locator("#t-2\\.2\\.2\\.2").screenshot(path=str(SHOTS / "table-2222.png"))

            page.click("text=Voir les différences")
            assert "Rapprochement" in page.inner_text("h1")
            differences = page.inner_text("table.differences >> nth=0")
            assert "30.557.286€" in differences and "62,68%" in differences
            page.screenshot(path=str(SHOTS / "reconciliation.png"), full_page=False)

            # the workbook is a job of the queue (run as it is queued here); its page offers it
            page.click("text=Classeur (.xlsx)")
            assert "Rapport annuel du fonds (.xlsx)" in page.inner_text("h1")
            assert "terminée" in page.inner_text("#status")
            with page.expect_download() as info:
                page.click("#download")
            download = info.value
            assert download.suggested_filename == "wallimage-2024-tables.xlsx"
            book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
            total = next(row for row in book["7.1"].iter_rows(values_only=True)
                         if row[0] == "TOTAL GÉNÉRAL")
            assert Decimal(str(total[7])) == Decimal("46231969.51")
            context.close()

            other = browser.new_context(locale="fr-BE").new_page()
            log_in(other, base, "tele.demo")
            assert "Rapport annuel du fonds" not in other.inner_text("header")
            response = other.goto(f"{base}/fund/report/")
            assert response.status == 403
        finally:
            browser.close()
