"""In a real browser, the desks' whole chain (docs/web-desks.md), through pages only, four users
on one set of records (Debian's chromium, never `playwright install`):

the producer creates its project (the production desk's new project page) and enters its
budget (one line of 50 000 € planned with a Walloon studio of the shared registry, in Namur),
pre-checks and applies to the fund's open call with the documents it asks for; the analyst asks a question, the producer answers; the analyst scores,
the board accepts; the signed commitment is the producer's contracted source, its first tranche
released; the producer imports its invoices and sends the spend report of the second tranche;
the analyst rejects a line (the verified total follows) and releases the tranche on the rest;
the producer's source shows it received. The broadcaster links its pre-purchase to the
producer's plan, the producer confirms and shares the proof list (Liste Preuves Invest) and
the CCA reads it, and nothing else of the ledger. Every step lands in the other desk's inbox.

The other desks' records are small (tests/web/factories/desks.py `other_desks`: the fund's
call, the studio, the broadcaster's file, the CCA), not the demo; the broadcaster's pre-purchase
names the producer's work, so the factory's `pre_purchase` records it once the producer has
created the project. The figures are worked by hand below.
"""

import os
import re
from pathlib import Path

import pytest

from tests.web.test_browser import CHROMIUM

if os.environ.get("CI") != "true":  # in CI the browser test must run: no skip
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")

SHOTS = Path(os.environ.get("MONTAGE_SCREENSHOTS", "/tmp/montage-desks-shots"))
CALL = "Session de coproduction d'essai"

# The producer's accounting export: four Walloon suppliers (the fund's rule counts them:
# 8 000 + 7 500 + 6 000 + 2 450 = 23 950,00 €), one in Brussels (the French Community's rule
# counts it too: 24 930,50 €) and one in Ghent (neither).
EXPORT = ("Date;Facture;Fournisseur;Code postal;Montant HTVA;Libellé;Activité AV\n"
          "02/10/2026;FG-201;Lumières de Namur;5000;8.000,00;Kit lumière;oui\n"
          "09/10/2026;FG-202;Caméras de Liège;4000;7.500,00;Caméras;oui\n"
          "16/10/2026;FG-203;Grip de Wavre;1300;6.000,00;Machinerie;oui\n"
          "23/10/2026;FG-204;Traiteur du Gué;5000;2.450,00;Repas de l'équipe;oui\n"
          "06/11/2026;FG-205;Régie Saint-Gilles;1060;980,50;Régie plateau;oui\n"
          "13/11/2026;FG-206;Gand Grip;9000;1.200,00;Travelling;oui\n")


def plain(text: str) -> str:
    """The page's text with its narrow and non-breaking spaces as plain spaces: "1 234,56 €"."""
    return re.sub("[\u202f\u00a0]", " ", text)


@pytest.fixture
def desks(transactional_db, tmp_path):
    from tests.web.factories.desks import other_desks

    records = other_desks()   # the fund's, the broadcaster's and the CCA's; no project yet
    export = tmp_path / "export-gue-novembre.csv"
    export.write_bytes(EXPORT.encode("cp1252"))
    scenario, quote = tmp_path / "scenario.pdf", tmp_path / "devis-signe.pdf"
    scenario.write_bytes(b"%PDF-1.4 scenario")
    quote.write_bytes(b"%PDF-1.4 devis")
    return {"records": records, "export": export, "scenario": scenario, "quote": quote}


