"""What the ledger's obligation pages and proof exports share: one assessment of the project's
sources (montage.web.ledger.engine.statuses, the rules of montage.finance) joined back to the
ledger rows, and the .xlsx statements each financier asks for.

- broadcaster (FWB spillover): the vade-mecum's "Liste Preuves Invest" layout, with the columns
  of montage.web.annexes.proofs (annex 6);
- Wallimage: a Walloon spend statement by budget chapter (supplier, invoice number, date,
  amount, counted amount, subtotals, totals, ratio against the investment);
- screen.brussels and the Tax Shelter: a statement of counted spend per line, with totals.

Money cells are Decimal, written with the exchange area's Belgian number format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from montage.web.core.rates import RateLabel
from openpyxl.styles import Font

from montage.errors import MontageError
from montage.finance.obligations import ObligationStatus
from montage.law.explain import message
from montage.law.messages import LABELS
from montage.money import ZERO
from montage.territory import locate
from montage.web import xlsx
from montage.web.ledger.credits import credited
from montage.web.ledger.models import Expense
from montage.web.core import problems
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.models import Company
from montage.web.annexes import proofs, sheets
from montage.web.annexes.sheets import Column
from montage.web.ledger import engine

REGION_LABELS = {
    ("brussels", "bilingual_brussels"): gettext_lazy("Brussels-Capital Region"),
    ("wallonia", "french"): gettext_lazy("Walloon Region (French language area)"),
    ("wallonia", "german"): gettext_lazy("Walloon Region (German language area)"),
    ("flanders", "dutch"): gettext_lazy("Flemish Region"),
}
LANGUAGE_LABELS = {"french": gettext_lazy("French language area"),
                   "german": gettext_lazy("German language area"),
                   "dutch": gettext_lazy("Dutch language area"),
                   "bilingual_brussels": gettext_lazy("bilingual Brussels-Capital area")}
REGION_NAMES = {"brussels": gettext_lazy("Brussels-Capital Region"),
                "wallonia": gettext_lazy("Walloon Region"),
                "flanders": gettext_lazy("Flemish Region")}


def reason_label(reason: str, lang: str) -> str:
    texts = LABELS.get(reason)
    return texts.get(lang, texts.get("fr")) if texts else reason


def place(postal_code: str, country: str = "BE", city: str = ""):
    """(Place, None) for a locatable Belgian code, (None, error text) otherwise."""
    if (country or "BE") != "BE" or not postal_code:
        return None, ""
    try:
        return locate(postal_code, municipality=city or None), ""
    except MontageError as error:
        return None, problems.message(error)


def territory_label(postal_code: str, country: str = "BE", city: str = "") -> str:
    """Where a seat or domicile lies, in words: its region and language area, or the country."""
    if (country or "BE") != "BE":
        return _("outside Belgium (%(country)s)") % {"country": country}
    found, error = place(postal_code, country, city)
    if found is None:
        return error or _("not recorded")
    return str(REGION_LABELS.get((found.region, found.language_area), found.region))


def expense_territory(row: Expense) -> str:
    """The territory of whoever is paid: the supplier's registered seat, the employee's domicile."""
    if row.kind == Expense.Kind.PAYROLL and row.employee_id:
        return territory_label(row.employee.domicile_postal_code,
                               row.employee.domicile_country or "BE")
    if row.supplier_id:
        return territory_label(row.supplier.registered_postal_code, row.supplier.country,
                               row.supplier.registered_city)
    return _("not recorded")


def payee(row: Expense) -> str:
    if row.kind == Expense.Kind.PAYROLL:
        return str(row.employee) if row.employee_id else ""
    return row.supplier.name if row.supplier_id else ""


@dataclass
class Accounts:
    """The project's chart of accounts: labels and chapters (top-level accounts)."""

    labels: dict[str, str] = field(default_factory=dict)
    chapters: dict[str, str] = field(default_factory=dict)   # account code -> chapter code

    @classmethod
    def of(cls, project: Project) -> "Accounts":
        accounts = list(project.accounts.all())
        by_pk = {a.pk: a for a in accounts}
        result = cls()
        for account in accounts:
            result.labels[account.code] = account.label
            top = account
            while top.parent_id and top.parent_id in by_pk:
                top = by_pk[top.parent_id]
            if top is account and "." in account.code:
                result.chapters[account.code] = account.code.split(".")[0]
            else:
                result.chapters[account.code] = top.code
        return result

    def label(self, code: str) -> str:
        return f"{code} {self.labels[code]}" if code in self.labels else (code or "—")

    def chapter(self, code: str) -> str:
        return self.chapters.get(code, code.split(".")[0] if code else "")


