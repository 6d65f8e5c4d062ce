"""The audit trail as a person reads it: one `describe(entry)` behind every history table.

`AuditEntry` keeps values as text ("True", "granted", "0.350000", "2026-03-12") and decisions as
stable English codes ("expense cancelled"): machine-readable, the API returns them as they are.
Pages show them in the reader's language, at display time:

- the field by its verbose name; a boolean as yes / no; a choice by its label; a related record
  by its name; a date as dd/mm/yyyy; a list (JSON) as its items;
- a decimal by what its field holds (`value_kind`): money with 2 decimals ("1 234,56 €"), a
  proportion as a percentage ("35 %");
- a decision through `DECISIONS`, the one table of decision labels: a new `record_decision`
  code gets its label (and French) there; an unknown code is shown as recorded.

The rule for proportions (one rule, read from the field): a DecimalField named `rate`, `share`
or `ratio`, or ending in `_rate`, `_share`, `_ratio`, holds a fraction or a multiple (0.35 =
35 %, 1.33 = 133 %) when it keeps 4 decimals or more (fraction_field, ratio_field, the VAT rate,
audience shares); with 2 decimals such a share is already in percent (`share (%)`) and such a
rate is a price (a budget line's rate per unit: money). An exchange rate is euros per unit,
never a proportion.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from montage.money import format_money, format_number, format_rate

# Every code passed to `record_decision`, with its label. Keep the codes: they are stored.
DECISIONS = {
    # contribution (step 1)
    "file_opened": pgettext_lazy("decision", "file opened"),
    "choice_filed": pgettext_lazy("decision", "choice filed"),
    "turnover_line_deleted": pgettext_lazy("decision", "turnover line deleted"),
    "turnover_form_submitted": pgettext_lazy("decision", "turnover form submitted"),
    "imported": pgettext_lazy("decision", "turnover form imported"),
    "question_asked": pgettext_lazy("decision", "question asked"),
    "question_answered": pgettext_lazy("decision", "question answered"),
    "csa_decision_fixed": pgettext_lazy("decision", "CSA decision: contribution fixed"),
    "csa_decision_exempt": pgettext_lazy("decision", "CSA decision: exempt"),
    "presumed_payment_set": pgettext_lazy("decision", "presumed payment set"),
    "presumed payment withdrawn": pgettext_lazy("decision", "presumed payment withdrawn"),
    "presumed payment paid, to settle": pgettext_lazy("decision",
                                                      "presumed payment paid, to be settled"),
    "attachment_added": pgettext_lazy("decision", "document attached"),
    # investments (step 2)
    "validated": pgettext_lazy("decision", "validated"),
    "refused": pgettext_lazy("decision", "refused"),
    "document_filed": pgettext_lazy("decision", "document filed"),
    "committee_meeting": pgettext_lazy("decision", "committee meeting held"),
    "independence_figures": pgettext_lazy("decision", "independence figures entered"),
    "investments imported": pgettext_lazy("decision", "investments imported"),
    "spillover proofs imported": pgettext_lazy("decision", "spillover proofs imported"),
    # fund
    "accepted": pgettext_lazy("decision", "accepted"),
    "second_pass": pgettext_lazy("decision", "second pass"),
    "released": pgettext_lazy("decision", "tranche released"),
    "cancelled": pgettext_lazy("decision", "commitment cancelled"),
    "call cancelled": pgettext_lazy("decision", "call cancelled"),
    "application cancelled": pgettext_lazy("decision", "application cancelled"),
    "instrument cancelled": pgettext_lazy("decision", "instrument cancelled"),
    # carbon footprint
    "activity cancelled": pgettext_lazy("decision", "activity cancelled"),
    "reduction action cancelled": pgettext_lazy("decision", "reduction action cancelled"),
    "movement cancelled": pgettext_lazy("decision", "movement cancelled"),
    "shooting file cancelled": pgettext_lazy("decision", "shooting file cancelled"),
    "submitted by the producer": pgettext_lazy("decision", "submitted by the producer"),
    "spend report sent": pgettext_lazy("decision", "spend report sent"),
    "spend report line rejected": pgettext_lazy("decision", "spend report line rejected"),
    "investment link proposed": pgettext_lazy("decision", "link to the producer's source "
                                                          "proposed"),
    "investment link confirmed": pgettext_lazy("decision", "link to the producer's source "
                                                           "confirmed"),
    "proof list shared": pgettext_lazy("decision", "proof list shared"),
    "verified spend typed": pgettext_lazy("decision", "verified spend typed by hand"),
    "budget line cancelled": pgettext_lazy("decision", "budget line cancelled"),
    "financing source cancelled": pgettext_lazy("decision", "financing source cancelled"),
    # recoupment
    "receipt cancelled": pgettext_lazy("decision", "receipt cancelled"),
    "statement sent": pgettext_lazy("decision", "statement sent"),
    "statement paid": pgettext_lazy("decision", "statement paid"),
    "statement withdrawn": pgettext_lazy("decision", "statement withdrawn"),
    "receipt corrected": pgettext_lazy("decision", "receipt corrected"),
    "receipts imported": pgettext_lazy("decision", "receipts imported"),
    # ledger
    "ledger import": pgettext_lazy("decision", "ledger imported"),
    "expense updated": pgettext_lazy("decision", "line updated"),
    "expense cancelled": pgettext_lazy("decision", "line cancelled"),
    "likely duplicate kept": pgettext_lazy("decision", "likely duplicate kept"),
    "supplier created": pgettext_lazy("decision", "supplier created"),
    "supplier updated": pgettext_lazy("decision", "supplier updated"),
    "person created": pgettext_lazy("decision", "person created"),
    "person updated": pgettext_lazy("decision", "person updated"),
}
# "status:<code>" (investments.services): the new status of the record, by its choice label
STATUS_PREFIX = "status:"

_PROPORTION = re.compile(r"(^|_)(rate|share|ratio)$")


def decision_label(code: str, model=None) -> str:
    """A decision code in the reader's language ("expense cancelled" -> "ligne annulée"). A model
    may name its own decisions (DECISION_LABELS), so that French agrees with its noun (an
    application « acceptée », an investment « refusé »)."""
    own = getattr(model, "DECISION_LABELS", {})
    if code in own:
        return str(own[code])
    if code in DECISIONS:
        return str(DECISIONS[code])
    if code.startswith(STATUS_PREFIX):
        status = code[len(STATUS_PREFIX):]
        return _("status: %(status)s") % {"status": value_text(model, "status", status)}
    return code


def value_kind(field) -> str:
    """How a field's value reads: bool, choice, date, datetime, related, list, money, percent,
    percent_points, number or text (the rule for decimals: this module's docstring)."""
    if field.choices:
        return "choice"
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, models.DateTimeField):
        return "datetime"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.ForeignKey):
        return "related"
    if isinstance(field, models.JSONField):
        return "list"
    if isinstance(field, models.DecimalField):
        proportion = bool(_PROPORTION.search(field.name)) and not field.name.startswith(
            "exchange_")
        if proportion and field.decimal_places >= 4:
            return "percent"
        if proportion and field.name.endswith("share"):
            return "percent_points"
        return "money" if field.decimal_places == 2 else "number"
    return "text"


