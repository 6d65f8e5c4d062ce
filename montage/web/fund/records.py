"""From the fund's records to the pure computations of montage.fund (docs/web-fund.md, "Records").

Each function reads one kind of record of a fund organisation and returns the objects the data
files give (`Coproduction`, `GamingProject`, `Movement`, `SectorOutstanding`, `ShootingFiles`), so
the annual report, the §6.1 yield and the §2.2.7.2 estimate are computed by the same functions
whatever the source. No rule is written here.

What feeds the annual report of a year:
- coproductions: the fund's commitments signed in that year on a coproduction or TV-format line,
  **not cancelled**; the line gives `line`, the work its type and origin (initiative), the recorded
  financing split the Belgian majority (> 50 %) or minority; the commitment's amount and Walloon
  spend committed are the investment and the spend. A commitment without a financing split, or
  whose work type is not one of the report's, is left out and listed (`Skipped`), never guessed;
- directors: the work's credits with the role director; a person's nationality or gender left
  empty is *unknown* in the tables;
- gaming: every commitment on a gaming line signed up to the year's end, not cancelled (the
  report's table is cumulative); the phase is the line's, the investment the amount, the spend the
  verified Walloon spend; "2024 call" = a call that opened in the year;
- enterprise fund: every movement of the fund's portfolio up to the year's end, in date order;
- outstanding per sector: the fund's declared §7.2 lines at the year's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy

from montage.fund import enterprise, film_office
from montage.fund import recoupments as recoupment_table
from montage.fund.annual_report import AnnualReport, GamingProject, build_annual_report_from
from montage.fund.report import Coproduction
from montage.money import ZERO
from montage.web.fund.models import (CommitmentShare, EnterpriseHolding, EnterpriseMovement,
                                     EnterpriseSectorOutstanding, ShootingFile)
from montage.web.fund.models import Commitment, FundingLine
from montage.web.registry.models import Credit

LINE_OF_KIND = {FundingLine.Kind.COPRODUCTION_LIVE: "live_action",
                FundingLine.Kind.COPRODUCTION_ANIMATION: "animation",
                FundingLine.Kind.TV_FORMAT: "format"}
PHASE_OF_KIND = {FundingLine.Kind.GAMING_PREPRODUCTION: "preproduction",
                 FundingLine.Kind.GAMING_PRODUCTION: "production"}
REPORT_WORK_TYPES = ("feature", "series", "documentary", "format")
BELGIUM_NAMES = ("belgique", "belgium", "be")
# Where each kind of line item comes from, as the table pages name it (in the reader's language
# when the report is computed, during the request).
SOURCES = {"coproductions": gettext_lazy("records: commitments"),
           "gaming": gettext_lazy("records: gaming commitments"),
           "movements": gettext_lazy("records: enterprise movements"),
           "outstanding": gettext_lazy("records: declared outstanding per sector")}


@dataclass(frozen=True)
class Skipped:
    commitment: Commitment
    reason: str


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _active(queryset):
    return queryset.filter(cancellation__isnull=True)


def _nationality(code: str | None) -> str:
    if not code:
        return "unknown"
    return {"BE": "be", "FR": "fr"}.get(code.upper(), "other")


def _gender(code: str | None) -> str:
    return code if code in ("f", "m") else "unknown"


def _split(shares: list[CommitmentShare]) -> str:
    def text(share):
        return f"{share:.0f}" if share == share.to_integral_value() else f"{share:.2f}"
    return "; ".join(f"{s.country} {text(s.share)}%" for s in shares)


def coproductions(organisation_id: int, year: int) -> tuple[list[Coproduction], list[Skipped]]:
    """The year's coproduction and format commitments as line items, in the report's row order
    (its row number, then the order of recording); the ones that cannot be placed, with why."""
    directors = Credit.objects.filter(role=Credit.Role.DIRECTOR).select_related(
        "person").order_by("pk")
    queryset = _active(Commitment.objects.filter(
        application__call__funding_line__organisation_id=organisation_id,
        application__call__funding_line__kind__in=list(LINE_OF_KIND),
        signed_on__year=year)).select_related(
        "application__call__funding_line", "application__work", "application__applicant"
    ).prefetch_related("shares", Prefetch("application__work__credits", queryset=directors,
                                          to_attr="director_credits"))
    rows, skipped = [], []
    ordered = sorted(queryset, key=lambda c: (c.report_no is None, c.report_no or 0, c.pk))
    for commitment in ordered:
        work = commitment.application.work
        shares = list(commitment.shares.all())
        if work.work_type not in REPORT_WORK_TYPES:
            skipped.append(Skipped(commitment, gettext(
                "its work type (%(type)s) is none of the report's: feature, series, "
                "documentary, format") % {"type": work.get_work_type_display()}))
            continue
        belgian = [s.share for s in shares if s.country.strip().lower() in BELGIUM_NAMES]
        if not belgian:
            skipped.append(Skipped(commitment, gettext(
                "no Belgian share in the recorded financing split: majority or minority "
                "cannot be told")))
            continue
        people = [credit.person for credit in work.director_credits]
        extra = {"report_no": str(commitment.report_no) if commitment.report_no else
                 f"c{commitment.pk}",
                 "directors": ", ".join(str(p) for p in people),
                 "director_nationality": ";".join(_nationality(p.nationality) for p in people),
                 "director_gender": ";".join(_gender(p.gender) for p in people),
                 "coproduction_countries": _split(shares),
                 "belgian_share": str(sum(belgian, ZERO))}
        rows.append(Coproduction(
            commitment.pk, work.title, commitment.application.applicant.name,
            LINE_OF_KIND[commitment.application.call.funding_line.kind], work.work_type,
            work.initiative, "majority" if sum(belgian, ZERO) > 50 else "minority",
            commitment.amount, commitment.walloon_spend_committed, extra))
    return rows, skipped


def gaming(organisation_id: int, year: int) -> list[GamingProject]:
    """Every gaming commitment up to the year's end (cumulative), in the report's order."""
    queryset = _active(Commitment.objects.filter(
        application__call__funding_line__organisation_id=organisation_id,
        application__call__funding_line__kind__in=list(PHASE_OF_KIND),
        signed_on__lte=_year_end(year))).select_related(
        "application__call__funding_line", "application__work", "application__applicant")
    ordered = sorted(queryset, key=lambda c: (c.report_no is None, c.report_no or 0, c.pk))
    return [GamingProject(c.pk, c.application.work.title, c.application.applicant.name,
                          PHASE_OF_KIND[c.application.call.funding_line.kind], c.amount,
                          c.verified_spend, c.application.call.opens_on.year == year)
            for c in ordered]


def movements(organisation_id: int, until: dt.date | None = None,
              holding_id: int | None = None) -> list[enterprise.Movement]:
    """The portfolio's movements (up to `until`) as the engine's ledger, checked like a file."""
    queryset = EnterpriseMovement.objects.filter(
        instrument__holding__organisation_id=organisation_id).select_related(
        "instrument__holding__company").order_by("occurred_on", "pk")
    if until is not None:
        queryset = queryset.filter(occurred_on__lte=until)
    if holding_id is not None:
        queryset = queryset.filter(instrument__holding_id=holding_id)
    ledger = [enterprise.movement_of(
        move.pk, move.instrument.holding.company.name, move.instrument.kind,
        EnterpriseMovement.ENGINE_KIND[move.kind], move.amount,
        source=gettext("movement no. %(number)s of %(date)s") % {
            "number": move.pk, "date": f"{move.occurred_on:%d/%m/%Y}"},
        extra={"kind": move.kind, "instrument": str(move.instrument_id)})
        for move in queryset]
    return enterprise.check_ledger(ledger, "records: enterprise movements")


def instrument_positions(organisation_id: int, holding_id: int | None = None
                         ) -> dict[int, enterprise.YieldLine]:
    """Each instrument's columns A–H (outstanding D) from its own movements."""
    by_instrument: dict[int, list[enterprise.Movement]] = {}
    for move in movements(organisation_id, holding_id=holding_id):
        by_instrument.setdefault(int(move.extra["instrument"]), []).append(move)
    out = {}
    for pk, rows in by_instrument.items():
        # a pseudo-company per instrument, so positions() keeps instruments apart
        relabelled = [enterprise.Movement(m.row, f"#{pk}", m.instrument, m.movement, m.amount,
                                          m.extra, m.source) for m in rows]
        out[pk] = next(iter(enterprise.positions(relabelled).values()))
    return out


