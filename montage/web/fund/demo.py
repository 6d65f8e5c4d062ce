"""The fund desk's demo records (idempotent; called by montage.web.demo.DEMO_EXTENSIONS).

The annual report's own 2024 records are loaded by montage/web/fund/demo_report.py. The
illustrative journey below is dated 2025 (the report says the next pilot calls are in 2025), so it
stays out of the 2024 report's totals:

- a 2025 call for TV-format pilots (ratio 133 % and the 150 000 € envelope of the annual report,
  §1.3) with three applications: one accepted and committed, its first tranche released at
  signature; one refused (its Walloon spend under 133 %); one sent to a second pass;
- a coproduction session whose cap and minimum ratio are the regulation's (parameters
  montage/finance/parameters/wallimage/), with a commitment whose second tranche waits for
  verified spend.
"""

from __future__ import annotations

from decimal import Decimal as D

from django.contrib.auth import get_user_model

from montage.web import demo_calendar as calendar
from montage.web.registry.audit import acting_as, record_decision
from montage.web.fund.models import (Application, Call, Commitment, Decision, FundingLine,
                                     FundingLineEnvelope)
from montage.web.registry.models import Company, Organisation, Work
from montage.web.fund import services

PILOTS_CALL = "Appel à projets pilotes de formats TV 2025 (RTBF)"
COPRO_CALL = "Wallimage Coproductions — session 2025-1"
_date = calendar.date  # the story's dates, moved with the years (montage/web/demo_calendar.py)


def load_demo() -> None:
    with acting_as(None, "demo"):
        _load()
        from montage.web.fund import demo_report
        demo_report.load()


def _load() -> None:
    fund = Organisation.objects.get(name="Wallimage")
    User = get_user_model()
    analyst = User.objects.get(username="wallimage")
    board = User.objects.get(username="wallimage.board")
    ardenne = Company.objects.get(name="Ardenne Films")
    canal = Company.objects.get(name="Productions du Canal")

    formats, _ = FundingLine.objects.get_or_create(
        organisation=fund, name="Formats TV", defaults={"kind": FundingLine.Kind.TV_FORMAT})
    copro, _ = FundingLine.objects.get_or_create(
        organisation=fund, name="Wallimage Coproductions — fiction",
        defaults={"kind": FundingLine.Kind.COPRODUCTION_LIVE})
    FundingLineEnvelope.objects.get_or_create(funding_line=formats, year=calendar.year(2025),
                                              defaults={"amount": D("440000.00")})
    FundingLineEnvelope.objects.get_or_create(funding_line=copro, year=calendar.year(2025),
                                              defaults={"amount": D("5000000.00")})

    pilots, _ = Call.all_objects.get_or_create(
        funding_line=formats, title=calendar.years(PILOTS_CALL), defaults=dict(
            opens_on=_date(2025, 2, 1), closes_on=_date(2025, 4, 30),
            envelope=D("150000.00"), minimum_ratio=D("1.33"),
            conditions="Saison pilote que le diffuseur partenaire s'engage à diffuser."))
    session, _ = Call.all_objects.get_or_create(
        funding_line=copro, title=calendar.years(COPRO_CALL), defaults=dict(
            opens_on=_date(2025, 1, 8), closes_on=_date(2025, 2, 9),
            envelope=D("2500000.00")))

    def work(title, work_type, producer):
        return Work.objects.get_or_create(title=title, defaults=dict(
            work_type=work_type, initiative=Work.Initiative.BELGIUM, producer=producer))[0]

    def application(call, work_, applicant, submitted, requested, spend, **extra):
        return Application.all_objects.get_or_create(call=call, work=work_, defaults=dict(
            applicant=applicant, submitted_on=submitted, amount_requested=D(requested),
            walloon_spend_committed=D(spend), **extra))[0]

    def decide(app, outcome, on, amount=None, note=""):
        if app.decisions.exists():
            return
        app.score, app.score_comment, app.analyst = D("7.5"), "Concept original, équipe solide.", analyst
        app.proposal = {Decision.Outcome.ACCEPTED: Application.Proposal.ACCEPT,
                        Decision.Outcome.REFUSED: Application.Proposal.REFUSE,
                        Decision.Outcome.SECOND_PASS: Application.Proposal.SECOND_PASS}[outcome]
        app.proposed_amount = D(amount) if amount else None
        app.status = Application.Status.SCORED
        app.save()
        Decision.objects.create(application=app, outcome=outcome, decided_on=on,
                                accepted_amount=D(amount) if amount else None, decided_by=board,
                                note=note)
        app.status = {Decision.Outcome.ACCEPTED: Application.Status.ACCEPTED,
                      Decision.Outcome.REFUSED: Application.Status.REFUSED,
                      Decision.Outcome.SECOND_PASS: Application.Status.SECOND_PASS}[outcome]
        app.save()
        record_decision(app, outcome, note)

    def commit(app, amount, spend, signed_on, released_on, verified=None, source=""):
        if Commitment.objects.filter(application=app).exists():
            return
        commitment = services.sign_commitment(app, D(amount), D(spend), signed_on)
        first = commitment.tranches.get(number=1)
        first.released_on, first.released_amount = released_on, first.amount
        first.verified_spend, first.released_by = commitment.verified_spend, analyst
        first.save()
        record_decision(first, "released", "signature")
        if verified is not None:
            commitment.verified_spend = D(verified)
            commitment.verified_spend_source = calendar.years(source)
            commitment.save()

    # the TV-format pilots call: accepted and committed, refused, second pass
    detour = application(pilots, work("Le Grand Détour", Work.Type.FORMAT, ardenne), ardenne,
                         _date(2025, 4, 12), "75000.00", "100000.00", broadcaster="RTBF")
    decide(detour, Decision.Outcome.ACCEPTED, _date(2025, 6, 4), "75000.00",
           "Pilote retenu avec la RTBF.")
    commit(detour, "75000.00", "100000.00", _date(2025, 6, 20), _date(2025, 6, 27))
    crise = application(pilots, work("Cuisine de crise", Work.Type.FORMAT, canal), canal,
                        _date(2025, 4, 25), "60000.00", "66000.00", broadcaster="RTBF")
    decide(crise, Decision.Outcome.REFUSED, _date(2025, 6, 4),
           note="Retombées wallonnes sous 133 %.")
    voisins = application(pilots, work("Les Voisins d'en face", Work.Type.FORMAT, ardenne),
                          ardenne, _date(2025, 4, 29), "50000.00", "70000.00",
                          broadcaster="RTBF")
    decide(voisins, Decision.Outcome.SECOND_PASS, _date(2025, 6, 4),
           note="Budget de la saison pilote à préciser.")

    # a coproduction: the second tranche waits for verified spend
    brumes = Work.objects.get(title="Les Brumes de Meuse")
    copro_app = application(session, brumes, ardenne, _date(2025, 2, 2), "300000.00",
                            "1200000.00")
    decide(copro_app, Decision.Outcome.ACCEPTED, _date(2025, 3, 12), "300000.00",
           "Coproduction majoritaire belge.")
    commit(copro_app, "300000.00", "1200000.00", _date(2025, 4, 2), _date(2025, 4, 10),
           verified="450000.00", source="Rapport de coûts intermédiaire du 30/09/2025 "
                                        "(contrôle de l'analyste)")
