"""The pre-check of projected compliance (docs/web-desks.md, "Pre-check"): for a project at a
date, each financier's rule on the ledger's actual spend plus what remains of the budget, where
it is planned to be spent.

What remains is the cost report's estimate to complete per account (`production.services.
cost_report`, the one computation): first the open purchase orders of the account, with their
supplier; the rest spread over the account's budget lines in proportion to their totals, each
part with the line's planned supplier, else its place of spend, else nowhere (counted by no
rule). The actual spend is the dashboard's (`buckets.bucket_expenses`), the rules and their terms
the ledger's (`engine.RULES`, `engine.terms_for`); the projection is `montage.finance.projection`.
The application pages and the producer's dashboard read `precheck`, nothing else.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext as _

from montage.finance import expenses as fin
from montage.finance.projection import PlannedSpend, Projection, percent  # noqa: F401
from montage.finance.projection import project as project_rule
from montage.law.explain import Line, show_value
from montage.money import ZERO, to_cents
from montage.web.ledger import buckets, engine
from montage.web.production import services as production_services
from montage.web.production.models import FinancingSource, Project

# the date a rule's terms are dated by, per rule: filled with the projection's day while the
# source is not signed yet (an application: the rules in force that day)
TERM_DATES = {FinancingSource.Rule.WALLIMAGE: "granted_on",
              FinancingSource.Rule.SCREEN_BRUSSELS: "granted_on",
              FinancingSource.Rule.TAX_SHELTER: "contracted_on"}


@dataclass
class PrecheckRow:
    source: FinancingSource
    projection: Projection | None
    problem: str = ""
    assumed_date: bool = False

    @property
    def sentence(self) -> str:
        """The verdict in one French sentence (the explanation's last step)."""
        if self.projection is None:
            return self.problem
        return self.projection.explanation.steps[-1].text("fr")


def worded(projection: Projection, lang: str) -> dict:
    """A projection's explanation in `lang`: the verdict, the steps, the notes and each
    parameter (name, value, source, validity, description). The page reads it, and the
    application keeps it (`frozen`) in every language: one set of sentences for both."""
    explanation = projection.explanation
    return {
        "sentence": explanation.steps[-1].text(lang),
        "steps": [line.text(lang) for line in explanation.steps],
        "notes": [line.text(lang) for line in explanation.notes],
        "parameters": [{"name": q.name, "value": show_value(q.value, q.unit, lang, q.per),
                        "source": q.source, "valid_from": q.valid_from,
                        "valid_until": q.valid_until, "description": q.description.get(lang, "")}
                       for q in explanation.parameters]}


def _kept(words: dict) -> dict:
    """The worded explanation as the dossier keeps it: its parameters by name, description and
    source (their values and validity are the parameters' own, read again from the files)."""
    return dict(words, parameters=[{key: q[key] for key in ("name", "description", "source")}
                                   for q in words["parameters"]])


@dataclass
class Precheck:
    as_of: dt.date
    rows: list[PrecheckRow]
    planned: list[PlannedSpend]
    remaining: Decimal
    unplanned: Decimal
    incomplete: list[str] = field(default_factory=list)   # accounts whose remainder is unknown
    certification: object | None = None                   # carbon.services.Condition

    @property
    def failed(self) -> list[PrecheckRow]:
        return [row for row in self.rows if row.projection is None or not row.projection.met]


def _payee(line) -> fin.Supplier | None:
    if line.planned_supplier_id:
        return engine.finance_supplier(line.planned_supplier)
    if line.spend_postal_code:
        country = line.spend_country or "BE"
        return fin.Supplier(name=_("planned place %(code)s %(country)s") % {
            "code": line.spend_postal_code, "country": country},
            postal_code=line.spend_postal_code, country=country)
    return None


def _spread(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` in cents over `weights`, in proportion, the cents left by rounding down given to
    the largest remainders first (then the first lines): the parts add up to `amount`."""
    total = sum(weights, ZERO)
    cents = int(amount * 100)
    exact = [Decimal(cents) * w / total for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:cents - sum(parts)]:
        parts[i] += 1
    return [Decimal(p) / 100 for p in parts]


def planned_spend(project: Project) -> tuple[list[PlannedSpend], list[str]]:
    """What remains to spend per account with where it is planned (module docstring), and the
    accounts whose remainder is unknown (an employer-charge rate missing)."""
    view = production_services.cost_report(project)
    orders = defaultdict(list)
    for order, open_amount in production_services.open_orders(project):
        if open_amount:
            orders[order.account_id].append((order, open_amount))
    version = production_services.current_version(project)
    lines = defaultdict(list)
    if version is not None:
        for row in production_services.budget_figures(version).lines:
            lines[row.line.account_id].append(row)
    planned, incomplete = [], []
    for row in view.report.rows:
        account = view.accounts.get(row.code)
        figure = row.figures["estimate_to_complete"]
        if account is None:
            continue
        if not figure.complete:
            incomplete.append(row.code)
            continue
        remaining = figure.value
        facts = {"account": account.code, "cost_type": account.cost_type,
                 "post_production": account.post_production}
        for order, open_amount in orders.get(account.pk, []):
            take = min(open_amount, remaining)
            remaining -= take
            if take:
                planned.append(PlannedSpend(f"order:{order.pk}", amount=take,
                                            supplier=engine.finance_supplier(order.supplier),
                                            label=order.number, **facts))
        own = [r for r in lines.get(account.pk, []) if r.total]
        if remaining and not own:
            planned.append(PlannedSpend(f"account:{account.pk}", amount=remaining,
                                        supplier=None, label=account.label, **facts))
        elif remaining:
            for r, part in zip(own, _spread(remaining, [r.total for r in own])):
                if part:
                    planned.append(PlannedSpend(
                        f"line:{r.line.pk}", amount=part, supplier=_payee(r.line),
                        label=r.line.description,
                        kind="payroll" if r.line.fringe_code else "invoice", **facts))
    return planned, incomplete


def _terms_source(source: FinancingSource, as_of: dt.date) -> tuple[FinancingSource, bool]:
    """The source, with the projection's day as its signature or decision date while none is
    recorded (an application, a source only requested)."""
    name = TERM_DATES.get(source.rule)
    if name is None or getattr(source, name) or (name == "granted_on" and source.contracted_on):
        return source, False
    filled = copy.copy(source)
    setattr(filled, name, as_of)
    return filled, True


def precheck(project: Project, as_of: dt.date, extra: list[FinancingSource] = (),
             certification=None) -> Precheck:
    """Every obligation-bearing source of the project (and `extra`, unsaved: the source an
    application would add) projected at `as_of`. `certification`: the fund's certification
    condition when it applies (carbon.services.precheck_certification, asked by the pages)."""
    sources, assumed = [], []
    for source in [*engine.obligation_sources(project), *extra]:
        filled, was_assumed = _terms_source(source, as_of)
        sources.append(filled)
        assumed.append(was_assumed)
    planned, incomplete = planned_spend(project)
    actual = buckets.bucket_expenses(project, sources)
    employer = project.owner.company
    employer_facts = engine.finance_supplier(employer) if employer else None
    rows = []
    for source, was_assumed in zip(sources, assumed):
        try:
            terms = engine.terms_for(source, as_of)
        except engine.MissingTerm as error:
            rows.append(PrecheckRow(source, None, str(error)))
            continue
        projection = project_rule(engine.RULES[source.rule](), terms, actual, planned, as_of,
                                  employer_facts)
        if was_assumed:
            projection.explanation.notes.insert(0, Line("fin_proj_assumed_date", {"day": as_of}))
        rows.append(PrecheckRow(source, projection, assumed_date=was_assumed))
    return Precheck(as_of, rows, planned, sum((p.amount for p in planned), ZERO),
                    sum((p.amount for p in planned if p.supplier is None), ZERO), incomplete,
                    certification)


def application_source(project: Project, call, amount: Decimal, spend: Decimal | None
                       ) -> FinancingSource | None:
    """The source an application to `call` would add (unsaved), as `applying.apply` makes it:
    a Wallimage coproduction line's rule, the amount requested, the committed ratio."""
    line = call.funding_line
    if not line.is_coproduction or not amount:
        return None
    ratio = (spend / amount).quantize(Decimal("0.0001")) if spend else None
    return FinancingSource(project=project, label=f"{line.organisation} — {call}",
                           source_type=FinancingSource.Type.REGIONAL_FUND,
                           rule=FinancingSource.Rule.WALLIMAGE, amount=to_cents(amount),
                           committed_ratio=ratio, status=FinancingSource.Status.REQUESTED)


def frozen(result: Precheck) -> dict:
    """The pre-check as the application keeps it (`Application.dossier["precheck"]`): amounts as
    exact strings, sentences in French, as the producer saw them when submitting, and under
    "words" the same sentences in the application's other languages (`fund.rules.dossier_view`
    reads them in the reader's)."""
    from django.conf import settings
    from django.utils import translation

    others = [lang for lang, _name in settings.LANGUAGES if lang != "fr"]
    words = {lang: {"rows": []} for lang in others}
    rows = []
    for row in result.rows:
        p = row.projection
        item = {"label": row.source.label, "rule": row.source.rule, "problem": row.problem}
        if p is not None:
            item.update(
                required=str(p.projected.required), actual=str(p.actual.counted),
                projected=str(p.projected.counted), short=str(p.short), met=p.met,
                ratio=percent(p.ratio) if p.ratio is not None else None,
                required_ratio=(percent(p.required_ratio) if p.required_ratio is not None
                                else None),
                **_kept(worded(p, "fr")))
        for lang in others:
            words[lang]["rows"].append({} if p is None else _kept(worded(p, lang)))
        rows.append(item)
    certification = result.certification
    for lang in others:
        with translation.override(lang):
            words[lang]["certification"] = str(certification.text) if certification else ""
    return {"as_of": result.as_of.isoformat(), "remaining": str(result.remaining),
            "unplanned": str(result.unplanned), "incomplete": result.incomplete, "rows": rows,
            "certification": ({"met": certification.met, "text": str(certification.text),
                               "source": certification.source} if certification else None),
            "words": words}


def _fingerprint(project: Project, as_of: dt.date) -> str:
    """What the project's pre-check depends on: the ledger's buckets, the sources' terms, the
    budget lines, the employer-charge rates, the purchase orders, the day."""
    from montage.web.production.models import BudgetLine

    parts = [str(project.pk), repr(buckets.ledger_version(project)), as_of.isoformat(),
             repr(list(engine.obligation_sources(project).values_list(
                 "pk", "rule", "status", "amount", "contracted_on", "granted_on",
                 "committed_ratio", "spend_deadline", "screen_format", "certificate_value",
                 "animation", "label"))),
             repr(list(BudgetLine.objects.filter(version__project=project,
                                                 version__is_current=True).values_list(
                 "pk", "account_id", "quantity", "rate", "currency", "exchange_rate",
                 "fringe_code", "planned_supplier_id", "spend_postal_code", "spend_country"))),
             repr(list(project.fringe_rates.values_list("code", "rate"))),
             repr(list(project.orders.values_list("pk", "account_id", "supplier_id",
                                                  "amount"))),
             ]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def dashboard_rows(project: Project, as_of: dt.date) -> list[dict]:
    """The dashboard's sentences (one per Wallimage source: the projected ratio against the
    committed one), from `precheck`, cached until what it depends on changes."""
    key = f"ledger-precheck:{_fingerprint(project, as_of)}"
    found = cache.get(key)
    if found is None:
        found = []
        for row in precheck(project, as_of).rows:
            p = row.projection
            if p is None or p.ratio is None:
                continue
            found.append({"source_pk": row.source.pk, "label": row.source.label,
                          "ratio": percent(p.ratio), "required": percent(p.required_ratio),
                          "met": p.met, "short": p.short, "points": p.points_short})
        cache.set(key, found, 3600)
    return found
