"""Each desk sees nothing it should not (docs/web-desks.md), on one chain's records built by the
services the pages call (tests/web/factories/desks.py): a producer's application, its question,
commitment, spend report, imported ledger, the broadcaster's linked investment and the shared
proof list; every page and API route of the desks, for every desk — the chain's four and a
second producer, a second fund, a second broadcaster and the CSA.

The permission matrix (test_permissions.py, test_api_permissions.py) runs on the demo, which
has one fund and no second CCA: this adds the second fund's analyst and every desk's refusals
of the actions (POST) on each record, and checks that a refusal changes nothing.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from montage.web.fund import services as fund_services
from montage.web.fund.models import Decision, SpendReport
from montage.web.inbox.models import InboxItem
from montage.web.investments.models import ProofList
from montage.web.ledger import proof_lists, spend_reports
from montage.web.production import applying, investment_link
from montage.web.production.models import FinancingSource, InvestmentLink
from tests.web.factories import ledger, registry
from tests.web.factories.desks import four_desks

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)
USERS = ["producteur", "analyste", "conseil", "diffuseur", "cca.essai", "autre.producteur",
         "autre.fonds", "autre.diffuseur", "csa.essai"]
FUND = {"analyste", "conseil"}


@pytest.fixture
def chain():
    """The chain up to the proof list shared; tranche 2's report sent, not yet verified."""
    d = four_desks()
    u = d.users
    application = applying.apply(
        d.project, d.call, Decimal("20000.00"), Decimal("40000.00"), None,
        {"Scénario": SimpleUploadedFile("scenario.pdf", b"%PDF scenario"),
         "Devis signé": SimpleUploadedFile("devis.pdf", b"%PDF devis")}, u["producteur"], TODAY)
    question = fund_services.ask_question(application, "Où se tourne le film ?", u["analyste"])
    fund_services.answer_question(question, "À Namur.", u["producteur"])
    application.score, application.proposal = Decimal(8), "accept"
    application.proposed_amount = Decimal("20000.00")
    fund_services.score_application(application, u["analyste"])
    fund_services.decide_application(application, Decision(
        outcome="accepted", accepted_amount=Decimal("20000.00"), decided_on=TODAY), u["conseil"])
    commitment = fund_services.sign_commitment(application, Decimal("20000.00"),
                                               Decimal("40000.00"), TODAY)
    fund_services.release_tranche(commitment.tranches.get(number=1), TODAY, u["analyste"])
    for amount, postal_code in (("12000.00", "5000"), ("9000.00", "4000"), ("1200.00", "9000")):
        ledger.expense(d.owner, amount, date=dt.date(2026, 10, 1), work=d.project.work,
                       project=d.project, supplier=registry.company(
                           postal_code=postal_code, audiovisual_activity=True))
    source = FinancingSource.objects.get(application=application)
    report = spend_reports.send(source, commitment.tranches.get(number=2), TODAY,
                                u["producteur"])
    link = investment_link.confirm(
        investment_link.propose_from_investment(d.investment, u["diffuseur"]), "producer",
        u["producteur"])
    shared = proof_lists.share(link, TODAY, u["producteur"])
    return {"d": d, "application": application, "question": question, "commitment": commitment,
            "source": source, "report": report, "link": link, "proof_list": shared}


def _pages(c):
    project, application = c["d"].project.pk, c["application"].pk
    report = c["report"]
    return {
        # the producer's own records: its desk only
        reverse("production_apply", args=[project]): {"producteur"},
        reverse("production_application", args=[project, application]): {"producteur"},
        reverse("production_financing", args=[project]): {"producteur"},
        reverse("production_precheck", args=[project]): {"producteur"},
        reverse("production_investment_links", args=[project]): {"producteur"},
        reverse("ledger_expenses", args=[project]): {"producteur"},
        reverse("ledger_dashboard", args=[project]): {"producteur"},
        reverse("ledger_imports", args=[project]): {"producteur"},
        reverse("ledger_obligations", args=[project]): {"producteur"},
        # the fund's records: its desk; the documents and the report also the producer's
        reverse("fund_call_detail", args=[c["d"].call.pk]): FUND,
        reverse("fund_application_detail", args=[application]): FUND,
        reverse("fund_application_document", args=[
            c["application"].documents.first().pk]): FUND | {"producteur"},
        reverse("fund_commitment_detail", args=[c["commitment"].pk]): FUND,
        reverse("fund_spend_report", args=[report.pk]): FUND | {"producteur"},
        # the broadcaster's investment: its desk, the regulators and the producer it names
        # (permissions.investments_for); the proof list: the editor, the CCA and the producer
        # who shared it, never the CSA
        reverse("investments_investment", args=[c["d"].investment.pk]): {
            "diffuseur", "cca.essai", "csa.essai", "producteur"},
        reverse("investments_proof_list", args=[c["proof_list"].pk]): {
            "diffuseur", "cca.essai", "producteur"},
        # the API's reads of the same records
        f"/api/spend-reports/{report.pk}": FUND | {"producteur"},
        f"/api/proof-lists/{c['proof_list'].pk}": {"diffuseur", "cca.essai", "producteur"},
    }


