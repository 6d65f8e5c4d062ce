"""Money and rates in templates, formatted like the law engine's explanations (babel, fr_BE)."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from montage.money import format_money, format_rate

register = template.Library()


def current_lang() -> str:
    lang = (get_language() or "fr")[:2]
    return lang if lang in ("fr", "en") else "fr"


@register.filter
def money(value) -> str:
    """12160 -> "12 160,00 €" (fr) or "€12,160.00" (en); empty for None."""
    if value is None or value == "":
        return ""
    return format_money(Decimal(value), current_lang())


@register.filter
def rate(value) -> str:
    """Decimal("0.0152") -> "1,52 %"."""
    if value is None or value == "":
        return ""
    return format_rate(Decimal(value), current_lang())
