"""The registry's shapes in the API: the caller, organisations, works, the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from ninja import Schema

from montage.web.api.schemas import InvestmentOut, Ref, choices
from montage.web.registry.models import AuditEntry, Organisation, Work

# -- who ---------------------------------------------------------------------------------------

class MembershipOut(Schema):
    organisation: Ref
    kind: choices(Organisation.Kind)
    role: str


class MeOut(Schema):
    username: str
    desks: list[str]
    memberships: list[MembershipOut]


class TokenOut(Schema):
    token: str
    token_type: Literal["Bearer"]
    expires_at: dt.datetime


class EditorFacts(Schema):
    establishment: str
    country: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: choices(Organisation.Kind)
    enterprise_number: str
    vat_number: str
    editor: Optional[EditorFacts] = None


# -- works, history ------------------------------------------------------------------------------

class CreditOut(Schema):
    person: str
    role: str


class WorkOut(Schema):
    id: int
    title: str
    work_type: choices(Work.Type)
    genre: str
    initiative: choices(Work.Initiative)
    status: choices(Work.Status)
    producer: Optional[Ref]


class WorkDetailOut(WorkOut):
    credits: list[CreditOut]
    investments: list[InvestmentOut]


class HistoryEntry(Schema):
    at: dt.datetime
    by: str
    action: choices(AuditEntry.Action)
    field: str
    old_value: str
    new_value: str
    note: str
