"""Compare the figures the annual report prints with what the line items compute.

The published figures are typed by hand, exactly as printed, in
`data/wallimage-published-2024.yaml` (wrong ones included). Rules (docs/web-fund.md):

- a printed figure is read in the Belgian way ("4.784.800,00 €", "62,68%"); a dot followed by
  one or two final digits is a decimal point ("145.687.10 €", "4.78%", "889 000.00 €": the
  report's own typography), any other dot groups thousands ("30.557.286€");
- the computed figure (kept unrounded) is rounded half-up to the digits printed, or to the step
  `precision` for a round figure in prose ("de l'ordre de 147.000€"), then compared; a
  difference is `published − computed (rounded)`; "NA" (or an undefined ratio) only matches an
  undefined figure;
- a printed figure that the line items do not determine (`figure: null`: nationality and gender
  of directors, agreements not carried out) is listed as not checked, with the reason;
- a printed figure written against the Belgian format is reported separately (typography), not
  as a difference;
- the per-project ratios printed in the report (CSV column `published_ratio`) are compared too,
  and the records are compared with each other where two of them give the same figure
  (§7.2 outstanding per sector against §6.1 column D).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from montage.errors import InputError
from montage.fund.annual_report import (COPRODUCTIONS, GAMING, PHASES, AnnualReport,
                                        build_annual_report, read_gaming)
from montage.fund.report import read_coproductions

PUBLISHED = Path(__file__).resolve().parent / "data" / "wallimage-published-2024.yaml"
BELGIAN = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$")


@dataclass(frozen=True)
class Published:
    ref: str              # the report's section ("2.2.2.2", "2.2.2.3.4 text")
    label: str
    printed: str          # exactly as printed
    figure: str | None    # "table|row|column" of the computed figure; None: not determined
    precision: Decimal | None = None
    note: str = ""
    why: str = ""         # why it cannot be checked (figure None)
    line: int = 0         # where it is typed in the data file
    # the same words in French (the data file's label_fr, note_fr, why_fr); "" when not typed
    label_fr: str = ""
    note_fr: str = ""
    why_fr: str = ""

    def words(self, name: str, lang: str) -> str:
        """The label, note or why in the reader's language ("label", "fr")."""
        english = getattr(self, name)
        return (getattr(self, f"{name}_fr") or english) if lang == "fr" else english


@dataclass(frozen=True)
class Comparison:
    item: Published
    published: Decimal | None   # None: "NA"
    computed: Decimal | None    # rounded to the printed digits; None: undefined
    exact: object               # the computed figure before rounding
    difference: Decimal | None  # published − computed; None when both are undefined

    @property
    def differs(self) -> bool:
        return self.published != self.computed

    def as_dict(self) -> dict:
        return {"ref": self.item.ref, "label": self.item.label, "printed": self.item.printed,
                "figure": self.item.figure, "published": _text(self.published),
                "computed": _text(self.computed), "difference": _text(self.difference),
                "note": self.item.note}


@dataclass(frozen=True)
class Reconciliation:
    comparisons: tuple[Comparison, ...]
    not_checked: tuple[Published, ...]
    typography: tuple[Published, ...]
    records: tuple[Comparison, ...]  # two data files that should agree and do not

    @property
    def differences(self) -> tuple[Comparison, ...]:
        """The published figures that differ from what the records compute."""
        return tuple(c for c in self.comparisons if c.differs)

    @property
    def findings(self) -> tuple[Comparison, ...]:
        """Every difference to examine: the published figures that differ from the records,
        then the records that disagree with each other. The one list (and count) the report
        page, the reconciliation page, the table pages and the workbook and PDF all give."""
        return self.differences + self.records


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- reading the printed figures ---------------------------------------------------------------

def parse_printed(printed: str) -> tuple[Decimal | None, Decimal]:
    """("4.784.800,00 €") -> (Decimal("4784800.00"), Decimal("0.01")); "NA" -> (None, 1)."""
    text = printed.replace("€", "").replace("%", "").replace("\u00a0", " ").strip()
    if text.upper() == "NA":
        return None, Decimal(1)
    text = text.replace(" ", "")
    if "," in text:
        whole, decimals = text.rsplit(",", 1)
        whole = whole.replace(".", "")
    elif re.search(r"\.\d{1,2}$", text):
        whole, decimals = text.rsplit(".", 1)
        whole = whole.replace(".", "")
    else:
        whole, decimals = text.replace(".", ""), ""
    if not whole.isdigit() or (decimals and not decimals.isdigit()):
        raise ValueError(f"not a printed figure: {printed!r}")
    value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    return value, Decimal(1).scaleb(-len(decimals))


def is_belgian_format(printed: str) -> bool:
    text = printed.replace("€", "").replace("%", "").strip()
    return text.upper() == "NA" or bool(BELGIAN.match(text))


_parsed: dict[tuple, list] = {}  # (path, mtime, size) -> the figures: the file is parsed once


def load_published(path: str | Path = PUBLISHED) -> list[Published]:
    """The typed figures; a malformed entry raises `InputError` naming the file and its place.
    Parsed once per version of the file (the report page reconciles on every opening)."""
    try:
        stat = Path(path).stat()
        key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _parsed:
        return list(_parsed[key])
    items = _load_published(path)
    if key is not None:
        _parsed.clear()
        _parsed[key] = items
    return list(items)


