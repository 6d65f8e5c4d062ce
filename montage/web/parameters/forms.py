"""The form of a value the CCA enters (montage.web.parameters.services.enter_value checks it
with the loader's own rules; this form only reads what was typed)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from montage.web.core.fields import read_typed_number, read_typed_rate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMERIC_UNITS = ("amount", "fraction", "integer", "index")

# A unit's name as the pages show it.
UNIT_NAMES = {
    "amount": _("amount in euros"), "fraction": _("percentage"), "integer": _("whole number"),
    "index": _("price index"), "month": _("month"), "month_day": _("day of the year"),
    "list": _("list"), "scale": _("scale of bands"), "factor": _("emission factor"),
}

# What to type, by unit (the help text under the value).
UNIT_HELP = {
    "amount": _("An amount in euros, e.g. 3 000 000,00."),
    "fraction": _("A percentage, e.g. 42 % or 2,75 %."),
    "integer": _("A whole number, e.g. 3."),
    "index": _("The index as published, e.g. 130,08."),
    "month": _("A month written YYYY-MM, e.g. 2023-01."),
    "month_day": _("In YAML: {month: 2, day: 15, year_offset: 0}."),
    "list": _("In YAML: [first, second]."),
    "scale": _("In YAML: [{from: \"0\", rate: \"0\"}, {from: \"700000\", rate: \"0.0184\"}]."),
}


class EnteredValueForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=4000)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False,
                                  help_text=_("The last day of validity; for a monthly index, "
                                              "the last day of its month."))
    source = forms.CharField(label=_("Source"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("The publication the value comes from, e.g. Statbel, "
                                         "indice des prix à la consommation, janvier 2025."))

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["value"].help_text = UNIT_HELP.get(unit, "")
        if unit in NUMERIC_UNITS:
            self.fields["value"].widget.attrs.update({"inputmode": "decimal",
                                                      "autocomplete": "off"})

    def clean_value(self):
        """A number typed the Belgian way ("130,08") is written as a file holds it ("130.08");
        any other unit's text is passed on as typed."""
        text = self.cleaned_data["value"].strip()
        if self.unit not in NUMERIC_UNITS:
            return text
        if self.unit == "fraction":  # typed as a percentage, held as the fraction
            return format(read_typed_rate(text, forms.ValidationError(
                _("Enter a percentage, e.g. 42 %."), code="invalid")), "f")
        number = read_typed_number(text, forms.ValidationError(
            _("Enter a number, e.g. 130,08."), code="invalid"))
        return format(number, "f")
