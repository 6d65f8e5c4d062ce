"""The fund desk's pages: the annual report's tables, the reconciliation, the downloads.

Permissions per role are in matrix_fund.py (every URL, every demo user); here: what each page
shows, the Belgian formats, the workbook and the PDF read back.
"""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from montage.web import permissions
from tests.web.roles import FUND, LOGGED_IN

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"


def money(text: str) -> str:
    """The page's form of "1 234,56 €" (babel fr_BE: narrow no-break spaces, no-break space)."""
    return text.replace(" ", NNBSP).replace(NNBSP + "€", "\u00a0€")


def test_only_fund_analysts_and_board_may_see_the_report(demo):
    User = get_user_model()
    for username in sorted(LOGGED_IN - {"nobody"}):
        user = User.objects.get(username=username)
        assert permissions.can_view_fund_report(user) == (username in FUND), username


def test_report_page_shows_the_published_totals(demo, login):
    page = login("wallimage").get(reverse("fund_report")).content.decode()
    for figure in ("4 784 800,00 €", "30 557 289,12 €", "7 094 800,00 €", "46 231 969,51 €"):
        assert money(figure) in page, figure
    for rate in ("638,63\u00a0%", "651,63\u00a0%", "9,13\u00a0%", "62,86\u00a0%"):
        assert rate in page, rate
    # every table of the report is there, the directors' unknowns shown, not guessed
    for table_id in ("2.2.2.2", "2.2.2.3.4", "3.2.2.3.2", "7.1.3", "7.1.4", "4.2.6", "6.1",
                     "7.2", "x.position"):
        assert f'id="t-{table_id}"' in page, table_id
    assert "Nationalité inconnue" in page


def test_report_page_in_english(demo, login):
    client = login("wallimage.board")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("fund_report"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "€4,784,800.00" in page and "638.63%" in page


def test_table_page_lists_the_sources_and_its_differences(demo, login):
    page = login("wallimage").get(reverse("fund_report_table", args=["2.2.2.2"])).content.decode()
    assert "enregistrements : engagements" in page  # computed from the records, not the file
    assert "62,68%" in page and "62,86" in page  # the printed share and ours
    assert "Jeunes Mères" in page  # a source line of the features row


def test_unknown_table_is_not_found(demo, login):
    assert login("wallimage").get(reverse("fund_report_table", args=["9.9"])).status_code == 404


def test_reconciliation_page_lists_every_difference(demo, login):
    page = login("wallimage").get(reverse("fund_reconciliation")).content.decode()
    for printed in ("30.557.286€", "2.180.800 €", "62,68%", "11.679.335,00 €", "7.374.800,00 €",
                    "8.865.241,31€", "13.590.579,56€", "1.902.160,00 €", "3.483.306,96 €"):
        assert printed in page, printed
    assert money("30 557 289,00 €") in page  # the prose's figure, rounded as printed
    assert "pas donnée par réalisateur·rice" in page  # not checked, with the reason
    assert "«\u00a0145.687.10 €\u00a0»" in page  # typography, quoted as printed
    assert "|" not in page.split("<main")[1]  # no figure key: figures named in words
    assert "Capital — D = A − B − C Soldes / participations actives" in page


def test_workbook_holds_numbers(demo, login):
    from openpyxl import load_workbook

    response = login("wallimage").get(reverse("fund_report_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert "2.2.2.2" in book.sheetnames and "Rapprochement" in book.sheetnames
    live = book["2.2.2.1"]
    total = next(row for row in live.iter_rows(values_only=True) if row[0] == "TOTAL LIVE 2024")
    # Row, title, company, directors, split, projects, investment, spend, ratio, average
    assert total[5] == 35
    assert Decimal(str(total[6])) == Decimal("4784800.00")
    assert Decimal(str(total[7])) == Decimal("30557289.12")
    assert Decimal(str(total[8])).quantize(Decimal("0.0001")) == Decimal("6.3863")
    cell = next(c for c in live[live.max_row] if c.column == 7)
    assert cell.data_type == "n" and "€" in cell.number_format
    department = next(row for row in book["7.1"].iter_rows(values_only=True)
                      if row[0] == "TOTAL GÉNÉRAL")
    assert (department[5], Decimal(str(department[6])), Decimal(str(department[7]))) == (
        49, Decimal("7094800.00"), Decimal("46231969.51"))
    enterprise = next(row for row in book["6.1"].iter_rows(values_only=True) if row[0] == "TOTAL")
    assert Decimal(str(enterprise[9])).quantize(Decimal("0.0001")) == Decimal("0.0913")
    differences = list(book["Rapprochement"].iter_rows(values_only=True))[1:]
    printed = {row[2] for row in differences}
    assert {"30.557.286€", "2.180.800 €", "62,68%"} <= printed
    prose = next(row for row in differences if row[2] == "30.557.286€")
    assert Decimal(str(prose[5])) == Decimal(-3)


def test_pdf_has_the_tables_charts_and_differences(demo, login):
    from pypdf import PdfReader

    response = login("wallimage.board").get(reverse("fund_report_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = text.replace(NNBSP, " ").replace("\u00a0", " ")
    for expected in ("4 784 800,00 €", "30 557 289,12 €", "638,63 %", "651,63 %", "9,13 %",
                     "Investissement et dépenses wallonnes par ligne", "30.557.286€",
                     "2.180.800 €", "Différences entre le rapport"):
        assert expected in flat, expected
    assert len(reader.pages) >= 5


def _split_words(lines: list[str]) -> list[tuple[str, str]]:
    """Words a PDF cut across two lines: a line ending in letters whose next line starts in
    lower case, the two joined being a word the text holds whole ("Investisseme" / "nt")."""
    words = {word for line in lines for word in line.split()}
    found = []
    for line, following in zip(lines, lines[1:]):
        if line.split() and following.split():
            end, start = line.split()[-1], following.split()[0]
            if end[-1].isalpha() and start[0].islower() and end + start in words:
                found.append((end, start))
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pdf_tables_keep_their_words_and_name_figures_in_words(demo, login, language):
    """The annual report's PDF read back: no header word split ("Investisseme nt"), no figure
    key ("2.2.2.2|feature|share_projects") nor code with an underscore, every header word
    whole."""
    from pypdf import PdfReader

    from montage.fund.annual_report import tr
    from montage.web.fund.presentation import report_and_reconciliation

    client = login("wallimage.board")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("fund_report_pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    lines = text.splitlines()
    assert _split_words(lines) == []
    tokens = set(text.split())
    report = report_and_reconciliation(min(permissions.fund_desk_organisation_ids(
        get_user_model().objects.get(username="wallimage.board"))))[0]
    headers = {word for table in report.tables for column in table.columns
               for word in tr(column.label, language).split() if len(word) > 3}
    assert {"Investissement" if language == "fr" else "Invested"} <= headers
    assert headers <= tokens, sorted(headers - tokens)
    assert "|" not in text and not [t for t in tokens if "_" in t]
    assert "§2.2.2.2" in text and "x.position" not in text


def test_refused_roles_get_403_on_downloads(demo, login):
    for username in ("csa", "cca", "tele.demo", "ardenne"):
        client = login(username)
        for name in ("fund_report_xlsx", "fund_report_pdf", "fund_reconciliation"):
            assert client.get(reverse(name)).status_code == 403, (username, name)
