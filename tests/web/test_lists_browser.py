"""Search-as-you-type in a real browser (Debian's chromium through Playwright): an editor adding
an investment types three letters of a work's title above the work's <select>, picks the
proposal, and the <select> holds that work; the proposals are the works the editor may see."""

import pytest

from tests.web.factories.registry import PASSWORD
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, sync_api


@pytest.fixture
def ids(transactional_db):
    """The records, made before the browser starts (no ORM inside Playwright's event loop)."""
    from tests.web.factories import contribution, investments, registry

    editor = contribution.editor("Télé Vallée")
    file = contribution.obligation(editor, 2025)
    works = {}
    for title in ("Les Brumes de Meuse", "Brume du matin", "Quartier Nord", "Pixel & Plume"):
        works[title] = investments.investment(file, work=registry.work(title)).work.pk
    registry.work("Brumaire secret")   # no investment of this editor: never proposed
    registry.user("vallee", editor.organisation)
    return {"file": file.pk, **works}


def test_typing_three_letters_picks_a_work(live_server, ids):
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE").new_page()
            page.goto(f"{base}/login/")
            page.fill("#id_username", "vallee")
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/investments/files/{ids['file']}/investments/new/")
            box = page.locator("input.choose")
            assert box.get_attribute("placeholder") == "tapez un titre"
            with page.expect_response(lambda r: "/works/search.json" in r.url):
                box.press_sequentially("Bru")
            options = page.locator("datalist option")
            options.first.wait_for(state="attached")
            proposed = sorted(o.get_attribute("value") for o in options.all())
            assert proposed == ["Brume du matin", "Les Brumes de Meuse"]
            assert "Brumaire secret" not in proposed
            box.fill("Les Brumes de Meuse")       # what picking a proposal types
            assert page.input_value("select[name=work]") == str(ids["Les Brumes de Meuse"])
        finally:
            browser.close()
