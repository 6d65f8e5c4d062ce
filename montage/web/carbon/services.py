"""The carbon footprint's one bridge from the records to montage.finance.carbon, and the one
writer of its records (docs/web-carbon.md).

- Forecast: the forecast activities, then every line of the current budget that no forecast
  activity measures, by its spend (its amount × the post's spend-based factor).
- Actual: the actual activities, then every ledger line in force that no actual activity
  measures, by its spend.
A line's post is its own override, else its account's, else the default of its account code
(montage/finance/data/carbon_posts.csv). Spend without a spend-based factor for its post is not
counted: the footprint lists it as such, never as zero emissions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from montage.errors import InputError
from montage.finance import carbon
from montage.finance.obligations import default_parameters
from montage.web.carbon.models import (PHASES, POSTS, Activity, Basis, GreenPlan, PostOverride,
                                       ReductionAction, SpendFactor, projects_of_fund)
from montage.web.registry.services import Refused, mark_cancelled

ZERO = Decimal(0)


@dataclass
class Uncounted:
    """Spend of one post and phase that no factor covers: listed, not counted."""

    post: str
    phase: str
    amount: Decimal
    lines: int

    @property
    def post_name(self) -> str:
        return dict(POSTS)[self.post]

    @property
    def phase_name(self) -> str:
        return dict(PHASES)[self.phase]


@dataclass
class ProjectFootprint:
    project: object
    basis: str
    result: carbon.Footprint
    uncounted: list[Uncounted] = field(default_factory=list)

    @property
    def posts(self) -> list[dict]:
        """Each post with its kg, tonnes and share of the total, in the report's order."""
        total = self.result.total_kg
        names = dict(POSTS)
        return [{"post": post, "name": names[post], "kg": kg, "t": carbon.tonnes(kg),
                 "share": (kg / total) if total else None}
                for post, kg in self.result.by_post.items()]

    @property
    def phases(self) -> list[dict]:
        total = self.result.total_kg
        names = dict(PHASES)
        return [{"phase": phase, "name": names[phase], "kg": kg, "t": carbon.tonnes(kg),
                 "share": (kg / total) if total else None}
                for phase, kg in self.result.by_phase.items()]

    @property
    def total_t(self) -> Decimal:
        return carbon.tonnes(self.result.total_kg)

    @property
    def uncounted_amount(self) -> Decimal:
        return sum((item.amount for item in self.uncounted), ZERO)


def _post_names() -> dict[str, str]:
    return {code: str(name) for code, name in POSTS}


def _phase_names() -> dict[str, str]:
    return {code: str(name) for code, name in PHASES}


def post_map(project) -> tuple[dict[int, str], dict[int, str]]:
    """The project's overrides: {account id: post}, {expense id: post}."""
    accounts, expenses = {}, {}
    for override in PostOverride.objects.filter(project=project):
        if override.account_id:
            accounts[override.account_id] = override.post
        else:
            expenses[override.expense_id] = override.post
    return accounts, expenses


def account_post(account, overrides: dict[int, str], defaults: dict[str, str]) -> str:
    if account is None:
        return "production"
    return overrides.get(account.pk) or carbon.post_for_account(account.code, defaults)


def expense_phase(expense, project) -> str:
    """Post-production lines (their own flag or their account's) are post-production; the other
    lines by their date against the shooting dates: before preparation, after post-production."""
    if expense.post_production or (expense.account_id and expense.account.post_production):
        return "post_production"
    if project.shooting_start and expense.date < project.shooting_start:
        return "preparation"
    if project.shooting_end and expense.date > project.shooting_end:
        return "post_production"
    return "shooting"


def _activity(record: Activity) -> carbon.Activity:
    user = None
    if record.user_factor is not None:
        user = carbon.UserFactor(record.user_factor, record.unit, record.user_factor_source)
    return carbon.Activity(record.label, record.post, record.phase, record.quantity,
                           record.unit, record.date, record.factor_code, user)


