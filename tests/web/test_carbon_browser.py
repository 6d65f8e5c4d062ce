"""In a real browser (Debian's chromium through Playwright, never `playwright install`): a
producer records an activity line on its project's carbon page, sees the footprint's total and
the per-post chart change, downloads the report as PDF (from its job's page) and .xlsx (read back: the page's figures);
the financing fund's analyst finds the project on the fund's portfolio (/fund/carbon/). Small
fixtures (tests/web/factories), no demo."""

import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.web.factories.registry import PASSWORD
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, sync_api


@pytest.fixture
def ids(transactional_db):
    """The records, made before the browser starts (no ORM inside Playwright's event loop): a
    project with one catering line counted by its spend (4 000 € × 0,15 = 600 kg), its producer,
    and the analyst of a fund its financing plan names."""
    from montage.web.carbon import services
    from tests.web.factories import ledger, production, registry

    project = production.project(title="Le Film sobre", shooting_start=dt.date(2026, 3, 2),
                                 shooting_end=dt.date(2026, 4, 30))
    ledger.expense(project.owner, "4000.00", date=dt.date(2026, 3, 10), project=project,
                   work=project.work, account=project.accounts.get(code="06.03"))
    services.set_spend_factor(project, "regie", D("0.15"), "ratio du calculateur X", None)
    registry.user("sobre", project.owner, "producer_manager")
    fund = registry.organisation("fund", "Fonds sobre")
    project.sources.create(label="Fonds sobre", financier=fund, amount=D("50000.00"),
                           source_type="regional_fund")
    registry.user("sobre.fonds", fund, "fund_analyst")
    return {"project": project.pk}


def _log_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


TECHNICAL = 7   # the chart's row of "Moyens techniques" (montage.finance.carbon.POSTS)


def test_an_activity_recorded_changes_the_footprint_reports_and_portfolio(live_server, ids):
    from montage.finance import carbon
    from montage.money import format_number

    assert carbon.POSTS[TECHNICAL] == "technical"
    base = live_server.url
    page_url = f"{base}/production/projects/{ids['project']}/carbon/"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        try:
            page = browser.new_context(locale="fr-BE", accept_downloads=True).new_page()
            _log_in(page, base, "sobre")
            page.goto(page_url)
            total_before = page.inner_text("#total-actual")
            bar = page.locator("rect.bar-actual").nth(TECHNICAL)
            width_before = bar.get_attribute("width")
            page.click("a[href$='activities/new/?basis=actual']")
            page.select_option("#id_phase", "shooting")
            page.select_option("#id_post", "technical")
            page.fill("#id_label", "Groupe électrogène : gazole")
            page.fill("#id_date", "2026-03-10")
            page.fill("#id_quantity", "800")
            page.select_option("#id_unit", "litre")
            page.select_option("#id_factor_code", "carbon.diesel_litre")
            page.click("form.stack button[type=submit]")
            page.wait_for_url(page_url)
            total_after = page.inner_text("#total-actual")
            width_after = bar.get_attribute("width")
            bar_title = bar.locator("title").text_content()
            assert "Groupe électrogène : gazole" in page.inner_text("#activities")
            # the PDF is a job of the queue (run as it is queued here); its page offers it
            page.click("form[action$='report/prepare.pdf'] button")
            assert "Rapport d’empreinte carbone (PDF)" in page.inner_text("h1")
            assert "terminée" in page.inner_text("#status")
            with page.expect_download() as download:
                page.click("#download")
            assert download.value.suggested_filename == f"carbon-{ids['project']}.pdf"
            pdf = Path(download.value.path()).read_bytes()
            page.goto(page_url)
            with page.expect_download() as download:
                page.click("a[href$='report.xlsx']")
            book = Path(download.value.path()).read_bytes()

            fund = browser.new_context(locale="fr-BE").new_page()
            _log_in(fund, base, "sobre.fonds")
            fund.goto(f"{base}/fund/carbon/")
            portfolio_row = fund.inner_text("#projects tbody tr")
            portfolio_total = fund.inner_text("#portfolio-total")
        finally:
            browser.close()

    from montage.web.carbon import services
    from montage.web.production.models import Project

    project = Project.objects.get(pk=ids["project"])
    actual = services.footprint(project, "actual")
    forecast = services.footprint(project, "forecast")
    # 600 kg of catering by its spend, then 800 l × 2,51279 = 2 010,232 kg of diesel
    assert actual.result.total_kg == D("2610.232")
    assert total_before == format_number(D("0.600"), "fr")
    assert total_after == format_number(actual.total_t, "fr")
    technical_t = carbon.tonnes(actual.result.by_post["technical"])
    assert width_before == "0" and int(width_after) > 0
    assert format_number(technical_t, "fr") in bar_title

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Le Film sobre" in text
    for figure in (actual.total_t, technical_t):
        assert format_number(figure, "fr").replace("\u202f", " ").replace("\u00a0", " ") in text

    summary = openpyxl.load_workbook(io.BytesIO(book)).worksheets[0]
    rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert tuple(D(str(v)) for v in rows["Total"]) == (forecast.total_t, actual.total_t)
    assert D(str(rows["Moyens techniques"][1])) == technical_t

    assert "Le Film sobre" in portfolio_row
    assert format_number(actual.total_t, "fr") in portfolio_row
    assert format_number(actual.total_t, "fr") in portfolio_total
