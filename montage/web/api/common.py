"""What every router of the API shares: the error responses, input checking through the pages'
forms, the look-ups that ask montage.web.permissions, and the serialisers of the records several
domains show (an investment, a payment, a document). It imports no router: the routers
(registry/, contribution/, investments/) import it, api.py mounts them.

- Permissions: every look-up asks montage.web.permissions; refused → 403 (api.py's handler of
  PermissionDenied), missing object → 404.
- Refusals: `registry_services.Refused` with field errors → 422 naming the fields, without →
  409; a page form's errors → 422 naming the fields (`valid`, `conflict`); a stale edit (an
  `If-Match` older than the record, `opened`) → 409 with both values (api.py).
- Money: strings with two decimals out (`money`); rates and shares as decimal strings (`rate`).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Optional

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Status
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from montage.money import as_text
from montage.web import permissions
from montage.web.api import schemas as s
from montage.web.contribution.models import Attachment, ObligationYear
from montage.web.investments.models import Investment, Payment
from montage.web.registry import services as registry_services
from montage.web.registry import stale
from montage.web.registry.models import AuditEntry

ERRORS = {401: s.Message, 403: s.Message, 404: s.Message}
WRITE_ERRORS = {**ERRORS, 409: s.Conflict, 422: s.ValidationErrorOut}
DELETE_ERRORS = {**ERRORS, 409: s.Message}


# -- errors and input ----------------------------------------------------------------------------

def invalid(loc: list, msg: str) -> ValidationError:
    """A 422 naming one field (`loc` as django-ninja's: ["body", "payload", field])."""
    return ValidationError([{"loc": loc, "msg": msg, "type": "value_error"}])


def form_errors(form) -> ValidationError:
    """A page form's errors as the API's 422 (loc ends with the field; the form's own
    cross-field errors have loc ["body", "payload"])."""
    errors = []
    for field, messages in form.errors.items():
        loc = ["body", "payload"] + ([] if field == "__all__" else [field])
        errors.extend({"loc": loc, "msg": str(message), "type": "invalid"}
                      for message in messages)
    for formset in getattr(form, "formsets", ()):
        prefix, rows = formset
        for n, row in enumerate(rows.errors):
            for field, messages in row.items():
                errors.extend({"loc": ["body", "payload", prefix, n, field],
                               "msg": str(m), "type": "invalid"} for m in messages)
        errors.extend({"loc": ["body", "payload", prefix], "msg": str(m), "type": "invalid"}
                      for m in rows.non_form_errors())
    return ValidationError(errors)


def valid(form):
    """The page form, checked: its errors are a 422."""
    if not form.is_valid():
        raise form_errors(form)
    return form


def _refused(error: registry_services.Refused):
    """registry_services.Refused → 409 (state) or 422 (fields)."""
    if error.errors:
        return ValidationError([{"loc": ["body", "payload", field], "msg": str(message),
                                 "type": "refused"} for field, message in error.errors.items()])
    return None


def conflict(error: registry_services.Refused):
    """A service's refusal: raised as a 422 when it names fields, else the 409 to return (a
    stale edit goes on to api.py's handler: its 409 names both values)."""
    if isinstance(error, stale.StaleEdit):
        raise error
    invalid_ = _refused(error)
    if invalid_ is not None:
        raise invalid_
    return Status(409, {"detail": error.message})


def opened(request, instance) -> None:
    """The version the caller read (`If-Match`, the `ETag` of a GET or a write): its save is
    refused (409) when the record changed since. Without `If-Match`, the last write wins."""
    stale.opened_at(instance, request.headers.get("If-Match"))


def tagged(response, instance) -> None:
    """`ETag`: the record's version, for the next write's `If-Match`."""
    response["ETag"] = f'"{stale.version_of(instance)}"'


def text(value) -> str:
    """A value as a page form receives it."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, Decimal)):
        return value.isoformat() if isinstance(value, dt.date) else format(value, "f")
    return value


def language(request, value: Optional[str]) -> str:
    """`?lang=` if given, else the pages' language (French unless the cookie says English)."""
    if value:
        return value
    current = (getattr(request, "LANGUAGE_CODE", None) or get_language() or "fr")[:2]
    return current if current in ("fr", "en") else "fr"


_RENDERER = JSONRenderer()  # the NinjaAPI's (api.py keeps django-ninja's default renderer)


def as_is(request, data, status: int = 200) -> HttpResponse:
    """`data` sent as it is, not through the route's response schema: the engine's objects are
    the CLI's `--format json`, key for key. Rendered as the NinjaAPI renders a response."""
    return HttpResponse(_RENDERER.render(request, data, response_status=status), status=status,
                        content_type=f"{_RENDERER.media_type}; charset={_RENDERER.charset}")


# -- values --------------------------------------------------------------------------------------

def money(value: Decimal | None) -> str | None:
    return None if value is None else as_text(value)


def rate(value) -> str | None:
    return None if value is None else format(value, "f")


def ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


# -- look-ups that ask the permissions ----------------------------------------------------------

def visible_file(user, pk: int) -> ObligationYear:
    """An obligation file the caller may open (permissions.can_view_obligation)."""
    file = get_object_or_404(ObligationYear.objects.select_related("editor__organisation"),
                             pk=pk)
    permissions.require(permissions.can_view_obligation(user, file))
    return file


def visible_investment(user, pk: int) -> Investment:
    """An investment among those the caller sees (permissions.investments_for)."""
    investment = get_object_or_404(Investment, pk=pk)
    permissions.require(permissions.investments_for(user).filter(pk=pk).exists())
    return investment


# -- records several domains show ----------------------------------------------------------------

def investments_out(investments) -> list[dict]:
    """schemas.InvestmentOut of each investment, with the CCA's latest decision (the one reading
    of montage.web.investments.decisions, as the pages show it)."""
    from montage.web.investments.decisions import decisions

    investments = list(investments)
    decided = decisions(investments)
    return [_investment(i, decided[i.pk]["entry"]) for i in investments]


def _investment(i: Investment, decision: AuditEntry | None = None) -> dict:
    return {
        "id": i.pk, "editor": {"id": i.editor_id, "name": str(i.editor)},
        "obligation": i.obligation_id, "year": i.obligation.year,
        "work": {"id": i.work.pk, "title": i.work.title} if i.work else None,
        "category": i.category, "producer": ref(i.producer),
        "fwb_initiative": i.fwb_initiative, "document": i.document,
        "document_date": i.document_date, "amount": as_text(i.amount), "status": i.status,
        "confidential": i.confidential, "genre": i.genre,
        "promotes_fwb_artists_or_heritage": i.promotes_fwb_artists_or_heritage,
        "delegated_to": i.delegated_to,
        "counted_under_other_obligation": i.counted_under_other_obligation,
        "legal_advantage": i.legal_advantage, "justified_amount": money(i.justified_amount),
        "decision_date": i.decision_date, "reassigned_from": i.reassigned_from_id,
        "validation": None if decision is None else {
            "decision": decision.new_value, "note": decision.note, "by": decision.actor_label,
            "at": decision.at},
    }


def payment_out(p: Payment) -> dict:
    """schemas.PaymentOut (a step-2 letter; step 1's presumed payment is one too)."""
    return {"id": p.pk, "obligation": p.obligation_id, "year": p.obligation.year,
            "reason": p.reason, "amount": as_text(p.amount),
            "letter_sent_on": p.letter_sent_on, "due_on": p.due_on, "paid_on": p.paid_on,
            "paid_amount": money(p.paid_amount),
            "outstanding": as_text(p.amount - (p.paid_amount or Decimal("0"))),
            "communication": p.communication}


def attachment_out(a: Attachment) -> dict:
    """schemas.AttachmentOut (a file's or an investment's document)."""
    return {"id": a.pk, "obligation": a.obligation_id, "investment": a.investment_id,
            "checklist_key": a.checklist_key, "filename": os.path.basename(a.file.name),
            "description": a.description, "confidential": a.confidential,
            "uploaded_by": a.uploaded_by.get_username(), "uploaded_at": a.uploaded_at}


def visible_attachments(user, rows) -> list[dict]:
    """schemas.AttachmentOut of the documents among `rows` the caller may read."""
    rows = rows.select_related("uploaded_by", "investment", "obligation")
    return [attachment_out(a) for a in rows if permissions.can_view_attachment(user, a)]
