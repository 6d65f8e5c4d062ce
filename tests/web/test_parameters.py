"""Issue 12, finding 3: parameters the CCA keeps current.

« Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de l'indice
des prix à la consommation du mois de janvier 2023. » (vade-mecum 2025, étape 1 §4, note 3).
Montage ships no index of January 2025, so obligation year 2026 is provisional and the CSA cannot
fix its amounts (finding 2). A user of the CCA enters the value, its validity and its source; it
is checked by the loader's own rules, audited, listed with who entered it, and used by the engine
through the same parameter set (the YAML files stay the shipped base).

The index values are made up ("test" in their source): Montage ships no Statbel figure it does not
have.
"""

import datetime as dt
import io
import json
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from montage.law.contribution import compute_contribution
from montage.law.parameters import default
from montage.web.contribution import views as contribution_views
from montage.web.contribution.models import ObligationYear
from montage.web.parameters import services
from montage.web.parameters.models import EnteredValue
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused
from tests.web.roles import USERS

pytestmark = pytest.mark.django_db

CPI = "contribution.consumer_price_index"
JANUARY_2025 = {"value": "133,00", "valid_from": "2025-01-01", "valid_until": "2025-01-31",
                "source": "test, janvier 2025 (valeur d'essai, pas un chiffre Statbel)"}


def html(response):
    """The page's text as a reader sees it (entities decoded, narrow spaces as spaces)."""
    return unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def enter_url(name=CPI):
    return reverse("parameters_enter", args=[name])


def user(username):
    return get_user_model().objects.get(username=username)


def file_of(editor, year):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


# -- the CCA enters January 2025: 2026 is final and the CSA fixes it ------------------------------

def test_the_cca_enters_january_2025_then_the_2026_contribution_is_final_and_the_csa_fixes_it(
        client, login, demo, monkeypatch):
    monkeypatch.setattr(contribution_views, "today", lambda: dt.date(2026, 11, 10))
    file = file_of("Télé Demo", 2026)
    decide = reverse("contribution_decide", args=[file.pk])
    fixed = {"eligible_turnover": "800 000,00", "outcome": "fixed", "action": "record"}
    page = html(login("csa").post(decide, fixed))
    assert "La contribution de 2026 est provisoire" in page       # finding 2, before the entry
    page = html(login("csa").post(decide, dict(fixed, action="preview")))
    assert ("Le CCA encode l'indice manquant sur la page de l'<a href=\"/parameters/"
            "contribution.consumer_price_index/\">indice des prix à la consommation</a>.") in page

    response = login("cca").post(enter_url(), JANUARY_2025)
    assert response.status_code == 302 and response["Location"] == reverse(
        "parameters_detail", args=[CPI])
    page = html(login("cca").get(response["Location"]))
    assert "La valeur est encodée : le moteur l'utilise désormais." in page
    assert "133.00" in page and "encodée par cca le" in page and "livrée avec Montage" in page
    entered = EnteredValue.objects.get(name=CPI)
    assert (entered.value, entered.valid_from, entered.valid_until, entered.entered_by) == (
        "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31), user("cca"))

    # the engine now computes 2026 on CPI(January 2025) / CPI(January 2023) = 133 / 127,84
    preview = html(login("csa").post(decide, dict(fixed, action="preview")))
    assert "Montant provisoire" not in preview and 'id="index-missing"' not in preview
    assert "indice de janvier 2025 133 / indice de janvier 2023 127,84 = facteur 1,040363" \
        in preview
    # the parameter table cites the CCA's source and says who entered the value
    assert "<cite>test, janvier 2025 (valeur d'essai, pas un chiffre Statbel)</cite>" in preview
    assert "encodé par cca le " in preview
    login("csa").post(decide, fixed)
    file.refresh_from_db()
    assert (file.status, file.eligible_turnover, file.amount) == (
        "fixed", Decimal("800000.00"), Decimal("14720.00"))   # 800 000 × 1,84 %
    result = compute_contribution(2026, Decimal("800000.00"), services.current_parameters())
    assert not result.provisional and result.band_lower == Decimal("728254.07")


def test_the_api_computes_on_the_entered_index_too(client, login, demo):
    from django.test import Client

    from montage.web.api.auth import issue_token

    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user('csa'))[0]}")
    file = file_of("Télé Demo", 2026)

    def preview():
        return api.post(f"/api/obligations/{file.pk}/decision/preview",
                        {"eligible_turnover": "800000.00"},
                        content_type="application/json").json()["contribution"]
    assert (preview()["provisional"], preview()["missing_index"]) == (True, "2025-01")
    services.enter_value(CPI, "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "test",
                         user("cca"))
    assert (preview()["provisional"], preview()["amount"]) == (False, "14720.00")
    assert api.get("/api/contribution", {"year": 2026, "turnover": "800000.00"}).json()[
        "provisional"] is False


