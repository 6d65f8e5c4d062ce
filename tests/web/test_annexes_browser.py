"""In a real browser: an editor downloads the Formulaire CA from its obligation file, then
uploads a bad workbook and sees the error naming file, row and column; nothing is stored."""

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

SCREENSHOTS = os.environ.get("MONTAGE_SCREENSHOTS")  # a folder to keep screenshots in


@pytest.fixture
def file(transactional_db):
    from montage.web.contribution.models import ObligationYear
    from montage.web.demo import load_demo

    load_demo()
    obligation = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2025)
    lines = sorted(obligation.declaration.lines.values_list("pk", "amount"))
    return obligation.pk, lines


def test_download_a_workbook_and_upload_a_bad_one(live_server, file, tmp_path):
    from openpyxl import load_workbook

    pk, lines_before = file
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE", accept_downloads=True).new_page()
            log_in(page, base, "tele.demo")
            page.goto(f"{base}/obligations/{pk}/")
            page.click("text=Importer un classeur")
            assert page.inner_text("h1") == "Documents 2025 — Télé Demo"
            with page.expect_download() as info:
                page.click("#documents tr:has-text('Formulaire CA') a:has-text('Télécharger')")
            download = info.value
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            assert saved.name.startswith("formulaire-ca-") and saved.suffix == ".xlsx"
            sheet = load_workbook(saved)["Formulaire CA"]
            assert sheet["B2"].value == "Télé Demo"

            book = load_workbook(saved)
            sheet = book["Formulaire CA"]
            row = next(r for r in range(1, sheet.max_row + 1)
                       if sheet.cell(r, 3).value == "Publicité")
            sheet.cell(row, 5).value = "abc"
            bad = tmp_path / "formulaire-ca.xlsx"
            book.save(bad)
            page.set_input_files("#import-formulaire_ca input[type=file]", str(bad))
            page.click("#import-formulaire_ca button[type=submit]")
            errors = page.locator("#import-errors")
            errors.wait_for()
            assert (f"formulaire-ca.xlsx:{row}: E (montant): attendu un montant "
                    "comme 1234,56, reçu « abc »") in errors.inner_text()
            assert "rien n'a été enregistré" in errors.inner_text()
            if SCREENSHOTS:
                page.screenshot(path=str(Path(SCREENSHOTS) / "exchange-error.png"),
                                full_page=True)
                page.goto(f"{base}/obligations/{pk}/")
                page.screenshot(path=str(Path(SCREENSHOTS) / "exchange-detail.png"))
        finally:
            browser.close()
    from montage.web.contribution.models import ObligationYear

    obligation = ObligationYear.objects.get(pk=pk)
    assert sorted(obligation.declaration.lines.values_list("pk", "amount")) == lines_before