@dataclass
class Assessment:
    """Every obligation of a project, assessed once, with the ledger rows behind the lines."""

    project: Project
    as_of: dt.date
    rows: dict[str, Expense]
    statuses: list[engine.SourceStatus]
    accounts: Accounts
    credited: dict = field(default_factory=dict)  # invoice line id → its credit notes' part

    def net(self, row: Expense) -> Decimal:
        """What a line counts for before any rule: an invoice less its credit notes; nothing
        for a credit note (it is in the invoice it reduces)."""
        if row.kind == Expense.Kind.CREDIT_NOTE:
            return ZERO
        return row.amount_excl_vat - self.credited.get(row.pk, ZERO)

    def note_reason(self, row: Expense) -> str:
        return _("credit note: counted in the invoice it reduces") \
            if row.kind == Expense.Kind.CREDIT_NOTE else ""

    def status_for(self, source: FinancingSource) -> engine.SourceStatus:
        for item in self.statuses:
            if item.source.pk == source.pk:
                return item
        raise KeyError(source.pk)


def assess(project: Project, as_of: dt.date | None = None, sources=None) -> Assessment:
    """One pass over the project's ledger: rows, the rules' expenses, every source's status."""
    as_of = as_of or timezone.localdate()
    employer = project.owner.company
    rows = list(Expense.objects.filter(project=project)
                .select_related("supplier", "employee", "account"))
    row_problems = []
    expenses = []
    taken = credited(project)
    for row in rows:
        if row.kind == Expense.Kind.CREDIT_NOTE:
            continue  # counted in the invoice it reduces
        try:
            expenses.append(engine.finance_expense(row, employer, taken.get(row.pk, ZERO)))
        except MontageError as error:
            row_problems.append(f"{row.number or row.pk}: {problems.message(error)}")
    try:
        result = engine.statuses(project, as_of, sources=sources, expenses=expenses)
    except MontageError as error:
        message = problems.message(error)
        result = [engine.SourceStatus(s, None, message) for s in
                  (sources if sources is not None else engine.obligation_sources(project))]
    if row_problems:
        result = [engine.SourceStatus(item.source, item.status,
                                      "; ".join(filter(None, [item.problem, *row_problems])))
                  for item in result]
    return Assessment(project, as_of, {str(r.pk): r for r in rows}, result, Accounts.of(project),
                      taken)


def verdict_text(verdict, rows: dict[str, Expense], lang: str) -> str:
    """A rule's verdict in words, naming the expense by its number rather than its row id."""
    row = rows.get(verdict.expense_id)
    name = (row.number or f"#{row.pk}") if row is not None else verdict.expense_id
    return message(verdict.reason, lang, **dict(verdict.args, expense=name))


def counted_by_expense(status: ObligationStatus) -> dict[str, Decimal]:
    result: dict[str, Decimal] = {}
    for line in status.lines:
        result[line.expense_id] = result.get(line.expense_id, ZERO) + line.amount
    return result


def verdicts_by_expense(status: ObligationStatus) -> dict[str, str]:
    """The reason key of every expense the explanation judged (excluded ones included)."""
    return {verdict.expense_id: verdict.reason for verdict in status.excluded}


