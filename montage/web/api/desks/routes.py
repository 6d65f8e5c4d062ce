"""The desks' routes (docs/web-desks.md): a broadcaster's investment linked to the producer's
financing source, the proof list shared from the producer's ledger, a spend report sent from
the ledger, rejected line by line and released by the fund's analyst. Each calls the service
the pages call, after the same permission check; writes run inside `acting_as(caller)`.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Status

from montage.web import permissions
from montage.web.api.common import ERRORS, WRITE_ERRORS, conflict, invalid, money
from montage.web.api.desks import schemas as s
from montage.web.fund import services as fund_services
from montage.web.fund.models import SpendReport, SpendReportLine, Tranche
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment, ProofList
from montage.web.production import investment_link
from montage.web.production.models import FinancingSource, InvestmentLink
from montage.web.registry.audit import acting_as
from montage.web.registry.services import Refused

router = Router(tags=["desks"])


def _link_out(link: InvestmentLink) -> dict:
    return {"id": link.pk, "investment": link.investment_id, "project": link.project_id,
            "source": link.source_id, "proposed_by_side": link.proposed_by_side,
            "proposed_at": link.proposed_at, "confirmed_at": link.confirmed_at}


def _proof_list_out(p: ProofList) -> dict:
    worded = fund_services.in_reader_language(p, p.lines.all())
    return {"id": p.pk, "investment": p.investment_id, "as_of": p.as_of,
            "shared_at": p.shared_at, "required": money(p.required),
            "counted": money(p.counted), "missing": money(p.missing), "deadline": p.deadline,
            "status": p.spillover_status, "checksum": p.checksum,
            "intact": investments_services.proof_list_is_intact(p),
            "explanation": worded["explanation"],
            "lines": [{"position": l.position, "expense_ref": l.expense_ref, "number": l.number,
                       "supplier": l.supplier, "territory": l.territory, "account": l.account,
                       "date": l.date, "amount": money(l.amount), "counted": money(l.counted),
                       "verdict": l.verdict} for l in worded["lines"]]}


def _report_out(r: SpendReport) -> dict:
    worded = fund_services.in_reader_language(r, r.lines.all())
    return {"id": r.pk, "tranche": r.tranche_id, "as_of": r.as_of, "rule": worded["rule"],
            "total_sent": money(r.total_sent), "verified_total": money(r.verified_total),
            "checksum": r.checksum, "intact": fund_services.report_is_intact(r),
            "released_on": r.tranche.released_on,
            "lines": [{"id": l.pk, "position": l.position, "number": l.number,
                       "supplier": l.supplier, "counted": money(l.counted),
                       "verdict": l.verdict, "rejected_reason": l.rejected_reason}
                      for l in worded["lines"]]}


def _own_link(user, pk: int) -> InvestmentLink:
    link = get_object_or_404(InvestmentLink.objects.select_related("project", "investment"),
                             pk=pk)
    permissions.require(permissions.can_edit_project(user, link.project))
    return link


@router.post("/investments/{int:pk}/link", response={200: s.LinkOut, 201: s.LinkOut,
                                                    **WRITE_ERRORS},
             summary="The editor proposes the link to the producer's source, or confirms it",
             operation_id="montage_web_api_desks_investment_link")
def investment_link_route(request, pk: int):
    """The investment's editor: without a link, proposes it to the producer's project of the
    work (201); with the producer's proposal, confirms it (200). 409 when the work is not in
    Montage, the investment is linked already or the editor proposed it."""
    user = request.auth
    investment = get_object_or_404(Investment, pk=pk)
    permissions.require(permissions.can_link_investment(user, investment))
    link = InvestmentLink.objects.filter(investment=investment).first()
    try:
        with acting_as(user):
            if link is None:
                return Status(201, _link_out(investment_link.propose_from_investment(
                    investment, user)))
            return _link_out(investment_link.confirm(link, InvestmentLink.Side.EDITOR, user))
    except Refused as error:
        return conflict(error)


@router.post("/investment-links/{int:pk}/confirm", response={200: s.LinkOut, **WRITE_ERRORS},
             summary="The producer confirms the editor's proposed link",
             operation_id="montage_web_api_desks_investment_link_confirm")
def investment_link_confirm(request, pk: int, payload: s.ConfirmIn):
    """The project's producer, naming its source (or none: one is added from the investment)."""
    user = request.auth
    link = _own_link(user, pk)
    source = None
    if payload.source is not None:
        source = FinancingSource.objects.filter(project=link.project, pk=payload.source).first()
        if source is None:
            raise invalid(["body", "payload", "source"], "—")
    try:
        with acting_as(user):
            return _link_out(investment_link.confirm(link, InvestmentLink.Side.PRODUCER, user,
                                                     source))
    except Refused as error:
        return conflict(error)


