"""The production desk's bridge from records to `montage.finance` (docs/web-production.md).

Views never compute money themselves: budget line amounts, employer charges (fringes), the top
sheet, the cost report, the financing plan's gap and share bounds, and a Wallimage source's
tranches are computed here, by the pure rules of montage.finance (budget, chart, obligations).
An unknown figure (a fringe code without a rate, a foreign line without its rate) makes every
total that needs it incomplete; it is never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _, ngettext

from montage.errors import InputError, ParameterError, Problem
from montage.finance import budget as fin_budget
from montage.finance import chart
from montage.finance.obligations import WallimageCoproduction, WallimageTerms, default_parameters
from montage.money import ZERO, format_money, to_cents
from montage.web.core import problems, uploads
from montage.web.ledger.models import Expense
from montage.web.registry.services import Refused, mark_cancelled
from montage.web.production import fund_link
from montage.web.production.models import (Account, BudgetLine, BudgetVersion, FinancingSource,
                                           FinancingTranche, Project, PurchaseOrder)

Figure = fin_budget.Figure


def _figure(parts: list[tuple[str, Decimal | None]]) -> Figure:
    unknown = tuple(dict.fromkeys(code for code, value in parts if value is None))
    known = sum((value for _, value in parts if value is not None), ZERO)
    return Figure(to_cents(known), not unknown, unknown)


def _add(a: Figure, b: Figure) -> Figure:
    """The sum of two figures: a partial sum of the known parts when either is incomplete."""
    return Figure(a.value + b.value, a.complete and b.complete,
                  tuple(dict.fromkeys(a.unknown + b.unknown)))


# -- project set-up -----------------------------------------------------------------------------

@transaction.atomic
def set_up_project(project: Project) -> None:
    """A new project gets a copy of the default chart of accounts and an empty baseline."""
    copy_default_chart(project)
    if not project.budgets.exists():
        BudgetVersion.objects.create(project=project, number=1, is_current=True,
                                     label="Budget initial")


def copy_default_chart(project: Project) -> int:
    created = 0
    by_code = {a.code: a for a in project.accounts.all()}
    for item in chart.default_chart():
        if item.code in by_code:
            continue
        by_code[item.code] = Account.objects.create(
            project=project, code=item.code, label=item.label, cost_type=item.cost_type,
            post_production=item.post_production,
            parent=by_code.get(item.parent_code) if item.parent_code else None)
        created += 1
    return created


def current_version(project: Project) -> BudgetVersion | None:
    return project.budgets.filter(is_current=True).first() or project.budgets.last()


def baseline_version(project: Project) -> BudgetVersion | None:
    return project.budgets.filter(number=1).first()


@transaction.atomic
def new_version(project: Project, label: str = "", lines: list[BudgetLine] | None = None
                ) -> BudgetVersion:
    """A new current version: a copy of the current one's lines (or `lines`, unsaved, for an
    import). Every earlier version is locked, the baseline (version 1) first of all."""
    current = current_version(project)
    number = (project.budgets.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    for version in project.budgets.all():
        changed = version.is_current or not version.locked
        version.is_current, version.locked = False, True
        if changed:
            version.save()
    version = BudgetVersion.objects.create(project=project, number=number, is_current=True,
                                           label=label)
    if lines is None:
        lines = [BudgetLine(account_id=line.account_id, description=line.description,
                            quantity=line.quantity, unit=line.unit, rate=line.rate,
                            currency=line.currency, exchange_rate=line.exchange_rate,
                            exchange_rate_date=line.exchange_rate_date,
                            fringe_code=line.fringe_code,
                            planned_supplier_id=line.planned_supplier_id,
                            spend_postal_code=line.spend_postal_code,
                            spend_country=line.spend_country)
                 for line in (current.lines.all() if current else [])]
    for line in lines:
        line.version = version
    BudgetLine.objects.bulk_create(lines)
    return version


# -- budget figures -----------------------------------------------------------------------------

def fringe_rates(project: Project) -> dict[str, fin_budget.FringeRate]:
    return {r.code: fin_budget.FringeRate(r.code, r.rate, r.source)
            for r in project.fringe_rates.all()}


@dataclass
class LineFigures:
    line: BudgetLine
    amount: Decimal | None
    fringe: Decimal | None
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        if self.amount is None or self.fringe is None:
            return None
        return self.amount + self.fringe


def line_figures(line: BudgetLine, rates: dict[str, fin_budget.FringeRate]) -> LineFigures:
    found = []
    try:
        amount = chart.line_amount(line.quantity, line.rate, line.currency, line.exchange_rate,
                                   line.exchange_rate_date)
    except InputError as error:
        amount = None
        found.append(problems.message(error))
    fringe = ZERO
    if line.fringe_code:
        if amount is None:
            fringe = None
        else:
            try:
                fringe = fin_budget.fringes(amount, line.fringe_code, rates)
            except InputError:
                fringe = None
                found.append(_("no employer-charge rate for “%(code)s”")
                             % {"code": line.fringe_code})
    return LineFigures(line, amount, fringe, found)


@dataclass
class BudgetFigures:
    version: BudgetVersion
    lines: list[LineFigures]
    amount: Figure
    fringes: Figure
    total: Figure
    missing_codes: list[str]


def budget_figures(version: BudgetVersion) -> BudgetFigures:
    rates = fringe_rates(version.project)
    rows = [line_figures(line, rates)
            for line in version.lines.select_related("account", "planned_supplier").order_by(
                "account__code", "pk")]

    def key(row):
        return f"{row.line.account.code} {row.line.description}"
    missing = sorted({row.line.fringe_code for row in rows
                      if row.line.fringe_code and row.line.fringe_code not in rates})
    amount = _figure([(key(r), r.amount) for r in rows])
    fringes = _figure([(key(r), r.fringe) for r in rows])
    return BudgetFigures(version, rows, amount, fringes, _add(amount, fringes), missing)


@dataclass
class ChapterRow:
    code: str
    label: str
    amount: Figure
    fringes: Figure
    total: Figure


def top_sheet(version: BudgetVersion) -> tuple[list[ChapterRow], BudgetFigures]:
    """Totals per chapter (top-level account), employer charges, grand total, in euros."""
    figures = budget_figures(version)
    labels = {a.code: a.label for a in version.project.accounts.filter(parent__isnull=True)}
    grouped: dict[str, list[LineFigures]] = defaultdict(list)
    for row in figures.lines:
        grouped[chart.chapter_of(row.line.account.code)].append(row)
    chapters = []
    for code in sorted(set(labels) | set(grouped)):
        rows = grouped.get(code, [])
        ids = [(f"{r.line.account.code} {r.line.description}", r) for r in rows]
        amount = _figure([(k, r.amount) for k, r in ids])
        fringes = _figure([(k, r.fringe) for k, r in ids])
        chapters.append(ChapterRow(code, labels.get(code, ""), amount, fringes,
                                   _add(amount, fringes)))
    return chapters, figures


# -- cost report --------------------------------------------------------------------------------

NO_ACCOUNT = "—"


def _per_account(version: BudgetVersion | None) -> dict[int, Decimal | None]:
    if version is None:
        return {}
    totals: dict[int, Decimal | None] = {}
    for row in budget_figures(version).lines:
        account = row.line.account_id
        if row.total is None or totals.get(account, ZERO) is None:
            totals[account] = None
        else:
            totals[account] = totals.get(account, ZERO) + row.total
    return totals


@dataclass
class CostReportView:
    report: fin_budget.CostReport
    accounts: dict[str, Account | None]
    baseline: BudgetVersion | None
    current: BudgetVersion | None


def open_orders(project: Project) -> list[tuple[PurchaseOrder, Decimal]]:
    """Each purchase order with what is not invoiced yet: its amount less the expenses booked on
    it, never below zero."""
    invoiced = dict(Expense.objects.filter(purchase_order__project=project).values_list(
        "purchase_order").annotate(total=Sum("amount_excl_vat")))
    return [(order, max(order.amount - invoiced.get(order.pk, ZERO), ZERO))
            for order in PurchaseOrder.objects.filter(project=project).select_related(
                "supplier")]


def committed_by_account(project: Project) -> dict[int, Decimal]:
    """Purchase orders not yet invoiced (`open_orders`), per account."""
    committed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for order, open_amount in open_orders(project):
        committed[order.account_id] += open_amount
    return committed


def cost_report(project: Project) -> CostReportView:
    """Per account: baseline, current, committed, actual, paid, estimate to complete, estimated
    final cost, variance (montage.finance.budget.cost_report). Estimate to complete = the larger
    of (current − actual) and what is committed, never below zero; unknown when current is."""
    baseline, current = baseline_version(project), current_version(project)
    base, cur = _per_account(baseline), _per_account(current)
    committed = committed_by_account(project)
    actual: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    paid: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    accounts = {a.pk: a for a in project.accounts.all()}
    for account_id, amount, paid_on in Expense.objects.filter(project=project).values_list(
            "account_id", "amount_excl_vat", "paid_on"):
        account_id = account_id if account_id in accounts else None
        actual[account_id] += amount
        if paid_on is not None:
            paid[account_id] += amount
    used = set(base) | set(cur) | set(committed) | {k for k in actual if k is not None}
    lines, by_code = [], {}
    for account_id in sorted(used, key=lambda pk: accounts[pk].code):
        account = accounts[account_id]
        current_amount = cur.get(account_id, ZERO)
        etc = (None if current_amount is None else
               max(current_amount - actual[account_id], committed.get(account_id, ZERO), ZERO))
        lines.append(fin_budget.CostLine(
            account.code, account.label, base.get(account_id, ZERO), current_amount,
            committed.get(account_id, ZERO), actual[account_id], paid[account_id], etc))
        by_code[account.code] = account
    if None in actual:  # expenses of the project booked on no account: shown, never dropped
        lines.append(fin_budget.CostLine(NO_ACCOUNT, "", ZERO, ZERO, ZERO, actual[None],
                                         paid[None], ZERO))
        by_code[NO_ACCOUNT] = None
    return CostReportView(fin_budget.cost_report(lines, label=str(project)), by_code,
                          baseline, current)


# -- budget import (.csv / .xlsx) ---------------------------------------------------------------

IMPORT_COLUMNS = ("account", "description", "quantity", "unit", "rate", "currency",
                  "exchange_rate", "exchange_rate_date", "fringe_code", "planned_supplier",
                  "place_of_spend")
REQUIRED_COLUMNS = ("account", "description", "quantity", "rate")
# The headers producers write, in French and Dutch as in English (compared without case or
# accents), like the ledger's import (montage.finance.ledger_rows.HEADER_WORDS).
HEADER_ALIASES = {
    "account": ("compte", "code compte", "n compte", "poste", "rekening", "post"),
    "description": ("libelle", "intitule", "omschrijving"),
    "quantity": ("quantite", "qte", "nombre", "hoeveelheid", "aantal"),
    "unit": ("unite", "eenheid"),
    "rate": ("prix unitaire", "tarif", "prix", "eenheidsprijs", "prijs", "tarief"),
    "currency": ("devise", "monnaie", "munt", "valuta"),
    "exchange_rate": ("taux de change", "cours", "wisselkoers"),
    "exchange_rate_date": ("date du taux de change", "date du cours", "datum wisselkoers"),
    "fringe_code": ("code charges", "code charges sociales", "code lasten"),
    "planned_supplier": ("fournisseur prevu", "fournisseur", "geplande leverancier",
                         "leverancier"),
    "place_of_spend": ("lieu de depense", "lieu", "plaats van uitgave", "plaats"),
}


def spend_place(postal_code: str, country: str) -> tuple[str, str]:
    """A budget line's place of spend as stored (the form's and the import's one check): the
    postal code and the country, empty for Belgium; a Belgian code must be one Statbel knows
    (montage.territory.locate, never a guess); refused naming the field and what is expected."""
    code, country = (postal_code or "").strip(), (country or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise Refused(errors={"spend_country": _("a country code of two letters, e.g. FR")})
    country = "" if country == "BE" else country
    if code and not country:
        from montage.territory import locate

        try:
            locate(code)
        except InputError:
            raise Refused(errors={"spend_postal_code": _("a Belgian postal code Statbel "
                                                         "knows, e.g. 4000")}) from None
    return code, country


def _import_place(text: str) -> tuple[str, str]:
    """The import's `place_of_spend`: "4000" (Belgium), "BE 4000", or a country code and its
    postal code, "FR 75001" (a place without its postal code locates nothing)."""
    import re

    match = re.fullmatch(r"(?:([A-Za-z]{2})[\s-]*)?([0-9A-Za-z][0-9A-Za-z -]{0,9})",
                         text.strip())
    if not match or not any(c.isdigit() for c in match.group(2)):
        raise Refused(errors={"place_of_spend": ""})
    return spend_place(match.group(2).strip(), match.group(1) or "")


def _planned_suppliers() -> dict:
    """The shared registry's companies by their enterprise and VAT numbers, compacted
    ("BE0403170701", "0403.170.701" and "0403170701" are one company)."""
    from montage.web.registry.models import Company

    found = {}
    for company in Company.objects.only("pk", "name", "vat_number", "enterprise_number"):
        for number in (company.vat_number, company.enterprise_number):
            key = _company_key(number)
            if key:
                found.setdefault(key, company)
    return found


def _company_key(number: str) -> str:
    compact = "".join(c for c in (number or "") if c.isalnum()).upper()
    if compact.isdigit():
        compact = "BE" + compact.zfill(10)
    return compact


def _column_of(header: str) -> str:
    """The import column a header names: "Libellé" and "Omschrijving" are `description`."""
    import unicodedata

    text = " ".join(unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
                    .casefold().replace("_", " ").split())
    for column in IMPORT_COLUMNS:
        if text in (column.replace("_", " "), *HEADER_ALIASES[column]):
            return column
    return header.strip().lower()


def _rows(file_name: str, content: bytes) -> list[list]:
    lower = file_name.lower()
    if lower.endswith(".csv"):
        import csv
        import io
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(_("expected a text file encoded in UTF-8"), file=file_name) from None
        sample = text[:2000]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if lower.endswith(".xlsx"):
        import io
        import zipfile

        from openpyxl import load_workbook
        uploads.check_workbook(file_name, content)
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            raise InputError(_("expected an .xlsx workbook"), file=file_name) from None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    raise InputError(_("expected a .csv or .xlsx file"), file=file_name)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(str(value))
    return str(value).strip()


def _number(value) -> Decimal:
    from montage.money import is_ambiguous, parse_belgian_number
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    try:
        return parse_belgian_number(_text(value))
    except InputError as error:
        if is_ambiguous(error):  # the caller shows both readings
            raise
        raise ValueError(_text(value)) from None


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def parse_budget_file(project: Project, file_name: str, content: bytes) -> list[BudgetLine]:
    """Budget lines from a .csv or .xlsx file (header row with the IMPORT_COLUMNS names), all or
    nothing: every error names the file, the row, the column and what was expected."""
    rows = [row for row in _rows(file_name, content)]
    while rows and not any(_text(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError(_("the file is empty; expected a header row (%(columns)s)") % {
            "columns": ", ".join(IMPORT_COLUMNS)}, file=file_name)
    header = [_column_of(_text(c)) if _text(c) else "" for c in rows[0]]
    errors = []
    unknown = [h for h in header if h and h not in IMPORT_COLUMNS]
    if unknown:
        errors.append(Problem(ngettext(
            "unknown column %(unknown)s; expected only %(columns)s",
            "unknown columns %(unknown)s; expected only %(columns)s", len(unknown)) % {
            "unknown": ", ".join(unknown), "columns": ", ".join(IMPORT_COLUMNS)},
            file=file_name, row=1))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        errors.append(Problem(ngettext("missing column %(missing)s",
                                       "missing columns %(missing)s", len(missing)) % {
            "missing": ", ".join(missing)}, file=file_name, row=1))
    if errors:
        raise InputError.of(errors)
    accounts = {a.code: a for a in project.accounts.all()}
    suppliers = _planned_suppliers() if "planned_supplier" in header else {}
    lines = []
    for number, raw in enumerate(rows[1:], 2):
        cells = {name: (raw[i] if i < len(raw) else None) for i, name in enumerate(header)
                 if name}
        if not any(_text(v) for v in cells.values()):
            continue

        def fail(column, expected):
            errors.append(Problem(file=file_name, row=number, column=column, expected=expected,
                                  got=_text(cells.get(column))))
        account = accounts.get(_text(cells.get("account")))
        if account is None:
            fail("account", _("the code of an account of this project's chart"))
        description = _text(cells.get("description"))
        if not description:
            fail("description", _("a description"))
        values = {}
        for column in ("quantity", "rate"):
            try:
                values[column] = _number(cells.get(column))
                if values[column] < 0:
                    raise ValueError
            except InputError as error:
                errors.append(Problem(problems.message(error), file=file_name, row=number,
                                      column=column))
            except (ValueError, ArithmeticError):
                fail(column, _("a number ≥ 0 (e.g. 1 234,50)"))
        currency = (_text(cells.get("currency")) or "EUR").upper()
        if len(currency) != 3 or not currency.isalpha():
            fail("currency", _("a three-letter currency code (EUR, USD…)"))
        exchange_rate = exchange_date = None
        if _text(cells.get("exchange_rate")):
            try:
                exchange_rate = _number(cells.get("exchange_rate"))
                if exchange_rate <= 0:
                    raise ValueError
            except InputError as error:
                errors.append(Problem(problems.message(error), file=file_name, row=number,
                                      column="exchange_rate"))
            except (ValueError, ArithmeticError):
                fail("exchange_rate", _("a number > 0 (euros per unit of the currency)"))
        elif currency != "EUR":
            fail("exchange_rate", _("the exchange rate of %(currency)s (euros per unit)") % {
                "currency": currency})
        if _text(cells.get("exchange_rate_date")):
            try:
                exchange_date = _date(cells.get("exchange_rate_date"))
            except ValueError:
                fail("exchange_rate_date", _("a date dd/mm/yyyy"))
        elif currency != "EUR":
            fail("exchange_rate_date", _("the date of the %(currency)s exchange rate") % {
                "currency": currency})
        if currency == "EUR" and exchange_rate is not None and exchange_rate != 1:
            fail("exchange_rate", _("no rate (or 1) for a line in EUR"))
        planned = None
        if _text(cells.get("planned_supplier")):
            planned = suppliers.get(_company_key(_text(cells.get("planned_supplier"))))
            if planned is None:
                fail("planned_supplier", _("the enterprise or VAT number of a company of the "
                                           "shared registry (e.g. 0403.170.701)"))
        place = ("", "")
        if _text(cells.get("place_of_spend")):
            try:
                place = _import_place(_text(cells.get("place_of_spend")))
            except Refused:
                fail("place_of_spend", _("a Belgian postal code Statbel knows (4000) or a "
                                         "country code and its postal code (FR 75001)"))
        if account is not None and description and len(values) == 2:
            lines.append(BudgetLine(
                account=account, description=description[:300],
                quantity=values["quantity"], unit=_text(cells.get("unit"))[:30],
                rate=values["rate"], currency=currency,
                exchange_rate=exchange_rate if currency != "EUR" else None,
                exchange_rate_date=exchange_date if currency != "EUR" else None,
                fringe_code=_text(cells.get("fringe_code"))[:30], planned_supplier=planned,
                spend_postal_code=place[0], spend_country=place[1]))
    for line in lines:  # model limits (digits), named like the rest
        if line.quantity.as_tuple().exponent < -3 or line.rate.as_tuple().exponent < -2:
            errors.append(Problem(_("a line of account %(account)s has more decimals than "
                                    "allowed (quantity 3, rate 2)") % {
                "account": line.account.code}, file=file_name))
    if not lines and not errors:
        errors.append(Problem(_("no budget line below the header row"), file=file_name))
    if errors:
        raise InputError.of(errors)
    return lines


def import_budget(project: Project, file_name: str, content: bytes, *, read=None,
                  written=None) -> BudgetVersion:
    """The file's lines as a new version, all or nothing. The file is read and checked before
    the write transaction (which holds SQLite's write lock); `read()` is called then, and
    `written(version)` inside the transaction (the job of the queue marks itself done there)."""
    lines = parse_budget_file(project, file_name, content)
    if read is not None:
        read()
    with transaction.atomic():
        version = new_version(project, label=f"Import {file_name}"[:200], lines=lines)
        if written is not None:
            written(version)
    return version


# -- financing plan ---------------------------------------------------------------------------

COUNTED_STATUSES = ("requested", "granted", "contracted", "received")
SECURED_STATUSES = ("granted", "contracted", "received")


def source_country(source: FinancingSource) -> str:
    """The coproduction country a source's share bounds apply to: its financier company's
    country; a Montage organisation (CCA, Wallimage, a broadcaster…) is Belgian."""
    if source.financier_company_id:
        return source.financier_company.country or "BE"
    return "BE"


@dataclass
class SourceRow:
    source: FinancingSource
    country: str
    share_issues: list[tuple[str, Decimal]]
    received: Decimal
    tranches: list = field(default_factory=list)
    linked: bool = False


@dataclass
class FinancingPlan:
    rows: list[SourceRow]
    cash: Decimal
    in_kind: Decimal
    total: Decimal
    secured: Decimal
    received: Decimal
    budget: Figure | None
    gap: Figure | None
    shares: dict[str, Decimal]
    shares_total: Decimal


def financing_plan(project: Project) -> FinancingPlan:
    shares = {s.country: s.share for s in project.shares.all()}
    rows, cash, in_kind, secured, received = [], ZERO, ZERO, ZERO, ZERO
    for source in project.sources.select_related("financier", "financier_company").prefetch_related(
            "tranches"):
        country = source_country(source)
        issues = chart.share_bound_issues(shares.get(country), source.min_share,
                                          source.max_share)
        schedule = fund_link.tranches_of(source)
        got = sum((t.amount for t in schedule if t.received_on), ZERO)
        if source.status == "received" and not schedule:
            got = source.amount
        rows.append(SourceRow(source, country, issues, got, schedule,
                              fund_link.is_linked(source)))
        if source.status not in COUNTED_STATUSES:
            continue
        if source.in_kind:
            in_kind += source.amount
        else:
            cash += source.amount
            received += got
        if source.status in SECURED_STATUSES:
            secured += source.amount
    total = cash + in_kind
    version = current_version(project)
    budget = budget_figures(version).total if version else None
    gap = Figure(budget.value - total, budget.complete, budget.unknown) if budget else None
    return FinancingPlan(rows, cash, in_kind, total, secured, received, budget, gap, shares,
                         chart.shares_total(list(shares.values())))


@transaction.atomic
def generate_wallimage_tranches(source: FinancingSource) -> list[FinancingTranche]:
    """The tranches of a Wallimage source, from the `wallimage.tranche_schedule` parameter in
    force on the signature date, computed by montage.finance's Wallimage rule (amount of each
    tranche and the Walloon spend to prove before it). Refused when a tranche was received."""
    _own_schedule(source)
    if source.rule != FinancingSource.Rule.WALLIMAGE:
        raise Refused(_("only a source with the Wallimage rule has a tranche schedule"))
    if source.contracted_on is None:
        raise Refused(_("the signature date (contracted on) is needed: the schedule in force "
                        "on that day applies"))
    if source.tranches.filter(received_on__isnull=False).exists():
        raise Refused(_("a tranche has been received: the schedule can no longer be "
                        "generated again"))
    terms = WallimageTerms(investment=source.amount, signature_date=source.contracted_on,
                           committed_ratio=source.committed_ratio,
                           spend_deadline=source.spend_deadline, label=source.label)
    try:
        status = WallimageCoproduction(default_parameters()).assess(terms, [])
    except (InputError, ParameterError) as error:
        raise Refused(problems.message(error)) from error
    source.tranches.all().delete()
    tranches = []
    for item in status.details["tranches"]:
        spend = item["spend_to_prove"]
        tranches.append(FinancingTranche.objects.create(
            source=source, number=item["tranche"], amount=item["amount"],
            spend_to_prove=spend if spend else None,
            due_on=source.contracted_on if not spend else None))
    return tranches


def _own_schedule(source: FinancingSource) -> None:
    """A source linked to a fund application has the commitment's schedule, no second one."""
    if fund_link.is_linked(source):
        raise Refused(_("This source is the fund's commitment: its tranches are the fund's "
                        "schedule, released by the fund."))


