"""The audit trail: every change of an audited field (an amount, a status, a decision).

Models name their audited fields in `AUDITED_FIELDS`; the signals below compare the saved row
with the database and write one `AuditEntry` per changed field, with the acting user. The actor
comes from the request (`AuditActorMiddleware`) or from `acting_as(...)` in commands and scripts;
otherwise it is recorded as "system". Bulk `QuerySet.update()` bypasses signals: do not use it on
audited models.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

_actor: contextvars.ContextVar = contextvars.ContextVar("montage_audit_actor",
                                                         default=(None, "system"))


@contextmanager
def acting_as(user=None, label: str | None = None):
    """Attribute the changes made inside the block to `user` (or to a label such as "demo")."""
    token = _actor.set((user, label or (user.get_username() if user else "system")))
    try:
        yield
    finally:
        _actor.reset(token)


def acting_user():
    """The user the changes made now are attributed to (None: a command, the demo, "system")."""
    user = _actor.get()[0]
    return user if user is not None and getattr(user, "pk", None) else None


class AuditActorMiddleware:
    """Record the logged-in user as the actor of every change made while serving a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with acting_as(user):
                return self.get_response(request)
        return self.get_response(request)


def _text(value) -> str:
    return "" if value is None else str(value)


def _entry(instance, action: str, field: str = "", old="", new="", note: str = ""):
    from montage.web.registry.models import AuditEntry

    user, label = _actor.get()
    return AuditEntry.objects.create(
        actor=user if user is not None and user.pk else None, actor_label=label,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk), object_repr=str(instance)[:300], action=action,
        field=field, old_value=_text(old), new_value=_text(new), note=note)


def record_decision(instance, decision: str, note: str = ""):
    """A decision that is not a field change (e.g. "investment accepted by committee")."""
    return _entry(instance, "decision", field="", new=decision, note=note)


def _audited(sender) -> tuple[str, ...]:
    return getattr(sender, "AUDITED_FIELDS", ())


@receiver(pre_save)
def _remember_old_values(sender, instance, raw=False, **kwargs):
    fields = _audited(sender)
    if not fields or raw:
        return
    old = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    instance._audit_old = old


@receiver(post_save)
def _record_changes(sender, instance, created, raw=False, **kwargs):
    fields = _audited(sender)
    if not fields or raw:
        return
    old = getattr(instance, "_audit_old", None)
    for field in fields:
        new = sender._meta.get_field(field).to_python(getattr(instance, field))
        if created or old is None:
            if new not in (None, ""):
                _entry(instance, "created", field, "", new)
        elif old[field] != new:
            _entry(instance, "changed", field, old[field], new)
    instance._audit_old = {field: getattr(instance, field) for field in fields}


@receiver(post_delete)
def _record_deletion(sender, instance, **kwargs):
    if _audited(sender):
        _entry(instance, "deleted")
