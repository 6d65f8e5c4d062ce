"""Optimistic concurrency: a save from a form (or an API call) opened on an older state of the
record is refused, never silently written over the other person's change.

The version of a record is a digest of its row as stored (`version_of`): any change of any
column, audited or not, gives another version; no column to keep in step. An edit form of an
audited record (`BelgianModelForm`) carries the version it was opened at in the hidden field
`opened_version`; the API takes it from `If-Match` and answers it in `ETag`. The writer's save
compares it with the stored row (the `pre_save` signal below, so every writer of every channel
checks it) and raises `StaleEdit`: who changed the record last and when (the audit trail), and
for each field the user's value and the stored one, as pages show them. A form refused so comes
back with the user's input and the current version: saving it again keeps the user's values
knowingly.
"""

from __future__ import annotations

import hashlib

from django.db.models.signals import pre_save
from django.dispatch import receiver

from montage.web.registry.services import Refused

FIELD = "opened_version"


class StaleEdit(Refused):
    """The record changed since the form (or the API's If-Match) was opened: the page shows the
    two values on each field, the API answers 409 with them (not 422: the input is fine)."""

    def __init__(self, summary: str, errors: dict, changes: list[dict], version: str):
        told = " ".join(details(change) for change in changes)
        super().__init__(f"{summary} {told}".strip(), errors)
        self.summary, self.changes, self.version = summary, changes, version


def details(change: dict) -> str:
    from django.utils.translation import gettext as _

    return _("%(field)s: your value %(yours)s, the saved value %(stored)s.") % {
        "field": change["label"], "yours": change["yours"], "stored": change["stored"]}


def checked_model(model) -> bool:
    """The records whose edits are checked: those with an audit trail (every money record)."""
    return bool(getattr(model, "AUDITED_FIELDS", ()))


def _row(model, pk) -> dict | None:
    names = [field.attname for field in model._meta.concrete_fields]
    return model._base_manager.filter(pk=pk).values(*names).first()


def _digest(row: dict | None) -> str:
    return hashlib.sha256(repr(sorted((row or {}).items())).encode()).hexdigest()[:16]


def version_of(instance) -> str:
    """The stored row's version ("" for a record not saved yet)."""
    if instance.pk is None:
        return ""
    return _digest(_row(type(instance), instance.pk))


def versions_of(records) -> dict:
    """{pk: version_of(record)} for many records of one model in one query (a page of rows,
    each with its edit form)."""
    records = [r for r in records if r.pk is not None]
    if not records:
        return {}
    model = type(records[0])
    names = [field.attname for field in model._meta.concrete_fields]
    pk = model._meta.pk.attname
    return {row[pk]: _digest(row) for row in model._base_manager.filter(
        pk__in=[r.pk for r in records]).values(*names)}


def _shown(model, field, value) -> str:
    from montage.web.registry.history import value_text

    if value in (None, ""):
        return "—"
    text = str(field.to_python(value)) if not field.is_relation else str(value)
    return value_text(model, field.name, text) or "—"


def refusal(instance, opened: str) -> StaleEdit | None:
    """Why `instance` (the user's values) may not be saved over the stored row, or None."""
    from django.utils.translation import gettext as _

    model = type(instance)
    row = _row(model, instance.pk)
    current = _digest(row)
    if not opened or row is None or current == opened:
        return None
    errors, changes = {}, []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        yours, stored = getattr(instance, field.attname), row[field.attname]
        if field.to_python(yours) == field.to_python(stored):
            continue
        mine, theirs = _shown(model, field, yours), _shown(model, field, stored)
        changes.append({"field": field.name, "label": str(field.verbose_name),
                        "yours": mine, "stored": theirs})
        errors[field.name] = _("Your value %(yours)s, the saved value %(stored)s.") % {
            "yours": mine, "stored": theirs}
    return StaleEdit(meanwhile(model, [instance.pk]), errors, changes, current)


def meanwhile(model, pks) -> str:
    """« Modifié entre-temps par X le … à … »: who changed (or added, or deleted) one of the
    records `pks` of `model` last, from their audit trail ("someone else" without one)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.formats import date_format
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _

    from montage.web.registry.models import AuditEntry

    last = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks]).order_by("-at", "-pk").first()
    if last is None:
        return _("Modified meanwhile by someone else: check the values below; saving again "
                 "keeps yours.")
    at = localtime(last.at)
    return _("Modified meanwhile by %(who)s on %(day)s at %(time)s: check the values "
             "below; saving again keeps yours.") % {
        "who": last.actor_label, "day": date_format(at, "d/m/Y"),
        "time": date_format(at, "H:i")}


def opened_at(instance, version: str | None) -> None:
    """The version the user's edit of `instance` started from, checked at its save."""
    instance._opened_version = (version or "").strip().removeprefix("W/").strip('"')


@receiver(pre_save)
def _refuse_stale(sender, instance, raw=False, **kwargs):
    opened = instance.__dict__.pop("_opened_version", None)  # checked once: the first save
    if raw or not opened or instance.pk is None:
        return
    stale = refusal(instance, opened)
    if stale is not None:
        raise stale
