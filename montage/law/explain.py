"""Explanations: every computed figure carries its inputs, the parameters used and the steps.

Steps and notes are message keys with arguments; the text comes from `messages.py` in French or
English. Arguments are formatted by the template's spec: `{x:money}` (12 160,00 €), `{x:rate}`
(1,52 %), `{x:date}` (15/02/2025), `{x:month}` (janvier 2025), `{x:number}`, `{x:decimal}` (every
digit: 1,017522), `{x:label}` (a code's name); so one explanation prints in either language.

A figure computed on a value the law needs but Montage does not know yet (a price index not
entered) is provisional: `Explanation.provisional()` records why, as a note, and
`is_provisional()` says so for the explanation and every part it includes.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from montage.law.messages import LABELS, MESSAGES
from montage.law.parameters import ParameterValue
from montage.money import LOCALES, format_money, format_number, format_rate

LANGUAGES = ("fr", "en")


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec):
        if value is None:
            return "—"
        if spec == "money":
            return format_money(Decimal(value), self.lang)
        if spec == "rate":
            return format_rate(Decimal(value), self.lang)
        if spec == "number":
            return format_number(Decimal(value), self.lang)
        if spec == "decimal":
            return format_decimal(Decimal(value), locale=LOCALES[self.lang],
                                  decimal_quantization=False)
        if spec == "month":
            return format_date(value, format="MMMM yyyy", locale=LOCALES[self.lang])
        if spec == "label":
            return LABELS.get(value, {}).get(self.lang, str(value))
        if spec == "date":
            return format_date(value, format="dd/MM/yyyy" if self.lang == "fr" else "d MMM yyyy",
                               locale=LOCALES[self.lang])
        return super().format_field(value, spec)


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


def message(key: str, lang: str, **args) -> str:
    try:
        template = MESSAGES[key][lang]
    except KeyError:
        raise KeyError(f"no {lang} text for explanation message {key!r}") from None
    return _Formatter(lang).format(template, **args)


def _jsonable(value):
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

    def render(self, lang: str = "fr", depth: int = 0) -> list[str]:
        """Plain text, indented by depth: what a user reads to answer "why this figure?"."""
        pad = "  " * depth
        heads = {"fr": ("Paramètres", "Étapes", "Remarques"),
                 "en": ("Parameters", "Steps", "Notes")}[lang]
        lines = [pad + self.subject.text(lang)
                 + ({"fr": " — provisoire", "en": " — provisional"}[lang]
                    if self.provisional_because else "")]
        if self.parameters:
            lines.append(f"{pad}  {heads[0]}:")
            for p in self.parameters:
                until = p.valid_until.isoformat() if p.valid_until else "…"
                lines.append(f"{pad}    - {p.name} = {_show(p.value)} "
                             f"[{p.valid_from.isoformat()} → {until}] — {p.source}"
                             + _entered(p, lang))
        if self.steps:
            lines.append(f"{pad}  {heads[1]}:")
            lines.extend(f"{pad}    {n}. {line.text(lang)}" for n, line in
                         enumerate(self.steps, 1))
        if self.notes:
            lines.append(f"{pad}  {heads[2]}:")
            lines.extend(f"{pad}    * {line.text(lang)}" for line in self.notes)
        for child in self.children:
            lines.extend(child.render(lang, depth + 1))
        return lines


def _show(value) -> str:
    if isinstance(value, tuple) and value and hasattr(value[0], "rate"):
        return "; ".join(f"≥ {band.lower} → {band.rate}" for band in value)
    if isinstance(value, tuple):
        return ", ".join(str(dict(item)) if isinstance(item, dict) else str(item)
                         for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
