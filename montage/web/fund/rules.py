"""The fund desk's rules, read from data: the call's conditions checked on an application, the
envelope used, the tranche schedule of a commitment and when a tranche may be released.

The call's own figures (cap, ratio, broadcaster cash, envelope) are records; the Wallimage
regulation's figures (cap per project, minimum ratio 150 %, tranche schedule) come from
montage/finance/parameters/wallimage/ through montage.finance.obligations.default_parameters(),
each with its source, and are never repeated here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from montage.finance.obligations import default_parameters
from montage.fund import messages as _fund_messages  # noqa: F401  (registers fund_regulation)
from montage.law.explain import Line
from montage.money import ZERO, format_money, format_rate, to_cents
from montage.web.fund.models import Application, Call, Commitment, Decision, Tranche


@dataclass
class Check:
    key: str            # cap, ratio, broadcaster_cash, envelope
    ok: bool
    text: str


@dataclass
class Terms:
    """The conditions that apply to a call on a date, and where each comes from."""

    cap: Decimal | None
    minimum_ratio: Decimal | None
    sources: list[Line] = field(default_factory=list)  # the regulation, in words


def _money(value, lang):
    return format_money(Decimal(value), lang)


def _rate(value, lang):
    return format_rate(Decimal(value), lang)


def _regulation(parameter) -> Line:
    """The regulation a term comes from: the parameter by its description, and its source."""
    return Line("fund_regulation", {"description_fr": parameter.description["fr"],
                                    "description_en": parameter.description["en"],
                                    "source": parameter.source})


def terms(call: Call, on: dt.date | None = None) -> Terms:
    """The call's cap and minimum ratio; on a coproduction line, the regulation's cap when the
    call has none and the higher of the call's and the regulation's minimum ratio."""
    cap, ratio, sources = call.per_project_cap, call.minimum_ratio, []
    if call.funding_line.is_coproduction:
        params = default_parameters()
        on = on or call.opens_on
        cap_param = params.get("wallimage.investment_cap", on)
        ratio_param = params.get("wallimage.minimum_ratio", on)
        if cap is None or cap > cap_param.value:
            cap = cap_param.value
            sources.append(_regulation(cap_param))
        if ratio is None or ratio < ratio_param.value:
            ratio = ratio_param.value
            sources.append(_regulation(ratio_param))
    return Terms(cap, ratio, sources)


def envelope_used(call: Call, exclude: Application | None = None) -> Decimal:
    """What the call has granted: the commitments' amounts, or the board's accepted amount for
    an accepted application not yet committed."""
    accepted = Application.objects.filter(call=call, status=Application.Status.ACCEPTED)
    if exclude is not None:
        accepted = accepted.exclude(pk=exclude.pk)
    return sum((amount or ZERO for amount in granted_amounts(accepted).values()), ZERO)


def envelopes_used(calls) -> dict[int, Decimal]:
    """{call pk: envelope_used(call)} for many calls in three queries (a page of calls)."""
    accepted = list(Application.objects.filter(call__in=list(calls),
                                               status=Application.Status.ACCEPTED))
    amounts = granted_amounts(accepted)
    used: dict[int, Decimal] = {}
    for application in accepted:
        used[application.call_id] = used.get(application.call_id, ZERO) + (
            amounts[application.pk] or ZERO)
    return used


def granted(application: Application) -> Decimal | None:
    return granted_amounts([application])[application.pk]


def granted_amounts(applications) -> dict[int, Decimal | None]:
    """{application pk: what the fund grants it}: its commitment's amount (less what a
    cancellation released back to the envelope), else the amount of the board's latest decision
    when it accepted, else None. Two queries whatever the number of applications."""
    ids = [a.pk for a in applications]
    out: dict[int, Decimal | None] = dict.fromkeys(ids)
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(application_id__in=ids).order_by(
            "application_id", "-decided_on", "-pk"):
        latest.setdefault(decision.application_id, decision)
    for application_id, decision in latest.items():
        if decision.outcome == decision.Outcome.ACCEPTED:
            out[application_id] = decision.accepted_amount
    for commitment in Commitment.objects.filter(application_id__in=ids).select_related(
            "cancellation"):
        cancellation = getattr(commitment, "cancellation", None)
        # what a cancellation released goes back to the envelope
        out[commitment.application_id] = commitment.amount - (
            cancellation.released_to_envelope if cancellation is not None else ZERO)
    return out


def check_application(application: Application, amount: Decimal | None = None,
                      lang: str = "fr") -> list[Check]:
    """The call's conditions on the application, for `amount` (default: the amount requested),
    each with its explanation."""
    call = application.call
    amount = application.amount_requested if amount is None else amount
    applied = terms(call, application.submitted_on)
    checks = []
    if applied.cap is not None:
        checks.append(Check("cap", amount <= applied.cap, _(
            "Amount %(amount)s ≤ maximum per project %(cap)s") % {
                "amount": _money(amount, lang), "cap": _money(applied.cap, lang)}))
    if applied.minimum_ratio is not None and amount > 0:
        # shown to 0,01 % rounded down, so a ratio just under the minimum never looks met
        ratio = (application.walloon_spend_committed / amount).quantize(Decimal("0.0001"),
                                                                        ROUND_DOWN)
        required = to_cents(amount * applied.minimum_ratio)
        checks.append(Check("ratio", application.walloon_spend_committed >= required, _(
            "Walloon spend committed %(spend)s / %(amount)s = %(ratio)s ≥ %(minimum)s "
            "(at least %(required)s)") % {
                "spend": _money(application.walloon_spend_committed, lang),
                "amount": _money(amount, lang), "ratio": _rate(ratio, lang),
                "minimum": _rate(applied.minimum_ratio, lang),
                "required": _money(required, lang)}))
    if call.broadcaster_cash_required:
        cash = application.broadcaster_cash or ZERO
        checks.append(Check("broadcaster_cash", cash >= amount, _(
            "Broadcaster cash %(cash)s ≥ the fund's %(amount)s") % {
                "cash": _money(cash, lang), "amount": _money(amount, lang)}))
    used = envelope_used(call, exclude=application)
    remaining = call.envelope - used
    checks.append(Check("envelope", amount <= remaining, _(
        "Amount %(amount)s ≤ envelope remaining %(remaining)s (envelope %(envelope)s, "
        "already granted %(used)s)") % {
            "amount": _money(amount, lang), "remaining": _money(remaining, lang),
            "envelope": _money(call.envelope, lang), "used": _money(used, lang)}))
    return checks


# -- tranches ---------------------------------------------------------------------------------

def required_spend(commitment: Commitment) -> Decimal:
    """The Walloon spend the commitment requires: the spend committed, and at least the amount
    × the call's minimum ratio (the regulation's on a coproduction line)."""
    applied = terms(commitment.application.call, commitment.signed_on)
    floor = to_cents(commitment.amount * applied.minimum_ratio) if applied.minimum_ratio else ZERO
    return max(commitment.walloon_spend_committed, floor)


def schedule(commitment: Commitment) -> tuple[list[dict], str]:
    """The tranches of the Wallimage schedule in force at signature (parameter
    wallimage.tranche_schedule), as montage.finance.obligations.WallimageCoproduction computes
    them: each share of the amount (the last takes the rest) and the spend to prove before it."""
    parameter = default_parameters().get("wallimage.tranche_schedule", commitment.signed_on)
    required = required_spend(commitment)
    rows, paid = [], ZERO
    items = list(parameter.value)
    for n, item in enumerate(items, 1):
        share, spend_share = Decimal(item["share"]), Decimal(item["spend_share"])
        amount = (commitment.amount - paid if n == len(items)
                  else to_cents(commitment.amount * share))
        paid += amount
        rows.append({"number": n, "share": share, "amount": amount, "spend_share": spend_share,
                     "spend_to_prove": to_cents(required * spend_share)})
    return rows, parameter.source


@transaction.atomic
def release_refusal(tranche: Tranche, lang: str = "fr",
                    verified: Decimal | None = None) -> str | None:
    """Why the tranche may not be released now (None when it may): on the commitment's verified
    spend, or on `verified`, the spend a release would rest on (a spend report's verified total:
    its page says what its release button would do)."""
    if tranche.released_on is not None:
        return _("This tranche was already released.")
    if type(tranche.commitment).objects.filter(pk=tranche.commitment_id,
                                               cancellation__isnull=False).exists():
        return _("The commitment is cancelled.")
    earlier = tranche.commitment.tranches.filter(number__lt=tranche.number,
                                                 released_on__isnull=True)
    if earlier.exists():
        return _("Tranche %(n)s must be released first.") % {"n": earlier.first().number}
    if verified is None:
        verified = tranche.commitment.verified_spend
    if verified < tranche.spend_to_prove:
        return _("Verified Walloon spend %(verified)s has not reached %(required)s.") % {
            "verified": _money(verified, lang), "required": _money(tranche.spend_to_prove, lang)}
    return None


def released_total(commitment: Commitment) -> Decimal:
    return commitment.tranches.aggregate(total=Sum("released_amount"))["total"] or ZERO


def _choice_label(choices, stored: str) -> str:
    """A kind or status frozen in a dossier, in the reader's language: stored as its code; a
    dossier filed before codes were kept holds the label in the filer's language, read back to
    its choice when it is one (French or English), else shown as stored."""
    if stored in choices.values:
        return str(choices(stored).label)
    for language in ("fr", "en"):
        with translation.override(language):
            by_label = {str(label): value for value, label in choices.choices}
        if stored in by_label:
            return str(choices(by_label[stored]).label)
    return stored


def dossier_view(data: dict) -> dict:
    """An application's dossier (Application.dossier, amounts kept as exact strings) with its
    amounts as Decimals again, for the pages' money format, and its kinds and statuses in the
    reader's language."""
    from django.apps import apps  # the producer's models, by name: production imports fund

    from montage.web.registry.models import Work

    FinancingSource = apps.get_model("production", "FinancingSource")
    def dec(value):
        return None if value in (None, "") else Decimal(value)
    if not data:
        return {}
    data = dict(data)
    if data.get("work"):
        data["work"] = {**data["work"], "type": _choice_label(Work.Type,
                                                              data["work"].get("type", ""))}
    if data.get("budget"):
        data["budget"] = {**data["budget"], "total": dec(data["budget"]["total"])}
    data["top_sheet"] = [{**r, "total": dec(r["total"])} for r in data.get("top_sheet", [])]
    data["financing"] = [{**r, "amount": dec(r["amount"]),
                          "type": _choice_label(FinancingSource.Type, r.get("type", "")),
                          "status": _choice_label(FinancingSource.Status, r.get("status", ""))}
                         for r in data.get("financing", [])]
    data["financing_total"] = dec(data.get("financing_total"))
    data["committed_ratio"] = dec(data.get("committed_ratio"))
    if data.get("precheck"):  # the producer's pre-check as submitted (ledger/precheck.py)
        kept = data["precheck"]
        # its sentences in the reader's language (a dossier filed before they were kept in
        # every language reads in French)
        words = (kept.get("words") or {}).get(translation.get_language() or "") or {}
        worded = words.get("rows") or [{} for _row in kept["rows"]]
        certification = kept.get("certification")
        if certification and words.get("certification"):
            certification = {**certification, "text": words["certification"]}
        data["precheck"] = {**kept, "certification": certification, "as_of": dt.date.fromisoformat(
            kept["as_of"]), "rows": [
            {**r, **w, **{k: dec(r.get(k)) for k in ("required", "actual", "projected", "short")}}
            for r, w in zip(kept["rows"], worded)]}
    return data