def _load_published(path: str | Path) -> list[Published]:
    name = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"cannot read the published figures: {error}", file=name) from None
    items: list[Published] = []
    for number, block in enumerate(data.get("tables", []), 1):
        columns = block["columns"]
        for row, cells in block["rows"].items():
            if len(cells) != len(columns):
                raise InputError(f"expected {len(columns)} cells ({', '.join(columns)}), got "
                                 f"{len(cells)}", file=name,
                                 field=f"tables[{number}] ({block['ref']}) row {row}")
            for column, printed in zip(columns, cells):
                if printed is None:
                    continue
                items.append(Published(block["ref"], f"{row} / {column}", str(printed),
                                       f"{block['table']}|{row}|{column}"))
    for number, entry in enumerate(data.get("figures", []), 1):
        missing = {"ref", "label", "printed", "figure"} - set(entry)
        if missing:
            raise InputError(f"figures[{number}]: expected the keys ref, label, printed, figure; "
                             f"missing {', '.join(sorted(missing))}", file=name)
        precision = entry.get("precision")
        items.append(Published(str(entry["ref"]), str(entry["label"]), str(entry["printed"]),
                               entry["figure"],
                               Decimal(str(precision)) if precision is not None else None,
                               entry.get("note", ""), entry.get("why", ""), number,
                               entry.get("label_fr", ""), entry.get("note_fr", ""),
                               entry.get("why_fr", "")))
    for item in items:
        try:
            parse_printed(item.printed)
        except ValueError as error:
            raise InputError(f"{item.ref} {item.label}: {error}", file=name) from None
    return items


# --- comparing ---------------------------------------------------------------------------------

def compare(item: Published, exact: object) -> Comparison:
    published, quantum = parse_printed(item.printed)
    step = item.precision or quantum
    if exact is None:
        computed = None
    elif step >= 1 and item.precision is not None:
        computed = (Decimal(exact) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    else:
        computed = Decimal(exact).quantize(step, rounding=ROUND_HALF_UP)
    if published is None or computed is None:
        difference = None  # "NA" against a figure, or the reverse: differs, no amount
    else:
        difference = published - computed
    return Comparison(item, published, computed, exact, difference)


def reconcile(report: AnnualReport | None = None, published: list[Published] | None = None,
              coproductions: str | Path = COPRODUCTIONS, gaming: str | Path = GAMING
              ) -> Reconciliation:
    """Every published figure against the records; each difference with both values."""
    report = report or build_annual_report()
    published = published if published is not None else load_published()
    figures = report.figures()
    comparisons, not_checked = [], []
    rows = _per_project(coproductions, gaming)
    for item in published + rows:
        if item.figure is None:
            not_checked.append(item)
            continue
        if item.figure not in figures and item in rows:
            # a printed project row the records no longer hold (e.g. a cancelled commitment)
            not_checked.append(replace(item, why="no record holds this project's row",
                                       why_fr="aucun enregistrement ne porte la ligne de ce "
                                              "projet"))
            continue
        if item.figure not in figures:
            raise InputError(f"{item.ref} {item.label}: no computed figure {item.figure!r}",
                             file=str(PUBLISHED))
        comparisons.append(compare(item, figures[item.figure]))
    typography = [item for item in published if not is_belgian_format(item.printed)]
    return Reconciliation(tuple(comparisons), tuple(not_checked), tuple(typography),
                          tuple(_records(figures)))


def _per_project(coproductions: str | Path, gaming: str | Path) -> list[Published]:
    """The ratio printed on each project's row (CSV columns published_ratio*)."""
    items = []
    for row in read_coproductions(coproductions):
        table = {"live_action": "2.2.2.1", "animation": "3.2.2.1", "format": "1.2.3"}[row.line]
        number = row.extra["report_no"]
        printed = row.extra["published_ratio"].replace(".", ",") + "%"
        items.append(Published(f"{table} row {number}", f"{row.title}: ratio", printed,
                               f"{table}|no{number}|ratio", label_fr=f"{row.title} : ratio"))
    for number, project in enumerate(read_gaming(gaming), 1):
        phase = PHASES[project.phase]
        items.append(Published("4.2.6", f"{project.title} ({phase[0].lower()}): ratio",
                               project.extra["published_ratio"] + "%",
                               f"4.2.6|{project.phase}:n{number}|ratio",
                               label_fr=f"{project.title} ({phase[1].lower()}) : ratio"))
        if project.call_2024:
            items.append(Published("4.2.2", f"{project.title}: ratio",
                                   project.extra["published_ratio_2024"].replace(".", ",") + "%",
                                   f"4.2.2|n{number}|ratio",
                                   label_fr=f"{project.title} : ratio"))
    return items


# Figures two records give independently: (label in English, in French, figure of one record,
# figure of the other).
RECORD_PAIRS = (
    ("Equity outstanding: §7.2 sectors vs §6.1 movements (column D)",
     "En-cours en capital : secteurs du §7.2 et mouvements du §6.1 (colonne D)",
     "7.2|total|equity", "6.1|equity|outstanding"),
    ("Loans outstanding: §7.2 sectors vs §6.1 movements (column D)",
     "En-cours en prêt : secteurs du §7.2 et mouvements du §6.1 (colonne D)",
     "7.2|total|loan", "6.1|loan|outstanding"),
    ("Total outstanding: §7.2 sectors vs §6.1 movements (column D)",
     "En-cours total : secteurs du §7.2 et mouvements du §6.1 (colonne D)",
     "7.2|total|total", "6.1|total|outstanding"),
)


def belgian_printed(amount: Decimal) -> str:
    """An amount as the report prints it ("8.865.241,31 €"), for a figure of the records."""
    whole, _, cents = f"{amount:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{'.'.join(groups) or '0'},{cents} €"


def _records(figures: dict[str, object]) -> list[Comparison]:
    found = []
    for label, label_fr, left, right in RECORD_PAIRS:
        a, b = Decimal(figures[left]), Decimal(figures[right])
        if a != b:
            item = Published("7.2 / 6.1", label, belgian_printed(a), left, label_fr=label_fr)
            found.append(Comparison(item, a, b, b, a - b))
    return found
