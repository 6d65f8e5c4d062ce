"""Demo data for `montage serve`: every desk with something to look at.

`load_demo()` is idempotent: it only creates what is missing (looked up by name, username or
natural key) and never overwrites a value, so running it twice changes nothing, and a change made
through the application survives a restart. Every demo user has the password `DEMO_PASSWORD`.
Companies, people and figures are fictitious; enterprise numbers only have valid check digits.
"""

from __future__ import annotations

from importlib import import_module

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from montage.law.contribution import compute_contribution
from montage.web import demo_calendar as calendar
from montage.web.registry.audit import acting_as
from montage.web.contribution.models import (EditorProfile, ObligationYear, Service,
                                             TurnoverDeclaration, TurnoverLine)
from montage.web.investments.models import Investment
from montage.web.ledger.models import Expense
from montage.web.registry.models import Company, Credit, Membership, Organisation, Person, Work

DEMO_PASSWORD = "montage-demo"

Kind = Organisation.Kind
Role = Membership.Role

# username, organisation name, role, what the user sees
DEMO_USERS = [
    ("tele.demo", "Télé Demo", Role.EDITOR_OFFICER, "local editor (RTBF-like)"),
    ("streamflix", "StreamFlix Europe", Role.EDITOR_OFFICER, "external streaming editor"),
    ("quartier", "Canal Quartier", Role.EDITOR_OFFICER, "small exempt editor"),
    ("csa", "CSA — Conseil supérieur de l'audiovisuel", Role.CSA_ANALYST, "regulator"),
    ("cca", "Centre du Cinéma et de l'Audiovisuel", Role.CCA_ANALYST, "film administration"),
    ("wallimage", "Wallimage", Role.FUND_ANALYST, "regional fund analyst"),
    ("wallimage.board", "Wallimage", Role.FUND_BOARD, "regional fund board"),
    ("ardenne", "Ardenne Films", Role.PRODUCER_MANAGER, "producer (Liège)"),
    ("canal.prod", "Productions du Canal", Role.PRODUCER_MANAGER, "producer (Brussels)"),
    ("phare", "Les Films du Phare", Role.PRODUCER_MANAGER,
     "producer (Brussels and Liège): production desk"),
]
DEMO_ADMIN = "admin"  # a Django superuser for /admin/, no desk

D = Decimal


_date = calendar.date  # the story's dates, moved with the years (montage/web/demo_calendar.py)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, description) for printing."""
    rows = [(u, DEMO_PASSWORD, f"{desc} — {org}") for u, org, _role, desc in DEMO_USERS]
    return rows + [(DEMO_ADMIN, DEMO_PASSWORD, "superuser, /admin/")]


def _company(name, number, postal_code, city, **extra) -> Company:
    company, _ = Company.objects.get_or_create(name=name, defaults=dict(
        enterprise_number=number, vat_number=f"BE{number}" if number else "",
        registered_postal_code=postal_code, registered_city=city, **extra))
    return company


def _organisation(name, kind, number="", company=None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults=dict(
        kind=kind, enterprise_number=number, vat_number=f"BE{number}" if number else "",
        company=company))
    return organisation


