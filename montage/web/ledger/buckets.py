"""The incremental path: every obligation recomputed from ledger buckets, never by rescanning.

A bucket (`LedgerBucket`) holds the running totals of the expenses the rules cannot tell apart:
same month, kind, cost type, budget account, the same *territory class* of the seat holders (per
seat: country, and for Belgium region and language area; plus the supplier's audiovisual
activity), of the employer (payroll), the same flags (location rental, studio, manager's
domicile, post-production, VFX, rental-agency vehicle, hotel night, private flat, directly
linked) and the same missing invoice fields. A representative supplier (and its postal codes) is
kept so that the bucket can stand, as one pseudo-expense, before the SAME rules
(`montage.finance.obligations`, through `engine.statuses`).

Why territory classes rather than suppliers: measured on the synthetic ledger of `montage bench`
(1 600 suppliers), keying by supplier gives ~12 times more buckets for no difference in any rule
outcome; the rules only look at where the seats are (docs/web-ledger.md, "Buckets").

Two things the rules do in ledger order, which sums cannot reproduce, are handled explicitly:
- capped fees (cost types overhead, producer fee, commission: the spillover's 7 %/10 % caps and
  the Tax Shelter's 18 %) are spread over the fee lines in (date, id) order, per budget
  category: each fee line is its own bucket, carrying its line id and date;
- a rule outcome that changes inside a month (a parameter period, the Tax Shelter's spend window
  from the agreement date): each bucket also keeps its per-day totals, and a month containing
  such a date other than its 1st is cut there (`split_months`, `_parts`), so no line is read
  again.

`record_expenses(project, expenses)` must be called after new `Expense` rows are saved (the
import does; the ledger forms must). `remove_expenses` before a line is deleted, or with its old
values before it is changed (then `record_expenses` with the new ones). `rebuild_buckets`
recomputes a project's buckets from its lines (a full scan: repairs only).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import Iterable

from django.db import transaction

from montage.errors import InputError
from montage.finance import expenses as fin
from montage.finance.obligations import _key as studio_key
from montage.finance.obligations import add_months, default_parameters
from montage.law import parameters as law_parameters
from montage.money import ZERO
from montage.territory import locate
from montage.web.core.models import (Expense, FinancingSource, LedgerBucket, Project)
from montage.web.ledger import engine

FEE_TYPES = ("overhead", "producer_fee", "commission")
TERRITORIES = ("wallonia", "brussels", "flanders", "german", "abroad")
FLAG_NAMES = ("location_rental", "post_production", "vfx", "vehicle_rental_agency",
              "hotel_night", "private_flat_set", "directly_linked")


# --------------------------------------------------------------------------------------------
# territory classes


@lru_cache(maxsize=65536)
def place_class(country: str, postal_code: str) -> str:
    """"BE/wallonia/french", "BE/brussels/bilingual_brussels", "FR", "-" (no seat), or
    "BE/?<code>" for a code Statbel does not know (the rules then refuse it, as per line)."""
    if not postal_code and country == "BE":
        return "-"
    if country != "BE":
        return country or "-"
    try:
        place = locate(postal_code)
    except InputError:
        return f"BE/?{postal_code}"
    return f"BE/{place.region}/{place.language_area}"


def territory_of(place: str) -> str:
    """The dashboard's five territories from a place class."""
    if not place.startswith("BE/"):
        return "abroad"
    parts = place.split("/")
    if len(parts) < 3:
        return "abroad"
    if parts[2] == "german":
        return "german"
    return parts[1]


def supplier_class(supplier: fin.Supplier) -> tuple:
    """What the rules see of a seat holder. The registered seat's place class and country
    (Wallimage, the Tax Shelter and screen.brussels read it); of the operating seat only what
    any rule asks of it: whether it is in Brussels (screen.brussels: registered AND operating)
    or in the French language area (FWB spillover: either seat) — "" when there is none or it
    is in the same class as the registered seat (the rules then decide alike)."""
    registered = place_class(supplier.country, supplier.postal_code or "")
    operating = ""
    if supplier.operating_postal_code:
        place = place_class(supplier.country, supplier.operating_postal_code)
        if place != registered:
            operating = ("brussels" if place.startswith("BE/brussels/") else
                         "french" if place.endswith("/french") else
                         place if "?" in place else "other")
    return (registered, operating, supplier.audiovisual_activity)


