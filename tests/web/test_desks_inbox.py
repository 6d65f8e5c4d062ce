"""Each desk's inbox (docs/web-desks.md): the fund's events land in the recipient
organisation's inbox with a link, read/unread, an e-mail through Django's mail backend; the home
page shows what waits for each desk."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from montage.web.fund import services as fund_services
from montage.web.fund.models import Application
from montage.web.inbox import services
from montage.web.inbox.models import InboxItem
from montage.web.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_story_filled_the_inboxes(demo):
    phare = Organisation.objects.get(name="Les Films du Phare")
    wallimage = Organisation.objects.get(name="Wallimage")
    events = set(InboxItem.objects.filter(organisation=phare).values_list("event", flat=True))
    assert {"question_asked", "decision", "commitment", "tranche_released",
            "line_rejected"} <= events
    events = set(InboxItem.objects.filter(organisation=wallimage).values_list("event",
                                                                              flat=True))
    assert {"application_submitted", "question_answered", "spend_report_sent"} <= events


def test_a_question_reaches_the_producer_with_a_link_and_an_email(demo, login):
    from django.contrib.auth import get_user_model

    phare_user = get_user_model().objects.get(username="phare")
    phare_user.email = "production@filmsduphare.example"
    phare_user.save()
    application = Application.objects.get(work__title="Le Phare")
    application.status = Application.Status.SCORED
    application.save()
    mail.outbox.clear()
    fund_services.ask_question(application, "Le devis de post-production est-il signé ?",
                               get_user_model().objects.get(username="wallimage"))
    item = InboxItem.objects.filter(organisation__name="Les Films du Phare").first()
    assert item.event == "question_asked" and item.read_at is None
    assert item.url == reverse("production_application",
                               args=[application.financing_sources.get().project_id,
                                     application.pk])
    assert [m.to for m in mail.outbox] == [["production@filmsduphare.example"]]
    client = login("phare")
    home = client.get(reverse("home")).content.decode()
    assert "Le devis de post-production" in home
    # another organisation's member cannot mark it read
    assert login("ardenne").post(reverse("inbox_read", args=[item.pk])).status_code == 403
    client = login("phare")
    response = client.post(reverse("inbox_read", args=[item.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == item.url
    item.refresh_from_db()
    assert item.read_at is not None and item.read_by.username == "phare"


def test_each_desk_reads_only_its_own_inbox(demo, login):
    page = login("ardenne").get(reverse("inbox")).content.decode()
    assert "Le Phare" not in page
    assert "Le Phare" in login("wallimage").get(reverse("inbox")).content.decode()


def test_the_home_page_shows_what_waits(demo, login):
    # the analyst: Le Phare's spend report to verify
    home = login("wallimage").get(reverse("home")).content.decode()
    assert 'id="waiting"' in home and "Le Phare" in home
    # the board: an application to decide
    application = Application.objects.get(work__title="Le Phare")
    voisins = Application.objects.get(work__title="Les Voisins d'en face")
    home = login("wallimage.board").get(reverse("home")).content.decode()
    assert reverse("fund_application_detail", args=[voisins.pk]) in home
    assert reverse("fund_application_detail", args=[application.pk]) not in home


def test_notify_without_addresses_still_lands():
    from tests.web.factories import registry

    org = registry.organisation("fund", "Fonds muet")
    mail.outbox.clear()
    services.notify([org, org], "deadline", "Échéance des dépenses le 30/06/2026")
    assert InboxItem.objects.filter(organisation=org).count() == 1 and mail.outbox == []
