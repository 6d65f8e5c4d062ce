"""Money and rates in templates, formatted like the law engine's explanations (babel, fr_BE)."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import get_language

from montage.money import format_money, format_number, format_rate

register = template.Library()


def current_lang() -> str:
    lang = (get_language() or "fr")[:2]
    return lang if lang in ("fr", "en") else "fr"


def shown_money(amount) -> str:
    """An amount as the reader's language writes it, for a record's name in a list or a history."""
    return "" if amount is None else format_money(Decimal(amount), current_lang())


def shown_rate(fraction) -> str:
    """A fraction as a percentage in the reader's language ("30 %"), for a record's name."""
    return "" if fraction is None else format_rate(Decimal(fraction), current_lang(), min_digits=0)


@register.filter
def money(value) -> str:
    """12160 -> "12 160,00 €" (fr) or "€12,160.00" (en); empty for None."""
    if value is None or value == "":
        return ""
    return format_money(Decimal(value), current_lang())


@register.filter
def number(value) -> str:
    """Decimal("2010.232") -> "2 010,232" (fr): a quantity or tonnes, grouped, decimal comma."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), current_lang())


@register.filter
def rate(value) -> str:
    """Decimal("0.0152") -> "1,52 %"."""
    if value is None or value == "":
        return ""
    if isinstance(value, Fraction):  # the waterfall's exact shares
        value = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal("0.000001"))
    return format_rate(Decimal(value), current_lang())


@register.filter
def cents(value) -> str:
    """An integer of cents (the waterfall's) as money: 123456 -> "1 234,56 €"."""
    if value is None or value == "":
        return ""
    return format_money(Decimal(value) / 100, current_lang())


@register.filter
def number(value) -> str:
    """An amount in a currency named beside it: 1234.5 -> "1 234,5"."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), current_lang())


@register.filter
def label(code) -> str:
    """A code by its name, as the explanations write it: "feature_film" -> "long métrage"."""
    from montage.law.explain import label as name_of

    return name_of(code, current_lang()) if code else ""


@register.filter
def labels(codes) -> str:
    """Codes by their names, as the explanations write them: ["supplier_name"] -> "nom du
    fournisseur" (montage.law.messages.LABELS)."""
    from montage.law.explain import label

    return ", ".join(label(code, current_lang()) for code in codes or [])


@register.filter
def described(entries) -> list[dict]:
    """{% for e in history|described %}: each audit entry as the reader reads it (field label,
    old and new values, decision), montage.web.registry.history."""
    from montage.web.registry.history import described as describe_all

    return describe_all(entries)


@register.simple_tag
def rate(name, on=None):
    """{% rate "investments.commission_cap" %} (or `on` a date or a year, `as` a variable): the
    legal rate in force as the page's language writes it (montage/web/core/rates.py)."""
    import datetime as dt

    from montage.web.core.rates import rate as rate_in_force

    if isinstance(on, int):
        on = dt.date(on, 1, 1)
    return rate_in_force(name, on)


@register.simple_tag
def parameter(name, on=None):
    """{% parameter "cashflow_loan.amount_min" as low %}: a parameter's value in force (an
    amount for |money, a number of months…), read from the parameter files, never typed."""
    import datetime as dt

    from montage.web.core.rates import value_in_force

    if isinstance(on, int):
        on = dt.date(on, 1, 1)
    return value_in_force(name, on or dt.date.today())


@register.filter
def said(line) -> str:
    """A sentence of an engine's explanation (montage.law.explain.Line: a message key and its
    figures) in the reader's language; a text as it is."""
    from montage.law.explain import Line

    return line.text(current_lang()) if isinstance(line, Line) else line