@router.post("/investment-links/{int:pk}/proof-lists", response={201: s.ProofListOut,
                                                                 **WRITE_ERRORS},
             summary="The producer shares the proof list from its ledger",
             operation_id="montage_web_api_desks_proof_list_share")
def proof_list_share(request, pk: int, payload: s.ShareIn):
    from montage.web.ledger import proof_lists

    user = request.auth
    link = _own_link(user, pk)
    try:
        with acting_as(user):
            shared = proof_lists.share(link, payload.as_of or timezone.localdate(), user)
    except Refused as error:
        return conflict(error)
    return Status(201, _proof_list_out(shared))


@router.get("/proof-lists/{int:pk}", response={200: s.ProofListOut, **ERRORS},
            summary="A shared proof list: the lines the FWB-spillover rule retained",
            operation_id="montage_web_api_desks_proof_list")
def proof_list(request, pk: int):
    """The investment's editor, the CCA and the producer who shared it."""
    shared = get_object_or_404(ProofList, pk=pk)
    permissions.require(permissions.can_view_proof_list(request.auth, shared))
    return _proof_list_out(shared)


@router.post("/sources/{int:pk}/spend-reports", response={201: s.SpendReportOut,
                                                          **WRITE_ERRORS},
             summary="The producer sends a spend report for a tranche from its ledger",
             operation_id="montage_web_api_desks_spend_report_send")
def spend_report_send(request, pk: int, payload: s.SpendReportIn):
    from montage.web.ledger import spend_reports

    user = request.auth
    source = get_object_or_404(FinancingSource, pk=pk)
    permissions.require(permissions.can_edit_project(user, source.project))
    tranche = Tranche.objects.filter(pk=payload.tranche).first()
    if tranche is None:
        raise invalid(["body", "payload", "tranche"], "—")
    try:
        with acting_as(user):
            report = spend_reports.send(source, tranche, payload.as_of or timezone.localdate(),
                                        user)
    except Refused as error:
        return conflict(error)
    return Status(201, _report_out(report))


def _analyst_report(user, report: SpendReport) -> None:
    fund = report.tranche.commitment.application.call.funding_line.organisation_id
    permissions.require(permissions.can_work_fund_record(user, fund))


@router.get("/spend-reports/{int:pk}", response={200: s.SpendReportOut, **ERRORS},
            summary="A spend report as sent, with the analyst's rejections",
            operation_id="montage_web_api_desks_spend_report")
def spend_report(request, pk: int):
    report = get_object_or_404(SpendReport, pk=pk)
    permissions.require(permissions.can_view_spend_report(request.auth, report))
    return _report_out(report)


@router.post("/spend-report-lines/{int:pk}/reject", response={200: s.SpendReportOut,
                                                              **WRITE_ERRORS},
             summary="The fund's analyst rejects a line, with its reason",
             operation_id="montage_web_api_desks_spend_line_reject")
def spend_line_reject(request, pk: int, payload: s.RejectIn):
    user = request.auth
    line = get_object_or_404(SpendReportLine.objects.select_related("report"), pk=pk)
    _analyst_report(user, line.report)
    try:
        with acting_as(user):
            fund_services.reject_report_line(line, payload.reason, user)
    except Refused as error:
        return conflict(error)
    return _report_out(SpendReport.objects.get(pk=line.report_id))


@router.post("/spend-reports/{int:pk}/release", response={200: s.SpendReportOut,
                                                          **WRITE_ERRORS},
             summary="The fund's analyst releases the tranche on the verified total",
             operation_id="montage_web_api_desks_spend_report_release")
def spend_report_release(request, pk: int, payload: s.ReleaseIn):
    user = request.auth
    report = get_object_or_404(SpendReport, pk=pk)
    _analyst_report(user, report)
    try:
        with acting_as(user):
            fund_services.release_on_report(report, payload.released_on or timezone.localdate(),
                                            user)
    except Refused as error:
        return conflict(error)
    return _report_out(SpendReport.objects.get(pk=pk))
