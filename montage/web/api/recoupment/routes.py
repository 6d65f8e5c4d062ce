"""Recoupment's routes (docs/web-recoupment.md, docs/web-api.md): a work's receipts (list and
record, through the receipt form and `services.record_receipt`), its waterfall with each
period's explanation, and a statement (its beneficiary's allocations only). The permissions are
the pages' (montage.web.permissions: the project's readers and owner; a sent statement's
beneficiary organisation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from montage.money import as_text
from montage.web import permissions
from montage.web.api.common import ERRORS, WRITE_ERRORS, conflict, language, valid
from montage.web.production.models import Project
from montage.web.recoupment import services
from montage.web.recoupment.forms import ReceiptForm
from montage.web.recoupment.models import Receipt, Statement
from montage.web.registry.audit import acting_as
from montage.web.registry.services import Refused

router = Router()
TAGS = ["recoupment"]


class ReceiptOut(Schema):
    id: int
    source: str
    payer: str
    territory: str
    period_start: dt.date
    period_end: dt.date
    gross: str
    commission_rate: str
    expenses: str
    expenses_cap: Optional[str] = None
    currency: str
    exchange_rate: str
    exchange_rate_date: Optional[dt.date] = None
    reference: str
    net: str


class ReceiptIn(Schema):
    """As the page's form: amounts and rates as strings ("1.234,56" or "1234.56"; commission
    a fraction such as "0,25")."""

    model_config = ConfigDict(extra="forbid")
    source: str
    payer: str
    territory: str
    period_start: dt.date
    period_end: dt.date
    gross: str
    commission_rate: str = "0"
    expenses: str = ""
    expenses_cap: str = ""
    currency: str = "EUR"
    exchange_rate: str = "1"
    exchange_rate_date: Optional[dt.date] = None
    reference: str = ""


class AllocationOut(Schema):
    corridor: str
    beneficiary: str
    amount: str
    cap_reached: bool


class PeriodOut(Schema):
    period_start: dt.date
    period_end: dt.date
    net: str
    to_producer: str
    allocations: list[AllocationOut]
    explanation: list[str]


class StatementOut(Schema):
    id: int
    work: str
    producer: str
    beneficiary: str
    period_start: dt.date
    period_end: dt.date
    amount: str
    sent_on: Optional[dt.date] = None
    paid: bool
    allocations: list[AllocationOut]


def _money(value: Optional[Decimal]) -> Optional[str]:
    return None if value is None else as_text(value)


def _receipt(r: Receipt) -> dict:
    return {"id": r.pk, "source": r.source, "payer": r.payer, "territory": r.territory,
            "period_start": r.period_start, "period_end": r.period_end,
            "gross": _money(r.gross), "commission_rate": format(r.commission_rate, "f"),
            "expenses": _money(r.expenses), "expenses_cap": _money(r.expenses_cap),
            "currency": r.currency, "exchange_rate": format(r.exchange_rate, "f"),
            "exchange_rate_date": r.exchange_rate_date, "reference": r.reference,
            "net": _money(r.net)}


def _project(request, pk: int, edit: bool = False) -> Project:
    project = get_object_or_404(Project.objects.select_related("work", "owner"), pk=pk)
    permissions.require(permissions.can_edit_project(request.auth, project) if edit
                        else permissions.can_view_project(request.auth, project))
    return project


def _allocation(a) -> dict:
    return {"corridor": a.corridor, "beneficiary": a.name, "amount": as_text(a.amount_eur),
            "cap_reached": bool(a.cap_reached)}


@router.get("/projects/{pk}/receipts", response={200: list[ReceiptOut], **ERRORS}, tags=TAGS,
            summary="A work's receipts in force (the project's readers)",
            operation_id="montage_web_api_recoupment_receipt_list")
def receipt_list(request, pk: int):
    project = _project(request, pk)
    return [_receipt(r) for r in Receipt.objects.filter(project=project)]


@router.post("/projects/{pk}/receipts", response={201: ReceiptOut, **WRITE_ERRORS}, tags=TAGS,
             summary="Record a receipt (the project's owner): the page's form and writer",
             operation_id="montage_web_api_recoupment_receipt_create")
def receipt_create(request, pk: int, payload: ReceiptIn):
    project = _project(request, pk, edit=True)
    data = QueryDict(mutable=True)
    data.update({key: ("" if value is None else value.isoformat()
                       if isinstance(value, dt.date) else value)
                 for key, value in payload.dict().items()})
    form = valid(ReceiptForm(data))
    try:
        with acting_as(request.auth):
            receipt = services.record_receipt(project, form.save(commit=False))
    except Refused as refusal:
        return conflict(refusal)
    return Status(201, _receipt(receipt))


@router.get("/projects/{pk}/waterfall", response={200: list[PeriodOut], **ERRORS}, tags=TAGS,
            summary="The waterfall: each period's allocations and explanation (the project's "
                    "readers)",
            operation_id="montage_web_api_recoupment_waterfall")
def waterfall(request, pk: int, lang: Optional[str] = None):
    project = _project(request, pk)
    lang = language(request, lang)
    return [{"period_start": p.start, "period_end": p.end, "net": as_text(p.net),
             "to_producer": as_text(services.rules.cents_to_eur(p.result.producer)),
             "allocations": [_allocation(a) for a in p.result.allocations],
             "explanation": p.result.explanation.render(lang)} for p in services.waterfall(project)]


@router.get("/recoupment-statements/{pk}", response={200: StatementOut, **ERRORS}, tags=TAGS,
            summary="A statement: its beneficiary's allocations only (the project's readers; "
                    "once sent, the beneficiary's organisation)",
            operation_id="montage_web_api_recoupment_statement")
def statement(request, pk: int):
    statement = get_object_or_404(Statement.objects.select_related(
        "project__work", "project__owner", "source"), pk=pk)
    permissions.require(permissions.can_view_statement(request.auth, statement))
    _period, lines = services.statement_lines(statement)
    return {"id": statement.pk, "work": statement.project.work.title,
            "producer": statement.project.owner.name, "beneficiary": statement.source.label,
            "period_start": statement.period_start, "period_end": statement.period_end,
            "amount": as_text(statement.amount), "sent_on": statement.sent_on,
            "paid": statement.recoupment_id is not None,
            "allocations": [_allocation(a) for a in lines]}
