"""The annual report 2024's own line items as records of the demo's fund (Wallimage).

Read from the transcriptions in montage/fund/data/ (docs/fund.md) and written with bulk_create
(the demo is loaded by `montage serve` and by many tests): funding lines, calls, applications,
board decisions, commitments with their financing split and tranche schedule, works, companies,
directors; the gaming agreements; the enterprise portfolio and its movements; the declared
outstanding per sector; the film office's files; the 2024 coproduction receipts of §6.2 (145
catalogue works of 34 companies, numbered: the report names none, `_recoupments`). Idempotent: nothing is written when the fund
already holds a commitment with a report row number.

What the report does not give is not invented but marked: dates of the coproduction and format
commitments are the year's last day (31/12/2024), those of gaming agreements outside the 2024 call
31/12/2023 (the report says only "since 2022"); directors' nationality and gender stay unknown (the
report gives them only as totals); the enterprise movements are the report's per-instrument sums
for the whole life of the fund, on one pseudo-company, dated 31/12/2024. Bulk writes leave no
audit entry: the demo's load is not a user's change.

Also here: the 2024 call for the season 1 of a format (200 %, broadcaster cash at least the fund's,
§1.2.3; two files, "Maintenant ou Jamais" selected), the 2025 call for teasers (120 %, at most
8 000 € each within 40 000 €, §1.4.3) — both with their conditions read from
montage/fund/parameters/tv_formats/ — and a 2025 cash-flow loan to a demo producer. The report's
records keep their published dates; the teaser call and the loan are the demo's story and move
with the years (montage/web/demo_calendar.py).
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from django.contrib.auth import get_user_model

from montage.fund import annual_report as data
from montage.fund.enterprise import _default_parameters as fund_parameters
from montage.web import demo_calendar as calendar
from montage.web.fund.models import (CommitmentShare, EnterpriseHolding, EnterpriseInstrument,
                                     EnterpriseMovement, EnterpriseSectorOutstanding,
                                     ShootingFile)
from montage.web.fund.models import (Application, Call, Commitment, Decision, FundingLine,
                                     FundingLineEnvelope, RecoupmentReceipt, Tranche)
from montage.web.registry.models import Company, Credit, Organisation, Person, Work
from montage.web.fund import rules

YEAR_END = dt.date(2024, 12, 31)
BEFORE = dt.date(2023, 12, 31)
NO_DATE = "Date non publiée dans le rapport annuel 2024 : fin d'exercice."
SEASON1_CALL = "Appel à projets saison 1 d'un format soutenu au pilote 2024"
TEASER_CALL = "Appel à projets teasers de formats 2025"
PORTFOLIO = "Wallimage Entreprises — portefeuille entier (agrégat du rapport)"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tv_format_terms(action: str, on: dt.date) -> dict:
    """A TV-format call's conditions from montage/fund/parameters/tv_formats/ (with sources)."""
    params = fund_parameters()
    names = [n for n in params.names() if n.startswith(f"tv_formats.{action}.")]
    return {name.rsplit(".", 1)[1]: params.get(name, on) for name in names}


def load() -> None:
    fund = Organisation.objects.get(name="Wallimage")
    if Commitment.objects.filter(application__call__funding_line__organisation=fund,
                                 report_no__isnull=False).exists():
        return
    User = get_user_model()
    board = User.objects.get(username="wallimage.board")
    lines = _lines(fund)
    companies = _companies([r["company"] for r in _rows(data.COPRODUCTIONS)]
                           + [r["company"] for r in _rows(data.GAMING)])
    _coproductions(fund, lines, companies, board)
    _gaming(lines, companies, board)
    _tv_format_calls(lines, companies, board)
    _enterprise(fund)
    _film_office(fund)
    _recoupments(lines, board)


def _lines(fund: Organisation) -> dict[str, FundingLine]:
    wanted = {"live_action": ("Coproductions — prises de vues réelles",
                              FundingLine.Kind.COPRODUCTION_LIVE, "5000000.00"),
              "animation": ("Coproductions — animation", FundingLine.Kind.COPRODUCTION_ANIMATION,
                            "2200000.00"),
              "format": ("Formats TV", FundingLine.Kind.TV_FORMAT, "300000.00"),
              "preproduction": ("Gaming — préproduction", FundingLine.Kind.GAMING_PREPRODUCTION,
                                "500000.00"),
              "production": ("Gaming — production", FundingLine.Kind.GAMING_PRODUCTION,
                             "1500000.00"),
              "enterprise": ("Wallimage Entreprises", FundingLine.Kind.ENTERPRISE,
                             "3000000.00")}
    out = {}
    for key, (name, kind, envelope) in wanted.items():
        out[key], _ = FundingLine.objects.get_or_create(organisation=fund, name=name,
                                                        defaults={"kind": kind})
        FundingLineEnvelope.objects.get_or_create(funding_line=out[key], year=2024,
                                                  defaults={"amount": D(envelope)})
    return out


