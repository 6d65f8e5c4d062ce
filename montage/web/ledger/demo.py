"""The ledger's demo records (idempotent; called by montage.web.demo.DEMO_EXTENSIONS after the
production desk's demo, which creates "Les Films du Phare" and its projects "Le Phare" and
"Nuit Blanche" with their financing plans).

- suppliers across the territories: a Liège camera rental, a Brussels post-production house
  (both seats in Brussels), a Namur caterer (no audiovisual activity), an Eupen studio (German
  language area), a Ghent lighting company, a Paris lab, a Wavre sound studio (Walloon Brabant),
  RTBF's Média Rives studios in Liège, and a castle rented as a shooting location;
- people paid on payroll, domiciled in Liège, Namur, Brussels, Eupen and Ghent;
- "Le Phare": about sixty invoices and payroll lines, so that every obligation shows its
  progress (the location rental of November 2024 refused by Wallimage, the Média Rives hire
  counted only from 1 April 2025, overheads and producer fee beyond the spillover's 7 % / 10 %
  caps);
- "Nuit Blanche": a ledger whose Walloon spend misses the Wallimage ratio (post-production done
  in Brussels, a location rental, a Flemish crew): the obligation page says by how much and where.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from functools import partial

from montage.web import demo_calendar as calendar
from montage.web.registry.audit import acting_as
from montage.web.ledger.models import Expense
from montage.web.production.models import Account, Project
from montage.web.registry.models import Company, Person
from montage.web.ledger import buckets

PRODUCER = "Les Films du Phare"


def enterprise(base: int) -> str:
    """A Belgian enterprise number with valid check digits from 8 leading digits."""
    first = int(f"0{base % 10_000_000:07d}")   # Belgian numbers start with 0 (or 1)
    digits = f"{first:08d}{97 - first % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _supplier_of(owner, name, base, street, code, city, *, country="BE", vat="", av=True,
                 nace="", op=None) -> Company:
    number = enterprise(base) if base else ""
    defaults = dict(enterprise_number=number,
                    vat_number=vat or (f"BE{number.replace('.', '')}" if number else ""),
                    country=country, registered_street=street, registered_postal_code=code,
                    registered_city=city, audiovisual_activity=av, nace_codes=nace,
                    owner=owner)  # the producer that recorded it edits it (docs/web-ledger.md)
    if op:
        defaults.update(operating_street=op[0], operating_postal_code=op[1],
                        operating_city=op[2], operating_country="BE")
    company, _ = Company.objects.get_or_create(name=name, defaults=defaults)
    return company


def suppliers(owner=None) -> dict[str, Company]:
    _supplier = partial(_supplier_of, owner)
    return {
        "camera": _supplier("Caméra Meuse Location", 4_331_207_2, "Quai de Rome 25", "4000",
                            "Liège", nace="77.39, 59.11"),
        "post": _supplier("Studio Bruxelles Post", 5_420_118_3, "Rue de la Régence 58", "1000",
                          "Bruxelles", nace="59.12",
                          op=("Rue Gray 112", "1050", "Ixelles")),
        "caterer": _supplier("Traiteur du Confluent", 6_120_455_1, "Rue de Fer 20", "5000",
                             "Namur", av=False, nace="56.21"),
        "eupen": _supplier("Eupener Filmstudio", 7_330_981_4, "Aachener Straße 45", "4700",
                           "Eupen", nace="59.11"),
        "ghent": _supplier("Gent Licht & Grip", 4_560_771_2, "Dok-Noord 7", "9000", "Gent",
                           nace="77.39"),
        "paris": _supplier("Laboratoire Lumière Paris", 0, "Rue de Charonne 40", "75011",
                           "Paris", country="FR", vat="FR40303265045", nace="59.12"),
        "wavre": _supplier("Son de Wavre", 6_640_222_8, "Rue du Commerce 14", "1300", "Wavre",
                           nace="59.20"),
        "rtbf": _supplier("RTBF Média Rives", 2_300_500_6, "Boulevard Raymond Poincaré 15",
                          "4020", "Liège", nace="60.20, 59.11"),
        "castle": _supplier("Domaine de Fallais", 8_120_303_5, "Rue du Château 1", "4260",
                            "Braives", av=None, nace="68.20"),
        "grip": _supplier("Brussels Grip Company", 5_812_660_4, "Rue des Goujons 22", "1070",
                          "Anderlecht", nace="77.39"),
        "hotel": _supplier("Hôtel du Sablon", 4_107_219_9, "Rue de la Paille 2", "1000",
                           "Bruxelles", av=False, nace="55.10"),
    }


def _person_of(owner, first, last, code, country="BE") -> Person:
    person, _ = Person.objects.get_or_create(  # the employer's own record
        first_name=first, last_name=last, owner=owner,
        defaults=dict(domicile_postal_code=code, domicile_country=country))
    if not person.domicile_postal_code:
        person.domicile_postal_code, person.domicile_country = code, country
        person.save()
    return person


def people(owner=None) -> dict[str, Person]:
    _person = partial(_person_of, owner)
    return {"dop": _person("Luc", "Marchal", "4000"),        # Liège
            "sound": _person("Inès", "Dubois", "5000"),       # Namur
            "ad": _person("Yasmine", "El Amrani", "1060"),    # Saint-Gilles
            "gaffer": _person("Jonas", "Peeters", "9000"),    # Gent
            "editor": _person("Anke", "Schmitz", "4700"),     # Eupen
            "actor": _person("Camille", "Lambert", "4020")}   # Liège


def d(text: str) -> dt.date:
    """A date of the story, moved with the years (montage/web/demo_calendar.py)."""
    return calendar.date(text)


# (key, kind, payee, account, date, number, description, amount, extra flags)
# "Le Phare": preparation in January 2025 (before the Tax Shelter agreement of 1 February),
# shooting March to May 2025 (Liège, Eupen, Brussels), post-production June to October 2025.
LE_PHARE = [
    ("lp01", "invoice", "camera", "07.01", "2025-03-03", "CML-2025-061", "Location caméra Alexa 35 et optiques — semaines 1-2", "24600.00", {}),
    ("lp02", "invoice", "camera", "07.01", "2025-03-17", "CML-2025-078", "Location caméra — semaines 3-4", "24600.00", {}),
    ("lp03", "invoice", "camera", "07.01", "2025-03-31", "CML-2025-093", "Location caméra — semaines 5-6", "24600.00", {}),
    ("lp04", "invoice", "camera", "07.02", "2025-04-14", "CML-2025-110", "Machinerie et travelling", "13870.00", {}),
    ("lp05", "invoice", "caterer", "06.03", "2025-03-07", "TC-1331", "Catering tournage — semaine 1", "6240.00", {}),
    ("lp06", "invoice", "caterer", "06.03", "2025-03-21", "TC-1352", "Catering tournage — semaines 2-3", "11980.00", {}),
    ("lp07", "invoice", "caterer", "06.03", "2025-05-16", "TC-1407", "Catering tournage — dernière semaine", "3150.00", {}),
    ("lp08", "invoice", "eupen", "07.04", "2025-04-07", "EFS-25-041", "Location plateau B — 12 jours", "43200.00", {}),
    ("lp09", "invoice", "eupen", "07.04", "2025-05-12", "EFS-25-066", "Location plateau B — reprises", "14400.00", {}),
    ("lp10", "invoice", "ghent", "07.02", "2025-03-10", "GLG-8011", "Matériel électrique — forfait tournage", "16800.00", {}),
    ("lp11", "invoice", "ghent", "07.02", "2025-04-22", "GLG-8087", "Matériel électrique — complément", "4350.00", {}),
    ("lp12", "invoice", "castle", "05.04", "2025-04-01", "DF-2025-09", "Location du château de Fallais — 4 jours de tournage", "9600.00", {"location_rental": True}),
    ("lp13", "invoice", "grip", "07.02", "2025-03-05", "BGC-25-111", "Grue et dolly — Bruxelles", "18400.00", {}),
    ("lp14", "invoice", "grip", "07.02", "2025-05-05", "BGC-25-166", "Machinerie — séquences de nuit", "12950.00", {}),
    ("lp15", "invoice", "hotel", "06.02", "2025-03-14", "HS-55702", "Hébergement équipe — 24 nuitées", "3360.00", {"hotel_night": True}),
    ("lp16", "invoice", "wavre", "07.03", "2025-03-04", "SDW-1021", "Location matériel son", "7480.00", {}),
    ("lp17", "invoice", "wavre", "08.04", "2025-08-11", "SDW-1104", "Bruitages et enregistrements additionnels", "7900.00", {"post_production": True}),
    ("lp18", "invoice", "rtbf", "07.04", "2025-03-31", "RMR-2025-031", "Studio Média Rives — journée de pré-installation", "4200.00", {"studio": "RTBF Média Rives"}),
    ("lp19", "invoice", "rtbf", "07.04", "2025-04-14", "RMR-2025-047", "Studio Média Rives — 5 jours de tournage", "23500.00", {"studio": "RTBF Média Rives"}),
    ("lp20", "invoice", "camera", "05.02", "2025-03-28", "CML-2025-090", "Accessoires et consommables plateau", "2980.00", {"missing": ["client_vat_number"]}),
    ("lp21", "invoice", "post", "08.01", "2025-06-02", "SBP-25-0212", "Montage image — 10 semaines", "48000.00", {"post_production": True}),
    ("lp22", "invoice", "post", "08.02", "2025-08-04", "SBP-25-0308", "Étalonnage", "24500.00", {"post_production": True}),
    ("lp23", "invoice", "post", "08.03", "2025-09-01", "SBP-25-0363", "Effets visuels — 42 plans", "45400.00", {"vfx": True}),
    ("lp24", "invoice", "post", "08.04", "2025-09-22", "SBP-25-0401", "Mixage multicanal", "22200.00", {"post_production": True}),
    ("lp25", "invoice", "paris", "08.05", "2025-10-06", "LLP-25-978", "DCP, sous-titrage et copies", "9800.00", {"post_production": True}),
    ("lp26", "invoice", "paris", "08.02", "2025-09-08", "LLP-25-931", "Étalonnage HDR (coproduction française)", "12600.00", {"post_production": True}),
    ("lp27", "invoice", "camera", "08.01", "2025-06-02", "CML-2025-162", "Salle de montage Liège — 10 semaines", "15000.00", {"post_production": True}),
    ("lp28", "invoice", "phare", "10.01", "2025-09-30", "FDP-2025-OH1", "Frais généraux de la société", "18000.00", {"cost_type": "overhead"}),
    ("lp29", "invoice", "phare", "12.01", "2025-09-30", "FDP-2025-RP1", "Rémunération producteur", "25000.00", {"cost_type": "producer_fee"}),
    ("lp30", "invoice", "caterer", "06.03", "2025-04-04", "TC-1369", "Catering — semaine 5", "4120.00", {}),
    ("lp31", "invoice", "camera", "07.01", "2025-04-28", "CML-2025-131", "Location caméra — semaines 7-8", "24600.00", {}),
    ("lp32", "invoice", "grip", "06.01", "2025-03-17", "BGC-25-130", "Camion machinerie (propre flotte)", "2100.00", {}),
    ("lp33", "invoice", "eupen", "05.01", "2025-01-20", "EFS-25-004", "Construction décor — phare intérieur", "36400.00", {}),
    ("lp34", "invoice", "eupen", "05.03", "2025-01-27", "EFS-25-009", "Costumes — confection", "8700.00", {}),
    ("lp35", "invoice", "wavre", "08.04", "2025-07-14", "SDW-1079", "Montage son — 4 semaines", "15600.00", {"post_production": True}),
    ("lp36", "invoice", "grip", "07.02", "2025-04-07", "BGC-25-142", "Groupe électrogène et distribution", "9800.00", {}),
    ("lp37", "invoice", "post", "08.01", "2025-07-07", "SBP-25-0277", "Conformation et sauvegardes", "6400.00", {"post_production": True}),
]
# payroll: gross salaries (the person paid; the producer is the employer)
LE_PHARE_PAYROLL = [
    ("lp40", "dop", "02.03", "2025-03-31", "Directeur photo — mars", "9800.00"),
    ("lp41", "dop", "02.03", "2025-04-30", "Directeur photo — avril", "9800.00"),
    ("lp42", "dop", "02.03", "2025-05-16", "Directeur photo — mai", "4900.00"),
    ("lp43", "sound", "02.04", "2025-03-31", "Chef opératrice son — mars", "6900.00"),
    ("lp44", "sound", "02.04", "2025-04-30", "Chef opératrice son — avril", "6900.00"),
    ("lp45", "ad", "02.01", "2025-03-31", "Première assistante réalisation — mars", "6400.00"),
    ("lp46", "ad", "02.01", "2025-04-30", "Première assistante réalisation — avril", "6400.00"),
    ("lp47", "ad", "02.01", "2025-05-16", "Première assistante réalisation — mai", "3200.00"),
    ("lp48", "gaffer", "02.03", "2025-03-31", "Chef électricien — mars", "5800.00"),
    ("lp49", "gaffer", "02.03", "2025-04-30", "Chef électricien — avril", "5800.00"),
    ("lp50", "editor", "02.02", "2025-03-31", "Assistante de production — T1 2025", "8400.00"),
    ("lp51", "editor", "02.02", "2025-06-30", "Assistante de production — T2 2025", "8400.00"),
    ("lp52", "actor", "03.01", "2025-03-31", "Rôle principal — mars", "14500.00"),
    ("lp53", "actor", "03.01", "2025-04-30", "Rôle principal — avril", "14500.00"),
    ("lp54", "actor", "03.01", "2025-05-16", "Rôle principal — mai", "7250.00"),
    ("lp55", "dop", "02.03", "2025-05-31", "Directeur photo — prises additionnelles", "3900.00"),
    ("lp56", "sound", "02.04", "2025-05-16", "Chef opératrice son — mai", "3450.00"),
    ("lp57", "ad", "02.01", "2025-01-31", "Première assistante réalisation — préparation", "3200.00"),
    ("lp58", "gaffer", "02.03", "2025-05-16", "Chef électricien — mai", "2900.00"),
    ("lp59", "editor", "02.02", "2025-09-30", "Assistante de production — T3 2025", "8400.00"),
]

# "Nuit Blanche": shooting April to June 2025 in Liège and the Ardennes, post-production in
# Brussels (which is why the Walloon ratio is missed).
NUIT_BLANCHE = [
    ("nb01", "invoice", "camera", "07.01", "2025-04-07", "CML-2025-101", "Location caméra documentaire — 6 semaines", "21600.00", {}),
    ("nb02", "invoice", "wavre", "07.03", "2025-04-08", "SDW-1037", "Location matériel son", "5900.00", {}),
    ("nb03", "invoice", "castle", "07.04", "2025-05-20", "DF-2025-14", "Location du château — nuit de tournage", "4800.00", {"location_rental": True}),
    ("nb04", "invoice", "caterer", "06.03", "2025-05-21", "TC-1418", "Repas équipe de nuit", "2450.00", {}),
    ("nb05", "invoice", "post", "08.01", "2025-07-07", "SBP-25-0280", "Montage image — 10 semaines", "26000.00", {"post_production": True}),
    ("nb06", "invoice", "post", "08.04", "2025-09-08", "SBP-25-0370", "Étalonnage et mixage stéréo", "18000.00", {"post_production": True}),
    ("nb07", "invoice", "ghent", "07.01", "2025-04-11", "GLG-8060", "Éclairage de nuit", "6300.00", {}),
    ("nb08", "invoice", "eupen", "07.01", "2025-05-05", "EFS-25-052", "Plateau — entretiens", "10800.00", {}),
    ("nb09", "invoice", "rtbf", "07.01", "2025-06-16", "RMR-2025-071", "Studio Média Rives — voix off", "3600.00", {"studio": "RTBF Média Rives"}),
    ("nb10", "invoice", "camera", "06.01", "2025-04-14", "CML-2025-112", "Véhicule technique — 6 semaines", "4200.00", {}),
]
NUIT_BLANCHE_PAYROLL = [
    ("nb20", "dop", "02.03", "2025-04-30", "Directeur photo — avril", "7400.00"),
    ("nb21", "dop", "02.03", "2025-05-31", "Directeur photo — mai", "7400.00"),
    ("nb22", "dop", "02.03", "2025-06-30", "Directeur photo — juin", "7400.00"),
    ("nb23", "sound", "02.03", "2025-04-30", "Chef opératrice son — avril", "5200.00"),
    ("nb24", "sound", "02.03", "2025-05-31", "Chef opératrice son — mai", "5200.00"),
    ("nb25", "sound", "02.03", "2025-06-30", "Chef opératrice son — juin", "5200.00"),
    ("nb26", "gaffer", "02.03", "2025-05-31", "Chef électricien — mai", "4100.00"),
    ("nb27", "ad", "02.01", "2025-05-31", "Assistante réalisation — mai", "4300.00"),
    ("nb28", "actor", "02.01", "2025-06-30", "Réalisateur — avril à juin", "9000.00"),
]


def load_demo() -> None:
    with acting_as(None, "demo"):
        _load()


def _projects() -> dict[str, Project]:
    """The production desk's demo projects (montage.web.production.demo), found by title."""
    return {p.work.title: p for p in Project.objects.filter(
        owner__name=PRODUCER, work__title__in=["Le Phare", "Nuit Blanche"])
        .select_related("work", "owner__company")}


