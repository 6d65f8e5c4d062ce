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
from montage.web.core.params import MAX_ID
from montage.web.contribution.models import (ObligationYear, Service, TurnoverDeclaration,
                                             TurnoverLine)
from montage.web.investments.models import Investment, Payment
from montage.web.registry.models import AuditEntry, Organisation, Work

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
    """The engine's contribution for a file: on the eligible turnover fixed by the CSA, else on
    the eligible turnover computed from the declared lines, else on the editor's estimate (the
    last two `provisional`); the same choice as the pages (services.contribution_basis).
    `result` is null when there is no basis or the engine refused it (`error`)."""
    basis: Optional[Literal["eligible_turnover", "declared_lines", "turnover_estimate"]]
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


class PaymentDueOut(Schema):
    """An amount owed to the CCA (step 2 §2, §6, §8): `year` is the year at whose end it is owed,
    possibly after the editor's last file; the CCA's letter and the payment fall in the next
    year."""
    amount: Money
    due_date: dt.date
    reason: Literal["obligation", "presumed", "shortfall", "unrealised"]
    origin_year: int
    year: int
    letter_date: dt.date
    detail: str
    investment: Optional[str] = None


class EvaluationOut(Schema):
    """`montage obligation evaluate --format json`. `payments_due`: every amount owed to the CCA
    known at `as_of`, whichever year it falls due in (each year's `payment_due` stays)."""
    editor: EditorName
    as_of: dt.date
    years: list[YearEvaluation]
    payments_due: list[PaymentDueOut] = []


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


# == the pages' operations (step 1, step 2, attachments) ========================================

Share = Annotated[str, Field(pattern=r"^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$", examples=["0.015"],
                             description="a fraction between 0 and 1 as a string "
                                         "(0.015 = 1,5 %), at most six decimals")]
SHARE_PATTERN = r"^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$"


def _share(value: Any, info: ValidationInfo) -> Optional[Decimal]:
    field = info.field_name or "share"
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'{field}: expected a fraction as a string like "0.015", got '
                         f"{value!r} (a JSON {type(value).__name__})")
    import re

    if not re.fullmatch(SHARE_PATTERN, value.strip()):
        raise ValueError(f'{field}: expected a fraction between 0 and 1 with at most six '
                         f'decimals, like "0.015", got "{value}"')
    return Decimal(value.strip())


ShareIn = Annotated[Optional[Decimal], BeforeValidator(_share), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": SHARE_PATTERN}, {"type": "null"}],
     "examples": ["0.015"],
     "description": "a fraction between 0 and 1 as a string (0.015 = 1,5 %); numbers are "
                    "refused"})]


class OpenYearIn(Strict):
    editor: int = Field(description="id of the editor (EditorProfile) the caller files for")
    year: int = Field(ge=2024, le=2100)


class ChoiceIn(Strict):
    """Deadline 1: the form of contribution, the estimate of turnover n−1 and, in a first year
    of activity, its first day (the choice is then due within 30 days of it)."""
    form: choices(ObligationYear.Form)
    turnover_estimate: Amount
    first_activity_day: Optional[dt.date] = None


class TurnoverLineIn(Strict):
    service: int
    category: choices(TurnoverLine.Category)
    market: choices(TurnoverLine.Market)
    amount: Amount
    agency_commissions: Optional[Amount] = None
    confidential: bool = False


class TurnoverLinePatch(Strict):
    """Only the fields sent change."""
    service: Optional[int] = None
    category: Optional[choices(TurnoverLine.Category)] = None
    market: Optional[choices(TurnoverLine.Market)] = None
    amount: Optional[Amount] = None
    agency_commissions: Optional[Amount] = None
    confidential: Optional[bool] = None


class ServiceFactsIn(Strict):
    service: int
    audience_share: ShareIn = None
    audiovisual_works_share: ShareIn = None


class ServiceFactsOut(Schema):
    service: ServiceOut
    audience_share: Optional[Rate]
    audiovisual_works_share: Optional[Rate]


class QuestionIn(Strict):
    text: str = Field(min_length=1, max_length=5000)


class AnswerIn(Strict):
    answer: str = Field(min_length=1, max_length=5000)


class QuestionOut(Schema):
    id: int
    obligation: int
    text: str
    asked_by: str
    asked_at: dt.datetime
    answer: str
    answered_by: Optional[str]
    answered_at: Optional[dt.datetime]


class PreviewIn(Strict):
    eligible_turnover: Amount


class PreviewOut(Schema):
    """What the engine would decide on this eligible turnover (nothing is recorded)."""
    contribution: ContributionOut
    exempt: bool
    exemption_grounds: list[str]
    not_evaluated: list[str]
    exemption_explanation: ExplanationOut


class Step1DecisionIn(Strict):
    """The CSA's decision: the eligible turnover, then the engine's amount (`fixed`) or an
    exemption with its ground (`exempt`)."""
    eligible_turnover: Amount
    outcome: Literal["fixed", "exempt"]
    exemption_ground: Literal[("",) + tuple(ObligationYear.ExemptionGround.values)] = ""
    note: str = Field("", max_length=2000)


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


