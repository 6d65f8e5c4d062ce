"""In a real browser: the producer reads on the dashboard where the Wallimage ratio ends at the
current rate of spend, follows the link to the pre-check and reads each rule's verdict and its
explanation (docs/web-desks.md, "Pre-check"). Debian's chromium, never `playwright install`."""

import os
import re

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in

if os.environ.get("CI") == "true":
    from playwright import sync_api
else:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def demo_data(transactional_db):
    from montage.web.demo import load_demo

    load_demo()


def test_the_dashboard_links_to_the_precheck(live_server, demo_data):
    from django.utils import timezone

    from montage.web.ledger import precheck
    from montage.web.production.models import Project

    project = Project.objects.get(work__title="Le Phare")
    # the figure both pages must show (read before the browser's event loop runs)
    result = precheck.precheck(project, timezone.localdate())
    ratios = [precheck.percent(r.projection.ratio) for r in result.rows
              if r.projection is not None and r.projection.ratio is not None]
    assert ratios
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE").new_page()
            log_in(page, live_server.url, "phare")
            page.goto(f"{live_server.url}/production/projects/{project.pk}/ledger/dashboard/")
            sentence = page.inner_text("p.projected")
            match = re.search(r"le ratio Wallimage finit à (\d+) % contre (\d+) % engagés",
                              sentence.replace("\u202f", " ").replace("\xa0", " "))
            assert match, sentence
            page.click("p.projected >> text=Comment c'est projeté")
            page.wait_for_selector("#precheck")
            assert "Pré-contrôle de la conformité projetée" in page.inner_text("h1")
            rows = page.inner_text("#precheck")
            assert "Wallimage" in rows and "Le ratio projeté finit à" in rows
            # the page and the dashboard: one projection
            assert f"finit à {match.group(1)} % contre {match.group(2)} %" in \
                rows.replace("\u202f", " ").replace("\xa0", " ")
            assert page.locator("section[id^=rule-] ol.explanation li").count() >= 3
            assert "Dépenses wallonnes minimales" in page.inner_text("section[id^=rule-]")
            assert int(match.group(1)) in ratios
        finally:
            browser.close()
