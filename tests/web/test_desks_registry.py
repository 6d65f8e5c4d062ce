"""Suppliers and companies are shared, their edits are not (docs/web-desks.md, "The shared
registry"): a company is found by its enterprise or VAT number before a new one is made; its
identity is edited by the organisation that created it or a superuser; another organisation
proposes a correction, shown to the owner; every change is in the history. The ownership rules
are tested in test_supplier_ownership.py; this file covers what it does not."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from montage.web.registry.models import AuditEntry, Company
from tests.web.test_supplier_ownership import form_data

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def test_a_company_is_found_by_its_number_before_a_new_one_is_made(client, demo):
    camera = Company.objects.get(name="Caméra Meuse Location")
    assert camera.enterprise_number
    client.force_login(user("ardenne"))
    count = Company.objects.count()
    # the same enterprise number typed without its dots is the same company
    for changes in ({"enterprise_number": camera.enterprise_number.replace(".", ""),
                     "vat_number": ""},
                    {"enterprise_number": "", "vat_number": camera.vat_number}):
        data = form_data(Company(name="Caméra Meuse (doublon)", country="BE",
                                 registered_postal_code="4000", registered_city="Liège"),
                         **changes)
        response = client.post(reverse("ledger_supplier_new"), data)
        text = response.content.decode()
        assert response.status_code == 200 and "Caméra Meuse Location" in text
        assert "déjà dans le registre" in text or "already in the registry" in text
        assert Company.objects.count() == count
    # a company of one's own may not take another company's number either
    own = Company.objects.create(name="Lumière d'Arlon", registered_postal_code="6700",
                                 registered_city="Arlon", owner=user("ardenne").memberships.first()
                                 .organisation)
    response = client.post(reverse("ledger_supplier_edit", args=[own.pk]),
                           form_data(own, enterprise_number=camera.enterprise_number))
    assert response.status_code == 200 and "Caméra Meuse Location" in response.content.decode()
    own.refresh_from_db()
    assert own.enterprise_number == ""


def test_every_change_of_a_supplier_is_in_its_history(client, demo):
    client.force_login(user("ardenne"))
    data = form_data(Company(name="Grip d'Arlon", country="BE", registered_postal_code="6700",
                             registered_city="Arlon"))
    assert client.post(reverse("ledger_supplier_new"), data).status_code == 302
    company = Company.objects.get(name="Grip d'Arlon")
    assert AuditEntry.objects.filter(object_id=str(company.pk),
                                     new_value="supplier created").exists()
    response = client.post(reverse("ledger_supplier_edit", args=[company.pk]),
                           form_data(company, registered_postal_code="6600",
                                     registered_city="Bastogne"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_id=str(company.pk), new_value="supplier updated")
    assert "6700" in entry.note and "6600" in entry.note
    # the other producer may not edit it, only propose
    client.force_login(user("phare"))
    assert client.post(reverse("ledger_supplier_edit", args=[company.pk]),
                       form_data(company)).status_code == 403