def _add(project: Project, accounts: dict[str, Account], key, kind, payee, code, date, number,
         description, amount, flags=None) -> tuple[Expense, bool]:
    flags = dict(flags or {})
    missing = flags.pop("missing", [])
    values = dict(owner=project.owner, work=project.work, kind=kind, account=accounts[code],
                  date=d(date), number=number, description=calendar.years(description),
                  amount_excl_vat=D(amount), cost_type=flags.pop("cost_type", "direct"),
                  missing_fields=missing, paid_on=d(date) + dt.timedelta(days=30), **flags)
    if kind == "payroll":
        values.update(employee=payee, vat_rate=D("0"))
    else:
        values.update(supplier=payee)
    return Expense.objects.get_or_create(project=project, source_key=f"demo:{key}",
                                         defaults=values)


def _load() -> None:
    projects = _projects()
    owner = next(iter(projects.values())).owner if projects else None
    companies = suppliers(owner)
    persons = people(owner)
    for title, invoices, payroll in (("Le Phare", LE_PHARE, LE_PHARE_PAYROLL),
                                     ("Nuit Blanche", NUIT_BLANCHE, NUIT_BLANCHE_PAYROLL)):
        project = projects.get(title)
        if project is None:
            continue
        accounts = {a.code: a for a in project.accounts.all()}
        if not accounts:
            continue
        companies["phare"] = project.owner.company
        added = []
        for key, kind, payee, code, date, number, description, amount, flags in invoices:
            added.append(_add(project, accounts, key, kind, companies[payee], code, date, number,
                              description, amount, flags))
        for key, person, code, date, description, amount in payroll:
            added.append(_add(project, accounts, key, "payroll", persons[person], code, date,
                              f"PAIE-{key.upper()}", description, amount))
        buckets.record_expenses(project, [expense for expense, created in added if created])
        _attach_orders(project, companies)
    if projects.get("Le Phare") is not None:
        _spend_report(projects["Le Phare"])
        _broadcaster_link(projects["Le Phare"])