def breakdown(assessment: Assessment, status: ObligationStatus, lang: str) -> dict:
    """Where the ledger's money went for one obligation: counted and not counted by budget
    chapter and by territory (what fell short, and where)."""
    counted = counted_by_expense(status)
    chapters: dict[str, dict] = {}
    territories: dict[str, dict] = {}
    for key, row in assessment.rows.items():
        got = counted.get(key, ZERO)
        lost = assessment.net(row) - got
        code = row.account.code if row.account_id else ""
        chapter = assessment.accounts.chapter(code)
        for table, name in ((chapters, assessment.accounts.label(chapter)),
                            (territories, expense_territory(row))):
            entry = table.setdefault(name, {"name": name, "counted": ZERO, "excluded": ZERO,
                                            "total": ZERO})
            entry["counted"] += got
            entry["excluded"] += lost
            entry["total"] += assessment.net(row)
    order = lambda table: sorted(table.values(), key=lambda e: (-e["excluded"], e["name"]))  # noqa
    return {"chapters": sorted(chapters.values(), key=lambda e: e["name"]),
            "territories": order(territories),
            "excluded": [{"reason": reason, "label": reason_label(reason, lang), "amount": amount}
                         for reason, amount in sorted(status.excluded_by_reason.items(),
                                                      key=lambda item: -item[1])]}


# -- .xlsx ------------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(source: FinancingSource) -> str:
    kind = {FinancingSource.Rule.SPILLOVER: "liste-preuves-invest",
            FinancingSource.Rule.WALLIMAGE: "wallimage-depenses-wallonnes",
            FinancingSource.Rule.SCREEN_BRUSSELS: "screen-brussels-depenses",
            FinancingSource.Rule.TAX_SHELTER: "tax-shelter-depenses"}[source.rule]
    return f"{kind}-{source.project.pk}-{source.pk}.xlsx"


def _header(sheet, title: str, pairs: list[tuple[str, object]]) -> int:
    xlsx.put(sheet, 1, 1, title).font = Font(bold=True, size=14)
    row = 2
    for label, value in pairs:
        xlsx.put(sheet, row, 1, str(label)).font = Font(bold=True)
        cell = xlsx.put(sheet, row, 2, value)
        if isinstance(value, dt.datetime):
            cell.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(value, dt.date):
            cell.number_format = sheets.DATE_FORMAT
        elif isinstance(value, Decimal):
            cell.number_format = sheets.MONEY_FORMAT
        row += 1
    return row + 1


def _columns_row(sheet, row: int, columns: list[Column]) -> int:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, 1):
        cell = xlsx.put(sheet, row, index, str(capfirst(column.header)))
        cell.font = Font(bold=True)
        cell.fill = sheets.HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(row + 1, 1)
    return row + 1


def _common_pairs(assessment: Assessment, source: FinancingSource, user) -> list:
    return [(_("Producer"), str(assessment.project.owner)),
            (_("Project"), str(assessment.project)),
            (_("Financing source"), source.label),
            (_("Amount of the source"), source.amount),
            (_("Assessed on"), assessment.as_of),
            (_("Generated on"), timezone.localtime().replace(tzinfo=None, microsecond=0)),
            (_("By"), user.get_username())]


def _status_or_raise(assessment: Assessment, source: FinancingSource) -> ObligationStatus:
    item = assessment.status_for(source)
    if item.status is None:
        raise MontageError(item.problem)
    return item.status


def _sorted_rows(assessment: Assessment) -> list[Expense]:
    return sorted(assessment.rows.values(), key=lambda r: (r.date, r.pk))


