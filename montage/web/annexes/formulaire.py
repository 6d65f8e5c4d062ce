"""Annex 3, "Formulaire CA": an editor's turnover of year n−1 by service and by the ten lines of
the form (step 1 §3), exported and imported back into the obligation file's declaration."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from montage.errors import InputError, MontageError
from django.utils.text import capfirst

from montage.law.turnover import (EXTERNAL_MARKETS, FORM_LINES, LOCAL_MARKETS, check_line,
                                  eligible_turnover)
from montage.law.turnover import TurnoverLine as EngineLine
from montage.web import permissions
from montage.web.contribution import services as contribution_services
from montage.web.parameters.services import current_parameters
from montage.web.registry import services as registry_services
from montage.web.core import problems
from montage.web.registry.audit import record_decision
from montage.web.contribution.models import ObligationYear, TurnoverDeclaration, TurnoverLine
from montage.web.annexes import sheets
from montage.web.annexes.sheets import Column, Header

SHEET = "Formulaire CA"
TITLE = gettext_lazy("Annex 3 — Formulaire CA (turnover of year n−1)")

FAMILIES = {
    **{c: gettext_lazy("Commercial communication") for c in FORM_LINES[:5]},
    **{c: gettext_lazy("Payment by a third party") for c in FORM_LINES[5:8]},
    **{c: gettext_lazy("Other content revenue") for c in FORM_LINES[8:]},
}

COLUMNS = [
    Column("service", gettext_lazy("Service"), gettext_lazy("service"), width=28, required=True),
    Column("family", gettext_lazy("Family"), gettext_lazy("family"), width=26, output_only=True),
    Column("category", gettext_lazy("Revenue line"), gettext_lazy("revenue line"), "choice", 30,
           required=True, choices=tuple(TurnoverLine.Category.choices)),
    Column("market", gettext_lazy("Market"), gettext_lazy("market"), "choice", 34, required=True,
           choices=tuple(TurnoverLine.Market.choices)),
    Column("amount", gettext_lazy("Amount invoiced excl. VAT (€)"), gettext_lazy("amount"),
           "money", 18),
    Column("commissions", gettext_lazy("Ad-sales house commissions (€)"),
           gettext_lazy("commissions"),
           "money", 18, default=Decimal("0.00")),
    Column("net", gettext_lazy("Net (€)"), gettext_lazy("net"), "money", 18, output_only=True),
    Column("confidential", gettext_lazy("Confidential"), gettext_lazy("confidential"), "bool", 13,
           default=False),
]
COL = {c.key: c for c in COLUMNS}


def file_name(obligation: ObligationYear) -> str:
    return f"formulaire-ca-{obligation.editor.organisation.pk}-{obligation.year}.xlsx"


def default_market(obligation: ObligationYear) -> str:
    return "all" if obligation.editor.establishment == "local" else "french_language_region"


def engine_lines(lines) -> list[EngineLine]:
    return [EngineLine(line.category, line.amount, line.agency_commissions, line.market,
                       line.service.name) for line in lines]


def export(obligation: ObligationYear, user) -> bytes:
    """The workbook, in the active language; every line the user may see (confidential ones
    included for the editor, the CSA and the CCA)."""
    declaration = getattr(obligation, "declaration", None)
    lines = list(permissions.turnover_lines_for(user, obligation))
    extra = [(_("Turnover of year"), obligation.turnover_year)]
    if declaration is not None:
        extra.append((_("Market basis"), declaration.get_market_basis_display()))
        extra.append((_("Declaration status"), declaration.get_status_display()))
    header = Header(str(TITLE), str(obligation.editor), obligation.year, user.get_username(),
                    extra)
    book, sheet, row = sheets.new_sheet(SHEET, header, COLUMNS)
    by_key: dict = {}
    for line in lines:
        by_key.setdefault((line.service_id, line.category), []).append(line)
    total = {"amount": Decimal("0"), "commissions": Decimal("0"), "net": Decimal("0")}
    for service in obligation.editor.services.order_by("name"):
        for category in FORM_LINES:
            found = sorted(by_key.pop((service.pk, category), []), key=lambda x: x.market)
            if not found:  # the form lists every line of every service, empty when none
                sheets.write_row(sheet, row, COLUMNS, {
                    "service": service.name, "family": str(FAMILIES[category]),
                    "category": category, "market": default_market(obligation)})
                row += 1
            for line in found:
                net = line.amount - line.agency_commissions
                sheets.write_row(sheet, row, COLUMNS, {
                    "service": service.name, "family": str(FAMILIES[category]),
                    "category": category, "market": line.market, "amount": line.amount,
                    "commissions": line.agency_commissions, "net": net,
                    "confidential": line.confidential})
                total["amount"] += line.amount
                total["commissions"] += line.agency_commissions
                total["net"] += net
                row += 1
    sheets.write_row(sheet, row, COLUMNS, {"service": _("Total"), **total}, bold=True)
    row += 2
    try:
        computed = eligible_turnover(obligation.editor.establishment, engine_lines(lines),
                                     obligation.year, current_parameters()).amount
    except MontageError as error:
        computed = problems.message(error)
    sheets.write_pairs(sheet, row, _("Eligible turnover"), [
        (_("Eligible turnover computed by Montage's engine (step 1 §3)"), computed),
        (_("Eligible turnover fixed by the CSA"),
         obligation.eligible_turnover if obligation.eligible_turnover is not None else "—"),
    ])
    return sheets.to_bytes(book)


def parse(data: bytes, name: str, obligation: ObligationYear) -> list[dict]:
    """Read and check the whole workbook; raise InputError with every error found."""
    sheet = sheets.open_sheet(data, name, SHEET)
    sheets.check_header(sheet, name, str(obligation.editor), obligation.year)
    rows, errors = sheets.read_rows(sheet, name, COLUMNS)
    services = {sheets.normalise(s.name): s for s in obligation.editor.services.all()}
    kind = obligation.editor.establishment
    seen: dict = {}
    parsed = []
    for row in rows:
        v = row.values
        if v.get("amount") is None:
            continue  # an empty line of the form: nothing declared
        if not v.get("service") or not v.get("category") or not v.get("market"):
            continue  # already reported as required
        service = services.get(sheets.normalise(v["service"]))
        if service is None:
            errors.append(sheets.cell_error(name, row, COL["service"], sheets.expected(
                _("a service of %(editor)s (%(names)s)") % {
                    "editor": obligation.editor,
                    "names": ", ".join(s.name for s in services.values())}, v["service"])))
            continue
        commissions = v.get("commissions") or Decimal("0.00")
        markets = LOCAL_MARKETS if kind == "local" else EXTERNAL_MARKETS
        if v["market"] not in markets:
            labels = dict(TurnoverLine.Market.choices)
            errors.append(sheets.cell_error(name, row, COL["market"], sheets.expected(
                _("a market of a %(kind)s editor: %(names)s") % {
                    "kind": obligation.editor.get_establishment_display(),
                    "names": ", ".join(str(capfirst(labels[m])) for m in markets)},
                sheets.choice_label(COL["market"], v["market"]))))
            continue
        if commissions > v["amount"]:
            errors.append(sheets.cell_error(name, row, COL["commissions"], sheets.expected(
                _("commissions no greater than the amount invoiced (%(amount)s)") % {
                    "amount": v["amount"]}, commissions)))
            continue
        check_line(EngineLine(v["category"], v["amount"], commissions, v["market"]), kind)
        key = (service.pk, v["category"], v["market"])
        if key in seen:
            errors.append(sheets.cell_error(name, row, COL["category"], _(
                "this service, line and market are already on row %(row)s") % {"row": seen[key]}))
            continue
        seen[key] = row.number
        parsed.append({"service": service, "category": v["category"], "market": v["market"],
                       "amount": v["amount"], "agency_commissions": commissions,
                       "confidential": bool(v.get("confidential"))})
    if errors:
        raise InputError.of(errors)
    return parsed


def import_file(data: bytes, name: str, obligation: ObligationYear, user) -> dict:
    """Replace the declaration's lines by the workbook's, all or nothing. The declaration is the
    document: a line absent from the workbook is removed (and the removal audited). Every write
    goes through the contribution service (contribution/services.py, step1_*_line), which refuses it when
    the lines are locked (docs/web-contribution.md): the import then stores nothing and says why. A
    workbook identical to the file changes nothing and is accepted, even on a locked file."""
    parsed = parse(data, name, obligation)
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    try:
        with transaction.atomic():
            declaration = TurnoverDeclaration.objects.filter(obligation=obligation).first()
            existing = {} if declaration is None else {
                (line.service_id, line.category, line.market): line
                for line in declaration.lines.select_related("declaration__obligation")}
            wanted = {(p["service"].pk, p["category"], p["market"]): p for p in parsed}
            changes = []
            for key, p in wanted.items():
                line = existing.get(key)
                if line is None:
                    changes.append(("create", p))
                elif (line.amount, line.agency_commissions, line.confidential) != \
                        (p["amount"], p["agency_commissions"], p["confidential"]):
                    changes.append(("update", (line, p)))
                else:
                    counts["unchanged"] += 1
            changes += [("delete", line) for key, line in existing.items() if key not in wanted]
            if not changes:
                return counts
            for action, item in changes:
                if action == "create":
                    contribution_services.step1_create_line(obligation, item)
                    counts["created"] += 1
                elif action == "update":
                    line, p = item
                    contribution_services.step1_update_line(line, {
                        "amount": p["amount"], "agency_commissions": p["agency_commissions"],
                        "confidential": p["confidential"]})
                    counts["updated"] += 1
                else:
                    contribution_services.step1_delete_line(item)
                    counts["deleted"] += 1
            record_decision(TurnoverDeclaration.objects.get(obligation=obligation), "imported",
                            f"{name}: {counts}")
    except registry_services.Refused as refused:
        raise InputError.of([sheets.Location(name).problem(refused.message)]) from None
    return counts
