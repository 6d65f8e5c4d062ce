"""The contribution obligation, step 1 (vade-mecum « Première étape »): the editor's profile and
services, each obligation year, the turnover declaration and its lines, the CSA's questions and
the attachments. Tables keep their first names (`core_*`, `db_table`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from montage.web.registry.models import Organisation, money_field


class EditorProfile(models.Model):
    """An editor organisation's regulatory profile (vade-mecum step 1, §3)."""

    AUDITED_FIELDS = ("establishment", "first_activity_day")

    class Establishment(models.TextChoices):
        LOCAL = "local", _("local (established in the FWB)")
        EXTERNAL = "external", _("external (targets the FWB from another EU state)")

    organisation = models.OneToOneField(Organisation, verbose_name=_("organisation"),
                                        primary_key=True, on_delete=models.CASCADE,
                                        related_name="editor_profile",
                                        limit_choices_to={"kind": Organisation.Kind.EDITOR})
    establishment = models.CharField(_("establishment"), max_length=10,
                                     choices=Establishment.choices)
    country = models.CharField(_("country of establishment"), max_length=2, default="BE")
    # The first year of activity has 30 days from this day to choose its form (step 1 §2).
    first_activity_day = models.DateField(_("first day of activity"), null=True, blank=True)

    class Meta:
        db_table = "core_editorprofile"
        verbose_name = _("editor profile")
        verbose_name_plural = _("editor profiles")

    def clean(self) -> None:
        if self.organisation.kind != Organisation.Kind.EDITOR:
            raise ValidationError(_("Only an editor organisation has an editor profile."))

    def __str__(self) -> str:
        return str(self.organisation)


class Service(models.Model):
    """A television service of an editor: linear (a channel) or non-linear (on demand)."""

    class Kind(models.TextChoices):
        LINEAR = "linear", _("linear")
        NON_LINEAR = "non_linear", _("non-linear")

    editor = models.ForeignKey(EditorProfile, verbose_name=_("editor"), on_delete=models.CASCADE,
                               related_name="services")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        db_table = "core_service"
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["editor", "name"],
                                               name="service_unique_name")]

    def __str__(self) -> str:
        return self.name


class ObligationYear(models.Model):
    """One editor's contribution obligation for one year: the file CSA and CCA work on."""

    class Form(models.TextChoices):
        PAYMENT = "payment", _("payment to the CCA")
        INVESTMENTS = "investments", _("investments")

    class ExemptionGround(models.TextChoices):
        TURNOVER = "turnover_below_threshold", _("eligible turnover below the threshold")
        AUDIENCE_LINEAR = "audience_linear", _("linear service audience share below the minimum")
        AUDIENCE_NON_LINEAR = "audience_non_linear", _("non-linear service audience share "
                                                       "below the minimum")
        FEW_WORKS = "few_works", _("audiovisual works below the minimum share")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DECLARED = "declared", _("turnover declared")
        FIXED = "fixed", _("amount fixed by the CSA")
        EXEMPT = "exempt", _("exempt")
        VALIDATED = "validated", _("validated by the CCA")
        CLOSED = "closed", _("closed")

    AUDITED_FIELDS = ("form", "turnover_estimate", "eligible_turnover", "amount",
                      "exemption_ground", "status", "investments_filed_on")

    editor = models.ForeignKey(EditorProfile, verbose_name=_("editor"), on_delete=models.PROTECT,
                               related_name="obligations")
    year = models.PositiveSmallIntegerField(_("obligation year"),
                                            validators=[MinValueValidator(2024),
                                                        MaxValueValidator(2100)])
    # Payment by default: an editor that files no choice by 15 February pays (step 1, deadline 1).
    form = models.CharField(_("form of contribution"), max_length=12, choices=Form.choices,
                            default=Form.PAYMENT)
    choice_filed_on = models.DateField(_("choice filed on"), null=True, blank=True)
    turnover_estimate = money_field(_("turnover estimate (year n−1)"), null=True, blank=True)
    eligible_turnover = money_field(_("eligible turnover fixed by the CSA"), null=True,
                                    blank=True)
    eligible_fixed_on = models.DateField(_("eligible turnover fixed on"), null=True, blank=True)
    amount = money_field(_("contribution amount notified"), null=True, blank=True)
    exemption_ground = models.CharField(_("exemption ground"), max_length=32, blank=True,
                                        choices=ExemptionGround.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)
    # The day the editor presented the year's investments to the CCA (step 2 §3, by 15
    # November): the calendar's step "investment_filing" is done on that day.
    investments_filed_on = models.DateField(_("investments presented to the CCA on"), null=True,
                                            blank=True)

    class Meta:
        db_table = "core_obligationyear"
        verbose_name = _("obligation year")
        verbose_name_plural = _("obligation years")
        ordering = ["-year", "editor__organisation__name"]
        constraints = [models.UniqueConstraint(fields=["editor", "year"],
                                               name="obligation_one_per_editor_year")]

    def get_exemption_ground_display(self) -> str:
        """The ground with the rate in force for the file's year (contribution/labels.py)."""
        from montage.web.contribution import labels

        if not self.exemption_ground:
            return ""
        return labels.label(self.exemption_ground,
                            self.ExemptionGround(self.exemption_ground).label,
                            datetime.date(self.year, 1, 1))

    def __str__(self) -> str:
        return f"{self.editor} {self.year}"

    @property
    def turnover_year(self) -> int:
        """The contribution of year n is computed on the turnover of year n−1."""
        return self.year - 1