def tranche_schedule_parameter(on: dt.date):
    return default_parameters().get("wallimage.tranche_schedule", on)


# == Writes: the production desk's one writer ==================================================
# Every record of a project (the project and its work, coproduction shares, credits, accounts,
# employer-charge rates, budget lines, purchase orders, financing sources and tranches) is
# written here, whatever the channel; the pages check who may act and validate the form, then
# ask. The procedure's refusals (a locked version, an account in use, a work's second project)
# are here, as `Refused`, so every channel refuses alike.

def _refused(message) -> Exception:
    return Refused(message)


def create_project(owner, work, work_fields: dict, project_fields: dict) -> Project:
    """A project of `owner` on `work` (a new work from `work_fields` when None), set up with the
    default chart of accounts and an empty baseline budget."""

    from montage.web.registry.models import Work

    with transaction.atomic():
        if work is None:
            work = Work.objects.create(producer=owner.company, **work_fields)
        if Project.objects.filter(owner=owner, work=work).exists():
            raise _refused(_("This work already has a project of this producer."))
        project = Project.objects.create(owner=owner, work=work, **project_fields)
        set_up_project(project)
    return project


def save_project(project: Project, work_fields: dict, project_fields: dict) -> Project:
    with transaction.atomic():
        for name, value in work_fields.items():
            setattr(project.work, name, value)
        project.work.save()
        for name, value in project_fields.items():
            setattr(project, name, value)
        project.save()
    return project


