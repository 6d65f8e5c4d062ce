"""In a real browser, the producer's first journey on the production desk: create a project, add
a budget line, read the top sheet, add a financing source and see the gap. Debian's chromium,
never `playwright install`."""

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

SHOTS = Path(os.environ.get("MONTAGE_SCREENSHOTS", "/tmp/montage-production-shots"))


@pytest.fixture
def demo_data(transactional_db):
    from montage.web.demo import load_demo

    load_demo()


def test_project_budget_top_sheet_financing_gap(live_server, demo_data):
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE",
                                       viewport={"width": 1400, "height": 1000}).new_page()
            log_in(page, base, "phare")
            page.click("header >> text=Production")
            assert "Le Phare" in page.inner_text("table.projects")
            page.screenshot(path=str(SHOTS / "projects.png"), full_page=True)

            page.click("#new-project")
            page.fill("#id_title", "Les Dunes")
            page.select_option("#id_work_type", "feature")
            page.fill("#id_genre", "comédie")
            page.select_option("#id_initiative", "belgium")
            page.select_option("#id_status", "development")
            page.select_option("#id_position", "sole")
            page.click("text=Créer le projet")
            assert "Les Dunes" in page.inner_text("h1")

            page.click(".prod-nav >> text=Budget")
            page.click("#add-line")
            page.select_option("#id_account", label="02.01 Réalisation")
            page.fill("#id_description", "Réalisateur")
            page.fill("#id_quantity", "10")
            page.fill("#id_unit", "semaine")
            page.fill("#id_rate", "3 000,00")
            page.click("text=Enregistrer la ligne")
            assert "30\u202f000,00\u00a0€" in page.inner_text("#budget-total")

            page.click(".prod-nav >> text=Récapitulatif (top sheet)")
            assert "30\u202f000,00\u00a0€" in page.inner_text("#grand-total")
            assert "Personnel" in page.inner_text("table.top-sheet")
            page.screenshot(path=str(SHOTS / "top_sheet.png"), full_page=True)

            page.click(".prod-nav >> text=Plan de financement")
            page.click("#add-source")
            page.select_option("#id_source_type", "equity")
            page.fill("#id_label", "Fonds propres")
            page.fill("#id_amount", "12 000")
            page.select_option("#id_status", "contracted")
            page.fill("#id_contracted_on", "2025-03-01")
            page.click("text=Enregistrer la source")
            assert "18\u202f000,00\u00a0€" in page.inner_text("#plan-gap")
            assert "à trouver" in page.inner_text("#plan-gap")
            page.screenshot(path=str(SHOTS / "financing.png"), full_page=True)

            # the demo feature's pages, for a look
            page.goto(base + "/production/projects/")
            page.click("text=Le Phare")
            page.screenshot(path=str(SHOTS / "project.png"), full_page=True)
            page.click(".prod-nav >> text=Plan de financement")
            page.screenshot(path=str(SHOTS / "phare_financing.png"), full_page=True)
            page.click(".prod-nav >> text=Suivi des coûts")
            page.screenshot(path=str(SHOTS / "phare_cost_report.png"), full_page=True)
            page.click(".prod-nav >> text=Budget")
            page.screenshot(path=str(SHOTS / "phare_budget.png"), full_page=True)
        finally:
            browser.close()
