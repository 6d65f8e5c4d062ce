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
def number(value, places=0) -> str:
    """Decimal("2010.232") -> "2 010,232" (fr): a quantity, tonnes, or an amount in a currency
    named beside it, grouped, decimal comma; `|number:2`, at least two decimals ("650,50")."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), current_lang(), int(places or 0))


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


def refused_forms(context) -> list:
    """The page's bound forms that were refused: every form and formset in the context (a list
    of them, or of rows or records holding one as "form", counts too), each once, in order."""
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet

    found, seen = [], set()

    def visit(value, depth=0):
        if isinstance(value, BaseFormSet):
            if value.is_bound and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
                for form in value.forms:
                    visit(form, depth + 1)
        elif isinstance(value, BaseForm):
            if value.is_bound and value.errors and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        elif depth < 2 and isinstance(value, (list, tuple)):
            for item in value:
                visit(item, depth + 1)
        elif depth < 2 and isinstance(value, dict) and "form" in value:
            visit(value["form"], depth + 1)
        elif depth and isinstance(getattr(value, "__dict__", None), dict) \
                and "form" in value.__dict__:  # a record of a list, given its form by the view
            visit(value.__dict__["form"], depth + 1)

    for value in context.flatten().values():
        visit(value)
    return found


def error_items(forms) -> list[dict]:
    """Each error of the refused forms as a line of the summary: its text and, where it belongs
    to a visible field, that field's id and label (a formset's own errors, a form's non-field
    errors lead to the form's first visible field)."""
    from django.forms.formsets import BaseFormSet

    items = []
    for form in forms:
        if isinstance(form, BaseFormSet):
            items += [{"error": e, "id": "", "label": ""} for e in form.non_form_errors()]
            continue
        visible = form.visible_fields()
        first = visible[0].id_for_label if visible else ""
        items += [{"error": e, "id": first, "label": ""} for e in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                shown = not field.is_hidden
                items.append({"error": error, "id": field.id_for_label if shown else first,
                              "label": field.label if shown else ""})
    return items


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context, *forms):
    """At the top of every page (montage/base.html): the summary of the refused forms' errors,
    each a link to its field; montage/errors.js focuses the first erroneous field. Given no
    form, the page's bound forms in the context."""
    return {"items": error_items([f for f in forms if f is not None] or refused_forms(context))}


@register.filter
def said(line) -> str:
    """A sentence of an engine's explanation (montage.law.explain.Line: a message key and its
    figures) in the reader's language; a text as it is."""
    from montage.law.explain import Line

    return line.text(current_lang()) if isinstance(line, Line) else line
