"""Downloads of the annual report: an .xlsx workbook (openpyxl) and a PDF with charts (reportlab).

Workbook: a "Contents" sheet, one sheet per table (numbers are numeric cells holding Decimal
values rounded as displayed: amounts to the cent with a "# ##0,00 €" format, percentages as
fractions with a "0,00 %" format, counts as integers), and a "Reconciliation" sheet with every
difference. PDF: the headline figures, bar and pie charts, every table and the differences.
"""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from montage.fund.annual_report import AnnualReport, tr
from montage.fund.reconcile import Reconciliation
from montage.web import xlsx
from montage.web.core.pdf import column_widths
from montage.web.fund.presentation import (comparison_view, display, ordered,
                                           reconciliation_text, rounded, table_heading,
                                           table_ref)

AMOUNT_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.00%"
TEXTS = {
    "fr": {"contents": "Sommaire", "table": "Tableau", "title": "Titre", "sheet": "Feuille",
           "row": "Ligne", "reconciliation": "Rapprochement", "ref": "Référence",
           "label": "Libellé", "printed": "Imprimé", "published": "Publié",
           "computed": "Calculé", "difference": "Différence", "note": "Note",
           "figure": "Chiffre calculé", "heading": "Rapport annuel Wallimage 2024 — tableaux "
           "recalculés depuis les lignes", "differences": "Différences entre le rapport et les "
           "lignes", "not_ours": "Tableau absent du rapport (analyse)",
           "chart_lines": "Investissement et dépenses wallonnes par ligne (€)",
           "chart_origin": "Investissement par origine (département)",
           "chart_gaming": "Gaming : engagé et dépenses par phase (€)",
           "investment": "Investissement", "spend": "Dépenses wallonnes"},
    "en": {"contents": "Contents", "table": "Table", "title": "Title", "sheet": "Sheet",
           "row": "Row", "reconciliation": "Reconciliation", "ref": "Reference",
           "label": "Label", "printed": "Printed", "published": "Published",
           "computed": "Computed", "difference": "Difference", "note": "Note",
           "figure": "Computed figure", "heading": "Wallimage annual report 2024 — tables "
           "recomputed from the line items", "differences": "Differences between the report "
           "and the line items", "not_ours": "Not a table of the report (analysis)",
           "chart_lines": "Investment and Walloon spend per line (€)",
           "chart_origin": "Investment per origin (department)",
           "chart_gaming": "Gaming: committed and spend per phase (€)",
           "investment": "Investment", "spend": "Walloon spend"},
}



