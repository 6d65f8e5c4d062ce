"""One figure everywhere (issue 13): each pair of views that shows the same fact is rendered from
the same records and their figures compared; the PDFs and workbooks are read back and compared
with the page.

Each test here failed before its fix:
- a refusal by the CCA left the countable total unchanged, and a validation needed no document;
- the committee PDF said "nothing open" for a smoothing it withheld;
- the CSA's decision left the presumed-3 M€ banner and figure on the file;
- the fund's report and reconciliation counted their differences apart, and the ledger's
  dashboard rounded a share its obligations page showed otherwise.
"""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from montage.money import format_money
from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import ObligationYear
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry

pytestmark = pytest.mark.django_db
SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


# -- reading pages, PDFs and workbooks back -------------------------------------------------------

def page_text(response) -> str:
    """The page's visible text, one space between words."""
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).translate(SPACES).split())


def section(response, element_id: str) -> str:
    """The visible text of the element whose id is `element_id` (up to its closing tag)."""
    content = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"', content)
    assert match, element_id
    tag, depth, at = match.group(1), 0, match.start()
    for piece in re.finditer(rf"<(/?){tag}\b[^>]*>", content[at:]):
        depth += -1 if piece.group(1) else 1
        if depth == 0:
            fragment = content[at:at + piece.end()]
            break
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).translate(SPACES).split())


def figure(response, label: str) -> str:
    """The value of a page's figure box (`<span>label</span><b>value</b>`)."""
    content = response.content.decode()
    match = re.search(rf"<span>{re.escape(html.escape(label, quote=False))}</span>\s*"
                      rf"<b[^>]*>([^<]*)</b>", content)
    assert match, label
    return html.unescape(match.group(1)).translate(SPACES).strip()


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.translate(SPACES).split())


