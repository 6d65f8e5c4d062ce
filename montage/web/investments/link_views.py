"""The editor's side of the link between its investment and the producer's financing source,
and the shared proof list page (docs/web-desks.md). The writers are
montage/web/production/investment_link.py and investments.services.receive_proof_list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _

from montage.web import permissions
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment, ProofList
from montage.web.registry.services import Refused


def link_context(user, investment: Investment) -> dict:
    """The link's state for the investment page: who proposed and confirmed, and whether both
    sides agree (the source's amount and contract date against the investment's); the proof
    lists the user may read."""
    from montage.web.production import investment_link
    from montage.web.production.models import InvestmentLink

    link = InvestmentLink.objects.filter(investment=investment).select_related(
        "source", "project__owner", "proposed_by", "confirmed_by").first()
    agreement = None
    if link is not None and link.confirmed_at is not None:
        facts = investment_link.investment_facts(investment)
        agreement = {"amount": link.source.amount, "date": link.source.contracted_on,
                     "agree": all(getattr(link.source, n) == v for n, v in facts.items())}
    can_link = permissions.can_link_investment(user, investment)
    lists = [p for p in investment.proof_lists.select_related("shared_by")
             if permissions.can_view_proof_list(user, p)]
    return {"link": link, "agreement": agreement, "can_link": can_link,
            "can_propose": (can_link and link is None and investment.category in
                            investment_link.LINKABLE),
            "can_confirm": (can_link and link is not None and link.confirmed_at is None
                            and link.proposed_by_side == InvestmentLink.Side.PRODUCER),
            "proof_lists": lists}


@login_required
@require_POST
def investment_link(request, pk: int):
    """The editor proposes the link to the producer's project of the work, or confirms the
    producer's proposal."""
    from montage.web.production import investment_link as writer
    from montage.web.production.models import InvestmentLink

    investment = get_object_or_404(Investment, pk=pk)
    permissions.require(permissions.can_link_investment(request.user, investment))
    link = InvestmentLink.objects.filter(investment=investment).first()
    try:
        if link is None:
            writer.propose_from_investment(investment, request.user)
            messages.success(request, _("Link proposed to the producer."))
        else:
            writer.confirm(link, InvestmentLink.Side.EDITOR, request.user)
            messages.success(request, _("Link confirmed: the producer's source is this "
                                        "investment."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("investments_investment", pk)


def _shared(request, pk: int) -> ProofList:
    shared = get_object_or_404(ProofList.objects.select_related(
        "investment__editor__organisation", "investment__work", "shared_by"), pk=pk)
    permissions.require(permissions.can_view_proof_list(request.user, shared))
    return shared


@login_required
def proof_list(request, pk: int):
    """A shared Liste Preuves Invest: the lines the rule retained, the figures, the three-year
    deadline and what is still missing; nothing else of the producer's ledger."""
    shared = _shared(request, pk)
    from montage.web.fund.services import in_reader_language

    worded = in_reader_language(shared, shared.lines.all())
    return render(request, "investments/proof_list.html", {
        "p": shared, "i": shared.investment, "lines": worded["lines"], "worded": worded,
        "intact": investments_services.proof_list_is_intact(shared)})


@login_required
def proof_list_xlsx(request, pk: int):
    """The shared proof list as a workbook: the page's figures and lines, amounts and dates as
    number and date cells (read by the same readers as the page: its editor, the CCA and the
    producer who shared it)."""
    from openpyxl import Workbook

    from montage.web import xlsx
    from montage.web.annexes.sheets import DATE_FORMAT, MONEY_FORMAT

    shared = _shared(request, pk)
    investment = shared.investment
    book = Workbook()
    sheet = book.active
    sheet.title = _("Proof list")[:31]
    xlsx.append(sheet, [_("Proof list (Liste Preuves Invest)"), str(investment.work),
                        str(investment.editor)])
    xlsx.append(sheet, [_("Ledger as of"), shared.as_of])
    figures = [(_("Investment"), investment.amount), (_("Spillover required"), shared.required),
               (_("Spillover counted"), shared.counted), (_("Still missing"), shared.missing),
               (_("Three years after the contract"), shared.deadline)]
    for label, value in figures:
        xlsx.append(sheet, [label, value])
    xlsx.append(sheet, [_("Checksum (SHA-256)"), shared.checksum])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = DATE_FORMAT
            elif cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = MONEY_FORMAT
    xlsx.append(sheet, [])
    xlsx.append(sheet, [_("Invoice number"), _("Supplier"), _("Territory"), _("Account"),
                        _("Date"), _("Amount excl. VAT"), _("Counted"), _("Verdict")])
    from montage.web.fund.services import in_reader_language

    for line in in_reader_language(shared, shared.lines.all())["lines"]:
        xlsx.append(sheet, [line.number or line.expense_ref, line.supplier, line.territory,
                            line.account, line.date, line.amount, line.counted, line.verdict])
        row = sheet.max_row
        sheet.cell(row, 5).number_format = DATE_FORMAT
        sheet.cell(row, 6).number_format = sheet.cell(row, 7).number_format = MONEY_FORMAT
    for letter, width in zip("ABCDEFGH", (34, 30, 12, 30, 12, 16, 16, 40)):
        sheet.column_dimensions[letter].width = width
    response = HttpResponse(xlsx.to_bytes(book), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (
        f'attachment; filename="liste-preuves-invest-{shared.pk}.xlsx"')
    return response
