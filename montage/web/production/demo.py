"""The production desk's demo records (idempotent; called by montage.web.demo.DEMO_EXTENSIONS).

Les Films du Phare (created with its user `phare` by montage.web.demo) produces:
- "Le Phare", a Belgian-majority feature (Belgium 70 %, France 30 % with Estuaire Films):
  default chart, employer-charge rates sourced as the producer's social secretariat, a baseline
  budget and a current version, purchase orders, and a financing plan with CCA aid, Wallimage
  (rule wallimage, tranches from the regulation's schedule), a broadcaster coproduction (rule
  spillover), screen.brussels, Tax Shelter, the French coproducer's share, the producer's equity
  and an in-kind contribution;
- "Nuit Blanche", a documentary with Wallimage at a committed ratio.
Expenses are the ledger area's demo (it finds the projects by these titles). Figures are
fictitious.
"""

from __future__ import annotations

from decimal import Decimal as D

from montage.web import demo_calendar as calendar
from montage.web.registry.audit import acting_as
from montage.web.investments.models import Investment
from montage.web.production.models import (BudgetLine, CoproductionShare, FinancingSource,
                                           FringeRate, Project, PurchaseOrder)
from montage.web.registry.models import Company, Credit, Organisation, Person, Work
from montage.web.production import services

PRODUCER = "Les Films du Phare"
LE_PHARE = "Le Phare"
NUIT_BLANCHE = "Nuit Blanche"
SECRETARIAT = ("secrétariat social de Les Films du Phare, barème employeur 2025 communiqué au "
               "producteur (chiffre de démonstration)")
PHARE_CALL = "Session de coproduction Wallimage 2024-3"
_date = calendar.date  # the story's dates, moved with the years (montage/web/demo_calendar.py)


def load_demo() -> None:
    with acting_as(None, "demo"):
        _load()


def _company(name, postal_code, city, country="BE", **extra) -> Company:
    return Company.objects.get_or_create(name=name, defaults=dict(
        registered_postal_code=postal_code, registered_city=city, country=country,
        **extra))[0]


def _person(first, last, **extra) -> Person:
    return Person.objects.get_or_create(first_name=first, last_name=last, defaults=extra)[0]


def _project(owner, title, work_type, genre, status, **fields):
    work = Work.objects.filter(title=title, producer=owner.company).first()
    if work is None:
        work = Work.objects.create(title=title, work_type=work_type, genre=genre,
                                   initiative=Work.Initiative.BELGIUM, status=status,
                                   producer=owner.company)
    project = Project.objects.filter(owner=owner, work=work).first()
    if project is not None:
        return project, False
    project = Project.objects.create(owner=owner, work=work, **fields)
    services.set_up_project(project)
    return project, True


def _lines(version, rows):
    accounts = {a.code: a for a in version.project.accounts.all()}
    for code, description, quantity, unit, rate, fringe, *foreign in rows:
        extra = {}
        if foreign:
            currency, exchange_rate, date = foreign
            extra = dict(currency=currency, exchange_rate=D(exchange_rate),
                         exchange_rate_date=_date(date))
        BudgetLine.objects.create(version=version, account=accounts[code],
                                  description=description, quantity=D(quantity), unit=unit,
                                  rate=D(rate), fringe_code=fringe, **extra)


def _source(project, label, source_type, amount, status, **fields):
    return FinancingSource.objects.create(project=project, label=label, source_type=source_type,
                                          amount=D(amount), status=status, **fields)