def workbook_pairs(content: bytes) -> dict[str, object]:
    """label → value of every row of a workbook's first sheet whose first cell is text."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    pairs = {}
    for row in sheet.iter_rows(values_only=True):
        if isinstance(row[0], str) and len(row) > 1 and row[1] is not None:
            pairs.setdefault(row[0], row[1])
    return pairs


def euros(amount) -> str:
    return format_money(D(amount), "fr").translate(SPACES)


def file_of(editor: str, year: int) -> ObligationYear:
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


# == 1. a refused investment leaves the countable total; validation needs its documents =======

COUNTABLE_PAGE = "Investissements comptabilisables"
COUNTABLE_XLSX = "Comptabilisable après minimums, plafonds et pondérations (étape 2 §3)"


def countable_everywhere(client, file: ObligationYear) -> dict[str, str]:
    """The year's countable total as the register, the smoothing page, the Récapitulatif Invest
    workbook and the JSON API show it."""
    register = client.get(reverse("investments_register", args=[file.pk]))
    smoothing = client.get(reverse("investments_smoothing", args=[file.editor_id]))
    row = section(smoothing, f"year-{file.year}")
    recap = client.get(reverse("annexes_recap_invest", args=[file.pk]))
    api = client.get(f"/api/editors/{file.editor_id}/evaluation").json()
    year = next(y for y in api["years"] if y["year"] == file.year)
    return {"register": figure(register, COUNTABLE_PAGE),
            "smoothing": re.findall(r"\d[\d ]*,\d\d €", row)[1],
            "recap": euros(workbook_pairs(recap.content)[COUNTABLE_XLSX]),
            "api": euros(year["countable"])}


def test_a_refused_investment_leaves_the_countable_total_at_once(login, demo):
    file = file_of("Télé Demo", 2024)
    training = Investment.objects.get(obligation=file, category="training")
    cca = login("cca")
    before = countable_everywhere(cca, file)
    assert set(before.values()) == {"1 255 000,00 €"}, before
    response = cca.post(reverse("investments_investment_decide", args=[training.pk]),
                        {"decision": "refused", "note": "organisme hors FWB"})
    assert response.status_code == 302
    # the 2024 floor is met, so training counted in full: refused, its 30 000 € leave at once
    after = countable_everywhere(cca, file)
    assert set(after.values()) == {"1 225 000,00 €"}, after
    result = contribution_services.evaluate_editor(file.editor).year(2024)
    assert result.countable == D("1225000.00") and result.shortfall_open == D("132200.00")
    detail = next(c.detail for c in result.checks if c.investment == str(training.pk))
    assert "refusé par le CCA" in detail
    register = cca.get(reverse("investments_register", args=[file.pk]))
    assert "refusé par le CCA" in section(register, f"investment-{training.pk}")
    # the committee's report says it is refused, not "actif"
    committee = page_text(cca.get(reverse("investments_committee", args=[file.pk])))
    assert "formation professionnelle — — contrat signé 01/09/2024 30 000,00 € refusé par le " \
        "CCA" in committee
    pdf = pdf_text(cca.get(reverse("annexes_committee_pdf", args=[file.pk])).content)
    assert "30 000,00 € refusé par le CCA" in pdf
    # the editor's change afterwards does not lift the refusal: it is the CCA's to lift
    training.amount = D("29000.00")
    investments_services.step2_save_investment(training, None)
    assert investments_services.investment_decision(training)["state"] == "changed"
    assert contribution_services.evaluate_editor(file.editor).year(2024).countable == \
        D("1225000.00")


def test_validation_needs_the_documents_the_rule_lists_or_names_the_missing_ones(
        login, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    file = file_of("Télé Demo", 2024)
    training = Investment.objects.get(obligation=file, category="training")
    cca = login("cca")
    url = reverse("investments_investment_decide", args=[training.pk])
    response = cca.post(url, {"decision": "validated"}, follow=True)
    text = page_text(response)
    assert "ne peut pas être validé" in text
    assert "Contrat de formation signé avec un organisme établi en FWB" in text
    assert "Montant de l'investissement financier" in text
    assert investments_services.investment_decision(training)["state"] == "none"
    # the API refuses it the same way
    api = cca.post(f"/api/investments/{training.pk}/decision", {"decision": "validated"},
                   content_type="application/json")
    assert api.status_code == 409 and "Contrat de formation signé" in api.json()["detail"]
    # one document filed: still one missing, named
    editor = login("tele.demo")
    upload = reverse("investments_document_upload", args=[training.pk])
    assert editor.post(upload, {"checklist_key": "training_contract",
                                "file": SimpleUploadedFile("contrat.pdf", b"%PDF")}
                       ).status_code == 302
    cca = login("cca")
    text = page_text(cca.post(url, {"decision": "validated"}, follow=True))
    assert "Montant de l'investissement financier" in text
    assert "Contrat de formation signé avec un organisme établi en FWB ;" not in text
    assert not AuditEntry.objects.filter(object_id=str(training.pk), action="decision",
                                         new_value="validated").exists()
    login("tele.demo").post(upload, {"checklist_key": "amount",
                                     "file": SimpleUploadedFile("montant.pdf", b"%PDF")})
    cca = login("cca")
    assert cca.post(url, {"decision": "validated"}).status_code == 302
    assert investments_services.investment_decision(training)["state"] == "validated"
    # a refusal needs no document
    dubbing = Investment.objects.get(obligation=file, category="dubbing_subtitling")
    assert cca.post(reverse("investments_investment_decide", args=[dubbing.pk]),
                    {"decision": "refused"}).status_code == 302


def test_no_investment_is_shown_validated_without_its_documents(login, demo):
    """The register's "validé" and its documents column, for every file of the demo."""
    cca = login("cca")
    for file in ObligationYear.objects.all():
        register = cca.get(reverse("investments_register", args=[file.pk]))
        for investment in file.investments.all():
            row = section(register, f"investment-{investment.pk}")
            filed, required = map(int, re.findall(r"\b(\d+)/(\d+)\b", row)[-1])
            if " validé" in f" {row}":
                assert filed == required, (file, investment, row)


# == 2. the committee PDF and page say what smoothing leaves open, as the smoothing page ======

def test_committee_pdf_and_page_show_the_smoothing_pages_open_shortfall(login, demo):
    file = file_of("Télé Demo", 2024)
    # the confidential investment of 2024 made public: nothing withholds the aggregates
    Investment.objects.filter(obligation=file, confidential=True).update(confidential=False)
    cca = login("cca")
    smoothing = section(cca.get(reverse("investments_smoothing", args=[file.editor_id])),
                        "year-2024")
    register = cca.get(reverse("investments_register", args=[file.pk]))
    open_ = figure(register, "Manquements encore ouverts")
    assert open_ == "102 200,00 €" and f"{open_} de 2024, au plus tard le 31/12/2026" in smoothing
    pdf = pdf_text(cca.get(reverse("annexes_committee_pdf", args=[file.pk])).content)
    assert f"Manquement de 2024 encore ouvert : {open_}" in pdf
    assert "Rien d'ouvert" not in pdf
    assert f"Manquement ouvert après lissage {open_}" in pdf
    page = cca.get(reverse("investments_committee", args=[file.pk]))
    assert f"Manquement de 2024 encore ouvert : {open_}" in section(page, "smoothing")
    assert figure(page, "Manquement ouvert après lissage") == open_
    assert figure(page, "Comptabilisable après minimums, plafonds et pondérations") == \
        figure(register, COUNTABLE_PAGE)
    api = cca.get(f"/api/obligations/{file.pk}/committee-report").json()
    assert [(o["origin"], euros(o["amount"])) for o in api["shortfalls_open"]] == [(2024, open_)]


