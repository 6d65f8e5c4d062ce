"""The permission matrix: every URL pattern, every role, allowed or refused.

A new URL pattern fails `test_every_url_pattern_is_in_the_matrix` until its row is written here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from montage.web import permissions
from montage.web.contribution.models import ObligationYear, TurnoverLine
from montage.web.investments.models import Investment
from montage.web.registry.models import Work

pytestmark = pytest.mark.django_db

from tests.web import (matrix_annexes, matrix_api, matrix_carbon, matrix_contribution,
                       matrix_fund, matrix_inbox, matrix_investments, matrix_ledger,
                       matrix_ledger_import, matrix_parameters, matrix_production,
                       matrix_recoupment)
from tests.web import matrix_jobs
from tests.web.roles import (DESKLESS, EDITORS, FUND, LOGGED_IN, PRODUCERS, REGULATORS,  # noqa
                             USERS)

AREAS = [matrix_contribution, matrix_investments, matrix_annexes, matrix_api, matrix_fund,
         matrix_inbox, matrix_production, matrix_ledger, matrix_ledger_import, matrix_parameters,
         matrix_carbon, matrix_recoupment, matrix_jobs]

# (url name, object key or None) -> users allowed (200); everyone else logged in gets 403 and
# anonymous users are sent to the login page.
MATRIX = {
    ("home", None): LOGGED_IN,
    ("obligation_list", None): EDITORS | REGULATORS,
    ("obligation_detail", "tele_2024"): {"tele.demo"} | REGULATORS,
    ("obligation_detail", "stream_2024"): {"streamflix"} | REGULATORS,
    ("obligation_detail", "quartier_2025"): {"quartier"} | REGULATORS,
    ("obligation_committee", "tele_2024"): {"tele.demo"} | REGULATORS,
    ("obligation_committee", "stream_2024"): {"streamflix"} | REGULATORS,
    ("work_list", None): LOGGED_IN - DESKLESS,
    ("work_list_xlsx", None): LOGGED_IN - DESKLESS,       # the same view, the same set
    ("work_search", None): LOGGED_IN - DESKLESS,          # search-as-you-type: works_for
    ("obligation_list_xlsx", None): EDITORS | REGULATORS,
    # Ardenne's feature, with a Télé Demo coproduction
    ("work_detail", "brumes"): {"tele.demo", "ardenne"} | REGULATORS | FUND,
    # Canal's series, Télé Demo pre-purchase and (confidential) accessibility
    ("work_detail", "quartier_nord"): {"tele.demo", "canal.prod"} | REGULATORS | FUND,
    # a French producer's work, no producer organisation in Montage
    ("work_detail", "pixel"): {"tele.demo"} | REGULATORS | FUND,
}
for _area in AREAS:
    MATRIX.update(_area.MATRIX)
PUBLIC = {"login"}  # open to everyone
POST_ONLY = {"logout", "set_language"}.union(*(area.POST_ONLY for area in AREAS))
INCLUDED = {"admin"}  # Django admin: staff only, tested below


def objects():
    def file(editor, year):
        return ObligationYear.objects.get(editor__organisation__name=editor, year=year).pk
    keys = {"tele_2024": file("Télé Demo", 2024), "stream_2024": file("StreamFlix Europe", 2024),
            "quartier_2025": file("Canal Quartier", 2025),
            "brumes": Work.objects.get(title="Les Brumes de Meuse").pk,
            "quartier_nord": Work.objects.get(title="Quartier Nord").pk,
            "pixel": Work.objects.get(title="Pixel & Plume").pk}
    for area in AREAS:
        keys.update(area.OBJECTS())
    return keys


def url_names(patterns=None, namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace:
                yield entry.namespace
            else:
                yield from url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def test_every_url_pattern_is_in_the_matrix():
    covered = {name for name, _ in MATRIX} | PUBLIC | POST_ONLY | INCLUDED
    assert set(url_names()) == covered


def _client_for(client, username):
    if username == "nobody":
        get_user_model().objects.get_or_create(username="nobody")
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("username", USERS)
def test_matrix(client, demo, username):
    client = _client_for(client, username)
    keys = objects()
    for (name, key), allowed in MATRIX.items():
        # a key may stand for several URL arguments (a tuple), e.g. (project, expense)
        args = [] if not key else list(keys[key]) if isinstance(keys[key], tuple) \
            else [keys[key]]
        url = reverse(name, args=args)
        status = client.get(url).status_code
        if username == "anonymous":
            expected = 302
        else:
            expected = 200 if username in allowed else 403
        assert status == expected, f"{username} {url}: {status}, expected {expected}"
    assert client.get(reverse("login")).status_code == 200
    admin_status = client.get(reverse("admin:index")).status_code
    assert admin_status == (200 if username == "admin" else 302)


def test_missing_object_is_not_found(client, demo):
    client = _client_for(client, "csa")
    assert client.get(reverse("obligation_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("username", sorted(LOGGED_IN))
def test_shared_querysets_never_hold_confidential_rows(demo, username):
    _client_for(type("C", (), {"force_login": lambda *a: None})(), username)
    user = get_user_model().objects.get(username=username)
    assert not permissions.investments_for(user, shared=True).filter(confidential=True).exists()
    for file in ObligationYear.objects.all():
        lines = permissions.turnover_lines_for(user, file, shared=True)
        assert not lines.filter(confidential=True).exists()


def test_confidential_rows_visible_only_to_their_editor_and_regulators(demo):
    User = get_user_model()
    line = TurnoverLine.objects.get(confidential=True)
    file = line.declaration.obligation
    investment = Investment.objects.get(confidential=True)
    for username in sorted(LOGGED_IN - {"nobody"}):
        user = User.objects.get(username=username)
        sees_line = permissions.turnover_lines_for(user, file).filter(pk=line.pk).exists()
        sees_investment = permissions.investments_for(user).filter(pk=investment.pk).exists()
        expected = username in {"tele.demo"} | REGULATORS
        assert (sees_line, sees_investment) == (expected, expected), username
