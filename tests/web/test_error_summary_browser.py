"""In a real browser: a producer saves a budget line whose rate is not a number; the page comes
back with the line as typed, the summary of errors first in the page, and the eye (the focus)
on the rate field the summary links to."""

import os

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in

if os.environ.get("CI") == "true":
    from playwright import sync_api
else:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def project(transactional_db):
    from montage.web.demo import load_demo
    from montage.web.production.models import BudgetLine

    load_demo()
    line = BudgetLine.objects.filter(version__project__owner__name="Les Films du Phare",
                                     version__locked=False).select_related("account").first()
    return line.version.project_id, line.account_id


def test_a_refused_budget_line_opens_on_its_errors_with_the_field_focused(live_server, project):
    pk, account = project
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE").new_page()
            log_in(page, base, "phare")
            page.goto(f"{base}/production/projects/{pk}/budget/lines/new/")
            page.select_option("#id_account", str(account))
            page.fill("#id_description", "Caméra")
            page.fill("#id_quantity", "1")
            page.fill("#id_rate", "cent euros")
            page.click("button[type=submit]:has-text('Enregistrer la ligne')")
            summary = page.locator("#error-summary")
            summary.wait_for()
            # first in the page's content, above the form
            assert page.evaluate("document.querySelector('main').firstElementChild.id") == \
                "error-summary"
            assert "Le formulaire n’a pas été enregistré" in summary.inner_text()
            link = summary.locator("a[href='#id_rate']")
            label = page.inner_text("label[for=id_rate]").rstrip(" :\u00a0")
            assert link.count() == 1 and link.inner_text().startswith(f"{label} : "), label
            # the eye is on the first erroneous field, the line as typed
            page.wait_for_function("document.activeElement && document.activeElement.id")
            assert page.evaluate("document.activeElement.id") == "id_rate"
            assert page.input_value("#id_rate") == "cent euros"
            assert page.input_value("#id_description") == "Caméra"
            # the summary's link leads back to the field
            page.focus("#id_description")
            link.click()
            assert page.evaluate("document.activeElement.id") == "id_rate"
        finally:
            browser.close()