def export_spillover(assessment: Assessment, source: FinancingSource, user, lang: str) -> bytes:
    """The broadcaster's "Liste Preuves Invest" (annex 6 columns): every expense shown, counted
    (up to the caps) or excluded with the rule's reason."""
    status = _status_or_raise(assessment, source)
    counted = counted_by_expense(status)
    reasons = {v.expense_id: v for v in status.excluded}
    header = sheets.Header(str(proofs.TITLE), str(source.financier or source.label),
                           (source.contracted_on or assessment.as_of).year, user.get_username(),
                           extra=[(_("Producer"), str(assessment.project.owner)),
                                  (_("Work or programme"), str(assessment.project)),
                                  (_("Financing source"), source.label)])
    book, sheet, row = sheets.new_sheet(proofs.SHEET, header, proofs.COLUMNS)
    reference = source.investment_id or source.pk
    total = {"amount_excl_vat": ZERO, "amount": ZERO}
    for expense in _sorted_rows(assessment):
        key = str(expense.pk)
        got = counted.get(key, ZERO)
        company = expense.supplier if expense.kind == Expense.Kind.INVOICE else \
            assessment.project.owner.company
        state, reason = line_verdict(assessment, expense, got, reasons.get(key), lang)
        sheets.write_row(sheet, row, proofs.COLUMNS, {
            "investment": reference, "work": str(assessment.project),
            "supplier": payee(expense),
            "street": company.registered_street if company else "",
            "postal_code": company.registered_postal_code if company else "",
            "city": company.registered_city if company else "",
            "operating_postal_code": company.operating_postal_code if company else "",
            "territory": proofs.territory(company), "number": expense.number or str(expense.pk),
            "date": expense.date, "description": expense.description,
            "vat_rate": expense.vat_rate, "amount_excl_vat": expense.amount_excl_vat,
            "amount": got, "kind": expense.kind,
            "missing_fields": ", ".join(expense.missing_fields or []),
            "verdict": state, "reason": reason})
        total["amount_excl_vat"] += expense.amount_excl_vat
        total["amount"] += got
        row += 1
    sheets.write_row(sheet, row, proofs.COLUMNS, {"investment": _("Total"), **total}, bold=True)
    spill = status.details.get("spillover")
    sheets.write_pairs(sheet, row + 2, _("Spillover (step 2 §9)"), [
        (_("Investment"), source.amount), (_("Required"), status.required),
        (_("Counted"), status.counted), (_("Missing"), status.missing),
        (_("Excluded"), spill.excluded if spill else ZERO),
        (_("Status"), str(proofs.STATUS.get(status.details.get("status"), ""))),
        (_("Deadline"), status.due_date)])
    return sheets.to_bytes(book)


LINE_COLUMNS = [
    Column("chapter", gettext_lazy("Chapter"), gettext_lazy("chapter"), width=26),
    Column("account", gettext_lazy("Account"), gettext_lazy("account"), width=26),
    Column("supplier", gettext_lazy("Supplier or employee"), gettext_lazy("supplier"), width=28),
    Column("territory", gettext_lazy("Territory"), gettext_lazy("territory"), width=30),
    Column("number", gettext_lazy("Invoice number"), gettext_lazy("number"), width=16),
    Column("date", gettext_lazy("Date"), gettext_lazy("date"), "date", 12),
    Column("amount", gettext_lazy("Amount excl. VAT (€)"), gettext_lazy("amount"), "money", 16),
    Column("counted", gettext_lazy("Counted amount (€)"), gettext_lazy("counted"), "money", 16),
    Column("reason", gettext_lazy("Reason not counted"), gettext_lazy("reason"), width=50),
]


def line_verdict(assessment: Assessment, expense: Expense, got: Decimal, verdict,
                 lang: str) -> tuple[str, str]:
    """(state, reason) of a ledger line under a rule, in the active language: counted, counted
    up to the cap, counted in part or excluded and why, a credit note. The proof export's
    columns and the frozen lists' verdicts (spend_reports.proof_lines) are these words."""
    if verdict is not None:
        return (_("counted in part") if got else _("excluded"),
                verdict_text(verdict, assessment.rows, lang))
    if expense.kind == Expense.Kind.CREDIT_NOTE:
        return _("credit note"), assessment.note_reason(expense)
    if got < assessment.net(expense):
        return _("counted up to the cap"), reason_label("fin_spill_in_capped", lang)
    return _("counted"), ""


