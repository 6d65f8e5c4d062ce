"""Every number a user types is read by one reader (montage.money.parse_belgian_number) in every
form: "800.000" is 800 000 €, an ambiguous "1.234" is refused with both readings, and every
money input is a text input with a decimal keypad (a number input refuses the Belgian comma)."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.utils import translation

from montage.web.core.fields import BelgianModelForm, MoneyField, NumberField
from montage.web.fund.forms import CallForm

FORM_MODULES = ["montage.web.contribution.forms", "montage.web.fund.forms",
                "montage.web.investments.forms", "montage.web.ledger.forms",
                "montage.web.production.forms"]


def _model_forms():
    for name in FORM_MODULES:
        for _, form in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(form, django_forms.ModelForm) and form._meta.model is not None \
                    and form.__module__ == name:
                yield form


def test_every_model_form_reads_numbers_the_belgian_way():
    forms = list(_model_forms())
    assert len(forms) >= 20
    assert [f.__name__ for f in forms if not issubclass(f, BelgianModelForm)] == []
    numbers = 0
    for form in forms:
        for name, field in form.base_fields.items():
            if isinstance(field, django_forms.DecimalField) or isinstance(field, MoneyField):
                numbers += 1
                assert isinstance(field, (NumberField, MoneyField)), (form.__name__, name)
                widget = field.widget
                assert widget.input_type == "text", (form.__name__, name)
                assert widget.attrs.get("inputmode") == "decimal", (form.__name__, name)
    assert numbers >= 20


@pytest.mark.parametrize("typed,amount", [("800.000", "800000"), ("56.200.000", "56200000"),
                                          ("25.000", "25000"), ("1.234,56", "1234.56"),
                                          ("1 234,56", "1234.56"), ("1234,56", "1234.56")])
def test_what_belgians_type_is_what_is_saved(typed, amount):
    form = CallForm(data={"envelope": typed}, organisation_ids=[])
    form.is_valid()
    assert "envelope" not in form.errors
    assert form.cleaned_data["envelope"] == Decimal(amount)
    money = MoneyField()
    assert money.clean(typed) == Decimal(amount).quantize(Decimal("0.01"))


def test_an_ambiguous_amount_is_refused_with_both_readings_in_french():
    with translation.override("fr"):
        form = CallForm(data={"envelope": "1.234"}, organisation_ids=[])
        form.is_valid()
        assert form.errors["envelope"] == [
            "1.234 : 1\u202f234 ou 1,234 ? écrivez 1.234,00 ou 1,234"]
        with pytest.raises(django_forms.ValidationError) as refused:
            MoneyField().clean("12.500")
        assert refused.value.messages == [
            "12.500 : 12\u202f500 ou 12,500 ? écrivez 12.500,00 ou 12,500"]
