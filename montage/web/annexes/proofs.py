"""Annex 6, "Liste Preuves Invest": per investment, the expenses shown as FWB economic spillover
(step 2 §9), each counted or excluded with the engine's reason (`montage.law.spillover`)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from montage.errors import InputError, MontageError
from montage.law.spillover import assess_spillover
from montage.territory import locate
from montage.web import permissions, xlsx
from montage.web.contribution import services as contribution_services
from montage.web.parameters.services import current_parameters
from montage.web.investments import services as investments_services
from montage.web.core import problems
from montage.web.registry import services as registry_services
from montage.web.registry.audit import record_decision
from montage.web.contribution.models import ObligationYear
from montage.web.investments.models import SpilloverProof
from montage.web.ledger.models import Expense
from montage.web.registry.models import Company
from montage.web.annexes import sheets
from montage.web.annexes.sheets import Column, Header

SHEET = "Liste Preuves Invest"
TITLE = gettext_lazy("Annex 6 — Liste Preuves Invest (FWB economic spillover)")

KINDS = tuple(Expense.Kind.choices)
COLUMNS = [
    Column("investment", gettext_lazy("Investment ref."), gettext_lazy("investment"), "int", 12,
           required=True),
    Column("work", gettext_lazy("Work or programme"), gettext_lazy("work"), width=26,
           output_only=True),
    Column("supplier", pgettext_lazy("proof list column", "Supplier"), gettext_lazy("supplier"), width=26),
    Column("street", gettext_lazy("Address"), gettext_lazy("address"), width=26),
    Column("postal_code", gettext_lazy("Postal code"), gettext_lazy("postal code"), width=11),
    Column("city", gettext_lazy("City"), gettext_lazy("city"), width=16),
    Column("operating_postal_code", gettext_lazy("Operating seat postal code"),
           gettext_lazy("operating seat postal code"), width=13),
    Column("territory", gettext_lazy("Territory"), gettext_lazy("territory"), width=30,
           output_only=True),
    Column("number", gettext_lazy("Invoice or reference number"), gettext_lazy("number"), width=18,
           required=True),
    Column("date", gettext_lazy("Date"), gettext_lazy("date"), "date", 12, required=True),
    Column("description", gettext_lazy("Description"), gettext_lazy("description"), width=28),
    Column("vat_rate", gettext_lazy("VAT rate"), gettext_lazy("VAT rate"), "rate", 10,
           required=True),
    Column("amount_excl_vat", gettext_lazy("Amount excl. VAT (€)"),
           gettext_lazy("amount excl. VAT"), "money",
           16, required=True),
    Column("amount", gettext_lazy("Amount shown (€)"), gettext_lazy("amount shown"), "money", 16),
    Column("kind", gettext_lazy("Kind"), gettext_lazy("kind"), "choice", 16, choices=KINDS,
           default="invoice"),
    Column("missing_fields", gettext_lazy("Mandatory mentions missing"),
           gettext_lazy("mentions missing"),
           width=24),
    Column("verdict", gettext_lazy("Counted or excluded"), gettext_lazy("verdict"), width=14,
           output_only=True),
    Column("reason", gettext_lazy("Reason"), gettext_lazy("reason"), width=60, output_only=True),
]
COL = {c.key: c for c in COLUMNS}

AREAS = {"french": gettext_lazy("French-language region"),
         "bilingual_brussels": gettext_lazy("Brussels-Capital Region"),
         "german":
             gettext_lazy("German-language region"), "dutch": gettext_lazy("Dutch-language region")}


def file_name(obligation: ObligationYear) -> str:
    return f"liste-preuves-invest-{obligation.editor.organisation.pk}-{obligation.year}.xlsx"


def mandatory_fields() -> tuple[str, ...]:
    return tuple(current_parameters().get("spillover.invoice_mandatory_fields",
                                          timezone.localdate()).value)


def territory(company: Company | None) -> str:
    if company is None:
        return ""
    parts = []
    for country, code in ((company.country, company.registered_postal_code),
                          (company.operating_country or "BE", company.operating_postal_code)):
        if not code:
            continue
        if country != "BE":
            parts.append(_("outside Belgium (%(country)s)") % {"country": country})
            continue
        try:
            place = locate(code)
        except MontageError:
            parts.append(_("unknown postal code %(code)s") % {"code": code})
            continue
        parts.append(f"{place.municipality}: {AREAS[place.language_area]}")
    return " / ".join(dict.fromkeys(parts))


def assess(investment, lang: str):
    """The engine's spillover assessment of one investment and a verdict per proof."""
    proofs = list(investment.spillover_proofs.select_related("expense__supplier").order_by("pk"))
    expenses = contribution_services.spillover_expenses(investment)
    refs = [e.reference for e in expenses]
    expenses = [dataclasses.replace(e, reference=f"{e.reference} ({n})")
                if refs.count(e.reference) > 1 else e for n, e in enumerate(expenses, 1)]
    try:
        result = assess_spillover(investment.amount, expenses,
                                  contract_date=investment.document_date,
                                  as_of=timezone.localdate(), params=current_parameters(),
                                  label=str(investment.pk),
                                  window_from=investments_services.spillover_window_from(
                                      investment))
    except MontageError as error:
        message = problems.message(error)
        return None, [(_("not assessed"), message) for _p in proofs], proofs
    verdicts = []
    for proof, expense in zip(proofs, expenses):
        verdict = (_("counted"), "")
        for step in result.explanation.steps:
            if step.key in ("spillover_outside", "spillover_address_unknown",
                            "spillover_missing_fields") and \
                    step.args.get("expense") == expense.reference:
                verdict = (_("excluded"), step.text(lang))
            elif step.key in ("spillover_capped", "spillover_capped_within") and \
                    step.args.get("kind") == expense.kind:
                if step.args["kept"] < step.args["amount"]:
                    verdict = (_("counted up to the cap"), step.text(lang))
                else:
                    verdict = (_("counted"), step.text(lang))
        verdicts.append(verdict)
    return result, verdicts, proofs