def _spend_rows(project, basis: str) -> dict[tuple[str, str], list]:
    """{(post, phase): [amount, number of lines]} of the lines no activity measures."""
    from montage.web.ledger.models import Expense
    from montage.web.production.models import BudgetLine
    from montage.web.production.services import current_version, line_figures

    defaults = carbon.default_post_map()
    account_overrides, expense_overrides = post_map(project)
    rows: dict[tuple[str, str], list] = {}
    measured = Activity.objects.filter(project=project, basis=basis)
    if basis == Basis.ACTUAL:
        skip = set(measured.exclude(expense=None).values_list("expense_id", flat=True))
        for expense in Expense.objects.filter(project=project).select_related("account"):
            if expense.pk in skip:
                continue
            post = expense_overrides.get(expense.pk) or account_post(
                expense.account, account_overrides, defaults)
            row = rows.setdefault((post, expense_phase(expense, project)), [ZERO, 0])
            row[0] += expense.amount_excl_vat
            row[1] += 1
    else:
        version = current_version(project)
        if version is None:
            return rows
        skip = set(measured.exclude(budget_line=None).values_list("budget_line_id", flat=True))
        for line in BudgetLine.objects.filter(version=version).select_related("account"):
            amount = line_figures(line, {}).amount
            if line.pk in skip or amount is None:
                continue
            post = account_post(line.account, account_overrides, defaults)
            phase = "post_production" if line.account.post_production else "shooting"
            row = rows.setdefault((post, phase), [ZERO, 0])
            row[0] += amount
            row[1] += 1
    return rows


def footprint(project, basis: str) -> ProjectFootprint:
    """The project's forecast or actual footprint, every figure explained."""
    records = list(Activity.objects.filter(project=project, basis=basis).order_by("date", "pk"))
    activities = [_activity(record) for record in records]
    factors = {f.post: f for f in SpendFactor.objects.filter(project=project)}
    uncounted = []
    day = project.shooting_start or dt.date(project.created_at.year, 1, 1)
    posts, phases = _post_names(), _phase_names()
    for (post, phase), (amount, lines) in sorted(
            _spend_rows(project, basis).items(),
            key=lambda item: (carbon.POSTS.index(item[0][0]),
                              carbon.PHASES.index(item[0][1]))):
        factor = factors.get(post)
        if factor is None or amount <= 0:
            if amount:
                uncounted.append(Uncounted(post, phase, amount, lines))
            continue
        label = (_("Budget lines without activity data: %(post)s, %(phase)s (%(count)s lines)")
                 if basis == Basis.FORECAST else
                 _("Ledger lines without activity data: %(post)s, %(phase)s (%(count)s lines)"))
        activities.append(carbon.Activity(
            label % {"post": posts[post], "phase": phases[phase], "count": lines}, post, phase,
            amount, "euro", day, user_factor=carbon.UserFactor(factor.value, "euro",
                                                              factor.source)))
    actions = [carbon.Action(a.label, a.post, a.estimated_reduction_kg)
               for a in ReductionAction.objects.filter(project=project)]
    result = carbon.footprint(activities, default_parameters(), actions,
                              subject="carbon_footprint_of",
                              basis="forecast" if basis == Basis.FORECAST else "carbon_actual",
                              title=project.work.title)
    return ProjectFootprint(project, basis, result, uncounted)


def footprints(project) -> list[ProjectFootprint]:
    """Forecast, then actual: as the project's page and its report show them."""
    return [footprint(project, Basis.FORECAST), footprint(project, Basis.ACTUAL)]


def report_inputs(project) -> tuple:
    """(footprints, actions, green plan or None): what the report files are built from
    (exports.workbook, exports.pdf), for the direct downloads and the report's job alike."""
    return (footprints(project), list(ReductionAction.objects.filter(project=project)),
            GreenPlan.objects.filter(project=project).first())


def shipped_factors(on: dt.date | None = None) -> list:
    """The emission factors Montage ships, in force on `on` (each with its unit and source)."""
    params = default_parameters()
    on = on or dt.date.today()
    return [value for value in (params.find(name, on) for name in params.names()
                                if name.startswith("carbon.")) if value is not None]


def factor_text(value, lang: str) -> str:
    """A factor's value in words: "2,51279 kg CO2e par litre"."""
    from montage.law.explain import message
    return message("factor_value", lang, value=value.value, per=value.per)


# -- the one writer of the carbon records -----------------------------------------------------

def _check_activity(record: Activity) -> None:
    """The pure computation's own checks, each on the form's field."""
    fields = {"factor": "factor_code", "unit": "unit", "source": "user_factor_source",
              "quantity": "quantity", "post": "post", "phase": "phase"}
    if record.factor_code and record.user_factor is not None:
        raise Refused(errors={"user_factor": _(
            "Choose a shipped factor or enter one with its source, not both.")})
    if not record.factor_code and record.user_factor is None:
        raise Refused(errors={"factor_code": _(
            "Choose a shipped factor, or enter a factor with its source.")})
    try:
        carbon.contribution(_activity(record), default_parameters())
    except InputError as error:
        errors = {}
        for problem in error.problems:
            text = {"unit": _("The factor is not expressed in this unit: choose the unit of "
                              "its activity."),
                    "source": _("A factor entered by hand needs its source."),
                    "factor": _("This factor is not in force on this date.")}.get(
                problem.column, _("Check this value."))
            errors[fields.get(problem.column, "quantity")] = text
        raise Refused(errors=errors) from None


