"""In a real browser (Debian's chromium driven by Playwright): the producer adds a supplier,
records an invoice, sees it counted on the Wallimage obligation page and downloads the Walloon
spend statement. Screenshots go to $LEDGER_SCREENSHOTS when set (to look at the pages)."""

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from montage.web.annexes.sheets import read_money
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in, sync_api


@pytest.fixture
def records(transactional_db):
    """Demo data, made before the browser starts (the ORM must not run in Playwright's loop)."""
    from montage.web.production.models import FinancingSource, Project
    from montage.web.demo import load_demo

    load_demo()
    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    nuit = Project.objects.get(work__title="Nuit Blanche", owner__name="Les Films du Phare")
    return {"phare": phare.pk, "nuit": nuit.pk,
            "wallimage": FinancingSource.objects.get(project=phare, rule="wallimage").pk,
            "nuit_wallimage": FinancingSource.objects.get(project=nuit, rule="wallimage").pk,
            "spillover": FinancingSource.objects.get(project=phare, rule="spillover").pk}


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def shot(page, name):
    folder = os.environ.get("LEDGER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_producer_adds_supplier_records_invoice_and_downloads_statement(live_server, records):
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            context = browser.new_context(locale="fr-BE", accept_downloads=True,
                                          viewport={"width": 1400, "height": 900})
            page = context.new_page()
            log_in(page, base, "phare")

            # the supplier registry: a wrong postal code is refused, then the supplier is added
            page.click("nav >> text=Fournisseurs")
            shot(page, "suppliers")
            page.click("text=Ajouter un fournisseur")
            page.fill("#id_name", "Travelling Charleroi")
            page.fill("#id_enterprise_number", "0403170701")
            page.fill("#id_vat_number", "BE 0403.170.701")
            page.fill("#id_registered_street", "Rue de la Montagne 12")
            page.fill("#id_registered_postal_code", "6099")
            page.fill("#id_registered_city", "Charleroi")
            page.select_option("#id_audiovisual_activity", "true")
            page.fill("#id_nace_codes", "77.39")
            page.click("text=Enregistrer le fournisseur")
            assert "6099" in page.inner_text(".errorlist")
            page.fill("#id_registered_postal_code", "6000")
            page.click("text=Enregistrer le fournisseur")
            assert page.inner_text("h1") == "Travelling Charleroi"
            territory = page.inner_text("#territory")
            assert "Charleroi" in territory and "Région wallonne" in territory
            assert "région de langue française" in territory
            shot(page, "supplier")

            # the ledger: record an invoice
            page.goto(f"{base}/production/projects/{records['phare']}/ledger/")
            shot(page, "ledger")
            page.click("text=Enregistrer une facture")
            page.select_option("#id_supplier", label="Travelling Charleroi")
            page.fill("#id_number", "TC-2025-77")
            page.fill("#id_date", "2025-04-22")
            page.select_option("#id_account", label="07.02 Matériel électrique et machinerie")
            page.fill("#id_description", "Travelling et rails — 5 jours")
            page.fill("#id_amount_excl_vat", "7350.00")
            page.click("button:has-text('Enregistrer')")
            assert "TC-2025-77" in page.inner_text("h1")
            row = page.locator("tr[data-rule=wallimage]")
            assert row.locator(".verdict").inner_text() == "oui"
            assert "7 350,00" in plain(row.inner_text())
            shot(page, "expense")

            # counted on the Wallimage obligation page, then the statement
            page.click("tr[data-rule=wallimage] >> a")
            assert "Wallimage" in page.inner_text("h1")
            line = page.locator("#lines tr.line", has_text="TC-2025-77")
            if not line.count():  # on a later page of lines
                page.click("#lines >> text=suivante")
                line = page.locator("#lines tr.line", has_text="TC-2025-77")
            assert "7 350,00" in plain(line.inner_text())
            shot(page, "obligation")
            with page.expect_download() as info:
                page.click("#download")
            download = info.value
            assert download.suggested_filename.startswith("wallimage-depenses-wallonnes")
            sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
            rows = list(sheet.iter_rows(values_only=True))
            mine = next(r for r in rows if r[4] == "TC-2025-77")
            assert read_money(mine[6]) == Decimal("7350.00") == read_money(mine[7])

            # the obligations overview and Nuit Blanche's shortfall
            page.goto(f"{base}/production/projects/{records['phare']}/ledger/obligations/")
            shot(page, "obligations")
            page.goto(f"{base}/production/projects/{records['nuit']}/ledger/obligations/"
                      f"{records['nuit_wallimage']}/")
            assert "57 100,00" in plain(page.inner_text("#shortfall"))
            shot(page, "nuit_blanche")
            page.goto(f"{base}/production/projects/{records['phare']}/ledger/obligations/"
                      f"{records['spillover']}/")
            shot(page, "spillover")
            context.close()

            other = browser.new_context(locale="fr-BE").new_page()
            log_in(other, base, "ardenne")
            response = other.goto(f"{base}/production/projects/{records['phare']}/ledger/")
            assert response.status == 403
        finally:
            browser.close()
