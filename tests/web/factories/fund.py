"""A fund's funding lines, calls and applications (montage.web.fund)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.web.fund.models import Application, Call, FundingLine

from . import registry


def call(fund=None, kind: str = "tv_format", title: str = "Appel d'essai",
         envelope: str = "100000.00", **fields) -> Call:
    line = FundingLine.objects.create(organisation=fund or registry.organisation("fund"),
                                      name=fields.pop("line_name", "Formats TV"), kind=kind)
    return Call.objects.create(funding_line=line, title=title,
                               opens_on=fields.pop("opens_on", dt.date(2025, 1, 1)),
                               closes_on=fields.pop("closes_on", dt.date(2025, 12, 31)),
                               envelope=Decimal(envelope), **fields)


def application(call: Call, applicant=None, title: str | None = None,
                requested: str = "10000.00", spend: str = "20000.00",
                status: str = "submitted", **fields) -> Application:
    applicant = applicant or registry.company()
    return Application.objects.create(
        call=call, work=registry.work(title, producer=applicant, work_type="format"),
        applicant=applicant, submitted_on=fields.pop("submitted_on", dt.date(2025, 3, 1)),
        amount_requested=Decimal(requested), walloon_spend_committed=Decimal(spend),
        status=status, **fields)
