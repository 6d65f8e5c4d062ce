"""Annex 4, "Récapitulatif Invest": one line per investment of the obligation year, the totals by
category, and what counts after floors, caps and weights (from the engine, step 2 §3)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from montage.errors import InputError, MontageError
from montage.web import permissions, xlsx
from montage.web.contribution import services as contribution_services
from montage.web.investments import services as investments_services
from montage.web.core import problems
from montage.web.registry.audit import record_decision
from montage.web.contribution.models import ObligationYear
from montage.web.investments.models import Investment
from montage.web.registry.models import Company, Work
from montage.web.annexes import sheets
from montage.web.annexes.labels import check_label
from montage.web.annexes.sheets import Column, Header

SHEET = "Récapitulatif Invest"
TITLE = gettext_lazy("Annex 4 — Récapitulatif Invest (investments of the year)")

COLUMNS = [
    Column("id", gettext_lazy("Montage ref."), gettext_lazy("reference"), "int", 12),
    Column("work", gettext_lazy("Work or programme"), gettext_lazy("work"), width=32),
    Column("category", gettext_lazy("Category"), gettext_lazy("category"), "choice", 34,
           required=True,
           choices=tuple(Investment.Category.choices)),
    Column("producer", gettext_lazy("Producer"), gettext_lazy("producer"), width=26),
    Column("fwb_initiative", gettext_lazy("FWB initiative"), gettext_lazy("FWB initiative"),
           "bool", 12,
           default=False),
    Column("document", gettext_lazy("Document"), gettext_lazy("document"), "choice", 20,
           choices=tuple(Investment.Document.choices), default="contract"),
    Column("document_date", gettext_lazy("Document date"), gettext_lazy("document date"), "date",
           14),
    Column("amount", gettext_lazy("Amount (€)"), gettext_lazy("amount"), "money", 16,
           required=True),
    Column("status", gettext_lazy("Status"), gettext_lazy("status"), "choice", 14,
           choices=tuple(Investment.Status.choices), default="active"),
    Column("confidential", gettext_lazy("Confidential"), gettext_lazy("confidential"), "bool", 13,
           default=False),
]
COL = {c.key: c for c in COLUMNS}
FIELDS = ("work", "category", "producer", "fwb_initiative", "document", "document_date",
          "amount", "status", "confidential")


def file_name(obligation: ObligationYear) -> str:
    return f"recapitulatif-invest-{obligation.editor.organisation.pk}-{obligation.year}.xlsx"


def year_result(obligation: ObligationYear, lang: str):
    """The engine's result for the file's year, or the engine's error message."""
    try:
        evaluation = contribution_services.evaluate_editor(obligation.editor, lang=lang)
    except MontageError as error:
        return None, problems.message(error)
    result = evaluation.year(obligation.year) if evaluation else None
    return result, None


