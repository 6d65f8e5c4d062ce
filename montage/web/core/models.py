"""The data model shared by the five desks (editor, producer, CSA, CCA, regional fund).

One record per real thing: a company is the same row whether it appears as a producer in an
editor's investment, as a supplier on an invoice or as a coproducer in a fund file. Money is
`Decimal` (DecimalField, two decimals); rates are `Decimal` fractions with four decimals.
Every change of an amount, a status or a decision is written to `AuditEntry` (see `audit.py`):
models list those fields in `AUDITED_FIELDS`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat as be_vat


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """Euros and cents, never negative unless asked."""
    kwargs.setdefault("validators", [MinValueValidator(Decimal("0"))])
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def validate_enterprise_number(value: str) -> None:
    """Belgian enterprise number (BCE/KBO), e.g. 0220.916.609; check digits verified."""
    if value and not be_vat.is_valid(value):
        raise ValidationError(_("%(value)s is not a valid Belgian enterprise number."),
                              params={"value": value})


class Organisation(models.Model):
    """Who logs in: an editor, a producer, the CSA, the CCA or a regional fund."""

    class Kind(models.TextChoices):
        EDITOR = "editor", _("service editor")
        PRODUCER = "producer", _("producer")
        CSA = "csa", _("CSA (regulator)")
        CCA = "cca", _("CCA (film administration)")
        FUND = "fund", _("regional fund")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    enterprise_number = models.CharField(_("enterprise number"), max_length=20, blank=True,
                                         validators=[validate_enterprise_number])
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    # A producer organisation is also a legal entity in the company register: this is how a
    # producer's users find the works and investments where their company is the producer.
    company = models.OneToOneField("Company", verbose_name=_("company"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="organisation")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in an organisation. A user may hold several."""

    class Role(models.TextChoices):
        EDITOR_OFFICER = "editor_officer", _("editor compliance officer")
        PRODUCER_MANAGER = "producer_manager", _("producer manager")
        CSA_ANALYST = "csa_analyst", _("CSA analyst")
        CCA_ANALYST = "cca_analyst", _("CCA analyst")
        FUND_ANALYST = "fund_analyst", _("fund analyst")
        FUND_BOARD = "fund_board", _("fund board member")
        ADMIN = "admin", _("organisation administrator")

    # Which roles make sense in which kind of organisation ("admin" fits every kind).
    ROLES_BY_KIND = {
        Organisation.Kind.EDITOR: {Role.EDITOR_OFFICER},
        Organisation.Kind.PRODUCER: {Role.PRODUCER_MANAGER},
        Organisation.Kind.CSA: {Role.CSA_ANALYST},
        Organisation.Kind.CCA: {Role.CCA_ANALYST},
        Organisation.Kind.FUND: {Role.FUND_ANALYST, Role.FUND_BOARD},
    }

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"],
                                               name="membership_unique")]

    def clean(self) -> None:
        allowed = self.ROLES_BY_KIND.get(self.organisation.kind, set()) | {self.Role.ADMIN}
        if self.role not in allowed:
            raise ValidationError({"role": _("This role does not exist in this kind of "
                                             "organisation.")})

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"


