"""The editor's side of the link between its investment and the producer's financing source,
and the shared proof list page (docs/web-desks.md). The writers are
montage/web/production/investment_link.py and investments.services.receive_proof_list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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


@login_required
def proof_list(request, pk: int):
    """A shared Liste Preuves Invest: the lines the rule retained, the figures, the three-year
    deadline and what is still missing; nothing else of the producer's ledger."""
    shared = get_object_or_404(ProofList.objects.select_related(
        "investment__editor__organisation", "investment__work", "shared_by"), pk=pk)
    permissions.require(permissions.can_view_proof_list(request.user, shared))
    from montage.web.fund.services import in_reader_language

    worded = in_reader_language(shared, shared.lines.all())
    return render(request, "investments/proof_list.html", {
        "p": shared, "i": shared.investment, "lines": worded["lines"], "worded": worded,
        "intact": investments_services.proof_list_is_intact(shared)})
