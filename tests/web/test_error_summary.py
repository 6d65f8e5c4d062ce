"""Errors where the eye is: every refused form comes back on its page, filled in, under a summary
of its errors at the top, each a link to its field; never a "Correct the form" / "Back" page.

The walk: every page of the permission matrix, as each user allowed to open it; every POST form
on it sent empty (its hidden fields kept, everything typed left blank), once per form action.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import resolve, reverse

from tests.web.roles import LOGGED_IN
from tests.web.test_permissions import MATRIX, _client_for, objects

pytestmark = pytest.mark.django_db

DEAD_ENDS = ("Corrigez le formulaire", "Correct the form", "Please correct the errors below")
NOT_POSTED = {"logout", "set_language"}


class Forms(HTMLParser):
    """The page's POST forms: their action and what an empty submission sends (hidden fields)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "data": {}, "typed": False,
                            "enctype": attrs.get("enctype") or ""}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "select", "textarea"):
            kind = (attrs.get("type") or "").lower()
            if tag == "input" and kind == "hidden" and attrs.get("name"):
                self.current["data"][attrs["name"]] = attrs.get("value") or ""
            elif kind not in ("submit", "button", "checkbox", "radio", "hidden"):
                self.current["typed"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def forms_on(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def check_refused_page(html: str, where: str):
    """A page answering a refused form: no dead end; its field errors under the summary at the
    top of <main>, each summary link leading to an element of the page."""
    for text in DEAD_ENDS:
        assert text not in html, f"{where}: dead-end page ({text!r})"
    main = html[html.index("<main>"):]
    marked = 'class="errorlist' in main or 'aria-invalid="true"' in main
    if not marked:
        return False
    assert 'id="error-summary"' in main, f"{where}: field errors without the summary"
    assert main.index('id="error-summary"') < main.index("<form") if "<form" in main else True
    first = min(i for i in (main.find('class="errorlist'), main.find('aria-invalid="true"'))
                if i >= 0)
    assert main.index('id="error-summary"') < first, f"{where}: the summary is not at the top"
    summary = main[main.index('id="error-summary"'):main.index("</div>",
                                                            main.index('id="error-summary"'))]
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links, f"{where}: the summary links to no field"
    for target in links:
        assert f'id="{target}"' in html, f"{where}: the summary links to #{target}, not on the page"
    return True


def walk(client, username):
    """(page, action, status, html) for each form action the user is offered, posted empty."""
    keys = objects()
    posted = set()
    for (name, key), allowed in MATRIX.items():
        if username not in allowed:
            continue
        args = [] if not key else list(keys[key]) if isinstance(keys[key], tuple) \
            else [keys[key]]
        page = reverse(name, args=args)
        response = client.get(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(response.content.decode()):
            action = urlsplit(form["action"]).path or page
            try:
                match = resolve(action)
            except Exception:
                continue
            if match.url_name in NOT_POSTED or match.url_name in posted:
                continue
            posted.add(match.url_name)
            with transaction.atomic():  # whatever an empty form does, undone before the next
                answer = client.post(action, form["data"])
                html = answer.content.decode() if "text/html" in answer.get(
                    "Content-Type", "") else ""
                transaction.set_rollback(True)
            yield page, action, form, answer.status_code, html


@pytest.mark.parametrize("username", sorted(LOGGED_IN - {"nobody"}))
def test_every_refused_form_comes_back_under_its_summary(client, demo, username):
    client = _client_for(client, username)
    client.cookies["django_language"] = "fr"
    summaries = 0
    for page, action, form, status, html in walk(client, username):
        where = f"{username} {page} -> POST {action}"
        assert status != 400 or html, f"{where}: 400 with no page to correct"
        if html:
            summaries += check_refused_page(html, where)
        if status == 400 and form["typed"]:
            assert 'id="error-summary"' in html, f"{where}: refused, no summary"


def test_the_summary_lists_each_error_linked_to_its_field(demo, login):
    """A budget line posted empty: the page again, the summary first, a link per field."""
    from montage.web.production.models import Project

    project = Project.objects.filter(owner__name="Les Films du Phare").first()
    client = login("phare")
    client.cookies["django_language"] = "fr"
    response = client.post(reverse("production_line_new", args=[project.pk]),
                           {"csrfmiddlewaretoken": "as a browser sends it"})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert check_refused_page(html, "budget line")
    summary = html[html.index('id="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert "Le formulaire n’a pas été enregistré" in summary
    assert 'href="#id_' in summary
