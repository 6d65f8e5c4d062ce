"""The API's typed shapes: what goes in and out, and so what the OpenAPI document says.

Money is a string with two decimals on the way out ("12160.00") and a string on the way in; a
JSON number is refused with a 422 naming the field (a float's binary value is not the amount
typed). Rates are decimal fractions as strings ("0.0152"). Unknown input fields are refused, so a
typo never silently drops a value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema

from montage.errors import InputError
from montage.money import parse_amount
from montage.web.core.models import (AuditEntry, Investment, ObligationYear, Organisation,
                                     Service, TurnoverDeclaration, TurnoverLine, Work)

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


def choices(text_choices) -> Any:
    return Literal[tuple(text_choices.values)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


# -- who ---------------------------------------------------------------------------------------

class Ref(Schema):
    id: int
    name: str


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


# -- engine results ------------------------------------------------------------------------------

class ExplanationOut(Schema):
    subject: str
    inputs: dict[str, Any]
    parameters: list[dict[str, Any]]
    steps: list[str]
    notes: list[str]
    details: list["ExplanationOut"]


class Band(Schema):
    from_: Money = Field(alias="from")
    to: Optional[Money]

    model_config = ConfigDict(populate_by_name=True)


class ContributionOut(Schema):
    """`montage contribution --format json`."""
    year: int
    eligible_turnover: Money
    rate: Rate
    amount: Money
    exempt: bool
    band: Band
    explanation: ExplanationOut


class FileContribution(Schema):
    """The engine's contribution for a file: on the eligible turnover fixed by the CSA, or else on
    the editor's estimate (`provisional`). `result` is null when there is no basis or the engine
    refused it (`error`)."""
    basis: Optional[Literal["eligible_turnover", "turnover_estimate"]]
    provisional: bool
    result: Optional[ContributionOut]
    error: Optional[str]


class Origin(Schema):
    year: int
    amount: Money


class Check(Schema):
    name: str
    ok: bool
    detail: str
    investment: Optional[str] = None


class YearEvaluation(Schema):
    year: int
    form: str
    eligible_turnover: Optional[Money]
    exempt: bool
    exemption_grounds: list[str]
    obligation: Money
    countable: Money
    shortfall_open: Money
    surplus_open: Money
    payment_due: Money
    invested_by_category: dict[str, Money]
    shortfalls_open: list[Origin]
    surpluses_open: list[Origin]
    checks: list[Check]
    explanation: ExplanationOut


class EditorName(Schema):
    name: str
    kind: str


class EvaluationOut(Schema):
    """`montage obligation evaluate --format json`."""
    editor: EditorName
    as_of: dt.date
    years: list[YearEvaluation]


# -- records -------------------------------------------------------------------------------------

class ObligationOut(Schema):
    id: int
    editor: Ref
    year: int
    turnover_year: int
    form: choices(ObligationYear.Form)
    status: choices(ObligationYear.Status)
    choice_filed_on: Optional[dt.date]
    turnover_estimate: Optional[Money]
    eligible_turnover: Optional[Money]
    eligible_fixed_on: Optional[dt.date]
    amount: Optional[Money]
    exemption_ground: str


class DeclarationOut(Schema):
    market_basis: choices(TurnoverDeclaration.MarketBasis)
    status: choices(TurnoverDeclaration.Status)
    submitted_on: Optional[dt.date]


class ServiceOut(Schema):
    id: int
    name: str
    kind: choices(Service.Kind)


class TurnoverLineOut(Schema):
    id: int
    service: ServiceOut
    category: choices(TurnoverLine.Category)
    market: choices(TurnoverLine.Market)
    amount: Money
    agency_commissions: Money
    confidential: bool


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


class ObligationDetailOut(ObligationOut):
    declaration: Optional[DeclarationOut]
    declared_total: Money
    investments: list[InvestmentOut]
    investments_total: Money
    contribution: FileContribution


class CommitteeOut(Schema):
    """The shared view for committees: no confidential line or investment, whoever asks."""
    file: ObligationOut
    declaration: Optional[DeclarationOut]
    turnover_lines: list[TurnoverLineOut]
    confidential_lines_withheld: int
    investments: list[InvestmentOut]
    confidential_investments_withheld: int


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


class FieldError(Schema):
    loc: list[Any]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


class Message(Schema):
    detail: str


# -- writes --------------------------------------------------------------------------------------

class InvestmentIn(Strict):
    """A new investment of the editor's own obligation file."""
    obligation: int = Field(description="id of the obligation file (its year and editor)")
    category: choices(Investment.Category)
    amount: Amount
    work: Optional[int] = None
    producer: Optional[int] = Field(None, description="id of the producer company")
    fwb_initiative: bool = False
    document: choices(Investment.Document) = "contract"
    document_date: Optional[dt.date] = None
    status: choices(Investment.Status) = "active"
    confidential: bool = False
    genre: Literal[("",) + tuple(Investment.Genre.values)] = ""
    promotes_fwb_artists_or_heritage: bool = False
    delegated_to: str = ""
    counted_under_other_obligation: bool = False
    legal_advantage: bool = False
    justified_amount: Optional[Amount] = None
    decision_date: Optional[dt.date] = None
    reassigned_from: Optional[int] = None


class InvestmentPatch(Strict):
    """Only the fields sent change; the others keep their value."""
    obligation: Optional[int] = None
    category: Optional[choices(Investment.Category)] = None
    amount: Optional[Amount] = None
    work: Optional[int] = None
    producer: Optional[int] = None
    fwb_initiative: Optional[bool] = None
    document: Optional[choices(Investment.Document)] = None
    document_date: Optional[dt.date] = None
    status: Optional[choices(Investment.Status)] = None
    confidential: Optional[bool] = None
    genre: Optional[Literal[("",) + tuple(Investment.Genre.values)]] = None
    promotes_fwb_artists_or_heritage: Optional[bool] = None
    delegated_to: Optional[str] = None
    counted_under_other_obligation: Optional[bool] = None
    legal_advantage: Optional[bool] = None
    justified_amount: Optional[Amount] = None
    decision_date: Optional[dt.date] = None
    reassigned_from: Optional[int] = None


class DecisionIn(Strict):
    decision: Literal["validated", "refused"]
    note: str = ""