# -- who may ---------------------------------------------------------------------------------

@pytest.mark.parametrize("username", USERS)
def test_only_the_cca_enters_a_value_every_other_user_is_refused_403(client, demo, username):
    if username == "nobody":
        get_user_model().objects.get_or_create(username="nobody")
    if username != "anonymous":
        client.force_login(user(username))
    response = client.post(enter_url(), JANUARY_2025)
    expected = {"anonymous": 302, "cca": 302}.get(username, 403)
    assert response.status_code == expected, username
    if username == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert EnteredValue.objects.exists() == (username == "cca")


def test_the_csa_reads_the_parameters_without_the_form_and_editors_see_nothing(client, login,
                                                                               demo):
    page = html(login("csa").get(reverse("parameters_detail", args=[CPI])))
    assert "130,08" in page and 'id="enter"' not in page
    assert 'id="enter"' in html(login("cca").get(reverse("parameters_detail", args=[CPI])))
    assert "Paramètres légaux" in html(login("csa").get(reverse("home")))
    assert "Paramètres légaux" not in html(login("tele.demo").get(reverse("home")))
    assert login("tele.demo").get(reverse("parameters_list")).status_code == 403
    assert login("cca").get(reverse("parameters_detail", args=["nothing.here"])).status_code \
        == 404


# -- what is refused ---------------------------------------------------------------------------

def test_a_value_overlapping_a_shipped_period_is_refused_with_a_clear_message(client, login,
                                                                              demo):
    response = login("cca").post(enter_url(), dict(JANUARY_2025, valid_from="2024-01-15",
                                                   valid_until="2024-02-15"))
    assert response.status_code == 400
    page = html(response)
    message = ("la période 15/01/2024 → 15/02/2024 chevauche celle de la valeur 130.08 "
               "(01/01/2024 → 31/01/2024, Statbel, indice des prix à la consommation, base 2013 = "
               "100, janvier 2024 (CC BY 4.0) ; SPF Economie, Moniteur belge du 31 janvier 2024 "
               "(numac 2024090301)) : une période n'a qu'une valeur.")
    assert message in page
    # at the top of the form, linked to its field
    summary = page[page.index('id="error-summary"'):page.index("<form class=\"parameters\"")]
    assert 'href="#id_valid_from"' in summary and "Valable à partir du : la période" in summary
    assert not EnteredValue.objects.exists()


def test_a_value_overlapping_an_entered_period_is_refused_naming_it(client, login, demo):
    assert login("cca").post(enter_url(), JANUARY_2025).status_code == 302
    page = html(login("cca").post(enter_url(), dict(JANUARY_2025, value="134,00",
                                                     valid_from="2025-01-31")))
    assert ("la période 31/01/2025 → 31/01/2025 chevauche celle de la valeur 133.00 "
            "(01/01/2025 → 31/01/2025, test, janvier 2025") in page
    assert EnteredValue.objects.count() == 1
    with pytest.raises(Refused) as refused:    # the service refuses it whatever the channel
        services.enter_value(CPI, "134.00", dt.date(2025, 1, 10), dt.date(2025, 1, 20),
                             "test", user("cca"))
    assert set(refused.value.errors) == {"valid_from"}


def test_a_value_without_source_is_refused(client, login, demo):
    page = html(login("cca").post(enter_url(), dict(JANUARY_2025, source="")))
    assert 'href="#id_source"' in page and "Source : Ce champ est obligatoire." in page
    with pytest.raises(Refused) as refused:
        services.enter_value(CPI, "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "   ",
                             user("cca"))
    assert refused.value.errors == {
        "source": "chaque valeur doit avoir sa source (la publication dont elle vient)."}
    assert not EnteredValue.objects.exists()


def test_a_value_not_of_the_parameters_unit_is_refused_by_the_loaders_own_check(client, login,
                                                                                demo):
    page = html(login("cca").post(enter_url(), dict(JANUARY_2025, value="cent trente-trois")))
    assert "Saisissez un nombre, par ex. 130,08." in page
    page = html(login("cca").post(enter_url("contribution.indexation_base"), {
        "value": "janvier 2030", "valid_from": "2030-01-01", "source": "test"}))
    assert "Valeur : un mois AAAA-MM était attendu, reçu 'janvier 2030'" in page
    page = html(login("cca").post(enter_url(), dict(JANUARY_2025, valid_until="")))
    assert "indiquez la fin de celle-ci" in page     # an index of one month has an end
    assert not EnteredValue.objects.exists()


