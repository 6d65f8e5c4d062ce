"""The committee report of a year (step 2 §10) as a PDF.

« Lors des Comités d'accompagnement, le Centre du Cinéma et de l'Audiovisuel ne communique pas
les informations jugées confidentielles par l'éditeur. » The content is the committee page's
builder, `investments_services.committee_report(editor, year, lang)`: non-confidential
investments only, the rules' verdicts without their detail (which could quote a confidential
amount), the year's aggregate figures from the engine and what smoothing leaves open
(`investments_services.smoothing_open`, as on the smoothing page), both withheld, and said to be
withheld, when the year holds a confidential investment (they would disclose it). No turnover
line and no engine explanation (it names every investment) appear.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from montage.money import format_money
from montage.web.core.pdf import column_widths
from montage.web.investments import services as investments_services
from montage.web.contribution.models import ObligationYear
from montage.web.annexes.labels import check_label


def file_name(obligation: ObligationYear) -> str:
    return f"rapport-comite-{obligation.editor.organisation.pk}-{obligation.year}.pdf"


def committee_data(obligation: ObligationYear, user, lang: str) -> dict:
    """Plain data for the committee PDF; nothing confidential: the committee page's own report
    (investments_services.committee_report, figures and smoothing included), with the labels and
    the PDF's header."""
    data = investments_services.committee_report(obligation.editor, obligation.year, lang)
    data.update(generated_on=timezone.localtime(), generated_by=user.get_username(),
                form_label=obligation.get_form_display(),
                status_label=obligation.get_status_display(), error=None)
    for verdict in data["verdicts"]:
        verdict["label"] = check_label(verdict["name"])
    if data["figures"] is None and not data["withheld_figures"]:
        data["error"] = _("no result for this year")
    return data


# -- PDF ------------------------------------------------------------------------------------

def _pdf_text(text) -> str:
    """Helvetica (WinAnsi) has no narrow no-break space: babel's French grouping uses one."""
    return str(text).replace("\u202f", "\u00a0").replace("&", "&amp;").replace("<", "&lt;")


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def render_pdf(data: dict, lang: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    title = _("Committee report %(year)s — %(editor)s") % {"year": data["year"],
                                                          "editor": data["editor"]}
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm, title=_pdf_text(title),
                            author="Montage")

    def p(text, style=styles["BodyText"]):
        return Paragraph(_pdf_text(text), style)

    def money(value):
        return _pdf_text(format_money(value, lang)) if value is not None else "—"

    def table(rows, widths=None, header=True):
        if widths is None:  # sized on the words: none split across lines (core/pdf.py)
            texts = [[_pdf_text(c) for c in r] for r in rows]
            points = column_widths(texts[0], texts[1:], (small.fontName, small.fontName),
                                   small.fontSize, 174 * mm)
        else:
            points = [w * mm for w in widths]
        t = Table([[p(c, small) if isinstance(c, str) else c for c in r] for r in rows],
                  colWidths=points, repeatRows=1 if header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")))
        t.setStyle(TableStyle(style))
        return t

    story = [p(title, styles["Title"]),
             p(_("Accompanying committee (vade-mecum step 2 §10). Generated on %(on)s by "
                 "%(by)s.") % {"on": data["generated_on"].strftime("%d/%m/%Y %H:%M"),
                               "by": data["generated_by"]}),
             p(_("Confidential information is withheld: no turnover line, no confidential "
                 "investment (%(n)s withheld).") % {"n": data["withheld"]}, small),
             Spacer(1, 4 * mm), p(_("Figures of the year"), styles["Heading2"])]
    rows = [[_("Form of contribution"), data["form_label"]], [_("Status"), data["status_label"]]]
    if data["obligation"] is not None:
        rows.append([_("Obligation"), money(data["obligation"])])
    if data["figures"]:
        f = data["figures"]
        rows += [[_("Countable after floors, caps and weights"), money(f["countable"])],
                 [_("Shortfall open after smoothing"), money(f["shortfall_open"])],
                 [_("Surplus open after smoothing"), money(f["surplus_open"])],
                 [_("Payment due to the CCA"), money(f["payment_due"])]]
    story.append(table(rows, [80, 94], header=False))
    if data["error"]:
        story.append(p(_("The engine gave no result: %(error)s") % {"error": data["error"]}))
    if data["withheld_figures"]:
        story.append(p(_("The year's aggregate figures are withheld: they include confidential "
                         "investments.")))
    story += [Spacer(1, 4 * mm), p(_("Floors and caps"), styles["Heading2"])]
    if data["verdicts"]:
        rows = [[_("Rule"), _("Verdict")]]
        for verdict in data["verdicts"]:
            rows.append([verdict["label"],
                         _("respected") if verdict["ok"] else _("not respected")])
        story.append(table(rows, [130, 44]))
        story.append(p(_("Details are not given here: they may quote confidential amounts."),
                       small))
    else:
        story.append(p(_("No check.")))
    story += [Spacer(1, 4 * mm), p(_("Smoothing over three years"), styles["Heading2"])]
    if data["withheld_figures"]:
        # what is open follows from the confidential investments too: withheld, and said so
        story.append(p(_("What smoothing leaves open is withheld: it includes confidential "
                         "investments.")))
    elif data["figures"]:
        lines = [_("Shortfall of %(year)s still open: %(amount)s") % {
            "year": o["origin"], "amount": money(o["amount"])} for o in data["shortfalls_open"]]
        lines += [_("Surplus of %(year)s still open: %(amount)s") % {
            "year": o["origin"], "amount": money(o["amount"])} for o in data["surpluses_open"]]
        story += [p(line) for line in lines] or [p(_("Nothing open."))]
    story += [Spacer(1, 4 * mm), p(_("Investments"), styles["Heading2"])]
    rows = [[_("Work or programme"), _("Category"), _("Producer"), _("Document"), _("Amount"),
             _("Status")]]
    for i in data["investments"]:
        rows.append([i["work"] + (" (FWB)" if i["fwb_initiative"] else ""),
                     str(capfirst(i["category_label"])), i["producer"],
                     f"{i['document_label']} {_date(i['document_date'])}",
                     money(i["amount"]), i["status_label"]])
    rows.append([_("Total of the investments shown (not cancelled)"), "", "", "",
                 money(data["total_listed"]), ""])
    story.append(table(rows))
    if data["meeting"]:
        story += [Spacer(1, 4 * mm), p(_("Committee meeting"), styles["Heading2"]),
                  p(_("Held on %(on)s.") % {"on": _date(data["meeting"]["held_on"])}),
                  p(data["meeting"]["opinion"] or "—")]
    doc.build(story)
    return buffer.getvalue()