def export(obligation: ObligationYear, user, lang: str) -> bytes:
    investments = list(permissions.investments_for(user).filter(obligation=obligation)
                       .order_by("category", "pk"))
    header = Header(str(TITLE), str(obligation.editor), obligation.year, user.get_username(),
                    [(_("Form of contribution"), obligation.get_form_display())])
    book, sheet, row = sheets.new_sheet(SHEET, header, COLUMNS)
    for i in investments:
        sheets.write_row(sheet, row, COLUMNS, {
            "id": i.pk, "work": i.work.title if i.work else "",
            "category": i.category, "producer": i.producer.name if i.producer else "",
            "fwb_initiative": i.fwb_initiative, "document": i.document,
            "document_date": i.document_date, "amount": i.amount, "status": i.status,
            "confidential": i.confidential})
        row += 1
    total, invested = investments_services.filed_totals(investments)
    sheets.write_row(sheet, row, COLUMNS, {"id": _("Total"), "amount": total}, bold=True)
    xlsx.put(sheet, row, 2, _("filed, cancelled excluded"))
    row += 2
    result, error = year_result(obligation, lang)
    labels = dict(Investment.Category.choices)
    by_category = [(str(capfirst(labels[c])), invested.get(c, Decimal("0")),
                    result.by_category.get(c, Decimal("0")) if result else "—")
                   for c in Investment.Category.values
                   if invested.get(c) or (result and result.by_category.get(c))]
    xlsx.put(sheet, row, 1, _("Totals by category")).font = sheets.TOTAL_FONT
    xlsx.put(sheet, row + 1, 2, _("Filed, cancelled excluded (€)")).font = sheets.TOTAL_FONT
    xlsx.put(sheet, row + 1, 3, _("Admissible per the engine (€)")).font = sheets.TOTAL_FONT
    row += 2
    for label, active, admissible in by_category:
        xlsx.put(sheet, row, 1, label)
        for col, value in ((2, active), (3, admissible)):
            xlsx.put(sheet, row, col, value).number_format = sheets.MONEY_FORMAT
        row += 1
    row += 1
    if result is None:
        sheets.write_pairs(sheet, row, _("Countable after floors, caps and weights"),
                           [(_("Engine"), error or _("no result for this year"))])
        return sheets.to_bytes(book)
    pairs = [(_("Obligation"), result.obligation),
             (_("Countable after floors, caps and weights (step 2 §3)"), result.countable),
             (_("Shortfall open after smoothing"), result.shortfall_open),
             (_("Surplus open after smoothing"), result.surplus_open),
             (_("Payment due to the CCA"), result.payment_due)]
    row = sheets.write_pairs(sheet, row, _("Countable after floors, caps and weights"), pairs)
    checks = [(check_label(c.name), _("respected") if c.ok else _("not respected"), c.detail)
              for c in result.checks]
    sheets.write_pairs(sheet, row, _("Checks"), checks)
    return sheets.to_bytes(book)


def _lookup(model, field: str, value: str):
    matches = [o for o in model.objects.all() if sheets.normalise(getattr(o, field)) ==
               sheets.normalise(value)] if value else []
    return matches


def _by_title(works) -> dict[str, list[Work]]:
    index: dict[str, list[Work]] = {}
    for work in works.select_related(None).only("pk", "title"):
        index.setdefault(sheets.normalise(work.title), []).append(work)
    return index


