"""The incremental path equals the per-line path: for random ledgers, every obligation computed
from the buckets (montage.web.ledger.buckets) has the same required, counted, missing, surplus
and by-category figures as `engine.statuses` line by line, to the cent; and no cent is lost or
counted twice for one obligation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from montage.web.ledger import bench
from montage.finance.obligations import allocation
from montage.web.ledger.models import Expense, LedgerBucket
from montage.web.production.models import FinancingSource
from montage.web.registry.models import Company, Person
from montage.web.ledger import buckets, engine

pytestmark = pytest.mark.django_db(transaction=False)
AS_OF = dt.date(2026, 6, 30)
SUPPLIERS = [  # name, registered, operating, country, audiovisual activity
    ("Liège Caméras", "4000", "", "BE", True),
    ("Eupen Licht", "4700", "", "BE", None),
    ("Ixelles Studio", "1050", "1000", "BE", True),
    ("Bruxelles Nord, atelier à Gand", "1000", "9000", "BE", True),
    ("Wavre Décors", "1300", "", "BE", False),
    ("Gent Grip", "9000", "1060", "BE", True),
    ("Fourons Catering", "3790", "", "BE", None),
    ("Comines Costumes", "7780", "", "BE", True),
    ("Mons Son, exploitation à Eupen", "7000", "4700", "BE", True),
    ("Paris Post", "75011", "", "FR", True),
    ("Luxembourg Lab", "1234", "", "LU", None),
    ("New York Stock Footage", "10001", "", "US", True),
]
PEOPLE = [("Anne", "Lenoir", "4700", "BE"), ("Marc", "Dubois", "1080", "BE"),
          ("Els", "Peeters", "2000", "BE"), ("Julie", "Martin", "59000", "FR"),
          ("Hugo", "Lambert", "6700", "BE")]
MISSING = ["client_vat_number", "supplier_address", "vat_rate"]


@pytest.fixture
def world(db):
    project = bench.make_project("Hasard")
    companies = [Company.objects.create(name=n, registered_postal_code=r,
                                        operating_postal_code=o, country=c,
                                        audiovisual_activity=av)
                 for n, r, o, c, av in SUPPLIERS]
    people = [Person.objects.create(first_name=f, last_name=l, domicile_postal_code=p,
                                    domicile_country=c) for f, l, p, c in PEOPLE]
    accounts = list(project.accounts.all())
    return project, companies, people, accounts


line = st.fixed_dictionaries({
    "kind": st.sampled_from(["invoice"] * 3 + ["payroll"]),
    "who": st.integers(0, 100),
    "date": st.dates(dt.date(2024, 1, 1), dt.date(2026, 5, 31)),
    "cents": st.one_of(st.integers(0, 2_000_000), st.just(0), st.integers(1, 99)),
    "account": st.integers(0, 100),
    "cost_type": st.sampled_from(["direct"] * 6 + ["overhead", "producer_fee", "commission"]),
    "location_rental": st.booleans(), "post_production": st.booleans(), "vfx": st.booleans(),
    "vehicle_rental_agency": st.booleans(), "hotel_night": st.booleans(),
    "private_flat_set": st.booleans(), "directly_linked": st.booleans(),
    "studio": st.sampled_from(["", "", "", "RTBF Média Rives", "rtbf media rives",
                               "Studio L'Équipe"]),
    "manager_share": st.sampled_from([None, None, 0, 50, 100]),
    "manager_lives": st.sampled_from([None, True, False]),
    "missing": st.lists(st.sampled_from(MISSING), max_size=2, unique=True),
    "paid": st.booleans(),
})
sources = st.fixed_dictionaries({
    "ts_agreement": st.dates(dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
    "animation": st.booleans(),
    "wallimage_ratio": st.sampled_from([None, Decimal("1.5"), Decimal("4")]),
    "investment": st.integers(10_000, 900_000).map(Decimal),
    "screen_format": st.sampled_from(["feature_film", "documentary", "short_series"]),
    "screen_requested": st.integers(1_000, 600_000).map(Decimal),
    "certificate": st.integers(10_000, 2_000_000).map(Decimal),
})


def _expense(project, companies, people, accounts, n, d):
    amount = Decimal(d["cents"]) / 100
    manager = (amount * d["manager_share"] / 100).quantize(Decimal("0.01")) \
        if d["manager_share"] is not None and d["kind"] == "invoice" else Decimal(0)
    payroll = d["kind"] == "payroll"
    return Expense(
        owner=project.owner, work=project.work, project=project, kind=d["kind"],
        supplier=None if payroll else companies[d["who"] % len(companies)],
        employee=people[d["who"] % len(people)] if payroll else None,
        date=d["date"], number=f"N{n}", amount_excl_vat=amount,
        account=accounts[d["account"] % len(accounts)] if d["account"] % 7 else None,
        cost_type="direct" if payroll else d["cost_type"],
        paid_on=d["date"] if d["paid"] else None, location_rental=d["location_rental"],
        studio=d["studio"], manager_services=manager,
        manager_lives_in_wallonia=d["manager_lives"], post_production=d["post_production"],
        vfx=d["vfx"], vehicle_rental_agency=d["vehicle_rental_agency"],
        hotel_night=d["hotel_night"], private_flat_set=d["private_flat_set"],
        directly_linked=d["directly_linked"], missing_fields=d["missing"],
        source_key=f"t:{n}")


def _set_sources(project, s):
    for source in project.sources.all():
        if source.rule == FinancingSource.Rule.TAX_SHELTER:
            source.contracted_on, source.animation = s["ts_agreement"], s["animation"]
            source.certificate_value = s["certificate"]
        elif source.rule == FinancingSource.Rule.WALLIMAGE:
            source.committed_ratio, source.amount = s["wallimage_ratio"], s["investment"]
        elif source.rule == FinancingSource.Rule.SCREEN_BRUSSELS:
            source.screen_format, source.amount = s["screen_format"], s["screen_requested"]
        elif source.rule == FinancingSource.Rule.SPILLOVER:
            source.amount = s["investment"]
        source.save()


def _list_totals_from_buckets_equal_lines(project) -> None:
    """The ledger list's totals of the whole ledger, read from the buckets (and the credit
    notes), are what the lines in force add up to, to the cent."""
    rows = list(Expense.objects.filter(project=project))
    by_kind = lambda kind: sum((r.amount_excl_vat for r in rows if r.kind == kind),  # noqa
                               Decimal(0))
    found = buckets.ledger_totals(project)
    assert found["count"] == len(rows)
    assert (found["total"] or Decimal(0)) == sum((r.amount_excl_vat for r in rows), Decimal(0))
    assert found["invoices"] == by_kind("invoice")
    assert found["payroll"] == by_kind("payroll")
    assert (found["notes"] or Decimal(0)) == by_kind("credit_note")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(line, min_size=0, max_size=60), terms=sources,
       chunks=st.integers(1, 4), removed=st.integers(0, 5))
def test_buckets_equal_lines(world, lines, terms, chunks, removed):
    project, companies, people, accounts = world
    Expense.objects.filter(project=project).delete()
    LedgerBucket.objects.filter(project=project).delete()
    _set_sources(project, terms)
    rows = Expense.objects.bulk_create(
        [_expense(project, companies, people, accounts, n, d) for n, d in enumerate(lines)])
    rows = list(Expense.objects.filter(project=project)
                .select_related("supplier", "employee", "account"))
    size = max(1, len(rows) // chunks)
    for start in range(0, len(rows), size):       # added in several goes, as forms do
        buckets.record_expenses(project, rows[start:start + size])
    gone = rows[:min(removed, len(rows))]          # and some lines removed again
    buckets.remove_expenses(project, gone)
    Expense.objects.filter(pk__in=[row.pk for row in gone]).delete()

    per_line = engine.statuses(project, AS_OF)
    by_bucket = buckets.statuses(project, AS_OF)
    assert [buckets.summary(s) for s in by_bucket] == [buckets.summary(s) for s in per_line]

    # no cent lost or counted twice, for each obligation
    total = sum((row.amount_excl_vat for row in rows[len(gone):]), Decimal(0))
    allocation([s.status for s in per_line if s.status])   # raises on a line counted twice
    for status in per_line:
        s = status.status
        assert sum((line.amount for line in s.lines), Decimal(0)) == s.counted
        assert len({line.expense_id for line in s.lines}) == len(s.lines)
        assert s.counted + sum(s.excluded_by_reason.values(), Decimal(0)) == total
        assert s.counted == s.counted.quantize(Decimal("0.01"))
    for status in by_bucket:
        s = status.status
        assert s.counted + sum(s.excluded_by_reason.values(), Decimal(0)) == total
    _list_totals_from_buckets_equal_lines(project)


def test_one_new_invoice_touches_one_bucket(world):
    project, companies, people, accounts = world
    first = Expense.objects.create(owner=project.owner, work=project.work, project=project,
                                   supplier=companies[0], date=dt.date(2025, 2, 3), number="A",
                                   amount_excl_vat=Decimal("100.00"), account=accounts[5])
    buckets.record_expenses(project, [first])
    before = {b.pk: (b.lines, b.amount) for b in LedgerBucket.objects.filter(project=project)}
    second = Expense.objects.create(owner=project.owner, work=project.work, project=project,
                                    supplier=companies[0], date=dt.date(2025, 2, 20),
                                    number="B", amount_excl_vat=Decimal("50.55"),
                                    account=accounts[5])
    assert buckets.record_expenses(project, [second]) == 1
    after = {b.pk: (b.lines, b.amount) for b in LedgerBucket.objects.filter(project=project)}
    assert after == {pk: (2, Decimal("150.55")) for pk in before}
    # a supplier of the same territory class shares the bucket
    same_class = Company.objects.create(name="Autre Liégeois", registered_postal_code="4020",
                                        audiovisual_activity=True)
    third = Expense.objects.create(owner=project.owner, work=project.work, project=project,
                                   supplier=same_class, date=dt.date(2025, 2, 21), number="C",
                                   amount_excl_vat=Decimal("1.00"), account=accounts[5])
    buckets.record_expenses(project, [third])
    assert LedgerBucket.objects.filter(project=project).count() == 1


def test_split_months_come_from_change_dates(world):
    project = world[0]
    months = buckets.split_months(engine.obligation_sources(project))
    # the Tax Shelter agreement of 15 March 2024 and the end of its 18-month window
    assert dt.date(2024, 3, 1) in months and dt.date(2025, 9, 1) in months
    # Wallimage's changes fall on the 1st (1 January 2024, 1 April 2025): no split
    assert dt.date(2025, 4, 1) not in months
    assert dt.date(2025, 4, 1) in buckets.parameter_change_dates()


def test_rebuild_gives_the_same_buckets(world):
    project, companies, people, accounts = world
    rows = [Expense.objects.create(owner=project.owner, work=project.work, project=project,
                                   supplier=companies[n % 5], date=dt.date(2024, 1 + n % 12, 9),
                                   number=f"R{n}", amount_excl_vat=Decimal(n) + Decimal("0.07"),
                                   account=accounts[n % 9]) for n in range(30)]
    buckets.record_expenses(project, rows)
    before = sorted(LedgerBucket.objects.filter(project=project)
                    .values_list("key", "lines", "amount"))
    buckets.rebuild_buckets(project)
    assert sorted(LedgerBucket.objects.filter(project=project)
                  .values_list("key", "lines", "amount")) == before


# --------------------------------------------------------------------------------------------
# credit notes: netted against what they credit (montage.web.ledger.credits)

credit = st.fixed_dictionaries({
    "target": st.integers(0, 100),
    "share": st.sampled_from([1, 10, 50, 99, 100]),   # percent of what remains to credit
    "referenced": st.booleans(),
    "day": st.integers(1, 28),                         # an unreferenced note's day of the month
    "cancelled": st.sampled_from([False, False, False, True]),
})


def _reduced(rows, notes):
    """An independent recomputation: invoice line id → what the credit notes in force take off
    it (a note naming its invoice, off that line; without, off the supplier's lines of its
    month in (date, id) order, each down to its amount less the manager's services)."""
    taken = {row.pk: Decimal(0) for row in rows}
    for note, target, referenced in notes:
        if note.cancelled_at is not None:
            continue
        if referenced:
            candidates = [target]
        else:
            candidates = sorted((r for r in rows if r.kind == "invoice"
                                 and r.supplier_id == note.supplier_id
                                 and (r.date.year, r.date.month)
                                 == (note.date.year, note.date.month)),
                                key=lambda r: (r.date, r.pk))
        left = -note.amount_excl_vat
        for row in candidates:
            take = min(left, row.amount_excl_vat - row.manager_services - taken[row.pk])
            taken[row.pk] += take
            left -= take
        assert left == 0
    return taken


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(line.filter(lambda d: d["kind"] == "invoice"), min_size=1, max_size=25)
       .flatmap(lambda invoices: st.lists(line, max_size=15).map(lambda more: invoices + more)),
       terms=sources, credits=st.lists(credit, min_size=1, max_size=25))
