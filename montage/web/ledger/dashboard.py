"""The project dashboard (docs/web-ledger.md, "Dashboard"): every obligation's progress and the
spend by territory and by budget chapter over time, as server-rendered SVG.

Figures come from the ledger buckets (`buckets.statuses`, the same rules as the per-line pages),
cached per project until the ledger or the financing plan changes. Chart coordinates are
computed with integers and Decimal, never floats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from montage.finance.obligations import add_months
from montage.money import ZERO
from montage.web import permissions
from montage.web.production.models import FinancingSource, Project
from montage.web.ledger import buckets, engine

TERRITORY_LABELS = {
    "wallonia": gettext_lazy("Wallonia"), "brussels": gettext_lazy("Brussels"),
    "flanders": gettext_lazy("Flanders"), "german": gettext_lazy("German-speaking area"),
    "abroad": gettext_lazy("abroad"),
}
COLOURS = ["#1f5f8b", "#c0392b", "#d4a017", "#2e8b57", "#7d3c98", "#e67e22", "#16a085",
           "#7f8c8d", "#34495e", "#a04000", "#5d6d7e", "#117a65"]
# which territory's cumulative spend each obligation's required amount is drawn against
RULE_TERRITORY = {FinancingSource.Rule.WALLIMAGE: ("wallonia", "german"),
                  FinancingSource.Rule.SCREEN_BRUSSELS: ("brussels",),
                  FinancingSource.Rule.SPILLOVER: ("wallonia", "brussels"),
                  FinancingSource.Rule.TAX_SHELTER: ("wallonia", "brussels", "flanders",
                                                     "german")}
WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 760, 280, 100, 30, 12, 40


def _fingerprint(project: Project, sources, as_of: dt.date) -> str:
    parts = [str(project.pk), repr(buckets.ledger_version(project)), as_of.isoformat()]
    for s in sources:
        parts.append(repr((s.pk, s.rule, s.status, s.amount, s.contracted_on, s.granted_on,
                           s.committed_ratio, s.spend_deadline, s.screen_format,
                           s.certificate_value, s.animation, s.label)))
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def figures(project: Project, as_of: dt.date) -> tuple[list[dict], dict]:
    """(per obligation: required, counted, missing, due date, progress; the monthly spend by
    territory and by chapter), cached until the ledger or the sources' terms change."""
    sources = list(engine.obligation_sources(project))
    fingerprint = _fingerprint(project, sources, as_of)
    key = f"ledger-dashboard:{fingerprint}"
    found = cache.get(key)
    if found is None:
        rows = []
        pseudo = buckets.bucket_expenses(project, sources)
        assessed = engine.statuses(project, as_of, sources=sources, expenses=pseudo)
        # the obligations page's figures come from the same assessment (`obligation_rows`)
        cache.set(f"ledger-obligations:{fingerprint}", _obligation_rows(assessed, pseudo), 3600)
        for status in assessed:
            s = status.status
            row = {"source_pk": status.source.pk, "label": status.source.label,
                   "rule": status.source.rule, "problem": status.problem}
            if s is not None:
                row.update(required=s.required, counted=s.counted, missing=s.missing,
                           surplus=s.surplus, due_date=s.due_date, met=s.met,
                           percent=engine.progress(s)[1], issues=len(s.issues))
            rows.append(row)
        series = {kind: {name: dict(months) for name, months in by_name.items()}
                  for kind, by_name in buckets.monthly_series(project).items()}
        found = (rows, series)
        cache.set(key, found, 3600)
    rows, series = found
    # the words in the reader's language, not in the one of whoever filled the cache
    rows = [dict(row, rule_label=FinancingSource.Rule(row["rule"]).label if row["rule"] else "")
            for row in rows]
    return rows, series


def obligation_rows(project: Project, as_of: dt.date) -> list[dict]:
    """The obligations page's figures per source (`_obligation_rows`), from the buckets: cached
    with the dashboard's (computed when a change is committed), computed otherwise."""
    sources = list(engine.obligation_sources(project))
    key = f"ledger-obligations:{_fingerprint(project, sources, as_of)}"
    found = cache.get(key)
    if found is None:
        pseudo = buckets.bucket_expenses(project, sources)
        found = _obligation_rows(engine.statuses(project, as_of, sources=sources,
                                                 expenses=pseudo), pseudo)
        cache.set(key, found, 3600)
    return found


def _obligation_rows(assessed: list[engine.SourceStatus], pseudo: list) -> list[dict]:
    """Per source: its figures, issues (translated when shown), and where the spend that did
    not count went (`short`: per seat territory, the amount not counted; most first) — the
    buckets' pseudo-expenses carry their class's seat, so no line is read."""
    rows = []
    for item in assessed:
        s = item.status
        row = {"source": item.source, "problem": item.problem, "status": None, "short": []}
        if s is not None:
            row["status"] = {"counted": s.counted, "required": s.required,
                             "missing": s.missing, "surplus": s.surplus,
                             "due_date": s.due_date}
            row["progress"], row["percent"] = engine.progress(s)
            row["issues"] = list(s.issues)
            if s.missing:
                counted: dict[str, Decimal] = {}
                for line in s.lines:
                    counted[line.expense_id] = counted.get(line.expense_id, ZERO) + line.amount
                lost: dict[tuple, Decimal] = {}
                for expense in pseudo:
                    supplier = expense.supplier
                    where = (supplier.postal_code or "", supplier.country or "BE")
                    lost[where] = lost.get(where, ZERO) + expense.amount \
                        - counted.get(expense.id, ZERO)
                row["short"] = [(where, amount) for where, amount in lost.items()]
        rows.append(row)
    return rows


