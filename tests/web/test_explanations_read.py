"""An engine's explanation reads like a letter on pages and in PDFs (templates/includes/
explanation.html, montage/web/core/pdf.py): the result first, the steps as numbered sentences,
a table of the parameters used with their sources, the notes; never a "name = value" dump. The
command line keeps its text (Explanation.render)."""

from __future__ import annotations

import io
import re
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from pypdf import PdfReader

from montage.law.contribution import compute_contribution
from montage.web.carbon import services as carbon_services
from tests.web.factories import carbon as carbon_f
from tests.web.factories import contribution, production, registry

pytestmark = pytest.mark.django_db


class _Reader(HTMLParser):
    """The explanation's parts of a page: result, step sentences, parameter rows."""

    def __init__(self):
        super().__init__()
        self.stack, self.steps, self.rows, self.result = [], [], [], []
        self._text = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class", "") or ""
        self.stack.append((tag, classes))
        if tag == "li" and any(c == ("ol", "explanation-steps") for c in self.stack[:-1]):
            self._text = ("step", [])
        elif tag == "tr" and any("explanation-parameters" in c for _t, c in self.stack[:-1]):
            self._text = ("row", [])
        elif tag == "p" and "explanation-result" in classes:
            self._text = ("result", [])

    def handle_endtag(self, tag):
        if self._text and tag == {"step": "li", "row": "tr", "result": "p"}[self._text[0]]:
            kind, parts = self._text
            text = " ".join("".join(parts).split())
            {"step": self.steps, "row": self.rows, "result": self.result}[kind].append(text)
            self._text = None
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self._text:
            self._text[1].append(data + " ")


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def _words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_the_readable_explanation_has_the_result_the_steps_and_the_parameters_in_words():
    result = compute_contribution(2024, D("800000"))
    readable = result.explanation.readable("fr", "12 160,00 €")
    assert readable["result"] == "12 160,00 €"
    assert readable["steps"] == [line.text("fr") for line in result.explanation.steps]
    scale = next(p for p in readable["parameters"] if p["name"] == "contribution.rate_scale")
    assert scale["description"].startswith("Taux de contribution par tranche")
    assert _words(scale["bands"][1]) == "de 700 000 € : 1,52 %"
    assert scale["period"] == "du 01/01/2024 au 31/12/2024"
    assert scale["source"].startswith("Décret du 4 février 2021")
    assert [(i["name"], _words(i["value"])) for i in readable["inputs"]] == [
        ("Année d'obligation", "2024"), ("Chiffre d'affaires éligible", "800 000,00 €")]
    # the command line's text is unchanged: the same sentences, numbered
    text = result.explanation.render("fr")
    assert "    3. " + readable["steps"][2] in text


def test_the_obligation_page_shows_the_contribution_as_a_letter(client):
    editor = contribution.editor("Télé Lettre")
    file = contribution.obligation(editor, 2024, turnover_estimate="800000")
    client.force_login(registry.user("csa.lettre", "csa"))
    html = client.get(reverse("obligation_detail", args=[file.pk])).content.decode()
    page = _read(html)
    assert page.result and "12 160,00 €" in _words(page.result[0])
    assert page.steps[-1].startswith("Taux appliqué à tout le chiffre d'affaires")
    assert "800 000,00 € × 1,52 % = 12 160,00 €" in _words(page.steps[-1])
    scale = next(row for row in page.rows if "Taux de contribution par tranche" in row)
    assert "Décret du 4 février 2021" in scale and "du 01/01/2024 au 31/12/2024" in scale
    assert '<cite>' in html and "rate_scale =" not in html and "<pre" not in html
    assert not re.search(r"\w+\.\w+ = ", html)


def test_the_carbon_page_and_its_pdf_read_the_same_sentences(client):
    project = production.project(title="Essai lettre")
    carbon_f.activity(project, "800")
    client.force_login(registry.user("prod.lettre", project.owner, "producer_manager"))
    html = client.get(reverse("carbon_project", args=[project.pk])).content.decode()
    page = _read(html)
    footprint = carbon_services.footprint(project, "actual")
    steps = [line.text("fr") for line in footprint.result.explanation.steps]
    assert steps and all(_words(step) in [_words(s) for s in page.steps] for step in steps)
    assert any("1_101_1011_8_1" in row for row in page.rows)  # the factor's source, cited
    assert "<pre" not in html
    pdf = client.get(reverse("carbon_report_pdf", args=[project.pk])).content
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for step in steps:
        assert _words(step) in text
    assert "Paramètres utilisés" in text and "1_101_1011_8_1" in text
