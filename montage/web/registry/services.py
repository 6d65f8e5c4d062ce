"""Writes every app shares: `Refused` (an operation the procedure refuses) and the decided-fields
check (montage.web.permissions.DECIDED_FIELDS) that guards every channel's write.
"""

from __future__ import annotations


class Refused(Exception):
    """An operation the procedure refuses. With `errors` ({field: message}) the input is wrong
    (the page shows them on its form, the API answers 422 naming the fields); without, the
    record's state forbids it (the page shows `message`, the API answers 409)."""

    def __init__(self, message: str = "", errors: dict | None = None):
        self.errors = dict(errors or {})
        self.message = str(message or " ".join(str(m) for m in self.errors.values()))
        super().__init__(self.message)


def checked(instance):
    """`instance` once its own rules (`Model.clean`: dates in their order…) accept it, for a
    channel whose form could not see the whole record (a relation set after the form); a
    rule's refusal becomes `Refused` on the fields it names."""
    from django.core.exceptions import ValidationError

    try:
        instance.clean()
    except ValidationError as error:
        raise Refused(errors={field: " ".join(messages) for field, messages
                              in error.message_dict.items()}) from error
    return instance


def refuse_decided_changes(instance, user=None) -> None:
    """Refuse (permissions.DecidedFieldRefused, naming the field) a decided field that `instance`
    changes, or sets on creation, and that the writer may not write: `user`, else whoever the
    audit trail records as acting (pages: the request's user; API and imports: acting_as the
    caller). Nobody acting (a command, the demo): no check."""
    from montage.web import permissions
    from montage.web.registry.audit import acting_user

    user = user if user is not None else acting_user()
    if user is None:
        return
    permissions.refuse_decided_fields(user, instance, permissions.changed_decided_fields(instance))


def save_checked(instance, user=None):
    """Save `instance` once refuse_decided_changes lets it through."""
    refuse_decided_changes(instance, user)
    instance.save()
    return instance


def mark_cancelled(instance, user, reason: str, decision: str) -> None:
    """Cancel a `Cancellable` record after its own service's checks: refused twice or without a
    reason; who, when and why kept on the record, `decision` (an English code, translated for
    display) in its history. Call it inside the service's transaction."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from montage.web.registry.audit import record_decision

    reason = (reason or "").strip()[:300]
    if instance.cancelled_at is not None:
        raise Refused(_("This record was cancelled already."))
    if not reason:
        raise Refused(errors={"reason": _("Say why it is cancelled: the reason stays in its "
                                          "history.")})
    instance.cancelled_at, instance.cancel_reason = timezone.now(), reason
    instance.cancelled_by = user if user is not None and getattr(user, "pk", None) else None
    instance.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    record_decision(instance, decision, reason)
