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

Every change of a project's buckets is announced by the signal `buckets_changed` (argument
`project_pk`); the readers listen (the dashboard warms its figures once the change is committed:
dashboard.py, connected in apps.py). The buckets know none of their readers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from array import array
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace
from typing import Iterable

from django.db import connection, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.dispatch import Signal

from montage.errors import InputError
from montage.finance import expenses as fin
from montage.finance.expenses import FLAGS
from montage.finance.obligations import _key as studio_key
from montage.finance.obligations import add_months, default_parameters
from montage.law import parameters as law_parameters
from montage.money import ZERO
from montage.territory import locate
from montage.web.ledger.models import CreditAllocation, Expense, LedgerBucket
from montage.web.production.models import FinancingSource, Project
from montage.web.ledger import engine

# sent inside the transaction that changed a project's buckets: project_pk=<the project's pk>
buckets_changed = Signal()

FEE_TYPES = ("overhead", "producer_fee", "commission")
# what `record_expenses` reads of a credit note: its parts and their invoices, loaded with the
# note (a line read before a change keeps its invoices' facts of before the change)
CREDIT_PREFETCH = ("allocations__invoice__supplier", "allocations__invoice__account",
                   "allocations__invoice__employee")
TERRITORIES = ("wallonia", "brussels", "flanders", "german", "abroad")


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
        tuple(getattr(expense, name) for name in FLAGS), expense.studio or "",
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
    both come here). `flags`: the FLAGS values, in FLAGS order."""
    month = date.replace(day=1)
    key = (month.isoformat(), kind, cost_type, category, supplier[0],
           employer[0] if employer else None,
           # location rental before the studio, as stored buckets were keyed
           flags[0], studio_key(studio), manager_lives_in_wallonia, *flags[1:],
           tuple(sorted(missing_fields)))
    keep = {"supplier": supplier[1], "employer": employer[1] if employer else None,
            "studio": studio, "manager_lives_in_wallonia": manager_lives_in_wallonia,
            "missing_fields": list(missing_fields), "territory": supplier[2]}
    keep.update(zip(FLAGS, flags))
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


def bucket_expense(bucket, ident: str, date: dt.date, amount: Decimal,
                   manager_services: Decimal) -> fin.Expense:
    """Buckets of one class (`bucket`: one of them, for its facts) as one pseudo-expense."""
    flags = bucket.flags
    return fin.Expense(
        id=ident, amount=amount, date=date,
        supplier=_finance_supplier(flags["supplier"]), category=bucket.account_code,
        kind=bucket.kind, cost_type=bucket.cost_type,
        employer=_finance_supplier(flags["employer"]) if flags.get("employer") else None,
        studio=flags["studio"] or None, manager_services=manager_services,
        manager_lives_in_wallonia=flags["manager_lives_in_wallonia"],
        missing_fields=tuple(flags["missing_fields"]), **{name: flags[name] for name in FLAGS})


# --------------------------------------------------------------------------------------------
# adding and removing lines


def record_expenses(project: Project, expenses: Iterable[Expense], *, sign: int = 1) -> int:
    """Add saved Expense rows of `project` to their buckets (one query per touched bucket
    group, never a rescan). Returns the number of buckets touched. Call it after saving new
    expenses, in the same transaction."""
    employer = project.owner.company
    groups: dict[str, dict] = {}
    for row in expenses:
        if row.kind == Expense.Kind.CREDIT_NOTE:
            # netted: each part counts in its invoice's bucket, with the invoice's facts, date
            # and (fee lines) id, so no rule reads the credit apart from what it reduces
            for part in row.allocations.all():
                invoice = part.invoice
                expense = engine.finance_expense(invoice, employer)
                key, keep = facts(expense, invoice.pk)
                add_line(groups, key, keep, expense.date, invoice.supplier_id,
                         expense.category, expense.kind, expense.cost_type, -part.amount,
                         ZERO, invoice.paid_on is not None)
            continue
        expense = engine.finance_expense(row, employer)
        key, keep = facts(expense, row.pk)
        add_line(groups, key, keep, expense.date, row.supplier_id, expense.category,
                 expense.kind, expense.cost_type, row.amount_excl_vat, row.manager_services,
                 row.paid_on is not None)
    apply_groups(project, groups, sign=sign, employer_id=employer.pk if employer else None)
    return len(groups)


def add_line(groups: dict, key: tuple, keep: dict, date: dt.date, supplier_id, category: str,
             kind: str, cost_type: str, amount: Decimal, manager_services: Decimal,
             paid: bool, lines: int = 1) -> None:
    """Add one line to its group (`lines=-1` with negative amounts takes it out)."""
    group = groups.get(key)
    if group is None:
        group = groups[key] = {"keep": keep, "month": date.replace(day=1),
                                  "supplier_id": supplier_id, "account_code": category,
                                  "kind": kind, "cost_type": cost_type, "lines": 0,
                                  "amount": ZERO, "manager_services": ZERO, "paid": ZERO,
                                  "days": _no_days(), "manager_days": None}
    group["lines"] += lines
    group["amount"] += amount
    # per-day totals inside the month: a rule that changes on another day than the 1st is
    # then applied to the part of the month on each side, without reading the lines again.
    # Kept as integer cents in a fixed array (a large import holds thousands of groups).
    group["days"][date.day - 1] += int(amount * 100)
    if manager_services:
        group["manager_services"] += manager_services
        if group["manager_days"] is None:
            group["manager_days"] = _no_days()
        group["manager_days"][date.day - 1] += int(manager_services * 100)
    if paid:
        group["paid"] += amount


def _no_days() -> array:
    return array("q", bytes(8 * 31))


def merge_group(groups: dict, key: tuple, group: dict) -> None:
    """Add a group (of another part of the same import) to `groups`."""
    into = groups.get(key)
    if into is None:
        groups[key] = group
        return
    for name in ("lines", "amount", "manager_services", "paid"):
        into[name] += group[name]
    for name in ("days", "manager_days"):
        if group[name] is not None:
            if into[name] is None:
                into[name] = _no_days()
            days = into[name]
            for day, cents in enumerate(group[name]):
                days[day] += cents


def _merge_days(stored: dict, group: dict, sign: int) -> dict:
    """The stored per-day totals ({"14": [amount, manager services]}) plus a group's."""
    merged = {int(day): [Decimal(a), Decimal(m)] for day, (a, m) in stored.items()}
    amounts, managers = group["days"], group["manager_days"]
    for day in range(31):
        amount, manager = amounts[day], managers[day] if managers is not None else 0
        if amount or manager:
            entry = merged.setdefault(day + 1, [ZERO, ZERO])
            entry[0] += sign * Decimal(amount).scaleb(-2)
            entry[1] += sign * Decimal(manager).scaleb(-2)
    return {str(day): [str(a), str(m)] for day, (a, m) in sorted(merged.items()) if a or m}


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
                new.append((digest, group))
                continue
            bucket.lines += sign * group["lines"]
            bucket.amount += sign * group["amount"]
            bucket.manager_services += sign * group["manager_services"]
            bucket.paid += sign * group["paid"]
            bucket.days = _merge_days(bucket.days, group, sign)
            (empty if bucket.lines <= 0 else changed).append(bucket)
        buckets_changed.send(sender=LedgerBucket, project_pk=project.pk)
        _insert_buckets(project, new, employer_id)
        LedgerBucket.objects.bulk_update(changed, ["lines", "amount", "manager_services", "paid",
                                                  "days"], batch_size=500)
        if empty:
            LedgerBucket.objects.filter(pk__in=[b.pk for b in empty]).delete()


