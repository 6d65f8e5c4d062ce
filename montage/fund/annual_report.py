"""The tables of Wallimage's 2024 annual report, recomputed from the line items.

Every table the report prints and that its line items determine is rebuilt here from the data
files (docs/web-fund.md lists them): coproductions per line, type of work, origin and position
(investment, Walloon spend, ratio, average, shares of projects and of amounts), the directors
(people counted from the `directors` column; nationality and gender only where a row states them,
otherwise *unknown*: the report prints no per-person nationality or gender, so the tables show the
unknowns rather than guessing), the gaming line (the 2024 call and the cumulative tables), and the
enterprise fund (the §6.1 yield table and the §7.2 outstanding per sector, from
`montage.fund.enterprise`).

Every figure is an exact `Decimal` (counts are `int`); shares and ratios are kept unrounded and
rounded only for display or for a comparison (`montage.fund.reconcile`). Every row carries its
sources: the file lines it sums, the sums term by term and the formulas.

Labels are pairs (English, French): this module is pure Python, the web picks the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Sequence

from montage.fund import enterprise
from montage.fund.messages import register_labels
from montage.fund.report import Coproduction, read_coproductions, total
from montage.fund.tables import Cell, read_table
from montage.law.explain import Line
from montage.money import ZERO

DATA = Path(__file__).resolve().parent / "data"
COPRODUCTIONS = DATA / "wallimage-coproductions-2024.csv"
GAMING = DATA / "wallimage-gaming-2024.csv"
MOVEMENTS = DATA / "wallimage-enterprise-movements.csv"
OUTSTANDING = DATA / "wallimage-enterprise-outstanding-2024.csv"

Label = tuple[str, str]  # (English, French)
HUNDRED = Decimal(100)


def tr(label: Label, lang: str) -> str:
    return label[1] if lang == "fr" else label[0]


# --- the table structure -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: Label
    kind: str  # "count", "amount", "percent", "multiplier", "text", "split" (Split)


@dataclass(frozen=True)
class Row:
    key: str
    label: Label
    values: dict[str, object]
    sources: tuple[Line, ...]  # where its figures come from, in words (montage.fund.messages)
    kind: str = "group"  # "item" (one line item), "group", "subtotal", "total"


@dataclass(frozen=True)
class Table:
    id: str          # the report's section number, unique; extra tables start with "x."
    title: Label
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    source: str      # the data file(s)
    note: Label | None = None
    published: bool = True  # False: a table the report does not print (ours, for analysis)

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"{self.id}: no row {key!r}")

    def figures(self) -> dict[str, object]:
        return {f"{self.id}|{row.key}|{key}": value for row in self.rows
                for key, value in row.values.items()}


@dataclass(frozen=True)
class AnnualReport:
    tables: tuple[Table, ...]
    sources: dict[str, str] = field(default_factory=dict)

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def figures(self) -> dict[str, object]:
        """Every computed figure by key "table|row|column"."""
        found: dict[str, object] = {}
        for table in self.tables:
            found.update(table.figures())
        return found

    def sources_of(self, key: str) -> tuple[Line, ...]:
        table_id, row_key, _ = key.split("|")
        return self.table(table_id).row(row_key).sources


# --- labels in the report's words --------------------------------------------------------------

LINES: dict[str, Label] = {
    "live_action": ("Live action", "Prises de vues réelles"),
    "animation": ("Animation", "Animation"),
    "format": ("Flux (formats)", "Flux (formats)"),
}
WORK_TYPES: dict[str, Label] = {
    "feature": ("Fiction features", "Longs métrages de fiction"),
    "series": ("Fiction series", "Séries de fiction"),
    "documentary": ("Documentaries", "Documentaires"),
    "format": ("Season 1 of a format supported at pilot stage",
               "Saison 1 d’un format précédemment soutenu sur le pilote"),
}
ORIGINS: dict[str, Label] = {
    "belgium": ("Initiated in Belgium", "Initiés en Belgique"),
    "france": ("Initiated in France", "Initiés en France"),
    "other": ("Initiated elsewhere (outside France)", "Initiés à l’étranger (hors France)"),
}
POSITIONS: dict[str, Label] = {
    "majority": ("Belgian majority", "Majoritaire belge"),
    "minority": ("Belgian minority", "Minoritaire belge"),
}
TOTAL: Label = ("Totals", "Totaux")

BREAKDOWN_COLUMNS = (
    Column("projects", ("Projects", "Nombre de projets"), "count"),
    Column("share_projects", ("Share of projects", "Importance relative (projets)"), "percent"),
    Column("investment", ("Invested", "Montants investis"), "amount"),
    Column("share_investment", ("Share of the amount", "Importance relative (montants)"),
           "percent"),
    Column("average", ("Average per project", "Investissement moyen par projet"), "amount"),
    Column("spend", ("Walloon spend", "Dépenses wallonnes"), "amount"),
    Column("share_spend", ("Share of the spend", "Importance relative (dépenses)"), "percent"),
    Column("ratio", ("Ratio spend / investment", "Ratio des retombées wallonnes"), "percent"),
)
LIST_COLUMNS = (
    Column("title", ("Title", "Titre"), "text"),
    Column("company", ("Production company", "Société de production"), "text"),
    Column("directors", ("Directors", "Réalisateur·rices"), "text"),
    Column("split", ("Coproduction: MAJ/MIN and countries", "Coproduction : MAJ/MIN et pays"),
           "split"),
    Column("projects", ("Projects", "Projets"), "count"),
    Column("investment", ("Invested", "Investissement"), "amount"),
    Column("spend", ("Walloon spend", "Dépenses wallonnes"), "amount"),
    Column("ratio", ("Ratio", "Ratio"), "percent"),
    Column("average", ("Average per project", "Investissement moyen"), "amount"),
)


# --- coproduction figures ----------------------------------------------------------------------

Select = Callable[[Coproduction], bool]


def where(**criteria) -> Select:
    """A row selection: where(line="live_action", origin=("france", "other"))."""
    def keep(row: Coproduction) -> bool:
        return all(getattr(row, key) in (value if isinstance(value, tuple) else (value,))
                   for key, value in criteria.items())
    return keep


def _share(part, whole) -> Decimal | None:
    return None if not whole else Decimal(part) * HUNDRED / Decimal(whole)


def _group_values(rows: list[Coproduction], whole: list[Coproduction] | None, label: str
                  ) -> tuple[dict[str, object], tuple[Line, ...]]:
    figures = total(rows, label)
    invested, spent = figures.investment, figures.regional_spend
    values: dict[str, object] = {
        "projects": figures.projects, "investment": invested, "spend": spent,
        "average": figures.average_investment,
        # unrounded: rounded for display and, to the printed digits, for the reconciliation
        "ratio": None if not invested else spent * HUNDRED / invested,
    }
    sources = list(figures.explanation)
    if invested:
        sources.append(Line("fund_unrounded", {}))
    if whole is not None:
        whole_total = total(whole)
        values["share_projects"] = _share(figures.projects, whole_total.projects)
        values["share_investment"] = _share(invested, whole_total.investment)
        values["share_spend"] = _share(spent, whole_total.regional_spend)
        sources.append(Line("fund_shares", {
            "projects": figures.projects, "all_projects": whole_total.projects,
            "investment": invested, "all_investment": whole_total.investment,
            "spend": spent, "all_spend": whole_total.regional_spend}))
    return values, tuple(sources)


def breakdown(table_id: str, title: Label, rows: Sequence[Coproduction], select: Select,
              key: str, categories: dict[str, Label], source: str, note: Label | None = None,
              published: bool = True) -> Table:
    """Rows of a selection per value of `key` (every category shown, empty ones too) + total."""
    chosen = [row for row in rows if select(row)]
    out = []
    for value, label in categories.items():
        part = [row for row in chosen if getattr(row, key) == value]
        values, sources = _group_values(part, chosen, f"{table_id} {value}")
        out.append(Row(value, label, values, sources))
    values, sources = _group_values(chosen, chosen, f"{table_id} total")
    out.append(Row("total", TOTAL, values, sources, "total"))
    return Table(table_id, title, BREAKDOWN_COLUMNS, tuple(out), source, note, published)


def project_list(table_id: str, title: Label, rows: Sequence[Coproduction],
                 groups: Sequence[tuple[str, Label, Select, str]], source: str) -> Table:
    """The per-project tables (2.2.2.1, 3.2.2.1, 1.2.3, 7.1): each group's subtotal row, then its
    projects; `groups` are (key, label, selection, kind) with kind "subtotal" or "total"."""
    out: list[Row] = []
    for key, label, select, kind in groups:
        part = [row for row in rows if select(row)]
        values, sources = _group_values(part, None, f"{table_id} {key}")
        out.append(Row(key, label, values, sources, kind))
        if kind == "subtotal":
            for row in part:
                out.append(_item(row, source))
    return Table(table_id, title, LIST_COLUMNS, tuple(out), source)


@dataclass(frozen=True)
class Split:
    """A project's coproduction: MAJ or MIN and each country's share of the financing (percent),
    formatted when shown; `text` is the cell as recorded when it cannot be read so."""

    position: str
    shares: tuple[tuple[str, Decimal], ...] = ()
    text: str = ""


def split_of(position: str, countries: str) -> Split:
    """"Belgique 66.89%; France 33.11%" (the data files' and the records' form) as a Split."""
    shares = []
    for part in filter(None, (p.strip() for p in countries.split(";"))):
        name, _, share = part.rpartition(" ")
        try:
            shares.append((name, Decimal(share.rstrip("%"))))
        except ArithmeticError:
            return Split(position, (), countries)
    return Split(position, tuple(shares))


def _item(row: Coproduction, source: str) -> Row:
    number = row.extra.get("report_no", str(row.row))
    ratio = row.regional_spend * HUNDRED / row.investment if row.investment else None
    position = "MAJ" if row.position == "majority" else "MIN"
    values = {"title": row.title, "company": row.company,
              "directors": row.extra.get("directors", ""),
              "split": split_of(position, row.extra.get("coproduction_countries", "")),
              "projects": 1, "investment": row.investment, "spend": row.regional_spend,
              "ratio": ratio, "average": row.investment}
    sources = (Line("fund_item", {"file": Path(source).name, "line": row.row, "number": number,
                                  "investment": row.investment, "spend": row.regional_spend}),
               Line("fund_item_ratio", {}))
    return Row(f"no{number}", (row.title, row.title), values, sources, "item")


# --- directors ---------------------------------------------------------------------------------

NATIONALITIES: dict[str, Label] = {
    "be": ("Belgian directors", "Réalisateur·rices belges"),
    "fr": ("French directors", "Réalisateur·rices français·es"),
    "other": ("Other directors", "Réalisateur·rices autres"),
    "unknown": ("Nationality unknown (not stated per person in the report)",
                "Nationalité inconnue (non publiée par personne dans le rapport)"),
}
GENDERS: dict[str, Label] = {
    "f": ("Women directors", "Réalisatrices"),
    "m": ("Men directors", "Réalisateurs"),
    "unknown": ("Gender unknown (not stated per person in the report)",
                "Genre inconnu (non publié par personne dans le rapport)"),
}
register_labels("fund.nat", NATIONALITIES)
register_labels("fund.gender", GENDERS)
DIRECTOR_COLUMNS = (
    Column("people", ("People", "Personnes"), "count"),
    Column("projects", ("Projects", "Projets"), "count"),
    Column("investment", ("Invested in their projects", "Montants investis dans leurs projets"),
           "amount"),
)


def directors_of(row: Coproduction) -> list[str]:
    """The people directing a row: the `directors` cell split on ", "; "X et Y" is two people
    ("Jean-Pierre et Luc Dardenne")."""
    people: list[str] = []
    for name in filter(None, (part.strip() for part in row.extra.get("directors", "").split(", "))):
        people.extend([name + " (1)", name + " (2)"] if " et " in name else [name])
    return people


def _per_person(row: Coproduction, column: str, allowed: Iterable[str]) -> list[str]:
    """`director_nationality` / `director_gender`: one value per person, ";"-separated, in the
    order of `directors`; absent or empty means unknown (never guessed)."""
    count = len(directors_of(row))
    stated = [value.strip() for value in row.extra.get(column, "").split(";") if value.strip()]
    # a record may leave one person unknown ("unknown") and state the others
    if len(stated) != count or any(value not in {*allowed, "unknown"} for value in stated):
        return ["unknown"] * count
    return stated


def directors_table(table_id: str, title: Label, rows: Sequence[Coproduction], select: Select,
                    source: str) -> Table:
    chosen = [row for row in rows if select(row)]
    out: list[Row] = []
    for prefix, column, categories in (("nat", "director_nationality", NATIONALITIES),
                                       ("gender", "director_gender", GENDERS)):
        for value, label in categories.items():
            people = 0
            projects: list[Coproduction] = []
            for row in chosen:
                found = _per_person(row, column, set(categories) - {"unknown"}).count(value)
                if found:
                    people += found
                    projects.append(row)
            invested = sum((row.investment for row in projects), ZERO)
            out.append(Row(f"{prefix}_{value}", label,
                           {"people": people, "projects": len(projects), "investment": invested},
                           (Line("fund_directors_category", {
                               "category": f"fund.{prefix}.{value}", "file": Path(source).name,
                               "lines": ", ".join(str(r.row) for r in projects) or "—"}),)))
    people = sum(len(directors_of(row)) for row in chosen)
    invested = sum((row.investment for row in chosen), ZERO)
    out.append(Row("total", TOTAL, {"people": people, "projects": len(chosen),
                                    "investment": invested},
                   (Line("fund_directors_people", {"counts": "; ".join(
                       f"{row.row} : {len(directors_of(row))}" for row in chosen) or "—"}),
                    Line("fund_directors_investment", {})), "total"))
    note = ("The report gives nationality and gender only as totals; the data records them per "
            "person only where a row states them, so the rest is shown as unknown.",
            "Le rapport ne donne nationalités et genres qu’en totaux ; les données ne les "
            "enregistrent par personne que là où une ligne les indique : le reste est inconnu.")
    return Table(table_id, title, DIRECTOR_COLUMNS, tuple(out), source, note)


# --- gaming ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GamingProject:
    row: int
    title: str
    company: str
    phase: str  # "preproduction", "production"
    investment: Decimal
    regional_spend: Decimal
    call_2024: bool
    extra: dict[str, str] = field(default_factory=dict)


GAMING_REQUIRED = ("title", "company", "phase", "investment", "regional_spend", "call_2024")
PHASES: dict[str, Label] = {"preproduction": ("Preproduction", "Préproduction"),
                            "production": ("Production", "Production")}
register_labels("fund.phase", PHASES)


def read_gaming(path: str | Path = GAMING) -> list[GamingProject]:
    """The gaming line's financing agreements (report §4.2.6; the 2024 call §4.2.2 flagged)."""
    def parse(record: dict[str, str], cell: Cell) -> GamingProject:
        return GamingProject(cell.line, cell.text("title"), cell.text("company"),
                             cell.choice("phase", tuple(PHASES)), cell.amount("investment"),
                             cell.amount("regional_spend"),
                             cell.choice("call_2024", ("yes", "no")) == "yes",
                             cell.extra(GAMING_REQUIRED))
    return read_table(path, GAMING_REQUIRED, parse)


