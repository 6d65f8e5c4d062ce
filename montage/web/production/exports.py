"""The budget, its top sheet and the cost report as .xlsx and .pdf (docs/web-production.md,
"Exports"): each table is built once (`Table`) from the figures the page shows
(services.budget_figures, services.top_sheet, services.cost_report), then written to a workbook
(real number cells, never a formula: montage.web.xlsx) or a PDF (reportlab, Belgian amounts).

A figure the page marks incomplete (a line without its employer-charge rate) is written as the
partial sum it shows, with « (incomplet) » beside it; a figure the page shows as unknown is the
text « inconnu », never a zero.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from montage.finance.budget import Figure
from montage.money import format_money, format_number
from montage.web import xlsx

MONEY_FORMAT = "#,##0.00"  # Excel shows it with the reader's locale: 1 234,56 in fr-BE
DATE_FORMAT = "DD/MM/YYYY"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]          # str, Decimal (an amount), Figure, or None (unknown)
    total: list[Any] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _version_pairs(project, version) -> list[tuple[str, str]]:
    label = _("Version %(number)s") % {"number": version.number}
    if version.label:
        label += f" — {version.label}"
    return [(_("Producer"), str(project.owner)), (_("Work"), project.work.title),
            (_("Budget"), label)]


def budget_table(project, figures) -> Table:
    """The budget page's lines (services.budget_figures)."""
    rows = []
    for row in figures.lines:
        line = row.line
        rows.append([line.account.code, line.description, line.quantity.normalize(), line.unit,
                     line.rate, line.currency, row.amount, line.fringe_code, row.fringe,
                     row.total])
    notes = []
    if figures.missing_codes:
        notes.append(_("No employer-charge rate for:") + " " + ", ".join(figures.missing_codes))
    return Table(_("Budget") + f" — {project.work.title}",
                 [_("Account"), _("Description"), _("Quantity"), _("Unit"), _("Rate"),
                  _("Currency"), _("Amount (EUR)"), _("Charges"), _("Employer charges"),
                  _("Total")], rows,
                 [_("Total"), "", "", "", "", "", figures.amount, "", figures.fringes,
                  figures.total], _version_pairs(project, figures.version), notes)


def top_sheet_table(project, chapters, figures) -> Table:
    """The top sheet page's chapters (services.top_sheet)."""
    return Table(_("Top sheet") + f" — {project.work.title}",
                 [_("Chapter"), "", _("Amount (EUR)"), _("Employer charges"), _("Total")],
                 [[c.code, c.label, c.amount, c.fringes, c.total] for c in chapters],
                 [_("Grand total"), "", figures.amount, figures.fringes, figures.total],
                 _version_pairs(project, figures.version))


COST_FIGURES = ("baseline", "current", "committed", "actual", "paid", "estimate_to_complete",
                "estimated_final_cost", "variance")


def cost_report_table(project, view) -> Table:
    """The cost report page's rows (services.cost_report)."""
    def shown(figure: Figure):
        return figure if figure.complete else None  # the page: « inconnu »

    rows = [[row.code, row.label if view.accounts.get(row.code) else
             _("expenses booked on no account")] + [shown(row.figures[name])
                                                    for name in COST_FIGURES]
            for row in view.report.rows]
    pairs = [(_("Producer"), str(project.owner)), (_("Work"), project.work.title)]
    if view.baseline is not None and view.current is not None:
        pairs.append((_("Baseline"), _("Version %(number)s") % {"number": view.baseline.number}))
        pairs.append((_("Current"), _("Version %(number)s") % {"number": view.current.number}))
    return Table(_("Cost report") + f" — {project.work.title}",
                 [_("Account"), "", _("Baseline"), _("Current"), _("Committed"), _("Actual"),
                  _("Paid"), _("Estimate to complete"), _("Estimated final cost"),
                  _("Variance")], rows,
                 [_("Total"), ""] + [view.report.totals[name] for name in COST_FIGURES], pairs)


def financing_tables(project, plan) -> list[Table]:
    """The financing plan page (services.financing_plan): its summary and its sources."""
    pairs = [(_("Producer"), str(project.owner)), (_("Work"), project.work.title)]
    summary = Table(_("Financing plan") + f" — {project.work.title}", ["", _("Amount (EUR)")], [
        [_("Budget (current version)"), plan.budget],
        [_("Cash sources"), plan.cash],
        [_("In kind (valued, not cashed)"), plan.in_kind],
        [_("Financing (refused sources excluded)"), plan.total],
        [_("of which secured (granted, contracted, received)"), plan.secured],
        [_("Cash received"), plan.received],
        [_("Gap (budget − financing)"), plan.gap]], pairs=pairs)
    sources = Table(_("Sources") + f" — {project.work.title}",
                    [_("Source"), _("Financier"), _("Type"), _("Amount (EUR)"), _("Status"),
                     _("requested"), _("granted"), _("contracted"), _("received")],
                    [[s.label, str(s.financier or s.financier_company or ""),
                      s.get_source_type_display(), s.amount, s.get_status_display(),
                      s.requested_on, s.granted_on, s.contracted_on, s.received_on]
                     for s in (row.source for row in plan.rows)], pairs=pairs)
    return [summary, sources]


