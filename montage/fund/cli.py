"""`montage fund …`: the fund-management desk on the command line.

`montage fund report FILE.csv [--format text|json] [--explain]` totals a coproductions file the way
the fund's annual report does. Text is for people (Belgian formats: "4 784 800,00 €", "638,63 %");
JSON is the scripting contract (amounts and ratios as strings with two decimals, dot separator).
Bad input raises InputError, which montage.cli prints as one line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal

from montage.fund.report import Report, Total, build_report, read_coproductions
from montage.money import format_money, format_rate

GROUP_TITLES = {"line": "per line", "work_type": "per work type", "origin": "per origin",
                "position": "per position"}


def register(subparsers) -> None:
    fund = subparsers.add_parser("fund", help="regional fund: coproductions, calls, portfolio")
    commands = fund.add_subparsers(dest="fund_command", metavar="COMMAND")
    commands.required = True
    report = commands.add_parser("report", help="totals of a coproductions CSV, as in the annual report")
    report.add_argument("file", metavar="FILE.csv", help="coproductions, one row per investment")
    report.add_argument("--format", choices=("text", "json"), default="text")
    report.add_argument("--explain", action="store_true",
                        help="text: print how each total was computed (JSON always includes it)")
    report.set_defaults(func=run_report)
    returns = commands.add_parser("yield", help="the enterprise fund's yield table (report §6.1) "
                                               "from a movements CSV")
    returns.add_argument("file", metavar="FILE.csv", help="movements, one row per movement")
    returns.add_argument("--format", choices=("text", "json"), default="text")
    returns.set_defaults(func=run_yield)
    office = commands.add_parser("film-office", help="impact of the shootings (report §2.2.7.2) "
                                                     "from a shooting-files CSV")
    office.add_argument("file", metavar="FILE.csv", help="shooting files, one row per file or type")
    office.add_argument("--year", type=int, default=2024, help="year of the shootings (parameters)")
    office.add_argument("--format", choices=("text", "json"), default="text")
    office.set_defaults(func=run_film_office)


def run_report(args: argparse.Namespace) -> int:
    report = build_report(read_coproductions(args.file), source=args.file)
    if args.format == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print(render_text(report, explain=args.explain))
    return 0


def render_text(report: Report, explain: bool = False) -> str:
    """A table per grouping, amounts in the Belgian French format."""
    lines = [f"Coproductions: {report.source}",
             f"{'':<14}{'projects':>9}{'investment':>18}{'regional spend':>19}{'ratio':>12}"
             f"{'average':>16}",
             _text_row("overall", report.overall)]
    rows = [report.overall]
    for key, totals in report.groups.items():
        lines.append(GROUP_TITLES[key])
        for value, group_total in totals.items():
            lines.append(_text_row(f"  {value}", group_total))
            rows.append(group_total)
    if explain:
        lines.append("")
        lines.extend(step for row in rows for step in (*(s.text("fr") for s in row.explanation), ""))
    return "\n".join(lines).rstrip()


def _text_row(label: str, total: Total) -> str:
    ratio = "n/a" if total.ratio is None else format_rate(total.ratio / Decimal(100))
    return (f"{label:<14}{total.projects:>9}{format_money(total.investment):>18}"
            f"{format_money(total.regional_spend):>19}{ratio:>12}"
            f"{format_money(total.average_investment):>16}")


def run_yield(args: argparse.Namespace) -> int:
    from montage.fund.enterprise import read_movements, yield_table
    table = yield_table(read_movements(args.file), source=args.file)
    if args.format == "json":
        print(json.dumps(table.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Enterprise fund yield: {args.file}")
    print(f"{'':<9}" + "".join(f"{letter:>18}" for letter in "ABCDEFGH") + f"{'H / E':>10}")
    for line in (*table.lines.values(), table.total):
        percent = "n/a" if line.yield_on_exited is None else format_rate(
            line.yield_on_exited / Decimal(100))
        print(f"{line.label:<9}" + "".join(f"{format_money(v):>18}" for v in line.columns().values())
              + f"{percent:>10}")
    return 0


def run_film_office(args: argparse.Namespace) -> int:
    from montage.fund.film_office import estimate_impact, read_shooting_files
    impact = estimate_impact(read_shooting_files(args.file), args.year)
    if args.format == "json":
        print(json.dumps(impact.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Film office {impact.year}: {args.file}: {impact.days_total.days} days, "
          f"{impact.days_total.days_covered} covered by funded projects, "
          f"{impact.days_total.days_not_covered} affectable")
    for variant in impact.variants.values():
        print(f"{variant.name:<13} share of AV kept {format_rate(variant.av_share_kept):>9}"
              f"  spend {format_money(variant.spend):>16}  + complement "
              f"{format_money(variant.complement):>16}  = {format_money(variant.total):>16}")
    print(f"estimate: between {format_money(impact.low)} and {format_money(impact.high)}")
    return 0
