"""The producer's side of the link between a broadcaster's investment and its financing source,
and the sharing of the proof list from its ledger (docs/web-desks.md). The writers are
production/investment_link.py and ledger/proof_lists.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.web.production import investment_link
from montage.web.production.common import context, project_for
from montage.web.production.models import FinancingSource, InvestmentLink
from montage.web.registry.services import Refused


@login_required
def investment_links(request, pk: int):
    return _investment_links_page(request, project_for(request, pk, edit=True))


def _investment_links_page(request, project, refused=None, status=200):
    """The investments of broadcasters in the project's work: those linked (with their shared
    proof lists and the form sharing one), those proposed, those the producer may propose for
    one of its sources. refused: (link pk, bound share form) of a refused share, shown filled
    in under the page's error summary, status 400."""
    from montage.web.production.forms import ProofListShareForm

    links = list(InvestmentLink.objects.filter(project=project).select_related(
        "investment__editor__organisation", "source", "proposed_by", "confirmed_by"))
    for link in links:
        link.sources = (list(investment_link.linkable_sources(project, link.investment))
                        if link.source_id is None else [])
        link.lists = list(link.investment.proof_lists.all())
        link.form = (refused[1] if refused and refused[0] == link.pk else ProofListShareForm(
            auto_id=f"id_share-{link.pk}_%s",
            initial={"as_of": timezone.localdate().isoformat()}))
    return render(request, "production/investment_links.html", context(
        request, project, links=links,
        candidates=investment_link.linkable_investments(project),
        sources=investment_link.linkable_sources(project)), status=status)


def _refused(request, refusal: Refused):
    messages.error(request, refusal.message)


@login_required
@require_POST
def investment_link_propose(request, pk: int):
    project = project_for(request, pk, edit=True)
    investment = get_object_or_404(investment_link.linkable_investments(project),
                                   pk=request.POST.get("investment") or 0)
    source = get_object_or_404(FinancingSource, project=project,
                               pk=request.POST.get("source") or 0)
    try:
        investment_link.propose_from_source(source, investment, request.user)
        messages.success(request, _("Link proposed to the editor."))
    except Refused as refusal:
        _refused(request, refusal)
    return redirect("production_investment_links", project.pk)


@login_required
@require_POST
def investment_link_confirm(request, pk: int, link_pk: int):
    project = project_for(request, pk, edit=True)
    link = get_object_or_404(InvestmentLink, project=project, pk=link_pk)
    source = None
    if request.POST.get("source"):
        source = get_object_or_404(FinancingSource, project=project, pk=request.POST["source"])
    try:
        investment_link.confirm(link, InvestmentLink.Side.PRODUCER, request.user, source)
        messages.success(request, _("Link confirmed: the source is the broadcaster's "
                                    "investment."))
    except Refused as refusal:
        _refused(request, refusal)
    return redirect("production_investment_links", project.pk)


@login_required
@require_POST
def proof_list_share(request, pk: int, link_pk: int):
    from montage.web.ledger import proof_lists
    from montage.web.production.forms import ProofListShareForm

    project = project_for(request, pk, edit=True)
    link = get_object_or_404(InvestmentLink, project=project, pk=link_pk)
    form = ProofListShareForm(request.POST, auto_id=f"id_share-{link.pk}_%s")
    if form.is_valid():
        try:
            shared = proof_lists.share(link, form.cleaned_data["as_of"], request.user)
        except Refused as refusal:   # the link's state, not what was typed
            _refused(request, refusal)
            return redirect("production_investment_links", project.pk)
    else:
        return _investment_links_page(request, project, (link.pk, form), status=400)
    messages.success(request, _("Proof list shared with the editor and the CCA."))
    return redirect("investments_proof_list", shared.pk)