DEMO_EXTENSIONS = ["montage.web.contribution.demo", "montage.web.investments.demo",
                   "montage.web.annexes.demo", "montage.web.api.demo", "montage.web.fund.demo",
                   "montage.web.production.demo", "montage.web.ledger.demo",
                   "montage.web.carbon.demo",
                   "montage.web.recoupment.demo"]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo organisations, users, works, obligation files and investments."""
    with acting_as(None, "demo"), calendar.loading():
        return _load()


def _load() -> dict[str, int]:
    # -- companies (one record whatever desk uses them) ---------------------------------------
    ardenne = _company("Ardenne Films", "0412345614", "4000", "Liège",
                       registered_street="Rue Féronstrée 12")
    canal = _company("Productions du Canal", "0523456738", "1080", "Molenbeek-Saint-Jean",
                     registered_street="Quai des Charbonnages 30",
                     operating_street="Rue de la Loi 1", operating_postal_code="1000",
                     operating_city="Bruxelles", operating_country="BE")
    studio = _company("Studio Son Namur", "0634567862", "5000", "Namur",
                      registered_street="Rue de Fer 5")
    post_eupen = _company("Post-Prod Eupen", "0745678986", "4700", "Eupen",
                          registered_street="Haasstraße 3")
    paris = _company("Films de la Seine", "", "75011", "Paris", country="FR")

    # -- organisations ------------------------------------------------------------------------
    csa = _organisation("CSA — Conseil supérieur de l'audiovisuel", Kind.CSA, "0856789023")
    cca = _organisation("Centre du Cinéma et de l'Audiovisuel", Kind.CCA, "0220916609")
    fund = _organisation("Wallimage", Kind.FUND, "0967890150")
    tele = _organisation("Télé Demo", Kind.EDITOR, "0478901272")
    stream = _organisation("StreamFlix Europe", Kind.EDITOR)
    quartier = _organisation("Canal Quartier", Kind.EDITOR, "0589012308")
    _organisation("Ardenne Films", Kind.PRODUCER, "0412345614", company=ardenne)
    _organisation("Productions du Canal", Kind.PRODUCER, "0523456738", company=canal)
    # production desk: its projects are in montage/web/production/demo.py
    phare = _company("Les Films du Phare", "0789123407", "1060", "Saint-Gilles",
                     registered_street="Rue de la Victoire 96",
                     operating_street="Quai de la Batte 10",
                     operating_postal_code="4000", operating_city="Liège", operating_country="BE",
                     audiovisual_activity=True, nace_codes="59.111")
    _organisation("Les Films du Phare", Kind.PRODUCER, "0789123407", company=phare)
    del csa, cca, fund

    tele_p, _ = EditorProfile.objects.get_or_create(
        organisation=tele, defaults={"establishment": "local", "country": "BE"})
    stream_p, _ = EditorProfile.objects.get_or_create(
        organisation=stream, defaults={"establishment": "external", "country": "LU"})
    quartier_p, _ = EditorProfile.objects.get_or_create(
        organisation=quartier, defaults={"establishment": "local", "country": "BE"})

    def service(editor, name, kind):
        return Service.objects.get_or_create(editor=editor, name=name,
                                             defaults={"kind": kind})[0]

    tele_1 = service(tele_p, "Télé Demo 1", Service.Kind.LINEAR)
    tele_vod = service(tele_p, "Télé Demo+ (à la demande)", Service.Kind.NON_LINEAR)
    stream_vod = service(stream_p, "StreamFlix", Service.Kind.NON_LINEAR)
    quartier_1 = service(quartier_p, "Canal Quartier", Service.Kind.LINEAR)

    # -- users --------------------------------------------------------------------------------
    User = get_user_model()
    for username, org_name, role, _desc in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=DEMO_PASSWORD)
        Membership.objects.get_or_create(user=user, role=role,
                                         organisation=Organisation.objects.get(name=org_name))
    if not User.objects.filter(username=DEMO_ADMIN).exists():
        User.objects.create_superuser(DEMO_ADMIN, password=DEMO_PASSWORD)

    # -- works and people ---------------------------------------------------------------------
    def work(title, work_type, initiative, producer, status, genre=""):
        return Work.objects.get_or_create(title=title, defaults=dict(
            work_type=work_type, initiative=initiative, producer=producer, status=status,
            genre=genre))[0]

    brumes = work("Les Brumes de Meuse", "feature", "belgium", ardenne, "production", "drame")
    quartier_nord = work("Quartier Nord", "series", "belgium", canal, "post_production",
                         "polar")
    charbonnage = work("Le Dernier Charbonnage", "documentary", "belgium", ardenne,
                       "development", "documentaire patrimonial")
    pixel = work("Pixel & Plume", "animation", "france", paris, "development", "jeunesse")
    quiz = work("Le Grand Quiz des Régions", "format", "belgium", canal, "production",
                "divertissement culturel")

    def person(first, last, nationality=None, gender=None):
        return Person.objects.get_or_create(first_name=first, last_name=last, defaults=dict(
            nationality=nationality, gender=gender))[0]

    for w, p, role in [
        (brumes, person("Léa", "Marchal", "BE", "f"), "director"),
        (brumes, person("Tom", "Dewez", "BE", "m"), "screenwriter"),
        (quartier_nord, person("Nadia", "Benali", "BE", "f"), "director"),
        (charbonnage, person("Jan", "Peeters", None, None), "director"),  # unknown: stays null
    ]:
        Credit.objects.get_or_create(work=w, person=p, role=role)

    # -- obligation files ---------------------------------------------------------------------
    def fixed(year, eligible):
        """The amount the CSA fixed: the engine's, for the year as the calendar moved it."""
        return compute_contribution(calendar.year(year), D(eligible)).amount

    def obligation(editor, year, **fields):
        return ObligationYear.objects.get_or_create(editor=editor, year=calendar.year(year),
                                                    defaults=fields)[0]

    tele_2024 = obligation(tele_p, 2024, form="investments", choice_filed_on=_date("2024-02-12"),
                           turnover_estimate=D("51500000.00"), eligible_turnover=D("52000000.00"),
                           eligible_fixed_on=_date("2024-11-08"),
                           investments_filed_on=_date("2024-11-14"),
                           amount=fixed(2024, "52000000.00"), status="fixed")
    tele_2025 = obligation(tele_p, 2025, form="investments", choice_filed_on=_date("2025-02-10"),
                           turnover_estimate=D("53500000.00"), status="declared")
    stream_2024 = obligation(stream_p, 2024, form="payment", choice_filed_on=_date("2024-02-14"),
                             turnover_estimate=D("12000000.00"),
                             eligible_turnover=D("12500000.00"),
                             eligible_fixed_on=_date("2024-11-12"),
                             amount=fixed(2024, "12500000.00"),
                             status="fixed")
    obligation(stream_p, 2025, form="payment", turnover_estimate=D("14000000.00"),
                status="open")
    quartier_2024 = obligation(quartier_p, 2024, form="payment",
                               choice_filed_on=_date("2024-02-01"),
                               turnover_estimate=D("410000.00"), eligible_turnover=D("420000.00"),
                               eligible_fixed_on=_date("2024-11-05"), amount=D("0.00"),
                               exemption_ground="turnover_below_threshold", status="exempt")
    obligation(quartier_p, 2025, form="payment", turnover_estimate=D("450000.00"), status="open")

    def declaration(obligation_year, basis, submitted_on, status, lines):
        decl = TurnoverDeclaration.objects.get_or_create(obligation=obligation_year, defaults=dict(
            market_basis=basis, submitted_on=_date(submitted_on), status=status))[0]
        # An external editor reports the market its basis says; a local one, all markets.
        market = {"fwb": "french_language_region", "brussels_whole": "brussels_total",
                  "belgium_whole": "belgium_total"}[basis] \
            if obligation_year.editor.establishment == "external" else "all"
        for svc, category, amount, confidential in lines:
            TurnoverLine.objects.get_or_create(declaration=decl, service=svc, category=category,
                                               market=market,
                                               defaults=dict(amount=D(amount),
                                                             confidential=confidential))
        return decl

    declaration(tele_2024, "fwb", "2024-09-13", "accepted", [
        (tele_1, "advertising", "38000000.00", False),
        (tele_1, "sponsorship", "4200000.00", False),
        (tele_1, "product_placement", "800000.00", False),
        (tele_1, "distribution_fees", "8500000.00", False),
        (tele_vod, "programme_sales", "500000.00", False),
    ])
    declaration(tele_2025, "fwb", "2025-09-12", "submitted", [
        (tele_1, "advertising", "39100000.00", False),
        (tele_1, "sponsorship", "4300000.00", False),
        (tele_1, "teleshopping", "150000.00", False),
        (tele_1, "distribution_fees", "8900000.00", True),  # the confidential line
        (tele_vod, "subscriptions", "1250000.00", False),
        (tele_1, "call_tv", "120000.00", False),
    ])
    declaration(stream_2024, "belgium_whole", "2024-09-15", "accepted", [
        (stream_vod, "subscriptions", "31645569.62", False),
    ])
    declaration(quartier_2024, "fwb", "2024-09-02", "accepted", [
        (quartier_1, "advertising", "380000.00", False),
        (quartier_1, "sponsorship", "40000.00", False),
    ])

    # -- investments (Télé Demo chose investments) ---------------------------------------------
    def invest(obligation_year, category, work_, amount, producer=None, **fields):
        return Investment.objects.get_or_create(
            obligation=obligation_year, category=category, work=work_,
            defaults=dict(editor=obligation_year.editor, amount=D(amount),
                          producer=producer if producer is not None else
                          (work_.producer if work_ else None), **fields))[0]

    invest(tele_2024, "coproduction", brumes, "450000.00", fwb_initiative=True,
           document_date=_date("2024-03-20"))
    invest(tele_2024, "prepurchase", quartier_nord, "120000.00", fwb_initiative=True,
           document_date=_date("2024-05-02"))
    invest(tele_2024, "commission_production", quiz, "250000.00",
           document_date=_date("2024-06-10"))
    invest(tele_2024, "commission_development", quiz, "60000.00",
           document_date=_date("2024-04-15"))
    invest(tele_2024, "writing_development", charbonnage, "40000.00", fwb_initiative=True,
           document="commitment_letter", document_date=_date("2024-10-01"))
    invest(tele_2024, "training", None, "30000.00", document_date=_date("2024-09-01"))
    invest(tele_2024, "accessibility", quartier_nord, "20000.00", confidential=True,
           document_date=_date("2024-07-01"))  # confidential: hidden from the producer too
    invest(tele_2024, "dubbing_subtitling", pixel, "25000.00",
           document_date=_date("2024-08-19"))
    invest(tele_2024, "coproduction", pixel, "80000.00", status="unrealised",
           document_date=_date("2024-02-28"))
    invest(tele_2025, "coproduction", charbonnage, "300000.00", fwb_initiative=True,
           document="commitment_letter", document_date=_date("2025-03-14"))

    # -- a few expenses (the producer's ledger, usable by every desk) ---------------------------
    ardenne_org = Organisation.objects.get(name="Ardenne Films")

    def expense(number, kind, supplier, date, amount, vat_rate, description):
        Expense.objects.get_or_create(owner=ardenne_org, work=brumes, number=number, defaults=dict(
            kind=kind, supplier=supplier, date=_date(date), amount_excl_vat=D(amount),
            vat_rate=D(vat_rate), description=description))

    expense("SSN-2024-118", "invoice", studio, "2024-09-30", "18450.00", "0.21", "mixage son")
    expense("PPE-0042", "invoice", post_eupen, "2024-10-15", "9200.00", "0.21", "étalonnage")
    expense("PAIE-2024-09", "payroll", None, "2024-09-30", "42000.00", "0", "équipe technique")
    expense("FG-2024", "overhead", None, "2024-12-31", "12000.00", "0", "frais généraux")

    # Each desk's module adds its own demo records (idempotent, like the rest).
    for name in DEMO_EXTENSIONS:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue  # that desk has no demo records yet
        module.load_demo()

    return {"organisations": Organisation.objects.count(), "users": User.objects.count(),
            "works": Work.objects.count(), "obligations": ObligationYear.objects.count(),
            "investments": Investment.objects.count()}
