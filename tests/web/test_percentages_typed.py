"""A rate, a ratio or a share is typed as a percentage ("21", "21 %", "12,5 %") and held as the
fraction (0.21), through the one reader (montage.web.core.fields): the VAT rate of an expense,
the spend ratio a financing source commits to, a parameter value the CCA enters."""

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from montage.web.core.fields import RateField, percent_text
from montage.web.ledger.forms import CreditNoteForm, InvoiceForm
from montage.web.parameters.forms import EnteredValueForm
from montage.web.production import budget
from montage.web.production.forms import FinancingSourceForm
from montage.web.production.services import _column_of


@pytest.mark.parametrize("typed, fraction", [
    ("21", Decimal("0.21")), ("21 %", Decimal("0.21")), ("12,5 %", Decimal("0.125")),
    ("180", Decimal("1.8")), ("1.234,5", Decimal("12.345")), ("0", Decimal("0"))])
def test_a_percentage_is_read_as_its_fraction(typed, fraction):
    assert RateField(required=False).clean(typed) == fraction


def test_an_ambiguous_percentage_is_refused_with_both_readings():
    with pytest.raises(forms.ValidationError) as refused:
        RateField().clean("1.234")
    assert "1,234" in str(refused.value)


@given(st.decimals(min_value=0, max_value=10, places=4, allow_nan=False))
def test_a_fraction_shown_is_read_back_the_same(fraction):
    field = RateField()
    assert field.clean(field.prepare_value(fraction)) == fraction


def test_percent_text_is_written_the_belgian_way():
    assert percent_text(Decimal("0.30")) == "30"
    assert percent_text(Decimal("0.125")) == "12,5"


def test_the_forms_take_their_rates_in_percent():
    assert isinstance(InvoiceForm.base_fields["vat_rate"], RateField)
    assert isinstance(CreditNoteForm.base_fields["vat_rate"], RateField)
    assert isinstance(FinancingSourceForm.base_fields["committed_ratio"], RateField)


def test_the_cca_enters_a_fraction_parameter_as_a_percentage():
    form = EnteredValueForm({"value": "2,20 %", "valid_from": "2026-01-01",
                             "source": "Décret"}, unit="fraction")
    assert form.is_valid(), form.errors
    assert Decimal(form.cleaned_data["value"]) == Decimal("0.022")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_budget_import_reads_the_column_titles_its_page_names(language):
    from django.utils import translation

    with translation.override(language):
        titles = budget.column_titles()
    assert [_column_of(title) for title in titles] == [
        "account", "description", "quantity", "unit", "rate", "currency", "exchange_rate",
        "exchange_rate_date", "fringe_code", "planned_supplier", "place_of_spend"]