_BUCKET_COLUMNS = ("project_id", "key", "month", "facts_key", "territory", "days",
                   "supplier_id", "employer_id", "account_code", "kind", "cost_type", "flags",
                   "lines", "amount", "manager_services", "paid")


def _insert_buckets(project: Project, new: list[tuple[str, dict]], employer_id: int | None
                    ) -> None:
    """Insert new buckets by batches of plain rows (an import makes thousands: a model
    instance each cost more than the rest of the write)."""
    ops = connection.ops
    as_json = LedgerBucket._meta.get_field("flags").get_db_prep_save
    date, money = ops.adapt_datefield_value, ops.adapt_decimalfield_value
    sql = (f"INSERT INTO {ops.quote_name(LedgerBucket._meta.db_table)} "
           f"({', '.join(_BUCKET_COLUMNS)}) VALUES ({', '.join(['%s'] * len(_BUCKET_COLUMNS))})")
    with connection.cursor() as cursor:
        for start in range(0, len(new), 500):
            rows = []
            for digest, group in new[start:start + 500]:
                flags = dict(group["keep"])
                facts_key, territory = flags.pop("class"), flags.pop("territory")
                rows.append((
                    project.pk, digest, date(group["month"]), facts_key, territory,
                    as_json(_merge_days({}, group, 1), connection), group["supplier_id"],
                    employer_id if group["kind"] == "payroll" else None,
                    group["account_code"], group["kind"], group["cost_type"],
                    as_json(flags, connection), group["lines"], money(group["amount"]),
                    money(group["manager_services"]), money(group["paid"])))
            cursor.executemany(sql, rows)


