"""The desks' routes (docs/web-desks.md): a producer's application to a fund's call (multipart,
with the documents the call asks for), a broadcaster's investment linked to the producer's
financing source, the proof list shared from the producer's ledger, a spend report sent from
the ledger, rejected line by line and released by the fund's analyst. Each calls the service
the pages call, after the same permission check (`_get`); writes run inside `acting_as(caller)`
and a refusal answers 409 or 422 (`_act`).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from montage.web import permissions
from montage.web.api.common import ERRORS, WRITE_ERRORS, conflict, invalid, money, valid
from montage.web.api.desks import schemas as s
from montage.web.fund import services as fund_services
from montage.web.fund.models import Application, Call, SpendReport, SpendReportLine, Tranche
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment, ProofList
from montage.web.production import applying, investment_link
from montage.web.production.forms import ApplyForm
from montage.web.production.models import FinancingSource, InvestmentLink, Project
from montage.web.registry.audit import acting_as
from montage.web.registry.services import Refused

router = Router(tags=["desks"])


def _get(user, queryset, pk: int, may):
    """The record `pk` (404 when missing), 403 unless `may(user, record)`."""
    record = get_object_or_404(queryset, pk=pk)
    permissions.require(may(user, record))
    return record


def _act(user, write, answer, status: int = 200):
    """`write()` under the caller's name, its result answered through `answer`; the service's
    refusal is a 409 (state) or a 422 naming the fields (common.conflict)."""
    try:
        with acting_as(user):
            result = write()
    except Refused as error:
        return conflict(error)
    return Status(status, answer(result)) if status != 200 else answer(result)


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


def _application_out(a: Application) -> dict:
    source = a.financing_sources.order_by("pk").first()
    return {"id": a.pk, "call": a.call_id, "work": a.work_id, "status": a.status,
            "submitted_on": a.submitted_on, "amount_requested": money(a.amount_requested),
            "walloon_spend_committed": money(a.walloon_spend_committed),
            "broadcaster_cash": money(a.broadcaster_cash),
            "source": source.pk if source else None,
            "documents": [{"id": d.pk, "name": d.name} for d in a.documents.order_by("pk")]}


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
    return _get(user, InvestmentLink.objects.select_related("project", "investment"), pk,
                lambda u, link: permissions.can_edit_project(u, link.project))


@router.post("/projects/{int:pk}/applications", response={201: s.ApplicationOut,
                                                          **WRITE_ERRORS},
             summary="The producer applies to a fund's call from the project (multipart)",
             operation_id="montage_web_api_desks_application_submit")
def application_submit(request, pk: int, call: Form[int], amount_requested: Form[str],
                       walloon_spend_committed: Form[str], broadcaster_cash: Form[str] = "",
                       documents: File[list[UploadedFile]] = None):
    """multipart/form-data: `call`, the amounts (Belgian or plain decimal strings), and
    `documents`, one file per document the call lists (`required_documents`), in its order.
    Checked as the page checks them (`production/applying.apply`: size and kind of each file,
    every document given); 422 naming the field; 409 after the call's closing date (or before
    it opens) and when the project applied to the call already. The project's owner only."""
    user = request.auth
    project = _get(user, Project.objects.select_related("work", "owner"), pk,
                   permissions.can_edit_project)
    found = Call.objects.select_related("funding_line__organisation").filter(pk=call).first()
    if found is None:
        raise invalid(["body", "payload", "call"], _("No such call."))
    files = list(documents or [])
    names = found.documents_required()
    if len(files) > len(names):
        raise invalid(["body", "payload", "documents"], _(
            "%(given)s files for the %(asked)s documents the call asks for.") % {
                "given": len(files), "asked": len(names)})
    form = valid(ApplyForm({"amount_requested": amount_requested,
                            "walloon_spend_committed": walloon_spend_committed,
                            "broadcaster_cash": broadcaster_cash},
                           {f"document_{i}": f for i, f in enumerate(files)}, call=found))
    data = form.cleaned_data
    return _act(user, lambda: applying.apply(
        project, found, data["amount_requested"], data["walloon_spend_committed"],
        data["broadcaster_cash"], form.documents(), user, timezone.localdate()),
        _application_out, 201)


@router.post("/investments/{int:pk}/link", response={200: s.LinkOut, 201: s.LinkOut,
                                                    **WRITE_ERRORS},
             summary="The editor proposes the link to the producer's source, or confirms it",
             operation_id="montage_web_api_desks_investment_link")
