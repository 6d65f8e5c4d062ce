"""The producer's working records (docs/web-production.md): the project file of a work, its budget
(chart of accounts, versions, lines, employer-charge rates), purchase orders, its financing plan
with each source's conditions and tranches. Money is Decimal; rates are Decimal fractions. Rules
live in `montage.finance`, never here. Tables keep their first names (`core_*`, `db_table`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from montage.web.core.templatetags.montage import shown_rate

from montage.web.registry.models import Cancellable, Company, Organisation, Work, money_field


def fraction_field(verbose_name, **kwargs) -> models.DecimalField:
    """A share between 0 and 1 (0.2100 = 21 %)."""
    kwargs.setdefault("validators", [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))])
    return models.DecimalField(verbose_name, max_digits=7, decimal_places=6, **kwargs)


class Project(models.Model):
    """A producer's financial file of one work: one per work and producer organisation."""

    class Position(models.TextChoices):
        MAJORITY = "majority", _("majority coproducer")
        MINORITY = "minority", _("minority coproducer")
        SOLE = "sole", _("sole producer")

    AUDITED_FIELDS = ("position",)

    owner = models.ForeignKey(Organisation, verbose_name=_("producer"),
                              on_delete=models.PROTECT, related_name="projects")
    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.PROTECT,
                             related_name="projects")
    format = models.CharField(_("format"), max_length=200, blank=True,
                              help_text=_("e.g. 1 × 95 min, 10 × 52 min"))
    position = models.CharField(_("position"), max_length=10, choices=Position.choices,
                                default=Position.SOLE)
    shooting_start = models.DateField(_("shooting starts"), null=True, blank=True)
    shooting_end = models.DateField(_("shooting ends"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "core_project"
        verbose_name = _("production project")
        verbose_name_plural = _("production projects")
        ordering = ["work__title"]
        constraints = [models.UniqueConstraint(fields=["owner", "work"],
                                               name="project_unique_work")]

    def __str__(self) -> str:
        return str(self.work)


class CoproductionShare(models.Model):
    """One coproducer's country and share of the work (the shares of a project add up to 1)."""

    AUDITED_FIELDS = ("share",)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shares")
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code"))
    company = models.ForeignKey(Company, verbose_name=_("coproducer"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="coproduction_shares")
    share = fraction_field(_("share"))

    class Meta:
        db_table = "core_coproductionshare"
        verbose_name = _("coproduction share")
        verbose_name_plural = _("coproduction shares")
        ordering = ["project", "-share", "pk"]

    def __str__(self) -> str:
        return f"{self.country} {shown_rate(self.share)}"


class Account(models.Model):
    """A budget account of a project's chart of accounts (a copy of the default chart, editable).

    `code` is hierarchical ("07", "07.02"); `cost_type` and `post_production` are the defaults an
    expense booked on this account takes (the rules look at the expense, not the account)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="accounts")
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=200)
    parent = models.ForeignKey("self", verbose_name=_("parent account"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="children")
    cost_type = models.CharField(_("cost type"), max_length=16, default="direct",
                                 choices=[("direct", _("direct cost")),
                                          ("overhead", _("overhead")),
                                          ("producer_fee", _("producer fee")),
                                          ("commission", _("commission"))])
    post_production = models.BooleanField(_("post-production"), default=False)

    class Meta:
        db_table = "core_account"
        verbose_name = _("budget account")
        verbose_name_plural = _("budget accounts")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"],
                                               name="account_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class FringeRate(models.Model):
    """The project's employer-charge rate for one kind of payroll, with the source the producer
    relies on (Montage ships no rate: see montage/finance/budget.py)."""

    AUDITED_FIELDS = ("rate",)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fringe_rates")
    code = models.CharField(_("code"), max_length=30, help_text=_("e.g. employee, artist"))
    rate = fraction_field(_("rate"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        db_table = "core_fringerate"
        verbose_name = _("employer-charge rate")
        verbose_name_plural = _("employer-charge rates")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"],
                                               name="fringe_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} ({shown_rate(self.rate)})"


class BudgetVersion(models.Model):
    """A version of the budget. The first version is the baseline (original budget) and is never
    changed once a later version exists; `is_current` marks the one the cost report compares."""

    AUDITED_FIELDS = ("is_current", "locked")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    number = models.PositiveSmallIntegerField(_("version"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "core_budgetversion"
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="budget_unique_number")]

    def __str__(self) -> str:
        return f"{self.project} v{self.number}"


class BudgetLine(Cancellable):
    """quantity × rate in `currency`, converted at `exchange_rate` (euros per unit of currency,
    dated) when not in euros; plus employer charges at the project's `fringe_code` rate."""

    AUDITED_FIELDS = ("quantity", "rate", "exchange_rate")
    version = models.ForeignKey(BudgetVersion, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="budget_lines")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3,
                                   validators=[MinValueValidator(Decimal(0))])
    unit = models.CharField(_("unit"), max_length=30, blank=True,
                            help_text=_("day, week, flat…"))
    rate = models.DecimalField(_("rate"), max_digits=14, decimal_places=2,
                               validators=[MinValueValidator(Decimal(0))])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    exchange_rate = models.DecimalField(_("exchange rate (EUR per unit)"), max_digits=12,
                                        decimal_places=6, null=True, blank=True)
    exchange_rate_date = models.DateField(_("exchange rate date"), null=True, blank=True)
    fringe_code = models.CharField(_("employer charges"), max_length=30, blank=True)
    # where the line is planned to be spent (the pre-check of projected compliance reads it,
    # montage/web/ledger/precheck.py): a supplier of the shared registry, or only a place
    planned_supplier = models.ForeignKey(Company, verbose_name=_("planned supplier"), null=True,
                                         blank=True, on_delete=models.PROTECT,
                                         related_name="planned_budget_lines")
    spend_postal_code = models.CharField(_("place of spend: postal code"), max_length=10,
                                         blank=True)
    spend_country = models.CharField(_("place of spend: country"), max_length=2, blank=True,
                                     help_text=_("ISO 3166 code; empty for Belgium"))

    class Meta:
        db_table = "core_budgetline"
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["version", "account__code", "pk"]

    def __str__(self) -> str:
        return self.description


class PurchaseOrder(models.Model):
    """A commitment to a supplier: counts as "committed" in the cost report until invoiced."""

    AUDITED_FIELDS = ("amount",)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="orders")
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="orders")
    supplier = models.ForeignKey(Company, verbose_name=_("supplier"), on_delete=models.PROTECT,
                                 related_name="orders")
    number = models.CharField(_("number"), max_length=50)
    date = models.DateField(_("date"))
    amount = money_field(_("amount excl. VAT"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        db_table = "core_purchaseorder"
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["project", "date", "pk"]

    def __str__(self) -> str:
        return self.number


class FinancingSource(Cancellable):
    """One line of the financing plan, with the conditions it carries.

    `rule` names the spend obligation of `montage.finance` this source imposes (none for most):
    its terms are the fields below (signature/contract date, committed ratio, deadline,
    screen.brussels format, Tax Shelter certificate value). A source in kind is valued, counted
    in the plan, never cashed. Amounts in a foreign currency keep the currency, rate and date."""

    class Type(models.TextChoices):
        PUBLIC_AID = "public_aid", _("public aid (CCA…)")
        REGIONAL_FUND = "regional_fund", _("regional fund")
        TAX_SHELTER = "tax_shelter", _("Tax Shelter")
        BROADCASTER_COPRODUCTION = "broadcaster_coproduction", _("broadcaster coproduction")
        BROADCASTER_PREPURCHASE = "broadcaster_prepurchase", _("broadcaster pre-purchase")
        BROADCASTER_COMMISSION = "broadcaster_commission", _("broadcaster commission")
        COPRODUCER = "coproducer", _("coproducer")
        EQUITY = "equity", _("producer's equity")
        LOAN = "loan", _("loan")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("financing status", "requested")
        GRANTED = "granted", pgettext_lazy("financing status", "granted")
        CONTRACTED = "contracted", pgettext_lazy("financing status", "contracted")
        RECEIVED = "received", pgettext_lazy("financing status", "received")
        REFUSED = "refused", pgettext_lazy("financing status", "refused")

    class Rule(models.TextChoices):
        NONE = "", _("no spend obligation")
        WALLIMAGE = "wallimage", _("Wallimage: Walloon spend ratio")
        SPILLOVER = "spillover", _("broadcaster: FWB spillover")
        SCREEN_BRUSSELS = "screen_brussels", _("screen.brussels: Brussels spend")
        TAX_SHELTER = "tax_shelter", _("Tax Shelter: Belgian spend")

    AUDITED_FIELDS = ("amount", "status", "committed_ratio", "spend_deadline")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    source_type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    financier = models.ForeignKey(Organisation, verbose_name=_("financier"), null=True,
                                  blank=True, on_delete=models.PROTECT,
                                  related_name="financed_sources")
    financier_company = models.ForeignKey(Company, verbose_name=_("financier (company)"),
                                          null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="financed_sources")
    label = models.CharField(_("label"), max_length=200)
    amount = money_field(_("amount (EUR)"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount_in_currency = money_field(_("amount in currency"), null=True, blank=True)
    exchange_rate = models.DecimalField(_("exchange rate (EUR per unit)"), max_digits=12,
                                        decimal_places=6, null=True, blank=True)
    exchange_rate_date = models.DateField(_("exchange rate date"), null=True, blank=True)
    in_kind = models.BooleanField(_("in kind"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.REQUESTED)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    contracted_on = models.DateField(_("contracted on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    # conditions
    rule = models.CharField(_("spend obligation"), max_length=20, choices=Rule.choices,
                            blank=True, default="")
    committed_ratio = models.DecimalField(_("committed spend ratio"), max_digits=8,
                                          decimal_places=4, null=True, blank=True,
                                          help_text=_("a multiple: 1.5 for 150 %"))
    spend_deadline = models.DateField(_("spend deadline"), null=True, blank=True)
    screen_format = models.CharField(_("screen.brussels format"), max_length=30, blank=True)
    certificate_value = money_field(_("Tax Shelter certificate value"), null=True, blank=True)
    animation = models.BooleanField(_("animation (longer spend period)"), default=False)
    min_share = fraction_field(_("coproduction share: minimum"), null=True, blank=True)
    max_share = fraction_field(_("coproduction share: maximum"), null=True, blank=True)
    # the same money seen from the other desks
    investment = models.ForeignKey("investments.Investment", verbose_name=_("broadcaster investment"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="financing_sources")
    commitment = models.ForeignKey("fund.Commitment", verbose_name=_("fund commitment"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="financing_sources")
    # the producer's application to a fund: amount, status, dates and tranches are then the
    # fund's (montage/web/production/fund_link.py)
    application = models.ForeignKey("fund.Application", verbose_name=_("fund application"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="financing_sources")

    class Meta:
        db_table = "core_financingsource"
        verbose_name = _("financing source")
        verbose_name_plural = _("financing sources")
        ordering = ["project", "pk"]

    def clean(self) -> None:
        from montage.web.registry import order

        order.check_dates(self, "requested_on", "granted_on", "contracted_on", "received_on")

    def __str__(self) -> str:
        return self.label


class FinancingTranche(models.Model):
    """A scheduled payment of a source: released when its condition (a date, or verified spend
    of the source's obligation reaching `spend_to_prove`) is met."""

    AUDITED_FIELDS = ("amount", "received_on")
    source = models.ForeignKey(FinancingSource, on_delete=models.CASCADE,
                               related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    amount = money_field(_("amount"))
    spend_to_prove = money_field(_("spend to prove"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        db_table = "core_financingtranche"
        verbose_name = _("financing tranche")
        verbose_name_plural = _("financing tranches")
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"],
                                               name="financing_tranche_unique")]

    def __str__(self) -> str:
        return f"{self.source} — {self.number}"


class InvestmentLink(models.Model):
    """A broadcaster's investment in the work and the producer's financing source of it: the
    same money (docs/web-desks.md). One side proposes, the other confirms; once confirmed the
    investment is the record and the source follows it (production/investment_link.py). The
    editor proposes to the producer's project; the producer names the source when it confirms
    (or when it proposes)."""

    class Side(models.TextChoices):
        EDITOR = "editor", _("the editor")
        PRODUCER = "producer", _("the producer")

    investment = models.OneToOneField("investments.Investment",
                                      verbose_name=_("broadcaster investment"),
                                      on_delete=models.PROTECT, related_name="source_link")
    project = models.ForeignKey(Project, verbose_name=_("production project"),
                                on_delete=models.PROTECT, related_name="investment_links")
    source = models.OneToOneField(FinancingSource, verbose_name=_("financing source"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="investment_link")
    proposed_by_side = models.CharField(_("proposed by"), max_length=10, choices=Side.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("investment link")
        verbose_name_plural = _("investment links")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return f"{self.investment_id} ↔ {self.source_id or '—'}"
