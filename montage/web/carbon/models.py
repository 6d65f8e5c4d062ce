"""A production's carbon footprint records (docs/web-carbon.md): its activity data, the
spend-based factors its producer entered, the post of a budget account or ledger line when it is
not the default one, the green plan (green manager, protocol or certification) and the reduction
actions. The footprint itself is computed (services.footprint), never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from montage.web.registry.models import Cancellable

POSTS = [("locations", _("Locations")), ("production", _("Production")),
         ("hmc", _("HMC (hair, make-up, costumes)")), ("post_production", _("Post-production")),
         ("sets", _("Sets")), ("regie", _("Unit services (régie)")),
         ("transport", _("Transport")), ("technical", _("Technical means"))]
PHASES = [("preparation", _("preparation")), ("shooting", _("shooting")),
          ("post_production", _("post-production"))]
UNITS = [("litre", _("litres")), ("km", _("km")), ("passenger_km", _("passenger.km")),
         ("room_night", _("room nights")), ("kwh", _("kWh")), ("tonne", _("tonnes")),
         ("kg", _("kg")), ("meal", _("meals")), ("day", _("days"))]


class Basis(models.TextChoices):
    FORECAST = "forecast", _("forecast")
    ACTUAL = "actual", _("actual")


class Activity(Cancellable):
    """A quantity of activity (litres, km, nights, kWh, kg…) of a project, forecast or actual,
    with a shipped factor (`factor_code`) or a factor the producer entered with its source. An
    actual activity may measure a ledger line (`expense`), a forecast one a budget line: that line
    then counts by its activity, not by its spend."""

    AUDITED_FIELDS = ("quantity", "unit", "factor_code", "user_factor", "post", "phase")

    project = models.ForeignKey("production.Project", on_delete=models.CASCADE,
                                related_name="carbon_activities")
    basis = models.CharField(_("footprint"), max_length=8, choices=Basis.choices)
    phase = models.CharField(_("phase"), max_length=16, choices=PHASES)
    post = models.CharField(_("post"), max_length=16, choices=POSTS)
    label = models.CharField(_("description"), max_length=200)
    date = models.DateField(_("date"))
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=16, choices=UNITS)
    factor_code = models.CharField(_("emission factor"), max_length=60, blank=True)
    user_factor = models.DecimalField(_("factor entered (kg CO2e per unit)"), max_digits=14,
                                      decimal_places=6, null=True, blank=True)
    user_factor_source = models.CharField(_("source of the factor entered"), max_length=300,
                                          blank=True)
    expense = models.ForeignKey("ledger.Expense", verbose_name=_("ledger line measured"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="carbon_activities")
    budget_line = models.ForeignKey("production.BudgetLine", verbose_name=_("budget line measured"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="carbon_activities")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["basis", "date", "pk"]

    def __str__(self) -> str:
        return self.label


class SpendFactor(models.Model):
    """kg CO2e per euro for one post of one project, entered with its source (Montage ships
    none): what a budget or ledger line without activity data counts by, marked as an estimate."""

    AUDITED_FIELDS = ("value", "source")

    project = models.ForeignKey("production.Project", on_delete=models.CASCADE,
                                related_name="carbon_spend_factors")
    post = models.CharField(_("post"), max_length=16, choices=POSTS)
    value = models.DecimalField(_("kg CO2e per euro"), max_digits=12, decimal_places=6)
    source = models.CharField(_("source"), max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("spend-based factor")
        verbose_name_plural = _("spend-based factors")
        ordering = ["post"]
        constraints = [models.UniqueConstraint(fields=["project", "post"],
                                               name="carbon_spend_factor_unique_post")]


class PostOverride(models.Model):
    """The post of a budget account, or of one ledger line, when it is not the default one
    (montage/finance/data/carbon_posts.csv)."""

    AUDITED_FIELDS = ("post",)

    project = models.ForeignKey("production.Project", on_delete=models.CASCADE,
                                related_name="carbon_post_overrides")
    account = models.ForeignKey("production.Account", verbose_name=_("budget account"), null=True,
                                blank=True, on_delete=models.CASCADE, related_name="+")
    expense = models.ForeignKey("ledger.Expense", verbose_name=_("ledger line"), null=True,
                                blank=True, on_delete=models.CASCADE, related_name="+")
    post = models.CharField(_("post"), max_length=16, choices=POSTS)

    class Meta:
        verbose_name = _("post of an account or line")
        constraints = [
            models.UniqueConstraint(fields=["account"], condition=models.Q(account__isnull=False),
                                    name="carbon_override_unique_account"),
            models.UniqueConstraint(fields=["expense"], condition=models.Q(expense__isnull=False),
                                    name="carbon_override_unique_expense"),
            models.CheckConstraint(condition=models.Q(account__isnull=True) ^ models.Q(
                expense__isnull=True), name="carbon_override_account_or_expense")]


class GreenPlan(models.Model):
    """A project's green manager and its protocol or certification."""

    class Scheme(models.TextChoices):
        ECOPROD = "ecoprod", _("Ecoprod label (France)")
        GREEN_MOTION = "green_motion", _("Green Motion label (Germany)")
        GREEN_FILM = "green_film", _("Green Film (Italy)")
        OTHER = "other", _("another protocol")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        CERTIFIED = "certified", _("certified")
        REFUSED = "refused", pgettext_lazy("certification", "refused")

    AUDITED_FIELDS = ("green_manager", "scheme", "status", "certified_on", "valid_until")

    project = models.OneToOneField("production.Project", on_delete=models.CASCADE,
                                   related_name="green_plan")
    green_manager = models.CharField(_("green manager"), max_length=200, blank=True)
    scheme = models.CharField(_("protocol or certification"), max_length=16,
                              choices=Scheme.choices, blank=True)
    scheme_other = models.CharField(_("other protocol (name)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.CharField(_("certificate (reference or address)"), max_length=300,
                                blank=True)
    certificate = models.FileField(_("certificate (PDF)"), upload_to="carbon-certificates/%Y/",
                                   max_length=200, blank=True)
    certificate_uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                on_delete=models.SET_NULL, related_name="+")
    certificate_uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("green plan")


class ReductionAction(Cancellable):
    """An action of the green plan and its estimated reduction, in kg CO2e."""

    AUDITED_FIELDS = ("estimated_reduction_kg",)

    project = models.ForeignKey("production.Project", on_delete=models.CASCADE,
                                related_name="carbon_actions")
    post = models.CharField(_("post"), max_length=16, choices=POSTS)
    label = models.CharField(_("action"), max_length=300)
    estimated_reduction_kg = models.DecimalField(_("estimated reduction (kg CO2e)"),
                                                 max_digits=14, decimal_places=3)
    basis = models.CharField(_("how it is estimated"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reduction action")
        ordering = ["pk"]


def projects_of_fund(fund_organisation_id: int):
    """The projects the fund supports or is asked to: their work applied to one of the fund's
    calls, or their financing plan names the fund as financier."""
    from django.db.models import Q

    from montage.web.fund.models import Application
    from montage.web.production.models import Project

    works = Application.objects.filter(
        call__funding_line__organisation_id=fund_organisation_id).values("work_id")
    return Project.objects.filter(
        Q(work_id__in=works) | Q(sources__financier_id=fund_organisation_id,
                                 sources__cancelled_at__isnull=True)).distinct().select_related(
        "work", "owner").order_by("work__title")