def _line_values(assessment: Assessment, expense: Expense, got: Decimal, verdict, lang) -> dict:
    code = expense.account.code if expense.account_id else ""
    reason = verdict_text(verdict, assessment.rows, lang) if verdict is not None else ""
    if verdict is None and got < assessment.net(expense):
        reason = _("counted up to the cap")
    reason = assessment.note_reason(expense) or reason
    return {"chapter": assessment.accounts.label(assessment.accounts.chapter(code)),
            "account": assessment.accounts.label(code), "supplier": payee(expense),
            "territory": expense_territory(expense), "number": expense.number,
            "date": expense.date, "amount": expense.amount_excl_vat, "counted": got,
            "reason": reason}


def export_wallimage(assessment: Assessment, source: FinancingSource, user, lang: str) -> bytes:
    """The Walloon spend statement: every line by budget chapter with subtotals, the totals and
    the ratio of counted Walloon spend to the investment."""
    from openpyxl import Workbook

    status = _status_or_raise(assessment, source)
    counted = counted_by_expense(status)
    reasons = {v.expense_id: v for v in status.excluded}
    book = Workbook()
    sheet = book.active
    sheet.title = "Dépenses wallonnes"
    row = _header(sheet, _("Wallimage — Walloon spend statement"),
                  _common_pairs(assessment, source, user))
    row = _columns_row(sheet, row, LINE_COLUMNS)
    by_chapter: dict[str, list[Expense]] = {}
    for expense in _sorted_rows(assessment):
        code = expense.account.code if expense.account_id else ""
        by_chapter.setdefault(assessment.accounts.chapter(code), []).append(expense)
    total, total_counted = ZERO, ZERO
    for chapter in sorted(by_chapter):
        subtotal, subcounted = ZERO, ZERO
        for expense in by_chapter[chapter]:
            got = counted.get(str(expense.pk), ZERO)
            sheets.write_row(sheet, row, LINE_COLUMNS,
                             _line_values(assessment, expense, got, reasons.get(str(expense.pk)),
                                          lang))
            subtotal += expense.amount_excl_vat
            subcounted += got
            row += 1
        sheets.write_row(sheet, row, LINE_COLUMNS, {
            "chapter": _("Subtotal %(chapter)s") % {
                "chapter": assessment.accounts.label(chapter)},
            "amount": subtotal, "counted": subcounted}, bold=True)
        total += subtotal
        total_counted += subcounted
        row += 1
    sheets.write_row(sheet, row, LINE_COLUMNS, {"chapter": _("Total"), "amount": total,
                                                "counted": total_counted}, bold=True)
    achieved = status.details.get("achieved_ratio")
    row = sheets.write_pairs(sheet, row + 2, _("Ratio against the investment"), [
        (_("Investment"), source.amount),
        (_("Ratio required"), status.details.get("ratio")),
        (_("Walloon spend required"), status.required),
        (_("Walloon spend counted"), status.counted),
        (_("Missing"), status.missing),
        (_("Ratio achieved"), achieved),
        (_("Spend deadline"), status.due_date)])
    for r in range(row - 9, row):
        label = sheet.cell(r, 1).value
        if label in (str(_("Ratio required")), str(_("Ratio achieved"))):
            sheet.cell(r, 2).number_format = sheets.RATE_FORMAT
        elif label == str(_("Spend deadline")):
            sheet.cell(r, 2).number_format = sheets.DATE_FORMAT
    return sheets.to_bytes(book)


