"""A broadcaster's investment on the producer's financing plan: one fact, the investment
(docs/web-desks.md, "The producer and the broadcaster").

The editor records its coproduction or pre-purchase in a work (step 2, montage/web/investments);
the producer's plan has a financing source for that money. One side proposes the link
(`propose_from_investment`: the editor, to the producer's project of the work;
`propose_from_source`: the producer, from its source), the other confirms (`confirm`). Once
confirmed, the source's amount, contract date, status, financier and rule are the investment's:
`follow_investment` is the one writer of those fields (`FOLLOWED`) on a linked source, run on
every save of the investment (a post-save receiver, connected by ProductionConfig.ready, so the
investments app imports nothing of production). `services.save_source` refuses to change them;
`disagreements()` lists any linked source that differs.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from montage.web.investments.models import Investment
from montage.web.production.models import FinancingSource, InvestmentLink, Project
from montage.web.registry.audit import record_decision
from montage.web.registry.models import Organisation
from montage.web.registry.services import Refused

# the fields of a linked source the investment decides
FOLLOWED = ("amount", "contracted_on", "status", "financier_id", "rule")

LINKABLE = {Investment.Category.COPRODUCTION: FinancingSource.Type.BROADCASTER_COPRODUCTION,
            Investment.Category.PREPURCHASE: FinancingSource.Type.BROADCASTER_PREPURCHASE}


def investment_facts(investment: Investment) -> dict:
    """What a source linked to `investment` carries: its amount and contract (or commitment
    letter) date; contracted while the investment is in force, refused once cancelled; the
    editor as financier; the FWB-spillover rule of step 2 §9."""
    return {"amount": investment.amount, "contracted_on": investment.document_date,
            "status": (FinancingSource.Status.REFUSED
                       if investment.status == Investment.Status.CANCELLED
                       else FinancingSource.Status.CONTRACTED),
            "financier_id": investment.editor.organisation_id,
            "rule": FinancingSource.Rule.SPILLOVER}


def project_of(investment: Investment) -> Project | None:
    """The producer's project of the investment's work: the project of that work owned by the
    producer organisation of the investment's producer company."""
    if investment.work_id is None or investment.producer_id is None:
        return None
    return Project.objects.filter(work_id=investment.work_id,
                                  owner__company_id=investment.producer_id,
                                  owner__kind=Organisation.Kind.PRODUCER).first()


def linkable_sources(project: Project, investment: Investment | None = None):
    """The project's broadcaster sources in force that no fund record or investment holds."""
    sources = project.sources.filter(
        source_type__in=list(LINKABLE.values()), application__isnull=True,
        commitment__isnull=True, investment_link__isnull=True)
    if investment is not None:
        sources = sources.filter(source_type=LINKABLE[investment.category])
    return sources.order_by("pk")


def linkable_investments(project: Project):
    """The investments in the project's work by its producer that are not linked yet (the
    confidential ones stay with their editor)."""
    return Investment.objects.filter(
        work_id=project.work_id, producer_id=project.owner.company_id,
        category__in=list(LINKABLE), confidential=False, source_link__isnull=True).exclude(
        status=Investment.Status.CANCELLED).select_related("editor__organisation")


def _check(investment: Investment, project: Project | None, source: FinancingSource | None):
    if investment.category not in LINKABLE:
        raise Refused(_("Only a coproduction or a pre-purchase is a source of the producer's "
                        "financing plan."))
    if investment.status == Investment.Status.CANCELLED:
        raise Refused(_("A cancelled investment is not linked."))
    if project is None or project.work_id != investment.work_id \
            or project.owner.company_id != investment.producer_id:
        raise Refused(_("The producer of this investment has no project of this work in "
                        "Montage: its proof list stays typed."))
    if InvestmentLink.objects.filter(investment=investment).exists():
        raise Refused(_("This investment is linked already."))
    if source is not None:
        if source.project_id != project.pk or not linkable_sources(project, investment).filter(
                pk=source.pk).exists():
            raise Refused(errors={"source": _(
                "Choose a broadcaster source of this kind that nothing else holds.")})


def _tell(organisations, subject: str, url: str) -> None:
    from montage.web.inbox.services import notify

    notify(organisations, "investment_linked", subject, url)


def _investment_url(investment: Investment) -> str:
    return reverse("investments_investment", args=[investment.pk])


