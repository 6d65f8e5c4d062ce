"""The fund's one writer: every record of the fund desk (calls, applications, scores, decisions,
commitments and their tranches, verified spend, recoupments, cancellations, the enterprise
fund's holdings, instruments and movements, the film office's shooting files) is written here,
whatever the channel (the desk's pages today). Views check who may act (montage.web.permissions)
and validate the form; the procedure's own refusals are here and raise `Refused` with the field
they concern, so every channel refuses the same way. The rules the writes follow are read from
montage/web/fund/rules.py (terms, checks, schedule), which writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from montage.errors import InputError
from montage.web.fund import records, rules
from montage.web.fund.models import (Application, Call, Commitment, CommitmentCancellation,
                                     Decision, EnterpriseHolding, EnterpriseInstrument,
                                     EnterpriseMovement, RecoupmentReceipt, ShootingFile,
                                     Tranche)
from montage.web.registry.audit import record_decision
from montage.web.registry import order
from montage.web.registry.services import Refused, checked

OUTCOME_STATUS = {Decision.Outcome.ACCEPTED: Application.Status.ACCEPTED,
                  Decision.Outcome.REFUSED: Application.Status.REFUSED,
                  Decision.Outcome.SECOND_PASS: Application.Status.SECOND_PASS}
SCORABLE = (Application.Status.SUBMITTED, Application.Status.SCORED,
            Application.Status.SECOND_PASS)
DECIDABLE = (Application.Status.SCORED, Application.Status.SECOND_PASS)


# -- calls and applications ---------------------------------------------------------------------

def create_call(call: Call) -> Call:
    call.save()
    return call


def record_application(call: Call, application: Application) -> Application:
    """An application, filed while its call is open (Application.clean)."""
    application.call = call
    checked(application).save()
    return application


def score_application(application: Application, analyst) -> Application:
    """The analyst's score (fields already on `application`): the file goes to the board."""
    if application.status not in SCORABLE:
        raise Refused(_("This application can no longer be scored."))
    application.analyst = analyst
    application.status = Application.Status.SCORED
    application.save()
    return application


def decide_application(application: Application, decision: Decision, user, lang: str = "fr"
                       ) -> Decision:
    """The board's decision; an acceptance must pass the call's checks for the amount granted."""
    if application.status not in DECIDABLE:
        raise Refused(_("This application is not awaiting a decision."))
    if decision.decided_on and decision.decided_on < application.submitted_on:
        raise Refused(errors={"decided_on": order.out_of_order(
            order.quoted(_("decided on")), decision.decided_on,
            order.quoted(_("submitted on")), application.submitted_on)})
    if decision.outcome == Decision.Outcome.ACCEPTED:
        failed = [c.text for c in rules.check_application(application, decision.accepted_amount,
                                                          lang) if not c.ok]
        if failed:
            raise Refused(errors={"accepted_amount": " ".join(failed)})
    with transaction.atomic():
        decision.application, decision.decided_by = application, user
        decision.save()
        application.status = OUTCOME_STATUS[decision.outcome]
        application.save()
        record_decision(application, decision.outcome, decision.note)
    return decision


# -- commitments and tranches -------------------------------------------------------------------

def sign_commitment(application: Application, amount: Decimal, spend: Decimal,
                    signed_on: dt.date) -> Commitment:
    """The commitment of an accepted application, with the tranches of its schedule."""
    if (application.status != Application.Status.ACCEPTED
            or Commitment.objects.filter(application=application).exists()):
        raise Refused(_("Only an accepted application without a commitment can be committed."))
    granted = rules.granted(application)
    if granted is not None and amount > granted:
        raise Refused(errors={"amount": _("More than the board granted.")})
    accepted = application.decisions.filter(outcome=Decision.Outcome.ACCEPTED).order_by(
        "-decided_on").first()
    if accepted is not None and accepted.decided_on and signed_on < accepted.decided_on:
        raise Refused(errors={"signed_on": order.out_of_order(
            order.quoted(_("signed on")), signed_on, order.quoted(_("the board's decision")),
            accepted.decided_on)})
    with transaction.atomic():
        commitment = Commitment.objects.create(application=application, amount=amount,
                                               walloon_spend_committed=spend,
                                               signed_on=signed_on)
        rows, _source = rules.schedule(commitment)
        for row in rows:
            Tranche.objects.create(commitment=commitment, **row)
    return commitment


def record_verified_spend(commitment: Commitment, spend: Decimal, source: str) -> Commitment:
    commitment.verified_spend, commitment.verified_spend_source = spend, source
    commitment.save()
    return commitment


def release_tranche(tranche: Tranche, released_on: dt.date, user, lang: str = "fr") -> Tranche:
    """Release a tranche once rules.release_refusal lets it go: its amount, on the verified
    spend of the day (kept on the tranche), audited."""
    refusal = rules.release_refusal(tranche, lang)
    if refusal is not None:
        raise Refused(refusal)
    commitment = tranche.commitment
    if released_on < commitment.signed_on:
        raise Refused(order.out_of_order(order.quoted(_("released on")), released_on,
                                         order.quoted(_("the signature")), commitment.signed_on))
    with transaction.atomic():
        tranche.released_on, tranche.released_amount = released_on, tranche.amount
        tranche.verified_spend, tranche.released_by = commitment.verified_spend, user
        tranche.save()
        record_decision(tranche, "released", commitment.verified_spend_source)
    return tranche


def record_recoupment(commitment: Commitment, receipt: RecoupmentReceipt) -> RecoupmentReceipt:
    receipt.commitment = commitment
    receipt.save()
    return receipt


def cancel_commitment(commitment: Commitment, cancelled_on: dt.date, reason: str,
                      released_to_envelope: Decimal, user) -> CommitmentCancellation:
    if CommitmentCancellation.objects.filter(commitment=commitment).exists():
        raise Refused(_("This commitment is already cancelled."))
    with transaction.atomic():
        cancellation = CommitmentCancellation.objects.create(
            commitment=commitment, cancelled_on=cancelled_on, reason=reason,
            released_to_envelope=released_to_envelope, cancelled_by=user)
        record_decision(commitment, "cancelled", reason)
    return cancellation


# -- the enterprise fund and the film office ----------------------------------------------------

def add_holding(organisation_id: int, holding: EnterpriseHolding) -> EnterpriseHolding:
    if EnterpriseHolding.objects.filter(organisation_id=organisation_id,
                                        company=holding.company).exists():
        raise Refused(errors={"company": _("This company is already in the portfolio.")})
    holding.organisation_id = organisation_id
    holding.save()
    return holding


def add_instrument(holding: EnterpriseHolding,
                   instrument: EnterpriseInstrument) -> EnterpriseInstrument:
    instrument.holding = holding
    instrument.save()
    return instrument


def add_movement(holding: EnterpriseHolding, movement: EnterpriseMovement) -> EnterpriseMovement:
    """A movement of an instrument; refused (rolled back) when the fund's ledger, with it, would
    take out more than was put in."""
    try:
        with transaction.atomic():
            movement.save()
            records.movements(holding.organisation_id)
    except InputError as error:
        raise Refused(errors={"amount": error.message}) from error
    return movement


def add_shooting_file(organisation_id: int, shooting_file: ShootingFile) -> ShootingFile:
    shooting_file.organisation_id = organisation_id
    if shooting_file.funded:
        shooting_file.days_covered = shooting_file.days
    shooting_file.save()
    return shooting_file
