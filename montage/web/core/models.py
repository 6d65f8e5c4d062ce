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
    # Supplier facts some financiers look at (Wallimage from 2025, screen.brussels).
    audiovisual_activity = models.BooleanField(
        _("audiovisual activity"), null=True, blank=True,
        help_text=_("whether the corporate purpose and NACE codes show an audiovisual activity; "
                    "empty when not established"))
    nace_codes = models.CharField(_("NACE codes"), max_length=100, blank=True)
    # Who edits its identity and seats (permissions.can_edit_supplier): the organisation that
    # recorded it; none for a shared record (a producer organisation's own company, the other
    # desks' records), which only a superuser edits. Others propose a correction.
    owner = models.ForeignKey("Organisation", verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_companies")

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
    # Domicile: decides the territory of a payroll line for Wallimage (DOMAIN.md, Territory).
    domicile_postal_code = models.CharField(_("domicile: postal code"), max_length=10,
                                            blank=True)
    domicile_country = models.CharField(_("domicile: country"), max_length=2, blank=True)
    # A person paid on payroll belongs to the employer organisation: only it sees and edits them
    # (permissions.people_for); none for a person only credited on works.
    owner = models.ForeignKey("Organisation", verbose_name=_("employer"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="payroll_people")

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
        DISTRIBUTION = "distribution", _("in distribution")
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

    class Market(models.TextChoices):
        # The engine's markets (montage.law.turnover): a local editor's, then an external one's.
        ALL = "all", _("all markets (local editor)")
        EU_CONTRIBUTING = "eu_contributing_state", _("EU state where the editor already "
                                                     "contributes (deducted)")
        FRENCH_LANGUAGE_REGION = "french_language_region", _("French-language region")
        BRUSSELS_FRANCOPHONE = "brussels_francophone", _("French-speaking public of Brussels")
        BRUSSELS_TOTAL = "brussels_total", _("whole Brussels-Capital Region (80 % retained)")
        BELGIUM_TOTAL = "belgium_total", _("whole of Belgium (39.5 % retained)")

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
    # The producer's ledger (area `production`): the project, the budget account, the person
    # paid on a payroll line, and the facts the financiers' rules look at (montage.finance).
    # project, purchase order, employee: indexed by the Meta indexes below (the (project, date)
    # index serves the project; the two others only where set); the import is not indexed:
    # every index costs on a large import
    project = models.ForeignKey("core.Project", verbose_name=_("project"), null=True,
                                blank=True, on_delete=models.CASCADE, related_name="expenses",
                                db_index=False)
    account = models.ForeignKey("core.Account", verbose_name=_("budget account"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="expenses")
    purchase_order = models.ForeignKey("core.PurchaseOrder", verbose_name=_("purchase order"),
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
    ledger_import = models.ForeignKey("core.LedgerImport", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="expenses",
                                      db_index=False)  # read by (project, source key)
    source_key = models.CharField(_("source key"), max_length=120, blank=True,
                                  help_text=_("identifies the line in its source file, so that "
                                              "importing it again adds nothing"))

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["project", "source_key"], condition=~models.Q(source_key=""),
            name="expense_unique_source_key")]
        indexes = [
            models.Index(fields=["project", "date"], name="expense_project_date"),
            models.Index(fields=["purchase_order"], name="expense_purchase_order",
                         condition=models.Q(purchase_order__isnull=False)),
            models.Index(fields=["employee"], name="expense_employee",
                         condition=models.Q(employee__isnull=False)),
        ]

    def clean(self) -> None:
        if self.kind == self.Kind.INVOICE and (not self.supplier_id or not self.number):
            raise ValidationError(_("An invoice needs a supplier and a number."))

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.amount_excl_vat})"


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
        verbose_name = _("service figures of the year")
        verbose_name_plural = _("service figures of the year")
        constraints = [models.UniqueConstraint(fields=["obligation", "service"],
                                               name="service_facts_unique")]


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
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["asked_at"]


