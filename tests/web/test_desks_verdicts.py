"""Each frozen line says why it is there, in its reader's language: the spend report's « Verdict »
column and the shared proof list's, page and workbook alike (docs/web-desks.md, "Words kept and
words typed"), on one chain's records (tests/web/factories/desks.py)."""

import io
import re
from html import unescape

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from montage.web.fund.services import in_reader_language
from tests.web.test_desks_isolation import chain  # noqa: F401 (the chain's fixture)

pytestmark = pytest.mark.django_db
VERDICTS = {"fr": {"retenu"}, "en": {"counted"}}


def _client(client, user, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _cells(html: str, row_pattern: str) -> list[list[str]]:
    rows = re.findall(row_pattern + r"(.*?)</tr>", html, re.S)
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_spend_report_line_shows_its_verdict(client, chain, language):
    report = chain["report"]
    assert report.lines.count() == 2        # the Flemish invoice is not counted, not sent
    page = _client(client, chain["d"].users["analyste"], language).get(
        reverse("fund_spend_report", args=[report.pk]))
    assert page.status_code == 200
    rows = _cells(page.content.decode(), r'<tr id="line-\d+"[^>]*>')
    assert len(rows) == 2
    assert {row[8] for row in rows} == VERDICTS[language]
    # kept in French, checksummed, with the other language's words beside it
    assert set(report.lines.values_list("verdict", flat=True)) == {"retenu"}
    assert [line[1] for line in report.words["en"]["lines"]] == ["counted", "counted"]


def test_a_line_frozen_without_its_verdict_reads_counted(chain):
    from django.utils import translation

    report = chain["report"]
    report.lines.update(verdict="")
    report.words = {}
    with translation.override("en"):
        lines = in_reader_language(report, report.lines.all())["lines"]
    assert {line.verdict for line in lines} == {"counted"}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_proof_list_page_and_workbook_show_the_same_lines(client, chain, language):
    shared = chain["proof_list"]
    reader = _client(client, chain["d"].users["diffuseur"], language)
    html = reader.get(reverse("investments_proof_list", args=[shared.pk])).content.decode()
    section = html[html.index('id="lines"'):]
    page = [[row[0], row[1], row[2], row[3], row[7]] for row in _cells(
        section[section.index("<tbody>"):section.index("</tbody>")], r"<tr>")]
    book = openpyxl.load_workbook(io.BytesIO(reader.get(
        reverse("investments_proof_list_xlsx", args=[shared.pk])).content))
    rows = list(book.active.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[7] is not None) + 1
    workbook = [[str(r[0]), r[1], r[2], r[3], r[7]] for r in rows[start:] if r[0] is not None]
    assert page and page == workbook
    assert {row[4] for row in page} == VERDICTS[language]


def _verified_cell(client, chain, language) -> str:
    html = _client(client, chain["d"].users["analyste"], language).get(
        reverse("fund_commitment_detail", args=[chain["commitment"].pk])).content.decode()
    return html[html.index('id="verified"'):].split("</td>", 1)[0]


def test_the_verified_spend_source_the_system_wrote_reads_in_the_readers_language(client,
                                                                                   chain):
    import datetime as dt

    from montage.web.fund import services as fund_services

    report = chain["report"]
    fund_services.release_on_report(report, dt.date(2026, 12, 1), chain["d"].users["analyste"])
    commitment = chain["commitment"]
    commitment.refresh_from_db()
    assert commitment.verified_spend_params == {"day": "01/12/2026",
                                                "sum": report.checksum[:12]}
    french = _verified_cell(client, chain, "fr")
    english = _verified_cell(client, chain, "en")
    assert f"rapport de dépenses de la comptabilité au 01/12/2026 (SHA-256 " \
           f"{report.checksum[:12]}…)" in french and "typed" not in french
    assert f"spend report of the ledger as of 01/12/2026 (SHA-256 {report.checksum[:12]}…)" \
        in english and "typed" not in english
    # typed by the analyst: as written, marked as typed, in every language
    fund_services.record_verified_spend(commitment, commitment.verified_spend,
                                        "Factures contrôlées au 30/09")
    commitment.refresh_from_db()
    assert commitment.verified_spend_params is None
    for language in ("fr", "en"):
        assert '<q class="typed">Factures contrôlées au 30/09</q>' in _verified_cell(
            client, chain, language)


def test_a_source_written_before_is_read_back_to_its_message(chain):
    from importlib import import_module

    from django.apps import apps
    from django.utils import translation

    commitment = chain["commitment"]
    commitment.verified_spend_source = ("rapport de dépenses de la comptabilité au 01/12/2026 "
                                        "(SHA-256 0123456789ab…)")
    commitment.save()
    import_module("montage.web.fund.migrations.0008_commitment_verified_spend_params") \
        .read_back(apps, None)
    commitment.refresh_from_db()
    assert commitment.verified_spend_params == {"day": "01/12/2026", "sum": "0123456789ab"}
    with translation.override("en"):
        assert commitment.verified_spend_text == (
            "spend report of the ledger as of 01/12/2026 (SHA-256 0123456789ab…)")
