"""Step 2 demo records, loaded after the core demo (montage.web.demo.DEMO_EXTENSIONS).

Idempotent like the core demo: only what is missing is created, nothing is overwritten.
- Télé Demo: investments of every category in 2024 and 2025; a cancelled investment; the
  unrealised 2024 coproduction partly reassigned in 2025; a pre-purchase from a producer that
  fails one independence test (held 25 % by an editor); spillover proofs of its 2024
  coproduction from suppliers in Liège and Brussels (counted), Eupen (German-language area) and
  Ghent (excluded), one invoice missing a mandatory mention, overhead and producer fee above
  their caps; the CCA's validation of two 2024 investments, once their editor has filed the
  documents the rule lists; the 2024 committee meeting.
- Vidéo Horizon (a fourth, small editor): its 2024 shortfall is carried over 2025 and 2026 and
  what is left of it is owed at the start of 2027 (a payment due).
- Canal Quartier: grown above the threshold in 2026, it invests more than its obligation (a
  surplus usable until the end of 2028).
- StreamFlix Europe: its 2024 payment, letter sent and paid.
All names and figures are fictitious.
"""

from __future__ import annotations

from decimal import Decimal as D

from django.contrib.contenttypes.models import ContentType

from montage.law.contribution import compute_contribution
from montage.web import demo_calendar as calendar
from montage.web.contribution.models import EditorProfile, ObligationYear
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment,
                                            IndependenceShareholder, IndependenceTurnover,
                                            Investment, Payment, SpilloverProof)
from montage.web.ledger.models import Expense
from montage.web.registry.models import AuditEntry, Company, Organisation, Work


_date = calendar.date  # the story's dates, moved with the years (montage/web/demo_calendar.py)


def _company(name, postal_code, city, number="", **extra) -> Company:
    return Company.objects.get_or_create(name=name, defaults=dict(
        registered_postal_code=postal_code, registered_city=city, enterprise_number=number,
        vat_number=f"BE{number}" if number else "", **extra))[0]


def _obligation(editor, year, **fields) -> ObligationYear:
    return ObligationYear.objects.get_or_create(editor=editor, year=calendar.year(year),
                                                defaults=fields)[0]


def _invest(obligation, category, work, amount, producer=None, **fields) -> Investment:
    return Investment.objects.get_or_create(
        obligation=obligation, category=category, work=work,
        defaults=dict(editor=obligation.editor, amount=D(amount),
                      producer=producer if producer is not None else
                      (work.producer if work else None), **fields))[0]


def _decide_once(investment: Investment, decision: str, note: str) -> None:
    exists = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Investment),
        object_id=str(investment.pk), action=AuditEntry.Action.DECISION).exists()
    if not exists:  # through the CCA's one operation: a validation needs its documents
        from montage.web.investments.services import step2_decide

        step2_decide(investment, decision, note)


