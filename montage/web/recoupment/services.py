"""The one writer of the recoupment records, and the bridge from them to the waterfall
(montage.finance.recoupment). Pages, the import and the demo call these functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from montage.errors import InputError
from montage.finance import recoupment as rules
from montage.web.fund import services as fund_services
from montage.web.fund.models import RecoupmentReceipt
from montage.web.production.models import FinancingSource, Project
from montage.web.recoupment.models import Corridor, Receipt, Share, Statement
from montage.web.registry.audit import record_decision
from montage.web.registry.services import Refused, mark_cancelled


# -- receipts -----------------------------------------------------------------------------------

def record_receipt(project: Project, receipt: Receipt, reason: str = "") -> Receipt:
    """A new receipt, or a correction of one (its audited fields keep old → new). A period
    whose statements are issued but not sent: they follow (`_follow`); one sent: refused, the
    statement stays as the financier received it (a correction goes in a later period)."""
    if receipt.pk is not None and Receipt.all_objects.filter(
            pk=receipt.pk, cancelled_at__isnull=False).exists():
        raise Refused(_("This receipt is cancelled: it can no longer be corrected."))
    if receipt.pk is not None and not reason.strip():
        raise Refused(errors={"reason": _("Say why the receipt is corrected.")})
    if receipt.period_end < receipt.period_start:
        raise Refused(errors={"period_end": _("The period ends before it starts.")})
    if receipt.currency != "EUR" and receipt.exchange_rate_date is None:
        raise Refused(errors={"exchange_rate_date": _(
            "A receipt in a foreign currency needs the date of its exchange rate.")})
    periods = {(receipt.period_start, receipt.period_end)}
    if receipt.pk is not None:
        periods |= set(Receipt.objects.filter(pk=receipt.pk).values_list("period_start",
                                                                          "period_end"))
    _not_sent(project, periods)
    receipt.project = project
    with transaction.atomic():
        corrected = receipt.pk is not None
        receipt.save()
        if corrected:
            record_decision(receipt, "receipt corrected", reason.strip())
        _follow(project, periods)
    return receipt


def cancel_receipt(receipt: Receipt, user, reason: str) -> None:
    periods = {(receipt.period_start, receipt.period_end)}
    _not_sent(receipt.project, periods)
    with transaction.atomic():
        mark_cancelled(receipt, user, reason, "receipt cancelled")
        _follow(receipt.project, periods)


def record_receipts(project: Project, receipts: list[Receipt]) -> list[Receipt]:
    """All or nothing: the import's rows."""
    with transaction.atomic():
        return [record_receipt(project, receipt) for receipt in receipts]


def _statements_of(project: Project, periods):
    return [s for s in Statement.objects.filter(project=project)
            if (s.period_start, s.period_end) in periods]


def _not_sent(project: Project, periods) -> None:
    if any(s.sent_on is not None for s in _statements_of(project, periods)):
        raise Refused(_("A statement of this period was sent: it stays as the financier "
                        "received it. Record the correction in a later period."))


def _follow(project: Project, periods) -> None:
    """The period's unsent statements take what the waterfall now gives their beneficiary
    (the amount audited); a period left without receipts loses its unsent statements."""
    statements = _statements_of(project, periods)
    if not statements:
        return
    current = {(p.start, p.end): p for p in waterfall(project)}
    for statement in statements:
        period = current.get((statement.period_start, statement.period_end))
        if period is None:
            record_decision(statement, "statement withdrawn", "")
            statement.delete()
            continue
        due = period.due(statement.source_id)
        if due != statement.amount:
            statement.amount = due
            statement.save()


# -- the agreement ------------------------------------------------------------------------------

def add_corridor(project: Project, name: str, off_the_top: bool = False) -> Corridor:
    last = project.corridors.order_by("-position").first()
    return Corridor.objects.create(project=project, name=name, off_the_top=off_the_top,
                                   position=(last.position + 1) if last else 1)


def save_share(corridor: Corridor, share: Share) -> Share:
    """A share of a corridor; refused when the agreement would no longer run (the waterfall's
    own checks), or when its beneficiary is not a source of the work's financing plan."""
    if share.source_id and share.source.project_id != corridor.project_id:
        raise Refused(errors={"source": _("Not a source of this work's financing plan.")})
    if share.kind == Share.Kind.PRO_RATA and not share.source_id:
        raise Refused(errors={"kind": _("The producer has no financing to be pro rata of.")})
    share.corridor = corridor
    with transaction.atomic():
        share.save()
        try:
            rules.check(agreement(corridor.project))
        except InputError as error:
            transaction.set_rollback(True)
            raise Refused(error.message) from None
    return share


def delete_share(share: Share) -> None:
    if Statement.objects.filter(project=share.corridor.project).exists():
        raise Refused(_("Statements were issued under this agreement: it stays as it is."))
    corridor = share.corridor
    share.delete()
    if not corridor.shares.exists():
        corridor.delete()


# -- the waterfall ------------------------------------------------------------------------------

def beneficiary_key(source_id: int | None) -> str:
    return f"source:{source_id}" if source_id else rules.PRODUCER