def sectors(organisation_id: int, as_of: dt.date) -> list[enterprise.SectorOutstanding]:
    return [enterprise.SectorOutstanding(s.position or s.pk, s.sector, s.equity_outstanding,
                                         s.loan_outstanding, s.companies)
            for s in EnterpriseSectorOutstanding.objects.filter(
                organisation_id=organisation_id, as_of=as_of)]


def portfolio_by_sector(organisation_id: int) -> list[dict]:
    """Outstanding per sector computed from the movements (the instrument's sector, else the
    company's), with the number of companies holding an outstanding there."""
    positions = instrument_positions(organisation_id)
    out: dict[str, dict] = {}
    holdings = EnterpriseHolding.objects.filter(organisation_id=organisation_id).prefetch_related(
        "instruments")
    for holding in holdings:
        for instrument in holding.instruments.all():
            line = positions.get(instrument.pk)
            if line is None:
                continue
            sector = instrument.sector or holding.sector
            entry = out.setdefault(sector, {"sector": sector, "loan": ZERO, "equity": ZERO,
                                            "companies": set()})
            entry[instrument.kind] += line.outstanding
            if line.outstanding:
                entry["companies"].add(holding.pk)
    rows = []
    for entry in out.values():
        rows.append({**entry, "total": entry["loan"] + entry["equity"],
                     "companies": len(entry["companies"])})
    return sorted(rows, key=lambda r: r["sector"])