def export_counted(assessment: Assessment, source: FinancingSource, user, lang: str) -> bytes:
    """screen.brussels and the Tax Shelter: counted spend per line, with totals."""
    from openpyxl import Workbook

    status = _status_or_raise(assessment, source)
    counted = counted_by_expense(status)
    reasons = {v.expense_id: v for v in status.excluded}
    book = Workbook()
    sheet = book.active
    titles = {FinancingSource.Rule.SCREEN_BRUSSELS: _("screen.brussels — Brussels spend "
                                                      "statement"),
              FinancingSource.Rule.TAX_SHELTER: _("Tax Shelter — Belgian spend statement")}
    sheet.title = "screen.brussels" if source.rule == FinancingSource.Rule.SCREEN_BRUSSELS \
        else "Tax Shelter"
    row = _header(sheet, titles[source.rule], _common_pairs(assessment, source, user))
    row = _columns_row(sheet, row, LINE_COLUMNS)
    total, total_counted = ZERO, ZERO
    for expense in _sorted_rows(assessment):
        got = counted.get(str(expense.pk), ZERO)
        sheets.write_row(sheet, row, LINE_COLUMNS,
                         _line_values(assessment, expense, got, reasons.get(str(expense.pk)),
                                      lang))
        total += expense.amount_excl_vat
        total_counted += got
        row += 1
    sheets.write_row(sheet, row, LINE_COLUMNS, {"chapter": _("Total"), "amount": total,
                                                "counted": total_counted}, bold=True)
    pairs = [(_("Required"), status.required), (_("Counted"), status.counted),
             (_("Missing"), status.missing), (_("Surplus"), status.surplus)]
    for key in ("belgian_expenses", "fees_counted", "max_certificate_value",
                "minimum_for_format"):
        if key in status.details:
            pairs.append((str(DETAIL_LABELS[key]), status.details[key]))
    sheets.write_pairs(sheet, row + 2, _("Totals"), pairs)
    return sheets.to_bytes(book)


DETAIL_LABELS = {
    "belgian_expenses": gettext_lazy("Belgian expenses counted"),
    "fees_counted": RateLabel(gettext_noop(
        "Producer fees, overheads and commissions counted (%(rate)s cap)"),
        "tax_shelter.indirect_costs_cap"),
    "max_certificate_value": gettext_lazy("Admissible certificate value"),
    "minimum_for_format": gettext_lazy("Minimum Brussels spend for the format"),
    "directly_linked": gettext_lazy("Directly linked expenses"),
    "direct_share": gettext_lazy("Directly linked share"),
    "eea_expenses": gettext_lazy("EEA expenses"),
    "certificate_deadline": gettext_lazy("Certificate deadline"),
    "achieved_ratio": gettext_lazy("Ratio achieved"),
    "ratio": gettext_lazy("Ratio required"),
    "countable_investment": gettext_lazy("Countable investment"),
}


def export(assessment: Assessment, source: FinancingSource, user, lang: str) -> bytes:
    if source.rule == FinancingSource.Rule.SPILLOVER:
        return export_spillover(assessment, source, user, lang)
    if source.rule == FinancingSource.Rule.WALLIMAGE:
        return export_wallimage(assessment, source, user, lang)
    return export_counted(assessment, source, user, lang)


def company_place_rows(company: Company) -> list[dict]:
    """The supplier page's territory block: each seat, its municipality, region, language area
    (or why it cannot be located)."""
    rows = []
    seats = [(_("registered seat"), company.registered_street, company.registered_postal_code,
              company.registered_city, company.country)]
    if company.operating_postal_code:
        seats.append((_("operating seat"), company.operating_street,
                      company.operating_postal_code, company.operating_city,
                      company.operating_country or company.country))
    for label, street, code, city, country in seats:
        found, error = place(code, country, city)
        rows.append({"seat": label, "street": street, "postal_code": code, "city": city,
                     "country": country, "place": found, "error": error,
                     "region": REGION_NAMES.get(found.region) if found else "",
                     "language_area": LANGUAGE_LABELS.get(found.language_area) if found else "",
                     "territory": territory_label(code, country, city)})
    return rows
