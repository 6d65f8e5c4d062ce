"""The supplier registry's writes (docs/web-ledger.md, "Ownership"): creating and editing a
supplier or a person paid on payroll, proposing a correction of a supplier and deciding it.

Every function asks montage.web.permissions first (a refusal is PermissionDenied, whatever
calls it: the pages, a script), records the change with `record_decision` (the fields changed,
old → new) and keeps the ledger's running totals current when a seat, an activity or a domicile
moves saved lines (montage.web.ledger.buckets). Values are already checked (SupplierForm,
PersonForm); an accepted correction is checked again through SupplierForm, then applied by
`update_supplier` like an edit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from montage.web import permissions
from montage.web.registry.audit import record_decision
from montage.web.ledger.models import Expense
from montage.web.registry.models import Company, Organisation, Person, SupplierCorrection

SUPPLIER_FIELDS = ("name", "enterprise_number", "vat_number", "country", "registered_street",
                   "registered_postal_code", "registered_city", "operating_street",
                   "operating_postal_code", "operating_city", "operating_country",
                   "audiovisual_activity", "nace_codes")
PERSON_FIELDS = ("first_name", "last_name", "domicile_postal_code", "domicile_country")


def ledger_rows(*where, **lookup) -> list[Expense]:
    """Lines as the buckets read them (a credit note with its invoices, as they are now)."""
    from montage.web.ledger.buckets import CREDIT_PREFETCH

    return list(Expense.objects.filter(*where, project__isnull=False, **lookup).distinct()
                .select_related("project__owner__company", "supplier", "employee", "account")
                .prefetch_related(*CREDIT_PREFETCH))


def rebucket(rows_before: list[Expense], rows_after) -> None:
    """Keep the running totals (montage.web.ledger.buckets) current after a change that moves
    saved lines: take them out with their old values, put them back with the new ones."""
    from montage.web.ledger import buckets

    by_project: dict = {}
    for index, rows in enumerate((rows_before, list(rows_after))):
        for row in rows:
            entry = by_project.setdefault(row.project_id, (row.project, [], []))
            entry[index + 1].append(row)
    for project, before, after in by_project.values():
        buckets.remove_expenses(project, before)
        buckets.record_expenses(project, after)


def _owner(user, owner: Organisation | None) -> Organisation:
    """The organisation a new record belongs to: the one chosen, among the user's producer
    organisations (the only one when the user has a single one)."""
    choices = list(permissions.owner_choices(user))
    if owner is None and len(choices) == 1:
        owner = choices[0]
    if owner is None or owner.pk not in {o.pk for o in choices}:
        raise PermissionDenied
    return owner


def _changes(record, values: dict, fields) -> dict:
    """field → (old, new) for the values that differ from the stored record."""
    return {name: (getattr(record, name), value) for name, value in values.items()
            if name in fields and getattr(record, name) != value}


def _note(changes: dict, prefix: str = "") -> str:
    text = ", ".join(f"{name}: {'' if old is None else old} → {'' if new is None else new}"
                     for name, (old, new) in changes.items())
    return f"{prefix}{text}"


# -- suppliers ------------------------------------------------------------------------------

def create_supplier(user, company: Company, owner: Organisation | None = None) -> Company:
    """Save a new supplier (checked by SupplierForm) as the record of the user's organisation."""
    permissions.require(permissions.can_add_suppliers(user))
    company.owner = _owner(user, owner)
    with transaction.atomic():
        company.save()
        record_decision(company, "supplier created",
                        ", ".join(name for name in SUPPLIER_FIELDS if getattr(company, name)
                                  not in (None, "")))
    return company


def update_supplier(user, company: Company, values: dict, *, note: str = "") -> list[str]:
    """Apply checked values to a supplier's identity and seats; the fields changed."""
    permissions.require(permissions.can_edit_supplier(user, company))
    with transaction.atomic():
        stored = Company.objects.select_for_update().get(pk=company.pk)
        changes = _changes(stored, values, SUPPLIER_FIELDS)
        if not changes:
            return []
        before = ledger_rows(supplier=stored)  # read before the change
        for name, (_old, new) in changes.items():
            setattr(stored, name, new)
        stored.save()
        record_decision(stored, "supplier updated", _note(changes, note))
        if before:  # seats or activity may move lines' buckets
            rebucket(before, ledger_rows(supplier=stored))
    return list(changes)