GAMING_COLUMNS = (
    Column("title", ("Project", "Projet"), "text"),
    Column("company", ("Production company", "Société de production"), "text"),
    Column("agreements", ("Agreements", "Accords"), "count"),
    Column("investment", ("Committed", "Montants engagés"), "amount"),
    Column("spend", ("Walloon spend", "Dépenses en Wallonie"), "amount"),
    Column("ratio", ("Ratio", "Ratio de retombées"), "percent"),
    Column("multiplier", ("Spend per euro invested", "Dépenses par euro investi"), "multiplier"),
)


def _gaming_row(key: str, label: Label, items: list[GamingProject], source: str, kind: str,
                texts: dict[str, str] | None = None) -> Row:
    invested = sum((item.investment for item in items), ZERO)
    spent = sum((item.regional_spend for item in items), ZERO)
    values = {"agreements": len(items), "investment": invested, "spend": spent,
              "ratio": spent * HUNDRED / invested if invested else None,
              "multiplier": spent / invested if invested else None, **(texts or {})}
    sources = (Line("fund_gaming_lines", {"file": Path(source).name,
                                          "lines": ", ".join(str(i.row) for i in items)}),
               Line("fund_gaming_investment", {"terms": [i.investment for i in items],
                                               "total": invested}),
               Line("fund_spend_sum", {"terms": [i.regional_spend for i in items],
                                       "total": spent}),
               Line("fund_gaming_formulas", {}))
    return Row(key, label, values, sources, kind)


