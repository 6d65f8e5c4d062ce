"""The word a page shows is its own, not another app's: where two apps meant different things by
one English msgid, the page shows the French of its sense (test_catalogue_conflicts keeps the
catalogues from disagreeing again; these read the pages that used to show the other word)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override, pgettext

from montage.web.ledger import services
from montage.web.ledger.models import Expense
from montage.web.production.models import FinancingSource

from .factories import fund, production, registry

pytestmark = pytest.mark.django_db


def _headers(html: str, table_start: str) -> list[str]:
    """The header cells of the first table after `table_start`."""
    head = html[html.index(table_start):]
    head = head[:head.index("</thead>")]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", head)]


def test_the_ledgers_cancelled_lines_table_says_ligne_and_annulee_le(client):
    owner = registry.producer()
    project = production.project(owner)
    user = registry.user("prod", owner)
    line = services.save_expense(project, Expense(
        project=project, owner=owner, work=project.work, kind="invoice",
        supplier=registry.company(), number="F-1", date=dt.date(2025, 3, 1),
        amount_excl_vat=Decimal("100.00"), account=project.accounts.first()))
    services.cancel_expense(project, line, user, "saisie deux fois")
    client.force_login(user)
    page = client.get(reverse("ledger_expenses", args=[project.pk])).content.decode()
    headers = _headers(page, 'id="cancelled"')
    assert headers[:3] == ["Ligne", "Montant", "Annulée le"]
    with override("fr"):  # the line's own fields, as its history names them
        assert Expense._meta.get_field("cancelled_at").verbose_name == "annulée le"
        assert Expense._meta.get_field("cancelled_by").verbose_name == "annulée par"


def test_the_call_page_says_ouverture_for_the_calls_opening(client):
    organisation = registry.organisation("fund")
    call = fund.call(organisation)
    client.force_login(registry.user("analyst", organisation))
    page = client.get(reverse("fund_call_detail", args=[call.pk])).content.decode()
    assert "<th>Ouverture</th><td>01/01/2025 – 31/12/2025</td>" in page
    assert "<th>Ouvrir</th>" not in page


def test_the_obligation_page_says_manquant_for_the_missing_amount(client):
    owner = registry.producer()
    project = production.project(owner)
    source = FinancingSource.objects.create(
        project=project, source_type="regional_fund", label="Wallimage Coproductions",
        amount=Decimal("100000.00"), status="contracted", contracted_on=dt.date(2026, 1, 15),
        rule="wallimage", committed_ratio=Decimal("1.5"), spend_deadline=dt.date(2026, 12, 31))
    client.force_login(registry.user("prod", owner))
    page = client.get(reverse("ledger_obligation", args=[project.pk, source.pk])).content.decode()
    assert '<tr><th>Manquant</th><td id="missing"' in page
    assert "Manquants" not in page


def test_each_sense_has_its_word():
    with override("fr"):
        assert pgettext("turnover form item", "Line") == "Poste"
        assert pgettext("proof list column", "Supplier") == "Prestataire"
        assert pgettext("application", "submitted on") == "déposée le"
        assert pgettext("deadline", "done") == "fait"
