"""A refused form comes back on its page, status 400, filled in, its errors in the summary at
the top linked to the field (docs/web.md, "A refused form"): the proof list's share and the
carbon desk's posts and cancellations, which used to redirect with a message."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from montage.web.carbon.models import Activity
from montage.web.investments.models import ProofList
from montage.web.production.models import InvestmentLink
from tests.web.factories import carbon as carbon_f
from tests.web.factories import production, registry
from tests.web.test_error_summary import check_refused_page

pytestmark = pytest.mark.django_db


def _summary_links(html: str) -> list[str]:
    start = html.index('id="error-summary"')
    return re.findall(r'href="#([^"]+)"', html[start:html.index("</div>", start)])


def test_a_refused_share_keeps_the_typed_date_under_the_summary(demo, login):
    link = InvestmentLink.objects.get(project__work__title="Le Phare")
    share = reverse("production_proof_list_share", args=[link.project_id, link.pk])
    before = ProofList.objects.filter(investment=link.investment_id).count()
    response = login("phare").post(share, {"as_of": "31/02/2026"})
    assert response.status_code == 400
    html = response.content.decode()
    assert check_refused_page(html, "share")
    field = f"id_share-{link.pk}_as_of"
    assert _summary_links(html) == [field]
    assert re.search(rf'<input[^>]*value="31/02/2026"[^>]*id="{field}"|'
                     rf'<input[^>]*id="{field}"[^>]*value="31/02/2026"', html)
    assert "31/02/2026 n&#x27;est pas une date" in html
    assert ProofList.objects.filter(investment=link.investment_id).count() == before


@pytest.fixture
def project():
    return production.project(title="Essai carbone", shooting_start=dt.date(2026, 3, 2),
                              shooting_end=dt.date(2026, 4, 30))


@pytest.fixture
def owner(client, project):
    user = registry.user("prod1", project.owner, "producer_manager")
    client.force_login(user)
    return user


def test_a_refused_post_comes_back_on_its_row(client, owner, project):
    account = project.accounts.order_by("code").first()
    url = reverse("carbon_posts", args=[project.pk])
    response = client.post(url, {"account": account.pk, "post": "nowhere"})
    assert response.status_code == 400
    html = response.content.decode()
    assert check_refused_page(html, "posts") and _summary_links(html) == ["id_post"]
    assert 'name="account" value="%d"' % account.pk in html
    # no account nor line: the ledger line's form is refused, its post kept
    response = client.post(url, {"expense": "0", "post": "technical"})
    assert response.status_code == 400
    html = response.content.decode()
    assert check_refused_page(html, "posts")
    assert re.search(r'<option value="technical" selected>', html)
    assert client.post(url, {"account": account.pk, "post": "technical"}).status_code == 302


def test_a_cancellation_without_reason_comes_back_on_its_row(client, owner, project):
    activity = carbon_f.activity(project)
    url = reverse("carbon_activity_cancel", args=[project.pk, activity.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    field = f"id_cancel-{activity.pk}_reason"
    assert check_refused_page(html, "cancel") and _summary_links(html) == [field]
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert client.post(url, {"reason": "saisie en double"}).status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