def value_text(model, field_name: str, text: str) -> str:
    """One recorded value ("True", "granted", "0.35", "2026-03-12") as the reader reads it."""
    if text in (None, ""):
        return ""
    field = _field(model, field_name)
    if field is None:
        return text
    lang = (get_language() or "fr")[:2]
    lang = lang if lang in ("fr", "en") else "fr"
    kind = value_kind(field)
    try:
        if kind == "choice":
            choices = {str(key): label for key, label in field.flatchoices}
            return str(choices.get(text, text))
        if kind == "bool":
            return {"True": _("yes"), "False": _("no")}.get(text, text)
        if kind == "date":
            return dt.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
        if kind == "datetime":
            return dt.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
        if kind == "related":
            related = field.related_model._default_manager.filter(pk=text).first()
            return text if related is None else str(related)
        if kind == "list":
            items = ast.literal_eval(text)
            return ", ".join(str(item) for item in items) if isinstance(items, list) else text
        if kind == "money":
            return format_money(Decimal(text), lang)
        if kind == "percent":
            return format_rate(Decimal(text), lang, min_digits=0)
        if kind == "percent_points":
            return format_rate(Decimal(text) / 100, lang, min_digits=0)
        if kind == "number":
            return format_number(Decimal(text), lang)
    except (ValueError, SyntaxError, InvalidOperation):
        pass  # a value older than its field's type: shown as recorded
    return text


# decisions whose note is what a person typed (a reason), shown as written in any language
TYPED_NOTES = {"spend report line rejected"}


def is_typed(model, field_name: str) -> bool:
    """The field holds what a person typed (a reason, an answer): the model names it in
    TYPED_FIELDS; its values are shown as written, in the writer's language."""
    return field_name in getattr(model, "TYPED_FIELDS", ())


def describe(entry) -> dict:
    """An audit entry as a history table shows it, in the active language."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class() \
        if entry.content_type_id else None  # cached: no query per entry
    field = _field(model, entry.field)
    decision = entry.action == "decision"
    label = decision_label(entry.new_value, model) if decision else ""
    return {
        "at": entry.at, "actor": entry.actor_label, "object": entry.object_repr,
        "action_label": entry.get_action_display(),
        "field_label": str(field.verbose_name) if field is not None else entry.field,
        "old": "" if decision else value_text(model, entry.field, entry.old_value),
        "new": label if decision else value_text(model, entry.field, entry.new_value),
        "decision_label": label, "note": entry.note, "entry": entry,
        "typed": not decision and is_typed(model, entry.field),
        "typed_note": decision and entry.new_value in TYPED_NOTES,
    }


def described(entries) -> list[dict]:
    """`describe` of each entry (the `described` template filter). An object still recorded is
    named as the reader's language names it (its name was stored in the writer's): one query
    per kind of object, each named once."""
    entries = list(entries)
    wanted: dict[int, set[str]] = {}
    for entry in entries:
        if entry.content_type_id and entry.object_id:
            wanted.setdefault(entry.content_type_id, set()).add(str(entry.object_id))
    names: dict[tuple[int, str], str] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        keys = [int(pk) for pk in ids if pk.isdigit()]
        for pk, obj in model._default_manager.in_bulk(keys).items():
            names[(type_id, str(pk))] = str(obj)
    rows = []
    for entry in entries:
        row = describe(entry)
        row["object"] = names.get((entry.content_type_id, str(entry.object_id)), row["object"])
        rows.append(row)
    return rows


def _field(model, name: str):
    if model is None or not name:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
