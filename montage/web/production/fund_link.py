"""A fund's money on the producer's financing plan: one fact, the fund's records
(docs/web-desks.md, "The producer and the fund").

A financing source linked to a fund application (`FinancingSource.application`) does not hold its
own amount, status, dates or tranches: `fund_facts` computes them from the application, the
board's decisions, the commitment and its tranches, and `follow_fund` — the one writer of those
fields on a linked source — copies them onto the source whenever one of those fund records is
saved (the receivers at the end, connected by ProductionConfig.ready). The producer's
`save_source` refuses to change them (`FOLLOWED`), and the source has no tranches of its own:
the plan reads the commitment's schedule (`tranches_of`). So the two desks read one figure;
`disagreements` lists any linked source that differs (tests/web/test_desks_fund_link.py).

The fund app knows nothing of production (it depends on the registry only); production reads the
fund's models, as its source form already did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models.signals import post_save

from montage.money import ZERO
from montage.web.fund.models import (Application, Commitment, CommitmentCancellation, Decision,
                                     Tranche)
from montage.web.production.models import FinancingSource

# the fields of a linked source the fund's records decide
FOLLOWED = ("amount", "status", "requested_on", "granted_on", "contracted_on", "received_on",
            "committed_ratio", "commitment_id", "financier_id")

Status = FinancingSource.Status


@dataclass(frozen=True)
class ScheduledTranche:
    """A tranche as the financing plan shows it, whichever record holds it."""

    number: int
    amount: Decimal
    spend_to_prove: Decimal | None
    due_on: dt.date | None
    received_on: dt.date | None
    pk: int | None = None          # a FinancingTranche the producer may mark received
    fund: bool = False             # the fund's own schedule (released by the fund's analyst)
    fund_pk: int | None = None     # its fund.Tranche


def application_of(source: FinancingSource) -> Application | None:
    if source.application_id:
        return Application.all_objects.filter(pk=source.application_id).first()
    if source.commitment_id:
        return Commitment.objects.get(pk=source.commitment_id).application
    return None


def fund_facts(application: Application) -> dict:
    """The amount, status and dates a source on `application` carries, from the fund's records:
    filed → requested (the amount asked); accepted → granted (the amount granted); signed →
    contracted (the amount committed, its spend ratio); every tranche released → received.
    Refused by the board, or the application cancelled → refused. A cancelled commitment keeps
    only what it released (received when something was, refused otherwise)."""
    from montage.web.fund import rules

    facts = {"amount": application.amount_requested, "status": Status.REQUESTED,
             "requested_on": application.submitted_on, "granted_on": None,
             "contracted_on": None, "received_on": None,
             "committed_ratio": (
                 (application.walloon_spend_committed / application.amount_requested).quantize(
                     Decimal("0.0001")) if application.amount_requested else None),
             "commitment_id": None, "financier_id": application.call.funding_line.organisation_id}
    accepted = application.decisions.filter(outcome=Decision.Outcome.ACCEPTED).order_by(
        "-decided_on", "-pk").first()
    if application.cancelled_at is not None or application.status == Application.Status.REFUSED:
        facts["status"] = Status.REFUSED
        return facts
    if application.status != Application.Status.ACCEPTED or accepted is None:
        return facts
    facts.update(status=Status.GRANTED, granted_on=accepted.decided_on,
                 amount=rules.granted(application) or accepted.accepted_amount
                 or application.amount_requested)
    commitment = Commitment.objects.filter(application=application).first()
    if commitment is None:
        return facts
    tranches = list(commitment.tranches.all())
    released = [t for t in tranches if t.released_on]
    facts.update(status=Status.CONTRACTED, contracted_on=commitment.signed_on,
                 amount=commitment.amount, committed_ratio=commitment.ratio,
                 commitment_id=commitment.pk)
    cancelled = CommitmentCancellation.objects.filter(commitment=commitment).exists()
    if cancelled:
        paid = sum((t.released_amount or ZERO for t in released), ZERO)
        facts["amount"] = paid
        facts["status"] = Status.RECEIVED if paid else Status.REFUSED
    elif tranches and len(released) == len(tranches):
        facts["status"] = Status.RECEIVED
    if facts["status"] == Status.RECEIVED:
        facts["received_on"] = max(t.released_on for t in released)
    return facts


def tranches_of(source: FinancingSource) -> list[ScheduledTranche]:
    """The source's schedule: the commitment's tranches for a linked source (the only schedule
    of that money), its own tranches otherwise."""
    if source.application_id or source.commitment_id:
        commitment = (Commitment.objects.filter(pk=source.commitment_id).first()
                      if source.commitment_id else
                      Commitment.objects.filter(application_id=source.application_id).first())
        if commitment is None:
            return []
        return [ScheduledTranche(t.number, t.amount, t.spend_to_prove or None,
                                 commitment.signed_on if not t.spend_to_prove else None,
                                 t.released_on, fund=True, fund_pk=t.pk)
                for t in commitment.tranches.all()]
    return [ScheduledTranche(t.number, t.amount, t.spend_to_prove, t.due_on, t.received_on,
                             pk=t.pk) for t in source.tranches.all()]


def is_linked(source: FinancingSource) -> bool:
    return bool(source.application_id or source.commitment_id)


def follow_fund(application: Application) -> list[FinancingSource]:
    """The one writer of FOLLOWED on the sources linked to `application`: they take the fund's
    facts (audited through the source's AUDITED_FIELDS); the ledger's obligations follow."""
    from montage.web.ledger import dashboard

    facts = fund_facts(application)
    changed = []
    sources = FinancingSource.all_objects.filter(application=application) | \
        FinancingSource.all_objects.filter(commitment__application=application)
    for source in sources.distinct():
        if all(getattr(source, name) == value for name, value in facts.items()):
            continue
        for name, value in facts.items():
            setattr(source, name, value)
        source.save()
        changed.append(source)
        dashboard.refresh_after_commit(source.project_id)
    return changed


def disagreements() -> list[tuple[FinancingSource, str]]:
    """Every linked source in force whose figures differ from the fund's, with the field."""
    found = []
    for source in FinancingSource.objects.filter(application__isnull=False) | \
            FinancingSource.objects.filter(commitment__isnull=False):
        application = application_of(source)
        for name, value in fund_facts(application).items():
            if getattr(source, name) != value:
                found.append((source, name))
    return found


# -- the fund's writes reach the linked sources ----------------------------------------------

def _application_of_record(instance) -> Application | None:
    if isinstance(instance, Application):
        return instance
    if isinstance(instance, Decision):
        return instance.application
    if isinstance(instance, Commitment):
        return instance.application
    if isinstance(instance, (Tranche, CommitmentCancellation)):
        return instance.commitment.application
    return None


def _followed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    application = _application_of_record(instance)
    if application is None or application.pk is None:
        return
    # read again: a decision is saved before its application's new status
    follow_fund(Application.all_objects.select_related("call__funding_line").get(
        pk=application.pk))


def connect() -> None:
    for model in (Application, Decision, Commitment, Tranche, CommitmentCancellation):
        post_save.connect(_followed, sender=model, dispatch_uid=f"fund_link_{model.__name__}")
