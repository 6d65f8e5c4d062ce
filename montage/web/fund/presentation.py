"""The annual report's tables and the reconciliation, formatted for a page, a workbook or a PDF.

No rule here: the figures come from montage.fund.annual_report and montage.fund.reconcile; this
module only rounds for display (half-up, to the cent for amounts, to 0,01 for percentages) and
writes Belgian formats through montage.money (babel).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_decimal, parse_pattern

from montage.errors import InputError
from montage.fund.annual_report import (AnnualReport, Split, Table, build_annual_report,
                                        section_order, tr)
from montage.fund.reconcile import Reconciliation, reconcile
from montage.money import LOCALES, format_money, format_rate, to_cents

HUNDREDTH = Decimal("0.01")


# The fund whose annual report the published figures were typed from (PUBLISHED, the CSVs'
# published_ratio columns): another fund organisation has no published figures to reconcile.
PUBLISHED_FUND = "Wallimage"


def has_published_figures(organisation_id: int | None) -> bool:
    if organisation_id is None:  # the data files: Wallimage's own line items
        return True
    from montage.web.registry.models import Organisation

    return Organisation.objects.filter(pk=organisation_id, name=PUBLISHED_FUND).exists()


def report_and_reconciliation(organisation_id: int | None = None, year: int = 2024
                              ) -> tuple[AnnualReport, Reconciliation | None, str]:
    """The annual report computed from the fund's records (montage/web/fund/records.py), set
    against the published figures; without an organisation, from the data files.

    Returns (report, reconciliation, why): a fund without published figures, or records that
    lack a figure the published report prints, get no reconciliation (None) and `why` says so;
    the report itself is shown all the same."""
    from django.utils.translation import gettext as _

    if organisation_id is None:
        report = build_annual_report()
    else:
        from montage.web.fund import records

        report, _skipped = records.annual_report(organisation_id, year)
    if not has_published_figures(organisation_id):
        return report, None, _("This fund has no published figures to reconcile its records "
                               "with: the tables are shown without a reconciliation.")
    try:
        return report, reconcile(report), ""
    except InputError as error:
        return report, None, _("The published figures cannot be reconciled with these "
                               "records: %(reason)s") % {"reason": error.message}


def reconciliation_summary(result: Reconciliation) -> dict:
    """The reconciliation's counts, as every page says them: {checked: published figures
    compared, differ: of those, how many differ, records: records that disagree with each other,
    total: every finding (Reconciliation.findings)}."""
    return {"checked": len(result.comparisons), "differ": len(result.differences),
            "records": len(result.records), "total": len(result.findings)}


def reconciliation_text(result: Reconciliation, lang: str) -> str:
    """The reconciliation's counts in one sentence (reconciliation_summary), as the report page,
    the reconciliation page, the workbook and the PDF all print it."""
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    counts = reconciliation_summary(result)
    with translation.override(lang):
        return " ".join([
            ngettext("The reconciliation compares %(checked)s published figures with the records "
                     "and finds %(counter)s difference.",
                     "The reconciliation compares %(checked)s published figures with the records "
                     "and finds %(counter)s differences.", counts["total"])
            % {"checked": counts["checked"], "counter": counts["total"]},
            gettext("Published figures that differ from the records: %(differ)s; records that "
                    "disagree with each other: %(records)s.") % counts])


def ordered(report: AnnualReport) -> list[Table]:
    return sorted(report.tables, key=lambda table: section_order(table.id))


def rounded(value, kind: str):
    """The value a cell shows (and the workbook stores): Decimal rounded half-up."""
    if value is None or kind in ("text", "count"):
        return value
    if kind == "split":  # words, not a figure: shown as the reader's language writes it
        return value
    if kind == "amount":
        return to_cents(Decimal(value))
    return Decimal(value).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


TWO_DECIMALS = parse_pattern("#,##0.00")  # parsed once: the report shows some 2 000 cells


def display(value, kind: str, lang: str) -> str:
    if value is None:
        return "n/a" if kind in ("percent", "multiplier") else ""
    if kind == "text":
        return str(value)
    if kind == "split":  # "MIN : Allemagne 66,58 % ; Belgique 5,46 %"
        if not isinstance(value, Split):
            return str(value)
        shares = value.text or (" ; " if lang == "fr" else "; ").join(
            f"{country} {format_rate(share / 100, lang)}" for country, share in value.shares)
        return f"{value.position} : {shares}" if lang == "fr" else f"{value.position}: {shares}"
    if kind == "count":
        return format_decimal(value, locale=LOCALES[lang])
    if kind == "amount":
        return format_money(Decimal(value), lang)
    number = TWO_DECIMALS.apply(rounded(value, kind), Locale.parse(LOCALES[lang]))
    if kind == "percent":
        return number + ("\u00a0%" if lang == "fr" else "%")
    return number


def table_ref(table: Table) -> str:
    """How a table is named before its title: its section in the report ("§2.2.2.2"); a table
    of ours (not in the report, id "x.…") has no section."""
    return f"§{table.id}" if table.published else ""


def table_heading(table: Table, lang: str) -> str:
    """"§2.2.2.2 — Prises de vues réelles : types de projets"; a table of ours by its title."""
    ref = table_ref(table)
    return f"{ref} — {tr(table.title, lang)}" if ref else tr(table.title, lang)


def table_view(table: Table, lang: str) -> dict:
    return {
        "id": table.id, "ref": table_ref(table), "heading": table_heading(table, lang),
        "title": tr(table.title, lang), "published": table.published,
        "note": tr(table.note, lang) if table.note else "", "source": table.source,
        "columns": [{"label": tr(c.label, lang), "num": c.kind not in ("text", "split")} for c in table.columns],
        "rows": [{"key": row.key, "label": tr(row.label, lang), "kind": row.kind,
                  "sources": row.sources,
                  "cells": [{"text": display(row.values.get(c.key), c.kind, lang),
                             "num": c.kind not in ("text", "split")} for c in table.columns]}
                 for row in table.rows],
    }


def headline(report: AnnualReport) -> list[tuple[str, object, str]]:
    """The acceptance figures at the top of the report page: (label key, value, kind)."""
    figures = report.figures()
    return [
        ("live_projects", figures["2.2.2.1|total|projects"], "count"),
        ("live_investment", figures["2.2.2.1|total|investment"], "amount"),
        ("live_spend", figures["2.2.2.1|total|spend"], "amount"),
        ("live_ratio", figures["2.2.2.1|total|ratio"], "percent"),
        ("department_projects", figures["7.1|total|projects"], "count"),
        ("department_investment", figures["7.1|total|investment"], "amount"),
        ("department_spend", figures["7.1|total|spend"], "amount"),
        ("department_ratio", figures["7.1|total|ratio"], "percent"),
        ("enterprise_yield", figures["6.1|total|yield_on_exited"], "percent"),
    ]


def figure_label(report: AnnualReport | None, figure: str | None, lang: str) -> str:
    """"2.2.2.2|feature|share_projects" -> "Longs métrages de fiction — Importance relative
    (projets)"; empty when the figure is not a table cell."""
    if report is None or not figure:
        return ""
    table_id, row_key, column_key = figure.split("|")
    try:
        table = report.table(table_id)
        row = table.row(row_key)
    except KeyError:
        return ""
    column = next((c for c in table.columns if c.key == column_key), None)
    if column is None:
        return ""
    return f"{tr(row.label, lang)} — {tr(column.label, lang)}"