class PaymentDueOut(Schema):
    """What the engine says the editor owes the CCA (services.payments_due)."""
    year: int
    reason: choices(Payment.Reason)
    amount: Money
    origin: int
    text: str
    letter: Optional[dt.date]
    due: Optional[dt.date]
    recorded: Optional[int] = Field(description="id of the payment recorded for it, if any")


class PaymentsOut(Schema):
    due: list[PaymentDueOut]
    error: Optional[str]
    payments: list[PaymentOut]


class PaymentIn(Strict):
    """The CCA's payment letter for an amount owed for `year` (the editor's file of that
    year)."""
    year: int
    reason: choices(Payment.Reason)
    amount: Amount
    letter_sent_on: dt.date
    due_on: dt.date
    communication: str = Field("", max_length=40)


class PaymentPatch(Strict):
    """Only the fields sent change; `paid_on` and `paid_amount` go together."""
    letter_sent_on: Optional[dt.date] = None
    due_on: Optional[dt.date] = None
    paid_on: Optional[dt.date] = None
    paid_amount: Optional[Amount] = None
    communication: Optional[str] = Field(None, max_length=40)


class StatusIn(Strict):
    """The CCA marks an investment unrealised (§6: the justified part, the initial decision
    date), cancelled, or active again."""
    status: choices(Investment.Status)
    justified_amount: Optional[Amount] = None
    decision_date: Optional[dt.date] = None
    note: str = Field("", max_length=1000)


class CommitteeMeetingIn(Strict):
    held_on: Optional[dt.date] = None
    opinion: str = ""


class ReportInvestment(Schema):
    id: int
    category: choices(Investment.Category)
    work: str
    producer: str
    fwb_initiative: bool
    genre: str
    document: choices(Investment.Document)
    document_date: Optional[dt.date]
    amount: Money
    status: choices(Investment.Status)
    delegated_to: str


class Verdict(Schema):
    name: str
    ok: bool


class MeetingOut(Schema):
    held_on: Optional[dt.date]
    opinion: str


class CommitteeReportOut(Schema):
    """services.committee_report: the accompanying committee's data, nothing confidential."""
    editor: str
    year: int
    form: choices(ObligationYear.Form)
    obligation: Optional[Money]
    investments: list[ReportInvestment]
    total_listed: Money
    by_category: dict[str, Money]
    withheld: int = Field(description="confidential investments left out")
    verdicts: list[Verdict]
    meeting: Optional[MeetingOut]


class SpilloverProofOut(Schema):
    id: int
    investment: int
    expense: int
    expense_number: str
    supplier: Optional[str]
    amount: Money
    missing_fields: list[str]


class SpilloverAssessmentOut(Schema):
    """montage.law.spillover.assess_spillover (step 2 §9)."""
    investment: Money
    required: Money
    counted: Money
    excluded: Money
    deadline: Optional[dt.date]
    status: str
    countable_investment: Money
    explanation: ExplanationOut


class SpilloverOut(Schema):
    """The proofs and the engine's §9 assessment (`assessment` null when it refused: `error`)."""
    investment: int
    proofs: list[SpilloverProofOut]
    assessment: Optional[SpilloverAssessmentOut]
    error: Optional[str]


class SpilloverProofIn(Strict):
    expense: int
    amount: Optional[Amount] = Field(None, description="empty: the expense's amount excl. VAT")


class MissingFieldsIn(Strict):
    missing_fields: list[str]


class ShareholderIO(Strict):
    name: str
    share: Annotated[Decimal, BeforeValidator(_share), WithJsonSchema(
        {"type": "string", "pattern": SHARE_PATTERN, "examples": ["0.10"]})]
    is_editor: bool = False
    share_in_an_editor: Annotated[Decimal, BeforeValidator(_share), WithJsonSchema(
        {"type": "string", "pattern": SHARE_PATTERN, "examples": ["0"]})] = Decimal("0")


class TurnoverYearIO(Strict):
    year: int
    total: Amount
    editor_name: str = ""
    sales_to_editor: Amount = Decimal("0")


class IndependenceIn(Strict):
    """The figures of one reference year (one per year: 409 if it exists, replace it with
    PUT)."""
    reference_year: int = Field(ge=2000, le=2100)
    established_in_eu: Optional[bool] = None
    separate_legal_personality: Optional[bool] = None
    largest_share_in_an_editor: ShareIn = None
    shareholders: list[ShareholderIO] = []
    turnover: list[TurnoverYearIO] = []


class ShareholderOut(Schema):
    name: str
    share: Rate
    is_editor: bool
    share_in_an_editor: Rate


class TurnoverYearOut(Schema):
    year: int
    total: Money
    editor_name: str
    sales_to_editor: Money


class IndependenceTestOut(Schema):
    name: str
    ok: Optional[bool]
    figure: Optional[str]
    detail: str


class IndependenceOut(Schema):
    id: int
    company: Ref
    reference_year: int
    established_in_eu: Optional[bool]
    separate_legal_personality: Optional[bool]
    largest_share_in_an_editor: Optional[Rate]
    shareholders: list[ShareholderOut]
    turnover: list[TurnoverYearOut]
    independent: Optional[bool]
    tests: list[IndependenceTestOut]
    explanation: Optional[ExplanationOut]
    error: Optional[str]


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
