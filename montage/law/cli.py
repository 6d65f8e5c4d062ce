"""`montage contribution`, `montage obligation …` and `montage parameters …`: the scripting contract.

JSON amounts are strings with two decimals, rates decimal fractions as strings. Bad input exits 2
with one line naming the field and what was expected (see montage.cli).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from montage.errors import InputError
from montage.law.calendar import editor_calendar
from montage.law.case import evaluate, evaluation_dict, payments_due, read_case
from montage.law.contribution import compute_contribution
from montage.law.parameters import Parameters, default
from montage.money import as_text, format_money, parse_amount


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr",
                        help="language of explanations (default: fr)")


def _print_json(data: dict) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def run_contribution(args) -> int:
    turnover = parse_amount(args.turnover, field="--turnover")
    result = compute_contribution(args.year, turnover)
    if args.format == "json":
        _print_json(result.as_dict(args.lang))
    else:
        print("\n".join(result.explanation.render(args.lang)))
        print()
        print(f"{'Contribution' if args.lang == 'en' else 'Contribution'} {args.year}: "
              f"{format_money(result.amount, args.lang)}"
              + (" (exempt)" if result.exempt and args.lang == "en" else
                 " (dérogation)" if result.exempt else "")
              + ((" (provisional)" if args.lang == "en" else " (provisoire)")
                 if result.provisional else ""))
    return 0


def run_evaluate(args) -> int:
    case = read_case(args.file)
    results = evaluate(case, lang=args.lang)
    if args.format == "json":
        _print_json(evaluation_dict(case, results, args.lang))
        return 0
    heads = {"fr": ("Année", "Obligation", "Comptabilisable", "Manquement ouvert",
                    "Excédent ouvert", "À verser"),
             "en": ("Year", "Obligation", "Countable", "Shortfall open", "Surplus open",
                    "Payment due")}[args.lang]
    print(f"{case.editor_name} ({case.editor_kind}) — {case.as_of.isoformat()}")
    print(" | ".join(heads))
    for r in results:
        print(" | ".join([str(r.year)] + [format_money(v, args.lang) for v in
                                          (r.obligation, r.countable, r.shortfall_open,
                                           r.surplus_open, r.payment_due)]))
    for r in results:
        print()
        print("\n".join(r.explanation.render(args.lang)))
        for check in r.checks:
            print(f"  [{'ok' if check.ok else '!!'}] {check.text(args.lang)}")
    owed = payments_due(results)
    if owed:
        print()
        print("Montants dus au CCA" if args.lang == "fr" else "Amounts owed to the CCA")
        for payment in owed:
            print(f"  {payment.due_date.isoformat()} | {format_money(payment.amount, args.lang)}"
                  f" | {payment.reason} {payment.origin_year} | {payment.detail.text(args.lang)}")
    return 0


def run_calendar(args) -> int:
    done = {}
    for item in args.done or []:
        key, _, day = item.partition("=")
        try:
            done[key] = dt.date.fromisoformat(day)
        except ValueError:
            raise InputError("expected KEY=YYYY-MM-DD, got %(item)r", field="--done",
                             params={"item": item}) from None
    calendar = editor_calendar(args.year, as_of=args.as_of or dt.date.today(),
                               chosen_form=args.form, done=done,
                               first_activity_day=args.first_activity_day)
    if args.format == "json":
        _print_json(calendar.as_dict(args.lang))
    else:
        print("\n".join(calendar.explanation.render(args.lang)))
    return 0


def parameters_listing(params: Parameters, name: str | None = None) -> list[dict]:
    """`montage parameters`' rows for a parameter set (the shipped one, or the web's with the
    values the CCA entered: `montage web-admin parameters`)."""
    if name and name not in params.names():
        raise InputError("unknown parameter; see `montage parameters` for the list", field=name)
    return [{"name": item, "unit": params.units[item],
             "values": [v.as_dict() for v in params.history(item)]}
            for item in ([name] if name else params.names())]


def print_parameters(data: list[dict], output: str, set_aside: list[dict] | None = None) -> None:
    """JSON ({"parameters": [...]}, plus "set_aside" when given) or one block per value: the
    period, the value, its source, and who entered it when it was entered after the release."""
    if output == "json":
        document = {"parameters": data}
        if set_aside is not None:
            document["set_aside"] = set_aside
        _print_json(document)
        return
    for item in data:
        for value in item["values"]:
            until = value["valid_until"] or "…"
            print(f"{item['name']} [{value['valid_from']} → {until}] = "
                  f"{json.dumps(value['value'], ensure_ascii=False)}\n    {value['source']}")
            if value.get("entered"):
                print(f"    entered by {value['entered']['by']} at {value['entered']['at']}")
    for aside in set_aside or []:
        until = aside["valid_until"] or "…"
        print(f"{aside['name']} [{aside['valid_from']} → {until}] = "
              f"{json.dumps(aside['value'], ensure_ascii=False)}\n    {aside['source']}\n"
              f"    entered by {aside['entered']['by']} at {aside['entered']['at']}; SET ASIDE, "
              f"not used: {aside['reason']}")


def run_parameters(args) -> int:
    print_parameters(parameters_listing(default(), args.name), args.format)
    return 0


def register(subparsers) -> None:
    contribution = subparsers.add_parser(
        "contribution", help="contribution of an editor for an eligible turnover (step 1 §4)")
    contribution.add_argument("--year", type=int, required=True, help="obligation year n")
    contribution.add_argument("--turnover", required=True,
                              help="eligible turnover of year n-1, e.g. 800000.00")
    _common(contribution)
    contribution.set_defaults(func=run_contribution)

    obligation = subparsers.add_parser("obligation", help="evaluate an editor's obligation")
    actions = obligation.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    evaluate_parser = actions.add_parser("evaluate", help="evaluate a YAML or JSON case file")
    evaluate_parser.add_argument("file")
    _common(evaluate_parser)
    evaluate_parser.set_defaults(func=run_evaluate)
    calendar = actions.add_parser("calendar", help="deadlines of a year and what is overdue")
    calendar.add_argument("--year", type=int, required=True)
    calendar.add_argument("--as-of", type=_date, help="date of the check (default: today)")
    calendar.add_argument("--form", choices=("investments", "payment"))
    calendar.add_argument("--first-activity-day", type=_date)
    calendar.add_argument("--done", action="append", metavar="KEY=DATE",
                          help="a deadline met, e.g. choice_of_form=2025-02-10 (repeatable)")
    _common(calendar)
    calendar.set_defaults(func=run_calendar)

    parameters = subparsers.add_parser(
        "parameters", help="the legal parameters shipped with this release, with their sources",
        description="The shipped parameter files. The values the CCA entered in the web "
                    "application since (a January price index) are in its database: "
                    "`montage web-admin parameters` lists both, with who entered what and when.")
    parameters.add_argument("name", nargs="?")
    parameters.add_argument("--format", choices=("text", "json"), default="text")
    parameters.set_defaults(func=run_parameters)


__all__ = ["register", "as_text"]
