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
