"""Server-rendered pages. Each view asks `montage.web.permissions` before showing anything."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from montage.errors import MontageError
from montage.money import format_money
from montage.web import permissions
from montage.web.core import lists
from montage.web.contribution.models import ObligationYear
from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry, Organisation, Work
from montage.web.core.templatetags.montage import current_lang

Kind = Organisation.Kind


def contribution_for(obligation: ObligationYear, lang: str) -> dict | None:
    """The contribution figure from the law engine, with its explanation.

    Basis: `contribution_services.contribution_basis` (fixed by the CSA → declared lines → estimate), the one
    choice shared with the step-1 page and the API; anything but the CSA's figure is shown as
    provisional. The web layer applies no rule itself.
    """
    from montage.web.contribution import services as contribution_services

    chosen = contribution_services.contribution_basis(obligation)
    if chosen.amount is None:
        return None
    basis = chosen.amount
    figure = {"basis": basis, "provisional": chosen.provisional, "source": chosen.source}
    try:
        from montage.law.contribution import compute_contribution
    except ImportError:
        figure["error"] = _("The law engine is not available: no contribution computed.")
        return figure
    try:
        from montage.web.parameters.services import current_parameters

        result = compute_contribution(obligation.year, Decimal(basis), current_parameters())
    except MontageError as error:
        figure["error"] = str(error)
        return figure
    figure.update(amount=result.amount, rate=result.rate, exempt=result.exempt,
                  explanation=result.explanation.readable(
                      lang, format_money(result.amount, lang)))
    return figure


def _history(*objects) -> list[AuditEntry]:
    query = Q()
    for obj in objects:
        query |= Q(content_type=ContentType.objects.get_for_model(type(obj)),
                   object_id=str(obj.pk))
    return list(AuditEntry.objects.filter(query).select_related("actor")[:50])


def _lines_by_service(lines) -> list[dict]:
    services: OrderedDict = OrderedDict()
    for line in lines:
        group = services.setdefault(line.service, {"service": line.service, "lines": [],
                                                   "total": Decimal("0")})
        group["lines"].append(line)
        group["total"] += line.amount
    return list(services.values())


@login_required
def home(request):
    user = request.user
    desks = permissions.desks(user)
    context = {"desks": desks}
    if Kind.EDITOR in desks:
        context["editor_files"] = permissions.obligations_for(user).filter(
            editor_id__in=[o.pk for o in permissions.organisations(user, Kind.EDITOR)])
    if Kind.CSA in desks:
        context["csa_to_fix"] = permissions.obligations_for(user).filter(
            status=ObligationYear.Status.DECLARED)
    if Kind.CCA in desks:
        context["cca_to_validate"] = permissions.obligations_for(user).filter(
            form=ObligationYear.Form.INVESTMENTS, status=ObligationYear.Status.FIXED)
    if Kind.PRODUCER in desks:
        context["producer_works"] = permissions.works_for(user)
        context["producer_investments"] = permissions.investments_for(user, shared=True)
    if Kind.FUND in desks:
        context["fund_work_count"] = permissions.works_for(user).count()
    context.update(_waiting(user))
    return render(request, "montage/home.html", context)


def _waiting(user) -> dict:
    """What waits for the user's desks: the inbox's unread items, and from the records the
    board's applications to decide, the analysts' spend reports to verify, the producer's
    questions to answer (docs/web-desks.md)."""
    from montage.web.fund.models import Application, ApplicationQuestion, SpendReport
    from montage.web.inbox import services as inbox

    from montage.web.inbox import deadlines

    ids = permissions.inbox_organisation_ids(user)
    found = {"inbox": inbox.waiting(ids)[:10],
             "deadlines": deadlines.upcoming(ids, timezone.localdate()) if ids else []}
    board = permissions.fund_desk_organisation_ids(user, permissions.Role.FUND_BOARD)
    if board:
        found["to_decide"] = Application.objects.filter(
            call__funding_line__organisation_id__in=board,
            status__in=(Application.Status.SCORED, Application.Status.SECOND_PASS)
        ).select_related("work", "call")
    analysts = permissions.fund_desk_organisation_ids(user, permissions.Role.FUND_ANALYST)
    if analysts:
        found["to_verify"] = SpendReport.objects.filter(
            tranche__commitment__application__call__funding_line__organisation_id__in=analysts,
            tranche__released_on__isnull=True).select_related(
                "tranche__commitment__application__work")
    companies = [o.company_id for o in permissions.organisations(user, Kind.PRODUCER)
                 if o.company_id]
    if companies:
        found["to_answer"] = ApplicationQuestion.objects.filter(
            application__applicant_id__in=companies, answered_at__isnull=True
        ).select_related("application__work", "application__call")
    return found


def _file_years():
    return [(year, year) for year in ObligationYear.objects.order_by("-year").values_list(
        "year", flat=True).distinct()]


FILE_FILTERS = (lists.Filter("year", gettext_lazy("Year"), _file_years, "year"),
                lists.Filter("form", gettext_lazy("Form"), ObligationYear.Form.choices, "form"),
                lists.Filter("status", gettext_lazy("Status"), ObligationYear.Status.choices,
                             "status"))
FILE_COLUMNS = (lists.Column(gettext_lazy("Year"), lambda f: f.year, "int"),
                lists.Column(gettext_lazy("Editor"), lambda f: f.editor),
                lists.Column(gettext_lazy("Form"), lambda f: f.get_form_display()),
                lists.Column(gettext_lazy("Eligible turnover"), lambda f: f.eligible_turnover,
                             "money"),
                lists.Column(gettext_lazy("Amount notified"), lambda f: f.amount, "money"),
                lists.Column(gettext_lazy("Status"), lambda f: f.get_status_display()))


@login_required
def obligation_list(request, export: str = ""):
    """The files the user may see (`permissions.obligations_for`), searched by editor, filtered
    by year, form and status, paged; the same set as .xlsx at obligations/export.xlsx."""
    permissions.require(permissions.can_list_obligations(request.user))
    files = lists.listing(
        request, permissions.obligations_for(request.user).order_by(
            "-year", "editor__organisation__name", "pk"),
        search=("editor__organisation__name",), filters=FILE_FILTERS)
    if export:
        return lists.export(files, FILE_COLUMNS, title=_("Obligation files"),
                            filename="dossiers-obligation.xlsx")
    return render(request, "montage/obligation_list.html", {
        "listing": files, "files": files.page, "export_url": reverse("obligation_list_xlsx")})


def _obligation_context(request, pk: int, *, shared: bool) -> dict:
    obligation = get_object_or_404(ObligationYear.objects.select_related("editor__organisation"),
                                   pk=pk)
    user = request.user
    permissions.require(permissions.can_view_obligation(user, obligation))
    declaration = getattr(obligation, "declaration", None)
    lines = list(permissions.turnover_lines_for(user, obligation, shared=shared))
    hidden = 0
    if shared and declaration is not None:
        hidden = declaration.lines.filter(confidential=True).count()
    investments = list(permissions.investments_for(user, shared=shared).filter(
        obligation=obligation))
    counted = [i for i in investments if i.status == Investment.Status.ACTIVE]
    return {
        "file": obligation,
        "declaration": declaration,
        "services": _lines_by_service(lines),
        "declared_total": sum((line.amount for line in lines), Decimal("0")),
        "hidden_lines": hidden,
        "investments": investments,
        "investments_total": sum((i.amount for i in counted), Decimal("0")),
        "contribution": contribution_for(obligation, current_lang()),
        "shared": shared,
    }


@login_required
def obligation_detail(request, pk: int):
    context = _obligation_context(request, pk, shared=False)
    context["history"] = _history(context["file"], *context["investments"])
    return render(request, "montage/obligation_detail.html", context)


@login_required
def obligation_committee(request, pk: int):
    """The shared view for committees: nothing confidential, no history."""
    context = _obligation_context(request, pk, shared=True)
    return render(request, "montage/obligation_detail.html", context)


WORK_FILTERS = (lists.Filter("type", gettext_lazy("type"), Work.Type.choices, "work_type"),
                lists.Filter("status", gettext_lazy("status"), Work.Status.choices, "status"),
                lists.Filter("initiative", gettext_lazy("initiative"), Work.Initiative.choices,
                             "initiative"))
WORK_COLUMNS = (lists.Column(gettext_lazy("Title"), lambda w: w.title),
                lists.Column(gettext_lazy("Type"), lambda w: w.get_work_type_display()),
                lists.Column(gettext_lazy("Initiative"), lambda w: w.get_initiative_display()),
                lists.Column(gettext_lazy("Producer"), lambda w: w.producer or ""),
                lists.Column(gettext_lazy("Status"), lambda w: w.get_status_display()))


@login_required
def work_list(request, export: str = ""):
    """The works the user may see (`permissions.works_for`), searched, filtered, paged; the
    same set as .xlsx at works/export.xlsx."""
    permissions.require(permissions.can_list_works(request.user))
    works = lists.listing(request, permissions.works_for(request.user).order_by("title", "pk"),
                          search=("title", "producer__name"), filters=WORK_FILTERS)
    if export:
        return lists.export(works, WORK_COLUMNS, title=_("Works"), filename="oeuvres.xlsx")
    return render(request, "montage/work_list.html",
                  {"listing": works, "works": works.page, "export_url": reverse("work_list_xlsx")})


@login_required
def work_detail(request, pk: int):
    work = get_object_or_404(Work.objects.select_related("producer"), pk=pk)
    permissions.require(permissions.can_view_work(request.user, work))
    investments = permissions.investments_for(request.user).filter(work=work)
    credits = work.credits.select_related("person")
    return render(request, "montage/work_detail.html",
                  {"work": work, "investments": investments, "credits": credits})


def work_label(work: Work) -> str:
    return str(work)


@login_required
def work_search(request):
    """Search-as-you-type of a work field: the works the user may see (`works_for`)."""
    permissions.require(permissions.can_list_works(request.user))
    return lists.choices_json(request, permissions.works_for(request.user).order_by("title", "pk"),
                              search=("title",), label=work_label)
