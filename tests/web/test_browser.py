"""In a real browser (Debian's chromium driven by Playwright): an editor sees only its own file,
and another editor is refused it.

Needs `apt-get install -y chromium` and the `playwright` Python package; never
`playwright install` (no browser download). Skipped only when /usr/bin/chromium is missing and
CI is not "true": in CI a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

if os.environ.get("CI") == "true":
    from playwright import sync_api  # in CI the browser test must run: no skip
else:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def files(transactional_db):
    """Demo data and the two editors' 2024 files, made before the browser starts (the ORM must
    not run inside Playwright's event loop)."""
    from montage.web.contribution.models import ObligationYear
    from montage.web.demo import load_demo

    load_demo()
    return {editor: ObligationYear.objects.get(editor__organisation__name=editor, year=2024).pk
            for editor in ("Télé Demo", "StreamFlix Europe")}


def log_in(page, base, username, password="montage-demo"):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


def test_editor_sees_only_its_file_and_another_editor_is_refused(live_server, files):
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            context = browser.new_context(locale="fr-BE")
            page = context.new_page()
            log_in(page, base, "tele.demo")
            page.click("text=Dossiers d’obligation")
            rows = page.locator("table tbody tr").all_inner_texts()
            assert rows and all("Télé Demo" in row for row in rows)
            assert "StreamFlix" not in page.content()
            page.click("a[href='/obligations/%d/']:has-text('Télé Demo')" % files["Télé Demo"])
            assert "Obligation de contribution 2024 — Télé Demo" in page.inner_text("h1")
            assert page.locator("#turnover").is_visible()
            response = page.goto(f"{base}/obligations/{files['StreamFlix Europe']}/")
            assert response.status == 403 and "Accès refusé" in page.inner_text("h1")
            context.close()

            other = browser.new_context(locale="fr-BE").new_page()
            log_in(other, base, "streamflix")
            response = other.goto(f"{base}/obligations/{files['Télé Demo']}/")
            assert response.status == 403 and "Accès refusé" in other.inner_text("h1")
            response = other.goto(f"{base}/obligations/{files['StreamFlix Europe']}/")
            assert response.status == 200 and "StreamFlix Europe" in other.inner_text("h1")
        finally:
            browser.close()
