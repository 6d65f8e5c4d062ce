"""A production's carbon footprint, in kg CO2e, from its own records (pure: no database).

Wallimage's annual report 2024 (§2.2.6) measures a project's footprint in tonnes of CO2
equivalent by post — « Lieux, Production, HMC, Post-production, Déco, Régie, Transports, Moyens
techniques de production » — and makes certification a condition of support from 2026.

Every contribution is an activity × an emission factor:
- measured: a quantity of activity (litres, km, passenger.km, room nights, kWh, tonnes) × a
  factor shipped as a dated, sourced parameter (montage/finance/parameters/carbon/, the UK
  government's conversion factors 2024, each value citing its row), or × a factor the user
  entered with its source (a factor Montage cannot cite, such as the Belgian grid's);
- spend-based: an amount in euros × a kg CO2e per euro factor that the user entered with its
  source (Montage ships none), marked as an estimate.
The figures stay exact (`Decimal`) until the end; tonnes are shown half-up to the kilogram.
Every contribution carries its explanation: quantity × factor = kg CO2e, with the factor's source.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from montage.errors import InputError, Problem
from montage.finance import messages  # noqa: F401  (registers the carbon words)
from montage.law.explain import Explanation
from montage.law.parameters import Parameters

POSTS = ("locations", "production", "hmc", "post_production", "sets", "regie", "transport",
         "technical")
PHASES = ("preparation", "shooting", "post_production")
# The units of activity a factor may be expressed in; "euro" is a spend-based factor's.
UNITS = ("litre", "km", "passenger_km", "room_night", "kwh", "tonne", "kg", "meal", "day", "euro")
POSTS_FILE = Path(__file__).with_name("data") / "carbon_posts.csv"
KG = Decimal("0.001")
ZERO = Decimal(0)


def tonnes(kg: Decimal) -> Decimal:
    """kg CO2e as tonnes, half-up to the kilogram (the end of a computation)."""
    return (Decimal(kg) / 1000).quantize(KG, rounding=ROUND_HALF_UP)


def default_post_map(path: Path = POSTS_FILE) -> dict[str, str]:
    """Account code (or chapter) → post, from montage/finance/data/carbon_posts.csv."""
    mapping = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for number, row in enumerate(rows, 2):
            code, post = (row.get("code") or "").strip(), (row.get("post") or "").strip()
            if not code or code in mapping:
                raise InputError("code missing or given twice", file=path.name, line=number,
                                 field="code")
            if post not in POSTS:
                raise InputError.of([Problem(file=path.name, row=number, column="post",
                                             expected="one of %(choices)s", got=post,
                                             params={"choices": ", ".join(POSTS)})])
            mapping[code] = post
    return mapping


def post_for_account(code: str, mapping: dict[str, str] | None = None) -> str:
    """The post of a budget account: its own code, else its chapter's, else production."""
    mapping = default_post_map() if mapping is None else mapping
    code = (code or "").strip()
    while code:
        if code in mapping:
            return mapping[code]
        code = code.rsplit(".", 1)[0] if "." in code else ""
    return "production"


@dataclass(frozen=True)
class UserFactor:
    """A factor the user entered: kg CO2e per unit of activity, and where it comes from."""

    value: Decimal
    per: str
    source: str


@dataclass(frozen=True)
class Activity:
    """One quantity of activity of a project: `factor` names a shipped factor
    ("carbon.diesel_litre"), or `user_factor` is given. `unit` "euro" with a user factor per
    euro is a spend-based estimate."""

    label: str
    post: str
    phase: str
    quantity: Decimal
    unit: str
    on: dt.date
    factor: str = ""
    user_factor: UserFactor | None = None

    @property
    def spend_based(self) -> bool:
        return self.unit == "euro"


@dataclass(frozen=True)
class Contribution:
    activity: Activity
    kg: Decimal               # exact: quantity × factor
    factor: Decimal
    source: str
    user_entered: bool        # the factor was entered by the user, not shipped
    explanation: Explanation

    @property
    def measured(self) -> bool:
        return not self.activity.spend_based


@dataclass(frozen=True)
class Action:
    """A reduction action of the green plan and its estimated reduction (kg CO2e)."""

    label: str
    post: str
    reduction_kg: Decimal


@dataclass
class Footprint:
    contributions: list[Contribution]
    actions: list[Action]
    explanation: Explanation
    by_post: dict[str, Decimal] = field(default_factory=dict)
    by_phase: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total_kg(self) -> Decimal:
        return sum((c.kg for c in self.contributions), ZERO)

    @property
    def measured_kg(self) -> Decimal:
        return sum((c.kg for c in self.contributions if c.measured), ZERO)

    @property
    def spend_kg(self) -> Decimal:
        return sum((c.kg for c in self.contributions if not c.measured), ZERO)

    @property
    def user_factor_kg(self) -> Decimal:
        return sum((c.kg for c in self.contributions if c.user_entered), ZERO)

    @property
    def reduction_kg(self) -> Decimal:
        return sum((a.reduction_kg for a in self.actions), ZERO)

    @property
    def measured_share(self) -> Decimal | None:
        """The part of the total from measured activity (a fraction), None when nothing counts."""
        total = self.total_kg
        return (self.measured_kg / total).quantize(Decimal("0.0001"), ROUND_HALF_UP) \
            if total else None