def investment_link_route(request, pk: int):
    """The investment's editor: without a link, proposes it to the producer's project of the
    work (201); with the producer's proposal, confirms it (200). 409 when the work is not in
    Montage, the investment is linked already or the editor proposed it."""
    user = request.auth
    investment = _get(user, Investment, pk, permissions.can_link_investment)
    link = InvestmentLink.objects.filter(investment=investment).first()
    if link is None:
        return _act(user, lambda: investment_link.propose_from_investment(investment, user),
                    _link_out, 201)
    return _act(user, lambda: investment_link.confirm(link, InvestmentLink.Side.EDITOR, user),
                _link_out)


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
    return _act(user, lambda: investment_link.confirm(link, InvestmentLink.Side.PRODUCER, user,
                                                      source), _link_out)


@router.post("/investment-links/{int:pk}/proof-lists", response={201: s.ProofListOut,
                                                                 **WRITE_ERRORS},
             summary="The producer shares the proof list from its ledger",
             operation_id="montage_web_api_desks_proof_list_share")
def proof_list_share(request, pk: int, payload: s.ShareIn):
    from montage.web.ledger import proof_lists

    user = request.auth
    link = _own_link(user, pk)
    return _act(user, lambda: proof_lists.share(link, payload.as_of or timezone.localdate(),
                                                user), _proof_list_out, 201)


@router.get("/proof-lists/{int:pk}", response={200: s.ProofListOut, **ERRORS},
            summary="A shared proof list: the lines the FWB-spillover rule retained",
            operation_id="montage_web_api_desks_proof_list")
def proof_list(request, pk: int):
    """The investment's editor, the CCA and the producer who shared it."""
    return _proof_list_out(_get(request.auth, ProofList, pk, permissions.can_view_proof_list))


@router.post("/sources/{int:pk}/spend-reports", response={201: s.SpendReportOut,
                                                          **WRITE_ERRORS},
             summary="The producer sends a spend report for a tranche from its ledger",
             operation_id="montage_web_api_desks_spend_report_send")
def spend_report_send(request, pk: int, payload: s.SpendReportIn):
    from montage.web.ledger import spend_reports

    user = request.auth
    source = _get(user, FinancingSource, pk,
                  lambda u, source: permissions.can_edit_project(u, source.project))
    tranche = Tranche.objects.filter(pk=payload.tranche).first()
    if tranche is None:
        raise invalid(["body", "payload", "tranche"], "—")
    return _act(user, lambda: spend_reports.send(source, tranche,
                                                 payload.as_of or timezone.localdate(), user),
                _report_out, 201)


def _analyst_may(user, report: SpendReport) -> bool:
    fund = report.tranche.commitment.application.call.funding_line.organisation_id
    return permissions.can_work_fund_record(user, fund)


@router.get("/spend-reports/{int:pk}", response={200: s.SpendReportOut, **ERRORS},
            summary="A spend report as sent, with the analyst's rejections",
            operation_id="montage_web_api_desks_spend_report")
def spend_report(request, pk: int):
    return _report_out(_get(request.auth, SpendReport, pk, permissions.can_view_spend_report))


@router.post("/spend-report-lines/{int:pk}/reject", response={200: s.SpendReportOut,
                                                              **WRITE_ERRORS},
             summary="The fund's analyst rejects a line, with its reason",
             operation_id="montage_web_api_desks_spend_line_reject")
def spend_line_reject(request, pk: int, payload: s.RejectIn):
    user = request.auth
    line = _get(user, SpendReportLine.objects.select_related("report"), pk,
                lambda u, line: _analyst_may(u, line.report))
    return _act(user, lambda: fund_services.reject_report_line(line, payload.reason, user),
                lambda _r: _report_out(SpendReport.objects.get(pk=line.report_id)))


@router.post("/spend-reports/{int:pk}/release", response={200: s.SpendReportOut,
                                                          **WRITE_ERRORS},
             summary="The fund's analyst releases the tranche on the verified total",
             operation_id="montage_web_api_desks_spend_report_release")
def spend_report_release(request, pk: int, payload: s.ReleaseIn):
    user = request.auth
    report = _get(user, SpendReport, pk, _analyst_may)
    return _act(user, lambda: fund_services.release_on_report(
        report, payload.released_on or timezone.localdate(), user),
        lambda _r: _report_out(SpendReport.objects.get(pk=pk)))