def _companies(names: list[str]) -> dict[str, Company]:
    existing = {c.name: c for c in Company.objects.filter(name__in=set(names))}
    new = [Company(name=name, registered_postal_code="") for name in dict.fromkeys(names)
           if name not in existing]
    Company.objects.bulk_create(new)
    existing.update({c.name: c for c in Company.objects.filter(name__in=set(names))})
    return existing


def _people(cells: list[str]) -> dict[str, Person]:
    """One person per distinct director name; "Jean-Pierre et Luc Dardenne" is two people."""
    names = []
    for cell in cells:
        names.extend(director_names(cell))
    wanted = list(dict.fromkeys(names))
    found = {str(p): p for p in Person.objects.filter(last_name__in={_split(n)[1] for n in wanted})}
    Person.objects.bulk_create([Person(first_name=_split(n)[0], last_name=_split(n)[1])
                                for n in wanted if n not in found])
    found = {str(p): p for p in Person.objects.filter(last_name__in={_split(n)[1] for n in wanted})}
    return found


def director_names(cell: str) -> list[str]:
    names = []
    for part in filter(None, (p.strip() for p in cell.split(", "))):
        if " et " in part:  # "Jean-Pierre et Luc Dardenne"
            first, rest = part.split(" et ", 1)
            last = rest.rsplit(" ", 1)[-1]
            names += [f"{first} {last}", rest]
        else:
            names.append(part)
    return names


def _split(name: str) -> tuple[str, str]:
    first, _, last = name.rpartition(" ")
    return first, last


def _call(line: FundingLine, title: str, opens: dt.date, closes: dt.date, envelope: D,
          **extra) -> Call:
    return Call.all_objects.get_or_create(funding_line=line, title=title, defaults=dict(
        opens_on=opens, closes_on=closes, envelope=envelope, **extra))[0]


def _commit_all(items: list[dict], board, schedule: bool = True) -> list[Commitment]:
    """Applications, accepting decisions, commitments and (with `schedule`) their tranche
    schedules, in bulk. Each item: call, work, applicant, amount, spend, signed_on, report_no,
    verified, note."""
    applications = Application.objects.bulk_create([Application(
        call=i["call"], work=i["work"], applicant=i["applicant"],
        submitted_on=i["call"].opens_on, amount_requested=i["amount"],
        walloon_spend_committed=i["spend"], status=Application.Status.ACCEPTED,
        broadcaster=i.get("broadcaster", ""), broadcaster_cash=i.get("broadcaster_cash"),
        proposal=Application.Proposal.ACCEPT, proposed_amount=i["amount"],
        score_comment=i.get("note", "")) for i in items])
    Decision.objects.bulk_create([Decision(
        application=a, outcome=Decision.Outcome.ACCEPTED, accepted_amount=i["amount"],
        decided_on=i["signed_on"], decided_by=board, note=i.get("note", NO_DATE))
        for a, i in zip(applications, items)])
    commitments = Commitment.objects.bulk_create([Commitment(
        application=a, amount=i["amount"], walloon_spend_committed=i["spend"],
        signed_on=i["signed_on"], report_no=i["report_no"],
        verified_spend=i.get("verified", D(0)),
        verified_spend_source=i.get("verified_source", "")) for a, i in zip(applications, items)])
    tranches = []
    for commitment in commitments if schedule else ():
        for row in rules.schedule(commitment)[0]:
            tranches.append(Tranche(commitment=commitment, **row))
    Tranche.objects.bulk_create(tranches)
    return commitments


