"""In a real browser, the desks' chain (docs/web-desks.md), through pages only: a broadcaster
links its investment to the producer's financing plan, the producer confirms and shares the
proof list from its ledger, the CCA reads it and sees both sides agree. Debian's chromium,
never `playwright install`.

The chain's first part (the producer builds a project and applies, the analyst asks and the
producer answers, the board decides, the commitment becomes the producer's contracted source,
the producer imports invoices and sends a spend report, the analyst rejects a line and
releases the tranche) is tested page by page in test_desks_fund_link.py and
test_desks_spend_reports.py; its browser walk is still to write here (see docs/web-desks.md,
"Not done yet")."""

import datetime as dt
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

SHOTS = Path(os.environ.get("MONTAGE_SCREENSHOTS", "/tmp/montage-desks-shots"))


@pytest.fixture
def chain(transactional_db):
    """The demo, and Télé Demo's pre-purchase of Nuit Blanche from Les Films du Phare, not yet
    linked to its plan."""
    from montage.web.demo import load_demo
    from montage.web.investments.models import Investment
    from montage.web.production.models import Project

    load_demo()
    project = Project.objects.get(work__title="Nuit Blanche")
    tele = Investment.objects.filter(editor__organisation__name="Télé Demo").first().editor
    investment = Investment.objects.create(
        editor=tele, obligation=tele.obligations.get(year=2025), work=project.work,
        category="prepurchase", producer=project.owner.company, amount=Decimal("40000.00"),
        document_date=dt.date(2025, 6, 2))
    return project, investment


def test_broadcaster_links_producer_shares_cca_reads(live_server, chain):
    from montage.web.production import investment_link

    project, investment = chain
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)

        def session(username):
            page = browser.new_context(locale="fr-BE",
                                       viewport={"width": 1280, "height": 1000}).new_page()
            log_in(page, base, username)
            return page

        try:
            # pre-check: added when the pre-check page lands
            editor = session("tele.demo")
            editor.goto(f"{base}/investments/investments/{investment.pk}/")
            editor.click("#link-propose input[type=submit]")
            assert "en attente de confirmation" in editor.inner_text("#source-link")

            producer = session("phare")
            producer.goto(f"{base}/inbox/")
            assert "Nuit Blanche" in producer.inner_text("main")
            producer.goto(f"{base}/production/projects/{project.pk}/financing/")
            producer.click("#investment-links")
            producer.click("form[id^=confirm-] input[type=submit]")
            assert "Lien confirmé" in producer.inner_text("main")
            producer.click("form[id^=share-] input[type=submit]")
            assert "Liste de preuves" in producer.inner_text("h1")
            proof_url = producer.url
            producer.screenshot(path=str(SHOTS / "proof-list.png"), full_page=True)

            cca = session("cca")
            cca.goto(f"{base}/inbox/")
            assert "Nuit Blanche" in cca.inner_text("main")
            cca.goto(proof_url)
            assert "Toujours manquant" in cca.inner_text("#figures")
            cca.goto(f"{base}/investments/investments/{investment.pk}/")
            assert "concordent" in cca.inner_text("#source-link")
            cca.screenshot(path=str(SHOTS / "cca-investment.png"), full_page=True)

            # another producer and a fund see nothing of it
            for username in ("ardenne", "wallimage"):
                other = session(username)
                response = other.goto(proof_url)
                assert response.status == 403, username
        finally:
            browser.close()
    assert investment_link.disagreements() == []