# --------------------------------------------------------------------------------------------
# bucket keys


def facts(expense: fin.Expense, line_pk: int | None = None) -> tuple[tuple, dict]:
    """(what the rules look at, the representative facts to keep) for one ledger line."""
    return make_facts(
        expense.date, expense.kind, expense.cost_type, expense.category,
        supplier_profile(expense.supplier),
        supplier_profile(expense.employer) if expense.employer else None,
        {name: getattr(expense, name) for name in FLAG_NAMES}, expense.studio or "",
        expense.manager_lives_in_wallonia, tuple(expense.missing_fields),
        line_pk if line_pk is not None else expense.id)


def supplier_profile(supplier: fin.Supplier) -> tuple:
    """(territory class, facts kept, dashboard territory) of a seat holder; cache it per
    supplier when reading many lines."""
    return (supplier_class(supplier), _supplier_facts(supplier),
            territory_of(place_class(supplier.country, supplier.postal_code or "")))


def make_facts(date: dt.date, kind: str, cost_type: str, category: str, supplier: tuple,
               employer: tuple | None, flags: dict, studio: str,
               manager_lives_in_wallonia: bool | None, missing_fields: tuple,
               line_id) -> tuple[tuple, dict]:
    """The one definition of a bucket's key (the import's fast path and `record_expenses`
    both come here). `flags`: the FLAG_NAMES values."""
    month = date.replace(day=1)
    key = (month.isoformat(), kind, cost_type, category, supplier[0],
           employer[0] if employer else None,
           flags["location_rental"], studio_key(studio), manager_lives_in_wallonia,
           flags["post_production"], flags["vfx"], flags["vehicle_rental_agency"],
           flags["hotel_night"], flags["private_flat_set"], flags["directly_linked"],
           tuple(sorted(missing_fields)))
    keep = {"supplier": supplier[1], "employer": employer[1] if employer else None,
            "studio": studio, "manager_lives_in_wallonia": manager_lives_in_wallonia,
            "missing_fields": list(missing_fields), "territory": supplier[2]}
    keep.update(flags)
    if cost_type in FEE_TYPES:
        # fee lines are capped in ledger order: each is its own bucket, with its id and date
        key = key + ("line", str(line_id))
        keep["line"] = {"id": str(line_id), "date": date.isoformat()}
    keep["class"] = key_hash(key[1:])  # the same facts in any month
    return key, keep


def _supplier_facts(supplier: fin.Supplier) -> dict:
    return {"name": supplier.name, "postal_code": supplier.postal_code or "",
            "operating_postal_code": supplier.operating_postal_code or "",
            "country": supplier.country, "audiovisual_activity": supplier.audiovisual_activity}


def key_hash(key: tuple) -> str:
    return hashlib.sha1(repr(key).encode()).hexdigest()


def _finance_supplier(data: dict) -> fin.Supplier:
    return fin.Supplier(name=data["name"], postal_code=data["postal_code"] or None,
                        operating_postal_code=data["operating_postal_code"] or None,
                        country=data["country"],
                        audiovisual_activity=data["audiovisual_activity"])