def gaming_tables(projects: list[GamingProject], source: str) -> list[Table]:
    # an agreement's key is its number in the §4.2.6 order (1, 2, …), whatever its source
    number = {id(p): n for n, p in enumerate(projects, 1)}
    call = [p for p in projects if p.call_2024]
    call_rows = [_gaming_row(f"n{number[id(p)]}", (p.title, p.title), [p], source, "item",
                             {"title": p.title, "company": p.company}) for p in call]
    call_rows.append(_gaming_row("total", TOTAL, call, source, "total"))
    cumulative: list[Row] = []
    for phase, label in PHASES.items():
        part = [p for p in projects if p.phase == phase]
        cumulative.append(_gaming_row(phase, ("Total " + label[0].lower(),
                                              "Total " + label[1].lower()), part, source,
                                      "subtotal"))
        cumulative.extend(_gaming_row(f"{phase}:n{number[id(p)]}", (p.title, p.title), [p], source,
                                      "item", {"title": p.title, "company": p.company})
                          for p in part)
    cumulative.append(_gaming_row("total", ("Grand total", "Total général"), projects, source,
                                  "total"))
    titles = {p.title for p in projects}
    both = sorted(t for t in titles if {p.phase for p in projects if p.title == t}
                  == set(PHASES))
    count_columns = (Column("count", ("Count", "Nombre"), "count"),)
    counts = Table("4.2.6-counts", ("Gaming line since its start: agreements and games",
                                    "Ligne Gaming depuis son lancement : accords et jeux"),
                   count_columns, (
        Row("agreements", ("Agreements carried out", "Accords concrétisés"),
            {"count": len(projects)}, (Line("fund_gaming_rows", {"file": Path(source).name}),)),
        *(Row(phase, ("… in " + label[0].lower(), "… en " + label[1].lower()),
              {"count": sum(1 for p in projects if p.phase == phase)},
              (Line("fund_gaming_phase", {"phase": f"fund.phase.{phase}"}),))
          for phase, label in PHASES.items()),
        Row("both_phases", ("Games financed in both phases", "Jeux financés sur les 2 volets"),
            {"count": len(both)}, (Line("fund_gaming_both", {"titles": ", ".join(both)}),)),
        Row("games", ("Different games", "Jeux différents"), {"count": len(titles)},
            (Line("fund_gaming_titles", {}),)),
        Row("companies", ("Companies holding a carried-out agreement",
                          "Sociétés ayant un accord concrétisé"),
            {"count": len({p.company for p in projects})}, (Line("fund_gaming_companies", {}),)),
    ), source)
    return [
        Table("4.2.2", ("Gaming: the 2024 call for projects (preproduction)",
                        "Gaming : l’appel à projets 2024 (préproduction)"),
              GAMING_COLUMNS, tuple(call_rows), source),
        Table("4.2.6", ("Gaming: cumulative agreements since the start of the calls",
                        "Gaming : cumul des accords depuis le lancement des appels"),
              GAMING_COLUMNS, tuple(cumulative), source),
        counts,
    ]


