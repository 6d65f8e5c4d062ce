"""The data model: money as Decimal, validation, and the audit trail."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from montage.web.registry.audit import AuditActorMiddleware, acting_as, record_decision
from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry, Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    org = Organisation.objects.create(name="Éditeur Test", kind="editor")
    return EditorProfile.objects.create(organisation=org, establishment="local")


def entries(obj, **filters):
    return AuditEntry.objects.filter(object_id=str(obj.pk), object_repr=str(obj), **filters)


def test_money_is_decimal_to_the_cent(editor):
    file = ObligationYear.objects.create(editor=editor, year=2024,
                                         eligible_turnover=Decimal("800000.00"),
                                         amount=Decimal("12160.00"))
    file.refresh_from_db()
    assert file.amount == Decimal("12160.00") and isinstance(file.amount, Decimal)
    assert file.turnover_year == 2023
    assert file.form == ObligationYear.Form.PAYMENT  # payment unless a choice is filed


def test_enterprise_number_checked():
    org = Organisation(name="X", kind="producer", enterprise_number="0412345615")
    with pytest.raises(ValidationError):
        org.full_clean()
    org.enterprise_number = "0412345614"
    org.full_clean()


def test_role_must_fit_the_organisation_kind(editor):
    user = get_user_model().objects.create_user("u")
    bad = Membership(user=user, organisation=editor.organisation, role="csa_analyst")
    with pytest.raises(ValidationError):
        bad.full_clean()
    Membership(user=user, organisation=editor.organisation, role="editor_officer").full_clean()
    Membership(user=user, organisation=editor.organisation, role="admin").full_clean()


def test_investment_obligation_must_belong_to_its_editor(editor):
    other = EditorProfile.objects.create(
        organisation=Organisation.objects.create(name="Autre", kind="editor"),
        establishment="external")
    file = ObligationYear.objects.create(editor=other, year=2024)
    investment = Investment(editor=editor, obligation=file, category="training",
                            amount=Decimal("1000.00"))
    with pytest.raises(ValidationError):
        investment.full_clean()


def test_audit_records_creation_and_each_change_with_who(editor):
    analyst = get_user_model().objects.create_user("analyste.csa")
    file = ObligationYear.objects.create(editor=editor, year=2025,
                                         turnover_estimate=Decimal("900000"))
    created = entries(file, action="created")
    assert {e.field for e in created} == {"form", "turnover_estimate", "status"}
    assert all(e.actor is None and e.actor_label == "system" for e in created)

    with acting_as(analyst):
        file.eligible_turnover = Decimal("950000.00")
        file.amount = Decimal("15960.00")
        file.status = ObligationYear.Status.FIXED
        file.save()
        file.save()  # nothing changed: nothing recorded
    changed = entries(file, action="changed")
    assert sorted((e.field, e.old_value, e.new_value) for e in changed) == [
        ("amount", "", "15960.00"),
        ("eligible_turnover", "", "950000.00"),
        ("status", "open", "fixed"),
    ]
    assert {e.actor for e in changed} == {analyst}
    assert {e.actor_label for e in changed} == {"analyste.csa"}


def test_audit_decision_and_deletion(editor):
    file = ObligationYear.objects.create(editor=editor, year=2024)
    investment = Investment.objects.create(editor=editor, obligation=file, category="training",
                                           amount=Decimal("5000.00"))
    record_decision(investment, "accepted", note="committee of 12/11/2025")
    assert entries(investment, action="decision").get().note == "committee of 12/11/2025"
    investment.amount = Decimal("4000.00")
    investment.save()
    assert entries(investment, action="changed", field="amount").get().old_value == "5000.00"
    pk = investment.pk
    investment.delete()
    assert AuditEntry.objects.filter(object_id=str(pk), action="deleted").count() == 1


def test_middleware_records_the_logged_in_user(editor):
    officer = get_user_model().objects.create_user("officer")
    file = ObligationYear.objects.create(editor=editor, year=2024)

    def view(request):
        file.form = ObligationYear.Form.INVESTMENTS
        file.save()
        return "response"

    request = RequestFactory().get("/")
    request.user = officer
    assert AuditActorMiddleware(view)(request) == "response"
    entry = entries(file, action="changed", field="form").get()
    assert entry.actor == officer and (entry.old_value, entry.new_value) == ("payment",
                                                                             "investments")


def test_migrations_match_the_models():
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "core", "--check", "--dry-run", stdout=StringIO())