def test_an_unknown_parameter_is_refused(demo):
    with pytest.raises(Refused) as refused:
        services.enter_value("contribution.nothing", "1", dt.date(2030, 1, 1), None, "test",
                             user("cca"))
    assert set(refused.value.errors) == {"name"}


# -- audited, listed, used -----------------------------------------------------------------------

def test_the_audit_trail_records_the_entered_value_and_who_entered_it(client, login, demo):
    login("cca").post(enter_url(), JANUARY_2025)
    entered = EnteredValue.objects.get()
    entries = AuditEntry.objects.filter(content_type__model="enteredvalue",
                                        object_id=str(entered.pk))
    assert {(e.action, e.field, e.new_value, e.actor_label) for e in entries} == {
        ("created", "name", CPI, "cca"), ("created", "value", "133.00", "cca"),
        ("created", "valid_from", "2025-01-01", "cca"),
        ("created", "valid_until", "2025-01-31", "cca"),
        ("created", "source", JANUARY_2025["source"], "cca")}
    assert all(e.actor == user("cca") for e in entries)
    page = html(login("csa").get(reverse("parameters_detail", args=[CPI])))
    audit = page[page.index('id="audit"'):]
    assert "cca" in audit and "133.00" in audit


def test_the_engine_set_is_cached_and_renewed_when_a_value_is_entered(demo):
    before = services.current_parameters()
    assert services.current_parameters() is before          # nothing changed: the same set
    assert before.find(CPI, dt.date(2025, 1, 1)) is None
    services.enter_value(CPI, "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "test",
                         user("cca"))
    after = services.current_parameters()
    value = after.find(CPI, dt.date(2025, 1, 1))
    assert value.value == Decimal("133.00") and value.entered["by"] == "cca"
    assert default().find(CPI, dt.date(2025, 1, 1)) is None  # the shipped base is unchanged


def test_an_entered_value_a_later_release_ships_is_set_aside_and_the_shipped_one_used(
        client, login, demo):
    # entered before a release that now ships January 2024 (written here as that release left it)
    EnteredValue.objects.create(name=CPI, value="999.00", valid_from=dt.date(2024, 1, 1),
                                valid_until=dt.date(2024, 1, 31), source="test, older entry",
                                entered_by=user("cca"))
    state = services.merged()
    assert [aside.entry.value for aside in state.set_aside] == ["999.00"]
    assert state.parameters.get(CPI, dt.date(2024, 1, 1)).value == Decimal("130.08")
    page = html(login("cca").get(reverse("parameters_detail", args=[CPI])))
    assert "écartée" in page and "999.00" in page
    assert "Valeurs encodées écartées" in html(login("cca").get(reverse("parameters_list")))
    out = io.StringIO()
    call_command("parameters", CPI, stdout=out)
    assert "SET ASIDE, not used" in out.getvalue()


def test_web_admin_parameters_lists_entered_values_with_who_when_and_source(demo):
    services.enter_value(CPI, "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31),
                         "test, janvier 2025", user("cca"))
    out = io.StringIO()
    call_command("parameters", CPI, stdout=out)
    text = out.getvalue()
    assert ('contribution.consumer_price_index [2025-01-01 → 2025-01-31] = "133.00"\n'
            "    test, janvier 2025\n    entered by cca at 20") in text
    assert '[2024-01-01 → 2024-01-31] = "130.08"' in text
    out = io.StringIO()
    call_command("parameters", CPI, "--format", "json", stdout=out)
    values = json.loads(out.getvalue())["parameters"][0]["values"]
    assert values[-1]["entered"]["by"] == "cca" and "entered" not in values[0]


def test_a_value_entered_by_mistake_is_withdrawn_in_the_admin_by_a_superuser_only(client,
                                                                                    login, demo):
    row = services.enter_value(CPI, "133.00", dt.date(2025, 1, 1), dt.date(2025, 1, 31),
                               "test", user("cca"))
    assert services.current_parameters().find(CPI, dt.date(2025, 1, 1)) is not None
    url = reverse("admin:parameters_enteredvalue_delete", args=[row.pk])
    assert login("admin").post(url, {"post": "yes"}).status_code == 302
    assert not EnteredValue.objects.exists()
    assert AuditEntry.objects.filter(content_type__model="enteredvalue", object_id=str(row.pk),
                                     action="deleted", actor_label="admin").exists()
    assert services.current_parameters().find(CPI, dt.date(2025, 1, 1)) is None
    # nothing is entered or changed there: the CCA's page is the one way in
    assert login("admin").get(reverse("admin:parameters_enteredvalue_add")).status_code == 403