def _coproductions(fund, lines, companies, board) -> None:
    rows = _rows(data.COPRODUCTIONS)
    calls = {
        "live_action": _call(lines["live_action"], "Coproductions 2024 — prises de vues réelles",
                             dt.date(2024, 1, 1), YEAR_END, D("5000000.00")),
        "animation": _call(lines["animation"], "Coproductions 2024 — animation",
                           dt.date(2024, 1, 1), YEAR_END, D("2200000.00")),
    }
    terms = tv_format_terms("season1", dt.date(2024, 11, 1))
    calls["format"] = _call(
        lines["format"], SEASON1_CALL, dt.date(2024, 10, 1), dt.date(2024, 11, 30),
        terms["envelope"].value, minimum_ratio=terms["minimum_ratio"].value,
        broadcaster_cash_required=terms["broadcaster_cash_share_min"].value >= 1,
        conditions="Saison 1 d'un pilote soutenu par Wallimage et diffusé ; un seul lauréat "
                   "(rapport annuel 2024, §1.2.3).")
    works = Work.objects.bulk_create([Work(
        title=r["title"], work_type=r["work_type"], initiative=r["origin"],
        genre="animation" if r["line"] == "animation" else "",
        producer=companies[r["company"]]) for r in rows])
    people = _people([r["directors"] for r in rows])
    Credit.objects.bulk_create([Credit(work=w, person=people[name], role=Credit.Role.DIRECTOR)
                                for w, r in zip(works, rows)
                                for name in director_names(r["directors"])])
    items = []
    for work, r in zip(works, rows):
        item = {"call": calls[r["line"]], "work": work, "applicant": companies[r["company"]],
                "amount": D(r["investment"]), "spend": D(r["regional_spend"]),
                "signed_on": YEAR_END, "report_no": int(r["report_no"])}
        if r["line"] == "format":  # §1.2.3: RTL Belgium's cash equal to the fund's
            item.update(broadcaster="RTL Belgium", broadcaster_cash=D(r["investment"]),
                        note="Retenu parmi deux dossiers déposés en novembre 2024 ; RTL Belgium "
                             "s'engage sur un apport égal à celui du fonds (§1.2.3).")
        items.append(item)
    commitments = _commit_all(items, board)
    shares = []
    for commitment, r in zip(commitments, rows):
        for part in r["coproduction_countries"].split(";"):
            country, _, share = part.strip().rpartition(" ")
            shares.append(CommitmentShare(commitment=commitment, country=country,
                                          share=D(share.rstrip("%"))))
    CommitmentShare.objects.bulk_create(shares)


def _gaming(lines, companies, board) -> None:
    rows = _rows(data.GAMING)
    calls = {
        ("preproduction", True): _call(lines["preproduction"], "Appel à projets Gaming 2024",
                                       dt.date(2024, 1, 15), dt.date(2024, 3, 31),
                                       D("500000.00")),
        ("production", True): _call(lines["production"],
                                    "Appel à projets Gaming 2024 — projet listé en production",
                                    dt.date(2024, 1, 15), dt.date(2024, 3, 31), D("200000.00"),
                                    conditions="§4.2.2 le compte dans l'appel 2024 (préproduction),"
                                               " §4.2.6 le liste en production."),
        ("preproduction", False): _call(lines["preproduction"],
                                        "Gaming — accords antérieurs (préproduction)",
                                        dt.date(2022, 1, 1), BEFORE, D("1500000.00")),
        ("production", False): _call(lines["production"],
                                     "Gaming — accords antérieurs (production)",
                                     dt.date(2022, 1, 1), BEFORE, D("2500000.00")),
    }
    titles = list(dict.fromkeys(r["title"] for r in rows))
    works = {w.title: w for w in Work.objects.bulk_create([Work(
        title=t, work_type=Work.Type.VIDEO_GAME, initiative=Work.Initiative.BELGIUM,
        producer=companies[next(r["company"] for r in rows if r["title"] == t)])
        for t in titles])}
    items = []
    for number, r in enumerate(rows, 1):
        call_2024 = r["call_2024"] == "yes"
        items.append({"call": calls[(r["phase"], call_2024)], "work": works[r["title"]],
                      "applicant": companies[r["company"]], "amount": D(r["investment"]),
                      "spend": D(r["regional_spend"]), "verified": D(r["regional_spend"]),
                      "verified_source": "Dépenses W totales validées (rapport annuel 2024, "
                                         "§4.2.6)",
                      "signed_on": YEAR_END if call_2024 else BEFORE, "report_no": number})
    _commit_all(items, board)