class Attachment(models.Model):
    """A document filed with an obligation file or an investment: accounts, attestations,
    contracts, the checklist documents of step 2 §3 (`checklist_key`)."""

    obligation = models.ForeignKey(ObligationYear, null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="attachments")
    investment = models.ForeignKey("Investment", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="attachments")
    checklist_key = models.CharField(_("checklist item"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to="attachments/%Y/")
    description = models.CharField(_("description"), max_length=200, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="attachments")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(obligation__isnull=False) | models.Q(investment__isnull=False),
            name="attachment_has_a_subject")]


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


class IndependenceTurnover(models.Model):
    """The producer's turnover of one year and its sales of production to one editor."""

    assessment = models.ForeignKey(IndependenceAssessment, on_delete=models.CASCADE,
                                   related_name="turnover")
    year = models.PositiveSmallIntegerField(_("year"))
    total = money_field(_("total turnover"))
    editor_name = models.CharField(_("editor"), max_length=200, blank=True)
    sales_to_editor = money_field(_("sales of production to that editor"), default=Decimal("0"))


class SpilloverProof(models.Model):
    """One line of the Liste Preuves Invest: an expense shown as FWB spillover of an investment
    (step 2 §9). `missing_fields` lists the mandatory invoice mentions the CCA found absent."""

    AUDITED_FIELDS = ("amount", "missing_fields")
    investment = models.ForeignKey("Investment", on_delete=models.CASCADE,
                                   related_name="spillover_proofs")
    expense = models.ForeignKey("Expense", on_delete=models.PROTECT,
                                related_name="spillover_proofs")
    amount = money_field(_("amount shown (excl. VAT)"))
    missing_fields = models.JSONField(_("mandatory mentions missing"), default=list, blank=True)

    class Meta:
        verbose_name = _("spillover proof")
        verbose_name_plural = _("spillover proofs")
        constraints = [models.UniqueConstraint(fields=["investment", "expense"],
                                               name="spillover_proof_once")]


class Payment(models.Model):
    """Money owed to the CCA: the obligation in payment form, an expired shortfall, an
    unreassigned unrealised project or the presumed amount; its letter, due date, payment."""

    class Reason(models.TextChoices):
        OBLIGATION = "obligation", _("contribution in payment form")
        PRESUMED = "presumed", _("presumed contribution (information late)")
        SHORTFALL = "shortfall", _("shortfall not executed within the smoothing period")
        UNREALISED = "unrealised", _("unrealised project not reassigned")

    AUDITED_FIELDS = ("amount", "letter_sent_on", "paid_on", "paid_amount")
    obligation = models.ForeignKey(ObligationYear, on_delete=models.PROTECT,
                                   related_name="payments")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    amount = money_field(_("amount due"))
    letter_sent_on = models.DateField(_("payment letter sent on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = money_field(_("amount paid"), null=True, blank=True)
    communication = models.CharField(_("structured communication"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("payment to the CCA")
        verbose_name_plural = _("payments to the CCA")
        ordering = ["due_on", "pk"]


class CommitteeMeeting(models.Model):
    """The yearly accompanying committee of an editor (step 2 §10): date and opinion."""

    editor = models.ForeignKey(EditorProfile, on_delete=models.PROTECT,
                               related_name="committee_meetings")
    year = models.PositiveSmallIntegerField(_("obligation year"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    opinion = models.TextField(_("opinion of the committee"), blank=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [models.UniqueConstraint(fields=["editor", "year"],
                                               name="committee_one_per_year")]


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


# The regional fund's working records (area fund): funding lines, calls, applications,
# decisions, commitments, tranches. Kept in their own module, models of this same app.
from montage.web.core.fund_models import (Application, Call, Commitment, Decision,  # noqa: E402,F401
                                          FundingLine, FundingLineEnvelope, Tranche)

# The producer's working records (area production): projects, budgets, financing plans, imports,
# ledger buckets. Kept in their own module, models of this same app.
from montage.web.core.production_models import (Account, BudgetLine, BudgetVersion,  # noqa: E402,F401
                                                ColumnMapping, CoproductionShare,
                                                FinancingSource, FinancingTranche, FringeRate,
                                                LedgerBucket, LedgerImport, Project,
                                                PurchaseOrder, SupplierCorrection)