# --- enterprise fund ---------------------------------------------------------------------------

YIELD_COLUMNS = (
    Column("invested", ("A Lent / subscribed", "A Montants prêtés / souscrits"), "amount"),
    Column("bankruptcy_losses", ("B Losses on bankruptcy", "B Pertes sur faillite"), "amount"),
    Column("repaid", ("C Repaid / stakes sold (at cost)",
                      "C Remboursés / participations vendues (hors +-value)"), "amount"),
    Column("outstanding", ("D = A − B − C Outstanding", "D = A − B − C Soldes / participations actives"),
           "amount"),
    Column("exited", ("E = B + C Exited", "E = B + C Montants sortis"), "amount"),
    Column("income", ("F Interest / gains", "F Intérêts / plus-values"), "amount"),
    Column("eif_coverage", ("G EIF coverage", "G Couverture FEI"), "amount"),
    Column("net_yield", ("H = F + G − B Net yield", "H = F + G − B Rendement net"), "amount"),
    Column("yield_on_exited", ("H / E Net yield on exited", "H / E Rendement net sur montants sortis"),
           "percent"),
)
INSTRUMENTS: dict[str, Label] = {"loan": ("Loans", "Prêt"), "equity": ("Equity", "Capital")}


def yield_table(path: str | Path = MOVEMENTS,
                movements: list[enterprise.Movement] | None = None) -> Table:
    """§6.1 from the movements file, or from `movements` of any source (`path` then names it)."""
    if movements is None:
        movements = enterprise.read_movements(path)
    table = enterprise.yield_table(movements, str(path))

    def row(key: str, label: Label, line, kind: str) -> Row:
        values = {column.key: getattr(line, column.key) for column in YIELD_COLUMNS}
        if line.exited:  # unrounded H / E × 100; the engine's own figure is rounded to 0.01
            values["yield_on_exited"] = line.net_yield * HUNDRED / line.exited
        return Row(key, label, values, tuple(line.explanation), kind)
    rows = [row(key, INSTRUMENTS.get(key, (key, key)), line, "group")
            for key, line in table.lines.items()]
    rows.append(row("total", ("TOTAL", "TOTAL"), table.total, "total"))
    return Table("6.1", ("Enterprise fund: movements over the life of the fund",
                         "Entreprises : mouvements sur toute la vie du fonds"),
                 YIELD_COLUMNS, tuple(rows), str(path))


