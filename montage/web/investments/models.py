"""The contribution obligation, step 2 (« Deuxième étape »): the editor's investments in works,
the producers' independence, the spillover proofs (retombées), payments to the CCA and the
committee's meetings. Tables keep their first names (`core_*`, `db_table`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from montage.web.core.templatetags.montage import shown_money

from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.registry.models import Company, Work, money_field


class Investment(models.Model):
    """An editor's investment presented to the CCA (vade-mecum step 2)."""

    class Category(models.TextChoices):
        COPRODUCTION = "coproduction", _("coproduction")
        PREPURCHASE = "prepurchase", _("pre-purchase")
        COMMISSION_PRODUCTION = "commission_production", _("programme commission: production")
        COMMISSION_DEVELOPMENT = "commission_development", _("programme commission: writing "
                                                             "and development")
        WRITING_DEVELOPMENT = "writing_development", _("writing and development of a work")
        TRAINING = "training", _("professional training")
        ACCESSIBILITY = "accessibility", _("accessibility")
        DUBBING_SUBTITLING = "dubbing_subtitling", _("dubbing and subtitling")

    class Document(models.TextChoices):
        CONTRACT = "contract", _("signed contract")
        COMMITMENT_LETTER = "commitment_letter", _("commitment letter")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        UNREALISED = "unrealised", _("unrealised")
        CANCELLED = "cancelled", _("cancelled")

    class Genre(models.TextChoices):
        # Programme commissions only (vade-mecum annex 1 a-g); empty = an ordinary programme.
        GAME_SHOW = "game_show", _("game show")
        NEWS = "news", _("news")
        REALITY_TV = "reality_tv", _("reality TV")
        SPORTS_EVENT = "sports_event", _("sports event")
        COMMERCIAL = "commercial_communication", _("commercial communication")
        PAID_INTERACTION = "paid_interaction", _("paid user interaction")
        AUDIOVISUAL_WORK = "audiovisual_work", _("audiovisual work")

    AUDITED_FIELDS = ("amount", "category", "status", "obligation_id", "justified_amount",
                      "fwb_initiative")

    editor = models.ForeignKey(EditorProfile, verbose_name=_("editor"), on_delete=models.PROTECT,
                               related_name="investments")
    obligation = models.ForeignKey(ObligationYear, verbose_name=_("obligation year"),
                                   on_delete=models.PROTECT, related_name="investments")
    work = models.ForeignKey(Work, verbose_name=_("work"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="investments",
                             help_text=_("empty for training and other non-work investments"))
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    producer = models.ForeignKey(Company, verbose_name=_("producer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="investments")
    fwb_initiative = models.BooleanField(_("Belgian French-speaking initiative"), default=False)
    document = models.CharField(_("document"), max_length=20, choices=Document.choices,
                                default=Document.CONTRACT)
    document_date = models.DateField(_("contract or commitment letter date"), null=True,
                                     blank=True)
    amount = money_field(_("amount"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.ACTIVE)
    confidential = models.BooleanField(_("confidential"), default=False)
    genre = models.CharField(_("programme genre"), max_length=32, choices=Genre.choices,
                             blank=True)
    promotes_fwb_artists_or_heritage = models.BooleanField(
        _("main purpose: FWB artists or cultural heritage"), default=False)
    delegated_to = models.CharField(_("made by a third party"), max_length=200, blank=True,
                                    help_text=_("vade-mecum step 2 §7"))
    counted_under_other_obligation = models.BooleanField(
        _("already counted under another legal obligation"), default=False)
    legal_advantage = models.BooleanField(_("benefits from a legal advantage (Tax Shelter…)"),
                                          default=False)
    justified_amount = money_field(_("contractually justified amount (unrealised project)"),
                                   null=True, blank=True)
    decision_date = models.DateField(_("initial decision date"), null=True, blank=True,
                                     help_text=_("starts the 3-year reassignment window of an "
                                                 "unrealised project; contract date when empty"))
    reassigned_from = models.ForeignKey("self", verbose_name=_("reassigns the unrealised "
                                                               "investment"),
                                        null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="reassignments")

    class Meta:
        db_table = "core_investment"
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["obligation__year", "category", "pk"]

    def clean(self) -> None:
        if self.obligation_id and self.editor_id and self.obligation.editor_id != self.editor_id:
            raise ValidationError({"obligation": _("This obligation year belongs to another "
                                                   "editor.")})

    def __str__(self) -> str:
        return f"{self.get_category_display()} — {self.work or ''} ({shown_money(self.amount)})"


class IndependenceAssessment(models.Model):
    """The figures proving a producer company independent (step 2 §4, annex 1), as of a year."""

    company = models.ForeignKey(Company, verbose_name=_("producer"), on_delete=models.CASCADE,
                                related_name="independence_assessments")
    reference_year = models.PositiveSmallIntegerField(_("reference year"))
    established_in_eu = models.BooleanField(_("established in an EU member state"), null=True)
    separate_legal_personality = models.BooleanField(
        _("legal personality distinct from an editor's"), null=True)
    largest_share_in_an_editor = models.DecimalField(
        _("largest share held in an editor"), max_digits=7, decimal_places=6, null=True,
        blank=True)

    class Meta:
        db_table = "core_independenceassessment"
        verbose_name = _("independence assessment")
        verbose_name_plural = _("independence assessments")
        constraints = [models.UniqueConstraint(fields=["company", "reference_year"],
                                               name="independence_one_per_year")]


class IndependenceShareholder(models.Model):
    assessment = models.ForeignKey(IndependenceAssessment, on_delete=models.CASCADE,
                                   related_name="shareholders")
    name = models.CharField(_("shareholder"), max_length=200)
    share = models.DecimalField(_("share of the producer's capital"), max_digits=7,
                                decimal_places=6)
    is_editor = models.BooleanField(_("is a service editor"), default=False)
    share_in_an_editor = models.DecimalField(_("largest share it holds in an editor"),
                                             max_digits=7, decimal_places=6,
                                             default=Decimal("0"))

    class Meta:
        db_table = "core_independenceshareholder"


class IndependenceTurnover(models.Model):
    """The producer's turnover of one year and its sales of production to one editor."""

    assessment = models.ForeignKey(IndependenceAssessment, on_delete=models.CASCADE,
                                   related_name="turnover")
    year = models.PositiveSmallIntegerField(_("year"))
    total = money_field(_("total turnover"))
    editor_name = models.CharField(_("editor"), max_length=200, blank=True)
    sales_to_editor = money_field(_("sales of production to that editor"), default=Decimal("0"))

    class Meta:
        db_table = "core_independenceturnover"


class SpilloverProof(models.Model):
    """One line of the Liste Preuves Invest: an expense shown as FWB spillover of an investment
    (step 2 §9). `missing_fields` lists the mandatory invoice mentions the CCA found absent."""

    AUDITED_FIELDS = ("amount", "missing_fields")
    investment = models.ForeignKey("Investment", on_delete=models.CASCADE,
                                   related_name="spillover_proofs")
    expense = models.ForeignKey("ledger.Expense", on_delete=models.PROTECT,
                                related_name="spillover_proofs")
    amount = money_field(_("amount shown (excl. VAT)"))
    missing_fields = models.JSONField(_("mandatory mentions missing"), default=list, blank=True)

    class Meta:
        db_table = "core_spilloverproof"
        verbose_name = _("spillover proof")
        verbose_name_plural = _("spillover proofs")
        constraints = [models.UniqueConstraint(fields=["investment", "expense"],
                                               name="spillover_proof_once")]


class ActivePayments(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_on__isnull=True)


class Payment(models.Model):
    """Money owed to the CCA: the obligation in payment form, an expired shortfall, an
    unreassigned unrealised project or the presumed amount; its letter, due date, payment."""

    class Reason(models.TextChoices):
        OBLIGATION = "obligation", _("contribution in payment form")
        PRESUMED = "presumed", _("presumed contribution (information late)")
        SHORTFALL = "shortfall", _("shortfall not executed within the smoothing period")
        UNREALISED = "unrealised", _("unrealised project not reassigned")

    AUDITED_FIELDS = ("amount", "letter_sent_on", "paid_on", "paid_amount", "withdrawn_on")
    obligation = models.ForeignKey(ObligationYear, on_delete=models.PROTECT,
                                   related_name="payments")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    amount = money_field(_("amount due"))
    letter_sent_on = models.DateField(_("payment letter sent on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = money_field(_("amount paid"), null=True, blank=True)
    communication = models.CharField(_("structured communication"), max_length=40, blank=True)
    # A payment is never deleted: one no longer owed (the presumed amount once the CSA has
    # decided, step 1 §2) is withdrawn, with the day and why, and stays in the file's history.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)

    objects = ActivePayments()       # what is owed: every list, total and API
    all_objects = models.Manager()   # the file's history: withdrawn payments too

    class Meta:
        db_table = "core_payment"
        verbose_name = _("payment to the CCA")
        verbose_name_plural = _("payments to the CCA")
        ordering = ["due_on", "pk"]

    def clean(self) -> None:
        """The letter follows the decision it carries out (the CSA's fixing of the file); the
        due date and the payment follow the letter."""
        from montage.web.registry import order

        order.check_dates(self, "letter_sent_on", "due_on")
        order.check_dates(self, "letter_sent_on", "paid_on")
        obligation = self._state.fields_cache.get("obligation")
        fixed = obligation.eligible_fixed_on if obligation is not None else None
        if (fixed and self.reason == self.Reason.OBLIGATION and self.letter_sent_on
                and self.letter_sent_on < fixed):
            raise ValidationError({"letter_sent_on": order.out_of_order(
                order.quoted(self._meta.get_field("letter_sent_on").verbose_name),
                self.letter_sent_on, order.quoted(_("the CSA's decision")), fixed)})


class CommitteeMeeting(models.Model):
    """The yearly accompanying committee of an editor (step 2 §10): date and opinion."""

    editor = models.ForeignKey(EditorProfile, on_delete=models.PROTECT,
                               related_name="committee_meetings")
    year = models.PositiveSmallIntegerField(_("obligation year"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    opinion = models.TextField(_("opinion of the committee"), blank=True)

    class Meta:
        db_table = "core_committeemeeting"
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [models.UniqueConstraint(fields=["editor", "year"],
                                               name="committee_one_per_year")]


class ProofList(models.Model):
    """The Liste Preuves Invest of a linked investment as its producer shared it: the lines of
    the producer's ledger the FWB-spillover rule retained for the work at `as_of`, frozen with
    their verdicts, the rule's figures (required, counted, still missing, the three-year
    deadline) and a checksum of the lines. The editor and the CCA see these lines, never the
    rest of the ledger (docs/web-desks.md)."""

    investment = models.ForeignKey(Investment, verbose_name=_("investment"),
                                   on_delete=models.PROTECT, related_name="proof_lists")
    as_of = models.DateField(_("ledger as of"))
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("shared by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(_("shared at"), auto_now_add=True)
    required = money_field(_("spillover required"))
    counted = money_field(_("spillover counted"))
    missing = money_field(_("still missing"))
    deadline = models.DateField(_("three years after the contract"), null=True, blank=True)
    spillover_status = models.CharField(_("status"), max_length=20, blank=True)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    # the captions in the application's other languages (fund.services.in_reader_language)
    words = models.JSONField(_("captions in the other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("shared proof list")
        verbose_name_plural = _("shared proof lists")
        ordering = ["investment", "-shared_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.investment_id} — {self.as_of:%d/%m/%Y}"


class ProofListLine(models.Model):
    """One line of a shared proof list, as the ledger's rule retained it."""

    proof_list = models.ForeignKey(ProofList, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("line"))
    expense_ref = models.CharField(_("ledger line"), max_length=40)
    number = models.CharField(_("invoice number"), max_length=100, blank=True)
    supplier = models.CharField(_("supplier"), max_length=300, blank=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    account = models.CharField(_("account"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    amount = money_field(_("amount excl. VAT"))
    counted = money_field(_("counted"))
    verdict = models.TextField(_("verdict"), blank=True)

    class Meta:
        verbose_name = _("proof list line")
        verbose_name_plural = _("proof list lines")
        ordering = ["proof_list", "position"]
