"""Explanations: every computed figure carries its inputs, the parameters used and the steps.

Steps and notes are message keys with arguments; the text comes from `messages.py` in French or
English. Arguments are formatted by the template's spec: `{x:money}` (12 160,00 €), `{x:rate}`
(1,52 %), `{x:date}` (15/02/2025), `{x:month}` (janvier 2025), `{x:number}`, `{x:decimal}` (every
digit: 1,017522), `{x:label}` (a code's name), `{x:unit}`, `{x:post}`, `{x:phase}` (a carbon footprint's unit of
activity, post and phase), `{x:labels}` (codes, by their names), `{x:moneys}` (the terms of a sum), `{x:terms}`
((amount, where) pairs), `{x:text}` (a `Line` of its own), `{x:paren}`
(an optional name in brackets), `{x:yesno}`; so one explanation prints in either language.

`render` prints the inputs (named and shown as `messages.INPUTS` says), the parameters (their
description, code in brackets, value in words, period and source), the steps and the notes.

A figure computed on a value the law needs but Montage does not know yet (a price index not
entered) is provisional: `Explanation.provisional()` records why, as a note, and
`is_provisional()` says so for the explanation and every part it includes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
from dataclasses import dataclass, field
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from montage.law.messages import INPUTS, LABELS, MESSAGES
from montage.law.parameters import ParameterValue
from montage.money import LOCALES, format_money, format_number, format_rate

LANGUAGES = ("fr", "en")


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec):
        if spec == "paren":    # an optional name: " (Service 1)", or nothing
            return f" ({value})" if value else ""
        if spec == "labels":   # codes, each by its name
            return ", ".join(label(item, self.lang) for item in value) if value else \
                label("none", self.lang)
        if spec == "marks":    # flags of an item: " — initiative belge francophone, annulé"
            return " — " + ", ".join(label(item, self.lang) for item in value) if value else ""
        if spec == "address":  # postal codes, or that they are not known
            return message("postal_code", self.lang, code=value) if value else \
                label("address_unknown", self.lang)
        if spec == "missing":  # mandatory invoice fields missing, when some are
            return message("missing_fields", self.lang, fields=value) if value else ""
        if spec == "yesno":
            return label({True: "yes", False: "no", None: "not_known"}[value], self.lang)
        if value is None:
            return "—"
        if spec == "money":
            return format_money(Decimal(value), self.lang)
        if spec == "whole_money":
            return _whole_money(Decimal(value), self.lang)
        if spec == "rate":
            return format_rate(Decimal(value), self.lang)
        if spec == "percent":  # a parameter's rate as a table writes it: "2,20 %", "35 %"
            rate = Decimal(value)
            return format_rate(rate, self.lang,
                               min_digits=0 if (rate * 100) % 1 == 0 else 2)
        if spec == "number":
            return format_number(Decimal(value), self.lang)
        if spec == "decimal":
            return format_decimal(Decimal(value), locale=LOCALES[self.lang],
                                  decimal_quantization=False)
        if spec == "month":
            return format_date(value, format="MMMM yyyy", locale=LOCALES[self.lang])
        if spec == "label":
            return label(value, self.lang)
        if spec == "unit":     # a unit of activity: "litre", "passager.km"
            return label(f"unit.{value}", self.lang)
        if spec == "post":     # a carbon footprint's post: "Régie"
            return label(f"post.{value}", self.lang)
        if spec == "phase":
            return label(f"phase.{value}", self.lang)
        if spec == "moneys":   # the terms of a sum: "120 000,00 € + 120 000,00 €"
            return " + ".join(format_money(Decimal(amount), self.lang) for amount in value) or \
                format_money(Decimal(0), self.lang)
        if spec == "terms":    # (amount, where) pairs: "364 855,74 € (Prêt) + 0,00 € (Capital)"
            return " + ".join(f"{format_money(Decimal(amount), self.lang)} "
                              f"({where.text(self.lang) if isinstance(where, Line) else where})"
                              for amount, where in value) or format_money(Decimal(0), self.lang)
        if spec == "text":     # a sentence of its own (a Line), in the reader's language
            return value.text(self.lang) if isinstance(value, Line) else str(value)
        if spec == "money_by":  # {name: amount}: "A 10 000,00 €, B 2 000,00 €"
            return ", ".join(f"{name} {format_money(Decimal(amount), self.lang)}"
                             for name, amount in value.items()) or label("none", self.lang)
        if spec == "date":
            return format_date(value, format="dd/MM/yyyy" if self.lang == "fr" else "d MMM yyyy",
                               locale=LOCALES[self.lang])
        return super().format_field(value, spec)


def label(code, lang: str) -> str:
    """A code's name in words; a code without one (a service's name) as it is."""
    return LABELS.get(code, {}).get(lang, str(code))


def _whole_money(amount: Decimal, lang: str) -> str:
    """An amount of a table, without cents when it has none: "700 000 €", "€700,000"."""
    pattern = "#,##0.##\u00a0¤" if lang == "fr" else "¤#,##0.##"
    return format_currency(amount, "EUR", format=pattern, locale=LOCALES[lang],
                           currency_digits=False, decimal_quantization=False)


def _entered(parameter: ParameterValue, lang: str) -> str:
    """" (entered by cca on 03/02/2026)" for a value added after the release, else ""."""
    if not parameter.entered:
        return ""
    at = parameter.entered.get("at") or ""
    try:
        day = dt.datetime.fromisoformat(at).date()
    except ValueError:
        day = None
    return " (" + message("parameter_entered", lang, by=parameter.entered.get("by") or "?",
                          at=day) + ")"


def plural(lang: str, count: int) -> str:
    """The plural form of a message for `count`: French counts 0 and 1 as one (« 0 ligne »,
    « 1 ligne »), English only 1 ("0 lines", "1 line")."""
    return "one" if (count in (0, 1) if lang == "fr" else count == 1) else "other"


def message(key: str, lang: str, /, **args) -> str:
    try:
        template = MESSAGES[key][lang]
    except KeyError:
        raise KeyError(f"no {lang} text for explanation message {key!r}") from None
    if isinstance(template, dict):  # plural forms, chosen by the named count
        template = template[plural(lang, args["count"])]
    return _Formatter(lang).format(template, **args)


def _jsonable(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


@dataclass
class Line:
    key: str
    args: dict

    def text(self, lang: str) -> str:
        return message(self.key, lang, **self.args)


@dataclass
class Explanation:
    """Why a figure is what it is: `inputs`, `parameters` (with sources), `steps`, `notes`."""

    subject: Line
    inputs: dict = field(default_factory=dict)
    parameters: list[ParameterValue] = field(default_factory=list)
    steps: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    children: list["Explanation"] = field(default_factory=list)
    # Why the figure is provisional (notes also listed in `notes`); empty when it is final.
    provisional_because: list[Line] = field(default_factory=list)

    @classmethod
    def of(cls, key: str, **args) -> "Explanation":
        return cls(Line(key, args))

    def input(self, name: str, value):
        self.inputs[name] = value
        return value

    def use(self, parameter: ParameterValue):
        """Record a parameter as used and return its value."""
        if parameter not in self.parameters:
            self.parameters.append(parameter)
        return parameter.value

    def step(self, key: str, **args) -> None:
        self.steps.append(Line(key, args))

    def note(self, key: str, **args) -> None:
        self.notes.append(Line(key, args))

    def provisional(self, key: str, **args) -> None:
        """Mark the figure provisional, with the reason a person reads (also a note)."""
        line = Line(key, args)
        self.provisional_because.append(line)
        self.notes.append(line)

    def is_provisional(self) -> bool:
        return bool(self.provisional_because) or any(child.is_provisional()
                                                     for child in self.children)

    def provisional_reasons(self, lang: str = "fr") -> list[str]:
        """Every reason, of this explanation and the parts it includes, each once."""
        reasons = [line.text(lang) for line in self.provisional_because]
        for child in self.children:
            reasons.extend(r for r in child.provisional_reasons(lang) if r not in reasons)
        return reasons

    def include(self, child: "Explanation") -> "Explanation":
        self.children.append(child)
        return child

    def as_dict(self, lang: str = "fr") -> dict:
        return {
            "subject": self.subject.text(lang),
            "inputs": _jsonable(self.inputs),
            "parameters": [dict(p.as_dict(), description=p.description[lang])
                           for p in self.parameters],
            "steps": [line.text(lang) for line in self.steps],
            "notes": [line.text(lang) for line in self.notes],
            "provisional": self.is_provisional(),
            "details": [child.as_dict(lang) for child in self.children],
        }

    def readable(self, lang: str = "fr", result: str = "") -> dict:
        """The explanation as a page or a PDF shows it, every value already in words: the
        result first (`result`, formatted by the caller, when it has one), the inputs, the steps
        as numbered sentences, the parameters used (description, value by its unit, validity,
        source) and the notes; each part it includes as `details`. Strings only, so a frozen
        record (a spend report) keeps it as JSON. `render` stays the text of the command line."""
        inputs = []
        for name, value in self.inputs.items():
            if name in INPUTS:  # only inputs with a name in words: a code is no heading
                title, text, items = _input_parts(name, value, lang)
                inputs.append({"name": title, "value": text, "items": items or []})
        parameters = []
        for p in self.parameters:
            period = message("valid_between" if p.valid_until else "valid_since", lang,
                             start=p.valid_from, end=p.valid_until)
            bands = [message("scale_band_above" if band.above else "scale_band", lang,
                             lower=band.lower, rate=band.rate)
                     for band in p.value] if p.unit == "scale" else []
            parameters.append({"name": p.name, "description": p.description[lang],
                               "value": show_value(p.value, p.unit, lang, p.per),
                               "bands": bands, "period": period, "source": p.source,
                               "entered": _entered(p, lang).strip(" ()")})
        return {"subject": self.subject.text(lang), "result": result,
                "provisional": bool(self.provisional_because),
                "inputs": inputs, "steps": [line.text(lang) for line in self.steps],
                "parameters": parameters, "notes": [line.text(lang) for line in self.notes],
                "details": [child.readable(lang) for child in self.children]}

    def input_lines(self, lang: str = "fr") -> list[str]:
        """The inputs named in words (messages.INPUTS), each shown as its kind is written."""
        return [line for name, value in self.inputs.items() if name in INPUTS
                for line in _show_input(name, value, lang)]

    def render(self, lang: str = "fr", depth: int = 0) -> list[str]:
        """Plain text, indented by depth: what a user reads to answer "why this figure?"."""
        pad = "  " * depth
        lines = [pad + self.subject.text(lang)
                 + ({"fr": " — provisoire", "en": " — provisional"}[lang]
                    if self.provisional_because else "")]

        def head(key: str) -> None:
            lines.append(f"{pad}  {message(key, lang)}")

        # Only inputs with a name in words (messages.INPUTS) are printed: a code is no heading.
        shown = self.input_lines(lang)
        if shown:
            head("head_inputs")
            lines.extend(f"{pad}    {line}" for line in shown)
        if self.parameters:
            head("head_parameters")
            lines.extend(f"{pad}    - {_show_parameter(p, lang)}" for p in self.parameters)
        if self.steps:
            head("head_steps")
            lines.extend(f"{pad}    {n}. {line.text(lang)}" for n, line in
                         enumerate(self.steps, 1))
        if self.notes:
            head("head_notes")
            lines.extend(f"{pad}    * {line.text(lang)}" for line in self.notes)
        for child in self.children:
            lines.extend(child.render(lang, depth + 1))
        return lines


def _input_parts(name: str, value, lang: str) -> tuple[str, str, list[str] | None]:
    """(name, value in words, items): items is None for one value, the list's lines for a
    list (INPUTS says how to show it)."""
    spec = INPUTS[name]
    title = spec[lang]
    shown = spec.get("as", "")
    if value is None and shown.startswith(("each:", "pairs:")):
        return title, label("not_given", lang), None
    if shown.startswith(("each:", "pairs:")):
        how, key = shown.split(":", 1)
        items = [{"key": k, "value": v} for k, v in value.items()] if how == "pairs" else [
            dataclasses.asdict(item) if dataclasses.is_dataclass(item) else dict(item)
            for item in value]
        if not items:
            return title, label("none", lang), None
        return title, "", [message(key, lang, **item) for item in items]
    return title, _Formatter(lang).format_field(value, shown), None


def _show_input(name: str, value, lang: str) -> list[str]:
    """"- Name : value", a list one item a line below its name."""
    title, text, items = _input_parts(name, value, lang)
    if items is None:
        return [message("input_line", lang, name=title, value=text)]
    return [message("input_list", lang, name=title)] + [f"    {item}" for item in items]


def _show_parameter(p: ParameterValue, lang: str) -> str:
    """"Description [code] : value (from … to …) — source"."""
    period = message("valid_between" if p.valid_until else "valid_since", lang,
                     start=p.valid_from, end=p.valid_until)
    return message("parameter_line", lang, description=p.description[lang], name=p.name,
                   value=show_value(p.value, p.unit, lang, p.per), period=period,
                   source=p.source) + _entered(p, lang)


def _list_item(item, lang: str) -> str:
    """One item of a list parameter: a code by its name, a rate as a percentage ("0.21" is
    21 %), a row of a table ({share, spend_share}, {format, amount}) field by field."""
    fmt = _Formatter(lang)
    if isinstance(item, dict):
        if item.get(lang) or item.get("genre") or item.get("key"):
            return item.get(lang) or label(item.get("genre") or item.get("key"), lang)
        parts = []
        for key, value in item.items():
            if key == "amount":
                parts.append(fmt.format_field(value, "money"))
            elif key.endswith("share"):
                parts.append(f"{label(key, lang)} {fmt.format_field(value, 'percent')}")
            else:
                parts.append(_list_item(value, lang))
        return " ".join(parts)
    try:
        return fmt.format_field(Decimal(str(item)), "percent")
    except ArithmeticError:
        return label(item, lang)


def show_value(value, unit: str, lang: str, per: str = "") -> str:
    """A parameter's value in words: "35 %", "3 000 000,00 €", "15 février", a scale's bands."""
    fmt = _Formatter(lang)
    if unit == "factor":   # "2,51279 kg CO2e par litre"
        return message("factor_value", lang, value=value, per=per)
    if unit == "scale":
        return message("list_separator", lang).join(
            message("scale_band_above" if band.above else "scale_band", lang,
                    lower=band.lower, rate=band.rate) for band in value)
    if unit == "list":
        return ", ".join(_list_item(item, lang) for item in value)
    if unit == "month_day":
        day = format_date(dt.date(2024, value["month"], value["day"]), format="d MMMM",
                          locale=LOCALES[lang])
        return message("month_day_next_year" if value.get("year_offset") else "month_day", lang,
                       day=day)
    spec = {"fraction": "percent", "amount": "money", "integer": "number", "index": "decimal",
            "month": "month"}.get(unit, "")
    return fmt.format_field(value, spec)
