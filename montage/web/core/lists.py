"""One mechanism for the lists that grow (docs/web.md, "Lists and exports"): a search box, filters,
a pager, and the same filtered set as an .xlsx workbook.

A view hands `listing` the queryset its permissions already scoped (`permissions.works_for`, …):
the search and the filters only narrow that set, so they never reveal another organisation's
records. The page and its export read the same `Listing.rows`, so the workbook holds exactly the
filtered lines the page pages through, with the page's columns (`Column`), in real number and
date cells (`export`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from montage.web import xlsx

PER_PAGE = 50
MONEY_FORMAT = "#,##0.00"  # Excel shows it with the reader's locale: 1 234,56 in fr-BE
DATE_FORMAT = "DD/MM/YYYY"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Filter:
    """A select above the list: `?name=value` keeps the rows where `lookup` equals the value;
    a value not among the choices is ignored (the whole list, never an error page)."""
    name: str
    label: Any
    choices: Sequence[tuple[str, Any]] | Callable[[], Sequence[tuple[str, Any]]]
    lookup: str

    def options(self) -> list[tuple[str, Any]]:
        choices = self.choices() if callable(self.choices) else self.choices
        return [(str(value), label) for value, label in choices]


@dataclass(frozen=True)
class Column:
    """A column of the page and of its workbook. `kind`: "text", "money", "date" or "int"."""
    label: Any
    value: Callable[[Any], Any]
    kind: str = "text"


@dataclass
class Listing:
    rows: QuerySet           # the scoped, searched and filtered set (what the export writes)
    page: Any                # the current page of it
    query: str               # the search text
    filters: list[dict] = field(default_factory=list)  # name, label, options, selected
    querystring: str = ""    # the search and filters, without the page (for links)
    filtered: bool = False   # a search or a filter is applied


def listing(request, rows: QuerySet, *, search: Sequence[str], filters: Sequence[Filter] = (),
            per_page: int = PER_PAGE, count: int | None = None,
            match: Callable[[str], Q] | None = None) -> Listing:
    """The list the request asks for: `?q=` looks for the text in each of `search` (icontains,
    any word order is not guessed: the text as typed), each filter narrows, `?page=` pages.
    `count`: the filtered set's size when the caller already knows it (no second COUNT);
    `match`: the condition a search text makes, when a list looks beyond `search` (the
    suppliers' enterprise numbers)."""
    query = (request.GET.get("q") or "").strip()[:200]
    if query and (search or match):
        condition = match(query) if match else Q()
        for name in search:
            condition |= Q(**{f"{name}__icontains": query})
        rows = rows.filter(condition)
    shown, kept = [], {}
    for item in filters:
        options = item.options()
        selected = request.GET.get(item.name, "")
        if selected and selected in {value for value, _ in options}:
            rows = rows.filter(**{item.lookup: selected})
            kept[item.name] = selected
        else:
            selected = ""
        shown.append({"name": item.name, "label": item.label, "options": options,
                      "selected": selected})
    if not rows.ordered:  # a stable order, or the pages would overlap
        rows = rows.order_by("pk")
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    if query:
        params["q"] = query
    params.update(kept)
    return Listing(rows=rows, page=page, query=query, filters=shown,
                   querystring=params.urlencode(), filtered=bool(query or kept))


def cell_value(value: Any, kind: str) -> Any:
    """What a cell holds: money as an exact Decimal (a number cell), a date as a date, text as
    text; None stays empty."""
    if value is None or value == "":
        return None
    if kind == "money":
        return Decimal(value)
    if kind == "int":
        return int(value)
    if kind == "date":
        return value
    return str(value)


def workbook(rows: Iterable, columns: Sequence[Column], *, title: str,
             pairs: Sequence[tuple[Any, Any]] = ()) -> bytes:
    """The rows as a workbook: a title, the context (`pairs`: search, filters), a header and one
    row per record. Written in openpyxl's write-only mode (one row at a time, for the ledger's
    100 000 lines); every text cell goes through `xlsx.as_text`, so none becomes a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(title)[:31].replace("/", "-") or "Liste")
    sheet.column_dimensions["A"].width = 40
    bold = Font(bold=True)

    def cell(value, kind="text", font=None):
        made = WriteOnlyCell(sheet, value=cell_value(value, kind))
        xlsx.as_text(made)
        if kind == "money":
            made.number_format = MONEY_FORMAT
        elif kind == "date" and isinstance(value, dt.datetime):
            made.number_format = "DD/MM/YYYY HH:MM"
        elif kind == "date":
            made.number_format = DATE_FORMAT
        if font is not None:
            made.font = font
        return made

    sheet.append([cell(str(title), font=Font(bold=True, size=14))])
    for label, value in pairs:
        sheet.append([cell(str(label), font=bold), cell(value)])
    sheet.append([])
    sheet.append([cell(str(capfirst(str(column.label))), font=bold) for column in columns])
    for row in rows:
        sheet.append([cell(column.value(row), column.kind) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(listing_: Listing, columns: Sequence[Column], *, title: str, filename: str,
           rows: Iterable | None = None) -> HttpResponse:
    """The filtered set of a list (`listing_.rows`, every page) as an .xlsx download."""
    from django.utils.translation import gettext as _

    pairs = []
    if listing_.query:
        pairs.append((_("Search"), listing_.query))
    for item in listing_.filters:
        if item["selected"]:
            label = dict(item["options"]).get(item["selected"], item["selected"])
            pairs.append((capfirst(str(item["label"])), str(label)))
    return download(workbook(listing_.rows.iterator(chunk_size=2000) if rows is None else rows,
                             columns, title=title, pairs=pairs), filename)


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


SEARCH_RESULTS = 20


def choices_json(request, rows: QuerySet, *, search: Sequence[str], label=str) -> "JsonResponse":
    """The answer of a search-as-you-type field (static/montage/choose.js): the first records
    of `rows` (already scoped to what the user may see) whose `search` fields hold `?q=`."""
    from django.http import JsonResponse

    query = (request.GET.get("q") or "").strip()[:200]
    if len(query) < 2:
        return JsonResponse({"results": []})
    condition = Q()
    for name in search:
        condition |= Q(**{f"{name}__icontains": query})
    return JsonResponse({"results": [{"id": row.pk, "label": label(row)}
                                     for row in rows.filter(condition)[:SEARCH_RESULTS]]})


def searchable(field, url: str, label) -> None:
    """Mark a form's <select> for search-as-you-type (choose.js) against `url`."""
    field.widget.attrs.update({"data-search-url": url, "data-search-label": str(label)})


class LongSelect(forms.Select):
    """A <select> of many options (a large ledger's 1 600 suppliers): the options written in
    one pass, where Django's Select renders a template per option (≈ 0.2 ms each, most of the
    ledger list's time). The same field, the same choices and the same HTML elements."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in (value if isinstance(value, (list, tuple)) else [value])
                  if item is not None}
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (str(option), " selected" if str(option) in chosen else "", label)
            for option, label in self.choices))
        return format_html("<select{}>{}</select>",
                           flatatt({"name": name, **self.build_attrs(self.attrs, attrs)}),
                           options)
