"""In a real browser, the fund desk's first journey: the analyst opens the pilots call, records
an application and scores it, the board accepts it, the analyst signs the commitment, releases
the first tranche at signature and, once the verified spend is typed, the second.
Debian's chromium, never `playwright install`."""

import os
from pathlib import Path

import pytest

from tests.web.test_browser import CHROMIUM

if os.environ.get("CI") != "true":  # in CI the browser test must run: no skip
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")

SHOTS = Path(os.environ.get("MONTAGE_SCREENSHOTS", "/tmp/montage-fund-shots"))
PILOTS = "Appel à projets pilotes de formats TV 2025 (RTBF)"


@pytest.fixture
def demo_data(transactional_db):
    from montage.web.demo import load_demo

    load_demo()


def test_call_application_decision_commitment_and_tranche(desk_browser, demo_data):
    base = desk_browser.base
    SHOTS.mkdir(parents=True, exist_ok=True)
    session = desk_browser.session
    analyst = session("wallimage")
    analyst.click("header >> text=Appels à projets")
    analyst.click(f"text={PILOTS}")
    assert PILOTS in analyst.inner_text("h1")
    assert "75\u202f000,00\u00a0€" in analyst.inner_text("#envelope-used")
    analyst.screenshot(path=str(SHOTS / "call.png"), full_page=True)

    analyst.click("text=Enregistrer une candidature")
    analyst.select_option("#id_work", label="Les Brumes de Meuse")
    analyst.select_option("#id_applicant", label="Ardenne Films")
    analyst.fill("#id_submitted_on", "2025-04-20")
    analyst.fill("#id_amount_requested", "30000")
    analyst.fill("#id_walloon_spend_committed", "40000")
    analyst.fill("#id_broadcaster", "RTBF")
    analyst.click("text=Enregistrer la candidature")
    assert "Les Brumes de Meuse" in analyst.inner_text("h1")
    checks = analyst.inner_text("#checks")
    assert "133,33\u00a0%" in checks and "75\u202f000,00\u00a0€" in checks
    analyst.fill("#id_score", "8")
    analyst.fill("#id_score_comment", "Concept solide")
    analyst.select_option("#id_proposal", "accept")
    analyst.fill("#id_proposed_amount", "30000")
    analyst.click("text=Enregistrer l'évaluation")
    assert "Évaluée" in analyst.inner_text("#status").capitalize()
    url = analyst.url

    board = session("wallimage.board")
    board.goto(url)
    board.select_option("#id_outcome", "accepted")
    board.fill("#id_decided_on", "2025-06-04")
    board.fill("#id_note", "Accepté en séance")
    board.screenshot(path=str(SHOTS / "application-board.png"), full_page=True)
    board.click("text=Enregistrer la décision")
    assert "Acceptée" in board.inner_text("#status").capitalize()
    assert "Signer l'engagement" not in board.content()

    analyst.goto(url)
    analyst.fill("#id_signed_on", "2025-06-20")
    analyst.click("#commitment-form button")
    assert "Engagement" in analyst.inner_text("h1")
    assert "tranche 1 doit d'abord" in analyst.inner_text("#tranche-2")
    analyst.fill("#tranche-1 input[name=released_on]", "2025-06-27")
    analyst.click("#tranche-1 button")
    assert "27/06/2025" in analyst.inner_text("#tranche-1")
    assert "15\u202f000,00\u00a0€" in analyst.inner_text("#released")
    assert "n’ont pas atteint" in analyst.inner_text("#tranche-2")  # spend not verified

    analyst.fill("#id_verified_spend", "20000")
    analyst.fill("#id_verified_spend_source", "Factures contrôlées au 30/09/2025")
    analyst.click("text=Enregistrer les retombées vérifiées")
    analyst.fill("#tranche-2 input[name=released_on]", "2025-10-01")
    analyst.click("#tranche-2 button")
    assert "01/10/2025" in analyst.inner_text("#tranche-2")
    assert "22\u202f500,00\u00a0€" in analyst.inner_text("#released")
    analyst.screenshot(path=str(SHOTS / "commitment.png"), full_page=True)

    other = session("tele.demo")
    assert "Appels à projets" not in other.inner_text("header")
    assert other.goto(url).status == 403