def save_shares(project: Project, formset) -> None:
    """A valid coproduction-shares formset: deleted rows go, changed rows are saved."""
    with transaction.atomic():
        for form in formset.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed():
                continue
            if form.cleaned_data.get("share_percent") is None:
                continue
            share = form.save(commit=False)
            share.project = project
            share.save()


def add_credit(project: Project, role: str, person=None, first_name: str = "",
               last_name: str = "") -> bool:
    """Credit `person` (a new person from the names when None) on the project's work; False when
    the credit existed already."""
    from montage.web.registry.models import Credit, Person

    person = person or Person.objects.create(first_name=first_name, last_name=last_name)
    return Credit.objects.get_or_create(work=project.work, person=person, role=role)[1]


def remove_credit(credit) -> None:
    credit.delete()


def add_account(project: Project, account: Account) -> Account:
    account.project = project
    account.save()
    return account


def save_account(account: Account) -> Account:
    account.save()
    return account


def delete_account(project: Project, account: Account) -> None:
    """An account (and its sub-accounts) that no budget line, expense or order uses, cancelled
    ones included (they stay, with their account)."""

    accounts = [account, *account.children.all()]
    if (BudgetLine.all_objects.filter(account__in=accounts).exists()
            or Expense.all_objects.filter(account__in=accounts).exists()
            or project.orders.filter(account__in=accounts).exists()):
        raise _refused(_("Account %(code)s has budget lines, expenses or purchase orders: it "
                         "cannot be deleted.") % {"code": account.code})
    account.delete()