def bucket_expense(bucket) -> fin.Expense:
    """One bucket as one pseudo-expense before the rules."""
    flags = bucket.flags
    line = flags.get("line")
    return fin.Expense(
        id=line["id"] if line else f"b{bucket.pk}",
        amount=bucket.amount,
        date=dt.date.fromisoformat(line["date"]) if line else bucket.month,
        supplier=_finance_supplier(flags["supplier"]), category=bucket.account_code,
        kind=bucket.kind, cost_type=bucket.cost_type,
        employer=_finance_supplier(flags["employer"]) if flags.get("employer") else None,
        location_rental=flags["location_rental"], studio=flags["studio"] or None,
        manager_services=bucket.manager_services,
        manager_lives_in_wallonia=flags["manager_lives_in_wallonia"],
        post_production=flags["post_production"], vfx=flags["vfx"],
        vehicle_rental_agency=flags["vehicle_rental_agency"], hotel_night=flags["hotel_night"],
        private_flat_set=flags["private_flat_set"], directly_linked=flags["directly_linked"],
        missing_fields=tuple(flags["missing_fields"]))


# --------------------------------------------------------------------------------------------
# adding and removing lines


def record_expenses(project: Project, expenses: Iterable[Expense], *, sign: int = 1) -> int:
    """Add saved Expense rows of `project` to their buckets (one query per touched bucket
    group, never a rescan). Returns the number of buckets touched. Call it after saving new
    expenses, in the same transaction."""
    employer = project.owner.company
    groups: dict[str, dict] = {}
    for row in expenses:
        expense = engine.finance_expense(row, employer)
        key, keep = facts(expense, row.pk)
        add_line(groups, key, keep, expense.date, row.supplier_id, expense.category,
                 expense.kind, expense.cost_type, row.amount_excl_vat, row.manager_services,
                 row.paid_on is not None)
    apply_groups(project, groups, sign=sign, employer_id=employer.pk if employer else None)
    return len(groups)


def add_line(groups: dict, key: tuple, keep: dict, date: dt.date, supplier_id, category: str,
             kind: str, cost_type: str, amount: Decimal, manager_services: Decimal,
             paid: bool) -> None:
    group = groups.get(key)
    if group is None:
        group = groups[key] = {"keep": keep, "month": date.replace(day=1),
                                  "supplier_id": supplier_id, "account_code": category,
                                  "kind": kind, "cost_type": cost_type, "lines": 0,
                                  "amount": ZERO, "manager_services": ZERO, "paid": ZERO}
    group["lines"] += 1
    group["amount"] += amount
    group["manager_services"] += manager_services
    if paid:
        group["paid"] += amount
    # per-day totals inside the month: a rule that changes on another day than the 1st is
    # then applied to the part of the month on each side, without reading the lines again
    day = group.setdefault("days", {}).setdefault(str(date.day), [ZERO, ZERO])
    day[0] += amount
    day[1] += manager_services


def _merge_days(stored: dict, days: dict, sign: int) -> dict:
    merged = {key: [Decimal(a), Decimal(m)] for key, (a, m) in stored.items()}
    for key, (amount, manager) in days.items():
        entry = merged.setdefault(key, [ZERO, ZERO])
        entry[0] += sign * amount
        entry[1] += sign * manager
    return {key: [str(a), str(m)] for key, (a, m) in sorted(merged.items(), key=lambda i: int(i[0]))
            if a or m}


def remove_expenses(project: Project, expenses: Iterable[Expense]) -> int:
    """Take lines out of their buckets: before deleting them, or with their old values before
    a change (then `record_expenses` with the new values)."""
    return record_expenses(project, expenses, sign=-1)


