"""The producer's ledger (docs/web-ledger.md): its lines (`Expense`, the invoices and payroll every
desk reads), the imports and saved column mappings, and the buckets that keep every obligation's
totals current. Tables keep their first names (`core_*`, `db_table`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from montage.web.core.templatetags.montage import shown_money

from montage.web.production.models import Project
from montage.web.registry.models import Company, Organisation, Person, Work, money_field


class ActiveExpenses(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(cancelled_at__isnull=True)


class Expense(models.Model):
    """An invoice, payroll line, overhead or producer fee: one ledger for every desk.

    `owner` is the organisation that recorded it (usually the producer); the supplier's seat
    decides the territory it counts for.
    """

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        PAYROLL = "payroll", _("payroll")
        OVERHEAD = "overhead", _("overhead")
        PRODUCER_FEE = "producer_fee", _("producer fee")
        CREDIT_NOTE = "credit_note", _("credit note")

    AUDITED_FIELDS = ("amount_excl_vat", "vat_rate", "kind")

    # not indexed: read with its work (the work's index), only an organisation's deletion
    # would look a line up by it, and every index costs on a large import
    owner = models.ForeignKey(Organisation, verbose_name=_("recorded by"),
                              on_delete=models.PROTECT, related_name="expenses", db_index=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INVOICE)
    # indexed by (supplier, project) below: a supplier's lines, and whether a project has any
    # (the ledger list's supplier filter asks it for every supplier)
    supplier = models.ForeignKey(Company, verbose_name=_("supplier"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="expenses",
                                 db_index=False)
    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.PROTECT,
                             related_name="expenses")
    date = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=50, blank=True)
    # negative for a credit note, zero or more otherwise (`clean`)
    amount_excl_vat = money_field(_("amount excl. VAT"), validators=[])
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=4,
                                   default=Decimal("0.21"),
                                   validators=[MinValueValidator(Decimal("0")),
                                               MaxValueValidator(Decimal("1"))],
                                   help_text=_("a fraction: 0.21 for 21 %"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    # a credit note (negative amount): the invoice it names, when it names one; how it is
    # netted is in its CreditAllocation rows (montage.web.ledger.credits)
    credits = models.ForeignKey("self", verbose_name=_("credited invoice"), null=True,
                                blank=True, on_delete=models.PROTECT,
                                related_name="credit_notes", db_index=False)
    # The producer's ledger (area `production`): the project, the budget account, the person
    # paid on a payroll line, and the facts the financiers' rules look at (montage.finance).
    # project, purchase order, employee: indexed by the Meta indexes below (the (project, date)
    # index serves the project; the two others only where set); the import is not indexed:
    # every index costs on a large import
    project = models.ForeignKey("production.Project", verbose_name=_("project"), null=True,
                                blank=True, on_delete=models.CASCADE, related_name="expenses",
                                db_index=False)
    account = models.ForeignKey("production.Account", verbose_name=_("budget account"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="expenses")
    purchase_order = models.ForeignKey("production.PurchaseOrder", verbose_name=_("purchase order"),
                                       null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="expenses", db_index=False)
    employee = models.ForeignKey(Person, verbose_name=_("employee"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="payroll_lines",
                                 db_index=False)
    cost_type = models.CharField(_("cost type"), max_length=16, default="direct",
                                 choices=[("direct", _("direct cost")),
                                          ("overhead", _("overhead")),
                                          ("producer_fee", _("producer fee")),
                                          ("commission", _("commission"))])
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    location_rental = models.BooleanField(_("shooting location rental"), default=False)
    studio = models.CharField(_("studio"), max_length=100, blank=True)
    manager_services = money_field(_("of which the manager's own services"),
                                   default=Decimal(0))
    manager_lives_in_wallonia = models.BooleanField(_("manager lives in Wallonia"), null=True,
                                                    blank=True)
    post_production = models.BooleanField(_("post-production"), default=False)
    vfx = models.BooleanField(_("visual effects (VFX)"), default=False)
    vehicle_rental_agency = models.BooleanField(_("vehicle from a rental agency"),
                                                default=False)
    hotel_night = models.BooleanField(_("hotel night"), default=False)
    private_flat_set = models.BooleanField(_("private flat used as a set"), default=False)
    directly_linked = models.BooleanField(_("directly linked to the production"), default=True)
    missing_fields = models.JSONField(_("mandatory invoice fields missing"), default=list,
                                      blank=True)
    ledger_import = models.ForeignKey("ledger.LedgerImport", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="expenses",
                                      db_index=False)  # read by (project, source key)
    source_key = models.CharField(_("source key"), max_length=120, blank=True,
                                  help_text=_("identifies the line in its source file, so that "
                                              "importing it again adds nothing"))
    # A line is never deleted: a cancelled line leaves every total and stays visible, with
    # who cancelled it, when and why (services.cancel_expense).
    cancelled_at = models.DateTimeField(pgettext_lazy("ledger line", "cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("ledger line", "cancelled by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", db_index=False)  # partial index below
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True,
                                     db_default="")  # the bulk import writes its own columns

    objects = ActiveExpenses()       # what every total reads: the lines in force
    all_objects = models.Manager()   # the ledger's pages and histories: cancelled lines too

    class Meta:
        db_table = "core_expense"
        default_manager_name = "objects"
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["project", "source_key"], condition=~models.Q(source_key=""),
            name="expense_unique_source_key")]
        indexes = [
            models.Index(fields=["project", "date"], name="expense_project_date"),
            models.Index(fields=["supplier", "project"], name="expense_supplier_project"),
            # the ledger's "Cancelled lines" table: only cancelled lines are in it (an import
            # adds none)
            models.Index(fields=["project", "cancelled_at"], name="expense_cancelled",
                         condition=models.Q(cancelled_at__isnull=False)),
            # the credit notes (few): the ledger list's totals read them beside the buckets
            models.Index(fields=["project"], name="expense_credit_notes",
                         condition=models.Q(kind="credit_note")),
            models.Index(fields=["cancelled_by"], name="expense_cancelled_by",
                         condition=models.Q(cancelled_by__isnull=False)),
            models.Index(fields=["purchase_order"], name="expense_purchase_order",
                         condition=models.Q(purchase_order__isnull=False)),
            models.Index(fields=["employee"], name="expense_employee",
                         condition=models.Q(employee__isnull=False)),
        ]

    def clean(self) -> None:
        if self.kind in (self.Kind.INVOICE, self.Kind.CREDIT_NOTE) and (
                not self.supplier_id or not self.number):
            raise ValidationError(_("An invoice needs a supplier and a number."))
        if self.amount_excl_vat is not None:
            if self.kind == self.Kind.CREDIT_NOTE and self.amount_excl_vat >= 0:
                raise ValidationError({"amount_excl_vat": _(
                    "A credit note's amount is negative (it is stored as such).")})
            if self.kind != self.Kind.CREDIT_NOTE and self.amount_excl_vat < 0:
                raise ValidationError({"amount_excl_vat": _(
                    "An amount of zero or more: a negative amount is a credit note.")})

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({shown_money(self.amount_excl_vat)})"


class CreditAllocation(models.Model):
    """The part of a credit note taken off one invoice (montage.web.ledger.credits): one row
    for a credit note naming its invoice, one per invoice of the supplier's month otherwise.
    Kept when the credit note is cancelled (its history); only a credit note in force counts."""

    note = models.ForeignKey(Expense, on_delete=models.CASCADE, related_name="allocations")
    invoice = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="credited_by")
    amount = money_field(_("amount credited"))

    class Meta:
        verbose_name = _("credit allocation")
        verbose_name_plural = _("credit allocations")
        ordering = ["note", "pk"]


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
        db_table = "core_columnmapping"
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
        QUEUED = "queued", _("waiting for the worker")
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
                              default=Status.QUEUED)
    # the file as uploaded, which the worker reads (and a retry reads again)
    file = models.FileField(upload_to="ledger-imports/", max_length=200, blank=True)
    # written by the worker while the import runs (montage.web.ledger.jobs)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    lines_added = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    # an overlapping file: its rows already in the ledger are skipped, counted and named (the
    # first ALREADY_THERE_LISTED: file row, the line in the ledger, the import that added it)
    lines_already_there = models.PositiveIntegerField(default=0)
    already_there = models.JSONField(default=list, blank=True)
    # the very same file again (DUPLICATE): the import that added its lines
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "core_ledgerimport"
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
        db_table = "core_ledgerbucket"
        constraints = [models.UniqueConstraint(fields=["project", "key"],
                                               name="ledger_bucket_unique_key")]
