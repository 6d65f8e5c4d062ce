"""`montage bench ledger --lines N [--dashboard]`: the producer's ledger at scale.

Generates a realistic synthetic ledger CSV (suppliers in Brussels, Walloon Brabant, the rest of
Wallonia, the German-speaking municipalities, Flanders incl. Voeren, and France; payroll lines
and invoices; overheads and producer fees; a Wallimage coproduction, a broadcaster's FWB
spillover, screen.brussels and a Tax Shelter source) in a temporary directory, migrates a fresh
embedded SQLite database there, and measures the import through the application's own import
service (validation, supplier registry, territory derivation, buckets) and the recomputation of
every obligation. Prints one JSON object: lines, seconds, lines_per_second, peak_rss_mib,
duckdb_seconds (DuckDB reading the same CSV and computing the same per-obligation totals),
one_invoice_ms (recompute after one new invoice; one_invoice_seconds the same), phases_seconds
(this process's planning, writing, buckets and obligations, timed apart), dashboard_ms (with
--dashboard: median of several dashboard requests; dashboard_first_ms the first of them,
dashboard_uncached_ms the median with the cache emptied before each; dashboard_seconds the
slower of the two medians), cpu_seconds (processor time: this process's and the second
process's during the import, DuckDB's), load_average (the machine's, before and after the
import), and the totals of both, which must agree to the
cent. `seconds` runs from reading the file to every obligation recomputed (the import computes
the dashboard's figures once it has committed).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PRODUCER = ("Les Films du Banc d'Essai", "0417497106", "4000", "Liège")
# (postal code, city, how many suppliers) per area; every code is a real Statbel code
AREAS = {
    "brussels": [("1000", "Bruxelles"), ("1030", "Schaerbeek"), ("1050", "Ixelles"),
                 ("1060", "Saint-Gilles"), ("1080", "Molenbeek-Saint-Jean"),
                 ("1190", "Forest"), ("1200", "Woluwe-Saint-Lambert")],
    "walloon_brabant": [("1300", "Wavre"), ("1340", "Ottignies"), ("1348", "Louvain-la-Neuve"),
                        ("1400", "Nivelles"), ("1410", "Waterloo")],
    "wallonia": [("4000", "Liège"), ("5000", "Namur"), ("6000", "Charleroi"), ("7000", "Mons"),
                 ("6700", "Arlon"), ("7780", "Comines-Warneton"), ("4020", "Liège")],
    "german": [("4700", "Eupen"), ("4720", "Kelmis"), ("4780", "Sankt Vith"),
               ("4760", "Büllingen")],
    "flanders": [("2000", "Antwerpen"), ("9000", "Gent"), ("3000", "Leuven"),
                 ("8000", "Brugge"), ("3790", "Voeren")],
    "france": [("75011", "Paris"), ("59000", "Lille"), ("69002", "Lyon")],
}
AREA_WEIGHTS = {"brussels": 30, "walloon_brabant": 10, "wallonia": 30, "german": 4,
                "flanders": 16, "france": 10}
ACCOUNTS = [  # code, label, cost type, post-production
    ("01", "Droits", "direct", False), ("01.01", "Droits d'auteur", "direct", False),
    ("02", "Développement", "direct", False), ("02.01", "Repérages", "direct", False),
    ("03", "Personnel", "direct", False), ("03.01", "Réalisation", "direct", False),
    ("03.02", "Équipe technique", "direct", False), ("03.03", "Production", "direct", False),
    ("04", "Interprétation", "direct", False), ("04.01", "Comédiens", "direct", False),
    ("05", "Décors et costumes", "direct", False), ("05.01", "Décors", "direct", False),
    ("05.02", "Lieux de tournage", "direct", False), ("05.03", "Costumes", "direct", False),
    ("06", "Transports et défraiements", "direct", False),
    ("06.01", "Véhicules", "direct", False), ("06.02", "Hébergement", "direct", False),
    ("07", "Matériel technique", "direct", False), ("07.01", "Caméra", "direct", False),
    ("07.02", "Lumière", "direct", False), ("08", "Studio", "direct", False),
    ("09", "Post-production", "direct", True), ("09.01", "Montage", "direct", True),
    ("09.02", "VFX", "direct", True), ("09.03", "Son", "direct", True),
    ("10", "Assurances et divers", "direct", False),
    ("11", "Frais généraux", "overhead", False), ("12", "Rémunération producteur",
                                                   "producer_fee", False),
    ("13", "Commissions", "commission", False),
]
INVOICE_ACCOUNTS = ["01.01", "02.01", "05.01", "05.02", "05.03", "06.01", "06.02", "07.01",
                    "07.02", "08", "09.01", "09.02", "09.03", "10"]
PAYROLL_ACCOUNTS = ["03.01", "03.02", "03.03", "04.01"]
START = dt.date(2024, 3, 1)
MONTHS = 24
TS_AGREEMENT = dt.date(2024, 3, 15)     # mid-month: exercises the split months
HEADERS = ["Ligne", "Date", "Type", "Facture", "Fournisseur", "TVA fournisseur", "Rue", "CP",
           "Ville", "Pays", "CP exploitation", "Activité AV", "Employé", "CP domicile",
           "Pays domicile", "Compte", "Montant HTVA", "Taux TVA", "Libellé", "Nature", "Payé le",
           "Lieu de tournage", "Véhicule de location", "Nuit d'hôtel", "Studio",
           "Mentions manquantes"]
MAPPING = {"id": "Ligne", "date": "Date", "kind": "Type", "number": "Facture",
           "supplier_name": "Fournisseur", "supplier_vat": "TVA fournisseur",
           "supplier_street": "Rue", "supplier_postal_code": "CP", "supplier_city": "Ville",
           "supplier_country": "Pays", "operating_postal_code": "CP exploitation",
           "audiovisual_activity": "Activité AV", "employee_name": "Employé",
           "employee_postal_code": "CP domicile", "employee_country": "Pays domicile",
           "account": "Compte", "amount": "Montant HTVA",
           "vat_rate": "Taux TVA", "description": "Libellé", "cost_type": "Nature",
           "paid_on": "Payé le", "location_rental": "Lieu de tournage",
           "vehicle_rental_agency": "Véhicule de location", "hotel_night": "Nuit d'hôtel",
           "studio": "Studio", "missing_fields": "Mentions manquantes"}
SOURCES = {  # the four financiers with a spend obligation
    "wallimage": dict(source_type="regional_fund", label="Wallimage Coproductions",
                      amount=Decimal("350000"), status="contracted", rule="wallimage",
                      contracted_on=dt.date(2024, 2, 1), committed_ratio=Decimal("4")),
    "spillover": dict(source_type="broadcaster_coproduction", label="Coproduction Télé Demo",
                      amount=Decimal("400000"), status="contracted", rule="spillover",
                      contracted_on=dt.date(2024, 2, 10)),
    "screen_brussels": dict(source_type="regional_fund", label="screen.brussels",
                            amount=Decimal("300000"), status="granted",
                            rule="screen_brussels", granted_on=dt.date(2024, 1, 20),
                            screen_format="feature_film"),
    "tax_shelter": dict(source_type="tax_shelter", label="Tax Shelter",
                        amount=Decimal("900000"), status="contracted", rule="tax_shelter",
                        contracted_on=TS_AGREEMENT, certificate_value=Decimal("1000000")),
}


def enterprise_number(n: int) -> str:
    """A valid Belgian enterprise number (check digits = 97 − first 8 digits mod 97)."""
    base = 2_000_000 + n * 37            # 8 digits, the first one 0
    return f"{base:08d}{97 - base % 97:02d}"


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def generate(path: Path, lines: int, seed: int = 2025, scale_suppliers: int | None = None
             ) -> dict:
    """Write the synthetic ledger CSV (semicolon, Belgian numbers, dd/mm/yyyy, UTF-8 BOM)."""
    rng = random.Random(seed)
    n_suppliers = scale_suppliers or max(40, min(1600, lines // 250))
    suppliers = []
    areas = list(AREA_WEIGHTS)
    for i in range(n_suppliers):
        area = rng.choices(areas, weights=[AREA_WEIGHTS[a] for a in areas])[0]
        code, city = rng.choice(AREAS[area])
        country = "FR" if area == "france" else "BE"
        vat = f"BE{enterprise_number(i)}" if country == "BE" and rng.random() < 0.95 else ""
        operating = ""
        if country == "BE" and rng.random() < 0.15:
            operating = rng.choice(AREAS[rng.choice(["brussels", "wallonia", "flanders"])])[0]
        av = rng.choices(["oui", "non", ""], weights=[80, 8, 12])[0]
        suppliers.append((f"Fournisseur {i:04d} {city}", vat, f"Rue {i} {city}", code, city,
                          country, operating, av))
    people = []
    for i in range(max(20, n_suppliers // 5)):
        area = rng.choices(["brussels", "walloon_brabant", "wallonia", "german", "flanders",
                            "france"], weights=[30, 10, 35, 5, 12, 8])[0]
        code = rng.choice(AREAS[area])[0]
        people.append((f"Prénom{i} Nom{i}", code, "FR" if area == "france" else "BE"))
    invoice_number = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        n = 0
        fee_lines = []
        for month in range(MONTHS):
            day = _add_months(START, month) + dt.timedelta(days=27)
            fee_lines.append((day, "11", "overhead"))
            if month % 3 == 2:
                fee_lines.append((day, "12", "producer_fee"))
            if month % 8 == 5:
                fee_lines.append((day, "13", "commission"))
        producer = suppliers[0]
        for day, account, nature in fee_lines[:max(0, lines // 50)]:
            n += 1
            invoice_number += 1
            date = day.strftime("%d/%m/%Y")
            writer.writerow([f"L{n}", date, "facture", f"F{invoice_number:07d}", producer[0],
                             producer[1], producer[2], producer[3], producer[4], producer[5],
                             producer[6], producer[7], "", "", "", account,
                             _fmt(_money(rng, 2000, 15000)), "21", "Frais / rémunération",
                             nature, date, "", "", "", "", ""])
        while n < lines:
            day = START + dt.timedelta(days=rng.randrange(MONTHS * 30))
            date = day.strftime("%d/%m/%Y")
            roll = rng.random()
            if roll < 0.28:  # payroll
                name, code, country = rng.choice(people)
                n += 1
                writer.writerow([f"L{n}", date, "paie", f"P{n}", "", "", "", "", "", "", "", "",
                                 name, code, country, rng.choice(PAYROLL_ACCOUNTS),
                                 _fmt(_money(rng, 200, 4000)), "0", "Salaire brut", "",
                                 date if rng.random() < 0.8 else "", "", "", "", "", ""])
                continue
            supplier = rng.choice(suppliers)
            invoice_number += 1
            number = f"F{invoice_number:07d}"
            account, nature = rng.choice(INVOICE_ACCOUNTS), ""
            for line in range(1, rng.choice([2, 3, 4, 5]) + 1):
                if n >= lines:
                    break
                n += 1
                studio = "RTBF Média Rives" if account == "08" and rng.random() < 0.3 else ""
                missing = "client_vat_number" if rng.random() < 0.03 else ""
                writer.writerow([
                    f"L{n}", date, "facture", number, supplier[0], supplier[1], supplier[2],
                    supplier[3], supplier[4], supplier[5], supplier[6], supplier[7], "", "", "",
                    account, _fmt(_money(rng, 30, 6000)), "21", f"Ligne {line}", nature,
                    date if rng.random() < 0.7 else "",
                    "oui" if account == "05.02" and rng.random() < 0.5 else "",
                    "oui" if account == "06.01" and rng.random() < 0.4 else "",
                    "oui" if account == "06.02" else "", studio, missing])
    return {"suppliers": n_suppliers, "people": len(people)}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _fmt(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + "," + cents


# --------------------------------------------------------------------------------------------
# the application's side


def make_project(title: str = "Banc d'essai", owner_name: str = PRODUCER[0]):
    """A producer organisation, its company, a work and a project with the chart of accounts
    and the four financing sources of the benchmark."""
    from montage.web.production.models import Account, FinancingSource, Project
    from montage.web.registry.models import Company, Organisation, Work

    company, _ = Company.objects.get_or_create(
        name=owner_name, defaults=dict(enterprise_number="0417.497.106",
                                       vat_number="BE0417497106",
                                       registered_postal_code=PRODUCER[2],
                                       registered_city=PRODUCER[3],
                                       audiovisual_activity=True))
    owner, _ = Organisation.objects.get_or_create(
        name=owner_name, defaults=dict(kind=Organisation.Kind.PRODUCER, company=company))
    work = Work.objects.create(title=title, work_type="feature", initiative="belgium",
                               producer=company, status="production")
    project = Project.objects.create(owner=owner, work=work, format="1 × 100 min",
                                     position="majority")
    parents = {}
    for code, label, cost_type, post in ACCOUNTS:
        parent = parents.get(code.split(".")[0]) if "." in code else None
        parents[code] = Account.objects.create(project=project, code=code, label=label,
                                               parent=parent, cost_type=cost_type,
                                               post_production=post)
    for values in SOURCES.values():
        FinancingSource.objects.create(project=project, **values)
    return project


def save_mapping(owner):
    from montage.web.ledger.models import ColumnMapping

    mapping, _ = ColumnMapping.objects.update_or_create(
        owner=owner, name="Export comptable (banc d'essai)",
        defaults=dict(columns=MAPPING, date_format="%d/%m/%Y"))
    return mapping


def totals(statuses) -> dict:
    out = {}
    for status in statuses:
        s = status.status
        out[status.source.rule] = ({"problem": status.problem} if s is None else
                                   {"required": str(s.required), "counted": str(s.counted),
                                    "missing": str(s.missing)})
    return out


# --------------------------------------------------------------------------------------------
# DuckDB, the reference


def duckdb_totals(csv_path: Path, as_of: dt.date) -> tuple[dict, float]:
    """DuckDB reads the same CSV and computes the same per-obligation totals (the rules
    rewritten in SQL for the benchmark's data only: a reference for speed and a check)."""
    import duckdb

    from montage.finance.obligations import add_months, default_parameters
    from montage.law import parameters as law_parameters
    from montage.money import to_cents
    from montage.territory import locate

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # stdout carries the JSON
    con.execute(f"""
        CREATE TABLE raw AS SELECT * FROM read_csv('{csv_path}', delim=';', header=true,
            all_varchar=true, encoding='utf-8')""")
    codes = {r[0] for r in con.execute(
        'SELECT DISTINCT cp FROM (SELECT "CP" cp FROM raw UNION SELECT "CP exploitation" '
        'FROM raw UNION SELECT "CP domicile" FROM raw) WHERE cp IS NOT NULL').fetchall()}
    places = []
    for code in sorted(codes):
        try:
            place = locate(code)
            places.append((code, place.region, place.language_area))
        except Exception:
            pass
    con.execute("CREATE TABLE place (code VARCHAR, region VARCHAR, lang VARCHAR)")
    if places:
        con.executemany("INSERT INTO place VALUES (?, ?, ?)", places)
    fp, lp = default_parameters(), law_parameters.default()
    producer_code = PRODUCER[2]
    con.execute(f"""
        CREATE TABLE e AS SELECT
            r."Type" = 'paie' AS payroll,
            CAST(replace(replace(r."Montant HTVA", '.', ''), ',', '.') AS DECIMAL(18,2)) AS amount,
            strptime(r."Date", '%d/%m/%Y')::DATE AS d,
            CASE WHEN r."Type" = 'paie' THEN coalesce(r."Pays domicile", 'BE')
                 ELSE coalesce(r."Pays", 'BE') END AS country,
            CASE WHEN r."Type" = 'paie' THEN r."CP domicile" ELSE r."CP" END AS person_cp,
            CASE WHEN r."Type" = 'paie' THEN '{producer_code}' ELSE r."CP" END AS holder_cp,
            CASE WHEN r."Type" = 'paie' THEN NULL ELSE r."CP exploitation" END AS holder_op,
            CASE WHEN r."Type" = 'paie' THEN 'BE' ELSE coalesce(r."Pays", 'BE') END
                AS holder_country,
            CASE r."Activité AV" WHEN 'oui' THEN 1 WHEN 'non' THEN 0 ELSE NULL END AS av,
            coalesce(r."Nature", 'direct') AS cost_type,
            r."Lieu de tournage" = 'oui' AS location_rental,
            coalesce(r."Véhicule de location" = 'oui', false) AS vehicle,
            coalesce(r."Nuit d'hôtel" = 'oui', false) AS hotel,
            coalesce(r."Studio", '') AS studio,
            r."Mentions manquantes" IS NOT NULL AS missing
        FROM raw r""")
    # Wallimage
    walli = SOURCES["wallimage"]
    ratio = max(fp.get("wallimage.minimum_ratio", walli["contracted_on"]).value,
                walli["committed_ratio"])
    w_required = to_cents(walli["amount"] * ratio)
    w_counted = con.execute("""
        SELECT coalesce(sum(amount), 0) FROM e JOIN place p ON p.code = e.person_cp
        WHERE (e.payroll OR e.country = 'BE') AND p.region = 'wallonia'
          AND NOT (e.studio = 'RTBF Média Rives' AND e.d < DATE '2025-04-01')
          AND NOT (coalesce(e.location_rental, false) AND e.studio <> 'RTBF Média Rives')
          AND (e.payroll OR (coalesce(e.av, 1) = 1 AND NOT (e.av IS NULL AND e.d >= DATE '2025-01-01')))
    """).fetchone()[0]
    # spillover
    spill = SOURCES["spillover"]
    on = spill["contracted_on"]
    share = lp.get("spillover.required_share", on).value
    over = lp.get("spillover.overhead_cap", on).value
    fee = lp.get("spillover.producer_fee_cap", on).value
    s_required = to_cents(spill["amount"] * share)
    inside = """(e.holder_country = 'BE' AND (
        EXISTS (SELECT 1 FROM place p WHERE p.code = e.holder_cp
                AND p.lang IN ('french', 'bilingual_brussels'))
        OR EXISTS (SELECT 1 FROM place p WHERE p.code = e.holder_op
                   AND p.lang IN ('french', 'bilingual_brussels'))))"""
    plain, overhead, producer_fee = con.execute(f"""
        SELECT
          coalesce(sum(amount) FILTER (WHERE cost_type NOT IN ('overhead', 'producer_fee')
                                         AND (payroll OR NOT missing)), 0),
          coalesce(sum(amount) FILTER (WHERE cost_type = 'overhead'), 0),
          coalesce(sum(amount) FILTER (WHERE cost_type = 'producer_fee'), 0)
        FROM e WHERE {inside}""").fetchone()
    s_counted = to_cents(plain + min(overhead, spill["amount"] * over)
                         + min(producer_fee, spill["amount"] * fee))
    # screen.brussels
    sb = SOURCES["screen_brussels"]
    minimum = next(Decimal(i["amount"]) for i in fp.get("screen_brussels.minimum_spend",
                                                        sb["granted_on"]).value
                   if i["format"] == sb["screen_format"])
    b_required = to_cents(max(minimum, sb["amount"]))
    b_counted = con.execute("""
        SELECT coalesce(sum(amount), 0) FROM e
        JOIN place r ON r.code = e.holder_cp
        JOIN place o ON o.code = coalesce(e.holder_op, e.holder_cp)
        WHERE e.holder_country = 'BE' AND r.region = 'brussels' AND o.region = 'brussels'
          AND NOT e.vehicle AND NOT e.hotel AND (e.payroll OR coalesce(e.av, 1) = 1)
    """).fetchone()[0]
    # Tax Shelter
    ts = SOURCES["tax_shelter"]
    start = ts["contracted_on"]
    end = add_months(start, fp.get("tax_shelter.spend_period_months", start).value)
    cap = fp.get("tax_shelter.indirect_costs_cap", start).value
    t_required = to_cents(ts["certificate_value"]
                          * fp.get("tax_shelter.belgian_spend_share", start).value)
    other, fees = con.execute(f"""
        SELECT coalesce(sum(amount) FILTER (WHERE cost_type = 'direct'), 0),
               coalesce(sum(amount) FILTER (WHERE cost_type <> 'direct'), 0)
        FROM e JOIN place p ON p.code = e.holder_cp
        WHERE e.holder_country = 'BE' AND e.studio <> 'RTBF Média Rives'
          AND e.d BETWEEN DATE '{start}' AND DATE '{end}'""").fetchone()
    t_counted = other + to_cents(min(fees, other * cap / (1 - cap)))
    seconds = time.perf_counter() - started
    result = {}
    for rule, required, counted in (("wallimage", w_required, w_counted),
                                    ("spillover", s_required, s_counted),
                                    ("screen_brussels", b_required, b_counted),
                                    ("tax_shelter", t_required, t_counted)):
        counted = to_cents(Decimal(counted))
        result[rule] = {"required": str(required), "counted": str(counted),
                        "missing": str(max(required - counted, Decimal(0)))}
    return result, seconds


# --------------------------------------------------------------------------------------------
# the command


def _bench_database(directory: Path) -> tuple[str, object]:
    """The database the benchmark migrates: a fresh SQLite file in `directory`, or, when
    MONTAGE_DATABASE_URL names a PostgreSQL server, a fresh database created on it for this
    run (dropped afterwards: call the returned function)."""
    url = os.environ.get("MONTAGE_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{directory / 'bench.sqlite3'}", lambda: None
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"montage_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), drop


def _setup_django(directory: Path, url: str) -> None:
    os.environ["MONTAGE_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "montage.web.settings"
    os.environ.setdefault("MONTAGE_MEDIA_ROOT", str(directory / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def bench_ledger(args: argparse.Namespace) -> int:
    lines = args.lines
    if lines < 1:
        raise SystemExit("montage: --lines must be at least 1")
    with tempfile.TemporaryDirectory(prefix="montage-bench-") as tmp:
        directory = Path(tmp)
        csv_path = directory / "ledger.csv"
        generate(csv_path, lines, seed=args.seed)
        url, drop_database = _bench_database(directory)
        try:
            result = _bench(args, directory, csv_path, url)
        finally:
            drop_database()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if "error" not in result else 2


def _timed_get(client, url: str, repeat: int) -> tuple[float, float]:
    """(median, first) of `repeat` GET requests, in milliseconds; a status other than 200
    stops the benchmark."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"montage: {url} answered {response.status_code}")
    return round(statistics.median(times), 1), round(times[0], 1)


def _cpu_seconds() -> tuple[float, float]:
    """(this process's, its ended children's) user + system processor seconds so far."""
    return tuple(sum(getattr(resource.getrusage(who), f) for f in ("ru_utime", "ru_stime"))
                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def _time_phases(imports, dashboard) -> dict:
    """Where the import's time goes, in this process: planning its part of the file, writing
    lines, the buckets (fee lines, groups applied, references checked), the obligations
    recomputed once committed. The second process plans meanwhile (not counted here)."""
    phases = {"plan": 0.0, "write": 0.0, "buckets": 0.0, "obligations": 0.0}

    def timed(owner, name: str, phase: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                phases[phase] += time.perf_counter() - started
        setattr(owner, name, wrapper)
    timed(imports._Plan, "run", "plan")
    timed(imports._Writer, "add", "write")
    timed(imports._Writer, "finish", "buckets")
    timed(dashboard, "refresh", "obligations")
    return phases


def _bench(args: argparse.Namespace, directory: Path, csv_path: Path, url: str) -> dict:
    lines = args.lines
    _setup_django(directory, url)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from montage.web.ledger.models import Expense, LedgerImport
    from montage.web.registry.models import Membership
    from montage.web.ledger import buckets, dashboard, imports

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-32768")  # 32 MiB of page cache
            cursor.execute("PRAGMA temp_store=MEMORY")
    project = make_project()
    mapping = save_mapping(project.owner)
    as_of = dt.date.today()
    data = csv_path.read_bytes()
    phases = _time_phases(imports, dashboard)
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    record = imports.import_file(project, csv_path.name, data, mapping=mapping)
    del data
    if record.status != LedgerImport.Status.DONE:
        print(json.dumps({"error": record.status, "errors": record.errors[:5]},
                         ensure_ascii=False), file=sys.stderr)
        return {"error": record.status}
    dashboard.figures(project, as_of)  # computed once the import committed
    seconds = time.perf_counter() - started
    phases = dict(phases, total=seconds)  # the import's only (one invoice follows)
    # this process's peak plus the peak of the process that read the file's second half
    # (their sum: an upper bound, the two peaks need not coincide), measured before
    # DuckDB runs in this process
    peaks = [round(resource.getrusage(who).ru_maxrss / 1024, 1)
             for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu_import = [after - before for after, before in zip(_cpu_seconds(), cpu_before)]
    load_after = os.getloadavg()[0]
    ours = totals(buckets.statuses(project, as_of))
    cpu_before = _cpu_seconds()
    duck, duck_seconds = duckdb_totals(csv_path, as_of)
    cpu_duck = _cpu_seconds()[0] - cpu_before[0]
    # one new invoice: its bucket, then every obligation again
    supplier = Expense.objects.filter(project=project, kind="invoice").first().supplier
    account = project.accounts.get(code="07.01")
    started = time.perf_counter()
    expense = Expense.objects.create(
        owner=project.owner, work=project.work, project=project, kind="invoice",
        supplier=supplier, account=account, date=dt.date(2025, 5, 6), number="BENCH-1",
        amount_excl_vat=Decimal("1234.56"), description="one more invoice")
    buckets.record_expenses(project, [expense])  # and the dashboard's figures, recomputed
    dashboard.figures(project, as_of)
    one_invoice_ms = (time.perf_counter() - started) * 1000
    result = {
        "lines": lines, "seconds": round(seconds, 3),
        "lines_per_second": round(lines / seconds) if seconds else None,
        "peak_rss_mib": round(sum(peaks), 1), "peak_rss_mib_processes": peaks,
        "database": connection.vendor,
        "duckdb_seconds": round(duck_seconds, 3),
        "ratio": round(seconds / duck_seconds, 2) if duck_seconds else None,
        "one_invoice_ms": round(one_invoice_ms, 1),
        "one_invoice_seconds": round(one_invoice_ms / 1000, 3),
        "phases_seconds": {name: round(value, 3) for name, value in phases.items()},
        # processor time, less sensitive than `seconds` to a shared machine's load: this
        # process and the second during the import, DuckDB's threads for the same totals
        "cpu_seconds": {"import": round(cpu_import[0], 3),
                        "second_process": round(cpu_import[1], 3),
                        "duckdb": round(cpu_duck, 3)},
        "load_average": [round(load_before, 2), round(load_after, 2)],
        "buckets": project.buckets.count(),
        "totals": ours, "duckdb_totals": duck, "totals_match": ours == duck,
    }
    if args.dashboard or args.pages:
        from django.core.cache import cache
        from django.test import Client

        user = get_user_model().objects.create_user("bench", password="x")
        Membership.objects.create(user=user, organisation=project.owner,
                                  role=Membership.Role.PRODUCER_MANAGER)
        client = Client()
        client.force_login(user)
        url = f"/production/projects/{project.pk}/ledger/dashboard/"
        result["dashboard_ms"], result["dashboard_first_ms"] = _timed_get(
            client, url, args.repeat)
        # the same page when its figures are not cached (every obligation recomputed from
        # the buckets during the request: what follows a change of the financing plan)
        cold = []
        for _ in range(3):
            cache.clear()
            started = time.perf_counter()
            client.get(url)
            cold.append((time.perf_counter() - started) * 1000)
        result["dashboard_uncached_ms"] = round(statistics.median(cold), 1)
        # the figure the target speaks of: the dashboard cached or not, whichever is slower
        result["dashboard_seconds"] = round(
            max(result["dashboard_ms"], result["dashboard_uncached_ms"]) / 1000, 3)
    if args.pages:
        # the ledger's pages, through Django's test client in this process: the list's
        # first page, the list filtered by one supplier, the obligations page (median of
        # --repeat requests each; *_first_ms the first)
        ledger = f"/production/projects/{project.pk}/ledger/"
        pages = {"ledger_list": ledger,
                 "ledger_supplier": f"{ledger}?supplier={supplier.pk}",
                 "obligations": f"{ledger}obligations/"}
        for name, page in pages.items():
            result[f"{name}_ms"], result[f"{name}_first_ms"] = _timed_get(
                client, page, args.repeat)
    connection.close()
    return result


def register(subparsers) -> None:
    parser = subparsers.add_parser("bench", help="benchmarks (bench ledger --lines N, bench web)")
    sub = parser.add_subparsers(dest="bench", metavar="BENCH")
    sub.required = True
    ledger = sub.add_parser("ledger", help="import and recompute a synthetic ledger",
                            description=__doc__.splitlines()[0])
    ledger.add_argument("--lines", type=int, default=100_000)
    ledger.add_argument("--dashboard", action="store_true",
                        help="also time the project dashboard (median of --repeat requests)")
    ledger.add_argument("--pages", action="store_true",
                        help="also time the dashboard, the ledger list (first page, filtered "
                             "by a supplier) and the obligations page")
    ledger.add_argument("--repeat", type=int, default=7)
    ledger.add_argument("--seed", type=int, default=2025)
    ledger.set_defaults(func=bench_ledger)
    from montage.web import bench_web

    bench_web.register(sub)
