"""Shapes of the desks' routes: applications, links, shared proof lists, spend reports."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ninja import Schema


class LinkOut(Schema):
    id: int
    investment: int
    project: int
    source: Optional[int] = None
    proposed_by_side: str
    proposed_at: dt.datetime
    confirmed_at: Optional[dt.datetime] = None


class ConfirmIn(Schema):
    source: Optional[int] = None   # the producer's source; none: one is added from the investment


class ShareIn(Schema):
    as_of: Optional[dt.date] = None   # the ledger's date; today when absent


class ProofLineOut(Schema):
    position: int
    expense_ref: str
    number: str
    supplier: str
    territory: str
    account: str
    date: Optional[dt.date] = None
    amount: str
    counted: str
    verdict: str


class ProofListOut(Schema):
    id: int
    investment: int
    as_of: dt.date
    shared_at: dt.datetime
    required: str
    counted: str
    missing: str
    deadline: Optional[dt.date] = None
    status: str
    checksum: str
    intact: bool
    lines: list[ProofLineOut]
    explanation: list


class SpendReportIn(Schema):
    tranche: int
    as_of: Optional[dt.date] = None


class RejectIn(Schema):
    reason: str


class ReleaseIn(Schema):
    released_on: Optional[dt.date] = None


class SpendReportOut(Schema):
    id: int
    tranche: int
    as_of: dt.date
    rule: str
    total_sent: str
    verified_total: str
    checksum: str
    intact: bool
    lines: list[dict]
    released_on: Optional[dt.date] = None


class ApplicationDocumentOut(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    call: int
    work: int
    status: str
    submitted_on: dt.date
    amount_requested: str
    walloon_spend_committed: str
    broadcaster_cash: Optional[str] = None
    source: Optional[int] = None   # the producer's financing source linked to it
    documents: list[ApplicationDocumentOut]
