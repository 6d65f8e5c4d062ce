"""The investments' shapes in the API: an editor's investments, the CCA's decisions and step 2's
operations (status, payments, committee, spillover proofs, independence)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal, Optional

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from montage.web.api.schemas import (SHARE_PATTERN, Amount, ExplanationOut, Money, PaymentOut,
                                     Rate, Ref, ShareIn, Strict, choices, parse_share)
from montage.web.contribution.models import ObligationYear
from montage.web.investments.models import Investment, Payment

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


# == step 2: payments, status, committee =========================================================

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
    refused: bool = Field(False, description="the CCA refused it: it counts nothing")
    delegated_to: str


class Verdict(Schema):
    name: str
    ok: bool


class MeetingOut(Schema):
    held_on: Optional[dt.date]
    opinion: str


class CommitteeFigures(Schema):
    """The year's aggregates from the engine (left out when a confidential investment would be
    disclosed by them)."""
    obligation: Money
    countable: Money
    shortfall_open: Money
    surplus_open: Money
    payment_due: Money


class OpenAfterSmoothing(Schema):
    """A shortfall or surplus still open (§8): its year, amount and last year of use."""
    origin: int
    amount: Money
    last: int


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
    withheld_figures: bool = Field(description="the year's aggregates and smoothing are left "
                                               "out: they would disclose a confidential "
                                               "investment")
    figures: Optional[CommitteeFigures]
    shortfalls_open: list[OpenAfterSmoothing]
    surpluses_open: list[OpenAfterSmoothing]
    verdicts: list[Verdict]
    meeting: Optional[MeetingOut]


# == step 2: spillover proofs, independence ======================================================

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
    share: Annotated[Decimal, BeforeValidator(parse_share), WithJsonSchema(
        {"type": "string", "pattern": SHARE_PATTERN, "examples": ["0.10"]})]
    is_editor: bool = False
    share_in_an_editor: Annotated[Decimal, BeforeValidator(parse_share), WithJsonSchema(
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