STATUS = {"complete": gettext_lazy("proven"), "in_progress": gettext_lazy("in progress"),
          "cancelled": gettext_lazy("cancelled"), "reduced": gettext_lazy("reduced")}


def export(obligation: ObligationYear, user, lang: str) -> bytes:
    investments = list(permissions.investments_for(user).filter(obligation=obligation)
                       .order_by("pk"))
    header = Header(str(TITLE), str(obligation.editor), obligation.year, user.get_username())
    book, sheet, row = sheets.new_sheet(SHEET, header, COLUMNS)
    summary = []
    total = {"amount_excl_vat": Decimal("0"), "amount": Decimal("0")}
    for investment in investments:
        result, verdicts, proofs = assess(investment, lang)
        for proof, (verdict, reason) in zip(proofs, verdicts):
            expense, supplier = proof.expense, proof.expense.supplier
            sheets.write_row(sheet, row, COLUMNS, {
                "investment": investment.pk,
                "work": investment.work.title if investment.work else "",
                "supplier": supplier.name if supplier else "",
                "street": supplier.registered_street if supplier else "",
                "postal_code": supplier.registered_postal_code if supplier else "",
                "city": supplier.registered_city if supplier else "",
                "operating_postal_code": supplier.operating_postal_code if supplier else "",
                "territory": territory(supplier), "number": expense.number,
                "date": expense.date, "description": expense.description,
                "vat_rate": expense.vat_rate, "amount_excl_vat": expense.amount_excl_vat,
                "amount": proof.amount, "kind": expense.kind,
                "missing_fields": ", ".join(proof.missing_fields or []),
                "verdict": verdict, "reason": reason})
            total["amount_excl_vat"] += expense.amount_excl_vat
            total["amount"] += proof.amount
            row += 1
        if result is not None:
            summary.append((investment, result))
    sheets.write_row(sheet, row, COLUMNS, {"investment": _("Total"), **total}, bold=True)
    row += 2
    xlsx.put(sheet, row, 1, _("Spillover by investment (step 2 §9)")).font = sheets.TOTAL_FONT
    heads = [_("Investment ref."), _("Work or programme"), _("Amount (€)"), _("Required (€)"),
             _("Counted (€)"), _("Excluded (€)"), _("Status"), _("Deadline")]
    row += 1
    for col, head in enumerate(heads, 1):
        xlsx.put(sheet, row, col, head).font = sheets.TOTAL_FONT
    row += 1
    for investment, result in summary:
        values = [investment.pk, investment.work.title if investment.work else
                  investment.get_category_display(), result.investment, result.required,
                  result.counted, result.excluded, str(STATUS.get(result.status, result.status)),
                  result.deadline]
        for col, value in enumerate(values, 1):
            cell = xlsx.put(sheet, row, col, value)
            if isinstance(value, Decimal):
                cell.number_format = sheets.MONEY_FORMAT
            elif col == 8 and value is not None:
                cell.number_format = sheets.DATE_FORMAT
        row += 1
    return sheets.to_bytes(book)