def _load() -> None:
    owner = Organisation.objects.get(name=PRODUCER)
    estuaire = _company("Estuaire Films", "44000", "Nantes", country="FR",
                        registered_street="Quai de la Fosse 12", audiovisual_activity=True)
    lumiere = _company("Lumière Liège Location", "4020", "Liège",
                       enterprise_number="0812345603", vat_number="BE0812345603",
                       registered_street="Rue Natalis 40", audiovisual_activity=True,
                       nace_codes="77.39")
    studio = Company.objects.get(name="Studio Son Namur")
    post = Company.objects.get(name="Post-Prod Eupen")

    project, created = _project(owner, LE_PHARE, Work.Type.FEATURE, "fiction — drame",
                                Work.Status.PRODUCTION, format="1 × 100 min",
                                position=Project.Position.MAJORITY,
                                shooting_start=_date(2025, 3, 3),
                                shooting_end=_date(2025, 5, 16))
    if created:
        _le_phare(project, owner, estuaire, lumiere, studio, post)
    project, created = _project(owner, NUIT_BLANCHE, Work.Type.DOCUMENTARY,
                                "documentaire de société", Work.Status.PRODUCTION,
                                format="1 × 70 min", position=Project.Position.SOLE,
                                shooting_start=_date(2025, 4, 1),
                                shooting_end=_date(2025, 6, 30))
    if created:
        _nuit_blanche(project, owner)