def test_each_desk_reads_only_its_records(chain, client):
    from django.contrib.auth import get_user_model

    pages = _pages(chain)
    for username in USERS:
        client.force_login(get_user_model().objects.get(username=username))
        for url, allowed in pages.items():
            status = client.get(url).status_code
            assert status == (200 if username in allowed else 403), (username, url, status)
        # the inbox: the organisation's own items, nothing of another desk's
        inbox = client.get(reverse("inbox")).content.decode()
        told = username in {"producteur", "analyste", "conseil", "diffuseur", "cca.essai"}
        assert ("Le Gué" in inbox) == told, username


def test_each_desk_is_refused_the_others_actions(chain, client):
    """Every action of the chain on its record, tried by every desk that may not: 403, and the
    record unchanged."""
    from django.contrib.auth import get_user_model

    c = chain
    project, application = c["d"].project.pk, c["application"].pk
    report, line = c["report"], c["report"].lines.first()
    tranche = c["commitment"].tranches.get(number=2)
    producer_item = InboxItem.objects.filter(organisation=c["d"].owner).first()
    actions = [
        ("post", reverse("fund_application_ask", args=[application]), {"text": "Et ?"},
         {"analyste"}),
        ("post", reverse("production_question_answer", args=[project, c["question"].pk]),
         {"answer": "Ailleurs."}, {"producteur"}),
        ("post", reverse("fund_application_decide", args=[application]),
         {"outcome": "refused", "decided_on": "2026-12-01"}, {"conseil"}),
        ("post", reverse("fund_tranche_release", args=[tranche.pk]),
         {"released_on": "2026-12-01"}, {"analyste"}),
        ("post", reverse("ledger_spend_report_send", args=[project, c["source"].pk, tranche.pk]),
         {"as_of": "2026-12-01"}, {"producteur"}),
        ("post", reverse("fund_spend_line_reject", args=[line.pk]), {"reason": "Non"},
         {"analyste"}),
        ("post", reverse("fund_spend_report_release", args=[report.pk]),
         {"released_on": "2026-12-01"}, {"analyste"}),
        ("post", reverse("investments_investment_link", args=[c["d"].investment.pk]), {},
         {"diffuseur"}),
        ("post", reverse("production_proof_list_share", args=[project, c["link"].pk]),
         {"as_of": "2026-12-01"}, {"producteur"}),
        ("post", reverse("inbox_read", args=[producer_item.pk]), {}, {"producteur"}),
        # the API's actions on the same records
        ("json", f"/api/spend-report-lines/{line.pk}/reject", {"reason": "Non"}, {"analyste"}),
        ("json", f"/api/spend-reports/{report.pk}/release", {"released_on": "2026-12-01"},
         {"analyste"}),
        ("json", f"/api/sources/{c['source'].pk}/spend-reports",
         {"tranche": tranche.pk, "as_of": "2026-12-01"}, {"producteur"}),
        ("json", f"/api/investments/{c['d'].investment.pk}/link", {}, {"diffuseur"}),
        ("json", f"/api/investment-links/{c['link'].pk}/confirm", {}, {"producteur"}),
        ("json", f"/api/investment-links/{c['link'].pk}/proof-lists", {"as_of": "2026-12-01"},
         {"producteur"}),
    ]
    before = _state(c)
    for username in USERS:
        client.force_login(get_user_model().objects.get(username=username))
        for kind, url, data, allowed in actions:
            if username in allowed:
                continue
            response = (client.post(url, data) if kind == "post" else
                        client.post(url, data, content_type="application/json"))
            assert response.status_code == 403, (username, url, response.status_code)
    assert _state(c) == before


def _state(c):
    """What the refused actions would have changed."""
    report = SpendReport.objects.get(pk=c["report"].pk)
    application = type(c["application"]).objects.get(pk=c["application"].pk)
    return (application.status, application.decisions.count(), application.questions.count(),
            type(c["question"]).objects.get(pk=c["question"].pk).answer,
            report.verified_total, list(report.lines.values_list("rejected_reason", flat=True)),
            list(c["commitment"].tranches.values_list("released_on", flat=True)),
            SpendReport.objects.count(), ProofList.objects.count(),
            InvestmentLink.objects.count(),
            InboxItem.objects.filter(read_at__isnull=False).count())