def _find_company(name: str, postal_code: str):
    matches = [c for c in Company.objects.all() if sheets.normalise(c.name) ==
               sheets.normalise(name)]
    if len(matches) > 1 and postal_code:
        matches = [c for c in matches if c.registered_postal_code == postal_code] or matches
    return matches


def parse(data: bytes, name: str, obligation: ObligationYear, lang: str) -> list[dict]:
    sheet = sheets.open_sheet(data, name, SHEET)
    sheets.check_header(sheet, name, str(obligation.editor), obligation.year)
    rows, errors = sheets.read_rows(sheet, name, COLUMNS)
    own = {i.pk: i for i in obligation.investments.select_related("work", "producer")}
    allowed = mandatory_fields()
    parsed, seen = [], {}
    for row in rows:
        v = row.values

        def fail(key, text):
            errors.append(sheets.cell_error(name, row, COL[key], text))

        investment = own.get(v.get("investment"))
        if v.get("investment") is not None and investment is None:
            fail("investment", sheets.expected(_("the reference of an investment of this file "
                                                 "(see the Récapitulatif Invest)"),
                                               v.get("investment")))
            continue
        if investment is None:
            continue
        if investment.work is None:
            fail("investment", _("this investment has no work: spillover proofs are expenses "
                                 "of a work"))
            continue
        kind = v.get("kind") or "invoice"
        missing = [m.strip() for m in (v.get("missing_fields") or "").replace(";", ",")
                   .split(",") if m.strip()]
        unknown = [m for m in missing if m not in allowed]
        if unknown:
            fail("missing_fields", sheets.expected(
                _("mandatory mentions among: %(names)s") % {"names": ", ".join(allowed)},
                ", ".join(unknown)))
            continue
        supplier_name = v.get("supplier") or ""
        postal_code = v.get("postal_code") or ""
        supplier, new_supplier = None, None
        if supplier_name:
            found = _find_company(supplier_name, postal_code)
            if len(found) > 1:
                fail("supplier", _("several companies are named '%(name)s' with this postal "
                                   "code") % {"name": supplier_name})
                continue
            if found:
                supplier = found[0]
            else:
                try:
                    locate(postal_code)
                except MontageError:
                    fail("postal_code", sheets.expected(
                        _("the Belgian postal code of a new supplier (4 digits)"), postal_code))
                    continue
                operating = v.get("operating_postal_code") or ""
                if operating:
                    try:
                        locate(operating)
                    except MontageError:
                        fail("operating_postal_code", sheets.expected(
                            _("a Belgian postal code (4 digits)"), operating))
                        continue
                new_supplier = {"name": supplier_name, "registered_street": v.get("street") or "",
                                "registered_postal_code": postal_code,
                                "registered_city": v.get("city") or "",
                                "operating_postal_code": operating,
                                "operating_country": "BE" if operating else ""}
        elif kind == "invoice":
            fail("supplier", _("an invoice needs its supplier"))
            continue
        # else: salaries, overheads and the producer's fee are the producer's own (below)
        amount_excl_vat = v.get("amount_excl_vat")
        if amount_excl_vat is None or v.get("date") is None or not v.get("number") \
                or v.get("vat_rate") is None:
            continue  # reported as required
        shown = v.get("amount") if v.get("amount") is not None else amount_excl_vat
        if shown > amount_excl_vat:
            fail("amount", sheets.expected(_("at most the amount excl. VAT (%(amount)s)") % {
                "amount": amount_excl_vat}, shown))
            continue
        key = (investment.pk, supplier_name.casefold() if supplier_name else
               getattr(supplier, "pk", None), v["number"], kind)
        if key in seen:
            fail("number", _("this expense is already on row %(row)s for this investment") % {
                "row": seen[key]})
            continue
        seen[key] = row.number
        parsed.append({"row": row, "investment": investment, "supplier": supplier,
                       "new_supplier": new_supplier, "kind": kind, "number": v["number"],
                       "date": v["date"], "description": v.get("description") or "",
                       "vat_rate": v["vat_rate"], "amount_excl_vat": amount_excl_vat,
                       "amount": shown, "missing_fields": missing})
    if errors:
        raise InputError.of(errors)
    return parsed