def apply_groups(project: Project, groups: dict[tuple, dict], *, sign: int = 1,
                 employer_id: int | None = None) -> None:
    if not groups:
        return
    groups = {key_hash(key): group for key, group in groups.items()}
    with transaction.atomic():
        existing = {}
        keys = list(groups)
        for start in range(0, len(keys), 500):
            for bucket in (LedgerBucket.objects.select_for_update()
                           .filter(project=project, key__in=keys[start:start + 500])):
                existing[bucket.key] = bucket
        new, changed, empty = [], [], []
        for digest, group in groups.items():
            bucket = existing.get(digest)
            if bucket is None:
                if sign < 0:
                    raise AssertionError(f"removing lines from a bucket that does not exist "
                                         f"({digest}): rebuild the project's buckets")
                flags = dict(group["keep"], days=_merge_days({}, group.get("days", {}), 1))
                new.append(LedgerBucket(
                    project=project, key=digest, month=group["month"],
                    supplier_id=group["supplier_id"],
                    employer_id=employer_id if group["kind"] == "payroll" else None,
                    account_code=group["account_code"], kind=group["kind"],
                    cost_type=group["cost_type"], flags=flags, lines=group["lines"],
                    amount=group["amount"], manager_services=group["manager_services"],
                    paid=group["paid"]))
                continue
            bucket.lines += sign * group["lines"]
            bucket.amount += sign * group["amount"]
            bucket.manager_services += sign * group["manager_services"]
            bucket.paid += sign * group["paid"]
            bucket.flags["days"] = _merge_days(bucket.flags["days"], group.get("days", {}), sign)
            (empty if bucket.lines <= 0 else changed).append(bucket)
        LedgerBucket.objects.bulk_create(new, batch_size=500)
        LedgerBucket.objects.bulk_update(changed, ["lines", "amount", "manager_services", "paid",
                                                  "flags"], batch_size=500)
        if empty:
            LedgerBucket.objects.filter(pk__in=[b.pk for b in empty]).delete()


def rebuild_buckets(project: Project) -> int:
    """Recompute a project's buckets from all its lines (a full scan, for repairs)."""
    with transaction.atomic():
        LedgerBucket.objects.filter(project=project).delete()
        rows = (Expense.objects.filter(project=project)
                .select_related("supplier", "employee", "account"))
        return record_expenses(project, rows.iterator(chunk_size=2000))


# --------------------------------------------------------------------------------------------
# when a rule may change inside a month


def _period_dates(params, names) -> set[dt.date]:
    dates = set()
    for name in names:
        for value in params.history(name):
            dates.add(value.valid_from)
            if value.valid_until is not None:
                dates.add(value.valid_until + dt.timedelta(days=1))
    return dates


@lru_cache(maxsize=1)
def parameter_change_dates() -> frozenset[dt.date]:
    """Every date a finance parameter, or the law's spillover parameter, changes value."""
    finance = default_parameters()
    law = law_parameters.default()
    return frozenset(_period_dates(finance, finance.names())
                     | _period_dates(law, [n for n in law.names() if n.startswith("spillover.")]))


def change_dates(sources: Iterable[FinancingSource]) -> set[dt.date]:
    """The days on which some rule's outcome for an expense may differ from the day before."""
    dates = set(parameter_change_dates())
    params = default_parameters()
    for source in sources:
        if source.rule == FinancingSource.Rule.TAX_SHELTER and source.contracted_on:
            start = source.contracted_on
            name = ("tax_shelter.spend_period_months_animation" if source.animation
                    else "tax_shelter.spend_period_months")
            months = params.get(name, start).value
            dates.add(start)
            dates.add(add_months(start, months) + dt.timedelta(days=1))
    return dates


def split_months(sources: Iterable[FinancingSource]) -> set[dt.date]:
    """Months (their 1st) that contain a change date other than their 1st."""
    return {day.replace(day=1) for day in change_dates(sources) if day.day != 1}


def _next_month(month: dt.date) -> dt.date:
    return add_months(month, 1)


# --------------------------------------------------------------------------------------------
# every obligation, from the buckets