SECTOR_COLUMNS = (
    Column("equity", ("Outstanding in equity", "En-cours en capital"), "amount"),
    Column("loan", ("Outstanding in loans", "En-cours en prêt"), "amount"),
    Column("total", ("Outstanding", "En-cours total"), "amount"),
    Column("share_amount", ("Share of the amount", "Importance relative (montant)"), "percent"),
    Column("companies", ("Companies", "Nombre de sociétés"), "count"),
    Column("share_companies", ("Share of the companies", "Importance relative (sociétés)"),
           "percent"),
)


def sector_table(path: str | Path = OUTSTANDING,
                 sectors: list[enterprise.SectorOutstanding] | None = None) -> Table:
    """§7.2 from the outstanding file, or from `sectors` of any source (`path` then names it)."""
    if sectors is None:
        sectors = enterprise.read_outstanding(path)
    equity = sum((s.equity_outstanding for s in sectors), ZERO)
    loans = sum((s.loan_outstanding for s in sectors), ZERO)
    companies = sum(s.companies for s in sectors)
    whole = equity + loans
    rows = []
    for number, sector in enumerate(sectors, 1):
        amount = sector.equity_outstanding + sector.loan_outstanding
        rows.append(Row(f"s{number}", (sector.sector, sector.sector), {
            "equity": sector.equity_outstanding, "loan": sector.loan_outstanding,
            "total": amount, "share_amount": _share(amount, whole),
            "companies": sector.companies, "share_companies": _share(sector.companies, companies),
        }, (Line("fund_sector", {"file": Path(path).name, "line": sector.row,
                                 "equity": sector.equity_outstanding,
                                 "loan": sector.loan_outstanding, "amount": amount}),
            Line("fund_sector_shares", {"amount": amount, "whole": whole,
                                        "companies": sector.companies,
                                        "all_companies": companies}))))
    rows.append(Row("total", ("TOTAL", "TOTAL"), {
        "equity": equity, "loan": loans, "total": whole, "share_amount": HUNDRED,
        "companies": companies, "share_companies": HUNDRED},
        (Line("fund_sector_total", {"count": len(sectors), "file": Path(path).name}),),
        "total"))
    return Table("7.2", ("Enterprise fund: outstanding at 31/12/2024 per sector",
                         "Entreprises : en-cours au 31/12/2024 par secteur"),
                 SECTOR_COLUMNS, tuple(rows), str(path))


