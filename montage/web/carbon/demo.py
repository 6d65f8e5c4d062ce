"""The carbon footprint's demo (after the production and ledger demos): "Le Phare" has a
forecast from its shooting budget and shooting plan and an actual from its ledger, with activity
data measured on some lines (the hotel invoice, the generator, the set construction), the
producer's spend-based factors for the rest, a green manager and an Ecoprod certification, and
three reduction actions; "Nuit Blanche" a forecast and a green plan under way. The factors that
Montage cannot cite (kg CO2e per euro, the studio's grid electricity) are entered as the
producer's own, marked as demonstration figures."""

from __future__ import annotations

from decimal import Decimal as D

from montage.web import demo_calendar as calendar
from montage.web.carbon import services
from montage.web.carbon.models import Activity, GreenPlan, ReductionAction
from montage.web.ledger.models import Expense
from montage.web.production.models import BudgetLine, Project
from montage.web.production.services import current_version
from montage.web.registry.audit import acting_as

_date = calendar.date
DEMO_SOURCE = ("ratio monétaire saisi par le producteur pour la démonstration (chiffre de "
               "démonstration, non publié)")
GRID_SOURCE = ("facteur du réseau communiqué par le fournisseur d'électricité du studio "
               "(chiffre de démonstration)")
SPEND = {"regie": "0.150", "technical": "0.050", "post_production": "0.030", "sets": "0.200",
         "hmc": "0.200", "locations": "0.050", "transport": "0.200"}


def load_demo() -> None:
    with acting_as(None, "demo"):
        _load()


def _load() -> None:
    projects = {p.work.title: p for p in Project.objects.filter(
        owner__name="Les Films du Phare", work__title__in=["Le Phare", "Nuit Blanche"])}
    phare, nuit = projects.get("Le Phare"), projects.get("Nuit Blanche")
    if phare is None or Activity.all_objects.filter(project=phare).exists():
        return
    for post, value in SPEND.items():
        services.set_spend_factor(phare, post, D(value), DEMO_SOURCE, None)
    _le_phare(phare)
    if nuit is not None:
        for post in ("regie", "technical", "post_production"):
            services.set_spend_factor(nuit, post, D(SPEND[post]), DEMO_SOURCE, None)
        _nuit_blanche(nuit)


def _activity(project, basis, phase, post, label, on, quantity, unit, factor="",
              user_factor=None, source="", expense=None, budget_line=None):
    services.record_activity(project, Activity(
        basis=basis, phase=phase, post=post, label=label, date=_date(on),
        quantity=D(quantity), unit=unit, factor_code=factor,
        user_factor=D(user_factor) if user_factor else None, user_factor_source=source,
        expense=expense, budget_line=budget_line), None)