def rebuild_buckets(project: Project) -> int:
    """Recompute a project's buckets from all its lines (a full scan, for repairs)."""
    with transaction.atomic():
        LedgerBucket.objects.filter(project=project).delete()
        rows = (Expense.objects.filter(project=project)
                .select_related("supplier", "employee", "account")
                .prefetch_related(*CREDIT_PREFETCH))
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
    (`facts_key`) are summed over such a period before they go to the rules (fewer
    pseudo-expenses, same outcome); the months stay apart in the buckets for the dashboard's
    charts. A month that contains a change date other than its 1st is cut at that date using
    each bucket's per-day totals (each part dated by its first day with spend): no line is read
    again. Only plain columns are read for every bucket; the facts (JSON) only for one bucket
    per pseudo-expense, the per-day totals only in a month cut in two."""
    sources = list(sources)
    dates = sorted(change_dates(sources))
    split = {day.replace(day=1) for day in dates if day.day != 1}
    rows = LedgerBucket.objects.filter(project=project)
    # a capped fee line is its own bucket, dated by its line
    line_dates = {pk: dt.date.fromisoformat(flags["line"]["date"]) for pk, flags in
                  rows.filter(cost_type__in=FEE_TYPES).values_list("pk", "flags")}
    days = dict(rows.filter(month__in=split).exclude(cost_type__in=FEE_TYPES)
                .values_list("pk", "days")) if split else {}
    merged: dict[tuple, list] = {}
    month_of = _month_reader()
    for pk, facts_key, month, amount, manager in (
            rows.annotate(month_text=_MONTH_TEXT).order_by("month", "pk")
            .values_list("pk", "facts_key", "month_text", "amount", "manager_services")):
        month = month_of(month)
        if pk in line_dates:
            parts = ((line_dates[pk], amount, manager),)
        elif pk in days:
            parts = _parts(month, days[pk], dates)
        else:
            parts = ((month, amount, manager),)
        for date, part_amount, part_manager in parts:
            group = (facts_key or pk, bisect.bisect_right(dates, date))
            first = merged.get(group)
            if first is None:
                # the first bucket stands for its group: its id, dated by its first part
                ident = f"b{pk}" if date == month or pk in line_dates else f"b{pk}-{date.day}"
                merged[group] = [pk, ident, date, part_amount, part_manager]
            else:
                first[3] += part_amount
                first[4] += part_manager
    fields = ("pk", "account_code", "kind", "cost_type", "flags")
    wanted = [group[0] for group in merged.values()]
    facts = {}
    for start in range(0, len(wanted), 900):
        for values in LedgerBucket.objects.filter(pk__in=wanted[start:start + 900]) \
                .values_list(*fields):
            facts[values[0]] = SimpleNamespace(**dict(zip(fields, values)))
    pseudo = []
    for pk, ident, date, amount, manager in merged.values():
        bucket = facts[pk]
        line = bucket.flags.get("line")
        pseudo.append(bucket_expense(bucket, line["id"] if line else ident, date, amount,
                                     manager))
    return pseudo


# a bucket's month read as text and parsed once per distinct month (thousands of buckets,
# a few dozen months: the database driver's per-row date conversion was a third of the time)
_MONTH_TEXT = Cast("month", CharField())


def _month_reader():
    months: dict[str, dt.date] = {}

    def month_of(text: str) -> dt.date:
        month = months.get(text)
        if month is None:
            month = months[text] = dt.date.fromisoformat(str(text)[:10])
        return month
    return month_of


def _parts(month: dt.date, days: dict, dates: list[dt.date]):
    """(date, amount, manager services) of a bucket's month, cut at its change dates."""
    parts: dict[int, list] = {}
    for day, (amount, manager) in days.items():
        date = month.replace(day=int(day))
        part = parts.setdefault(bisect.bisect_right(dates, date), [date, ZERO, ZERO])
        part[0] = min(part[0], date)
        part[1] += Decimal(amount)
        part[2] += Decimal(manager)
    return [tuple(part) for _, part in sorted(parts.items())]


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


