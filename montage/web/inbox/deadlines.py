"""Deadlines within 30 days (docs/web-desks.md, "Deadlines"): computed from the records when the
inbox or the home page is read, never stored — so a deadline is never told twice, disappears once
done or past, and moves when its record moves.

Each deadline comes from the function that already computes it: a project's spend obligations
(the ledger's dashboard figures: Wallimage's and screen.brussels' spend deadlines, the FWB
spillover's three-year window, the Tax Shelter's period), a tranche scheduled by hand, a call's
closing date for a producer that has not applied to it yet, an editor's obligation calendar
(`montage.law.calendar` through `contribution.services.step1_calendar`) and an unrealised
investment's reassignment deadline (`investments.services.unrealised_projects`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from montage.law.messages import LABELS
from montage.web.registry.models import Organisation

# how far ahead the inbox looks (the "deadlines within 30 days": a display horizon,
# not a rule of any financier)
HORIZON_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    organisation: Organisation
    due: dt.date
    what: str
    url: str = ""


def _within(due: dt.date | None, on: dt.date) -> bool:
    return due is not None and on <= due <= on + dt.timedelta(days=HORIZON_DAYS)


def upcoming(organisation_ids, on: dt.date) -> list[Deadline]:
    """The deadlines of the organisations between `on` and 30 days later, soonest first."""
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=list(organisation_ids))}
    found: list[Deadline] = []
    producers = [o for o in organisations.values() if o.kind == "producer"]
    editors = [o for o in organisations.values() if o.kind == "editor"]
    if producers:
        found += _producer_deadlines(producers, on)
    if editors:
        found += _editor_deadlines(editors, on)
    found.sort(key=lambda d: (d.due, d.organisation.name, d.what))
    return found


def _producer_deadlines(producers, on: dt.date) -> list[Deadline]:
    from montage.web.fund.models import Application
    from montage.web.ledger import dashboard
    from montage.web.production import applying
    from montage.web.production.models import FinancingTranche, Project

    found = []
    for project in Project.objects.filter(owner__in=producers).select_related(
            "work", "owner", "owner__company"):
        rows, _series = dashboard.figures(project, on)
        for row in rows:
            if _within(row.get("due_date"), on) and row.get("missing"):
                found.append(Deadline(project.owner, row["due_date"], _(
                    "%(project)s: spend deadline of %(source)s (%(missing)s still to spend)") % {
                    "project": project, "source": row["label"],
                    "missing": _money(row["missing"])},
                    reverse("ledger_obligation", args=[project.pk, row["source_pk"]])))
    for tranche in FinancingTranche.objects.filter(
            source__project__owner__in=producers, received_on__isnull=True,
            due_on__gte=on, due_on__lte=on + dt.timedelta(days=HORIZON_DAYS),
            source__cancelled_at__isnull=True).select_related("source__project__owner",
                                                            "source__project__work"):
        project = tranche.source.project
        found.append(Deadline(project.owner, tranche.due_on, _(
            "%(project)s: tranche %(number)s of %(source)s due") % {
            "project": project, "source": tranche.source.label, "number": tranche.number},
            reverse("production_financing", args=[project.pk])))
    companies = {o.company_id: o for o in producers if o.company_id}
    applied = set(Application.objects.filter(applicant_id__in=list(companies)).values_list(
        "applicant_id", "call_id"))
    for call in applying.open_calls(on).filter(
            closes_on__lte=on + dt.timedelta(days=HORIZON_DAYS)):
        for company_id, organisation in companies.items():
            if (company_id, call.pk) not in applied:
                found.append(Deadline(organisation, call.closes_on, _(
                    "call “%(call)s” of %(fund)s closes") % {
                    "call": call.title, "fund": call.funding_line.organisation}, ""))
    return found


def _editor_deadlines(editors, on: dt.date) -> list[Deadline]:
    from montage.errors import MontageError
    from montage.web.contribution import services as contribution_services
    from montage.web.contribution.models import EditorProfile, ObligationYear
    from montage.web.investments import services as investments_services

    found = []
    for obligation in ObligationYear.objects.filter(
            editor__organisation__in=editors).select_related("editor__organisation"):
        try:
            calendar = contribution_services.step1_calendar(obligation, on)
        except MontageError:
            continue  # the file's page says why its calendar cannot be computed
        for deadline in calendar.deadlines:
            if deadline.actor == "editor" and deadline.status == "upcoming" \
                    and _within(deadline.due, on):
                found.append(Deadline(obligation.editor.organisation, deadline.due, _(
                    "%(year)s obligation: %(what)s") % {
                    "year": obligation.year,
                    "what": LABELS.get(deadline.key, {}).get(_lang(), deadline.key)},
                    reverse("obligation_detail", args=[obligation.pk])))
    for editor in EditorProfile.objects.filter(organisation__in=editors).select_related(
            "organisation"):
        for row in investments_services.unrealised_projects(editor, None):
            if _within(row["deadline"], on) and row["left"]:
                found.append(Deadline(editor.organisation, row["deadline"], _(
                    "unrealised investment in %(work)s: reassign %(left)s (three years)") % {
                    "work": row["investment"].work, "left": _money(row["left"])}, ""))
    return found


def _lang() -> str:
    from django.utils import translation

    return "en" if (translation.get_language() or "fr").startswith("en") else "fr"


def _money(amount) -> str:
    from montage.money import format_money

    return format_money(amount, _lang())
