"""A statement as .xlsx (openpyxl, cells as data) and as PDF (reportlab): the beneficiary's own
allocations of the period, never another financier's."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from montage.money import format_money, format_rate
from montage.web import xlsx
from montage.web.recoupment import services


def _rows(statement, lang: str):
    _, lines = services.statement_lines(statement)
    for a in lines:
        rate = (Decimal(a.rate.numerator) / Decimal(a.rate.denominator)).quantize(
            Decimal("0.000001"))
        yield (a.corridor, a.amount_eur, rate,
               services.rules.cents_to_eur(a.recouped_after),
               services.rules.cents_to_eur(a.ceiling) if a.ceiling is not None else None,
               a.cap_reached)


def _head(statement) -> list[tuple[str, str]]:
    return [(_("Work"), statement.project.work.title),
            (_("Producer"), statement.project.owner.name),
            (_("Beneficiary"), statement.source.label),
            (_("Period"), f"{statement.period_start:%d/%m/%Y} – {statement.period_end:%d/%m/%Y}")]


def statement_xlsx(statement, lang: str) -> bytes:
    from openpyxl import Workbook

    with translation.override(lang):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Statement")[:31]
        for label, value in _head(statement):
            xlsx.append(sheet, [label, value])
        xlsx.append(sheet, [])
        xlsx.append(sheet, [_("Corridor"), _("Amount (EUR)"), _("Share"),
                            _("Recouped to date (EUR)"), _("Cap with premium (EUR)"),
                            _("Cap reached")])
        for corridor, amount, rate, recouped, ceiling, reached in _rows(statement, lang):
            xlsx.append(sheet, [corridor, amount, rate, recouped,
                                ceiling, _("yes") if reached else _("no")])
        xlsx.append(sheet, [_("Amount due (EUR)"), statement.amount])
        return xlsx.to_bytes(book)


def statement_pdf(statement, lang: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from montage.web.fund.exports import _fonts

    regular, bold = _fonts()
    with translation.override(lang):
        styles = getSampleStyleSheet()
        styles["Normal"].fontName, styles["Title"].fontName = regular, bold

        def text(value: str) -> str:
            return value if regular != "Helvetica" else value.replace("\u202f", " ")

        story = [Paragraph(text(_("Recoupment statement")), styles["Title"])]
        story += [Paragraph(text(f"{label} : {value}"), styles["Normal"])
                  for label, value in _head(statement)]
        story.append(Spacer(1, 12))
        data = [[_("Corridor"), _("Amount"), _("Share"), _("Recouped to date"),
                 _("Cap with premium")]]
        for corridor, amount, rate, recouped, ceiling, reached in _rows(statement, lang):
            data.append([corridor, text(format_money(amount, lang)),
                         text(format_rate(rate, lang)), text(format_money(recouped, lang)),
                         text(format_money(ceiling, lang)) if ceiling is not None else "—"])
        data.append([_("Amount due"), text(format_money(statement.amount, lang)), "", "", ""])
        table = Table(data)
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), regular),
                        ("FONTNAME", (0, 0), (-1, 0), bold)])
        story.append(table)
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4, title=_("Recoupment statement")).build(story)
        return buffer.getvalue()
