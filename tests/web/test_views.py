"""Each page, as the users who may see it."""

import sys
import types
from decimal import Decimal

import pytest
from django.urls import reverse

from montage.web.contribution.models import ObligationYear
from montage.web.registry.models import Work

pytestmark = pytest.mark.django_db


def file_of(editor: str, year: int) -> ObligationYear:
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def page(client, name, *args, **kwargs):
    return client.get(reverse(name, args=args), **kwargs).content.decode()


def test_login_with_demo_password_then_home(client, login, demo):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "tele.demo",
                                              "password": "montage-demo"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = page(client, "home")
    assert "Votre obligation de contribution" in home and "Télé Demo" in home
    bad = client.post(reverse("login"), {"username": "tele.demo", "password": "wrong"})
    assert bad.status_code == 200


def test_logout_is_a_post(client, login, demo):
    login("csa")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # back to the login page


@pytest.mark.parametrize("username, section", [
    ("tele.demo", "desk-editor"), ("csa", "desk-csa"), ("cca", "desk-cca"),
    ("ardenne", "desk-producer"), ("wallimage", "desk-fund"), ("wallimage.board", "desk-fund"),
])
def test_home_per_role(client, login, demo, username, section):
    html = page(login(username), "home")
    assert f'id="{section}"' in html
    others = {"desk-editor", "desk-csa", "desk-cca", "desk-producer", "desk-fund"} - {section}
    assert not any(f'id="{other}"' in html for other in others)


def test_home_without_membership(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert "pas encore rattaché" in page(client, "home")


def test_editor_lists_only_its_own_files(client, login, demo):
    html = page(login("tele.demo"), "obligation_list")
    assert "Télé Demo" in html and "StreamFlix" not in html and "Canal Quartier" not in html


def test_regulators_list_every_file(client, login, demo):
    for username in ("csa", "cca"):
        html = page(login(username), "obligation_list")
        assert all(name in html for name in ("Télé Demo", "StreamFlix", "Canal Quartier"))


def test_obligation_page_for_its_editor(client, login, demo):
    html = page(login("tele.demo"), "obligation_detail", file_of("Télé Demo", 2025).pk)
    assert "Obligation de contribution 2025" in html
    assert "chiffre d’affaires de 2024" in html or "chiffre d'affaires de 2024" in html
    assert "Distribution fees" not in html  # French labels
    assert "recettes de distribution" in html
    assert "confidentiel" in html  # the editor sees its confidential line, flagged
    assert "53\u202f820\u202f000,00\u00a0€" in html  # total declared, Belgian format
    assert "Historique" in html


def test_committee_view_withholds_confidential_data(client, login, demo):
    client = login("csa")
    html = page(client, "obligation_committee", file_of("Télé Demo", 2025).pk)
    assert "recettes de distribution" not in html
    assert "1 ligne confidentielle masquée" in html
    assert "44\u202f920\u202f000,00\u00a0€" in html  # 53 820 000 − 8 900 000 confidential
    html_2024 = page(client, "obligation_committee", file_of("Télé Demo", 2024).pk)
    assert "Accessibilité" not in html_2024 and "accessibilité" not in html_2024
    assert "Historique" not in html_2024
    full_2024 = page(client, "obligation_detail", file_of("Télé Demo", 2024).pk)
    assert "accessibilité" in full_2024.lower()


def test_contribution_from_the_law_engine(client, login, demo):
    pytest.importorskip("montage.law.contribution")
    html = page(login("tele.demo"), "obligation_detail", file_of("Télé Demo", 2024).pk)
    assert "1\u202f357\u202f200,00\u00a0€" in html  # 52 000 000 × 2,61 %
    assert "2,61\u00a0%" in html
    assert "Sur le chiffre d’affaires éligible fixé par le CSA" in html
    assert "diffère" not in html  # the notified amount agrees with the engine


def test_contribution_view_uses_the_engine_api(client, login, demo, monkeypatch):
    """Against the agreed API, whatever the engine's state: a stand-in module."""
    calls = []

    class Explanation:
        def render(self, lang):
            return [f"explication en {lang}", "  étape 2"]

        def readable(self, lang, result=""):
            return {"subject": f"explication en {lang}", "result": result, "inputs": [],
                    "steps": ["étape 2"], "parameters": [], "notes": [], "details": []}

    def compute_contribution(year, eligible_turnover, params=None):
        # the web hands the engine its parameters: the shipped ones and the CCA's entries
        assert params is not None and "contribution.consumer_price_index" in params.names()
        calls.append((year, eligible_turnover))
        return types.SimpleNamespace(amount=Decimal("0.00"), rate=Decimal("0"), exempt=True,
                                     explanation=Explanation())

    fake = types.ModuleType("montage.law.contribution")
    fake.compute_contribution = compute_contribution
    monkeypatch.setitem(sys.modules, "montage.law.contribution", fake)
    client = login("quartier")
    html = page(client, "obligation_detail", file_of("Canal Quartier", 2024).pk)
    assert calls == [(2024, Decimal("420000.00"))]
    assert "Exempté" in html and "explication en fr" in html
    html = page(client, "obligation_detail", file_of("Canal Quartier", 2025).pk)
    assert calls[-1] == (2025, Decimal("450000.00")) and "Provisoire" in html
    client.post(reverse("set_language"), {"language": "en"})
    html = page(client, "obligation_detail", file_of("Canal Quartier", 2025).pk)
    assert "explication en en" in html and "Provisional" in html


def test_engine_missing_is_said(client, login, demo, monkeypatch):
    monkeypatch.setitem(sys.modules, "montage.law.contribution", None)  # import fails
    html = page(login("csa"), "obligation_detail", file_of("StreamFlix Europe", 2024).pk)
    assert "moteur juridique n’est pas disponible" in html or \
        "moteur juridique n'est pas disponible" in html


def test_producer_sees_its_works_and_their_non_confidential_investments(client, login, demo):
    client = login("canal.prod")
    home = page(client, "home")
    assert "Quartier Nord" in home and "Le Grand Quiz des Régions" in home
    assert "Les Brumes de Meuse" not in home
    assert ">20\u202f000,00" not in home  # the confidential accessibility investment
    quartier = Work.objects.get(title="Quartier Nord")
    html = page(client, "work_detail", quartier.pk)
    assert "120\u202f000,00\u00a0€" in html and ">20\u202f000,00" not in html
    works = page(client, "work_list")
    assert "Quartier Nord" in works and "Les Brumes de Meuse" not in works


def test_english(client, login, demo):
    client = login("tele.demo")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = page(client, "obligation_detail", file_of("Télé Demo", 2025).pk)
    assert "Contribution obligation 2025" in html and "distribution fees" in html
    assert "53,820,000.00" in html


def test_french_whatever_the_browser_says(client, login, demo):
    html = page(login("csa"), "home", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="fr"' in html and "Accueil" in html