def test_four_desks_walk_the_whole_chain(desk_browser, desks):
    from montage.web.fund.models import Application, SpendReport
    from montage.web.ledger.models import Expense
    from montage.web.production import fund_link, investment_link
    from tests.web.factories.desks import PASSWORD

    from montage.web.production.models import Project
    from tests.web.factories.desks import pre_purchase

    base = desk_browser.base
    SHOTS.mkdir(parents=True, exist_ok=True)

    def session(username):
        return desk_browser.session(username, PASSWORD)

    def text(page, selector="main"):
        return plain(page.inner_text(selector))

    def open_from_inbox(page, event):
        """The desk's inbox holds `event`; open its record from there."""
        page.goto(f"{base}/inbox/")
        item = page.locator("ul.inbox-items li.unread", has_text=event).first
        assert item.count(), (event, text(page))
        item.locator("button[name=open]").click()

    # -- the producer builds its project and its budget ------------------------------
    producer = session("producteur")
    producer.goto(f"{base}/production/projects/")
    producer.click("#new-project")
    producer.fill("#id_title", "Le Gué")
    producer.select_option("#id_work_type", "feature")
    producer.select_option("#id_initiative", "belgium")
    producer.select_option("#id_status", "development")
    producer.select_option("#id_position", "sole")
    producer.click("main form button[type=submit]")
    assert "Le Gué" in producer.inner_text("h1"), text(producer)
    project_pk = int(re.search(r"/production/projects/(\d+)/", producer.url).group(1))
    project = f"{base}/production/projects/{project_pk}"
    producer.goto(f"{project}/budget/")
    producer.click("#add-line")
    # the whole budget: image editing planned with a Walloon studio of the shared registry
    account = producer.locator("#id_account option", has_text="07.01").get_attribute("value")
    producer.select_option("#id_account", account)
    producer.fill("#id_description", "Montage image")
    producer.fill("#id_quantity", "1")
    producer.fill("#id_rate", "50.000,00")
    producer.select_option("#id_planned_supplier", label="Studio de la Meuse")
    producer.fill("#id_spend_postal_code", "5000")
    producer.click("main form button[type=submit]")
    assert "Ligne de budget ajoutée." in text(producer), text(producer)
    budget = text(producer, "table")
    assert "Montage image" in budget and "50 000,00 €" in budget, budget
    assert "Studio de la Meuse" in budget, budget
    producer.screenshot(path=str(SHOTS / "0-budget.png"), full_page=True)
    producer.goto(f"{project}/budget/top-sheet/")
    assert "50 000,00 €" in text(producer), text(producer)

    # the broadcaster's pre-purchase names the producer's work, so it is recorded after it
    # (the broadcaster's own record: the factory, out of Playwright's loop)
    desk_browser.close()
    investment = pre_purchase(desks["records"],
                              Project.objects.select_related("work").get(pk=project_pk).work)
    producer = session("producteur")

    # -- the producer pre-checks and applies to the open call ------------------------
    producer.goto(f"{project}/apply/")
    producer.click(f"#open-calls tr:has-text(\"{CALL}\") a.apply")
    assert CALL in producer.inner_text("#apply-form h2")
    producer.fill("#precheck-form input[name=amount_requested]", "20 000")
    producer.fill("#precheck-form input[name=walloon_spend_committed]", "40 000,00")
    producer.click("#run-precheck")
    assert "Pré-contrôle de la conformité projetée" in producer.inner_text("h1")
    rows = text(producer, "#precheck")
    # required 20 000 × 200 % = 40 000 €; projected: the 50 000 € of the budget planned
    # with a Walloon studio
    assert "40 000,00 €" in rows and "50 000,00 €" in rows, rows
    assert "finit à 250 % contre 200 %" in rows, rows
    producer.screenshot(path=str(SHOTS / "1-precheck.png"), full_page=True)
    producer.click("#back-to-apply")
    form = "#apply-form form[method=post]"
    assert producer.input_value(f"{form} input[name=amount_requested]") == "20 000"
    assert "Scénario, Devis signé" in producer.inner_text("#apply-form")
    producer.set_input_files(f"{form} input[name=document_0]", str(desks["scenario"]))
    producer.set_input_files(f"{form} input[name=document_1]", str(desks["quote"]))
    producer.click("#submit-application")
    assert CALL in producer.inner_text("h1")
    assert "Candidature déposée auprès du fonds." in text(producer)
    assert producer.inner_text("#application-status") == "déposée"
    assert "Manquant" not in text(producer)
    application_url = producer.url

    # -- the analyst reads it and asks; the producer answers -------------------------
    analyst = session("analyste")
    open_from_inbox(analyst, "candidature déposée")
    assert "Le Gué" in analyst.inner_text("h1")
    assert "Scénario" in analyst.inner_text("#documents")
    assert "Devis signé" in analyst.inner_text("#documents")
    assert "finit à 250 % contre 200 %" in text(analyst)   # the pre-check, frozen in the dossier
    analyst.fill("#question-text", "Où se tourne le film ?")
    analyst.click("#questions button")
    assert "En attente de la réponse du producteur." in analyst.inner_text("#questions")
    fund_url = analyst.url

    open_from_inbox(producer, "question du fonds")
    assert producer.url == application_url
    assert "Où se tourne le film ?" in producer.inner_text("#questions")
    producer.fill("#questions textarea[name=answer]", "À Namur et à Dinant.")
    producer.click("#questions button")
    assert "Réponse envoyée au fonds." in text(producer)
    assert "À Namur et à Dinant." in producer.inner_text("#questions")

    # -- the analyst scores, the board accepts ---------------------------------------
    open_from_inbox(analyst, "réponse du producteur")
    assert "À Namur et à Dinant." in analyst.inner_text("#questions")
    analyst.fill("#id_score", "8")
    analyst.fill("#id_score_comment", "Ancrage wallon solide")
    analyst.select_option("#id_proposal", "accept")
    analyst.fill("#id_proposed_amount", "20 000")
    analyst.click("#score-form button")
    assert analyst.inner_text("#status") == "évaluée"

    board = session("conseil")
    board.goto(fund_url)
    assert "Signer l'engagement" not in board.content()
    board.select_option("#id_outcome", "accepted")
    board.fill("#id_accepted_amount", "20 000,00")
    board.fill("#id_decided_on", "2026-12-01")
    board.fill("#id_note", "Accepté en séance")
    board.click("#decision-form button")
    assert board.inner_text("#status") == "acceptée"
    assert "20 000,00 €" in text(board, "table.decisions")

    open_from_inbox(producer, "décision du conseil")
    producer.goto(f"{project}/financing/")
    source = producer.locator("tr[id^=source-]", has_text=CALL)
    assert "accordé" in source.inner_text() and "20 000,00 €" in plain(
        source.inner_text())

    # -- the commitment is signed, its first tranche released ------------------------
    analyst.goto(fund_url)
    analyst.fill("#id_signed_on", "2026-12-01")
    analyst.click("#commitment-form button")
    assert "Engagement" in analyst.inner_text("h1")
    assert "40 000,00 €" in text(analyst, "#tranches")   # spend to prove: tranche 3
    analyst.fill("#tranche-1 input[name=released_on]", "2026-12-01")
    analyst.click("#tranche-1 button")
    assert "10 000,00 €" in text(analyst, "#released")
    commitment_url = analyst.url

    open_from_inbox(producer, "engagement signé")
    producer.goto(f"{project}/financing/")
    row = plain(source.inner_text())
    # the fund's record, on the producer's plan: contracted, its schedule
    assert "contractualisé" in row and "20 000,00 €" in row, row
    assert "1. 10 000,00 €" in row and "reçu 01/12/2026" in row, row
    assert "2. 5 000,00 € — après dépenses de 20 000,00 €" in row, row
    producer.screenshot(path=str(SHOTS / "2-financing-contracted.png"), full_page=True)

    # -- the producer imports its invoices and sends the spend report ----------------
    imports = f"{project}/ledger/imports/"
    producer.goto(imports)
    producer.click("text=Nouvelle correspondance de colonnes")
    producer.fill("#id_name", "Export du Gué")
    producer.set_input_files("#id_sample", str(desks["export"]))
    producer.click("button[value=headers]")
    assert "Activité AV" in producer.inner_text("#headers-found")
    assert producer.input_value("#id_col_amount") == "Montant HTVA"   # guessed
    producer.click("button[value=save]")
    producer.wait_for_url(imports)
    producer.set_input_files("#id_file", str(desks["export"]))
    producer.select_option("#id_mapping", label="Export du Gué")
    producer.click("#upload button[type=submit]")
    producer.wait_for_selector("#status[data-finished='1']", timeout=20000)
    assert producer.inner_text("#added") == "6"

    producer.goto(f"{project}/financing/")
    source.locator("div", has_text="2. 5 000,00").locator("form.send-report button").click()
    assert "Rapport de dépenses" in producer.inner_text("h1")
    assert "Rapport de dépenses envoyé au fonds." in text(producer)
    assert text(producer, "#total-sent") == "23 950,00 €"
    lines = text(producer, "table.report-lines")
    # only the lines the fund's rule counted: never Brussels nor Ghent
    assert "Traiteur du Gué" in lines and "Régie Saint-Gilles" not in lines
    assert "Gand Grip" not in lines

    # -- the analyst rejects a line and releases the tranche on the rest -------------
    open_from_inbox(analyst, "rapport de dépenses à vérifier")
    assert text(analyst, "#verified-total") == "23 950,00 €"
    line = analyst.locator("table.report-lines tr", has_text="Traiteur du Gué")
    line.locator("input[name=reason]").fill("Pas d'activité audiovisuelle démontrée")
    line.locator("button").click()
    assert text(analyst, "#verified-total") == "21 500,00 €"
    assert "rejetée : Pas d'activité audiovisuelle démontrée" in text(
        analyst, "table.report-lines")
    analyst.fill("#id_released_on", "2026-12-01")
    analyst.click("#release-on-report")
    assert text(analyst, "#tranche-state") == "libérée le 01/12/2026 : 5 000,00 €"
    analyst.screenshot(path=str(SHOTS / "3-spend-report.png"), full_page=True)
    analyst.goto(commitment_url)
    assert "15 000,00 €" in text(analyst, "#released")

    open_from_inbox(producer, "ligne de rapport de dépenses rejetée")
    assert "Pas d'activité audiovisuelle démontrée" in text(producer)
    producer.goto(f"{base}/inbox/")
    assert "tranche libérée" in text(producer, "ul.inbox-items")
    producer.goto(f"{project}/financing/")
    row = plain(source.inner_text())
    assert row.count("reçu 01/12/2026") == 2, row

    # -- the broadcaster links its pre-purchase; the producer confirms and shares ----
    editor = session("diffuseur")
    investment_url = f"{base}/investments/investments/{investment.pk}/"
    editor.goto(investment_url)
    editor.click("#link-propose input[type=submit]")
    assert "en attente de confirmation" in editor.inner_text("#source-link")

    open_from_inbox(producer, "investissement lié")
    producer.goto(f"{project}/financing/")
    producer.click("#investment-links")
    producer.click("form[id^=confirm-] input[type=submit]")
    assert "Lien confirmé" in text(producer)
    producer.click("form[id^=share-] input[type=submit]")
    assert "Liste de preuves" in producer.inner_text("h1")
    proof_url = producer.url
    figures = text(producer, "#figures")
    # 30 000 € invested, as much to spend in the French Community within three years
    assert "30 000,00 €" in text(producer, "#required")
    assert text(producer, "#counted") == "24 930,50 €"
    assert text(producer, "#missing") == "5 069,50 €"
    assert text(producer, "#deadline") == "01/06/2029", figures
    producer.goto(f"{project}/financing/")
    tele = plain(producer.inner_text("tr[id^=source-]:has-text('Télé Essai')"))
    assert "30 000,00 €" in tele and "contractualisé" in tele, tele

    open_from_inbox(editor, "liste de preuves partagée")
    assert editor.url == proof_url
    editor.goto(investment_url)
    assert "concordent" in editor.inner_text("#source-link")

    # -- the CCA reads the proof list, never the rest of the ledger ------------------
    cca = session("cca.essai")
    open_from_inbox(cca, "liste de preuves partagée")
    assert cca.url == proof_url
    assert text(cca, "#counted") == "24 930,50 €"
    shared = text(cca, "#lines")
    assert "Régie Saint-Gilles" in shared and "Gand Grip" not in shared
    cca.screenshot(path=str(SHOTS / "4-cca-proof-list.png"), full_page=True)
    for url in (f"{project}/financing/", f"{project}/ledger/dashboard/",
                f"{project}/ledger/", imports, application_url, fund_url):
        assert cca.goto(url).status == 403, url
    for page in (producer, editor):
        assert page.goto(fund_url).status == 403
    assert editor.goto(f"{project}/ledger/").status == 403
    desk_browser.close()   # the database again, out of Playwright's loop
    # the records behind the pages: one fact on each side
    assert fund_link.disagreements() == [] and investment_link.disagreements() == []
    application = Application.objects.get(work__title="Le Gué")
    assert application.status == "accepted"
    report = SpendReport.objects.get(tranche__commitment__application=application)
    assert report.lines.exclude(rejected_reason="").count() == 1
    assert Expense.objects.filter(project_id=project_pk).count() == 6