def test_credit_notes_reduce_their_invoices_in_every_rule_and_no_cent_is_lost(
        world, lines, terms, credits):
    from django.db import transaction

    from montage.web.ledger import credits as netting
    from montage.web.ledger import services

    project, companies, people, accounts = world
    Expense.all_objects.filter(project=project, kind="credit_note").delete()
    Expense.objects.filter(project=project).delete()
    LedgerBucket.objects.filter(project=project).delete()
    _set_sources(project, terms)
    Expense.objects.bulk_create(
        [_expense(project, companies, people, accounts, n, d) for n, d in enumerate(lines)])
    rows = list(Expense.objects.filter(project=project)
                .select_related("supplier", "employee", "account"))
    buckets.record_expenses(project, rows)
    invoices = [row for row in rows if row.kind == "invoice"]
    notes = []
    for n, c in enumerate(credits):
        if not invoices:
            break
        target = invoices[c["target"] % len(invoices)]
        room = target.amount_excl_vat - target.manager_services - \
            netting.credited(invoices=[target.pk]).get(target.pk, Decimal(0))
        amount = (room * c["share"] / 100).quantize(Decimal("0.01"), "ROUND_DOWN")
        if amount <= 0:
            continue
        date = target.date if c["referenced"] else target.date.replace(day=c["day"])
        with transaction.atomic():
            note = Expense.objects.create(
                owner=project.owner, work=project.work, project=project, kind="credit_note",
                supplier=target.supplier, date=date, number=f"NC{n}",
                amount_excl_vat=-amount)
            netting.net(project, note, target.number if c["referenced"] else "")
            buckets.record_expenses(project, [note])
        if c["cancelled"]:
            services.cancel_expense(project, note, None, "a test")
        notes.append((note, target, c["referenced"]))

    per_line = engine.statuses(project, AS_OF)
    by_bucket = buckets.statuses(project, AS_OF)
    assert [buckets.summary(s) for s in by_bucket] == [buckets.summary(s) for s in per_line]
    # the rules applied to the invoices already reduced by their credits
    taken = _reduced(rows, notes)
    employer = project.owner.company
    reduced = [engine.finance_expense(row, employer, taken[row.pk]) for row in rows]
    by_hand = engine.statuses(project, AS_OF, expenses=reduced)
    assert [buckets.summary(s) for s in by_hand] == [buckets.summary(s) for s in per_line]

    # no cent lost or created: the buckets hold what the lines in force add up to
    active = sum((row.amount_excl_vat for row in Expense.objects.filter(project=project)),
                 Decimal(0))
    assert active == sum((row.amount_excl_vat for row in rows), Decimal(0)) \
        - sum(taken.values(), Decimal(0))
    assert sum((b.amount for b in LedgerBucket.objects.filter(project=project)),
               Decimal(0)) == active
    for status in per_line + by_bucket:
        s = status.status
        assert s.counted + sum(s.excluded_by_reason.values(), Decimal(0)) == active
    _list_totals_from_buckets_equal_lines(project)
    # and rebuilding from the lines gives the same buckets
    before = sorted(LedgerBucket.objects.filter(project=project)
                    .values_list("key", "lines", "amount"))
    buckets.rebuild_buckets(project)
    assert sorted(LedgerBucket.objects.filter(project=project)
                  .values_list("key", "lines", "amount")) == before