EXPENSE_FIELDS = ("date", "description", "vat_rate", "amount_excl_vat")


def import_file(data: bytes, name: str, obligation: ObligationYear, user,
                lang: str = "fr") -> dict:
    """Create or update the spillover proofs, all or nothing; never delete one. An expense not
    in the ledger is added to it, recorded by the editor; one already there must agree with the
    row (the ledger belongs to whoever recorded it), unless the editor recorded it."""
    parsed = parse(data, name, obligation, lang)
    editor_org = obligation.editor.organisation
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = []
    with transaction.atomic():
        created_companies: dict = {}
        changed = False
        for item in parsed:
            investment, supplier = item["investment"], item["supplier"]
            if supplier is None and item["new_supplier"]:
                key = sheets.normalise(item["new_supplier"]["name"])
                supplier = created_companies.get(key)
                if supplier is None:
                    supplier = Company.objects.create(**item["new_supplier"])
                    created_companies[key] = supplier
            expenses = Expense.objects.filter(work=investment.work, number=item["number"],
                                              kind=item["kind"])
            if supplier is None:  # not an invoice: recorded without supplier or as the producer's
                expense = expenses.filter(Q(supplier__isnull=True) |
                                          Q(supplier=investment.producer)).first()
                supplier = investment.producer
            else:
                expense = expenses.filter(supplier=supplier).first()
            values = {f: item[f] for f in EXPENSE_FIELDS}
            if expense is None:
                expense = Expense.objects.create(owner=editor_org, work=investment.work,
                                                 supplier=supplier, number=item["number"],
                                                 kind=item["kind"], **values)
                changed = True
            elif any(getattr(expense, f) != values[f] for f in EXPENSE_FIELDS):
                if expense.owner_id != editor_org.pk:
                    wrong = next(f for f in EXPENSE_FIELDS if getattr(expense, f) != values[f])
                    errors.append(sheets.cell_error(name, item["row"], COL[wrong], _(
                        "the ledger of %(owner)s records %(number)s with %(value)s: change it "
                        "there, or correct the row") % {
                            "owner": expense.owner, "number": expense.number,
                            "value": getattr(expense, wrong)}))
                    continue
                for f, value in values.items():
                    setattr(expense, f, value)
                expense.save()
                changed = True
            proof = SpilloverProof.objects.filter(investment=investment, expense=expense).first()
            if proof is not None and (proof.amount, list(proof.missing_fields or [])) == \
                    (item["amount"], item["missing_fields"]):
                counts["unchanged"] += 1
                continue
            created = proof is None
            if created:
                proof = SpilloverProof(investment=investment, expense=expense)
            proof.amount, proof.missing_fields = item["amount"], item["missing_fields"]
            try:  # the mentions missing are the CCA's finding (permissions.DECIDED_FIELDS)
                registry_services.save_checked(proof, user)
            except permissions.DecidedFieldRefused as error:
                errors.append(sheets.cell_error(name, item["row"], COL[error.field],
                                                error.message))
                continue
            counts["created" if created else "updated"] += 1
        if errors:
            raise InputError.of(errors)  # rolls the whole transaction back
        if changed or counts["created"] or counts["updated"]:
            record_decision(obligation, "spillover proofs imported", f"{name}: {counts}")
    return counts
