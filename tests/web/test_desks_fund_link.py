"""The producer and the fund on one set of records (docs/web-desks.md).

The producer applies from a project to an open call (the dossier assembled from the project, the
documents the call asks for, refused after the closing date); the analyst asks, the producer
answers; the board decides; the commitment and its tranches are the producer's source — one
fact: after every step of the fund the source equals the fund's records, the producer cannot type
them, and the source has no second schedule.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from montage.web.fund import services as fund_services
from montage.web.fund.models import Application, Decision
from montage.web.production import applying, fund_link, services
from montage.web.production.models import BudgetLine, FinancingSource, FinancingTranche
from montage.web.registry.services import Refused
from tests.web.factories import fund as fund_factory
from tests.web.factories import production as production_factory
from tests.web.factories import registry

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 1)


def _setup():
    fund = registry.organisation("fund", "Fonds d'essai")
    call = fund_factory.call(fund, kind="copro_live", title="Session d'essai",
                             line_name="Coproductions", envelope="1000000.00",
                             required_documents="Scénario\nDevis signé")
    owner = registry.producer("Films d'essai")
    project = production_factory.project(owner, title="Le Film d'essai")
    account = project.accounts.get(code="07.01")
    services.add_budget_line(project, BudgetLine(account=account, description="Montage",
                                                 quantity=Decimal(1), rate=Decimal("50000.00")))
    producer = registry.user("producteur", owner)
    analyst = registry.user("analyste", fund, "fund_analyst")
    board = registry.user("conseil", fund, "fund_board")
    return call, project, producer, analyst, board


def _docs():
    return {"Scénario": SimpleUploadedFile("scenario.pdf", b"%PDF-1.4 scenario"),
            "Devis signé": SimpleUploadedFile("devis.pdf", b"%PDF-1.4 devis")}


def _apply(call, project, producer, on=DAY, docs=None):
    return applying.apply(project, call, Decimal("100000.00"), Decimal("200000.00"), None,
                          _docs() if docs is None else docs, producer, on)


def _agrees(source):
    source.refresh_from_db()
    application = fund_link.application_of(source)
    facts = fund_link.fund_facts(application)
    assert {k: getattr(source, k) for k in facts} == facts
    assert fund_link.disagreements() == []


def test_the_commitment_is_the_producers_source_at_every_step():
    call, project, producer, analyst, board = _setup()
    application = _apply(call, project, producer)
    source = FinancingSource.objects.get(project=project, application=application)
    assert (source.status, source.amount, source.requested_on) == ("requested",
                                                                  Decimal("100000.00"), DAY)
    assert source.financier_id == call.funding_line.organisation_id
    assert source.rule == "wallimage" and source.committed_ratio == Decimal("2.0000")
    _agrees(source)

    application.score, application.proposal = Decimal(8), "accept"
    fund_services.score_application(application, analyst)
    _agrees(source)
    fund_services.decide_application(application, Decision(
        outcome="accepted", accepted_amount=Decimal("80000.00"),
        decided_on=dt.date(2025, 4, 1)), board)
    source.refresh_from_db()
    assert (source.status, source.amount, source.granted_on) == ("granted", Decimal("80000.00"),
                                                                dt.date(2025, 4, 1))
    _agrees(source)

    commitment = fund_services.sign_commitment(application, Decimal("80000.00"),
                                               Decimal("200000.00"), dt.date(2025, 5, 1))
    source.refresh_from_db()
    assert (source.status, source.contracted_on, source.commitment_id) == (
        "contracted", dt.date(2025, 5, 1), commitment.pk)
    _agrees(source)
    # one schedule: the commitment's tranches, none of the source's own
    schedule = fund_link.tranches_of(source)
    assert [t.amount for t in schedule] == [t.amount for t in commitment.tranches.all()]
    assert all(t.fund for t in schedule) and not FinancingTranche.objects.filter(source=source)
    with pytest.raises(Refused):
        services.add_tranche(source, FinancingTranche(number=9, amount=Decimal(1)))
    with pytest.raises(Refused):
        services.generate_wallimage_tranches(source)

    first = commitment.tranches.get(number=1)
    fund_services.release_tranche(first, dt.date(2025, 5, 2), analyst)
    plan = services.financing_plan(project)
    row = next(r for r in plan.rows if r.source.pk == source.pk)
    assert row.received == first.amount and row.linked
    _agrees(source)

    for tranche in commitment.tranches.exclude(number=1):
        commitment.verified_spend = Decimal("200000.00")
        commitment.save()
        tranche.refresh_from_db()
        fund_services.release_tranche(tranche, dt.date(2025, 9, 1), analyst)
    source.refresh_from_db()
    assert (source.status, source.received_on) == ("received", dt.date(2025, 9, 1))
    _agrees(source)


def test_the_producer_cannot_type_the_funds_figures(login):
    call, project, producer, analyst, board = _setup()
    application = _apply(call, project, producer)
    source = FinancingSource.objects.get(application=application)
    client = login("producteur")
    page = client.get(reverse("production_financing", args=[project.pk])).content.decode()
    assert "Amount, status, dates and tranches are the fund" in page or "du fonds" in page
    form = client.get(reverse("production_source_edit", args=[project.pk, source.pk])).context[
        "form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(amount="999999,00", in_kind="")
    response = client.post(reverse("production_source_edit", args=[project.pk, source.pk]), data)
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.amount == Decimal("100000.00")
    _agrees(source)


def test_a_refusal_and_a_cancelled_application_refuse_the_source():
    call, project, producer, analyst, board = _setup()
    application = _apply(call, project, producer)
    fund_services.cancel_application(application, analyst, "dossier retiré")
    source = FinancingSource.all_objects.get(application=application)
    assert source.status == "refused"
    _agrees(source)


def test_the_dossier_is_assembled_from_the_project():
    call, project, producer, *_ = _setup()
    application = _apply(call, project, producer)
    dossier = application.dossier
    assert dossier["work"]["title"] == "Le Film d'essai"
    assert Decimal(dossier["budget"]["total"]) == Decimal("50000.00")
    assert [row["code"] for row in dossier["top_sheet"]] == ["07"]
    assert Decimal(dossier["committed_ratio"]) == Decimal("2.0000")
    assert sorted(d.name for d in application.documents.all()) == ["Devis signé", "Scénario"]


def test_missing_documents_and_the_closing_date_refuse():
    call, project, producer, *_ = _setup()
    with pytest.raises(Refused) as missing:
        _apply(call, project, producer, docs={"Scénario": SimpleUploadedFile("s.pdf", b"x")})
    assert "Devis signé" in missing.value.message
    with pytest.raises(Refused) as late:
        _apply(call, project, producer, on=call.closes_on + dt.timedelta(days=1))
    assert "31/12/2025" in late.value.message
    assert not Application.objects.filter(work=project.work).exists()
    assert not FinancingSource.objects.filter(project=project).exists()


def test_questions_and_answers_through_the_pages(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call, project, producer, analyst, board = _setup()
    call.opens_on, call.closes_on = dt.date(2026, 11, 1), dt.date(2026, 12, 31)
    call.save()
    client = login("producteur")
    page = client.get(reverse("production_apply", args=[project.pk]))
    assert f"?call={call.pk}" in page.content.decode()
    response = client.post(reverse("production_apply", args=[project.pk]) + f"?call={call.pk}", {
        "call": call.pk, "amount_requested": "100 000,00", "walloon_spend_committed": "200 000",
        "document_0": SimpleUploadedFile("scenario.pdf", b"%PDF scenario"),
        "document_1": SimpleUploadedFile("devis.pdf", b"%PDF devis")})
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(work=project.work)
    assert application.submitted_on == dt.date(2026, 12, 1)

    client = login("analyste")
    detail = client.get(reverse("fund_application_detail", args=[application.pk]))
    assert detail.status_code == 200 and "Scénario" in detail.content.decode()
    document = application.documents.get(name="Scénario")
    assert client.get(reverse("fund_application_document", args=[document.pk])).status_code == 200
    client.post(reverse("fund_application_ask", args=[application.pk]),
                {"text": "Quel est le lieu de tournage ?"})
    question = application.questions.get()

    client = login("producteur")
    page = client.get(reverse("production_application", args=[project.pk, application.pk]))
    assert "Quel est le lieu de tournage" in page.content.decode()
    client.post(reverse("production_question_answer", args=[project.pk, question.pk]),
                {"answer": "Liège et Namur."})
    question.refresh_from_db()
    assert question.answer == "Liège et Namur." and question.answered_by.username == "producteur"

    # the board sees the answer; another producer sees nothing of it
    client = login("conseil")
    assert "Liège et Namur." in client.get(
        reverse("fund_application_detail", args=[application.pk])).content.decode()
    registry.user("autre", registry.producer("Autres Films"))
    client = login("autre")
    assert client.get(reverse("production_application",
                              args=[project.pk, application.pk])).status_code == 403
    assert client.get(reverse("fund_application_document", args=[document.pk])).status_code == 403
    assert client.post(reverse("production_question_answer", args=[project.pk, question.pk]),
                       {"answer": "x"}).status_code == 403
    assert client.post(reverse("fund_application_ask", args=[application.pk]),
                       {"text": "x"}).status_code == 403