def _tv_format_calls(lines, companies, board) -> None:
    """The season-1 call's second file, and the 2025 teaser call with two applications."""
    season1 = Call.objects.get(title=SEASON1_CALL)
    butterfish = companies["BUTTERFISH GROUP SRL"]
    other = Work.objects.create(title="Second dossier saison 1 (non nommé dans le rapport)",
                                work_type=Work.Type.FORMAT, initiative=Work.Initiative.BELGIUM)
    refused = Application.objects.create(
        call=season1, work=other, applicant=Company.objects.get(name="Productions du Canal"),
        submitted_on=dt.date(2024, 11, 15), amount_requested=D("130000.00"),
        walloon_spend_committed=D("240000.00"), broadcaster="RTBF",
        broadcaster_cash=D("90000.00"), status=Application.Status.REFUSED)
    Decision.objects.create(application=refused, outcome=Decision.Outcome.REFUSED,
                            decided_on=YEAR_END, decided_by=board,
                            note="Un seul lauréat (§1.2.3) ; dossier illustratif de la démo.")
    # the teaser call is the demo's story, not the report's: it moves with the years
    terms = tv_format_terms("teaser", calendar.date(2025, 1, 1))
    teasers = _call(lines["format"], calendar.years(TEASER_CALL), calendar.date(2025, 3, 1),
                    calendar.date(2025, 5, 31),
                    terms["envelope"].value, per_project_cap=terms["cap"].value,
                    minimum_ratio=terms["minimum_ratio"].value,
                    conditions="Teaser pour pitcher un concept original protégé (§1.4.3).")
    ardenne = Company.objects.get(name="Ardenne Films")
    for title, company, amount, spend in (("Le Quiz des Terrils", butterfish, "8000.00",
                                           "10400.00"),
                                          ("Chefs de gare", ardenne, "9500.00", "11000.00")):
        work = Work.objects.create(title=title, work_type=Work.Type.FORMAT,
                                   initiative=Work.Initiative.BELGIUM, producer=company)
        Application.objects.create(call=teasers, work=work, applicant=company,
                                   submitted_on=calendar.date(2025, 4, 2),
                                   amount_requested=D(amount),
                                   walloon_spend_committed=D(spend))


def _enterprise(fund) -> None:
    portfolio = Company.objects.create(name=PORTFOLIO, registered_postal_code="")
    holding = EnterpriseHolding.objects.create(
        organisation=fund, company=portfolio,
        sector="Portefeuille entier (la ventilation par secteur est au §7.2)")
    instruments = {}
    kinds = {"invested": EnterpriseMovement.Kind.DISBURSEMENT,
             "bankruptcy_loss": EnterpriseMovement.Kind.BANKRUPTCY_LOSS,
             "repaid": EnterpriseMovement.Kind.REPAYMENT,
             "eif_coverage": EnterpriseMovement.Kind.EIF_COVERAGE}
    movements = []
    for row in _rows(data.MOVEMENTS):
        instrument = row["instrument"]
        if instrument not in instruments:
            instruments[instrument] = EnterpriseInstrument.objects.create(
                holding=holding, kind=instrument, amount=D(0), granted_on=YEAR_END,
                note="Somme de toute la vie du fonds au 31/12/2024 (§6.1) ; le rapport ne "
                     "détaille pas les sociétés.")
        kind = kinds.get(row["movement"])
        if row["movement"] == "repaid" and instrument == "equity":
            kind = EnterpriseMovement.Kind.EXIT
        if row["movement"] == "income":
            kind = (EnterpriseMovement.Kind.INTEREST if instrument == "loan"
                    else EnterpriseMovement.Kind.CAPITAL_GAIN)
        movements.append(EnterpriseMovement(instrument=instruments[instrument], kind=kind,
                                            occurred_on=YEAR_END, amount=D(row["amount"]),
                                            note=row.get("note", "")))
        if row["movement"] == "invested":
            instruments[instrument].amount = D(row["amount"])
            instruments[instrument].save(update_fields=["amount"])
    EnterpriseMovement.objects.bulk_create(movements)
    EnterpriseSectorOutstanding.objects.bulk_create([EnterpriseSectorOutstanding(
        organisation=fund, as_of=YEAR_END, position=n, sector=r["sector"],
        equity_outstanding=D(r["equity_outstanding"]), loan_outstanding=D(r["loan_outstanding"]),
        companies=int(r["companies"])) for n, r in enumerate(_rows(data.OUTSTANDING), 1)])
    # a 2025 cash-flow loan (§1.4.4) to a demo producer, with its first movements (the demo's
    # story, not the report's: it moves with the years)
    ardenne = Company.objects.get(name="Ardenne Films")
    producer = EnterpriseHolding.objects.create(organisation=fund, company=ardenne,
                                                sector="Production audiovisuelle")
    loan = EnterpriseInstrument.objects.create(
        holding=producer, kind=EnterpriseInstrument.Kind.LOAN,
        product=EnterpriseInstrument.Product.CASHFLOW_LOAN, amount=D("300000.00"),
        granted_on=calendar.date(2025, 2, 3), rate=D("0.03"), term_months=18,
        production_budget=D("1200000.00"), budget_secured=D("960000.00"),
        eif_coverage_share=D("0.5"), note="Prêt trésorerie (démo), garanti InvestEU.")
    EnterpriseMovement.objects.bulk_create(
        [EnterpriseMovement(instrument=loan, kind=EnterpriseMovement.Kind.DISBURSEMENT,
                            occurred_on=calendar.date(2025, 2, 3), amount=D("300000.00"))]
        + [EnterpriseMovement(instrument=loan, kind=EnterpriseMovement.Kind.INTEREST,
                              occurred_on=calendar.date(2025, month, 3),
                              amount=D("750.00"),
                              note="Intérêts mensuels (3 % l'an)") for month in (3, 4, 5)])


