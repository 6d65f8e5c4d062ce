"""A tranche is released on the producer's ledger (docs/web-desks.md): the producer sends the
proof list of the fund's rule, frozen with a checksum; the analyst rejects a line with a reason
(the verified total follows) and releases the tranche on the rest; the producer's source shows
it received. A verified amount typed by hand needs a written reason, kept in the history.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from montage.web.fund import services as fund_services
from montage.web.fund.models import SpendReport
from montage.web.ledger import exports, spend_reports
from montage.web.production import fund_link
from montage.web.production.models import FinancingSource
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _phare_source():
    return FinancingSource.objects.get(project__work__title="Le Phare", rule="wallimage")


def test_the_report_is_the_ledgers_proof_list_frozen(demo, login):
    source = _phare_source()
    tranche = source.commitment.tranches.get(number=2)
    client = login("phare")
    response = client.post(reverse("ledger_spend_report_send",
                                   args=[source.project_id, source.pk, tranche.pk]),
                           {"as_of": "2026-12-01"})
    report = SpendReport.objects.filter(tranche=tranche).order_by("-pk").first()
    assert response.status_code == 302 and response.url == reverse("fund_spend_report",
                                                                   args=[report.pk])
    # the same figure as the ledger's obligation page: one assessment
    status = exports.assess(source.project, TODAY, sources=[source]).status_for(source).status
    assert report.total_sent == status.counted == report.verified_total
    assert report.lines.count() == len({line.expense_id for line in status.lines})
    assert fund_services.report_is_intact(report) and len(report.checksum) == 64
    assert report.explanation
    # the producer and the fund read it; nobody else
    assert client.get(reverse("fund_spend_report", args=[report.pk])).status_code == 200
    for username in ("wallimage", "wallimage.board"):
        assert login(username).get(reverse("fund_spend_report", args=[report.pk])
                                   ).status_code == 200
    for username in ("ardenne", "tele.demo", "cca", "csa"):
        assert login(username).get(reverse("fund_spend_report", args=[report.pk])
                                   ).status_code == 403
    # only the project's producer sends
    for username in ("ardenne", "wallimage", "tele.demo"):
        assert login(username).post(reverse("ledger_spend_report_send", args=[
            source.project_id, source.pk, tranche.pk])).status_code == 403
    # a changed line breaks the checksum
    line = report.lines.first()
    line.counted += 1
    line.save()
    assert not fund_services.report_is_intact(report)


def test_the_demo_report_waits_for_the_analyst(demo):
    report = SpendReport.objects.get(tranche__commitment__application__work__title="Le Phare")
    rejected = report.lines.exclude(rejected_reason="")
    assert rejected.count() == 1 and report.tranche.released_on is None
    assert report.verified_total == report.total_sent - rejected.get().counted
    assert report.verified_total == fund_services.verified_total(report)


def test_reject_a_line_then_release_on_the_rest(demo, login):
    source = _phare_source()
    commitment = source.commitment
    tranche = commitment.tranches.get(number=2)
    report = spend_reports.send(source, tranche, TODAY, None)
    biggest = max(report.lines.all(), key=lambda line: line.counted)
    client = login("wallimage")
    refused = client.post(reverse("fund_spend_line_reject", args=[biggest.pk]), {"reason": ""})
    # the report again, the line's field and its error in the summary at the top
    assert refused.status_code == 400
    assert f'href="#id_reject-{biggest.pk}_reason"' in refused.content.decode()
    assert f'id="id_reject-{biggest.pk}_reason"' in refused.content.decode()
    biggest.refresh_from_db()
    assert not biggest.rejected_reason
    client.post(reverse("fund_spend_line_reject", args=[biggest.pk]),
                {"reason": "Facture sans mention de l'œuvre"})
    report.refresh_from_db()
    assert report.verified_total == report.total_sent - biggest.counted
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SpendReport), object_id=str(report.pk),
        new_value="spend report line rejected").exists()
    # the board reads but does not act
    board = login("wallimage.board")
    assert board.post(reverse("fund_spend_report_release", args=[report.pk]),
                      {"released_on": "2026-12-01"}).status_code == 403
    client = login("wallimage")
    client.post(reverse("fund_spend_report_release", args=[report.pk]),
                {"released_on": "2026-12-01"})
    tranche.refresh_from_db()
    commitment.refresh_from_db()
    assert commitment.verified_spend == report.verified_total
    if report.verified_total >= tranche.spend_to_prove:
        assert tranche.released_on == TODAY
        row = next(t for t in fund_link.tranches_of(source) if t.number == 2)
        assert row.received_on == TODAY
    else:
        assert tranche.released_on is None


def test_release_on_a_report_below_the_spend_to_prove_is_refused(demo):
    source = _phare_source()
    tranche = source.commitment.tranches.get(number=3)
    report = spend_reports.send(source, tranche, dt.date(2024, 10, 1), None)
    assert report.total_sent < tranche.spend_to_prove
    with pytest.raises(Refused):
        fund_services.release_on_report(report, TODAY, None)
    tranche.refresh_from_db()
    assert tranche.released_on is None
    source.commitment.refresh_from_db()
    assert source.commitment.verified_spend != report.verified_total or report.verified_total == 0


def test_typing_the_verified_spend_needs_a_reason(demo):
    commitment = _phare_source().commitment
    with pytest.raises(Refused):
        fund_services.record_verified_spend(commitment, Decimal("100000.00"), "  ")
    fund_services.record_verified_spend(commitment, Decimal("100000.00"),
                                        "Rapport de coûts papier du 30/11/2026")
    assert AuditEntry.objects.filter(object_id=str(commitment.pk),
                                     new_value="verified spend typed").exists()


def test_the_report_page_refuses_the_release_on_the_reports_verified_total(demo, login):
    # the commitment's verified spend is not typed yet: the page speaks of what its button
    # would release on, the report's verified total
    report = SpendReport.objects.get(tranche__commitment__application__work__title="Le Phare")
    commitment, tranche = report.tranche.commitment, report.tranche
    assert commitment.verified_spend < tranche.spend_to_prove <= report.verified_total
    page = login("wallimage").get(reverse("fund_spend_report", args=[report.pk]))
    assert "n’ont pas atteint" not in page.content.decode()
    assert "n'ont pas atteint" not in page.content.decode()
    assert "name=\"released_on\"" in page.content.decode()