def parse(data: bytes, name: str, obligation: ObligationYear, user) -> list[dict]:
    """The rows, every reference resolved. Column B names a work the user sees, or a work it
    does not see yet together with its producer in column D (permissions.works_announced_with);
    any other title is "not a work known to Montage", whether it exists or not."""
    sheet = sheets.open_sheet(data, name, SHEET)
    sheets.check_header(sheet, name, str(obligation.editor), obligation.year)
    rows, errors = sheets.read_rows(sheet, name, COLUMNS)
    own = {i.pk: i for i in obligation.investments.all()}
    visible = _by_title(permissions.works_for(user))
    announced = {}  # producer pk → its works by title

    def works_named(title: str, producer) -> list[Work]:
        found = {w.pk: w for w in visible.get(title, [])}
        if producer is not None:
            if producer.pk not in announced:
                announced[producer.pk] = _by_title(
                    permissions.works_announced_with(user, producer))
            found.update({w.pk: w for w in announced[producer.pk].get(title, [])})
        return list(found.values())

    companies = {}
    for company in Company.objects.only("pk", "name"):
        companies.setdefault(sheets.normalise(company.name), []).append(company)
    parsed, ids, keys = [], {}, {}
    for row in rows:
        v = row.values
        item = {"row": row.number, "id": v.get("id"), "cells": row}
        ok = True
        if item["id"] is not None:
            if item["id"] not in own:
                errors.append(sheets.cell_error(name, row, COL["id"], sheets.expected(
                    _("the reference of an investment of this file, or nothing for a new one"),
                    item["id"])))
                ok = False
            elif item["id"] in ids:
                errors.append(sheets.cell_error(name, row, COL["id"], _(
                    "this reference is already on row %(row)s") % {"row": ids[item["id"]]}))
                ok = False
            else:
                ids[item["id"]] = row.number
        for key in ("producer", "work"):  # the producer first: it may name the work
            text = v.get(key) or ""
            if not text:
                found = [None]
            elif key == "work":
                found = works_named(sheets.normalise(text), item.get("producer"))
            else:
                found = companies.get(sheets.normalise(text), [])
            if not found:
                what = _("the title of a work known to Montage") if key == "work" else \
                    _("the name of a company known to Montage")
                errors.append(sheets.cell_error(name, row, COL[key], sheets.expected(what, text)))
                ok = False
            elif len(found) > 1:
                errors.append(sheets.cell_error(name, row, COL[key], _(
                    "several records are named '%(name)s': the reference (column A) is needed, "
                    "or rename one") % {"name": text}))
                ok = False
            else:
                item[key] = found[0]
        if not ok or v.get("category") is None or v.get("amount") is None:
            continue
        for key in ("category", "fwb_initiative", "document", "document_date", "amount",
                    "status", "confidential"):
            item[key] = v.get(key)
        if item["id"] is None:
            natural = (item["category"], getattr(item["work"], "pk", None),
                       getattr(item["producer"], "pk", None))
            if natural in keys:
                errors.append(sheets.cell_error(name, row, COL["category"], _(
                    "same category, work and producer as row %(row)s: give each its reference "
                    "(column A) or merge them") % {"row": keys[natural]}))
                continue
            keys[natural] = row.number
            item["natural"] = natural
        parsed.append(item)
    if errors:
        raise InputError.of(errors)
    # rows without a reference update the one investment of the file with the same category,
    # work and producer (so importing a hand-made file twice creates nothing twice)
    claimed = set(ids)
    for item in parsed:
        if item["id"] is not None:
            continue
        candidates = [i for pk, i in own.items() if pk not in claimed and
                      (i.category, i.work_id, i.producer_id) == item["natural"]]
        if len(candidates) > 1:
            errors.append(sheets.Location(name, item["row"], COL["id"], "A").problem(_(
                "several investments of this file have this category, work and producer: "
                "give the reference")))
        elif candidates:
            item["id"] = candidates[0].pk
            claimed.add(item["id"])
    if errors:
        raise InputError.of(errors)
    return parsed


def import_file(data: bytes, name: str, obligation: ObligationYear, user) -> dict:
    """Create or update the file's investments, all or nothing; never delete one (an investment
    carries documents, proofs and decisions: withdrawing it is a decision, not a side effect)."""
    parsed = parse(data, name, obligation, user)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "not_in_file": 0}
    with transaction.atomic():
        own = {i.pk: i for i in obligation.investments.select_for_update()}
        changes = []
        for item in parsed:
            values = {f: item[f] for f in FIELDS}
            if item["id"] is None:
                changes.append((None, values, item))
                continue
            investment = own[item["id"]]
            if any(getattr(investment, f) != values[f] for f in FIELDS):
                changes.append((investment, values, item))
            else:
                counts["unchanged"] += 1
        counts["not_in_file"] = len(set(own) - {i["id"] for i in parsed})
        if not changes:
            return counts
        if obligation.status in (ObligationYear.Status.VALIDATED, ObligationYear.Status.CLOSED):
            raise InputError.of([sheets.Location(name).problem(_(
                "the file was validated by the CCA: its investments can no longer be changed "
                "by an import"))])
        refused = []
        for investment, values, item in changes:
            created = investment is None
            if created:
                investment = Investment(editor=obligation.editor, obligation=obligation)
            for f, value in values.items():
                setattr(investment, f, value)
            try:  # the status is the CCA's: a new one is active, an existing one keeps its own
                investments_services.step2_save_investment(investment, user)
            except permissions.DecidedFieldRefused as error:
                refused.append(sheets.cell_error(name, item["cells"], COL[error.field],
                                                 error.message) if error.field in COL
                               else sheets.Location(name, item["row"]).problem(error.message))
                continue
            counts["created" if created else "updated"] += 1
        if refused:
            raise InputError.of(refused)  # rolls the whole transaction back
        record_decision(obligation, "investments imported", f"{name}: {counts}")
    return counts