def _film_office(fund) -> None:
    ShootingFile.objects.bulk_create([ShootingFile(
        organisation=fund, year=2024, title=f"{r['label']} (agrégat §2.2.3)",
        project_type=r["project_type"], files=int(r["files"]), files_shot=int(r["files_shot"]),
        days=int(r["days"]), days_covered=int(r["days_covered"]),
        financed_non_av_spend=D(r["financed_non_av_spend"]),
        note="Le rapport ne donne que les totaux par type.")
        for r in _rows(data.DATA / "wallimage-film-office-2024.csv")])


RECOUPMENTS = data.DATA / "wallimage-recoupments-2024.csv"
CATALOGUE = ("Engagement antérieur d'une œuvre du catalogue : ni son montant ni sa date ne sont "
             "publiés dans le rapport annuel 2024 (montant 0, date 31/12/2023).")
RECOUPMENT_NOTE = ("Répartition par œuvre illustrative : le rapport (§6.2) publie le total, le "
                   "nombre d'œuvres et de sociétés, et les totaux par type des 15 projets "
                   "au-delà de 10 000 € ; œuvres et sociétés n'y sont pas nommées.")


def _recoupments(lines, board) -> None:
    """§6.2: the 2024 receipts of 145 catalogue works of 34 production companies, each on its
    (earlier) commitment, so the table is computed from the records (montage.fund.recoupments).
    The works and companies are not named in the report: they are numbered and marked."""
    rows = _rows(RECOUPMENTS)
    companies = _companies([f"{r['company']} (non nommée, §6.2)" for r in rows])
    calls = {line: _call(lines[line], f"Coproductions — catalogue ({name})", dt.date(2000, 1, 1),
                         BEFORE, D(0), conditions=CATALOGUE)
             for line, name in (("live_action", "prises de vues réelles"),
                                ("animation", "animation"))}
    works = Work.objects.bulk_create([Work(
        title=f"{r['work']} (non nommée, §6.2)", work_type=r["work_type"],
        initiative=Work.Initiative.BELGIUM, genre="animation" if r["line"] == "animation" else "",
        producer=companies[f"{r['company']} (non nommée, §6.2)"], status=Work.Status.DISTRIBUTION)
        for r in rows])
    commitments = _commit_all([{
        "call": calls[r["line"]], "work": work, "applicant": work.producer, "amount": D(0),
        "spend": D(0), "signed_on": BEFORE, "report_no": None, "note": CATALOGUE}
        for work, r in zip(works, rows)], board, schedule=False)
    RecoupmentReceipt.objects.bulk_create([RecoupmentReceipt(
        commitment=commitment, received_on=YEAR_END, amount=D(r["amount"]),
        source="Recettes d'exploitation 2024 (rapport annuel 2024, §6.2)",
        note=f"{RECOUPMENT_NOTE} {NO_DATE}") for commitment, r in zip(commitments, rows)])