FINANCING_AMOUNTS = [{1}, {3}]


def _amount(value) -> Decimal | None:
    return value.value if isinstance(value, Figure) else value


def _incomplete(value) -> bool:
    return isinstance(value, Figure) and not value.complete


def workbook(tables: list[Table], amount_columns: list[set[int]]) -> bytes:
    """One sheet per table; `amount_columns[i]`: the columns of table i holding amounts."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table, amounts in zip(tables, amount_columns):
        sheet = book.create_sheet(table.title.split(" — ")[0][:31])
        xlsx.put(sheet, 1, 1, table.title).font = Font(bold=True, size=13)
        row = 2
        for label, value in table.pairs:
            xlsx.put(sheet, row, 1, str(label)).font = Font(bold=True)
            xlsx.put(sheet, row, 2, value)
            row += 1
        for note in table.notes:
            xlsx.put(sheet, row, 1, note)
            row += 1
        row += 1
        for column, label in enumerate(table.header, 1):
            xlsx.put(sheet, row, column, str(label)).font = Font(bold=True)
        sheet.freeze_panes = sheet.cell(row + 1, 1)
        notes_column = len(table.header) + 1
        for values in table.rows + ([table.total] if table.total else []):
            row += 1
            incomplete = []
            for column, value in enumerate(values, 1):
                if column - 1 in amounts:
                    if value is None:
                        xlsx.put(sheet, row, column, _("unknown"))
                        continue
                    cell = xlsx.put(sheet, row, column, _amount(value))
                    cell.number_format = MONEY_FORMAT
                    if _incomplete(value):
                        incomplete.append(str(table.header[column - 1]))
                else:
                    cell = xlsx.put(sheet, row, column, value)
                    if isinstance(value, dt.date):
                        cell.number_format = DATE_FORMAT
            if incomplete:  # the page's « (incomplet) », beside the row
                xlsx.put(sheet, row, notes_column, _("incomplete") + ": " + ", ".join(incomplete))
            if values is table.total:
                for column in range(1, len(values) + 1):
                    sheet.cell(row, column).font = Font(bold=True)
        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["B"].width = 36
        for letter in "CDEFGHIJK":
            sheet.column_dimensions[letter].width = 16
    return xlsx.to_bytes(book)


def pdf(tables: list[Table], amount_columns: list[set[int]], lang: str) -> bytes:
    """The tables on A4 landscape pages, amounts in Belgian format (« 1 234,56 € »)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table as T
    from reportlab.platypus import TableStyle

    from montage.web.fund.exports import _fonts

    regular, bold = _fonts()

    def clean(value) -> str:
        value = str(value)
        return value if regular == "DejaVuSans" else value.replace("\u202f", " ").replace(
            "\u00a0", " ")

    def shown(value, is_amount: bool) -> str:
        if is_amount:
            if value is None:
                return clean(_("unknown"))
            text = format_money(_amount(value), lang)
            return clean(text + (f" ({_('incomplete')})" if _incomplete(value) else ""))
        if isinstance(value, Decimal):
            return clean(format_number(value, lang))
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return clean(value if value is not None else "")

    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith("Heading") or style.name == "Title" \
            else regular
    cell_style = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)
    story: list = []
    for index, (table, amounts) in enumerate(zip(tables, amount_columns)):
        if index:
            story.append(PageBreak())
        story.append(Paragraph(escape(clean(table.title)), styles["Title"]))
        for label, value in table.pairs:
            story.append(Paragraph(escape(clean(f"{label} : {value}")), styles["BodyText"]))
        for note in table.notes:
            story.append(Paragraph(escape(clean(note)), styles["BodyText"]))
        body = [[clean(h) for h in table.header]]
        for values in table.rows + ([table.total] if table.total else []):
            body.append([Paragraph(escape(shown(v, i in amounts)), cell_style)
                         if i == 1 else shown(v, i in amounts) for i, v in enumerate(values)])
        grid = T(body, hAlign="LEFT", repeatRows=1)
        style = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                 ("FONTNAME", (0, 0), (-1, -1), regular), ("FONTNAME", (0, 0), (-1, 0), bold),
                 ("FONTSIZE", (0, 0), (-1, -1), 7), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for column in amounts:
            style.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
        if table.total:
            style.append(("FONTNAME", (0, -1), (-1, -1), bold))
        grid.setStyle(TableStyle(style))
        story += [Spacer(1, 0.3 * cm), grid]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=1.2 * cm, rightMargin=1.2 * cm,
                      topMargin=1.2 * cm, bottomMargin=1.2 * cm,
                      title=clean(tables[0].title)).build(story)
    return buffer.getvalue()


BUDGET_AMOUNTS = {6, 8, 9}
TOP_SHEET_AMOUNTS = {2, 3, 4}
COST_AMOUNTS = set(range(2, 10))
