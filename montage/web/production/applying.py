"""The producer applies to a fund's call from a project (docs/web-desks.md).

Montage assembles the application from the project — the work, the budget total and top sheet,
the financing plan with each source's status, the committed regional-spend ratio — and files it
through the fund's writer (`fund.services.submit_application`: the closing date, the documents
the call asks for). The producer's financing source for that money is made at the same time,
linked to the application: from then on its amount, status, dates and tranches are the fund's
(montage/web/production/fund_link.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from montage.web.fund import services as fund_services
from montage.web.fund.models import Application, Call
from montage.web.production import fund_link, services
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.services import Refused


def open_calls(on: dt.date):
    """The calls a producer may apply to on `on`: open, not cancelled."""
    return Call.objects.filter(opens_on__lte=on, closes_on__gte=on).select_related(
        "funding_line__organisation").order_by("closes_on", "title")


def _money(value) -> str | None:
    return None if value is None else str(value)


def dossier(project: Project, amount: Decimal, spend: Decimal) -> dict:
    """The project's figures the fund reads, as they are now (kept on the application as
    submitted): amounts as exact decimal strings, kinds and statuses as their codes (rendered in
    the reader's language by `fund.rules.dossier_view`)."""
    version = services.current_version(project)
    chapters, figures = services.top_sheet(version) if version else ([], None)
    plan = services.financing_plan(project)
    return {
        "work": {"title": project.work.title, "type": project.work.work_type},
        "budget": ({"version": version.number, "total": _money(figures.total.value),
                    "complete": figures.total.complete} if figures else None),
        "top_sheet": [{"code": c.code, "label": c.label, "total": _money(c.total.value)}
                      for c in chapters if c.total.value],
        "financing": [{"label": r.source.label, "type": r.source.source_type,
                       "status": r.source.status,
                       "amount": _money(r.source.amount)} for r in plan.rows],
        "financing_total": _money(plan.total),
        "committed_ratio": _money((spend / amount).quantize(Decimal("0.0001"))
                                  if amount else None),
    }


def apply(project: Project, call: Call, amount: Decimal, spend: Decimal,
          broadcaster_cash: Decimal | None, documents: dict, user, on: dt.date) -> Application:
    """File the project's application to `call` on `on` and add the linked financing source."""
    if not amount or amount <= 0:
        raise Refused(errors={"amount_requested": _("Give the amount requested.")})
    if FinancingSource.objects.filter(project=project, application__call=call).exclude(
            application__status=Application.Status.REFUSED).exists():
        raise Refused(_("This project has already applied to this call."))
    from montage.web.ledger import precheck

    # the pre-check the producer saw, frozen with the dossier for the analyst (it warns, it
    # does not block: docs/web-desks.md)
    extra = [s for s in [precheck.application_source(project, call, amount, spend)] if s]
    from montage.web.carbon import services as carbon

    result = precheck.precheck(project, on, extra,
                               certification=carbon.precheck_certification(project, on, call))
    kept = dict(dossier(project, amount, spend), precheck=precheck.frozen(result))
    application = Application(
        work=project.work, applicant=project.owner.company, amount_requested=amount,
        walloon_spend_committed=spend, broadcaster_cash=broadcaster_cash, dossier=kept)
    with transaction.atomic():
        fund_services.submit_application(call, application, documents, user, on)
        line = call.funding_line
        source = FinancingSource(
            project=project, application=application, label=f"{line.organisation} — {call}",
            source_type=FinancingSource.Type.REGIONAL_FUND,
            rule=(FinancingSource.Rule.WALLIMAGE if line.is_coproduction else ""))
        for name, value in fund_link.fund_facts(application).items():
            setattr(source, name, value)
        source.save()
    from montage.web.ledger import dashboard

    dashboard.refresh_after_commit(project.pk)
    return application


def applications_of(project: Project):
    """The project's applications (through their sources), newest first."""
    return Application.all_objects.filter(financing_sources__project=project).select_related(
        "call__funding_line__organisation").distinct().order_by("-submitted_on", "-pk")