def propose_correction(user, company: Company, values: dict, note: str) -> SupplierCorrection:
    """Record a correction (checked values) proposed by someone who may not edit the company."""
    permissions.require(permissions.can_propose_supplier_correction(user, company))
    changes = _changes(company, values, SUPPLIER_FIELDS)
    if not changes:
        raise ValidationError(_("Change at least one field to propose a correction."))
    organisation = permissions.owner_choices(user).first()
    return SupplierCorrection.objects.create(
        company=company, values={name: new for name, (_old, new) in changes.items()},
        note=note, organisation=organisation, proposed_by=user)


def form_data(company: Company, values: dict | None = None) -> dict:
    """What SupplierForm posts for the company, with `values` in place of its own."""
    current = {name: getattr(company, name) for name in SUPPLIER_FIELDS}
    current.update(values or {})
    data = {name: "" if value is None else value for name, value in current.items()}
    data["audiovisual_activity"] = {True: "true", False: "false"}.get(
        current["audiovisual_activity"], "")
    return data


def accept_correction(user, correction: SupplierCorrection) -> list[str]:
    """Apply the correction through update_supplier (checked again by SupplierForm against the
    record as it is now); a value that no longer passes raises ValidationError."""
    from montage.web.ledger.forms import SupplierForm

    permissions.require(permissions.can_decide_supplier_correction(user, correction))
    company = Company.objects.get(pk=correction.company_id)
    form = SupplierForm(form_data(company, correction.values),
                        instance=Company.objects.get(pk=company.pk))
    if not form.is_valid():
        raise ValidationError([_("%(label)s: %(error)s") % {"label": form.fields[name].label,
                                                             "error": " ".join(errors)}
                               if name in form.fields else " ".join(errors)
                               for name, errors in form.errors.items()])
    by = correction.organisation.name if correction.organisation else "?"
    with transaction.atomic():
        changed = update_supplier(
            user, company, {name: form.cleaned_data[name] for name in correction.values
                            if name in SUPPLIER_FIELDS},
            note=_("correction #%(number)s proposed by %(by)s: ") % {"number": correction.pk,
                                                                      "by": by})
        _decide(user, correction, SupplierCorrection.Status.ACCEPTED)
    return changed


def reject_correction(user, correction: SupplierCorrection) -> None:
    permissions.require(permissions.can_decide_supplier_correction(user, correction))
    _decide(user, correction, SupplierCorrection.Status.REJECTED)


def _decide(user, correction: SupplierCorrection, status: str) -> None:
    correction.status = status
    correction.decided_by = user
    correction.decided_at = timezone.now()
    correction.save()  # the status is audited (AUDITED_FIELDS)


# -- people paid on payroll -----------------------------------------------------------------

def create_person(user, person: Person, owner: Organisation | None = None) -> Person:
    """Save a new person paid on payroll (checked by PersonForm), the user's organisation's."""
    permissions.require(permissions.can_add_suppliers(user))
    person.owner = _owner(user, owner)
    with transaction.atomic():
        person.save()
        record_decision(person, "person created",
                        ", ".join(name for name in PERSON_FIELDS if getattr(person, name)))
    return person


def update_person(user, person: Person, values: dict) -> list[str]:
    """Apply checked values to the employer's own person; a domicile moves payroll lines."""
    permissions.require(permissions.can_edit_person(user, person))
    with transaction.atomic():
        stored = Person.objects.select_for_update().get(pk=person.pk)
        changes = _changes(stored, values, PERSON_FIELDS)
        if not changes:
            return []
        before = ledger_rows(employee=stored)
        for name, (_old, new) in changes.items():
            setattr(stored, name, new)
        stored.save()
        record_decision(stored, "person updated", _note(changes))
        if before:  # the domicile decides payroll lines' buckets
            rebucket(before, ledger_rows(employee=stored))
    return list(changes)