def agreement(project: Project) -> list[rules.Corridor]:
    corridors = []
    for corridor in project.corridors.prefetch_related("shares__source"):
        corridors.append(rules.Corridor(corridor.name, tuple(
            rules.Share(beneficiary_key(s.source_id), s.beneficiary_name, s.kind, s.rate,
                        rules.cents(s.source.amount) if s.source_id else 0,
                        rules.cents(s.cap) if s.cap is not None else None, s.premium,
                        s.after_cap_rate)
            for s in corridor.shares.all()), corridor.off_the_top))
    return corridors


@dataclass
class Period:
    start: dt.date
    end: dt.date
    receipts: list[Receipt]
    result: rules.PeriodResult

    @property
    def net(self) -> Decimal:
        return rules.cents_to_eur(self.result.net)

    def due(self, source_id: int | None) -> Decimal:
        return rules.cents_to_eur(self.result.to(beneficiary_key(source_id)))


def waterfall(project: Project) -> list[Period]:
    """Every period of the work's receipts, in order, through its agreement."""
    corridors = agreement(project)
    if not corridors:
        return []
    by_period: dict = {}
    for receipt in Receipt.objects.filter(project=project):
        by_period.setdefault((receipt.period_start, receipt.period_end), []).append(receipt)
    keys = sorted(by_period)
    results = rules.waterfall(corridors, [
        (f"{start:%d/%m/%Y}–{end:%d/%m/%Y}",
         sum(rules.cents(r.net) for r in by_period[(start, end)])) for start, end in keys])
    return [Period(start, end, by_period[(start, end)], result)
            for (start, end), result in zip(keys, results)]


def beneficiaries(project: Project) -> list[FinancingSource]:
    ids = Share.objects.filter(corridor__project=project, source__isnull=False).values("source")
    return list(FinancingSource.objects.filter(pk__in=ids).select_related("financier"))


# -- statements ---------------------------------------------------------------------------------

def issue_statements(project: Project, start: dt.date, end: dt.date, user) -> list[Statement]:
    """One statement per beneficiary of the agreement for the period, at what the waterfall
    gives it; refused when the period has none or was issued already."""
    period = next((p for p in waterfall(project) if (p.start, p.end) == (start, end)), None)
    if period is None:
        raise Refused(_("No receipt for this period."))
    if Statement.objects.filter(project=project, period_start=start, period_end=end).exists():
        raise Refused(_("The statements of this period were issued already."))
    with transaction.atomic():
        return [Statement.objects.create(project=project, source=source, period_start=start,
                                         period_end=end, amount=period.due(source.pk),
                                         issued_by=user)
                for source in beneficiaries(project)]


def send_statement(statement: Statement, on: dt.date) -> Statement:
    """The statement goes to its financier's desk (the organisation of the source)."""
    if statement.source.financier_id is None:
        raise Refused(_("This financier has no desk in Montage: send the PDF."))
    if statement.sent_on is not None:
        raise Refused(_("This statement was sent already."))
    from django.urls import reverse

    from montage.web.inbox.services import notify

    statement.sent_on = on
    with transaction.atomic():
        statement.save()
        record_decision(statement, "statement sent", "")
        notify([statement.source.financier], "statement_sent",
               f"{statement.project.work.title} — {statement.project.owner.name}, "
               f"{statement.period_start:%d/%m/%Y}–{statement.period_end:%d/%m/%Y}",
               reverse("recoupment_statement", args=[statement.pk]))
    return statement


def mark_statement_paid(statement: Statement, received_on: dt.date) -> RecoupmentReceipt:
    """The fund received the statement's amount: its recoupment receipt on the commitment of
    the source, written by the fund's own writer and linked to the statement (one record)."""
    if statement.sent_on is None:
        raise Refused(_("This statement was not sent."))
    if statement.recoupment_id is not None:
        raise Refused(_("This statement is paid already."))
    commitment = statement.source.commitment
    if commitment is None:
        raise Refused(_("The financing source is linked to no commitment of the fund."))
    if statement.amount <= 0:
        raise Refused(_("Nothing is due on this statement."))
    with transaction.atomic():
        receipt = fund_services.record_recoupment(commitment, RecoupmentReceipt(
            received_on=received_on, amount=statement.amount,
            source=_("Recoupment statement of %(producer)s, %(start)s–%(end)s") % {
                "producer": statement.project.owner.name,
                "start": f"{statement.period_start:%d/%m/%Y}",
                "end": f"{statement.period_end:%d/%m/%Y}"}))
        statement.recoupment = receipt
        statement.save()
        record_decision(statement, "statement paid", "")
    return receipt


def statement_lines(statement: Statement):
    """The period's allocations to the statement's beneficiary, with the period's explanation."""
    period = next((p for p in waterfall(statement.project)
                   if (p.start, p.end) == (statement.period_start, statement.period_end)), None)
    if period is None:
        return None, []
    key = beneficiary_key(statement.source_id)
    return period, [a for a in period.result.allocations if a.beneficiary == key]