def refresh_after_commit(project_pk: int) -> None:
    """Once the current transaction commits, compute and cache today's obligation rows of the
    project (its ledger or financing plan changed), so that the dashboard answers from its
    cache. Robust: a failure there never undoes the change that was saved."""
    transaction.on_commit(lambda: refresh(project_pk), robust=True)


@receiver(buckets.buckets_changed, dispatch_uid="montage.web.ledger.dashboard")
def _buckets_changed(sender, project_pk: int, **kwargs) -> None:
    """A project's buckets changed (an import, a ledger form, a repair): warm its figures."""
    refresh_after_commit(project_pk)


def refresh(project_pk: int) -> None:
    project = Project.objects.select_related("owner__company").filter(pk=project_pk).first()
    if project is not None:
        figures(project, timezone.localdate())


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _scale(value: Decimal, top: Decimal, span: int) -> int:
    if not top:
        return 0
    return int((value * span / top).to_integral_value(ROUND_HALF_UP))


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (axis top; Decimal only)."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, Decimal("2.5"), 4, 5, 10):
        if power * step >= value:
            return power * step
    return power * 10


def chart(series: dict[str, dict[dt.date, Decimal]], labels: dict, lines: list[tuple]) -> dict:
    """Cumulative monthly series as SVG polylines (integer coordinates), with horizontal
    reference lines (label, amount) — each ratio's required spend."""
    months = sorted({m for values in series.values() for m in values})
    if not months:
        return {"empty": True}
    months = _months(months[0], months[-1])
    cumulative = {}
    for name, values in series.items():
        total, points = ZERO, []
        for month in months:
            total += values.get(month, ZERO)
            points.append(total)
        cumulative[name] = points
    top = max([points[-1] for points in cumulative.values()] + [a for _, a in lines] + [ZERO])
    top = nice_ceiling(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP
    step = plot_w // max(len(months) - 1, 1)

    def x(i: int) -> int:
        return LEFT + i * step

    def y(value: Decimal) -> int:
        return TOP + plot_h - _scale(value, top, plot_h)

    polylines = []
    for n, (name, points) in enumerate(sorted(cumulative.items(),
                                              key=lambda item: -item[1][-1])):
        polylines.append({
            "name": name, "label": labels.get(name, name), "colour": COLOURS[n % len(COLOURS)],
            "points": " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(points)),
            "total": points[-1], "end_y": y(points[-1])})
    refs = [{"label": label, "amount": amount, "y": y(amount)} for label, amount in lines]
    ticks = [{"x": x(i), "label": month.strftime("%m/%Y")}
             for i, month in enumerate(months) if i % max(1, len(months) // 8) == 0]
    grid = [{"y": y(top * k / 4), "amount": (top * k / 4).quantize(Decimal(1))}
            for k in range(5)]
    return {"empty": False, "width": WIDTH, "height": HEIGHT, "left": LEFT,
            "right": LEFT + (len(months) - 1) * step, "bottom": TOP + plot_h,
            "polylines": polylines, "refs": refs, "ticks": ticks, "grid": grid,
            "months": len(months)}


def page_context(request, project_pk: int) -> dict:
    """The dashboard page's figures (the page: dashboard_views.py), after the permission
    check."""
    project = get_object_or_404(Project.objects.select_related("work", "owner",
                                                               "owner__company"),
                                pk=project_pk)
    permissions.require(permissions.can_view_project(request.user, project))
    as_of = timezone.localdate()  # the day the obligations page assesses on, too
    rows, series = figures(project, as_of)
    territory_lines, chapter_lines = [], []
    for row in rows:
        if row.get("required") is not None:
            territory_lines.append((row["label"], row["required"]))
    accounts = {a.code: a.label for a in project.accounts.filter(parent__isnull=True)}
    chapter_labels = {code: f"{code} {accounts.get(code, '')}".strip()
                      for code in series["chapter"]}
    chapter_labels["—"] = _("no account")
    territory_totals = [(TERRITORY_LABELS[name], sum(series["territory"].get(name, {}).values(),
                                                     ZERO))
                        for name in buckets.TERRITORIES]
    total = sum((amount for _, amount in territory_totals), ZERO)
    return {
        "project": project, "rows": rows, "as_of": as_of,
        "territory_chart": chart(series["territory"], TERRITORY_LABELS, territory_lines),
        "chapter_chart": chart(series["chapter"], chapter_labels, chapter_lines),
        "territory_totals": territory_totals, "total": total,
        "can_edit": permissions.can_edit_project(request.user, project),
    }