def record_activity(project, record: Activity, user) -> Activity:
    """Add or correct an activity (the audit trail keeps the old values)."""
    record.project = project
    if record.expense_id and record.expense.project_id != project.pk:
        raise Refused(errors={"expense": _("This ledger line is not the project's.")})
    if record.budget_line_id and record.budget_line.version.project_id != project.pk:
        raise Refused(errors={"budget_line": _("This budget line is not the project's.")})
    if record.cancelled_at is not None:
        raise Refused(_("A cancelled record cannot be changed."))
    _check_activity(record)
    if record.pk is None:
        record.recorded_by = user
    record.save()
    return record


def cancel_activity(record: Activity, user, reason: str) -> Activity:
    with transaction.atomic():
        mark_cancelled(record, user, reason, "activity cancelled")
    return record


def set_spend_factor(project, post: str, value: Decimal | None, source: str, user):
    """The post's kg CO2e per euro with its source; no value removes it (the post's spend is
    then listed as not counted)."""
    existing = SpendFactor.objects.filter(project=project, post=post).first()
    if value is None:
        if existing is not None:
            existing.delete()
        return None
    if not (source or "").strip():
        raise Refused(errors={"source": _("A spend-based factor needs its source.")})
    if value < 0:
        raise Refused(errors={"value": _("Expected a factor of zero or more.")})
    factor = existing or SpendFactor(project=project, post=post)
    factor.value, factor.source, factor.entered_by = value, source.strip(), user
    factor.save()
    return factor


def set_post(project, post: str, *, account=None, expense=None) -> None:
    """The post of an account or a ledger line; its default post removes the override."""
    if (account is None) == (expense is None):
        raise Refused(_("Name an account or a ledger line."))
    owner = account.project_id if account is not None else expense.project_id
    if owner != project.pk:
        raise Refused(_("This account or line is not the project's."))
    lookup = {"account": account} if account is not None else {"expense": expense}
    default = account_post(account if account is not None else expense.account,
                           {} if account is not None else post_map(project)[0],
                           carbon.default_post_map())
    PostOverride.objects.filter(project=project, **lookup).delete()
    if post != default:
        PostOverride.objects.create(project=project, post=post, **lookup)


PDF_MAGIC = b"%PDF-"


def save_green_plan(plan: GreenPlan, certificate=None, user=None) -> GreenPlan:
    """The green plan; `certificate`, an uploaded PDF (bounded in size, core.uploads), replaces
    the stored one. Nothing is saved when one check fails."""
    if certificate is not None:
        from montage.web.core import problems, uploads

        try:
            uploads.check_size(certificate)
        except InputError as error:
            raise Refused(errors={"certificate": " ".join(problems.lines(error))}) from None
        head = certificate.read(len(PDF_MAGIC))
        certificate.seek(0)
        if head != PDF_MAGIC:
            raise Refused(errors={"certificate": _(
                "%(file)s: expected a PDF document, got another kind of file.") % {
                    "file": certificate.name}})
    if plan.status == GreenPlan.Status.CERTIFIED and not plan.certified_on:
        raise Refused(errors={"certified_on": _("A certified project has its certification "
                                                "date.")})
    if plan.valid_until and plan.certified_on and plan.valid_until < plan.certified_on:
        raise Refused(errors={"valid_until": _("The end of validity is before the "
                                               "certification date.")})
    if plan.scheme == GreenPlan.Scheme.OTHER and not plan.scheme_other.strip():
        raise Refused(errors={"scheme_other": _("Name the protocol.")})
    with transaction.atomic():
        if certificate is not None:
            from django.utils import timezone

            plan.certificate.save(certificate.name.rsplit("/", 1)[-1], certificate, save=False)
            plan.certificate_uploaded_by, plan.certificate_uploaded_at = user, timezone.now()
        plan.save()
    return plan


def add_action(project, action: ReductionAction) -> ReductionAction:
    if action.estimated_reduction_kg is None or action.estimated_reduction_kg < 0:
        raise Refused(errors={"estimated_reduction_kg": _("Expected a reduction of zero or "
                                                          "more.")})
    action.project = project
    action.save()
    return action


def cancel_action(action: ReductionAction, user, reason: str) -> ReductionAction:
    with transaction.atomic():
        mark_cancelled(action, user, reason, "reduction action cancelled")
    return action


# -- the fund's condition ---------------------------------------------------------------------

@dataclass
class Condition:
    required: bool
    met: bool
    text: str
    source: str