def _links_url(project: Project) -> str:
    return reverse("production_investment_links", args=[project.pk])


def _subject(investment: Investment) -> str:
    return f"{investment.work} — {investment.editor.organisation}"


def propose_from_investment(investment: Investment, user) -> InvestmentLink:
    """The editor proposes: its investment is the money of a source of the producer's project;
    the producer confirms, naming the source (or letting Montage add it)."""
    project = project_of(investment)
    _check(investment, project, None)
    with transaction.atomic():
        link = InvestmentLink.objects.create(investment=investment, project=project,
                                             proposed_by_side=InvestmentLink.Side.EDITOR,
                                             proposed_by=user)
        record_decision(investment, "investment link proposed", str(project))
        _tell([project.owner], _subject(investment), _links_url(project))
    return link


def propose_from_source(source: FinancingSource, investment: Investment, user) -> InvestmentLink:
    """The producer proposes: its source is this investment; the editor confirms."""
    project = source.project
    _check(investment, project, source)
    with transaction.atomic():
        link = InvestmentLink.objects.create(investment=investment, project=project,
                                             source=source,
                                             proposed_by_side=InvestmentLink.Side.PRODUCER,
                                             proposed_by=user)
        record_decision(investment, "investment link proposed", source.label)
        _tell([investment.editor.organisation], _subject(investment),
              _investment_url(investment))
    return link


def confirm(link: InvestmentLink, side: str, user,
            source: FinancingSource | None = None) -> InvestmentLink:
    """The other side confirms. The producer confirming an editor's proposal names its source,
    or none: a source is then added from the investment. The source then follows the
    investment."""
    if link.confirmed_at is not None:
        raise Refused(_("This link is confirmed already."))
    if side == link.proposed_by_side:
        raise Refused(_("The other side confirms the link."))
    investment = link.investment
    if link.source_id is None:
        if source is not None:
            _check_source(link, source)
        else:
            source = FinancingSource(
                project=link.project, source_type=LINKABLE[investment.category],
                label=f"{investment.editor.organisation} — "
                      f"{investment.get_category_display()}")
    with transaction.atomic():
        if link.source_id is None:
            for name, value in investment_facts(investment).items():
                setattr(source, name, value)
            source.save()
            link.source = source
        link.confirmed_by, link.confirmed_at = user, timezone.now()
        link.save()
        follow_investment(investment)
        record_decision(investment, "investment link confirmed", link.source.label)
        _tell([investment.editor.organisation, link.project.owner], _subject(investment),
              _investment_url(investment) if side == InvestmentLink.Side.PRODUCER
              else _links_url(link.project))
    return link


def _check_source(link: InvestmentLink, source: FinancingSource) -> None:
    if source.project_id != link.project_id or not linkable_sources(
            link.project, link.investment).filter(pk=source.pk).exists():
        raise Refused(errors={"source": _(
            "Choose a broadcaster source of this kind that nothing else holds.")})


def linked_source(investment: Investment) -> FinancingSource | None:
    link = InvestmentLink.objects.filter(investment=investment,
                                         confirmed_at__isnull=False).first()
    return link.source if link is not None else None


def follow_investment(investment: Investment) -> FinancingSource | None:
    """The one writer of FOLLOWED on the source confirmed as `investment` (audited through the
    source's AUDITED_FIELDS); the ledger's obligations follow."""
    from montage.web.ledger import dashboard

    source = linked_source(investment)
    if source is None:
        return None
    facts = investment_facts(investment)
    changed = source.investment_id != investment.pk or any(
        getattr(source, name) != value for name, value in facts.items())
    if changed:
        for name, value in facts.items():
            setattr(source, name, value)
        source.investment = investment
        source.save()
        dashboard.refresh_after_commit(source.project_id)
    return source


def disagreements() -> list[tuple[FinancingSource, str]]:
    """Every confirmed link whose source differs from its investment, with the field."""
    found = []
    for link in InvestmentLink.objects.filter(confirmed_at__isnull=False).select_related(
            "source", "investment__editor"):
        for name, value in investment_facts(link.investment).items():
            if getattr(link.source, name) != value:
                found.append((link.source, name))
    return found


def _followed(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    follow_investment(instance)


def connect() -> None:
    post_save.connect(_followed, sender=Investment, dispatch_uid="investment_link_investment")
