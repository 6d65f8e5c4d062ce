"""Nothing is only ever added: a ledger line is cancelled, not deleted. It leaves every total at
once (the running buckets, the ledger's totals, the obligations) and stays visible with who
cancelled it, when and why."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from montage.web.ledger import services
from montage.web.ledger.models import Expense, LedgerBucket
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

from .factories import production, registry

pytestmark = pytest.mark.django_db


def _line(project, amount):
    return services.save_expense(project, Expense(
        project=project, owner=project.owner, work=project.work, kind="invoice",
        supplier=registry.company(), number=f"F-{amount}", date=dt.date(2025, 3, 1),
        amount_excl_vat=Decimal(amount), account=project.accounts.first()))


def _buckets(project):
    return LedgerBucket.objects.filter(project=project).aggregate(t=Sum("amount"))["t"] or 0


def test_a_cancelled_line_leaves_every_total_and_keeps_who_when_why():
    project = production.project()
    user = registry.user("prod", project.owner)
    kept, cancelled = _line(project, "1000.00"), _line(project, "4850.00")
    assert _buckets(project) == Decimal("5850.00")
    services.cancel_expense(project, cancelled, user, "facture saisie deux fois")
    assert _buckets(project) == Decimal("1000.00")
    assert list(Expense.objects.filter(project=project)) == [kept]
    line = Expense.all_objects.get(pk=cancelled.pk)
    assert (line.cancelled_by, line.cancel_reason) == (user, "facture saisie deux fois")
    assert line.cancelled_at is not None
    entry = AuditEntry.objects.get(object_id=str(line.pk), new_value="expense cancelled")
    assert entry.note == "facture saisie deux fois"


def test_a_line_is_not_cancelled_without_a_reason_nor_twice():
    project = production.project()
    line = _line(project, "10.00")
    with pytest.raises(Refused) as refused:
        services.cancel_expense(project, line, None, "  ")
    assert "reason" in refused.value.errors
    services.cancel_expense(project, line, None, "erreur")
    with pytest.raises(Refused):
        services.cancel_expense(project, Expense.all_objects.get(pk=line.pk), None, "encore")


def test_the_ledger_pages_show_the_cancelled_line_and_its_total_leaves(client):
    owner = registry.producer()
    project = production.project(owner)
    client.force_login(registry.user("prod", owner))
    kept, line = _line(project, "1000.00"), _line(project, "4850.00")
    response = client.post(reverse("ledger_expense_cancel", args=[project.pk, line.pk]),
                           {"reason": "doublon de la facture F-7"})
    assert response.status_code == 302
    detail = client.get(reverse("ledger_expense", args=[project.pk, line.pk])).content.decode()
    assert 'id="cancelled"' in detail and "doublon de la facture F-7" in detail
    assert 'id="cancel"' not in detail  # nothing more to cancel, nothing to edit
    ledger = client.get(reverse("ledger_expenses", args=[project.pk]))
    assert ledger.context["totals"]["total"] == Decimal("1000.00")
    assert list(ledger.context["cancelled"]) == [Expense.all_objects.get(pk=line.pk)]


def test_only_the_projects_producer_cancels(client):
    project = production.project()
    line = _line(project, "10.00")
    client.force_login(registry.user("other", registry.producer()))
    url = reverse("ledger_expense_cancel", args=[project.pk, line.pk])
    assert client.post(url, {"reason": "x"}).status_code in (403, 404)
    client.force_login(registry.user("prod", project.owner))
    assert client.get(url).status_code == 405
    assert Expense.objects.filter(pk=line.pk).exists()


def test_a_cancellation_without_reason_comes_back_on_the_lines_page(client):
    owner = registry.producer()
    project = production.project(owner)
    client.force_login(registry.user("prod", owner))
    line = _line(project, "4850.00")
    response = client.post(reverse("ledger_expense_cancel", args=[project.pk, line.pk]),
                           {"reason": "   "})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in page and 'href="#id_reason"' in page
    assert "Dites pourquoi la ligne est annulée" in page
    assert Expense.objects.filter(pk=line.pk).exists()  # still counts