def save_fringe_rate(rate_form):
    """A valid FringeRateForm (it computes the rate from the percentage), saved."""
    return rate_form.save()


def _open_version(version: BudgetVersion) -> None:

    if version is None or version.locked:
        raise _refused(_("This version is locked: create a new version."))


def add_budget_line(project: Project, line: BudgetLine) -> BudgetLine:
    """A line of the project's current version, refused when that version is locked."""
    version = current_version(project)
    _open_version(version)
    line.version = version
    line.save()
    return line


def _in_force(record) -> None:
    if record.pk is not None and type(record).all_objects.filter(
            pk=record.pk, cancelled_at__isnull=False).exists():
        raise _refused(_("A cancelled record is not corrected."))


def save_budget_line(line: BudgetLine) -> BudgetLine:
    """A correction of a line of the open version (a locked version stays as it was)."""
    _open_version(line.version)
    _in_force(line)
    line.save()
    return line


def is_draft_line(line: BudgetLine) -> bool:
    """A line of a draft budget: the first version, open, while no later version exists (the
    baseline is not fixed yet). Only such a line is deleted; any other is cancelled."""
    version = line.version
    return (version.number == 1 and not version.locked
            and not version.project.budgets.exclude(pk=version.pk).exists())


def delete_budget_line(line: BudgetLine) -> None:
    _open_version(line.version)
    if not is_draft_line(line):
        raise _refused(_("Only a line of a draft budget (the first version, before any other) "
                         "is deleted: cancel this one (“Cancel”), it stays in the history."))
    line.delete()