def _le_phare(project, owner, estuaire, lumiere, studio, post) -> None:
    work = project.work
    CoproductionShare.objects.create(project=project, country="BE", company=owner.company,
                                     share=D("0.70"))
    CoproductionShare.objects.create(project=project, country="FR", company=estuaire,
                                     share=D("0.30"))
    for first, last, role in (("Lucie", "Marchal", Credit.Role.DIRECTOR),
                              ("Thomas", "Delvaux", Credit.Role.PRODUCER),
                              ("Claire", "Moreau", Credit.Role.PRODUCER)):
        Credit.objects.get_or_create(work=work, person=_person(first, last), role=role)
    FringeRate.objects.create(project=project, code="salarié", rate=D("0.27"),
                              source=calendar.years(SECRETARIAT))
    FringeRate.objects.create(project=project, code="artiste", rate=D("0.25"),
                              source=calendar.years(SECRETARIAT))
    baseline = services.current_version(project)
    baseline.label = "Budget initial (dossier CCA)"
    baseline.save()
    _lines(baseline, [
        ("01.01", "Scénario", "1", "forfait", "60000", ""),
        ("01.03", "Droits de réalisation", "1", "forfait", "45000", ""),
        ("01.04", "Musique originale (compositeur établi à Montréal)", "12000", "USD", "1",
         "", "USD", "0.92", "2025-01-15"),
        ("02.01", "Réalisatrice", "12", "semaine", "3500", "salarié"),
        ("02.02", "Équipe de production", "30", "semaine", "2800", "salarié"),
        ("02.03", "Équipe image", "8", "semaine", "9000", "salarié"),
        ("02.04", "Équipe son", "8", "semaine", "4500", "salarié"),
        ("02.05", "Équipe décoration", "10", "semaine", "6000", "salarié"),
        ("02.06", "Costumes et maquillage", "9", "semaine", "5000", "salarié"),
        ("03.01", "Rôles principaux", "40", "jour", "1500", "artiste"),
        ("03.02", "Seconds rôles", "60", "jour", "700", "artiste"),
        ("03.03", "Figuration", "300", "jour", "120", "artiste"),
        ("05.01", "Construction du décor du phare (studio)", "1", "forfait", "180000", ""),
        ("05.03", "Costumes", "1", "forfait", "60000", ""),
        ("05.04", "Lieux de tournage (côte, Ostende)", "25", "jour", "1200", ""),
        ("06.01", "Transports", "1", "forfait", "70000", ""),
        ("06.02", "Hébergement", "900", "nuit", "85", ""),
        ("06.03", "Régie et repas", "40", "jour", "2200", ""),
        ("07.01", "Matériel caméra", "8", "semaine", "9500", ""),
        ("07.02", "Électrique et machinerie", "8", "semaine", "7000", ""),
        ("07.04", "Studio", "10", "jour", "3000", ""),
        ("08.01", "Montage image", "1", "forfait", "60000", ""),
        ("08.02", "Étalonnage", "1", "forfait", "35000", ""),
        ("08.03", "Effets visuels", "1", "forfait", "80000", ""),
        ("08.04", "Montage son et mixage", "1", "forfait", "65000", ""),
        ("09.01", "Assurances", "1", "forfait", "45000", ""),
        ("09.02", "Frais juridiques et comptables", "1", "forfait", "30000", ""),
        ("10.01", "Frais généraux", "1", "forfait", "120000", ""),
        ("11.01", "Imprévus", "1", "forfait", "80000", ""),
        ("12.01", "Rémunération producteur", "1", "forfait", "150000", ""),
    ])
    current = services.new_version(project, label="Budget de tournage")
    main = current.lines.get(account__code="03.01")
    main.quantity = D("45")
    main.save()
    _lines(current, [("07.01", "Prises de vue par drone", "1", "forfait", "6000", "")])

    accounts = {a.code: a for a in project.accounts.all()}
    for number, account, supplier, date, amount, text in (
            ("BC-2025-001", "07.01", lumiere, "2025-02-15", "76000.00", "caméra et optiques"),
            ("BC-2025-002", "07.04", studio, "2025-02-20", "30000.00", "studio, 10 jours"),
            ("BC-2025-003", "08.02", post, "2025-05-20", "35000.00", "étalonnage")):
        PurchaseOrder.objects.create(project=project, account=accounts[account],
                                     supplier=supplier, number=number,
                                     date=_date(date), amount=D(amount),
                                     description=text)

    T = FinancingSource.Type
    S = FinancingSource.Status
    R = FinancingSource.Rule
    cca = Organisation.objects.get(name="Centre du Cinéma et de l'Audiovisuel")
    wallimage = Organisation.objects.get(name="Wallimage")
    tele = Organisation.objects.get(name="Télé Demo")
    _source(project, "Aide à la production (Commission de sélection des films)",
            T.PUBLIC_AID, "500000.00", S.GRANTED, financier=cca,
            requested_on=_date(2024, 6, 14), granted_on=_date(2024, 11, 20),
            min_share=D("0.20"))
    _wallimage_application(project, wallimage)
    _source(project, "Télé Demo — coproduction", T.BROADCASTER_COPRODUCTION, "150000.00",
            S.CONTRACTED, financier=tele, requested_on=_date(2024, 5, 6),
            contracted_on=_date(2024, 10, 1), rule=R.SPILLOVER,
            spend_deadline=_date(2027, 10, 1),
            investment=Investment.objects.filter(work__title=LE_PHARE).first())
    _source(project, "screen.brussels", T.REGIONAL_FUND, "150000.00", S.GRANTED,
            requested_on=_date(2024, 9, 15), granted_on=_date(2025, 1, 8),
            rule=R.SCREEN_BRUSSELS, screen_format="feature_film",
            spend_deadline=_date(2026, 12, 31))
    _source(project, "Tax Shelter (convention-cadre)", T.TAX_SHELTER, "400000.00",
            S.CONTRACTED, requested_on=_date(2024, 10, 1), contracted_on=_date(2025, 2, 1),
            rule=R.TAX_SHELTER, certificate_value=D("520000.00"))
    _source(project, "Estuaire Films — part du coproducteur français", T.COPRODUCER,
            "450000.00", S.CONTRACTED, financier_company=estuaire,
            requested_on=_date(2024, 4, 2), contracted_on=_date(2024, 9, 12),
            min_share=D("0.20"), max_share=D("0.49"))
    _source(project, "Fonds propres du producteur", T.EQUITY, "50000.00", S.CONTRACTED,
            financier=owner, requested_on=_date(2024, 4, 1),
            contracted_on=_date(2024, 4, 1))
    _source(project, "Apport en industrie : matériel lumière du producteur", T.OTHER,
            "40000.00", S.GRANTED, financier=owner, in_kind=True,
            requested_on=_date(2024, 4, 1), granted_on=_date(2024, 4, 1))


