"""The footprint report a producer hands in, as .xlsx (openpyxl) and .pdf (reportlab): totals,
per post, per phase, measured against spend-based, the actions and their estimated reduction,
and every contribution with its factor and source. Cells are data, never formulas
(montage.web.xlsx)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from montage.finance import carbon
from montage.money import format_money, format_number, format_rate
from montage.web import xlsx
from montage.web.carbon.models import PHASES, POSTS
from montage.web.carbon.services import ProjectFootprint

THREE = "#,##0.000"


def _names():
    return dict(POSTS), dict(PHASES)


def _basis_name(basis: str) -> str:
    return _("Forecast") if basis == "forecast" else pgettext("footprint", "Actual")


def workbook(project, footprints: list[ProjectFootprint], actions, plan) -> bytes:
    posts, phases = _names()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    xlsx.append(sheet, [_("Carbon footprint of %(title)s") % {"title": project.work.title}])
    sheet["A1"].font = Font(bold=True, size=13)
    xlsx.append(sheet, [_("Producer"), str(project.owner)])
    xlsx.append(sheet, [_("Green manager"), plan.green_manager if plan else ""])
    xlsx.append(sheet, [_("Protocol or certification"),
                        f"{plan.get_scheme_display()} — {plan.get_status_display()}"
                        if plan and plan.scheme else ""])
    xlsx.append(sheet, [])
    xlsx.append(sheet, [_("Post")] + [f"{_basis_name(f.basis)} (t CO2e)" for f in footprints])
    for post in carbon.POSTS:
        xlsx.append(sheet, [str(posts[post])] + [carbon.tonnes(f.result.by_post[post])
                                                 for f in footprints])
    xlsx.append(sheet, [_("Total")] + [f.total_t for f in footprints])
    xlsx.append(sheet, [])
    xlsx.append(sheet, [_("Phase")] + [f"{_basis_name(f.basis)} (t CO2e)" for f in footprints])
    for phase in carbon.PHASES:
        xlsx.append(sheet, [str(phases[phase])] + [carbon.tonnes(f.result.by_phase[phase])
                                                   for f in footprints])
    xlsx.append(sheet, [])
    xlsx.append(sheet, [_("From measured activity (t CO2e)")]
                + [carbon.tonnes(f.result.measured_kg) for f in footprints])
    xlsx.append(sheet, [_("Estimated from spend (t CO2e)")]
                + [carbon.tonnes(f.result.spend_kg) for f in footprints])
    xlsx.append(sheet, [_("On factors entered by the user (t CO2e)")]
                + [carbon.tonnes(f.result.user_factor_kg) for f in footprints])
    xlsx.append(sheet, [_("Spend not counted (no factor), €")]
                + [f.uncounted_amount for f in footprints])
    for row in sheet.iter_rows(min_row=6):
        for cell in row[1:]:
            if isinstance(cell.value, Decimal):
                cell.number_format = THREE
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 20

    detail = book.create_sheet(_("Contributions")[:31])
    xlsx.append(detail, [_("Footprint"), _("Description"), _("Post"), _("Phase"), _("Quantity"),
                         _("Unit"), _("Factor (kg CO2e per unit)"), "kg CO2e", _("Basis"),
                         _("Factor source")])
    for f in footprints:
        for item in f.result.contributions:
            activity = item.activity
            xlsx.append(detail, [
                _basis_name(f.basis), activity.label, str(posts[activity.post]),
                str(phases[activity.phase]), activity.quantity, activity.unit, item.factor,
                item.kg, _("estimated from spend") if not item.measured else
                _("measured activity"),
                (_("entered by the user: %(source)s") % {"source": item.source})
                if item.user_entered else item.source])
    for width, letter in zip((12, 40, 22, 16, 14, 12, 16, 14, 22, 80), "ABCDEFGHIJ"):
        detail.column_dimensions[letter].width = width

    plan_sheet = book.create_sheet(_("Actions")[:31])
    xlsx.append(plan_sheet, [_("Action"), _("Post"), _("Estimated reduction (kg CO2e)"),
                             _("How it is estimated")])
    for action in actions:
        xlsx.append(plan_sheet, [action.label, str(posts[action.post]),
                                 action.estimated_reduction_kg, action.basis])
    return xlsx.to_bytes(book)


def pdf(project, footprints: list[ProjectFootprint], actions, plan, lang: str) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from montage.web.core.pdf import explanation_flowables
    from montage.web.fund.exports import _fonts

    regular, bold = _fonts()

    def clean(value) -> str:
        value = str(value)
        return value if regular == "DejaVuSans" else value.replace("\u202f", " ").replace(
            "\u00a0", " ")

    def t(kg) -> str:
        return clean(format_number(carbon.tonnes(kg), lang)) if kg is not None else "—"

    posts, phases = _names()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith("Heading") or style.name == "Title" \
            else regular
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                       ("FONTNAME", (0, 0), (-1, -1), regular),
                       ("FONTNAME", (0, 0), (-1, 0), bold), ("FONTSIZE", (0, 0), (-1, -1), 8),
                       ("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    title = _("Carbon footprint of %(title)s") % {"title": project.work.title}
    story = [Paragraph(escape(clean(title)), styles["Title"]),
             Paragraph(escape(clean(f"{_('Producer')} : {project.owner}")), styles["BodyText"])]
    if plan:
        story.append(Paragraph(escape(clean(
            f"{_('Green manager')} : {plan.green_manager or '—'} · "
            f"{_('Protocol or certification')} : "
            f"{plan.get_scheme_display() or '—'} ({plan.get_status_display()})")),
            styles["BodyText"]))
    heads = [_("Post")] + [f"{_basis_name(f.basis)} (t CO2e)" for f in footprints]
    body = [heads] + [[clean(posts[p])] + [t(f.result.by_post[p]) for f in footprints]
                      for p in carbon.POSTS]
    body.append([_("Total")] + [t(f.result.total_kg) for f in footprints])
    story += [Spacer(1, 0.3 * cm), Table(body, hAlign="LEFT"), Spacer(1, 0.3 * cm)]
    story[-2].setStyle(grid)
    body = [[_("Phase")] + heads[1:]] + [
        [clean(phases[p])] + [t(f.result.by_phase[p]) for f in footprints] for p in carbon.PHASES]
    for label, attribute in ((_("From measured activity"), "measured_kg"),
                             (_("Estimated from spend"), "spend_kg"),
                             (_("On factors entered by the user"), "user_factor_kg")):
        body.append([label] + [t(getattr(f.result, attribute)) for f in footprints])
    body.append([_("Share from measured activity")] + [
        clean(format_rate(f.result.measured_share, lang)) if f.result.measured_share is not None
        else "—" for f in footprints])
    table = Table(body, hAlign="LEFT")
    table.setStyle(grid)
    story += [table, Spacer(1, 0.3 * cm)]

    # per post, as bars (t CO2e), one series per footprint
    drawing = Drawing(16 * cm, 7 * cm)
    bars = HorizontalBarChart()
    bars.x, bars.y, bars.width, bars.height = 4.5 * cm, 0.5 * cm, 11 * cm, 6.2 * cm
    bars.data = [[float(carbon.tonnes(f.result.by_post[p])) for p in reversed(carbon.POSTS)]
                 for f in footprints]  # float for drawing only: the figures are in the tables
    bars.categoryAxis.categoryNames = [clean(posts[p]) for p in reversed(carbon.POSTS)]
    bars.categoryAxis.labels.fontName = regular
    bars.categoryAxis.labels.fontSize = 7
    bars.valueAxis.labels.fontName = regular
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    for index, colour in enumerate((colors.HexColor("#9aa5b1"), colors.HexColor("#1a7f37"))):
        if index < len(bars.data):
            bars.bars[index].fillColor = colour
    drawing.add(bars)
    story += [Paragraph(escape(_("Per post (t CO2e): grey forecast, green actual")),
                        styles["Heading3"]), drawing]

    if actions:
        story.append(Paragraph(escape(_("Actions and their estimated reduction")),
                               styles["Heading3"]))
        body = [[_("Action"), _("Post"), _("Estimated reduction (t CO2e)")]] + [
            [Paragraph(escape(clean(a.label)), small), clean(posts[a.post]),
             t(a.estimated_reduction_kg)] for a in actions]
        table = Table(body, hAlign="LEFT", colWidths=[9 * cm, 4 * cm, 4 * cm])
        table.setStyle(grid)
        story.append(table)
    for f in footprints:
        story.append(Paragraph(escape(clean(f"{_basis_name(f.basis)} — {_('explanation')}")),
                               styles["Heading3"]))
        story += explanation_flowables(f.result.explanation.readable(
            lang, f"{format_number(f.result.total_kg, lang)} kg CO2e"), small, bold, clean)
        for item in f.uncounted:
            story.append(Paragraph(escape(clean(_(
                "Not counted: %(amount)s of spend on %(post)s, %(phase)s (%(lines)s lines): no "
                "spend-based factor entered for this post.") % {
                    "amount": format_money(item.amount, lang), "post": posts[item.post],
                    "phase": phases[item.phase], "lines": item.lines})), small))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                      topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=clean(title),
                      author="Montage").build(story)
    return buffer.getvalue()
