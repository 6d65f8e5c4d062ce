"""Every page of the permission matrix, as each role may see it, speaks the reader's language.

In French a page fails on an English sentence of our catalogues, "True"/"False"/"None", a figure
with a decimal point (a fraction where a percentage is meant, an amount not written as money) and
a name with an underscore (a field name, a raw choice code). In English it fails on the French of
our catalogues. Only the text a reader sees is read: the page's text and its titles, placeholders
and labels for screen readers, not its scripts nor its attributes' data.

What a person typed (a question, an answer, a reason) is shown as written, in whatever language
its writer used: the page marks it with the class "typed" on the element that holds it, and only
that element's own text is left out. A typed element holds text only (no markup: a section
cannot hide behind it), and its text is never one of our catalogues' sentences (a text the
system writes is stored as a message and rendered in the reader's language, never as typed).

The demo is loaded once for the module; each page is rendered once per role and language with
Django's test client.
"""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from montage.web.i18n import catalogues
from tests.web.roles import LOGGED_IN
from tests.web.test_permissions import MATRIX, objects

pytestmark = pytest.mark.django_db

SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
HIDDEN_ELEMENTS = {"script", "style", "template"}


TYPED = "typed"  # the class of an element holding a person's words, shown as written


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0
        self.typed, self.misused = [], []
        self._typed_tag = None

    def handle_starttag(self, tag, attrs):
        if self._typed_tag is not None:
            self.misused.append(f"<{tag}> inside a typed <{self._typed_tag}>")
        if TYPED in (dict(attrs).get("class") or "").split():
            self._typed_tag = tag
            self.typed.append("")
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        self.parts.extend(value for name, value in attrs if name in SHOWN_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag == self._typed_tag:
            self._typed_tag = None
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._typed_tag is not None:
            self.typed[-1] += data
        elif not self._hidden and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts)


def typed_faults(html: str) -> list[str]:
    """A typed element that holds markup, or whose text is one of our catalogues' sentences."""
    parser = _VisibleText()
    parser.feed(html)
    known = {s for pair in SENTENCES for s in pair}
    return parser.misused + [f"system text marked typed: {t!r}"
                             for t in (" ".join(t.split()) for t in parser.typed) if t in known]


def _sentences():
    """(English, French) sentences of our catalogues: at least three words, no placeholder, and
    a translation that differs, so that finding one on a page of the other language is a fault."""
    pairs = []
    for po_path in catalogues():
        with po_path.open("rb") as handle:
            for message in read_po(handle, locale="fr"):
                if not message.id or isinstance(message.id, (list, tuple)):
                    continue
                english, french = message.id, message.string
                if "%" in english or "{" in english or english == french:
                    continue
                if len(english.split()) >= 3 and len(french.split()) >= 3:
                    pairs.append((english, french))
    return pairs


SENTENCES = _sentences()
RAW_WORDS = re.compile(r"\b(True|False|None)\b")
# account and activity codes ("07.01", "59.11") are two digits, a point, two digits: not figures
DECIMAL_POINT = re.compile(r"(?<![\d.])(?!\d\d\.\d\d(?![\d.]))\d+\.\d+(?![\d.])")
UNDERSCORED = re.compile(r"\b[a-z]+_[a-z_]+\b")
# not figures: a section or version number ("§3.1", "point 7.1", "v1.1", "UBL 2.1", "CC BY 4.0")
# and the words of a source quoted as published (« … »)
REFERENCES = re.compile(r"(?:§|\bpoint |\bv|\bUBL |\bBilling |\bBY )\d+(?:\.\d+)+|«[^»]*»")


def faults_in(text: str, language: str) -> list[str]:
    faults = []
    text = REFERENCES.sub(" ", text)
    if language == "fr":
        faults += [f"English: {e!r}" for e, _ in SENTENCES if e in text]
        faults += [f"raw value: {m!r}" for m in RAW_WORDS.findall(text)]
        faults += [f"decimal point: {m!r}" for m in DECIMAL_POINT.findall(text)]
        faults += [f"underscore: {m!r}" for m in UNDERSCORED.findall(text)]
    else:
        faults += [f"French: {f!r}" for _, f in SENTENCES if f in text]
    return sorted(set(faults))


def test_faults_are_found():
    assert faults_in("Statut : True, taux 0.3587, rate_scale", "fr") == [
        "decimal point: '0.3587'", "raw value: 'True'", "underscore: 'rate_scale'"]
    assert faults_in("Taux 35,87 %, le 07/12/2026", "fr") == []
    assert faults_in("étape 2 §3.1, point 7.1, flat file v1.1 (CC BY 4.0), « up to 3.5 t »",
                     "fr") == []


def test_only_typed_text_is_left_out():
    english, french = SENTENCES[0]
    page = (f'<p>Question : <q class="typed">{french} ?</q></p>'
            f'<blockquote class="step1 typed">Pouvez-vous préciser ?</blockquote><p>{french}</p>')
    assert visible_text(page) == f"Question :\n{french}"
    assert typed_faults(page) == []
    assert "<p> inside a typed <div>" in typed_faults(f'<div class="typed"><p>{french}</p></div>')
    assert typed_faults(f'<q class="typed">{french}</q>') == [
        f"system text marked typed: {french!r}"]


def _pages(username):
    keys = objects()
    for (name, key), allowed in MATRIX.items():
        if username not in allowed:
            continue
        args = [] if not key else list(keys[key]) if isinstance(keys[key], tuple) \
            else [keys[key]]
        yield reverse(name, args=args)


# What is still found, by cause (strict: a case that passes must leave this list).
STILL_FOUND = {}


def _cases():
    for username in sorted(LOGGED_IN):
        for language in ("fr", "en"):
            cause = STILL_FOUND.get((username, language))
            marks = [pytest.mark.xfail(reason=cause, strict=True)] if cause else []
            yield pytest.param(username, language, marks=marks, id=f"{username}-{language}")


@pytest.mark.parametrize("username, language", list(_cases()))
def test_every_page_speaks_the_readers_language(client, demo, username, language):
    client.force_login(get_user_model().objects.get_or_create(username=username)[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found = {}
    for url in _pages(username):
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        html = response.content.decode()
        faults = faults_in(visible_text(html), language) + typed_faults(html)
        if faults:
            found[url] = faults
    assert not found, "\n".join(f"{url}: {'; '.join(f)}" for url, f in found.items())