def bucket_expenses(project: Project, sources) -> list[fin.Expense]:
    """The pseudo-expenses of the buckets.

    Months between two change dates are judged alike by every rule, so the buckets of one class
    are summed over such a period before they go to the rules (fewer pseudo-expenses, same
    outcome); the months stay apart in the buckets for the dashboard's charts. A month that
    contains a change date other than its 1st is cut at that date using each bucket's per-day
    totals (each part dated by its first day with spend): no line is read again."""
    sources = list(sources)
    dates = sorted(change_dates(sources))
    split = {day.replace(day=1) for day in dates if day.day != 1}
    merged: dict[tuple, list] = {}
    # plain values, not model instances: this runs on every recomputation
    fields = ("pk", "month", "account_code", "kind", "cost_type", "flags", "amount",
              "manager_services")
    rows = [SimpleNamespace(**dict(zip(fields, values))) for values in
            LedgerBucket.objects.filter(project=project).order_by("month", "pk")
            .values_list(*fields)]
    for bucket in rows:
        for date, amount, manager in _parts(bucket, split, dates):
            group = (bucket.flags.get("class") or bucket.pk, bisect.bisect_right(dates, date))
            first = merged.get(group)
            if first is None:
                merged[group] = [bucket, date, amount, manager]
            else:
                first[2] += amount
                first[3] += manager
    pseudo = []
    for bucket, date, amount, manager in merged.values():
        expense = bucket_expense(bucket)
        if expense.date != date or expense.amount != amount:
            # a bucket cut in two parts stands twice: each part gets its own id
            ident = expense.id if expense.date == date else f"{expense.id}-{date.day}"
            expense = dataclasses.replace(expense, id=ident, date=date, amount=amount,
                                          manager_services=manager)
        pseudo.append(expense)
    return pseudo


def _parts(bucket: LedgerBucket, split: set[dt.date], dates: list[dt.date]):
    """(date, amount, manager services) of a bucket, cut at the change dates of its month."""
    line = bucket.flags.get("line")
    if line:
        yield dt.date.fromisoformat(line["date"]), bucket.amount, bucket.manager_services
        return
    if bucket.month not in split:
        yield bucket.month, bucket.amount, bucket.manager_services
        return
    parts: dict[int, list] = {}
    for day, (amount, manager) in bucket.flags["days"].items():
        date = bucket.month.replace(day=int(day))
        part = parts.setdefault(bisect.bisect_right(dates, date), [date, ZERO, ZERO])
        part[0] = min(part[0], date)
        part[1] += Decimal(amount)
        part[2] += Decimal(manager)
    for _, (date, amount, manager) in sorted(parts.items()):
        yield date, amount, manager


def statuses(project: Project, as_of: dt.date, *, sources=None,
             budget_total: Decimal | None = None) -> list[engine.SourceStatus]:
    """Every obligation of the project, from the buckets, through the same rules as
    `engine.statuses` (same required, counted, missing, by category, to the cent)."""
    sources = list(sources if sources is not None else engine.obligation_sources(project))
    return engine.statuses(project, as_of, sources=sources,
                           expenses=bucket_expenses(project, sources),
                           budget_total=budget_total)


def summary(status) -> dict:
    """The figures both paths must agree on."""
    if status.status is None:
        return {"problem": status.problem}
    s = status.status
    return {"required": s.required, "counted": s.counted, "missing": s.missing,
            "surplus": s.surplus,
            "by_category": {k: v for k, v in sorted(s.by_category.items()) if v}}


def ledger_version(project: Project) -> tuple:
    """A cheap fingerprint of the buckets (changes whenever a line is added or removed)."""
    from django.db.models import Count, F, Max, Sum

    agg = LedgerBucket.objects.filter(project=project).aggregate(
        n=Count("pk"), total_lines=Sum("lines"), total=Sum("amount"), top=Max("pk"),
        # weighted by bucket: a line moved from one bucket to another changes it too
        moved=Sum(F("pk") * F("lines")), spread=Sum(F("pk") * F("amount")))
    return (agg["n"], agg["total_lines"], str(agg["total"]), agg["top"], agg["moved"],
            str(agg["spread"]))


def monthly_series(project: Project) -> dict:
    """Spend per month by territory and by budget chapter (from the buckets)."""
    by_territory: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_chapter: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for month, code, amount, flags in (LedgerBucket.objects.filter(project=project)
                                       .values_list("month", "account_code", "amount",
                                                    "flags")):
        if isinstance(flags, str):
            flags = json.loads(flags)
        by_territory[flags.get("territory", "abroad")][month] += amount
        by_chapter[(code or "—").split(".")[0]][month] += amount
    return {"territory": by_territory, "chapter": by_chapter}
