"""The API's shared typed shapes: what several domains send or receive, and so what the OpenAPI
document says of them. A domain's own shapes are in montage/web/api/<domain>/schemas.py.

Money is a string with two decimals on the way out ("12160.00") and a string on the way in; a
JSON number is refused with a 422 naming the field (a float's binary value is not the amount
typed). Rates are decimal fractions as strings ("0.0152"). Unknown input fields are refused, so a
typo never silently drops a value.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema

from montage.errors import InputError
from montage.money import parse_amount
from montage.web.core.params import MAX_ID
from montage.web.investments.models import Investment, Payment

AMOUNT_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"


def _amount(value: Any, info: ValidationInfo) -> Decimal:
    field = info.field_name or "amount"
    if not isinstance(value, str):
        raise ValueError(f'{field}: expected an amount as a string like "1234.56", '
                         f"got {value!r} (a JSON {type(value).__name__})")
    try:
        amount = parse_amount(value, field=field)
    except InputError as error:
        raise ValueError(str(error)) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f'{field}: expected at most two decimals (cents), got "{value}"')
    if amount >= Decimal("1e12"):
        raise ValueError(f"{field}: expected an amount below 1 000 000 000 000, got \"{value}\"")
    return amount


Amount = Annotated[Decimal, BeforeValidator(_amount), WithJsonSchema(
    {"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["1234.56"],
     "description": "euros, a string with a dot and at most two decimals; numbers are refused"})]
Money = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["12160.00"],
                             description="euros, two decimals, as a string")]
Rate = Annotated[str, Field(examples=["0.0152"], description="a decimal fraction, as a string")]
# Integer query parameters are bounded: an id or a year the database integer cannot hold is a
# 422 naming the parameter (worded in the caller's language by api.py), not an OverflowError.
QueryId = Annotated[int, Field(ge=1, le=MAX_ID, description="a record's id")]
QueryYear = Annotated[int, Field(ge=1, le=9999)]


def choices(text_choices) -> Any:
    return Literal[tuple(text_choices.values)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# -- fractions (audience and airtime shares, capital shares) --------------------------------------

SHARE_PATTERN = r"^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$"


def parse_share(value: Any, info: ValidationInfo) -> Optional[Decimal]:
    field = info.field_name or "share"
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'{field}: expected a fraction as a string like "0.015", got '
                         f"{value!r} (a JSON {type(value).__name__})")
    if not re.fullmatch(SHARE_PATTERN, value.strip()):
        raise ValueError(f'{field}: expected a fraction between 0 and 1 with at most six '
                         f'decimals, like "0.015", got "{value}"')
    return Decimal(value.strip())


ShareIn = Annotated[Optional[Decimal], BeforeValidator(parse_share), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": SHARE_PATTERN}, {"type": "null"}],
     "examples": ["0.015"],
     "description": "a fraction between 0 and 1 as a string (0.015 = 1,5 %); numbers are "
                    "refused"})]


# -- references, messages, errors ----------------------------------------------------------------

class Ref(Schema):
    id: int
    name: str


class Message(Schema):
    detail: str


class StaleChange(Schema):
    field: str
    label: str
    yours: str
    stored: str


class Conflict(Schema):
    """A 409: the record's state refuses; after a stale `If-Match`, the stored `version` and,
    per field, the caller's value and the stored one."""
    detail: str
    version: Optional[str] = None
    changes: list[StaleChange] = []


class FieldError(Schema):
    loc: list[Any]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


# -- engine results ------------------------------------------------------------------------------

class ExplanationOut(Schema):
    subject: str
    inputs: dict[str, Any]
    parameters: list[dict[str, Any]]
    steps: list[str]
    notes: list[str]
    provisional: bool = False   # a value it needs is not known yet (the notes say which)
    details: list["ExplanationOut"]


# -- records several domains show ----------------------------------------------------------------

class DecisionOut(Schema):
    decision: str
    note: str
    by: str
    at: dt.datetime


class WorkRef(Schema):
    id: int
    title: str


class InvestmentOut(Schema):
    id: int
    editor: Ref
    obligation: int
    year: int
    work: Optional[WorkRef]
    category: choices(Investment.Category)
    producer: Optional[Ref]
    fwb_initiative: bool
    document: choices(Investment.Document)
    document_date: Optional[dt.date]
    amount: Money
    status: choices(Investment.Status)
    confidential: bool
    genre: str
    promotes_fwb_artists_or_heritage: bool
    delegated_to: str
    counted_under_other_obligation: bool
    legal_advantage: bool
    justified_amount: Optional[Money]
    decision_date: Optional[dt.date]
    reassigned_from: Optional[int]
    validation: Optional[DecisionOut] = Field(
        description="the CCA's latest decision on this investment, if any")


class PaymentOut(Schema):
    id: int
    obligation: int
    year: int
    reason: choices(Payment.Reason)
    amount: Money
    letter_sent_on: Optional[dt.date]
    due_on: Optional[dt.date]
    paid_on: Optional[dt.date]
    paid_amount: Optional[Money]
    outstanding: Money
    communication: str


class AttachmentOut(Schema):
    id: int
    obligation: Optional[int]
    investment: Optional[int]
    checklist_key: str
    filename: str
    description: str
    confidential: bool
    uploaded_by: str
    uploaded_at: dt.datetime
