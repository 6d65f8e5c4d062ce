"""The contribution's shapes in the API: obligation files, the Formulaire CA, the engine's
figures and step 1's operations (the editor's filings, the CSA's questions and decision)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from ninja import Schema
from pydantic import ConfigDict, Field

from montage.web.api.schemas import (Amount, ExplanationOut, InvestmentOut, Money, Rate, Ref,
                                     ShareIn, Strict, choices)
from montage.web.contribution.models import (ObligationYear, Service, TurnoverDeclaration,
                                             TurnoverLine)

# -- engine results ------------------------------------------------------------------------------

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
    # On the latest known price index because the one the year needs (January n−1, as "YYYY-MM")
    # is missing: the CSA cannot fix it until the index is entered.
    provisional: bool = False
    missing_index: Optional[str] = None
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
    provisional: bool = False   # the obligation rests on a price index not known yet
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


# == step 1 =====================================================================================

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