def shooting_files(organisation_id: int, year: int) -> list[film_office.ShootingFiles]:
    return [film_office.shooting_files_of(
        f.pk, f.project_type, f.files, f.files_shot, f.days, f.covered, f.financed_non_av_spend,
        source=gettext("shooting file no. %(number)s") % {"number": f.pk},
        extra={"title": f.title})
        for f in ShootingFile.objects.filter(organisation_id=organisation_id, year=year)]


def annual_report(organisation_id: int, year: int = 2024) -> tuple[AnnualReport, list[Skipped]]:
    """Every table of the year's annual report from the records (montage.fund.annual_report)."""
    rows, skipped = coproductions(organisation_id, year)
    report = build_annual_report_from(rows, gaming(organisation_id, year),
                                      movements(organisation_id, until=_year_end(year)),
                                      sectors(organisation_id, _year_end(year)),
                                      {kind: str(name) for kind, name in SOURCES.items()})
    return report, skipped


def recoupments_by_line(organisation_id: int) -> list[dict]:
    """Recoupment receipts per work and per funding line, with totals."""
    from montage.web.fund.models import RecoupmentReceipt

    receipts = RecoupmentReceipt.objects.filter(
        commitment__application__call__funding_line__organisation_id=organisation_id
    ).select_related("commitment__application__work",
                     "commitment__application__call__funding_line").order_by(
        "commitment__application__call__funding_line__name",
        "commitment__application__work__title", "received_on", "pk")
    lines: dict[int, dict] = {}
    for receipt in receipts:
        line = receipt.commitment.application.call.funding_line
        entry = lines.setdefault(line.pk, {"line": line, "works": {}, "total": ZERO})
        work = receipt.commitment.application.work
        per_work = entry["works"].setdefault(work.pk, {"work": work, "commitment":
                                                       receipt.commitment, "receipts": [],
                                                       "total": ZERO})
        per_work["receipts"].append(receipt)
        per_work["total"] += receipt.amount
        entry["total"] += receipt.amount
    return [{**entry, "works": list(entry["works"].values())} for entry in lines.values()]


def released_to_envelope(funding_line_id: int, year: int) -> Decimal:
    """What cancellations released back to a line's envelope in a year."""
    from montage.web.fund.models import CommitmentCancellation

    total = ZERO
    for cancellation in CommitmentCancellation.objects.filter(
            commitment__application__call__funding_line_id=funding_line_id,
            cancelled_on__year=year):
        total += cancellation.released_to_envelope
    return total


def recoupments(organisation_id: int, year: int) -> list[recoupment_table.Recoupment]:
    """The fund's recoupment receipts of a year as the §6.2 table's lines: every
    `RecoupmentReceipt` (typed by the fund or written by a paid statement: one record type) on
    the fund's commitments, the work's type from its line and work type."""
    from montage.web.fund.models import RecoupmentReceipt

    receipts = RecoupmentReceipt.objects.filter(
        commitment__application__call__funding_line__organisation_id=organisation_id,
        received_on__year=year).select_related(
        "commitment__application__work__producer", "commitment__application__applicant",
        "commitment__application__call__funding_line").order_by("pk")
    out = []
    for receipt in receipts:
        application = receipt.commitment.application
        line = LINE_OF_KIND.get(application.call.funding_line.kind, "")
        out.append(recoupment_table.Recoupment(
            str(application.work_id), str(application.work.producer_id or application.applicant_id),
            recoupment_table.project_type(line, application.work.work_type), receipt.amount,
            source=gettext("recoupment receipt no. %(number)s") % {"number": receipt.pk},
            work_title=application.work.title,
            company_name=str(application.work.producer or application.applicant)))
    return out


def receipts_table(organisation_id: int, year: int) -> recoupment_table.ReceiptsTable:
    """The §6.2 table of a year, from the records (montage.fund.recoupments)."""
    return recoupment_table.coproduction_receipts(recoupments(organisation_id, year), year)