def _spend_report(project: Project) -> None:
    """Le Phare sends Wallimage the proof list of its ledger for tranche 2 (docs/web-desks.md);
    the analyst has rejected one line and has yet to release the tranche."""
    from django.contrib.auth import get_user_model

    from montage.web.fund import services as fund_services
    from montage.web.ledger import spend_reports

    source = project.sources.filter(rule="wallimage", commitment__isnull=False).first()
    if source is None:
        return
    tranche = source.commitment.tranches.get(number=2)
    if tranche.spend_reports.exists():
        return
    users = get_user_model().objects
    report = spend_reports.send(source, tranche, calendar.date(2025, 10, 1),
                                users.get(username="phare"))
    line = report.lines.filter(number="CML-2025-090").first()
    if line is not None:
        fund_services.reject_report_line(
            line, "Facture sans le numéro de TVA du client (mention obligatoire).",
            users.get(username="wallimage"))


def _broadcaster_link(project: Project) -> None:
    """Télé Demo's 2024 coproduction in Le Phare (150 000 €, contract of 1 October 2024) is
    the producer's "Télé Demo — coproduction" source: the editor proposed the link, the producer
    confirmed it and shared the Liste Preuves Invest from its ledger, which the CCA reads
    (docs/web-desks.md)."""
    from django.contrib.auth import get_user_model

    from montage.web.contribution.models import ObligationYear
    from montage.web.investments.models import Investment
    from montage.web.ledger import proof_lists
    from montage.web.production import investment_link
    from montage.web.production.models import InvestmentLink

    obligation = ObligationYear.objects.filter(editor__organisation__name="Télé Demo",
                                               year=calendar.year(2024)).first()
    source = project.sources.filter(label="Télé Demo — coproduction").first()
    if obligation is None or source is None:
        return
    users = get_user_model().objects
    investment, _ = Investment.objects.get_or_create(
        editor=obligation.editor, obligation=obligation, work=project.work,
        category=Investment.Category.COPRODUCTION, defaults=dict(
            producer=project.owner.company, fwb_initiative=True,
            document=Investment.Document.CONTRACT, document_date=calendar.date(2024, 10, 1),
            amount=D("150000.00")))
    link = InvestmentLink.objects.filter(investment=investment).first()
    if link is None and not hasattr(source, "investment_link"):
        link = investment_link.propose_from_investment(investment,
                                                       users.get(username="tele.demo"))
    if link is None:
        return
    if link.confirmed_at is None:
        investment_link.confirm(link, InvestmentLink.Side.PRODUCER, users.get(username="phare"),
                                source)
    if not investment.proof_lists.exists():
        proof_lists.share(link, calendar.date(2025, 10, 1), users.get(username="phare"))


# The production demo's purchase orders of "Le Phare" and the invoices billed against them:
# an invoiced order no longer counts as committed in the cost report (only what remains of it).
ORDERS = {"BC-2025-001": ("camera", ["lp01", "lp02", "lp03"]),
          "BC-2025-002": ("eupen", ["lp08", "lp09"]),
          "BC-2025-003": ("post", ["lp22"])}


def _attach_orders(project: Project, companies: dict[str, Company]) -> None:
    for number, (payee, keys) in ORDERS.items():
        order = project.orders.filter(number=number).first()
        if order is None:
            continue
        if order.supplier_id != companies[payee].pk:
            order.supplier = companies[payee]
            order.save()
        Expense.objects.filter(project=project, source_key__in=[f"demo:{k}" for k in keys],
                               purchase_order__isnull=True).update(purchase_order=order)
