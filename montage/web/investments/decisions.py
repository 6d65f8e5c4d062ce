"""The CCA's decision on each investment (validated or refused), read from the audit trail: the
one reading for the register, the investment's page, the JSON API and the engine's case
(`contribution.services`, where a refused investment stops counting).

The decision is an audit entry (`record_decision`), not a field: the latest "validated" or
"refused" entry is the decision; a change of an examined field after it makes the state
"changed" (to examine again). A refused investment stays refused for the figures until the CCA
decides again, even when the editor changes it afterwards: a refusal is not lifted by the party
it refuses (docs/web-investments.md, "The CCA's decision").
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry

DECISIONS = ("validated", "refused")
# A change of one of these after the decision asks for a new one.
EXAMINED_FIELDS = ("amount", "category", "fwb_initiative", "obligation_id")


def decisions(investments) -> dict[int, dict]:
    """{pk: {state, decision, entry}} for each investment, in two queries for all of them:
    `decision` is the latest "validated" / "refused" (None before any), `entry` its audit entry,
    `state` one of none | validated | refused | changed (edited after the decision)."""
    investments = list(investments)
    ids = [str(i.pk) for i in investments]
    latest: dict[str, AuditEntry] = {}
    changed_after: dict[str, int] = {}
    if ids:
        entries = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Investment), object_id__in=ids)
        for entry in entries.filter(action=AuditEntry.Action.DECISION,
                                    new_value__in=DECISIONS).order_by("at", "pk"):
            latest[entry.object_id] = entry
        for object_id, pk in entries.filter(action=AuditEntry.Action.CHANGED,
                                            field__in=EXAMINED_FIELDS).values_list(
                "object_id", "pk"):
            changed_after[object_id] = max(pk, changed_after.get(object_id, 0))
    result = {}
    for investment in investments:
        entry = latest.get(str(investment.pk))
        if entry is None:
            result[investment.pk] = {"state": "none", "decision": None, "entry": None}
            continue
        changed = changed_after.get(str(investment.pk), 0) > entry.pk
        result[investment.pk] = {"state": "changed" if changed else entry.new_value,
                                 "decision": entry.new_value, "entry": entry}
    return result


def decision(investment: Investment) -> dict:
    """decisions() of one investment."""
    return decisions([investment])[investment.pk]


def refused(investment_decision: dict) -> bool:
    """Whether the CCA's latest decision refuses the investment (it then counts nothing)."""
    return investment_decision["decision"] == "refused"