# --- the whole report --------------------------------------------------------------------------

LIVE, ANIM, FMT = "live_action", "animation", "format"
ABROAD = ("france", "other")


def _subgroups(line: str) -> list[tuple[str, Label, Select, str]]:
    """The subtotal rows of the per-project tables, in the report's wording."""
    if line == FMT:
        return [("format", ("Flux: season 1 put into production",
                            "Flux - mise en production saison 1"), where(line=FMT), "subtotal")]
    what = ("live-action", "prises de vues réelles") if line == LIVE else ("animation",
                                                                            "animation")
    feature_origins = ([("belgium", "en Belgique"), ("france", "en France"),
                        ("other", "à l’étranger (hors France)")] if line == LIVE else
                       [("belgium", "en Belgique"), (ABROAD, "à l’étranger")])
    groups = []
    for origin, words in feature_origins:
        key = f"{line}:feature:{origin if isinstance(origin, str) else 'abroad'}"
        groups.append((key, (f"{what[0].capitalize()} fiction features initiated {words}",
                             f"Longs métrages {what[1]} fiction initiés {words}"),
                       where(line=line, work_type="feature", origin=origin), "subtotal"))
    for origin, words in (("belgium", "en Belgique"), (ABROAD, "à l’étranger")):
        key = f"{line}:series:{origin if isinstance(origin, str) else 'abroad'}"
        groups.append((key, (f"{what[0].capitalize()} fiction series initiated {words}",
                             f"Séries {what[1]} fiction initiées {words}"),
                       where(line=line, work_type="series", origin=origin), "subtotal"))
    if line == LIVE:
        groups.append((f"{line}:documentary", ("Documentaries (single and series)",
                                               "Documentaires (unitaires et séries)"),
                       where(line=line, work_type="documentary"), "subtotal"))
    else:
        groups.append((f"{line}:special", ("Special projects", "Projets spéciaux"),
                       lambda row: False, "subtotal"))
    return groups


