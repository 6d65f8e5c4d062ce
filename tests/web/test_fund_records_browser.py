"""In a real browser, the fund's records: the analyst records a repayment of a cash-flow loan
and sees the outstanding and the yield change, then cancels a 2024 commitment and sees the
amount released to the envelope and the annual report's total drop.
Debian's chromium, never `playwright install`."""

import os
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
NNBSP, NBSP = "\u202f", "\u00a0"


def money(text: str) -> str:
    return text.replace(" ", NNBSP).replace(NNBSP + "€", NBSP + "€")


@pytest.fixture
def demo_data(transactional_db):
    from montage.web.demo import load_demo

    load_demo()


def test_repayment_updates_outstanding_and_cancellation_releases_the_envelope(live_server,
                                                                               demo_data):
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE",
                                       viewport={"width": 1280, "height": 1000}).new_page()
            log_in(page, base, "wallimage")
            page.goto(f"{base}/fund/film-office/")
            assert money("6 233 802,05 €") in page.inner_text("#estimate")
            page.screenshot(path=str(SHOTS / "film-office.png"), full_page=True)
            page.goto(f"{base}/fund/enterprise/")
            assert "9,13" in page.inner_text("#yield-report")
            page.screenshot(path=str(SHOTS / "enterprise.png"), full_page=True)
            page.click("text=Ardenne Films")
            loan = page.locator("section.instrument").first
            assert money("300 000,00 €") in loan.locator(".outstanding").inner_text()
            page.select_option("#id_instrument", index=1)
            page.select_option("#id_kind", "repayment")
            page.fill("#id_occurred_on", "2025-08-03")
            page.fill("#id_amount", "100000.00")
            page.fill("#id_note", "Remboursement anticipé partiel")
            page.click("#movement-form button[type=submit]")
            assert "Mouvement enregistré" in page.inner_text(".messages")
            loan = page.locator("section.instrument").first
            assert money("200 000,00 €") in loan.locator(".outstanding").inner_text()
            # 2 250 € of interest on 100 000 € exited: 2,25 %
            assert "2,25" in page.inner_text("#position")
            assert "remboursement du capital" in page.inner_text("#audit").lower() or \
                "montant" in page.inner_text("#audit")
            page.screenshot(path=str(SHOTS / "enterprise-company.png"), full_page=True)

            # a 2024 commitment cancelled: released to its envelope, out of the report
            page.goto(f"{base}/fund/report/")
            assert money("4 784 800,00 €") in page.inner_text("body")
            page.goto(f"{base}/fund/calls/")
            page.click("text=Coproductions 2024 — prises de vues réelles")
            page.click("a:text-is('Jeunes Mères')")
            page.click("text=Engagement et tranches")
            page.fill("#id_cancelled_on", "2025-03-01")
            page.fill("#id_reason", "Le tournage n'a pas eu lieu.")
            page.click("#cancel-form button[type=submit]")
            assert "Engagement annulé" in page.inner_text(".messages")
            assert "325" in page.inner_text("#cancellation")
            page.screenshot(path=str(SHOTS / "commitment-cancelled.png"), full_page=True)
            page.goto(f"{base}/fund/report/")
            assert money("4 459 800,00 €") in page.inner_text("body")
        finally:
            browser.close()