class TurnoverDeclaration(models.Model):
    """The Formulaire CA (deadline 15 September): turnover of year n−1, by service and line."""

    class MarketBasis(models.TextChoices):
        FWB = "fwb", _("FWB market isolated")
        BRUSSELS_WHOLE = "brussels_whole", _("whole Brussels region (a share retained)")
        BELGIUM_WHOLE = "belgium_whole", _("whole of Belgium (a share retained)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted by the CSA")

    AUDITED_FIELDS = ("status",)

    obligation = models.OneToOneField(ObligationYear, verbose_name=_("obligation year"),
                                      on_delete=models.CASCADE, related_name="declaration")
    market_basis = models.CharField(_("market basis"), max_length=16,
                                    choices=MarketBasis.choices, default=MarketBasis.FWB)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)

    class Meta:
        db_table = "core_turnoverdeclaration"
        verbose_name = _("turnover declaration")
        verbose_name_plural = _("turnover declarations")

    def get_market_basis_display(self) -> str:
        """The basis with the share retained for the file's year (contribution/labels.py)."""
        from montage.web.contribution import labels

        return labels.label(self.market_basis, self.MarketBasis(self.market_basis).label,
                            datetime.date(self.obligation.year, 1, 1))

    def __str__(self) -> str:
        return f"{self.obligation} — {self.get_market_basis_display()}"


