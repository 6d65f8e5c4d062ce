"""A work's receipts, its recoupment agreement (corridors and shares) and the statements sent to
its financiers (docs/web-recoupment.md). The waterfall itself is montage.finance.recoupment."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from montage.finance import recoupment as rules
from montage.web.production.models import FinancingSource, Project, fraction_field
from montage.web.registry.models import Cancellable, money_field


class Receipt(Cancellable):
    """Money the work earned in a period, as a distributor's or sales agent's statement reports
    it: gross, the deductions the contract allows, the net in euros at a dated rate."""

    class Source(models.TextChoices):
        DISTRIBUTOR = "distributor", _("theatrical distributor")
        SALES_AGENT = "sales_agent", _("sales agent")
        BROADCASTER = "broadcaster", _("broadcaster licence")
        VOD = "vod", _("VOD platform")
        PRIZE = "prize", _("prize")
        OTHER = "other", _("other")

    AUDITED_FIELDS = ("gross", "commission_rate", "expenses", "expenses_cap", "exchange_rate",
                      "period_start", "period_end")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="receipts")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    payer = models.CharField(_("payer"), max_length=200,
                             help_text=_("the distributor, sales agent, broadcaster…"))
    territory = models.CharField(_("territory"), max_length=100)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    gross = money_field(_("gross amount (in currency)"))
    commission_rate = fraction_field(_("commission"), default=Decimal("0"))
    expenses = money_field(_("expenses (in currency)"), default=Decimal("0"))
    expenses_cap = money_field(_("expenses cap (in currency)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    exchange_rate = models.DecimalField(_("exchange rate (EUR per unit)"), max_digits=12,
                                        decimal_places=6, default=Decimal("1"))
    exchange_rate_date = models.DateField(_("exchange rate date"), null=True, blank=True)
    reference = models.CharField(_("statement reference"), max_length=200, blank=True)
    # the imported statement file it came from (sha256): the same file again adds nothing
    imported_from = models.CharField(_("imported file (sha256)"), max_length=64, blank=True,
                                     db_index=True)
    imported_row = models.PositiveIntegerField(_("row of the imported file"), null=True,
                                               blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["project", "period_start", "period_end", "pk"]

    def clean(self) -> None:
        from montage.web.registry import order

        order.check_dates(self, "period_start", "period_end")

    @property
    def net_and_explanation(self):
        return rules.net_receipt(self.gross, self.commission_rate, self.expenses,
                                 self.expenses_cap, self.exchange_rate)

    @property
    def net(self) -> Decimal:
        return self.net_and_explanation[0]

    def __str__(self) -> str:
        return f"{self.payer} {self.territory} {self.period_start:%d/%m/%Y}"


class Corridor(models.Model):
    """One step of the agreement, in order: an off-the-top item or a tier."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="corridors")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    off_the_top = models.BooleanField(_("off the top"), default=False)

    class Meta:
        verbose_name = _("corridor")
        verbose_name_plural = _("corridors")
        ordering = ["project", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "position"],
                                               name="recoupment_corridor_position")]

    def __str__(self) -> str:
        return self.name


class Share(models.Model):
    """A beneficiary's part of a corridor: a source of the financing plan (so a real financier),
    or the producer when `source` is empty."""

    class Kind(models.TextChoices):
        FIXED = rules.FIXED, _("fixed percentage")
        PRO_RATA = rules.PRO_RATA, _("pro rata of the financing")
        BEYOND_PRO_RATA = rules.BEYOND_PRO_RATA, _("beyond pro rata (negotiated)")

    AUDITED_FIELDS = ("kind", "rate", "cap", "premium", "after_cap_rate")
    corridor = models.ForeignKey(Corridor, on_delete=models.CASCADE, related_name="shares")
    source = models.ForeignKey(FinancingSource, verbose_name=_("beneficiary"), null=True,
                               blank=True, on_delete=models.PROTECT,
                               related_name="recoupment_shares",
                               help_text=_("empty: the producer"))
    kind = models.CharField(_("share"), max_length=20, choices=Kind.choices, default=Kind.FIXED)
    rate = fraction_field(_("percentage"), null=True, blank=True)
    cap = money_field(_("amount recoupable"), null=True, blank=True)
    premium = fraction_field(_("premium"), default=Decimal("0"))
    after_cap_rate = fraction_field(_("percentage once the cap is met"), default=Decimal("0"))

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["corridor", "pk"]

    @property
    def beneficiary_name(self) -> str:
        return self.source.label if self.source_id else str(_("producer"))

    def __str__(self) -> str:
        return f"{self.corridor} — {self.beneficiary_name}"


class Statement(models.Model):
    """What one beneficiary receives for one period, issued by the producer and sent to the
    financier's desk; a fund marks it paid, which writes its recoupment receipt."""

    AUDITED_FIELDS = ("amount", "sent_on")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="statements")
    source = models.ForeignKey(FinancingSource, verbose_name=_("beneficiary"),
                               on_delete=models.PROTECT, related_name="statements")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount = money_field(_("amount due"))
    issued_at = models.DateTimeField(_("issued on"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    recoupment = models.OneToOneField("fund.RecoupmentReceipt", verbose_name=_("paid"),
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="statement")

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["project", "period_start", "source", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["source", "period_start", "period_end"], name="recoupment_statement_once")]

    def __str__(self) -> str:
        return f"{self.source} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