def test_committee_pdf_withholding_the_smoothing_says_so_and_never_nothing_open(login, demo):
    file = file_of("Télé Demo", 2024)  # holds a confidential investment
    cca = login("cca")
    pdf = pdf_text(cca.get(reverse("annexes_committee_pdf", args=[file.pk])).content)
    assert "Rien d'ouvert" not in pdf
    assert "Ce que le lissage laisse ouvert n'est pas communiqué" in pdf
    assert "102 200,00" not in pdf
    page = cca.get(reverse("investments_committee", args=[file.pk]))
    assert "Ce que le lissage laisse ouvert n'est pas communiqué" in section(page, "smoothing")
    api = cca.get(f"/api/obligations/{file.pk}/committee-report").json()
    assert api["withheld_figures"] is True and api["shortfalls_open"] == []


# == 3. the CSA's decision ends the presumption on every page =================================

PRESUMPTION_BANNER = "la contribution est présumée (de manière non irréfragable) à 3 M€ indexés"


def test_once_the_csa_fixed_the_amount_the_presumption_is_gone_from_every_page(login, demo):
    fixed = file_of("Canal Quartier", 2026)   # fixed by the CSA; its Formulaire CA came late
    late = file_of("Canal Quartier", 2025)    # nothing decided: the presumption applies
    assert fixed.status == "fixed" and fixed.amount == D("16652.00")
    calendar = contribution_services.step1_calendar(fixed)
    assert "turnover_form" in {d.key for d in calendar.deadlines if d.status == "overdue"}
    assert not calendar.presumption_applies
    assert contribution_services.step1_calendar(late).presumption_applies
    for username in ("csa", "quartier", "cca"):
        client = login(username)
        page = page_text(client.get(reverse("contribution_file", args=[fixed.pk])))
        assert "Montant fixé : 16 652,00 € sur un chiffre d’affaires éligible de 905 000,00 €" \
            in page, username
        assert PRESUMPTION_BANNER not in page and "Contribution présumée" not in page, username
        assert "la présomption de 3 M€ indexés (réfragable, étape 1 §2) ne s'applique plus" in page
        assert PRESUMPTION_BANNER in page_text(
            client.get(reverse("contribution_file", args=[late.pk])))
        listing = client.get(reverse("contribution_list")).content.decode()
        rows = dict(re.findall(r'<tr>\s*<td><a href="/contribution/(\d+)/"(.*?)</tr>', listing,
                               flags=re.S))
        assert "présomption applicable" not in rows[str(fixed.pk)], username
        assert "présomption applicable" in rows[str(late.pk)], username
    csa = login("csa")
    assert 'id="presume-form"' not in csa.get(
        reverse("contribution_file", args=[fixed.pk])).content.decode()
    refused = page_text(csa.post(reverse("contribution_presume", args=[fixed.pk]), follow=True))
    assert "le CSA a fixé la contribution" in refused
    assert not fixed.payments.filter(reason="presumed").exists()


# == 4. the fund's differences, and the ledger's progress, counted once =======================