def ledger_totals(project: Project) -> dict:
    """The whole ledger's totals as the ledger list shows them (lines in force: count, total,
    invoices, payroll, credit notes), from the buckets, never by summing the ledger's lines:
    a credit note's parts are in its invoices' buckets (one bucket line each), so the credit
    notes themselves (a partial index holds them) are read to take them apart again. Exact
    (Decimal), the same figures as an aggregate over the lines
    (tests/web/test_ledger_import_buckets.py)."""
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    lines = 0
    for kind, amount, count in LedgerBucket.objects.filter(project=project).values_list(
            "kind", "amount", "lines"):
        by_kind[kind] += amount
        lines += count
    # unordered: the model's order (date, pk) would make SQLite walk the (project, date)
    # index over every line rather than the credit notes' partial index
    notes = dict(Expense.objects.filter(project=project, kind=Expense.Kind.CREDIT_NOTE)
                 .order_by().values_list("pk", "amount_excl_vat"))
    ids = list(notes)
    parts = sum(CreditAllocation.objects.filter(note_id__in=ids[start:start + 900]).count()
                for start in range(0, len(ids), 900))
    notes_total = sum(notes.values(), ZERO)
    count = lines - parts + len(notes)
    invoices = by_kind.get(Expense.Kind.INVOICE, ZERO) - notes_total
    return {"count": count, "total": sum(by_kind.values(), ZERO) if count else None,
            "invoices": invoices, "payroll": by_kind.get(Expense.Kind.PAYROLL, ZERO),
            "notes": notes_total if notes else None}


def monthly_series(project: Project) -> dict:
    """Spend per month by territory and by budget chapter (from the buckets' plain columns;
    summed here in Decimal: SQLite would add the amounts as floating-point numbers)."""
    by_territory: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_chapter: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    month_of = _month_reader()
    for month, code, territory, amount in (
            LedgerBucket.objects.filter(project=project).annotate(month_text=_MONTH_TEXT)
            .values_list("month_text", "account_code", "territory", "amount")):
        month = month_of(month)
        by_territory[territory or "abroad"][month] += amount
        by_chapter[(code or "—").split(".")[0]][month] += amount
    return {"territory": by_territory, "chapter": by_chapter}