def _le_phare(project) -> None:
    version = current_version(project)

    def line(code):
        return BudgetLine.objects.filter(version=version, account__code=code).first()

    def invoice(number):
        return Expense.objects.filter(project=project, number=number).first()

    F, A = "forecast", "actual"
    # the forecast: the shooting plan (52 shooting days, a crew of 35, 900 hotel nights, the
    # French crew by train, two return flights, the generator, the lighthouse set, the studio)
    transport, hotel, sets, grip = line("06.01"), line("06.02"), line("05.01"), line("07.02")
    for row in (
            ("preparation", "transport", "Repérages et préparation : voitures de l'équipe",
             "2025-01-15", "6000", "km", "carbon.car_km", transport),
            ("shooting", "transport", "Voitures de l'équipe pendant le tournage", "2025-03-03",
             "30000", "km", "carbon.car_km", transport),
            ("shooting", "regie", "Camions régie et machinerie", "2025-03-03", "12000", "km",
             "carbon.van_km", transport),
            ("shooting", "transport", "Équipe française Paris – Liège en train (20 allers-retours)",
             "2025-03-03", "14000", "passenger_km", "carbon.rail_international_pkm", transport),
            ("preparation", "transport", "Vols Montréal – Bruxelles du compositeur (aller-retour)",
             "2025-01-20", "11200", "passenger_km", "carbon.flight_long_haul_pkm", transport),
            ("shooting", "regie", "Hébergement de l'équipe (900 nuits)", "2025-03-03", "900",
             "room_night", "carbon.hotel_belgium_night", hotel),
            ("shooting", "technical", "Groupe électrogène : gazole", "2025-03-03", "2200",
             "litre", "carbon.diesel_litre", grip),
            ("preparation", "sets", "Décor du phare : bois de construction", "2025-01-20", "14",
             "tonne", "carbon.wood_tonne", sets)):
        phase, post, label, on, quantity, unit, factor, budget_line = row
        _activity(project, F, phase, post, label, on, quantity, unit, factor,
                  budget_line=budget_line)
    _activity(project, F, "shooting", "technical", "Studio d'Eupen : électricité du réseau",
              "2025-04-07", "9000", "kwh", user_factor="0.170", source=GRID_SOURCE,
              budget_line=line("07.04"))
    # the actual: the same activity data as recorded, measured on the lines they explain
    for row in (
            ("shooting", "transport", "Voitures de l'équipe (relevés kilométriques)",
             "2025-05-16", "27400", "km", "carbon.car_km", None),
            ("shooting", "regie", "Camion machinerie (propre flotte)", "2025-03-17", "2600",
             "km", "carbon.van_km", invoice("BGC-25-130")),
            ("shooting", "transport", "Équipe française Paris – Liège en train", "2025-05-16",
             "12600", "passenger_km", "carbon.rail_international_pkm", None),
            ("preparation", "transport", "Vols Montréal – Bruxelles du compositeur", "2025-01-20",
             "11200", "passenger_km", "carbon.flight_long_haul_pkm", None),
            ("shooting", "regie", "Hébergement équipe — 24 nuitées (facture HS-55702)",
             "2025-03-14", "24", "room_night", "carbon.hotel_belgium_night",
             invoice("HS-55702")),
            ("shooting", "technical", "Groupe électrogène et distribution : gazole",
             "2025-04-07", "1650", "litre", "carbon.diesel_litre", invoice("BGC-25-142")),
            ("preparation", "sets", "Construction décor — phare intérieur : bois", "2025-01-20",
             "11.5", "tonne", "carbon.wood_tonne", invoice("EFS-25-004"))):
        phase, post, label, on, quantity, unit, factor, expense = row
        _activity(project, A, phase, post, label, on, quantity, unit, factor, expense=expense)
    _activity(project, A, "shooting", "technical", "Location plateau B — électricité du réseau",
              "2025-04-07", "7800", "kwh", user_factor="0.170", source=GRID_SOURCE,
              expense=invoice("EFS-25-041"))
    services.save_green_plan(GreenPlan(
        project=project, green_manager="Sarah Lemaire (green manager, démonstration)",
        scheme=GreenPlan.Scheme.ECOPROD, status=GreenPlan.Status.CERTIFIED,
        started_on=_date(2024, 11, 4), certified_on=_date(2025, 11, 14),
        valid_until=_date(2027, 11, 13), document="Label Ecoprod n° EP-2025-0412 (démonstration)"),
        certificate=_certificate("Label Ecoprod n° EP-2025-0412 — Le Phare (démonstration)"))
    for post, label, kg, basis in (
            ("technical", "Plateaux d'Eupen raccordés au réseau au lieu du groupe électrogène",
             "1400", "litres de gazole évités (estimation du green manager) × 2,51279"),
            ("transport", "Équipe française en train plutôt qu'en avion", "2200",
             "estimation du green manager"),
            ("sets", "Décor du phare en partie en bois de réemploi", "650",
             "2,5 t de bois neuf évitées (estimation du green manager)")):
        services.add_action(project, ReductionAction(post=post, label=label,
                                                     estimated_reduction_kg=D(kg), basis=basis))


def _nuit_blanche(project) -> None:
    for phase, post, label, on, quantity, unit, factor in (
            ("shooting", "transport", "Véhicule technique et voitures", "2025-04-07", "8000",
             "km", "carbon.car_km"),
            ("shooting", "regie", "Hébergement dans les Ardennes", "2025-04-07", "180",
             "room_night", "carbon.hotel_belgium_night")):
        _activity(project, "forecast", phase, post, label, on, quantity, unit, factor)
    services.save_green_plan(GreenPlan(
        project=project, green_manager="Sarah Lemaire (démonstration)",
        scheme=GreenPlan.Scheme.ECOPROD, status=GreenPlan.Status.IN_PROGRESS,
        started_on=_date(2025, 2, 1)))


def _certificate(text: str):
    """A one-page PDF standing for the certificate the producer uploads."""
    import io

    from django.core.files.base import ContentFile
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, text)
    page.save()
    return ContentFile(buffer.getvalue(), name="le-phare-label-ecoprod.pdf")