class Company(models.Model):
    """A legal entity: producer, supplier, coproducer. One record whatever desk uses it.

    Both seats are kept: the FWB spillover accepts either in its territory, screen.brussels asks
    both in the 19 municipalities (DOMAIN.md, Territory). The postal code decides the territory.
    """

    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(_("enterprise number"), max_length=20, blank=True,
                                         validators=[validate_enterprise_number])
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE",
                               help_text=_("ISO 3166 code of the registered seat"))
    registered_street = models.CharField(_("registered seat: street"), max_length=200,
                                         blank=True)
    registered_postal_code = models.CharField(_("registered seat: postal code"), max_length=10)
    registered_city = models.CharField(_("registered seat: city"), max_length=100, blank=True)
    operating_street = models.CharField(_("operating seat: street"), max_length=200, blank=True)
    operating_postal_code = models.CharField(_("operating seat: postal code"), max_length=10,
                                             blank=True)
    operating_city = models.CharField(_("operating seat: city"), max_length=100, blank=True)
    operating_country = models.CharField(_("operating seat: country"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EditorProfile(models.Model):
    """An editor organisation's regulatory profile (vade-mecum step 1, §3)."""

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

    class Meta:
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
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["editor", "name"],
                                               name="service_unique_name")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A natural person credited on a work (director, screenwriter…). Unknown stays null."""

    class Gender(models.TextChoices):
        FEMALE = "f", _("female")
        MALE = "m", _("male")
        OTHER = "x", _("other")

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    nationality = models.CharField(_("nationality"), max_length=2, null=True, blank=True,
                                   help_text=_("ISO 3166 code; empty when unknown"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, null=True,
                              blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Work(models.Model):
    """An œuvre or a programme."""

    class Type(models.TextChoices):
        FEATURE = "feature", _("feature film")
        SERIES = "series", _("series")
        DOCUMENTARY = "documentary", _("documentary")
        ANIMATION = "animation", _("animation")
        FORMAT = "format", _("programme format")
        SHORT = "short", _("short film")
        VIDEO_GAME = "video_game", _("video game")

    class Initiative(models.TextChoices):
        BELGIUM = "belgium", _("Belgian French-speaking initiative")
        FRANCE = "france", _("French initiative")
        OTHER = "other", _("other initiative")

    class Status(models.TextChoices):
        DEVELOPMENT = "development", _("in development")
        PRODUCTION = "production", _("in production")
        POST_PRODUCTION = "post_production", _("in post-production")
        COMPLETED = "completed", _("completed")
        ABANDONED = "abandoned", _("abandoned")

    AUDITED_FIELDS = ("status",)

    title = models.CharField(_("title"), max_length=300)
    work_type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    genre = models.CharField(_("genre"), max_length=100, blank=True,
                             help_text=_("e.g. fiction, comedy, heritage documentary"))
    initiative = models.CharField(_("initiative"), max_length=10, choices=Initiative.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.DEVELOPMENT)
    producer = models.ForeignKey(Company, verbose_name=_("delegate producer"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="works")
    people = models.ManyToManyField(Person, through="Credit", verbose_name=_("people"),
                                    blank=True)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Credit(models.Model):
    """A person's role on a work."""

    class Role(models.TextChoices):
        DIRECTOR = "director", _("director")
        SCREENWRITER = "screenwriter", _("screenwriter")
        PRODUCER = "producer", _("producer")
        COMPOSER = "composer", _("composer")
        OTHER = "other", _("other")

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [models.UniqueConstraint(fields=["work", "person", "role"],
                                               name="credit_unique")]


class ObligationYear(models.Model):
    """One editor's contribution obligation for one year: the file CSA and CCA work on."""

    class Form(models.TextChoices):
        PAYMENT = "payment", _("payment to the CCA")
        INVESTMENTS = "investments", _("investments")

    class ExemptionGround(models.TextChoices):
        TURNOVER = "turnover_below_threshold", _("eligible turnover below the threshold")
        AUDIENCE_LINEAR = "audience_linear", _("linear service audience share below 2 %")
        AUDIENCE_NON_LINEAR = "audience_non_linear", _("non-linear service audience share "
                                                       "below 1 %")
        FEW_WORKS = "few_works", _("less than 10 % of audiovisual works broadcast")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DECLARED = "declared", _("turnover declared")
        FIXED = "fixed", _("amount fixed by the CSA")
        EXEMPT = "exempt", _("exempt")
        VALIDATED = "validated", _("validated by the CCA")
        CLOSED = "closed", _("closed")

    AUDITED_FIELDS = ("form", "turnover_estimate", "eligible_turnover", "amount",
                      "exemption_ground", "status")

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

    class Meta:
        verbose_name = _("obligation year")
        verbose_name_plural = _("obligation years")
        ordering = ["-year", "editor__organisation__name"]
        constraints = [models.UniqueConstraint(fields=["editor", "year"],
                                               name="obligation_one_per_editor_year")]

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
        BRUSSELS_WHOLE = "brussels_whole", _("whole Brussels region (80 % retained)")
        BELGIUM_WHOLE = "belgium_whole", _("whole of Belgium (39.5 % retained)")

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
        verbose_name = _("turnover declaration")
        verbose_name_plural = _("turnover declarations")

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

    AUDITED_FIELDS = ("amount",)

    declaration = models.ForeignKey(TurnoverDeclaration, on_delete=models.CASCADE,
                                    related_name="lines")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="turnover_lines")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    amount = money_field(_("amount (excl. VAT, net of agency commissions)"))
    confidential = models.BooleanField(_("confidential"), default=False)

    class Meta:
        verbose_name = _("turnover line")
        verbose_name_plural = _("turnover lines")
        ordering = ["service__name", "category"]
        constraints = [models.UniqueConstraint(fields=["declaration", "service", "category"],
                                               name="turnover_line_unique")]

    def clean(self) -> None:
        if self.service_id and self.declaration_id and \
                self.service.editor_id != self.declaration.obligation.editor_id:
            raise ValidationError({"service": _("This service belongs to another editor.")})

    def __str__(self) -> str:
        return f"{self.service} — {self.get_category_display()}"


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

    AUDITED_FIELDS = ("amount", "category", "status", "obligation_id")

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

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["obligation__year", "category", "pk"]

    def clean(self) -> None:
        if self.obligation_id and self.editor_id and self.obligation.editor_id != self.editor_id:
            raise ValidationError({"obligation": _("This obligation year belongs to another "
                                                   "editor.")})

    def __str__(self) -> str:
        return f"{self.get_category_display()} — {self.work or ''} ({self.amount})"


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

    AUDITED_FIELDS = ("amount_excl_vat", "vat_rate", "kind")

    owner = models.ForeignKey(Organisation, verbose_name=_("recorded by"),
                              on_delete=models.PROTECT, related_name="expenses")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INVOICE)
    supplier = models.ForeignKey(Company, verbose_name=_("supplier"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="expenses")
    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.PROTECT,
                             related_name="expenses")
    date = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=50, blank=True)
    amount_excl_vat = money_field(_("amount excl. VAT"))
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=4,
                                   default=Decimal("0.21"),
                                   validators=[MinValueValidator(Decimal("0")),
                                               MaxValueValidator(Decimal("1"))],
                                   help_text=_("a fraction: 0.21 for 21 %"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["date", "pk"]

    def clean(self) -> None:
        if self.kind == self.Kind.INVOICE and (not self.supplier_id or not self.number):
            raise ValidationError(_("An invoice needs a supplier and a number."))

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.amount_excl_vat})"


class AuditEntry(models.Model):
    """One change of an amount, a status or a decision: what, from what to what, who, when."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        DECISION = "decision", _("decision")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(_("by (as recorded)"), max_length=150)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("object"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    field = models.CharField(_("field"), max_length=50, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
