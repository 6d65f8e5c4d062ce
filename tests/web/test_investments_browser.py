"""Step 2 in a real browser (Debian's chromium through Playwright, no browser download): the CCA
opens an editor's register, sees the floors and caps, is refused the validation of an
investment without its documents and refuses it (the countable total drops), opens the
smoothing view and records a payment letter and its payment; another editor is refused."""

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in, sync_api


@pytest.fixture
def ids(transactional_db):
    """Demo data and the ids the journey needs, made before the browser starts (the ORM must not
    run inside Playwright's event loop)."""
    from montage.web.contribution.models import EditorProfile, ObligationYear
    from montage.web.investments.models import Investment
    from montage.web.demo import load_demo

    load_demo()
    tele = EditorProfile.objects.get(organisation__name="Télé Demo")
    return {
        "tele_2024": ObligationYear.objects.get(editor=tele, year=2024).pk,
        "training": Investment.objects.get(editor=tele, obligation__year=2024,
                                           category="training").pk,
        "horizon": EditorProfile.objects.get(organisation__name="Vidéo Horizon").pk,
    }


def figures(page) -> str:
    return page.inner_text("#figures").replace("\u202f", " ").replace("\xa0", " ")


def test_cca_validates_smooths_and_records_a_payment(live_server, ids):
    base = live_server.url
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE").new_page()
            log_in(page, base, "cca")
            page.click("header nav >> text=Investissements (étape 2)")
            page.click(f"a[href='/investments/files/{ids['tele_2024']}/']")
            assert "Récapitulatif des investissements 2024 — Télé Demo" in page.inner_text("h1")
            rules = page.inner_text("#rules")
            assert "au moins 35\u00a0% de l'obligation (§3.1)" in rules
            assert "au plus 30\u00a0% de l'obligation (§3.2)" in rules
            assert "au moins 20\u00a0% en écriture et développement (§3.2)" in rules
            assert "comptés double (§3.3)" in rules
            assert "✗ non respecté" in page.inner_text("#rule-commission_development_share")
            page.click("#rules summary")
            assert page.locator("#rules .explanation-read").first.is_visible()

            # the training investment: no document, so no validation; refused, it stops counting
            assert "1 255 000,00 €" in figures(page)
            page.click(f"#investment-{ids['training']} a")
            page.select_option("#decision-form select[name=decision]", "validated")
            page.fill("#decision-form input[name=note]", "Contrat de formation conforme")
            page.click("#decision-form input[type=submit]")
            refusal = page.inner_text(".messages")
            assert "ne peut pas être validé" in refusal
            assert "Contrat de formation signé" in refusal
            assert "à examiner" in page.inner_text("#decision")
            page.select_option("#decision-form select[name=decision]", "refused")
            page.fill("#decision-form input[name=note]", "Organisme hors FWB")
            page.click("#decision-form input[type=submit]")
            assert "refusé" in page.inner_text("#decision")
            assert "Organisme hors FWB" in page.inner_text("#decision")
            page.click("text=Récapitulatif 2024")
            assert "refusé" in page.inner_text(f"#investment-{ids['training']}")
            assert "1 225 000,00 €" in figures(page)

            # the smoothing view of Vidéo Horizon, then its payment
            page.goto(f"{base}/investments/editors/{ids['horizon']}/smoothing/")
            assert "Lissage sur trois ans (§8) — Vidéo Horizon" in page.inner_text("h1")
            owed = page.inner_text("#owed")
            assert "5 980,00 €" in owed.replace("\u202f", " ").replace("\xa0", " ")
            assert "15/02/2027" in owed
            page.click("#owed >> text=Versements au CCA")
            form = page.locator("form.letter-form")
            form.locator("input[name$=letter_sent_on]").fill("2027-01-15")
            form.locator("input[name$=communication]").fill("+++090/0000/59800+++")
            form.locator("input[type=submit]").click()
            assert "courrier envoyé le 15/01/2027" in page.inner_text("#owed")
            pay = page.locator("form.payment-form")
            pay.locator("input[name$=paid_on]").fill("2027-02-12")
            pay.locator("input[name$=paid_amount]").fill("5980.00")
            pay.locator("input[type=submit]").click()
            records = page.inner_text("#records").replace("\u202f", " ").replace("\xa0", " ")
            assert "12/02/2027" in records and "+++090/0000/59800+++" in records
            page.screenshot(path=str(live_server_screenshot("payments")), full_page=True)

            other = browser.new_context(locale="fr-BE").new_page()
            log_in(other, base, "streamflix")
            response = other.goto(f"{base}/investments/files/{ids['tele_2024']}/")
            assert response.status == 403 and "Accès refusé" in other.inner_text("h1")
            response = other.goto(f"{base}/investments/editors/{ids['horizon']}/payments/")
            assert response.status == 403
        finally:
            browser.close()


def live_server_screenshot(name):
    import tempfile
    from pathlib import Path

    return Path(tempfile.gettempdir()) / f"montage-step2-{name}.png"