def _chart_euros(amount) -> int:
    """A chart's bar or slice in whole euros (half-up): exact integers, never floats."""
    return int(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

def _sheet_name(table_id: str) -> str:
    return table_id.replace("|", "-")[:31]


def workbook(report: AnnualReport, result: Reconciliation, lang: str) -> bytes:
    text = TEXTS[lang]
    book = Workbook()
    contents = book.active
    contents.title = text["contents"]
    xlsx.append(contents, [text["heading"]])
    contents["A1"].font = Font(bold=True)
    xlsx.append(contents, [text["table"], text["title"], text["sheet"]])
    for table in ordered(report):
        sheet = book.create_sheet(_sheet_name(table.id))
        xlsx.append(contents, [table_ref(table) or table.id, tr(table.title, lang)
                               + ("" if table.published else f" ({text['not_ours']})"),
                               sheet.title])
        xlsx.append(sheet, [table_heading(table, lang)])
        sheet["A1"].font = Font(bold=True)
        xlsx.append(sheet, [text["row"]] + [tr(c.label, lang) for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = [tr(row.label, lang)]
            for column in table.columns:
                value = rounded(row.values.get(column.key), column.kind)
                if column.kind == "percent" and value is not None:
                    value = (Decimal(row.values[column.key]) / 100).quantize(Decimal("0.000001"))
                elif column.kind == "split":
                    value = display(value, "split", lang)
                values.append(value)
            xlsx.append(sheet, values)
            for column, cell in zip(table.columns, sheet[sheet.max_row][1:]):
                if column.kind == "amount":
                    cell.number_format = AMOUNT_FORMAT
                elif column.kind == "percent":
                    cell.number_format = PERCENT_FORMAT
                elif column.kind == "multiplier":
                    cell.number_format = "0.00"
            if row.kind in ("total", "subtotal"):
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        if table.note:
            xlsx.append(sheet, [])
            xlsx.append(sheet, [tr(table.note, lang)])
        sheet.column_dimensions["A"].width = 48
        for index in range(2, len(table.columns) + 2):
            sheet.column_dimensions[get_column_letter(index)].width = 18
    contents.column_dimensions["B"].width = 70
    sheet = book.create_sheet(text["reconciliation"][:31])
    if result.comparisons:
        xlsx.append(sheet, [reconciliation_text(result, lang)])
    xlsx.append(sheet, [text["ref"], text["label"], text["printed"], text["published"],
                        text["computed"], text["difference"], text["figure"], text["note"]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for comparison in result.findings:
        view = comparison_view(comparison, lang, report)
        xlsx.append(sheet, [view["ref"], view["label"], comparison.item.printed,
                            comparison.published, comparison.computed, comparison.difference,
                            view["figure"], view["note"]])
    sheet.column_dimensions["B"].width = 60
    return xlsx.to_bytes(book)


# --- PDF ---------------------------------------------------------------------------------------

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
WIDTH = 26.5 * 72 / 2.54  # the tables' width: landscape A4 less the margins, in points


def _fonts() -> tuple[str, str]:
    """DejaVu Sans when installed (it has the narrow no-break space babel writes); Helvetica
    otherwise, with those spaces replaced."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def pdf(report: AnnualReport, result: Reconciliation, lang: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                    Table as PdfTable, TableStyle)
    from xml.sax.saxutils import escape

    regular, bold = _fonts()

    def clean(value: str) -> str:
        return value if regular == "DejaVuSans" else value.replace("\u202f", " ").replace(
            "\u00a0", " ")

    text = TEXTS[lang]
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith("Heading") or style.name == "Title" \
            else regular
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    small_bold = small.clone("small_bold", fontName=bold)
    story = [Paragraph(escape(text["heading"]), styles["Title"])]

    from montage.web.fund.presentation import headline
    labels = {"fr": HEADLINE_FR, "en": HEADLINE_EN}[lang]
    story.append(PdfTable([[Paragraph(escape(labels[key]), small),
                            Paragraph(escape(clean(display(value, kind, lang))), small_bold)]
                           for key, value, kind in headline(report)],
                          colWidths=[12 * cm, 6 * cm], hAlign="LEFT"))
    story.append(Spacer(1, 0.5 * cm))

    story.extend(charts(report, lang))

    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d8dde4")),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3"))])
    for table in ordered(report):
        story.append(PageBreak() if table.id in ("1.2.3", "7.1", "4.2.2", "6.1") else
                     Spacer(1, 0.4 * cm))
        story.append(Paragraph(escape(table_heading(table, lang)
                                      + ("" if table.published else f" ({text['not_ours']})")),
                               styles["Heading3"]))
        titles = [text["row"]] + [tr(c.label, lang) for c in table.columns]
        cells = [[tr(row.label, lang)] + [clean(display(row.values.get(c.key), c.kind, lang))
                                          for c in table.columns] for row in table.rows]
        body = [[Paragraph(escape(title), small_bold) for title in titles]]
        for row, texts in zip(table.rows, cells):
            style = small_bold if row.kind in ("total", "subtotal") else small
            body.append([Paragraph(escape(value), style) for value in texts])
        # no word split across lines: columns sized on their longest word (bold for totals)
        widths = column_widths(titles, cells, (bold, bold), small.fontSize, WIDTH)
        pdf_table = PdfTable(body, colWidths=widths, repeatRows=1, hAlign="LEFT")
        pdf_table.setStyle(grid)
        story.append(pdf_table)
        if table.note:
            story.append(Paragraph(escape(tr(table.note, lang)), small))

    story.append(PageBreak())
    story.append(Paragraph(escape(text["differences"]), styles["Heading2"]))
    if result.comparisons:
        story.append(Paragraph(escape(reconciliation_text(result, lang)), small))
    keys = ("ref", "label", "printed", "computed", "difference", "note")
    titles = [text[key] for key in keys]
    cells = [[clean(view[key]) for key in keys]
             for view in (comparison_view(c, lang, report) for c in result.findings)]
    body = [[Paragraph(escape(title), small_bold) for title in titles]]
    body += [[Paragraph(escape(value), small) for value in texts] for texts in cells]
    differences = PdfTable(body, colWidths=column_widths(titles, cells, (regular, bold),
                                                         small.fontSize, WIDTH),
                           repeatRows=1, hAlign="LEFT")
    differences.setStyle(grid)
    story.append(differences)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=1.5 * cm,
                                 rightMargin=1.5 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
                                 title=text["heading"], author="Montage")
    document.build(story)
    return buffer.getvalue()


HEADLINE_FR = {
    "live_projects": "Prises de vues réelles : projets", "live_investment":
    "Prises de vues réelles : investi", "live_spend": "Prises de vues réelles : dépenses "
    "wallonnes", "live_ratio": "Prises de vues réelles : ratio", "department_projects":
    "Département : projets", "department_investment": "Département : investi",
    "department_spend": "Département : dépenses wallonnes", "department_ratio":
    "Département : ratio", "enterprise_yield": "Entreprises : rendement net sur montants sortis",
}
HEADLINE_EN = {
    "live_projects": "Live action: projects", "live_investment": "Live action: invested",
    "live_spend": "Live action: Walloon spend", "live_ratio": "Live action: ratio",
    "department_projects": "Department: projects", "department_investment":
    "Department: invested", "department_spend": "Department: Walloon spend",
    "department_ratio": "Department: ratio", "enterprise_yield":
    "Enterprise fund: net yield on exited amounts",
}


def charts(report: AnnualReport, lang: str) -> list:
    """The PDF's charts (reportlab Drawings): investment and spend per line, gaming per phase,
    the department's investment per origin. Charts take floats: drawing only, the figures
    themselves stay Decimal."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.units import cm

    regular, bold = _fonts()
    text = TEXTS[lang]

    def clean(value: str) -> str:
        return value if regular == "DejaVuSans" else value.replace("\u202f", " ").replace(
            "\u00a0", " ")
    story: list = []

    def bar_chart(title: str, names: list[str], series: list[list[float]]) -> Drawing:
        drawing = Drawing(24 * cm, 7 * cm)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 60, 30, 560, 150
        # charts take floats: drawing only, the figures themselves stay Decimal
        chart.data = series
        chart.categoryAxis.categoryNames = names
        chart.categoryAxis.labels.fontName = regular
        chart.valueAxis.labels.fontName = regular
        chart.valueAxis.valueMin = 0
        chart.valueAxis.labelTextFormat = lambda v: clean(display(Decimal(int(v)), "count", lang))
        chart.bars[0].fillColor = colors.HexColor("#1f5fa8")
        if len(series) > 1:
            chart.bars[1].fillColor = colors.HexColor("#9a5b00")
        drawing.add(chart)
        drawing.add(String(60, 190, title, fontName=bold, fontSize=10))
        drawing.add(String(400, 190, f"■ {text['investment']}", fontName=regular, fontSize=8,
                           fillColor=colors.HexColor("#1f5fa8")))
        drawing.add(String(500, 190, f"■ {text['spend']}", fontName=regular, fontSize=8,
                           fillColor=colors.HexColor("#9a5b00")))
        return drawing

    lines = report.table("7.1-lines")
    data_rows = [row for row in lines.rows if row.kind != "total"]
    story.append(bar_chart(text["chart_lines"], [tr(r.label, lang) for r in data_rows],
                           [[_chart_euros(r.values["investment"]) for r in data_rows],
                            [_chart_euros(r.values["spend"]) for r in data_rows]]))
    gaming = report.table("4.2.6")
    phases = [row for row in gaming.rows if row.kind == "subtotal"]
    story.append(bar_chart(text["chart_gaming"], [tr(r.label, lang) for r in phases],
                           [[_chart_euros(r.values["investment"]) for r in phases],
                            [_chart_euros(r.values["spend"]) for r in phases]]))
    origin = report.table("7.1.3")
    pie_rows = [row for row in origin.rows if row.kind != "total"]
    drawing = Drawing(24 * cm, 6.5 * cm)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 260, 10, 140, 140
    pie.data = [_chart_euros(r.values["investment"]) for r in pie_rows]
    pie.labels = [clean(f"{tr(r.label, lang)} {display(r.values['share_investment'], 'percent', lang)}")
                  for r in pie_rows]
    pie.sideLabels = True
    pie.slices.fontName = regular
    for index, colour in enumerate(("#1f5fa8", "#9a5b00", "#5b6573")):
        pie.slices[index].fillColor = colors.HexColor(colour)
    if any(pie.data):  # a fund with no investment yet has no origin to draw
        drawing.add(pie)
        drawing.add(String(60, 170, text["chart_origin"], fontName=bold, fontSize=10))
        story.append(drawing)

    return story


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def receipts_table_xlsx(table, year: int, lang: str) -> bytes:
    """The §6.2 table of a year (montage.fund.recoupments) as a workbook: the headline, the rows
    by type of project, the total, the explanation, then every work's receipts; cells are data."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from montage.fund.recoupments import TYPE_LABELS

    labels = TYPE_LABELS["fr" if lang == "fr" else "en"]
    with translation.override(lang):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Coproduction receipts")[:31]
        xlsx.append(sheet, [_("Coproduction receipts of %(year)s") % {"year": year}])
        xlsx.append(sheet, [_("Receipts of the year (EUR)"), table.total])
        xlsx.append(sheet, [_("Works"), table.works])
        xlsx.append(sheet, [_("Production companies"), table.companies])
        xlsx.append(sheet, [_("Threshold of a large project (EUR)"), table.threshold.value,
                            table.threshold.source])
        xlsx.append(sheet, [])
        xlsx.append(sheet, [_("Receipts of the projects above the threshold (EUR)"),
                            _("Projects concerned"), _("Type of project"),
                            _("Share of all receipts"), _("Share of the projects above the "
                                                          "threshold")])
        for row in table.rows:
            xlsx.append(sheet, [row.receipts, row.projects, labels[row.project_type],
                                row.share_of_total, row.share_of_large])
        xlsx.append(sheet, [table.large_receipts, table.large_projects, _("Totals"),
                            table.large_share, table.whole])
        xlsx.append(sheet, [])
        for line in table.explanation(lang):
            xlsx.append(sheet, [line])
        works = book.create_sheet(_("Receipts per work")[:31])
        xlsx.append(works, [_("Work"), _("Production company"), _("Type of project"),
                            _("Receipts (EUR)")])
        for work, company, kind, amount in table.per_work:
            xlsx.append(works, [work, company, labels[kind], amount])
        return xlsx.to_bytes(book)