def cancel_budget_line(line: BudgetLine, user, reason: str) -> BudgetLine:
    """A line of the open version leaves the budget's totals (top sheet, cost report, the
    financing plan's gap) and stays listed with who, when and why; a locked version's lines
    stay as they were."""
    _open_version(line.version)
    with transaction.atomic():
        mark_cancelled(line, user, reason, "budget line cancelled")
    return line


def add_order(project: Project, order):
    order.project = project
    order.save()
    return order


def received_on_source(source: FinancingSource) -> Decimal:
    """What its tranches brought in so far."""
    if source.pk is None:
        return ZERO
    return source.tranches.filter(received_on__isnull=False).aggregate(
        total=Sum("amount"))["total"] or ZERO


def save_source(source_form) -> FinancingSource:
    """A valid FinancingSourceForm, saved (a new source or a correction); the ledger's dashboard
    refreshed after the commit. A correction never brings the amount below what its tranches
    brought in; a cancelled source is not corrected."""
    from montage.web.ledger import dashboard

    source = source_form.instance
    _in_force(source)
    _fund_fields_kept(source)
    _investment_fields_kept(source)
    received = received_on_source(source)
    if source.amount is not None and source.amount < received:
        raise Refused(errors={"amount": _(
            "Below what its tranches brought in already (%(received)s).") % {
                "received": format_money(received, _lang())}})
    source = source_form.save()
    dashboard.refresh_after_commit(source.project_id)
    return source


