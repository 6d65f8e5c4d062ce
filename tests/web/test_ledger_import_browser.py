"""In a real browser: the producer of Le Phare saves a column mapping from a file's headers,
imports an accounting export, follows its progress to the end, imports the same file again
(nothing added), and reads the project dashboard with its SVG charts."""

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

EXPORT = ("Date;Pièce;Tiers;N° TVA;Code postal;Montant HTVA;Libellé\n"
          "03/02/2025;VF-101;Lumières de Namur;BE0403170701;5000;2.450,00;Kit lumière\n"
          "04/02/2025;VF-102;Régie Saint-Gilles;;1060;980,50;Régie plateau\n"
          "05/02/2025;VF-103;Gand Grip;;9000;1.200,00;Machinerie\n")


@pytest.fixture
def phare(transactional_db, tmp_path, monkeypatch):
    from montage.web.production.models import Project
    from montage.web.demo import load_demo

    load_demo()  # the import job runs in the request (the tests' immediate backend)
    path = tmp_path / "export-fevrier.csv"
    path.write_bytes(EXPORT.encode("cp1252"))
    project = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    return {"pk": project.pk, "file": path,
            "lines": project.expenses.count()}


def test_import_journey_and_dashboard(live_server, phare, tmp_path):
    from montage.web.ledger.models import Expense, LedgerImport

    base = live_server.url
    shots = Path(os.environ.get("MONTAGE_SCREENSHOTS", tmp_path))
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE", viewport={"width": 1280,
                                                                 "height": 900}).new_page()
            log_in(page, base, "phare")
            imports_url = f"{base}/production/projects/{phare['pk']}/ledger/imports/"
            page.goto(imports_url)
            page.click("text=Nouvelle correspondance de colonnes")
            page.fill("#id_name", "Export Winbooks")
            page.set_input_files("#id_sample", str(phare["file"]))
            page.click("button[value=headers]")
            assert "Montant HTVA" in page.inner_text("#headers-found")
            for field, header in (("date", "Date"), ("number", "Pièce"),
                                  ("supplier_name", "Tiers"), ("supplier_vat", "N° TVA"),
                                  ("supplier_postal_code", "Code postal"),
                                  ("amount", "Montant HTVA"), ("description", "Libellé")):
                page.fill(f"#id_col_{field}", header)
            page.screenshot(path=str(shots / "ledger-import-mapping.png"), full_page=True)
            page.click("button[value=save]")
            page.wait_for_url(imports_url)
            page.set_input_files("#id_file", str(phare["file"]))
            page.select_option("#id_mapping", label="Export Winbooks")
            page.click("#upload button[type=submit]")
            page.wait_for_selector("#status[data-finished='1']", timeout=20000)
            assert page.inner_text("#added") == "3"
            page.screenshot(path=str(shots / "ledger-import-done.png"), full_page=True)
            # the same file again adds nothing
            page.goto(imports_url)
            page.set_input_files("#id_file", str(phare["file"]))
            page.select_option("#id_mapping", label="Export Winbooks")
            page.click("#upload button[type=submit]")
            page.wait_for_selector("#status[data-finished='1']", timeout=20000)
            assert "déjà été importé" in page.content()
            page.goto(imports_url)
            page.screenshot(path=str(shots / "ledger-import-list.png"), full_page=True)
            page.goto(f"{base}/production/projects/{phare['pk']}/ledger/dashboard/")
            assert page.locator("svg.ledger-chart").count() == 2
            assert page.locator("#obligations tbody tr").count() >= 1
            page.screenshot(path=str(shots / "ledger-dashboard.png"), full_page=True)
        finally:
            browser.close()
    assert LedgerImport.objects.filter(status="done").count() == 1
    assert Expense.objects.filter(project_id=phare["pk"]).count() == phare["lines"] + 3
