"""Step-1 demo records, loaded by `montage.web.demo.load_demo()` (idempotent: only what is
missing is created, looked up by natural key; nothing a user changed is overwritten).

- Télé Demo 2026: choice of investments filed, Formulaire CA in draft (one line deducted as
  turnover of an EU state where Télé Demo already contributes, one with ad-sales commissions).
- Télé Demo 2025: the year's service figures, a CSA question about the confidential line and the
  editor's answer.
- StreamFlix Europe 2025 (external editor): no choice filed (payment by default), a Formulaire CA
  with `french_language_region`, `brussels_total` (80 %) and `belgium_total` (39.5 %) lines, and
  an open CSA question; its estimate was not filed with a choice by 15 February, so the
  presumption applies.
- Canal Quartier 2024 (exempt on turnover, from the core demo): its service figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from montage.web import demo_calendar as calendar
from montage.web.registry.audit import record_decision
from montage.web.contribution.models import (EditorProfile, ObligationYear, Question, Service,
                                             ServiceYearFacts, TurnoverDeclaration, TurnoverLine)

D = Decimal


_date, _moment = calendar.date, calendar.moment  # moved with the years (demo_calendar.py)


def _editor(name: str) -> EditorProfile | None:
    return EditorProfile.objects.filter(organisation__name=name).first()


def _service(editor, name) -> Service:
    return Service.objects.get(editor=editor, name=name)


def _lines(declaration, rows) -> None:
    for service, category, market, amount, commissions, confidential in rows:
        TurnoverLine.objects.get_or_create(
            declaration=declaration, service=service, category=category, market=market,
            defaults=dict(amount=D(amount), agency_commissions=D(commissions),
                          confidential=confidential))


def _facts(obligation, service, audience, works) -> None:
    ServiceYearFacts.objects.get_or_create(obligation=obligation, service=service, defaults=dict(
        audience_share=D(audience) if audience else None,
        audiovisual_works_share=D(works) if works else None))


def _question(obligation, asked_by, asked_at, text, answer="", answered_by=None,
              answered_at=None) -> None:
    Question.objects.get_or_create(obligation=obligation, text=calendar.years(text), defaults=dict(
        asked_by=asked_by, asked_at=_moment(asked_at), answer=calendar.years(answer),
        answered_by=answered_by, answered_at=_moment(answered_at) if answered_at else None))


def load_demo() -> None:
    tele, stream, quartier = (_editor("Télé Demo"), _editor("StreamFlix Europe"),
                              _editor("Canal Quartier"))
    if tele is None or stream is None or quartier is None:
        return
    User = get_user_model()
    csa, tele_user, stream_user = (User.objects.filter(username=name).first()
                                   for name in ("csa", "tele.demo", "streamflix"))

    tele_1, tele_vod = _service(tele, "Télé Demo 1"), _service(tele, "Télé Demo+ (à la demande)")
    stream_vod = _service(stream, "StreamFlix")
    quartier_1 = _service(quartier, "Canal Quartier")

    # -- Télé Demo 2026: choice filed, Formulaire CA in draft ---------------------------------
    tele_2026, created = ObligationYear.objects.get_or_create(
        editor=tele, year=calendar.year(2026), defaults=dict(
            form="investments", choice_filed_on=_date("2026-02-09"),
            turnover_estimate=D("54800000.00")))
    if created:
        record_decision(tele_2026, "choice_filed",
                        note=f"investments {tele_2026.choice_filed_on.isoformat()}")
    draft, _ = TurnoverDeclaration.objects.get_or_create(obligation=tele_2026, defaults=dict(
        market_basis="fwb", status="draft"))
    _lines(draft, [
        (tele_1, "advertising", "all", "40100000.00", "1200000.00", False),
        (tele_1, "sponsorship", "all", "4450000.00", "0.00", False),
        (tele_1, "distribution_fees", "all", "9100000.00", "0.00", False),
        (tele_1, "distribution_fees", "eu_contributing_state", "600000.00", "0.00", False),
        (tele_vod, "subscriptions", "all", "1380000.00", "0.00", False),
    ])

    # -- Télé Demo 2025: figures, a question and its answer -------------------------------------
    tele_2025 = ObligationYear.objects.filter(editor=tele, year=calendar.year(2025)).first()
    if tele_2025 is not None:
        _facts(tele_2025, tele_1, "0.182000", "0.340000")
        _facts(tele_2025, tele_vod, "0.031000", "0.410000")
        if csa and tele_user:
            _question(tele_2025, csa, "2025-09-22T10:15:00",
                      "Les recettes de distribution (ligne confidentielle) augmentent de 4,7 %. "
                      "Pouvez-vous joindre les contrats de distribution 2024 ?",
                      "Les nouveaux tarifs de deux distributeurs s'appliquent depuis mars 2024 ; "
                      "les avenants sont joints au dossier.", tele_user, "2025-09-26T16:40:00")

    # -- StreamFlix 2025: external editor, no choice filed, lines on three markets -------------
    stream_2025 = ObligationYear.objects.filter(editor=stream, year=calendar.year(2025)).first()
    if stream_2025 is not None:
        declaration, created = TurnoverDeclaration.objects.get_or_create(
            obligation=stream_2025, defaults=dict(market_basis="belgium_whole",
                                                  status="submitted",
                                                  submitted_on=_date("2025-09-11")))
        _lines(declaration, [
            (stream_vod, "subscriptions", "french_language_region", "7200000.00", "0.00", False),
            (stream_vod, "subscriptions", "brussels_total", "4500000.00", "0.00", False),
            (stream_vod, "advertising", "belgium_total", "2000000.00", "300000.00", False),
        ])
        if created and stream_2025.status == ObligationYear.Status.OPEN:
            stream_2025.status = ObligationYear.Status.DECLARED
            stream_2025.save()
        _facts(stream_2025, stream_vod, "0.046000", "0.520000")
        if csa:
            _question(stream_2025, csa, "2025-10-02T09:00:00",
                      "La publicité est déclarée pour toute la Belgique (39,5 %). Pouvez-vous "
                      "isoler la part de la région de langue française et de Bruxelles ?")

    # -- Canal Quartier 2024 (exempt on turnover): its figures ---------------------------------
    quartier_2024 = (ObligationYear.objects.filter(editor=quartier, year=calendar.year(2024))
                     .first())
    if quartier_2024 is not None:
        _facts(quartier_2024, quartier_1, "0.006000", "0.150000")
