"""The fund desk's forms. Every field a form shows is saved; nothing is silently dropped."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from montage.web.core.models import Application, Call, Decision, FundingLine

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["funding_line", "title", "opens_on", "closes_on", "envelope",
                  "per_project_cap", "minimum_ratio", "broadcaster_cash_required", "conditions"]
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_line"].queryset = FundingLine.objects.filter(
            organisation_id__in=organisation_ids)

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The call closes before it opens."))
        return data


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["work", "applicant", "submitted_on", "amount_requested",
                  "walloon_spend_committed", "broadcaster", "broadcaster_cash"]
        widgets = {"submitted_on": DATE}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        if call.broadcaster_cash_required:
            self.fields["broadcaster_cash"].required = True
            self.fields["broadcaster"].required = True

    def clean_amount_requested(self):
        amount = self.cleaned_data["amount_requested"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount requested must be more than zero."))
        return amount


class ScoreForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["score", "score_comment", "proposal", "proposed_amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].required = True
        self.fields["proposal"].required = True

    def clean(self):
        data = super().clean()
        if data.get("proposal") == Application.Proposal.ACCEPT and not data.get("proposed_amount"):
            self.add_error("proposed_amount", _("Give the amount proposed."))
        return data


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "accepted_amount", "decided_on", "note"]
        widgets = {"decided_on": DATE}

    def clean(self):
        data = super().clean()
        outcome, amount = data.get("outcome"), data.get("accepted_amount")
        if outcome == Decision.Outcome.ACCEPTED and not amount:
            self.add_error("accepted_amount", _("An acceptance needs the amount granted."))
        if outcome != Decision.Outcome.ACCEPTED and amount:
            self.add_error("accepted_amount", _("Only an acceptance grants an amount."))
        return data


class CommitmentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount committed"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))
    walloon_spend_committed = forms.DecimalField(label=_("Walloon spend committed"),
                                                 max_digits=14, decimal_places=2,
                                                 min_value=Decimal(0))
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class VerifiedSpendForm(forms.Form):
    verified_spend = forms.DecimalField(label=_("Verified Walloon spend"), max_digits=14,
                                        decimal_places=2, min_value=Decimal(0))
    verified_spend_source = forms.CharField(
        label=_("Source of the verified spend"), max_length=300,
        help_text=_("e.g. the analyst's check of the cost report of 30/09/2024"))


class ReleaseForm(forms.Form):
    released_on = forms.DateField(label=_("Released on"), widget=DATE)
