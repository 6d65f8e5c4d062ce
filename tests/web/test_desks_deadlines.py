"""Deadlines within 30 days in each desk's inbox and home page (docs/web-desks.md,
"Deadlines"): computed from the records when read — never stored, so never told twice, gone once
done or past."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from montage.web.inbox import deadlines
from montage.web.inbox.models import InboxItem
from montage.web.production.models import FinancingSource, FinancingTranche
from tests.web.factories import fund as fund_factory
from tests.web.factories import production as production_factory
from tests.web.factories import registry

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)
SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def _producer():
    owner = registry.producer("Films de l'Échéance")
    project = production_factory.project(owner, title="L'Échéance")
    return owner, project


def test_a_spend_deadline_within_30_days_waits_for_the_producer_once(client):
    owner, project = _producer()
    source = FinancingSource.objects.create(
        project=project, source_type="regional_fund", label="Wallimage Coproductions",
        amount=D("100000.00"), status="contracted", contracted_on=dt.date(2026, 1, 15),
        rule="wallimage", committed_ratio=D("1.5"), spend_deadline=dt.date(2026, 12, 31))
    found = deadlines.upcoming([owner.pk], TODAY)
    assert [(d.due, d.organisation) for d in found] == [(dt.date(2026, 12, 31), owner)]
    assert "150 000,00 €" in found[0].what.translate(SPACES)
    assert found[0].url == reverse("ledger_obligation", args=[project.pk, source.pk])
    # read twice: the same one deadline, nothing written
    assert deadlines.upcoming([owner.pk], TODAY) == found and InboxItem.objects.count() == 0
    client.force_login(registry.user("echeance", owner))
    home = client.get("/").content.decode()
    assert 'id="deadlines"' in home and "31/12/2026" in home
    assert "31/12/2026" in client.get(reverse("inbox")).content.decode()
    # 31 days ahead is not yet within 30 days; past, it is gone
    assert deadlines.upcoming([owner.pk], dt.date(2026, 11, 30)) == []
    assert deadlines.upcoming([owner.pk], dt.date(2027, 1, 1)) == []
    # another producer sees none of it
    other = registry.producer("Autres Films")
    assert deadlines.upcoming([other.pk], TODAY) == []


def test_a_tranche_due_and_a_call_closing_until_done():
    owner, project = _producer()
    source = FinancingSource.objects.create(
        project=project, source_type="public_aid", label="Aide CCA", amount=D("50000.00"),
        status="granted", granted_on=dt.date(2026, 6, 1))
    tranche = FinancingTranche.objects.create(source=source, number=1, amount=D("25000.00"),
                                              due_on=dt.date(2026, 12, 15))
    fund = registry.organisation("fund", "Fonds des échéances")
    call = fund_factory.call(fund, kind="copro_live", title="Session de décembre",
                             opens_on=dt.date(2026, 11, 1), closes_on=dt.date(2026, 12, 20))
    found = deadlines.upcoming([owner.pk], TODAY)
    assert [d.due for d in found] == [dt.date(2026, 12, 15), dt.date(2026, 12, 20)]
    assert "Session de décembre" in found[1].what
    tranche.received_on = dt.date(2026, 12, 2)
    tranche.save()
    fund_factory.application(call, owner.company, title="L'Échéance")
    assert deadlines.upcoming([owner.pk], TODAY) == []


def test_the_demos_desks_read_their_deadlines(demo, login):
    from montage.web.registry.models import Organisation

    ids = list(Organisation.objects.values_list("pk", flat=True))
    for item in deadlines.upcoming(ids, TODAY):
        assert TODAY <= item.due <= TODAY + dt.timedelta(days=30)
    for username in ("phare", "tele.demo", "wallimage"):
        assert login(username).get("/").status_code == 200
