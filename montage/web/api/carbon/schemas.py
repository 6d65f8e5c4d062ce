"""The carbon footprint's API shapes (docs/web-carbon.md, docs/web-api.md): kg CO2e, tonnes,
shares and quantities as exact decimal strings, never JSON numbers."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ninja import Schema
from pydantic import ConfigDict


class PostOut(Schema):
    post: str
    name: str
    kg: str
    t: str
    share: Optional[str] = None


class PhaseOut(Schema):
    phase: str
    name: str
    kg: str
    t: str
    share: Optional[str] = None


class UncountedOut(Schema):
    post: str
    phase: str
    amount: str
    lines: int


class ContributionOut(Schema):
    label: str
    post: str
    phase: str
    quantity: str
    unit: str
    factor: str
    kg: str
    source: str
    measured: bool
    user_entered: bool


class ActionOut(Schema):
    label: str
    post: str
    reduction_kg: str


class FootprintOut(Schema):
    basis: str
    total_kg: str
    total_t: str
    measured_kg: str
    spend_kg: str
    user_factor_kg: str
    measured_share: Optional[str] = None
    reduction_kg: str
    uncounted_amount: str
    posts: list[PostOut]
    phases: list[PhaseOut]
    uncounted: list[UncountedOut]
    contributions: list[ContributionOut]
    actions: list[ActionOut]
    explanation: list[str]


class ActivityOut(Schema):
    id: int
    basis: str
    phase: str
    post: str
    label: str
    date: dt.date
    quantity: str
    unit: str
    factor_code: str
    user_factor: Optional[str] = None
    user_factor_source: str
    expense: Optional[int] = None
    budget_line: Optional[int] = None
    cancelled_at: Optional[dt.datetime] = None
    cancel_reason: str = ""


class ProjectFootprintOut(Schema):
    project: int
    title: str
    forecast: FootprintOut
    actual: FootprintOut
    activities: list[ActivityOut]


class ActivityIn(Schema):
    """As the page's form: numbers as strings, typed the Belgian way ("1.650,5") or with a dot
    ("1650.5"); a shipped factor's code (`factor_code`) or a factor entered with its source."""

    model_config = ConfigDict(extra="forbid")
    basis: str = "actual"
    phase: str
    post: str
    label: str
    date: dt.date
    quantity: str
    unit: str
    factor_code: str = ""
    user_factor: str = ""
    user_factor_source: str = ""
    expense: Optional[int] = None
    budget_line: Optional[int] = None
