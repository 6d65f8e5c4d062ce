"""An explanation in a PDF, as the page shows it (templates/includes/explanation.html): the
result, the inputs, the steps as numbered sentences, a table of the parameters used (name in
words, value, validity, source) and the notes, then the parts it includes, indented.

`explanation_flowables` takes `Explanation.readable(lang)` and the report's body style, so every
PDF (carbon footprint, …) reads the same explanation the same way. `column_widths` sizes a
table's columns so that no word of its header or cells is split across lines."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.translation import pgettext


def explanation_flowables(readable: dict, style, bold: str, clean=str, indent: float = 0) -> list:
    """Reportlab flowables of one readable explanation; `clean` adapts a text to the font
    (narrow no-break spaces for Helvetica), `indent` (points) for an included part."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle

    def para(text: str, **changes):
        changes = {"leftIndent": indent, **changes}
        return Paragraph(escape(clean(text)), style.clone(f"{style.name}-x", **changes))

    head = readable["subject"] + (f" : {readable['result']}" if readable.get("result") else "")
    if readable.get("provisional"):
        head += f" — {pgettext('explanation', 'provisional')}"
    story = [para(head, fontName=bold)]
    if readable["inputs"]:
        story.append(para(pgettext("explanation", "Inputs"), fontName=bold, spaceBefore=3))
        for item in readable["inputs"]:
            story.append(para(f"{item['name']} : {item['value']}" if not item["items"]
                              else f"{item['name']} :"))
            story += [para(f"– {line}", leftIndent=indent + 10) for line in item["items"]]
    if readable["steps"]:
        story.append(para(pgettext("explanation", "Steps"), fontName=bold, spaceBefore=3))
        story.append(ListFlowable(
            [ListItem(para(step), value=n) for n, step in enumerate(readable["steps"], 1)],
            bulletType="1", bulletFontName=style.fontName, bulletFontSize=style.fontSize,
            leftIndent=indent + 14))
    if readable["parameters"]:
        story.append(para(pgettext("explanation", "Parameters used"), fontName=bold,
                          spaceBefore=3))
        cell = style.clone(f"{style.name}-cell", leftIndent=0)
        heads = [pgettext("explanation", "Parameter"), pgettext("explanation", "Value"),
                 pgettext("explanation", "In force"), pgettext("explanation", "Source")]
        rows = [[Paragraph(escape(clean(text)), cell.clone("h", fontName=bold))
                 for text in heads]]
        for p in readable["parameters"]:
            value = "\n".join(p["bands"]) if p["bands"] else p["value"]
            if p["entered"]:
                value += f" ({p['entered']})"
            rows.append([Paragraph(escape(clean(text)).replace("\n", "<br/>"), cell) for text in
                         (f"{p['description']} [{p['name']}]", value, p["period"],
                          p["source"])])
        table = Table(rows, colWidths=[5 * cm, 4 * cm, 3 * cm, 5.5 * cm], hAlign="LEFT",
                      repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    if readable["notes"]:
        story.append(para(pgettext("explanation", "Notes"), fontName=bold, spaceBefore=3))
        story += [para(f"• {note}") for note in readable["notes"]]
    for part in readable["details"]:
        story.append(Spacer(1, 0.2 * cm))
        story += explanation_flowables(part, style, bold, clean, indent + 12)
    return story


def column_widths(header: list[str], rows: list[list[str]], fonts: tuple[str, str], size: float,
                  total: float, padding: float = 12.5) -> list[float]:
    """Widths (points) of a table of `total` points whose words are never split ("Investisseme
    nt"): each column is at least as wide as its longest word, in the header (bold, `fonts[1]`)
    and in its cells (`fonts[0]`), plus the cells' padding; what is left is shared in proportion
    to how much wider each column's texts would like to be. Words are separated by spaces only:
    a figure's no-break spaces keep it whole. Points are floats, as reportlab measures them: a
    page's layout, never an amount."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, bold = fonts

    def widest(texts, font, whole=False):
        parts = texts if whole else [word for text in texts for word in text.split(" ")]
        return max((stringWidth(part, font, size) for part in parts), default=0)

    minimum, wanted = [], []
    for index, title in enumerate(header):
        cells = [row[index] for row in rows if index < len(row)]
        minimum.append(max(widest([title], bold), widest(cells, regular)) + padding)
        wanted.append(max(widest([title], bold, True), widest(cells, regular, True)) + padding)
    left = total - sum(minimum)
    if left <= 0:
        return minimum
    room = [max(0.0, want - least) for want, least in zip(wanted, minimum)]
    if not sum(room):
        return [least + left / len(minimum) for least in minimum]
    return [least + left * extra / sum(room) for least, extra in zip(minimum, room)]
