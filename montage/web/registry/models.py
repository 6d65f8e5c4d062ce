"""The registry: who logs in (organisations, memberships), the legal entities every desk shares
(companies: producers, suppliers, coproducers), people, works and their credits, the corrections
proposed to a record its owner keeps, and the audit trail.

One record per real thing: a company is the same row whether it appears as a producer in an
editor's investment, as a supplier on an invoice or as a coproducer in a fund file. Money is
`Decimal` (DecimalField, two decimals); rates are `Decimal` fractions. Every change of an amount,
a status or a decision is written to `AuditEntry` (see `audit.py`): models list those fields in
`AUDITED_FIELDS`. Tables keep their first names (`core_*`, `db_table`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.be import vat as be_vat


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """Euros and cents, never negative unless asked."""
    kwargs.setdefault("validators", [MinValueValidator(Decimal("0"))])
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class ActiveRecords(models.Manager):
    """The records in force: what every total, figure and export reads."""

    def get_queryset(self):
        return super().get_queryset().filter(cancelled_at__isnull=True)


class Cancellable(models.Model):
    """A record that is cancelled, never deleted once it counts (docs/web-fund.md and
    docs/web-production.md, "Corrections and cancellations"): it leaves every total (`objects`)
    and stays visible (`all_objects`) with who cancelled it, when and why
    (services.mark_cancelled). The ledger's `Expense` carries the same three fields."""

    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    objects = ActiveRecords()        # every total: the records in force
    all_objects = models.Manager()   # pages and histories: cancelled records too

    class Meta:
        abstract = True

    @property
    def dom_id(self) -> str:
        """Unique on a page listing records of several kinds ("enterprisemovement-12")."""
        return f"{self._meta.model_name}-{self.pk}"


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
        db_table = "core_organisation"
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
        db_table = "core_membership"
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
        db_table = "core_company"
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]

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
        db_table = "core_person"
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
        db_table = "core_work"
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
        db_table = "core_credit"
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [models.UniqueConstraint(fields=["work", "person", "role"],
                                               name="credit_unique")]


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
        db_table = "core_suppliercorrection"
        verbose_name = _("supplier correction")
        verbose_name_plural = _("supplier corrections")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.company} #{self.pk}"


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
        db_table = "core_auditentry"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