def _fund_fields_kept(source: FinancingSource) -> None:
    """On a source linked to a fund application, the fund's facts (fund_link.FOLLOWED) are not
    the producer's to type: refused, naming the fields."""
    if source.pk is None:
        return
    stored = FinancingSource.all_objects.filter(pk=source.pk).values(
        "application_id", "commitment_id", *fund_link.FOLLOWED).first()
    if not (stored["application_id"] or stored["commitment_id"]):
        return
    if source.application_id != stored["application_id"]:
        raise Refused(errors={"application": _("The link to the fund application stays.")})
    changed = [name for name in fund_link.FOLLOWED if getattr(source, name) != stored[name]]
    if changed:
        raise Refused(errors={name.removesuffix("_id"): _(
            "This figure is the fund's record (its application, decision and commitment): it "
            "changes there, not here.") for name in changed})


def _investment_fields_kept(source: FinancingSource) -> None:
    """On a source confirmed as a broadcaster's investment, the investment's facts
    (investment_link.FOLLOWED) are the editor's record: refused, naming the fields."""
    from montage.web.production import investment_link
    from montage.web.production.models import InvestmentLink

    if source.pk is None or not InvestmentLink.objects.filter(
            source_id=source.pk, confirmed_at__isnull=False).exists():
        return
    stored = FinancingSource.all_objects.filter(pk=source.pk).values(
        "investment_id", *investment_link.FOLLOWED).first()
    changed = [name for name in (*investment_link.FOLLOWED, "investment_id")
               if getattr(source, name) != stored[name]]
    if changed:
        raise Refused(errors={name.removesuffix("_id"): _(
            "This figure is the broadcaster's investment: it changes there, not here.")
            for name in changed})


