"""In a real browser (Debian's chromium driven by Playwright): an editor logs in, opens the API's
interactive documentation from the menu, reads its own files through the API with the session,
gets a token (the docs page supplies the CSRF token) and uses it; another editor's file is 403.

Same launch rules as test_browser.py: never `playwright install`; skipped only when
/usr/bin/chromium is missing and CI is not "true".
"""

import os

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in

if os.environ.get("CI") == "true":
    from playwright import sync_api
else:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api")

SCREENSHOT = os.environ.get("MONTAGE_API_SCREENSHOT")  # e.g. /tmp/api-docs.png, to look at it


@pytest.fixture
def files(transactional_db):
    from montage.web.contribution.models import ObligationYear
    from montage.web.demo import load_demo

    load_demo()
    return {editor: ObligationYear.objects.get(editor__organisation__name=editor, year=2024).pk
            for editor in ("Télé Demo", "StreamFlix Europe")}


def test_editor_uses_the_api_from_its_browser_session(live_server, files):
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE",
                                       viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, base, "tele.demo")
            page.click("nav >> text=API")
            page.wait_for_url(f"{base}/api/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=15000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            assert "/api/obligations" in paths and "/api/editors/{pk}/evaluation" in paths
            assert "Connecté en tant que tele.demo" in page.inner_text(".montage-bar")
            if SCREENSHOT:
                page.screenshot(path=SCREENSHOT, full_page=False)

            result = page.evaluate("""async (files) => {
                const csrf = document.body.dataset.csrfToken;
                const own = await fetch('/api/obligations');
                const other = await fetch('/api/obligations/' + files.other);
                const token = await (await fetch('/api/token', {method: 'POST',
                    headers: {'X-CSRFToken': csrf}})).json();
                const me = await (await fetch('/api/me', {credentials: 'omit',
                    headers: {'Authorization': 'Bearer ' + token.token}})).json();
                const noCsrf = await fetch('/api/token', {method: 'POST'});
                return {own: await own.json(), other: other.status, me: me.username,
                        noCsrf: noCsrf.status};
            }""", {"other": files["StreamFlix Europe"]})
            assert {f["editor"]["name"] for f in result["own"]} == {"Télé Demo"}
            assert result["other"] == 403
            assert result["me"] == "tele.demo"
            assert result["noCsrf"] == 403
        finally:
            browser.close()


def test_editor_files_a_line_and_a_document_through_the_api_in_its_browser(live_server, files,
                                                                          settings, tmp_path):
    """The pages' operations from the browser session: a Formulaire CA line (JSON) and a
    document (multipart FormData), both with the docs page's CSRF token; then the download."""
    from montage.web.contribution.models import ObligationYear

    settings.MEDIA_ROOT = tmp_path
    draft = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2026)
    service = draft.editor.services.order_by("pk")[0].pk
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE",
                                       viewport={"width": 1280, "height": 900}).new_page()
            log_in(page, base, "tele.demo")
            page.goto(f"{base}/api/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=15000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            assert "/api/obligations/{pk}/turnover-lines" in paths
            assert "/api/attachments/{pk}" in paths
            if SCREENSHOT:
                page.locator("#operations-tag-step_1").scroll_into_view_if_needed()
                page.screenshot(path=SCREENSHOT.replace(".png", "-step1.png"), full_page=False)
            result = page.evaluate("""async (args) => {
                const csrf = document.body.dataset.csrfToken;
                const line = await fetch(`/api/obligations/${args.file}/turnover-lines`, {
                    method: 'POST', headers: {'X-CSRFToken': csrf,
                                              'Content-Type': 'application/json'},
                    body: JSON.stringify({service: args.service, category: 'teleshopping',
                                          market: 'all', amount: '12500.00'})});
                const form = new FormData();
                form.append('kind', 'accounts');
                form.append('file', new Blob(['comptes 2025'], {type: 'application/pdf'}),
                            'comptes.pdf');
                const upload = await fetch(`/api/obligations/${args.file}/attachments`, {
                    method: 'POST', headers: {'X-CSRFToken': csrf}, body: form});
                const doc = await upload.json();
                const download = await fetch(`/api/attachments/${doc.id}`);
                return {line: line.status, amount: (await line.json()).amount,
                        upload: upload.status, text: await download.text()};
            }""", {"file": draft.pk, "service": service})
            assert result == {"line": 201, "amount": "12500.00", "upload": 201,
                              "text": "comptes 2025"}
        finally:
            browser.close()
