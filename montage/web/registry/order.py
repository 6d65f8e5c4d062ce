"""Dates and amounts in their order: one check, one wording, used by every model whose dates
follow one another (a source granted after it was requested, a payment after its letter, an
application within its call) and by the services for orders that span records (a decision
after the application, a tranche released after the signature). The message names both."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from montage.money import format_money


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_money(value, "en" if (get_language() or "fr").startswith("en") else "fr")
    return str(value)


def out_of_order(later_label, later, earlier_label, earlier) -> str:
    """“granted on” (02/03/2025) comes before “requested on” (05/03/2025)."""
    return _("%(later_label)s (%(later)s) comes before %(earlier_label)s (%(earlier)s).") % {
        "later_label": later_label, "later": _shown(later),
        "earlier_label": earlier_label, "earlier": _shown(earlier)}


def above(larger_label, larger, limit_label, limit) -> str:
    return _("%(larger_label)s (%(larger)s) is above %(limit_label)s (%(limit)s).") % {
        "larger_label": larger_label, "larger": _shown(larger),
        "limit_label": limit_label, "limit": _shown(limit)}


def check_dates(instance, *chain: str) -> None:
    """Refuse (ValidationError on the later field) dates of `instance` out of the order of
    `chain` (field names, earliest first); an empty date is skipped."""
    errors = {}
    seen = []
    for name in chain:
        value = getattr(instance, name)
        if value is None:
            continue
        for earlier in seen:
            if value < getattr(instance, earlier):
                errors[name] = out_of_order(_label(instance, name), value,
                                            _label(instance, earlier), getattr(instance, earlier))
                break
        seen.append(name)
    if errors:
        raise ValidationError(errors)


def _label(instance, name: str) -> str:
    return quoted(instance._meta.get_field(name).verbose_name)


def quoted(name) -> str:
    return _("“%(name)s”") % {"name": name}