def _problem(index: int, column: str, message: str, **params) -> Problem:
    return Problem(message, row=index, column=column, params=params or None)


def contribution(activity: Activity, parameters: Parameters, index: int = 1) -> Contribution:
    """quantity × factor = kg CO2e, explained; InputError naming the activity's field when the
    activity cannot be counted (unknown post or phase, negative quantity, a factor of another
    unit, no factor at all)."""
    problems = []
    if activity.post not in POSTS:
        problems.append(_problem(index, "post", "unknown post %(got)s", got=activity.post))
    if activity.phase not in PHASES:
        problems.append(_problem(index, "phase", "unknown phase %(got)s", got=activity.phase))
    if not isinstance(activity.quantity, Decimal) or activity.quantity < 0:
        problems.append(_problem(index, "quantity", "expected a quantity of zero or more, got "
                                 "%(got)s", got=activity.quantity))
    if bool(activity.factor) == bool(activity.user_factor):
        problems.append(_problem(index, "factor", "give either a shipped factor or a factor "
                                 "with its source, not both and not none"))
    parameter = None
    if activity.factor and not problems:
        parameter = parameters.find(activity.factor, activity.on) \
            if activity.factor in parameters.names() else None
        if parameter is None or parameter.unit != "factor":
            problems.append(_problem(index, "factor", "no emission factor %(got)s in force on "
                                     "%(on)s", got=activity.factor, on=activity.on.isoformat()))
        elif parameter.per != activity.unit:
            problems.append(_problem(index, "unit", "the factor %(factor)s is per %(per)s, "
                                     "the activity is in %(got)s", factor=activity.factor,
                                     per=parameter.per, got=activity.unit))
    if activity.user_factor and not problems:
        user = activity.user_factor
        if not str(user.source or "").strip():
            problems.append(_problem(index, "source", "a factor entered by hand needs its "
                                     "source"))
        if not isinstance(user.value, Decimal) or user.value < 0:
            problems.append(_problem(index, "factor", "expected a factor of zero or more, got "
                                     "%(got)s", got=user.value))
        elif user.per != activity.unit:
            problems.append(_problem(index, "unit", "the factor is per %(per)s, the activity "
                                     "is in %(got)s", per=user.per, got=activity.unit))
    if problems:
        raise InputError.of(problems)
    if parameter is not None:
        factor, source, entered = parameter.value, parameter.source, False
    else:
        factor, source, entered = (activity.user_factor.value, activity.user_factor.source,
                                   True)
    kg = activity.quantity * factor
    explanation = Explanation.of("carbon_contribution", label=activity.label)
    explanation.input("carbon_post", activity.post)
    explanation.input("carbon_phase", activity.phase)
    if parameter is not None:
        explanation.use(parameter)
    key = ("carbon_spend_step" if activity.spend_based else
           "carbon_user_step" if entered else "carbon_factor_step")
    explanation.step(key, quantity=activity.quantity, unit=activity.unit, factor=factor, kg=kg,
                     source=source)
    if activity.spend_based:
        explanation.note("carbon_spend_note")
    elif entered:
        explanation.note("carbon_user_note", source=source)
    return Contribution(activity, kg, factor, source, entered, explanation)


def footprint(activities: list[Activity], parameters: Parameters,
              actions: list[Action] = (), *, subject: str = "carbon_footprint",
              **subject_args) -> Footprint:
    """Every activity's contribution, the totals per post and phase, the measured share; all
    problems of all activities at once (nothing counted when one is wrong)."""
    contributions, problems = [], []
    for index, activity in enumerate(activities, 1):
        try:
            contributions.append(contribution(activity, parameters, index))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError.of(problems)
    explanation = Explanation.of(subject, **subject_args)
    by_post = {post: ZERO for post in POSTS}
    by_phase = {phase: ZERO for phase in PHASES}
    for item in contributions:
        explanation.include(item.explanation)
        by_post[item.activity.post] += item.kg
        by_phase[item.activity.phase] += item.kg
    result = Footprint(contributions, list(actions), explanation, by_post, by_phase)
    for post in POSTS:
        if by_post[post]:
            explanation.step("carbon_post_total", post=post, kg=by_post[post],
                             t=tonnes(by_post[post]))
    explanation.step("carbon_total", kg=result.total_kg, t=tonnes(result.total_kg),
                     measured=tonnes(result.measured_kg), spend=tonnes(result.spend_kg))
    if result.user_factor_kg:
        explanation.note("carbon_user_total", t=tonnes(result.user_factor_kg))
    for action in result.actions:
        explanation.note("carbon_action", label=action.label, t=tonnes(action.reduction_kg))
    return result