def coproduction_tables(rows: list[Coproduction], source: str) -> list[Table]:
    live_total = [("total", ("TOTAL LIVE 2024", "TOTAL LIVE 2024"), where(line=LIVE), "total")]
    anim_total = [("total", ("TOTAL ANIMATION 2024", "TOTAL ANIMATION 2024"), where(line=ANIM),
                   "total")]
    fmt_total = [("total", ("TOTAL FLUX 2024", "TOTAL FLUX 2024"), where(line=FMT), "total")]
    department = (_subgroups(LIVE) + _subgroups(ANIM)
                  + [("classic", ("Subtotal classic line", "Sous-total ligne classique"),
                      where(line=(LIVE, ANIM)), "total")]
                  + _subgroups(FMT)
                  + [("flux", ("Subtotal flux line", "Sous-total ligne flux"), where(line=FMT),
                      "total"),
                     ("total", ("GRAND TOTAL", "TOTAL GÉNÉRAL"), lambda row: True, "total")])
    origin_note = None
    tables = [
        project_list("1.2.3", ("Flux: the projects supported in 2024",
                               "Flux : les projets soutenus en 2024"),
                     rows, _subgroups(FMT) + fmt_total, source),
        project_list("2.2.2.1", ("Live action: the projects supported in 2024",
                                 "Prises de vues réelles : les projets soutenus en 2024"),
                     rows, _subgroups(LIVE) + live_total, source),
        breakdown("2.2.2.2", ("Live action: types of projects",
                              "Prises de vues réelles : types de projets"),
                  rows, where(line=LIVE), "work_type",
                  {k: WORK_TYPES[k] for k in ("feature", "series", "documentary")}, source),
        breakdown("2.2.2.3.1", ("Live action: origin of the fiction features",
                                "Prises de vues réelles : origine des longs métrages de fiction"),
                  rows, where(line=LIVE, work_type="feature"), "origin", ORIGINS, source),
        breakdown("2.2.2.3.2", ("Live action: origin of the fiction series",
                                "Prises de vues réelles : origine des séries de fiction"),
                  rows, where(line=LIVE, work_type="series"), "origin", ORIGINS, source),
        breakdown("2.2.2.3.3", ("Live action: origin of the documentaries",
                                "Prises de vues réelles : origine des documentaires"),
                  rows, where(line=LIVE, work_type="documentary"), "origin", ORIGINS, source),
        breakdown("2.2.2.3.4", ("Live action: origin of the projects (total)",
                                "Prises de vues réelles : origine des projets (total)"),
                  rows, where(line=LIVE), "origin", ORIGINS, source),
        directors_table("2.2.2.4", ("Live action: directors", "Prises de vues réelles : "
                                    "réalisateur·rices"), rows, where(line=LIVE), source),
        project_list("3.2.2.1", ("Animation: the projects supported in 2024",
                                 "Animation : les projets soutenus en 2024"),
                     rows, _subgroups(ANIM) + anim_total, source),
        breakdown("3.2.2.2", ("Animation: types of projects", "Animation : types de projets"),
                  rows, where(line=ANIM), "work_type",
                  {k: WORK_TYPES[k] for k in ("feature", "documentary", "series")}, source),
        breakdown("3.2.2.3.1", ("Animation: origin of the features",
                                "Animation : origine des longs métrages"),
                  rows, where(line=ANIM, work_type="feature"), "origin", ORIGINS, source),
        breakdown("3.2.2.3.2", ("Animation: origin of the series",
                                "Animation : origine des séries"),
                  rows, where(line=ANIM, work_type="series"), "origin", ORIGINS, source),
        breakdown("3.2.2.3.3", ("Animation: origin of the projects (total)",
                                "Animation : origine des projets (total)"),
                  rows, where(line=ANIM), "origin", ORIGINS, source),
        directors_table("3.2.2.4", ("Animation: directors", "Animation : réalisateur·rices"),
                        rows, where(line=ANIM), source),
        project_list("7.1", ("Coproductions department: all projects of 2024",
                             "Département Coproductions : tous les projets 2024"),
                     rows, department, source),
        breakdown("7.1-lines", ("Coproductions department: per line",
                                "Département Coproductions : par ligne"),
                  rows, lambda row: True, "line", LINES, source),
        breakdown("7.1.1", ("Coproductions department: types of projects",
                            "Département Coproductions : types de projets"),
                  rows, lambda row: True, "work_type", WORK_TYPES, source),
        breakdown("7.1.2.1", ("Department: origin of the fiction features",
                              "Département : origine des longs métrages de fiction"),
                  rows, where(work_type="feature"), "origin", ORIGINS, source),
        breakdown("7.1.2.2", ("Department: origin of the fiction series",
                              "Département : origine des séries de fiction"),
                  rows, where(work_type="series"), "origin", ORIGINS, source),
        breakdown("7.1.2.3", ("Department: origin of the documentaries",
                              "Département : origine des documentaires"),
                  rows, where(work_type="documentary"), "origin", ORIGINS, source),
        breakdown("7.1.2.4", ("Department: origin of the format",
                              "Département : origine du format"),
                  rows, where(work_type="format"), "origin", ORIGINS, source),
        breakdown("7.1.3", ("Department: origin of the projects (totals)",
                            "Département : origine des projets (totaux)"),
                  rows, lambda row: True, "origin", ORIGINS, source),
        directors_table("7.1.4", ("Department: directors", "Département : réalisateur·rices"),
                        rows, lambda row: True, source),
    ]
    for line in (LIVE, ANIM, FMT):
        tables.append(breakdown(
            f"x.position.{line}", (f"{LINES[line][0]}: Belgian majority / minority",
                                   f"{LINES[line][1]} : majoritaire / minoritaire belge"),
            rows, where(line=line), "position", POSITIONS, source,
            ("Not a table of the report: position = the Belgian share of the financing plan "
             "(MAJ/MIN as printed per project).",
             "Pas un tableau du rapport : position = part belge du plan de financement (MAJ/MIN "
             "imprimé par projet)."), published=False))
    tables.append(breakdown(
        "x.position", ("Department: Belgian majority / minority",
                       "Département : majoritaire / minoritaire belge"),
        rows, lambda row: True, "position", POSITIONS, source, origin_note, published=False))
    return tables