def _lang() -> str:
    from django.utils.translation import get_language

    return "en" if get_language() == "en" else "fr"


def _money_received(source: FinancingSource) -> bool:
    return (source.status == FinancingSource.Status.RECEIVED
            or source.tranches.filter(received_on__isnull=False).exists())


def is_draft_source(source: FinancingSource) -> bool:
    """A draft source: only requested, nothing received on it. Only such a source is deleted;
    any other is cancelled."""
    return source.status == FinancingSource.Status.REQUESTED and not _money_received(source)


def delete_source(source: FinancingSource) -> None:
    from montage.web.ledger import dashboard

    if not is_draft_source(source):
        raise _refused(_("Only a draft source (requested, nothing received) is deleted: cancel "
                         "this one (“Cancel”), it stays in the history."))
    project_id = source.project_id
    with transaction.atomic():
        source.delete()
    dashboard.refresh_after_commit(project_id)


def cancel_source(source: FinancingSource, user, reason: str) -> FinancingSource:
    """A source leaves the financing plan's totals and gap and every obligation it imposed;
    refused once money was received on it (correct its amount or status instead)."""
    from montage.web.ledger import dashboard

    if source.cancelled_at is None and _money_received(source):
        raise _refused(_("Money was received on this source: it is not cancelled. Correct its "
                         "amount or its status instead."))
    with transaction.atomic():
        mark_cancelled(source, user, reason, "financing source cancelled")
    dashboard.refresh_after_commit(source.project_id)
    return source


def add_tranche(source: FinancingSource, tranche: FinancingTranche) -> FinancingTranche:
    _own_schedule(source)
    tranche.source = source
    tranche.save()
    return tranche


def receive_tranche(tranche: FinancingTranche, received_on: dt.date) -> FinancingTranche:
    _own_schedule(tranche.source)
    tranche.received_on = received_on
    tranche.save()
    return tranche
