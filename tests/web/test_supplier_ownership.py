"""Who edits a supplier or an employee (docs/web-ledger.md, "Ownership").

The finding: a producer edited the seat of a supplier used only in another producer's ledger
(postal code → 9000 Gent) and the other producer's Wallimage counted spend fell (394 630 € to
291 930 € in the report; on today's demo, moving the Liège camera rental: 394 530 € to
264 280 €); every producer also read and edited every employee's domicile. A company's identity
and seats are edited by the organisation that owns the record (or a superuser); the others see
it and may propose a correction, which the owner accepts (applied like an edit, audited) or
rejects. People paid on payroll belong to the employer's organisation, and only it sees them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from montage.web import permissions
from montage.web.ledger.models import Expense
from montage.web.production.models import Project
from montage.web.registry.models import (AuditEntry, Company, Organisation, Person,
                                         SupplierCorrection, Work)
from montage.web.ledger import buckets, exports, suppliers
from montage.web.ledger.forms import PayrollForm
from montage.web.production.forms import CreditForm

pytestmark = pytest.mark.django_db

GENT = {"registered_street": "Dok-Noord 7", "registered_postal_code": "9000",
        "registered_city": "Gent"}


@pytest.fixture
def phare(demo):
    return Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")


@pytest.fixture
def camera(demo):
    return Company.objects.get(name="Caméra Meuse Location")


def user(username):
    return get_user_model().objects.get(username=username)


def wallimage_counted(project) -> Decimal:
    for item in exports.assess(project).statuses:
        if item.source.rule == "wallimage":
            return item.status.counted
    raise AssertionError("no Wallimage obligation")


def quick_equals_full(project) -> None:
    full = {item.source.pk: item.status.counted for item in exports.assess(project).statuses}
    quick = {item.source.pk: item.status.counted
             for item in buckets.statuses(project, dt.date.today())}
    assert quick == full


def form_data(company: Company, **changes) -> dict:
    """What the supplier form posts for `company`, with `changes`."""
    data = {name: getattr(company, name) or "" for name in (
        "name", "enterprise_number", "vat_number", "country", "registered_street",
        "registered_postal_code", "registered_city", "operating_street",
        "operating_postal_code", "operating_city", "operating_country", "nace_codes")}
    data["audiovisual_activity"] = {True: "true", False: "false"}.get(
        company.audiovisual_activity, "")
    data.update(changes)
    return data


# -- the Gent scenario ----------------------------------------------------------------------

def test_another_producer_cannot_move_a_supplier_of_my_ledger_to_gent(client, phare, camera):
    before = wallimage_counted(phare)
    assert before > 0
    client.force_login(user("ardenne"))
    edit = reverse("ledger_supplier_edit", args=[camera.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, form_data(camera, **GENT)).status_code == 403
    with pytest.raises(PermissionDenied):  # the service refuses too, whatever calls it
        suppliers.update_supplier(user("ardenne"), camera, GENT)
    camera.refresh_from_db()
    assert camera.registered_postal_code == "4000"
    assert wallimage_counted(phare) == before
    # the supplier stays visible, with no edit link, and a correction may be proposed
    page = client.get(reverse("ledger_supplier", args=[camera.pk])).content.decode()
    assert "Caméra Meuse Location" in page
    assert edit not in page
    assert reverse("ledger_supplier_correct", args=[camera.pk]) in page


def test_the_owner_and_a_superuser_edit_the_supplier(client, phare, camera):
    assert camera.owner.name == "Les Films du Phare"
    client.force_login(user("phare"))
    response = client.post(reverse("ledger_supplier_edit", args=[camera.pk]),
                           form_data(camera, nace_codes="77.39"))
    assert response.status_code == 302
    assert permissions.can_edit_supplier(user("admin"), camera)
    for name in ("ardenne", "canal.prod", "tele.demo", "csa", "wallimage"):
        assert not permissions.can_edit_supplier(user(name), camera), name


def test_a_proposal_by_another_producer_accepted_by_the_owner_applies_it(client, phare, camera):
    before = wallimage_counted(phare)
    client.force_login(user("ardenne"))
    url = reverse("ledger_supplier_correct", args=[camera.pk])
    page = client.get(url).content.decode()
    assert "Proposer une correction" in page and "Les Films du Phare décide" in page
    response = client.post(url, form_data(camera, note="Déménagé à Gand en 2025.", **GENT))
    assert response.status_code == 302, response.context["form"].errors
    correction = SupplierCorrection.objects.get(company=camera)
    assert correction.status == SupplierCorrection.Status.OPEN
    assert correction.values == GENT
    assert correction.organisation.name == "Ardenne Films"
    camera.refresh_from_db()
    assert camera.registered_postal_code == "4000"
    assert wallimage_counted(phare) == before
    decide = reverse("ledger_supplier_correction", args=[correction.pk])
    # neither the proposer nor a third producer decides it; a third producer does not see it
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    client.force_login(user("canal.prod"))
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    page = client.get(reverse("ledger_supplier", args=[camera.pk])).content.decode()
    assert "Déménagé à Gand" not in page
    # the owner sees it on the supplier page and accepts it
    client.force_login(user("phare"))
    page = client.get(reverse("ledger_supplier", args=[camera.pk])).content.decode()
    assert "Déménagé à Gand" in page and "9000" in page and decide in page
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    correction.refresh_from_db()
    camera.refresh_from_db()
    assert correction.status == SupplierCorrection.Status.ACCEPTED
    assert correction.decided_by == user("phare") and correction.decided_at is not None
    assert (camera.registered_postal_code, camera.registered_city) == ("9000", "Gent")
    assert wallimage_counted(phare) < before  # the camera rental is no longer Walloon spend
    quick_equals_full(phare)
    entry = AuditEntry.objects.get(object_id=str(camera.pk), new_value="supplier updated")
    assert "registered_postal_code" in entry.note and "4000" in entry.note
    assert f"correction n° {correction.pk} proposée par" in entry.note and entry.actor == user("phare")
    assert AuditEntry.objects.filter(object_id=str(correction.pk), field="status",
                                     new_value="accepted").exists()
    # decided once: a second decision is refused
    assert client.post(decide, {"decision": "reject"}).status_code == 403


def test_a_rejected_proposal_changes_nothing(client, phare, camera):
    correction = suppliers.propose_correction(user("canal.prod"), camera, GENT, "Gand ?")
    client.force_login(user("phare"))
    decide = reverse("ledger_supplier_correction", args=[correction.pk])
    assert client.post(decide, {"decision": "reject"}).status_code == 302
    correction.refresh_from_db()
    camera.refresh_from_db()
    assert correction.status == SupplierCorrection.Status.REJECTED
    assert camera.registered_postal_code == "4000"
    # the proposer sees the outcome on the supplier page
    client.force_login(user("canal.prod"))
    page = client.get(reverse("ledger_supplier", args=[camera.pk])).content.decode()
    assert "Gand ?" in page


def test_a_proposal_is_checked_like_an_edit(client, phare, camera):
    client.force_login(user("ardenne"))
    url = reverse("ledger_supplier_correct", args=[camera.pk])
    response = client.post(url, form_data(camera, registered_postal_code="1044", note="x"))
    assert "registered_postal_code" in response.context["form"].errors
    response = client.post(url, form_data(camera, note="rien"))
    assert response.context["form"].non_field_errors()
    assert not SupplierCorrection.objects.exists()
    # the owner edits rather than proposes
    client.force_login(user("phare"))
    assert client.get(url).status_code == 403


def test_a_new_supplier_belongs_to_the_organisation_that_created_it(client, demo):
    client.force_login(user("ardenne"))
    data = form_data(Company(name="Lumière d'Arlon", country="BE", registered_postal_code="6700",
                             registered_city="Arlon"))
    response = client.post(reverse("ledger_supplier_new"), data)
    assert response.status_code == 302
    company = Company.objects.get(name="Lumière d'Arlon")
    assert company.owner == Organisation.objects.get(name="Ardenne Films")
    assert permissions.can_edit_supplier(user("ardenne"), company)
    assert not permissions.can_edit_supplier(user("phare"), company)
    # a shared record (no owner) is edited by no producer, only by a superuser
    shared = Company.objects.create(name="Registre public", registered_postal_code="1000")
    assert not permissions.can_edit_supplier(user("ardenne"), shared)
    assert permissions.can_edit_supplier(user("admin"), shared)


# -- people paid on payroll -----------------------------------------------------------------

def test_payroll_people_are_invisible_to_other_producers(client, phare):
    marchal = Person.objects.get(first_name="Luc", last_name="Marchal")
    assert marchal.owner.name == "Les Films du Phare"
    client.force_login(user("ardenne"))
    page = client.get(reverse("ledger_suppliers"), {"q": "Marchal"}).content.decode()
    assert "Marchal" not in page.split('id="people"')[1]
    page = client.get(reverse("ledger_suppliers")).content.decode()
    assert "Marchal" not in page and "Schmitz" not in page
    edit = reverse("ledger_person_edit", args=[marchal.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"first_name": "Luc", "last_name": "Marchal",
                              "domicile_postal_code": "9000",
                              "domicile_country": "BE"}).status_code == 403
    marchal.refresh_from_db()
    assert marchal.domicile_postal_code == "4000"
    # a person Ardenne records is Ardenne's, and Phare does not see it
    response = client.post(reverse("ledger_person_new"), {
        "first_name": "Ana", "last_name": "Lopes", "domicile_postal_code": "4800",
        "domicile_country": "BE"})
    assert response.status_code == 302
    lopes = Person.objects.get(last_name="Lopes")
    assert lopes.owner.name == "Ardenne Films"
    client.force_login(user("phare"))
    page = client.get(reverse("ledger_suppliers")).content.decode()
    assert "Marchal" in page and "Lopes" not in page
    assert client.get(reverse("ledger_person_edit", args=[lopes.pk])).status_code == 403
    assert client.get(edit).status_code == 200


def test_payroll_form_offers_only_the_employers_people(client, phare):
    marchal = Person.objects.get(first_name="Luc", last_name="Marchal")
    ardenne = Organisation.objects.get(name="Ardenne Films")
    work = Work.objects.create(title="Les Crêtes", work_type="feature", initiative="belgium",
                               producer=ardenne.company)
    theirs = Project.objects.create(owner=ardenne, work=work)
    account = theirs.accounts.create(code="03.02", label="Équipe")
    assert marchal not in PayrollForm(project=theirs).fields["employee"].queryset
    assert marchal in PayrollForm(project=phare).fields["employee"].queryset
    # nor does the production desk's credits form offer another employer's people
    assert marchal not in CreditForm(project=theirs).fields["person"].queryset
    assert marchal in CreditForm(project=phare).fields["person"].queryset
    client.force_login(user("ardenne"))
    response = client.post(reverse("ledger_payroll_new", args=[theirs.pk]), {
        "employee": marchal.pk, "number": "P-1", "date": "2025-03-31", "account": account.pk,
        "description": "Chef opérateur", "amount_excl_vat": "4000.00",
        "cost_type": "direct", "paid_on": ""})
    assert response.status_code == 200
    assert "employee" in response.context["form"].errors
    assert not Expense.objects.filter(project=theirs).exists()


def test_an_import_never_reuses_another_employers_people(phare, monkeypatch):
    from montage.web.ledger import bench
    from montage.web.ledger.models import ColumnMapping
    from montage.web.ledger import imports

    theirs = bench.make_project("Le Banc")
    mapping = ColumnMapping.objects.create(owner=theirs.owner, name="Compta", columns={
        "id": "Ligne", "date": "Date", "kind": "Type", "number": "Pièce",
        "supplier_name": "Fournisseur", "supplier_postal_code": "CP",
        "supplier_country": "Pays", "employee_name": "Employé",
        "employee_postal_code": "CP domicile", "account": "Compte", "amount": "Montant"})
    data = ("Ligne;Date;Type;Pièce;Fournisseur;CP;Pays;Employé;CP domicile;Compte;Montant\n"
            "1;03/04/2025;paie;P-1;;;;Luc Marchal;4000;03.02;3000\n"
            "2;04/04/2025;facture;F-1;Meuse Éclairage;4000;BE;;;07.02;500\n").encode()
    record = imports.import_file(theirs, "avril.csv", data, mapping=mapping)
    assert record.status == "done", record.errors
    line = Expense.objects.get(project=theirs, kind="payroll")
    assert line.employee.owner == theirs.owner
    assert line.employee != Person.objects.get(owner=phare.owner, last_name="Marchal")
    assert Company.objects.get(name="Meuse Éclairage").owner == theirs.owner


# -- the data migration ---------------------------------------------------------------------

@pytest.mark.migration_replay
@pytest.mark.django_db(transaction=True)
def test_migration_gives_each_record_the_organisation_whose_ledger_first_used_it():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("core", "0006_ledger_columns")], [("core", "0007_supplier_ownership")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Organisation_, Company_, Person_ = (apps.get_model("core", name) for name in
                                        ("Organisation", "Company", "Person"))
    Work_, Project_, Expense_ = (apps.get_model("core", name) for name in
                                 ("Work", "Project", "Expense"))
    own = Company_.objects.create(name="Prod A", registered_postal_code="4000")
    a = Organisation_.objects.create(name="A", kind="producer", company=own)
    b = Organisation_.objects.create(name="B", kind="producer")
    supplier = Company_.objects.create(name="Fournisseur", registered_postal_code="4000")
    unused = Company_.objects.create(name="Personne", registered_postal_code="1000")
    person = Person_.objects.create(first_name="Anne", last_name="Lenoir",
                                    domicile_postal_code="4700", domicile_country="BE",
                                    nationality="BE")
    projects = {}
    for org in (a, b):
        work = Work_.objects.create(title=f"Film {org.name}", work_type="feature",
                                    initiative="belgium")
        projects[org.name] = Project_.objects.create(owner=org, work=work)
    common = dict(date=dt.date(2025, 3, 1), amount_excl_vat=Decimal("100.00"))
    Expense_.objects.create(owner=a, project=projects["A"], work=projects["A"].work,
                            kind="invoice", supplier=supplier, number="F-1", **common)
    Expense_.objects.create(owner=b, project=projects["B"], work=projects["B"].work,
                            kind="invoice", supplier=supplier, number="F-2", **common)
    Expense_.objects.create(owner=a, project=projects["A"], work=projects["A"].work,
                            kind="payroll", employee=person, **common)
    paid_by_b = Expense_.objects.create(owner=b, project=projects["B"], work=projects["B"].work,
                                        kind="payroll", employee=person, **common)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    Company_, Person_, Expense_ = (apps.get_model("core", name) for name in
                                   ("Company", "Person", "Expense"))
    assert Company_.objects.get(pk=supplier.pk).owner_id == a.pk   # A's ledger used it first
    assert Company_.objects.get(pk=own.pk).owner_id is None        # A's own company: shared
    assert Company_.objects.get(pk=unused.pk).owner_id is None
    assert Person_.objects.get(pk=person.pk).owner_id == a.pk
    # B's payroll lines now name B's own copy of the person, with the same domicile
    copy = Expense_.objects.get(pk=paid_by_b.pk).employee
    assert copy.pk != person.pk and copy.owner_id == b.pk
    assert (copy.first_name, copy.last_name, copy.domicile_postal_code, copy.nationality) == \
        ("Anne", "Lenoir", "4700", "BE")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