def figure_words(report: AnnualReport | None, figure: str | None, lang: str) -> str:
    """The computed figure a printed one is set against, in words: "§6.1 Entreprises : … —
    Capital — D = A − B − C Soldes / participations actives" (never its key)."""
    cell = figure_label(report, figure, lang)
    if not cell:
        return ""
    table = report.table(figure.split("|")[0])
    return f"{table_heading(table, lang)} — {cell}"


# The words after a section in a printed figure's reference ("2.2.2 headline", "2.2.2.1 row 5").
REF_WORDS = {"headline": ("headline", "chiffre clé"), "text": ("text", "texte"),
             "introduction": ("introduction", "introduction"), "row": ("row", "ligne")}


def ref_view(ref: str, lang: str) -> str:
    """"2.2.2 headline" -> "§2.2.2, chiffre clé"; "7.2 / 6.1" -> "§7.2 / §6.1"."""
    sections = []
    words = []
    for part in ref.split():
        if part[:1].isdigit() and not words:
            sections.append(f"§{part}")
        elif part == "/":
            continue
        else:
            words.append(tr(REF_WORDS[part], lang) if part in REF_WORDS else part)
    return " / ".join(sections) + (", " + " ".join(words) if words else "")


def printed_view(printed: str) -> str:
    """A figure as the report prints it, quoted: its dots and commas are the report's."""
    return f"«\u00a0{printed}\u00a0»"


def published_label(item, lang: str, report: AnnualReport | None) -> str:
    """A printed figure's label in the reader's language: the French typed with it, else (a
    cell of a printed table, "feature / share_projects") its row and column in words."""
    if lang == "fr" and item.label_fr:
        return item.label_fr
    if item.figure and (lang == "fr" or (" / " in item.label and not item.line)):
        return figure_label(report, item.figure, lang) or item.words("label", lang)
    return item.words("label", lang)


def published_view(item, lang: str, report: AnnualReport | None = None) -> dict:
    """A printed figure not compared (not checked, typography), for a page."""
    return {"ref": ref_view(item.ref, lang), "label": published_label(item, lang, report),
            "printed": printed_view(item.printed), "why": item.words("why", lang)}


def comparison_view(comparison, lang: str, report: AnnualReport | None = None) -> dict:
    kind = "amount" if "€" in comparison.item.printed else (
        "percent" if "%" in comparison.item.printed else "plain")

    def show(value):
        if value is None:
            return "NA"
        if kind == "amount":
            return format_money(value, lang)
        text = format_decimal(value, locale=LOCALES[lang],
                              format="#,##0." + "0" * max(0, -value.as_tuple().exponent)
                              if value.as_tuple().exponent < 0 else "#,##0")
        return text + ("\u00a0%" if kind == "percent" and lang == "fr" else
                       "%" if kind == "percent" else "")
    item = comparison.item
    return {"ref": ref_view(item.ref, lang), "label": published_label(item, lang, report),
            "printed": printed_view(item.printed),
            "figure": figure_words(report, item.figure, lang),
            "published": show(comparison.published), "computed": show(comparison.computed),
            "difference": "—" if comparison.difference is None else show(comparison.difference),
            "note": item.words("note", lang),
            "table": (item.figure or "").split("|")[0]}