def _wallimage_application(project, wallimage) -> None:
    """Le Phare applies to Wallimage from its project (the dossier assembled from its budget and
    plan), the analyst asks a question, the producer answers, the board accepts, the commitment
    is signed and its first tranche released: the producer's Wallimage source is that record
    (montage/web/production/fund_link.py)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from montage.web.fund import services as fund_services
    from montage.web.fund.models import Call, Decision, FundingLine
    from montage.web.production import applying

    users = get_user_model().objects
    phare, analyst = users.get(username="phare"), users.get(username="wallimage")
    board = users.get(username="wallimage.board")
    line = FundingLine.objects.get(organisation=wallimage,
                                   name="Wallimage Coproductions — fiction")
    call, _ = Call.all_objects.get_or_create(
        funding_line=line, title=calendar.years(PHARE_CALL), defaults=dict(
            opens_on=_date(2024, 8, 1), closes_on=_date(2024, 9, 30), envelope=D("2500000.00"),
            required_documents="Scénario\nNote d'intention du réalisateur"))
    documents = {name: ContentFile(f"{name} — Le Phare (document de démonstration)".encode(),
                                   name=f"le-phare-{index}.txt")
                 for index, name in enumerate(call.documents_required(), 1)}
    application = applying.apply(project, call, D("300000.00"), D("540000.00"), None,
                                 documents, phare, _date(2024, 9, 2))
    question = fund_services.ask_question(
        application, "Quelle part du tournage a lieu en Wallonie ?", analyst)
    fund_services.answer_question(
        question, "Six semaines sur huit, à Liège et sur la côte de Seraing ; la "
                  "post-production son à Liège.", phare)
    application.score, application.score_comment = D("8"), "Dossier complet, retombées solides."
    application.proposal, application.proposed_amount = "accept", D("300000.00")
    fund_services.score_application(application, analyst)
    fund_services.decide_application(application, Decision(
        outcome=Decision.Outcome.ACCEPTED, accepted_amount=D("300000.00"),
        decided_on=_date(2024, 12, 10), note="Coproduction majoritaire belge."), board)
    commitment = fund_services.sign_commitment(application, D("300000.00"), D("540000.00"),
                                               _date(2025, 1, 20))
    fund_services.release_tranche(commitment.tranches.get(number=1), _date(2025, 2, 5), analyst)
    source = application.financing_sources.get()
    source.label, source.spend_deadline = "Wallimage Coproductions", _date(2026, 6, 30)
    source.save()


def _nuit_blanche(project, owner) -> None:
    CoproductionShare.objects.create(project=project, country="BE", company=owner.company,
                                     share=D("1"))
    Credit.objects.get_or_create(work=project.work, person=_person("Samir", "Benali"),
                                 role=Credit.Role.DIRECTOR)
    FringeRate.objects.create(project=project, code="salarié", rate=D("0.27"),
                              source=calendar.years(SECRETARIAT))
    version = services.current_version(project)
    _lines(version, [
        ("01.01", "Écriture", "1", "forfait", "15000", ""),
        ("02.01", "Réalisateur", "16", "semaine", "3000", "salarié"),
        ("02.03", "Image et son", "30", "jour", "900", "salarié"),
        ("06.01", "Transports", "1", "forfait", "8000", ""),
        ("07.01", "Matériel de tournage", "30", "jour", "450", ""),
        ("08.01", "Montage", "10", "semaine", "2600", "salarié"),
        ("08.04", "Mixage et étalonnage", "1", "forfait", "18000", ""),
        ("10.01", "Frais généraux", "1", "forfait", "9000", ""),
        ("12.01", "Rémunération producteur", "1", "forfait", "12000", ""),
    ])
    T, S, R = FinancingSource.Type, FinancingSource.Status, FinancingSource.Rule
    source = _source(project, "Wallimage Coproductions", T.REGIONAL_FUND, "60000.00",
                     S.CONTRACTED, financier=Organisation.objects.get(name="Wallimage"),
                     requested_on=_date(2024, 11, 4), granted_on=_date(2025, 1, 15),
                     contracted_on=_date(2025, 2, 10), rule=R.WALLIMAGE,
                     committed_ratio=D("2.5"), spend_deadline=_date(2026, 3, 31))
    services.generate_wallimage_tranches(source)
    _source(project, "Aide au documentaire (CCA)", T.PUBLIC_AID, "70000.00", S.REQUESTED,
            financier=Organisation.objects.get(name="Centre du Cinéma et de l'Audiovisuel"),
            requested_on=_date(2025, 1, 20))
    _source(project, "Fonds propres du producteur", T.EQUITY, "20000.00", S.CONTRACTED,
            financier=owner, requested_on=_date(2024, 12, 1),
            contracted_on=_date(2024, 12, 1))
