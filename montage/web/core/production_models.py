"""The producer's working records (area `production`, docs/web-production.md): the project file
of a work, its budget (chart of accounts, versions, lines, employer-charge rates), purchase
orders, its financing plan with each source's conditions and tranches, the ledger's imports and
saved column mappings, and the ledger buckets that keep every obligation's totals current.

Imported at the end of models.py, so these are models of the one `core` app. The ledger itself is
`Expense` (models.py), shared with the other desks; the supplier registry is `Company`. Money is
Decimal; rates are Decimal fractions. Rules live in `montage.finance`, never here.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from montage.web.core.models import Company, Organisation, Work, money_field


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
        verbose_name = _("coproduction share")
        verbose_name_plural = _("coproduction shares")
        ordering = ["project", "-share", "pk"]

    def __str__(self) -> str:
        return f"{self.country} {self.share}"


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
        verbose_name = _("employer-charge rate")
        verbose_name_plural = _("employer-charge rates")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"],
                                               name="fringe_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.rate})"


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
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="budget_unique_number")]

    def __str__(self) -> str:
        return f"{self.project} v{self.number}"


class BudgetLine(models.Model):
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

    class Meta:
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
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["project", "date", "pk"]

    def __str__(self) -> str:
        return self.number


class FinancingSource(models.Model):
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
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        CONTRACTED = "contracted", _("contracted")
        RECEIVED = "received", _("received")
        REFUSED = "refused", _("refused")

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
    investment = models.ForeignKey("core.Investment", verbose_name=_("broadcaster investment"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="financing_sources")
    commitment = models.ForeignKey("core.Commitment", verbose_name=_("fund commitment"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="financing_sources")

    class Meta:
        verbose_name = _("financing source")
        verbose_name_plural = _("financing sources")
        ordering = ["project", "pk"]

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
        verbose_name = _("financing tranche")
        verbose_name_plural = _("financing tranches")
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"],
                                               name="financing_tranche_unique")]

    def __str__(self) -> str:
        return f"{self.source} — {self.number}"


class ColumnMapping(models.Model):
    """A saved mapping from an accounting export's column headers to ledger fields."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                              related_name="column_mappings")
    name = models.CharField(_("name"), max_length=100)
    columns = models.JSONField(_("columns"), default=dict,
                               help_text=_("ledger field → column header in the file"))
    date_format = models.CharField(_("date format"), max_length=20, default="%d/%m/%Y")
    decimal_comma = models.BooleanField(_("decimal comma"), default=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["owner", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"],
                                               name="column_mapping_unique_name")]

    def __str__(self) -> str:
        return self.name


class LedgerImport(models.Model):
    """One imported file: its fingerprint (re-importing the same file adds nothing), progress
    while it runs, and the outcome (all lines added, or none and the errors)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        UBL = "ubl", _("Peppol UBL e-invoice")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        DUPLICATE = "duplicate", _("already imported")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    mapping = models.ForeignKey(ColumnMapping, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    lines_added = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class LedgerBucket(models.Model):
    """Running totals of the ledger, one row per group of expenses the rules cannot tell apart
    (same month, kind, cost type, account, territory class of the seats, flags; see
    `montage.web.ledger.buckets`). Adding an expense adds to its bucket; obligations are
    recomputed from the buckets, never by rescanning the ledger.

    `facts_key`: the key without its month (buckets of the same facts in different months share
    it); `territory`: the dashboard's territory of the supplier's seat; `days`: the per-day
    totals inside the month ({"14": [amount, manager services]}), read only for a month a rule
    changes in; `flags`: the representative facts the rules need."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="buckets")
    key = models.CharField(max_length=64)
    month = models.DateField()
    supplier = models.ForeignKey(Company, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    employer = models.ForeignKey(Company, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    account_code = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=16)
    cost_type = models.CharField(max_length=16)
    flags = models.JSONField(default=dict)
    facts_key = models.CharField(max_length=40, blank=True)
    territory = models.CharField(max_length=16, blank=True)
    days = models.JSONField(default=dict)
    lines = models.PositiveIntegerField(default=0)
    amount = money_field("amount")
    manager_services = money_field("manager services", default=Decimal(0))
    paid = money_field("paid", default=Decimal(0))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "key"],
                                               name="ledger_bucket_unique_key")]


class SupplierCorrection(models.Model):
    """A correction of a supplier's identity or seats, proposed by an organisation that may not
    edit the record (permissions.can_propose_supplier_correction). The record's owner sees it on
    the supplier page and accepts it (applied by montage.web.ledger.suppliers.update_supplier,
    as an edit is) or rejects it. `values`: the proposed form fields (name → value)."""

    AUDITED_FIELDS = ("status",)

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("supplier correction", "open")
        ACCEPTED = "accepted", pgettext_lazy("supplier correction", "accepted")
        REJECTED = "rejected", pgettext_lazy("supplier correction", "rejected")

    company = models.ForeignKey(Company, verbose_name=_("supplier"), on_delete=models.CASCADE,
                                related_name="corrections")
    values = models.JSONField(_("proposed values"), default=dict)
    note = models.TextField(_("note"), blank=True)
    organisation = models.ForeignKey(Organisation, verbose_name=_("proposed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(_("proposed on"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplier correction")
        verbose_name_plural = _("supplier corrections")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} #{self.pk}"
