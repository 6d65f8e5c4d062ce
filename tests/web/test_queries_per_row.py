"""A page reads the same number of queries whatever its number of rows: each page below is
built once with N rows and once with 2N (two editors, two funds), opened once to warm the
caches, then counted (django's CaptureQueriesContext). A difference means a query per row
came back (docs/web.md, "Load")."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from montage.web.contribution.models import Attachment
from montage.web.fund.models import Commitment, Decision
from montage.web.investments.models import (IndependenceAssessment, IndependenceShareholder,
                                            Payment, SpilloverProof)
from montage.web.registry.audit import acting_as, record_decision

from .factories import contribution, fund, investments, ledger, registry

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    assert client.get(url).status_code == 200, url  # warms the caches (content types…)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _editor_file(n: int):
    """An editor's 2025 file with n investments, each from its own producer with independence
    figures, a spillover proof, a document and the CCA's decision; n payments; the first
    investment also has n documents."""
    editor = contribution.editor()
    file = contribution.obligation(editor, 2025, eligible_turnover="20000000.00")
    owner = registry.producer()
    uploader = registry.user(f"uploader.{n}", editor.organisation)
    made = []
    for k in range(n):
        investment = investments.investment(file, amount=f"{10000 + k}.00")
        assessment = IndependenceAssessment.objects.create(
            company=investment.producer, reference_year=2024, established_in_eu=True,
            separate_legal_personality=True)
        IndependenceShareholder.objects.create(assessment=assessment, name="Fondateur",
                                               share=D("0.6"))
        expense = ledger.expense(owner, amount="500.00", work=investment.work)
        SpilloverProof.objects.create(investment=investment, expense=expense, amount=D("500.00"))
        Attachment.objects.create(investment=investment, checklist_key="contract",
                                  file=f"attachments/2025/contrat-{k}.pdf", uploaded_by=uploader)
        with acting_as(None, "cca"):
            record_decision(investment, "validated" if k % 2 else "refused")
        Payment.objects.create(obligation=file, reason=Payment.Reason.OBLIGATION,
                               amount=D("1000.00") + k)
        made.append(investment)
    for k in range(n):
        Attachment.objects.create(investment=made[0], checklist_key="",
                                  file=f"attachments/2025/annexe-{k}.pdf", uploaded_by=uploader)
    return editor, file, made[0]


def _step2_pages(editor, file, investment) -> dict[str, str]:
    return {"register": reverse("investments_register", args=[file.pk]),
            "investment": reverse("investments_investment", args=[investment.pk]),
            "committee": reverse("investments_committee", args=[file.pk]),
            "payments": reverse("investments_payments", args=[editor.pk])}


def test_the_step2_pages_read_as_many_queries_for_n_as_for_2n_investments(client):
    client.force_login(registry.user("cca.rows", "cca"))
    counts = {}
    for n in (3, 6):
        counts[n] = {page: _queries(client, url)
                     for page, url in _step2_pages(*_editor_file(n)).items()}
    assert counts[3] == counts[6]


def _fund(n: int):
    """A fund with n calls of n accepted applications each (the board's decision, a
    commitment on every other one)."""
    organisation = registry.organisation("fund")
    for c in range(n):
        call = fund.call(organisation, title=f"Appel {c}", envelope="1000000.00",
                         line_name=f"Ligne {c}")
        for k in range(n):
            application = fund.application(call, status="accepted")
            Decision.objects.create(application=application, outcome="accepted",
                                    accepted_amount=D("8000.00"), decided_on=dt.date(2025, 4, 1))
            if k % 2:
                Commitment.objects.create(application=application, amount=D("7000.00"),
                                          walloon_spend_committed=D("14000.00"),
                                          signed_on=dt.date(2025, 5, 1))
    return organisation, call


def test_the_fund_pages_read_as_many_queries_for_n_as_for_2n_calls_and_applications(client):
    counts = {}
    for n in (3, 6):
        organisation, call = _fund(n)
        client.force_login(registry.user(f"fund.rows.{n}", organisation))
        counts[n] = {page: _queries(client, url) for page, url in {
            "calls": reverse("fund_calls"), "call": reverse("fund_call_detail", args=[call.pk]),
            "applications": reverse("fund_applications")}.items()}
    assert counts[3] == counts[6]


def test_the_calls_page_and_the_call_page_show_the_same_granted_amount(client):
    """One definition (rules.envelope_used, read in bulk by envelopes_used) on both pages."""
    from montage.web.fund import rules

    organisation, call = _fund(2)
    client.force_login(registry.user("fund.same", organisation))
    listed = next(row for row in client.get(reverse("fund_calls")).context["rows"]
                  if row["call"].pk == call.pk)
    page = client.get(reverse("fund_call_detail", args=[call.pk])).context
    # two applications: the board's 8 000,00 € on one, the commitment's 7 000,00 € on the other
    assert listed["used"] == page["used"] == rules.envelope_used(call) == D("15000.00")
    assert listed["remaining"] == page["remaining"] == D("985000.00")