def _file_documents(investment: Investment, username: str) -> None:
    """The documents the rule lists for `investment` (step 2 §3), filed by its editor before the
    CCA validates it: a short text file per checklist item, written once in the media storage
    and shared by every load of the demo."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from montage.web.contribution.models import Attachment
    from montage.web.investments.services import step2_checklist

    user = get_user_model().objects.get(username=username)
    for item in step2_checklist(investment, "fr"):
        name = f"attachments/demo/{item['key']}.txt"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(
                f"Document de démonstration : {item['label']}\n".encode()))
        Attachment.objects.get_or_create(
            investment=investment, checklist_key=item["key"],
            defaults=dict(file=name, description=str(item["label"])[:200], uploaded_by=user))


def _assessment(company, year, shareholders, turnover, **fields) -> None:
    assessment, created = IndependenceAssessment.objects.get_or_create(
        company=company, reference_year=calendar.year(year), defaults=fields)
    if not created:
        return
    for name, share, is_editor, in_editor in shareholders:
        IndependenceShareholder.objects.create(assessment=assessment, name=name, share=D(share),
                                               is_editor=is_editor,
                                               share_in_an_editor=D(in_editor))
    for turnover_year, total, editor_name, sales in turnover:
        IndependenceTurnover.objects.create(assessment=assessment,
                                            year=calendar.year(turnover_year),
                                            total=D(total), editor_name=editor_name,
                                            sales_to_editor=D(sales))


def load_demo() -> None:
    tele = EditorProfile.objects.get(organisation__name="Télé Demo")
    quartier = EditorProfile.objects.get(organisation__name="Canal Quartier")
    stream = EditorProfile.objects.get(organisation__name="StreamFlix Europe")
    ardenne = Company.objects.get(name="Ardenne Films")
    ardenne_org = Organisation.objects.get(name="Ardenne Films")
    eupen = Company.objects.get(name="Post-Prod Eupen")
    namur = Company.objects.get(name="Studio Son Namur")
    works = {w.title: w for w in Work.objects.all()}
    brumes, quartier_nord = works["Les Brumes de Meuse"], works["Quartier Nord"]
    charbonnage, pixel = works["Le Dernier Charbonnage"], works["Pixel & Plume"]
    quiz = works["Le Grand Quiz des Régions"]

    # -- companies: suppliers in four places, a producer that is not independent ------------
    liege = _company("Lumière Liège", "4000", "Liège", "0456789120",
                     registered_street="Quai de la Batte 10")
    brussels = _company("Studio Midi", "1060", "Saint-Gilles", "0567891244",
                        registered_street="Avenue Fonsny 40")
    ghent = _company("Montage Gent", "9000", "Gent", "0678912368",
                     registered_street="Korenmarkt 3")
    boreal = _company("Boréal Productions", "1050", "Ixelles", "0789123482",
                      registered_street="Rue du Trône 98")
    veilleurs = Work.objects.get_or_create(title="Les Veilleurs", defaults=dict(
        work_type="series", initiative="belgium", producer=boreal, status="development",
        genre="thriller"))[0]

    # -- independence (§4): Ardenne passes the five tests, Boréal fails one -------------------
    _assessment(ardenne, 2023,
                [("Famille Marchal", "0.70", False, "0"), ("Meuse Invest SA", "0.30", False,
                                                           "0.05")],
                [(2021, "1800000.00", "Télé Demo", "610000.00"),
                 (2022, "2100000.00", "Télé Demo", "720000.00"),
                 (2023, "2400000.00", "Télé Demo", "930000.00")],
                established_in_eu=True, separate_legal_personality=True,
                largest_share_in_an_editor=D("0"))
    _assessment(boreal, 2024,
                [("Télé Demo", "0.25", True, "0"), ("Fondateurs", "0.75", False, "0")],
                [(2022, "900000.00", "Télé Demo", "300000.00"),
                 (2023, "1100000.00", "Télé Demo", "420000.00"),
                 (2024, "1000000.00", "Télé Demo", "380000.00")],
                established_in_eu=True, separate_legal_personality=True,
                largest_share_in_an_editor=D("0"))

    # -- Télé Demo 2025: every category, a reassignment, a cancellation, a failing producer ---
    tele_2024 = ObligationYear.objects.get(editor=tele, year=calendar.year(2024))
    tele_2025 = ObligationYear.objects.get(editor=tele, year=calendar.year(2025))
    unrealised = Investment.objects.filter(obligation=tele_2024, work=pixel,
                                           status=Investment.Status.UNREALISED).first()
    _invest(tele_2025, "prepurchase", veilleurs, "150000.00", fwb_initiative=True,
            document_date=_date("2025-04-10"))
    _invest(tele_2025, "commission_production", quiz, "90000.00", genre="game_show",
            promotes_fwb_artists_or_heritage=True, document_date=_date("2025-05-20"))
    _invest(tele_2025, "commission_development", quiz, "22000.00",
            document_date=_date("2025-03-03"))
    _invest(tele_2025, "writing_development", brumes, "25000.00",
            document_date=_date("2025-06-30"))
    _invest(tele_2025, "training", None, "15000.00", document_date=_date("2025-09-15"))
    _invest(tele_2025, "accessibility", brumes, "10000.00", document_date=_date("2025-10-02"))
    _invest(tele_2025, "dubbing_subtitling", charbonnage, "12000.00",
            document_date=_date("2025-10-20"))
    if unrealised is not None:
        _invest(tele_2025, "coproduction", brumes, "50000.00", fwb_initiative=True,
                reassigned_from=unrealised, document_date=_date("2025-05-15"))
    _invest(tele_2025, "coproduction", pixel, "40000.00", status="cancelled",
            document_date=_date("2025-01-20"))

    # -- Vidéo Horizon: a small local editor whose 2024 shortfall is carried over 2025 and 2026
    #    without being absorbed: what is left is owed to the CCA at the start of 2027 ----------
    horizon_org = Organisation.objects.get_or_create(name="Vidéo Horizon", defaults=dict(
        kind=Organisation.Kind.EDITOR))[0]
    horizon = EditorProfile.objects.get_or_create(organisation=horizon_org, defaults=dict(
        establishment="local", country="BE"))[0]
    plan = [(2024, "2400000.00", "2024-02-09", "2024-11-07",
             [("coproduction", charbonnage, "18000.00", True, "2024-06-12"),
              ("training", None, "1500.00", False, "2024-10-01")]),
            (2025, "2500000.00", "2025-02-12", "2025-11-06",
             [("prepurchase", quartier_nord, "9000.00", True, "2025-05-06")]),
            (2026, "2600000.00", "2026-02-10", "2026-11-05",
             [("commission_development", quiz, "2000.00", False, "2026-04-01")])]
    for year, turnover, filed, fixed, investments in plan:
        file = _obligation(horizon, year, form="investments", choice_filed_on=_date(filed),
                           turnover_estimate=D(turnover), eligible_turnover=D(turnover),
                           eligible_fixed_on=_date(fixed),
                           amount=compute_contribution(calendar.year(year), D(turnover)).amount,
                           status="fixed")
        for category, work, amount, fwb, signed in investments:
            _invest(file, category, work, amount, fwb_initiative=fwb,
                    document_date=_date(signed))

    # -- Canal Quartier 2026: above the threshold, invests more than it owes (surplus) --------
    turnover_q = D("905000.00")
    quartier_2026 = _obligation(quartier, 2026, form="investments",
                                choice_filed_on=_date("2026-02-03"),
                                turnover_estimate=D("900000.00"), eligible_turnover=turnover_q,
                                eligible_fixed_on=_date("2026-11-04"),
                                amount=compute_contribution(calendar.year(2026), turnover_q).amount,
                                status="fixed")
    _invest(quartier_2026, "coproduction", charbonnage, "25000.00", fwb_initiative=True,
            document_date=_date("2026-06-01"))

    # -- spillover proofs (§9) of Télé Demo's 2024 coproduction in Les Brumes de Meuse ----------
    brumes_2024 = Investment.objects.filter(obligation=tele_2024, category="coproduction",
                                            work=brumes).first()

    def expense(number, kind, supplier, date, amount, description):
        return Expense.objects.get_or_create(owner=ardenne_org, work=brumes, number=number,
                                             defaults=dict(kind=kind, supplier=supplier,
                                                           date=_date(date),
                                                           amount_excl_vat=D(amount),
                                                           description=description))[0]

    proofs = [
        (expense("LL-2025-031", "invoice", liege, "2025-02-10", "120000.00", "éclairage"), []),
        (expense("SM-2025-210", "invoice", brussels, "2025-03-05", "85000.00",
                 "montage image"), []),
        (expense("MG-2025-07", "invoice", ghent, "2025-04-02", "30000.00", "effets visuels"),
         []),
        (Expense.objects.filter(number="PPE-0042", supplier=eupen).first(), []),
        (Expense.objects.filter(number="SSN-2024-118", supplier=namur).first(),
         ["client_vat_number"]),
        # the producer's own overhead and fee: the producer company is their "supplier"
        (expense("FG-2025", "overhead", ardenne, "2025-06-30", "40000.00", "frais généraux"),
         []),
        (expense("HP-2025", "producer_fee", ardenne, "2025-06-30", "50000.00",
                 "honoraires producteur"), []),
    ]
    if brumes_2024 is not None:
        for item, missing in proofs:
            if item is not None:
                SpilloverProof.objects.get_or_create(
                    investment=brumes_2024, expense=item,
                    defaults=dict(amount=item.amount_excl_vat, missing_fields=missing))
        _file_documents(brumes_2024, "tele.demo")
        _decide_once(brumes_2024, "validated", "Contrat et pièces conformes.")
    prepurchase_2024 = Investment.objects.filter(obligation=tele_2024, category="prepurchase",
                                                 work=quartier_nord).first()
    if prepurchase_2024 is not None:
        _file_documents(prepurchase_2024, "tele.demo")
        _decide_once(prepurchase_2024, "validated", "Préachat validé.")

    # -- committee (§10) and payments (§2) ----------------------------------------------------
    CommitteeMeeting.objects.get_or_create(editor=tele, year=calendar.year(2024), defaults=dict(
        held_on=_date("2024-12-17"),
        opinion=calendar.years("Le comité salue l'investissement dans la fiction belge "
                               "francophone et encourage l'éditeur à résorber son manquement "
                               "dès 2025.")))
    stream_2024 = ObligationYear.objects.get(editor=stream, year=calendar.year(2024))
    Payment.objects.get_or_create(obligation=stream_2024, reason=Payment.Reason.OBLIGATION,
                                  defaults=dict(amount=stream_2024.amount or D("0"),
                                                letter_sent_on=_date("2025-01-15"),
                                                due_on=_date("2025-02-15"),
                                                paid_on=_date("2025-02-12"),
                                                paid_amount=stream_2024.amount or D("0"),
                                                communication="+++090/1234/56789+++"))