class TurnoverLine(models.Model):
    """One line of the Formulaire CA for one service. Confidential lines stay with the editor,
    the CSA and the CCA: they never appear in shared or committee views."""

    class Category(models.TextChoices):
        ADVERTISING = "advertising", _("advertising")
        SPONSORSHIP = "sponsorship", _("sponsorship")
        TELESHOPPING = "teleshopping", _("teleshopping")
        PRODUCT_PLACEMENT = "product_placement", _("product placement")
        OTHER_COMMERCIAL = "other_commercial_communication", _("other commercial communication")
        DISTRIBUTION_FEES = "distribution_fees", _("distribution fees")
        SUBSCRIPTIONS = "subscriptions", _("subscriptions")
        PROGRAMME_SALES = "programme_sales", _("programme sales")
        CALL_TV = "call_tv", _("call TV")
        OTHER_CONTENT = "other_content_revenue", _("other content revenue")

    class Market(models.TextChoices):
        # The engine's markets (montage.law.turnover): a local editor's, then an external one's.
        ALL = "all", _("all markets (local editor)")
        EU_CONTRIBUTING = "eu_contributing_state", _("EU state where the editor already "
                                                     "contributes (deducted)")
        FRENCH_LANGUAGE_REGION = "french_language_region", _("French-language region")
        BRUSSELS_FRANCOPHONE = "brussels_francophone", _("French-speaking public of Brussels")
        BRUSSELS_TOTAL = "brussels_total", _("whole Brussels-Capital Region (a share retained)")
        BELGIUM_TOTAL = "belgium_total", _("whole of Belgium (a share retained)")

    AUDITED_FIELDS = ("amount", "agency_commissions", "market")

    declaration = models.ForeignKey(TurnoverDeclaration, on_delete=models.CASCADE,
                                    related_name="lines")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="turnover_lines")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    market = models.CharField(_("market"), max_length=24, choices=Market.choices,
                              default=Market.ALL)
    amount = money_field(_("amount invoiced (excl. VAT)"))
    agency_commissions = money_field(_("ad-sales house commissions"), default=Decimal("0"))
    confidential = models.BooleanField(_("confidential"), default=False)

    class Meta:
        db_table = "core_turnoverline"
        verbose_name = _("turnover line")
        verbose_name_plural = _("turnover lines")
        ordering = ["service__name", "category", "market"]
        constraints = [models.UniqueConstraint(fields=["declaration", "service", "category",
                                                       "market"],
                                               name="turnover_line_unique")]

    def clean(self) -> None:
        if self.service_id and self.declaration_id and \
                self.service.editor_id != self.declaration.obligation.editor_id:
            raise ValidationError({"service": _("This service belongs to another editor.")})

    def get_market_display(self) -> str:
        """The market with the share retained (contribution/labels.py): for the file's year
        when the declaration is at hand, else today's."""
        from montage.web.contribution import labels

        declaration = self._state.fields_cache.get("declaration")
        obligation = declaration._state.fields_cache.get("obligation") if declaration else None
        on = datetime.date(obligation.year, 1, 1) if obligation else None
        return labels.label(self.market, self.Market(self.market).label, on)

    def __str__(self) -> str:
        return f"{self.service} — {self.get_category_display()}"


class ServiceYearFacts(models.Model):
    """A service's audience and airtime figures for an obligation year (step 1 §5 exemptions).
    Empty = not known: the exemption ground is then "not evaluated", never assumed."""

    AUDITED_FIELDS = ("audience_share", "audiovisual_works_share")
    obligation = models.ForeignKey(ObligationYear, on_delete=models.CASCADE,
                                   related_name="service_facts")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="year_facts")
    audience_share = models.DecimalField(_("audience share"), max_digits=7, decimal_places=6,
                                         null=True, blank=True,
                                         validators=[MinValueValidator(Decimal("0")),
                                                     MaxValueValidator(Decimal("1"))])
    audiovisual_works_share = models.DecimalField(_("share of audiovisual works in airtime"),
                                                  max_digits=7, decimal_places=6, null=True,
                                                  blank=True,
                                                  validators=[MinValueValidator(Decimal("0")),
                                                              MaxValueValidator(Decimal("1"))])

    class Meta:
        db_table = "core_serviceyearfacts"
        verbose_name = _("service figures of the year")
        verbose_name_plural = _("service figures of the year")
        constraints = [models.UniqueConstraint(fields=["obligation", "service"],
                                               name="service_facts_unique")]

    def __str__(self) -> str:
        return f"{self.service} — {self.obligation}"


class Question(models.Model):
    """A question the CSA (or CCA) asks about a file, and the editor's answer (step 1 §2)."""

    obligation = models.ForeignKey(ObligationYear, on_delete=models.CASCADE,
                                   related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="questions_asked")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    text = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="questions_answered")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        db_table = "core_question"
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_at"]


class Attachment(models.Model):
    """A document filed with an obligation file or an investment: accounts, attestations,
    contracts, the checklist documents of step 2 §3 (`checklist_key`)."""

    obligation = models.ForeignKey(ObligationYear, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="attachments")
    investment = models.ForeignKey("investments.Investment", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="attachments")
    checklist_key = models.CharField(_("checklist item"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to="attachments/%Y/")
    description = models.CharField(_("description"), max_length=200, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="attachments")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        db_table = "core_attachment"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(obligation__isnull=False) | models.Q(investment__isnull=False),
            name="attachment_has_a_subject")]
