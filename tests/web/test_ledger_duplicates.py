"""A likely duplicate invoice is caught (the same supplier and number, or the same supplier, date
and amount): refused with the existing line shown, unless the user says why it is another
invoice; the reason stays in the line's history. (An invoice typed three times on top of an
import tripled a Wallimage spend: 4 850 € became 14 550 €.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from montage.web.ledger import services
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

from .factories import production, registry

pytestmark = pytest.mark.django_db


def _invoice(project, supplier, number="F-7", date=dt.date(2025, 3, 1), amount="4850.00"):
    return Expense(project=project, owner=project.owner, work=project.work, kind="invoice",
                   supplier=supplier, number=number, date=date,
                   amount_excl_vat=Decimal(amount), account=project.accounts.first())


def test_the_same_supplier_and_number_is_refused_with_the_line_it_repeats():
    project, supplier = production.project(), registry.company("Meuse Caméras")
    services.save_expense(project, _invoice(project, supplier))
    with translation.override("fr"), pytest.raises(Refused) as refused:
        services.save_expense(project, _invoice(project, supplier, date=dt.date(2025, 3, 9),
                                                amount="4850.00"))
    assert refused.value.errors["duplicate_reason"].startswith(
        "Probablement un doublon de F-7 du 01/03/2025, 4\u202f850,00\xa0€")
    assert Expense.objects.filter(project=project).count() == 1


def test_the_same_supplier_date_and_amount_is_refused_whatever_the_number():
    project, supplier = production.project(), registry.company()
    services.save_expense(project, _invoice(project, supplier))
    with pytest.raises(Refused):
        services.save_expense(project, _invoice(project, supplier, number="F-7 bis"))


def test_another_supplier_or_another_invoice_is_not_a_duplicate():
    project, supplier = production.project(), registry.company()
    services.save_expense(project, _invoice(project, supplier))
    services.save_expense(project, _invoice(project, registry.company()))
    services.save_expense(project, _invoice(project, supplier, number="F-8", amount="12.00"))
    assert Expense.objects.filter(project=project).count() == 3


def test_a_reason_keeps_it_and_the_history_says_why():
    project, supplier = production.project(), registry.company()
    services.save_expense(project, _invoice(project, supplier))
    kept = services.save_expense(project, _invoice(project, supplier),
                                 duplicate_reason="deux livraisons facturées le même jour")
    entry = AuditEntry.objects.get(object_id=str(kept.pk), new_value="likely duplicate kept")
    assert entry.note == "deux livraisons facturées le même jour"


def test_the_page_shows_the_existing_line_and_keeps_what_was_typed(client):
    owner = registry.producer()
    project = production.project(owner)
    user = registry.user("prod", owner)
    supplier = registry.company()
    first = services.save_expense(project, _invoice(project, supplier))
    client.force_login(user)
    data = {"supplier": supplier.pk, "number": "F-7", "date": "2025-03-01",
            "account": project.accounts.first().pk, "amount_excl_vat": "4.850,00",
            "vat_rate": "21 %", "cost_type": "direct", "description": "Caméra",
            "manager_services": "0"}
    page = client.post(reverse("ledger_invoice_new", args=[project.pk]), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert reverse("ledger_expense", args=[project.pk, first.pk]) in html
    assert 'value="4850,00"' in html or 'value="4.850,00"' in html
    assert Expense.objects.filter(project=project).count() == 1
    saved = client.post(reverse("ledger_invoice_new", args=[project.pk]),
                        dict(data, duplicate_reason="avoir annulé puis refacturé"))
    assert saved.status_code == 302
    assert Expense.objects.filter(project=project).count() == 2
