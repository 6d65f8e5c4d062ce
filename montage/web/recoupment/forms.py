"""The producer's forms: a receipt, a corridor, a share, a period to issue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from montage.web.core.fields import BelgianModelForm, MoneyField
from montage.web.production.models import FinancingSource
from montage.web.recoupment.models import Receipt, Share

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReceiptForm(BelgianModelForm):
    gross = MoneyField(label=_("gross amount (in currency)"))
    expenses = MoneyField(label=_("expenses (in currency)"), required=False)
    expenses_cap = MoneyField(label=_("expenses cap (in currency)"), required=False)

    class Meta:
        model = Receipt
        fields = ["source", "payer", "territory", "period_start", "period_end", "gross",
                  "commission_rate", "expenses", "expenses_cap", "currency", "exchange_rate",
                  "exchange_rate_date", "reference"]
        widgets = {"period_start": DATE, "period_end": DATE, "exchange_rate_date": DATE}
        help_texts = {"commission_rate": _("a fraction between 0 and 1: 0,25 for a quarter")}

    def clean_expenses(self):
        from decimal import Decimal
        return self.cleaned_data.get("expenses") or Decimal("0")


class CorridorForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    off_the_top = forms.BooleanField(label=_("off the top"), required=False)


class ShareForm(BelgianModelForm):
    cap = MoneyField(label=_("amount recoupable"), required=False)

    class Meta:
        model = Share
        fields = ["source", "kind", "rate", "cap", "premium", "after_cap_rate"]
        help_texts = {"rate": _("a fraction between 0 and 1 (0,3 for three tenths); empty for a pro-rata share"),
                      "premium": _("a fraction of the cap added to it: 0,2 for a fifth")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FinancingSource.objects.filter(project=project)
        self.fields["source"].required = False


class PeriodForm(forms.Form):
    period_start = forms.DateField(label=_("period from"), widget=DATE)
    period_end = forms.DateField(label=_("period to"), widget=DATE)


class PaidForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DATE)


class CorrectionForm(ReceiptForm):
    """A receipt corrected: its terms and why (kept in its history)."""

    reason = forms.CharField(label=_("reason for the correction"), max_length=500)


class StatementImportForm(forms.Form):
    file = forms.FileField(label=_("statement (.xlsx or .csv)"),
                           help_text=_("one row per receipt; columns source, payer, territory, "
                                       "period_start, period_end, gross, and optionally "
                                       "commission_rate, expenses, expenses_cap, currency, "
                                       "exchange_rate, exchange_rate_date, reference"))