def build_annual_report(coproductions: str | Path = COPRODUCTIONS, gaming: str | Path = GAMING,
                        movements: str | Path = MOVEMENTS,
                        outstanding: str | Path = OUTSTANDING) -> AnnualReport:
    """All tables, computed from the four data files (all or nothing: a bad row raises
    `InputError` naming file, line and column)."""
    return build_annual_report_from(
        read_coproductions(coproductions), read_gaming(gaming),
        enterprise.read_movements(movements), enterprise.read_outstanding(outstanding),
        {"coproductions": str(coproductions), "gaming": str(gaming),
         "movements": str(movements), "outstanding": str(outstanding)})


def build_annual_report_from(rows: list[Coproduction], gaming: list[GamingProject],
                             movements: list[enterprise.Movement],
                             sectors: list[enterprise.SectorOutstanding],
                             sources: dict[str, str]) -> AnnualReport:
    """All tables from line items of any source (the data files, or the web's records);
    `sources` names where each kind comes from (keys coproductions, gaming, movements,
    outstanding)."""
    tables = coproduction_tables(rows, sources["coproductions"])
    tables += gaming_tables(gaming, sources["gaming"])
    tables += [yield_table(sources["movements"], movements),
               sector_table(sources["outstanding"], sectors)]
    return AnnualReport(tuple(tables), dict(sources))


def section_order(table_id: str) -> tuple:
    """Sort key in the report's order ("x." tables after their section)."""
    parts = []
    for part in table_id.replace("-", ".").split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)
