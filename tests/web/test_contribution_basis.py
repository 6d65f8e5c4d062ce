"""The contribution basis is chosen in one function, contribution_services.contribution_basis: fixed by the
CSA → the declared lines → the editor's estimate. The file page, the CSA's step-1 page and the
API show the same provisional or fixed amount for the same file, whatever the case."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from montage.law.contribution import compute_contribution
from montage.money import format_money
from montage.web.api.auth import issue_token
from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import ObligationYear
from tests.web.factories import contribution, registry

pytestmark = pytest.mark.django_db
EDITOR = "Télé Essai"


@pytest.fixture
def files(db):
    """An editor's three files: 2024 fixed by the CSA (accepted lines), 2025 submitted lines and
    an estimate, 2026 draft lines and an estimate; and a CSA analyst."""
    registry.user("csa", "csa")
    editor = contribution.editor(EDITOR)
    fixed = contribution.obligation(editor, 2024, status="fixed", turnover_estimate="51500000.00",
                                    eligible_turnover="52000000.00")
    fixed.amount = compute_contribution(2024, fixed.eligible_turnover).amount
    fixed.save()
    contribution.declaration(fixed, [("advertising", "40000000.00"),
                                     ("sponsorship", "12000000.00")], status="accepted")
    submitted = contribution.obligation(editor, 2025, status="declared",
                                        turnover_estimate="53500000.00")
    contribution.declaration(submitted, [("advertising", "41000000.00"),
                                         ("distribution_fees", "9000000.00", True)],
                             status="submitted")
    draft = contribution.obligation(editor, 2026, turnover_estimate="54800000.00")
    contribution.declaration(draft, [("advertising", "40100000.00"),
                                     ("sponsorship", "4450000.00")])


def file_of(editor, year):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def _figure(pattern, page):
    found = re.search(pattern, page, re.S)
    return found and found.group(1).strip()


def shown(file, login):
    """(file page, CSA page, API): the amount each shows for `file`, None when it shows none."""
    file_page = login("csa").get(reverse("obligation_detail", args=[file.pk])).content.decode()
    csa_page = login("csa").get(reverse("contribution_file", args=[file.pk])).content.decode()
    user = get_user_model().objects.get(username="csa")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)[0]}")
    contribution = api.get(f"/api/obligations/{file.pk}").json()["contribution"]
    result = contribution["result"]
    return (_figure(r'<section class="card" id="contribution">.*?<p class="figure">(.*?)</p>',
                    file_page),
            _figure(r'id="engine-result">(.*?)</p>', csa_page),
            None if result is None else format_money(Decimal(result["amount"]), "fr")), \
        contribution


def expected(file, basis):
    return format_money(compute_contribution(file.year, basis).amount, "fr")


def test_a_file_with_lines_but_no_fixed_figure_shows_the_lines_everywhere(files, login):
    for file in (file_of(EDITOR, 2026),     # draft lines and an estimate
                 file_of(EDITOR, 2025)):    # submitted lines and an estimate
        assert file.eligible_turnover is None and file.turnover_estimate is not None
        lines = contribution_services.step1_eligible_turnover(file).amount
        assert lines != file.turnover_estimate
        amounts, api = shown(file, login)
        assert amounts == (expected(file, lines),) * 3, file
        basis = contribution_services.contribution_basis(file)
        assert (basis.amount, basis.source, basis.provisional) == (lines, "lines", True)
        assert (api["basis"], api["provisional"]) == ("declared_lines", True)


def test_a_fixed_figure_beats_the_lines(files, login):
    file = file_of(EDITOR, 2024)   # fixed by the CSA, with accepted lines
    line = file.declaration.lines.get(category="advertising")
    line.amount += Decimal("3000000.00")  # lines that say otherwise than the CSA's figure
    line.save()
    assert contribution_services.step1_eligible_turnover(file).amount != file.eligible_turnover
    basis = contribution_services.contribution_basis(file)
    assert (basis.amount, basis.source, basis.provisional) == (Decimal("52000000.00"), "fixed",
                                                               False)
    amounts, api = shown(file, login)
    assert amounts == (expected(file, Decimal("52000000.00")),) * 3
    assert (api["basis"], api["provisional"]) == ("eligible_turnover", False)


def test_without_lines_the_estimate_is_the_basis(files, login):
    file = file_of(EDITOR, 2026)
    file.declaration.lines.all().delete()
    basis = contribution_services.contribution_basis(file)
    assert (basis.amount, basis.source) == (Decimal("54800000.00"), "estimate")
    amounts, api = shown(file, login)
    assert amounts == (expected(file, Decimal("54800000.00")),) * 3
    assert (api["basis"], api["provisional"]) == ("turnover_estimate", True)


def test_lines_the_engine_refuses_leave_the_estimate(files, login):
    file = file_of(EDITOR, 2026)
    line = file.declaration.lines.first()
    line.market = "belgium_total"    # an external editor's market: the engine refuses it
    line.save()
    basis = contribution_services.contribution_basis(file)
    assert (basis.amount, basis.source) == (Decimal("54800000.00"), "estimate")
    assert basis.lines_error
    amounts, _api = shown(file, login)
    assert amounts == (expected(file, Decimal("54800000.00")),) * 3


def test_nothing_known_shows_no_amount(files, login):
    file = ObligationYear.objects.create(editor=file_of(EDITOR, 2026).editor, year=2027)
    basis = contribution_services.contribution_basis(file)
    assert (basis.amount, basis.source) == (None, "")
    amounts, api = shown(file, login)
    assert amounts == (None, None, None)
    assert api["basis"] is None