def test_the_fund_report_reconciliation_workbook_and_pdf_count_the_same_differences(login, demo):
    from montage.web.fund.presentation import report_and_reconciliation
    from montage.web.permissions import fund_desk_organisation_ids
    from django.contrib.auth import get_user_model

    client = login("wallimage")
    user = get_user_model().objects.get(username="wallimage")
    _report, result, _why = report_and_reconciliation(min(fund_desk_organisation_ids(user)))
    total = len(result.differences) + len(result.records)
    assert result.records and result.differences  # both kinds, so a partial count would show
    expected = (f"Le rapprochement compare {len(result.comparisons)} chiffres publiés aux "
                f"données et trouve {total} différences. Chiffres publiés qui diffèrent des "
                f"données : {len(result.differences)} ; données qui se contredisent : "
                f"{len(result.records)}.")
    report = section(client.get(reverse("fund_report")), "reconciliation-summary")
    reconciliation = client.get(reverse("fund_reconciliation"))
    assert report == expected
    assert section(reconciliation, "reconciliation-summary") == expected
    # the reconciliation page lists that many rows, in its two tables
    listed = len(re.findall(r"<tr><td>", re.search(
        r'id="differences".*?id="not-checked"', reconciliation.content.decode(),
        flags=re.S).group(0)))
    assert listed == total
    book = load_workbook(io.BytesIO(client.get(reverse("fund_report_xlsx")).content))
    sheet = list(book["Rapprochement"].iter_rows(values_only=True))
    assert " ".join(sheet[0][0].translate(SPACES).split()) == expected
    assert len(sheet) - 2 == total   # the sentence, the header, one row per difference
    pdf = pdf_text(client.get(reverse("fund_report_pdf")).content)
    assert expected in pdf


def test_the_dashboard_and_the_obligations_page_show_the_same_progress(login, demo):
    from montage.web.ledger import engine, exports
    from montage.web.production.models import Project

    project = Project.objects.get(work__title="Le Phare")
    client = login("phare")
    dashboard = client.get(reverse("ledger_dashboard", args=[project.pk])).content.decode()
    obligations = client.get(reverse("ledger_obligations", args=[project.pk])).content.decode()
    shown = 0
    for item in exports.assess(project).statuses:
        if item.status is None:
            continue
        fraction, percent = engine.progress(item.status)
        row = re.search(rf'<a href="[^"]*/{item.source.pk}/">[^<]*</a>.*?</tr>', dashboard,
                        flags=re.S).group(0)
        card = re.search(rf'id="source-{item.source.pk}".*?</section>', obligations,
                         flags=re.S).group(0)
        on_dashboard = re.search(r"</span></span> (\d+) %", row).group(1)
        on_obligations = re.search(r"</progress> (\d+) %", card).group(1)
        assert on_dashboard == on_obligations == str(percent), item.source.label
        for amount in (item.status.counted, item.status.required):
            assert format_money(amount, "fr") in row and format_money(amount, "fr") in card
        assert percent <= fraction * 100 < percent + 1
        shown += 1
    assert shown >= 3
    # screen.brussels: 189 750 of 250 000 € = 75,9 %: truncated, never rounded up to a
    # completion it has not reached
    assert "75 %" in obligations.translate(SPACES) and "76 %" not in dashboard.translate(SPACES)


# == 5. what the editor presented, the same total on the register, the committee and the workbook =

def test_the_presented_totals_by_category_are_the_same_on_the_register_committee_and_workbook(
        login, demo):
    file = file_of("Télé Demo", 2024)
    # an unrealised project is still presented (step 2 §6: it is reassigned, not withdrawn) and a
    # cancelled one is not: the workbook once counted only "actif" lines, 80 000 € below the page
    training = Investment.objects.get(obligation=file, category="training")
    training.status = Investment.Status.UNREALISED
    investments_services.step2_save_investment(training, None)
    cca = login("cca")
    expected_total, expected = investments_services.filed_totals(file.investments.all())
    assert training.category in expected
    register = section(cca.get(reverse("investments_register", args=[file.pk])),
                       "filed-by-category")
    sheet = load_workbook(io.BytesIO(cca.get(reverse("annexes_recap_invest", args=[file.pk]))
                                     .content)).worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(values) if row[0] == "Totaux par catégorie")
    assert values[start + 1][1] == "Présentés, hors annulés (€)"
    labels = dict(Investment.Category.choices)
    for category, amount in expected.items():
        label = str(labels[category])
        row = next(r for r in values[start + 2:] if r[0] and r[0].lower() == label.lower())
        assert D(repr(row[1])) == amount, (category, row)
        assert f"{label} {euros(amount)}".lower() in register.lower(), (label, register)
    total_row = next(r for r in values if r[0] == "Total")
    assert D(repr(total_row[7])) == expected_total
    # the committee's report lists the investments that are not confidential, with their total
    listed_total, _by_category = investments_services.filed_totals(
        file.investments.filter(confidential=False))
    assert listed_total < expected_total  # the demo's file has a confidential investment
    committee = page_text(cca.get(reverse("investments_committee", args=[file.pk])))
    assert f"Total présenté (hors annulés) {euros(listed_total)}" in committee