def certification_condition(project, on: dt.date) -> Condition:
    """Whether the fund's rules require certification on `on` (wallimage.certification_required,
    dated) and whether the project's green plan meets it: certified, with a green manager, and
    still valid on that day."""
    parameter = default_parameters().get("wallimage.certification_required", on)
    required = parameter.value == 1
    plan = GreenPlan.objects.filter(project=project).first() if project is not None else None
    if plan is None:
        met, text = False, _("No green plan recorded (green manager, protocol or "
                             "certification).")
    elif plan.status != GreenPlan.Status.CERTIFIED:
        met, text = False, _("Certification %(status)s (%(scheme)s), not obtained yet.") % {
            "status": plan.get_status_display(), "scheme": scheme_name(plan)}
    elif plan.valid_until and plan.valid_until < on:
        met, text = False, _("Certification %(scheme)s expired on %(day)s.") % {
            "scheme": scheme_name(plan), "day": plan.valid_until.strftime("%d/%m/%Y")}
    elif not plan.green_manager.strip():
        met, text = False, _("Certified (%(scheme)s) but no green manager recorded.") % {
            "scheme": scheme_name(plan)}
    else:
        met, text = True, _("Certified (%(scheme)s) on %(day)s; green manager: %(manager)s.") % {
            "scheme": scheme_name(plan), "day": plan.certified_on.strftime("%d/%m/%Y"),
            "manager": plan.green_manager}
    return Condition(required, met, text, parameter.source)


def call_requires_certification(call, on: dt.date | None = None):
    """The dated rule for a call (its opening day by default): the parameter in force, on the
    Wallimage Coproductions lines where the regulation's rules apply (fund.rules.terms); None on
    another line."""
    if not call.funding_line.is_coproduction:
        return None
    return default_parameters().get("wallimage.certification_required", on or call.opens_on)


def call_certification(call, project, on: dt.date) -> Condition | None:
    """The producer's pre-check before applying: whether the project meets the call's
    certification rule on `on`; None when the call's line has no such rule."""
    if call_requires_certification(call, on) is None:
        return None
    return certification_condition(project, on)


def application_certification(application) -> Condition | None:
    """Whether the application's project meets the call's certification rule on the day it was
    submitted; None when the call's line has no such rule. Shown to the analyst and the board,
    never a block on their decision (a project is often certified after it)."""
    if call_requires_certification(application.call, application.submitted_on) is None:
        return None
    from montage.web.production.models import Project

    project = Project.objects.filter(work=application.work).first()
    return certification_condition(project, application.submitted_on)


def precheck_certification(project, on: dt.date, call=None) -> Condition | None:
    """The condition the pre-check of projected compliance shows (ledger/precheck.py): when the
    rules in force on `on` require certification of the call applied to, or else of the
    project's Wallimage source; None when they do not."""
    if call is not None:
        condition = call_certification(call, project, on)
    elif project.sources.filter(rule="wallimage").exists():
        condition = certification_condition(project, on)
    else:
        return None
    return condition if condition is not None and condition.required else None


def scheme_name(plan: GreenPlan) -> str:
    if plan.scheme == GreenPlan.Scheme.OTHER:
        return plan.scheme_other
    return plan.get_scheme_display() if plan.scheme else _("no protocol chosen")


# -- the fund's portfolio ---------------------------------------------------------------------

@dataclass
class PortfolioRow:
    project: object
    actual: ProjectFootprint
    forecast: ProjectFootprint
    condition: Condition


def portfolio(fund_organisation_id: int, on: dt.date) -> dict:
    """Each project's footprints and certification; totals, average and per post as §2.2.6."""
    rows = [PortfolioRow(p, footprint(p, Basis.ACTUAL), footprint(p, Basis.FORECAST),
                         certification_condition(p, on))
            for p in projects_of_fund(fund_organisation_id)]

    def best(row):  # the actual footprint once something is counted, else the forecast
        return row.actual if row.actual.result.total_kg else row.forecast
    total = sum((best(row).result.total_kg for row in rows), ZERO)
    by_post = {post: sum((best(row).result.by_post[post] for row in rows), ZERO)
               for post in carbon.POSTS}
    count = len(rows)
    names = dict(POSTS)
    return {"rows": [{"row": row, "best": best(row)} for row in rows],
            "total_t": carbon.tonnes(total),
            "average_t": carbon.tonnes(total / count) if count else None,
            "posts": [{"post": post, "name": names[post], "t": carbon.tonnes(kg),
                       "average_t": carbon.tonnes(kg / count) if count else None,
                       "share": kg / total if total else None} for post, kg in by_post.items()],
            "certified": sum(1 for row in rows if row.condition.met), "count": count}
