"""The fund desk's forms. Every field a form shows is saved; nothing is silently dropped."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import get_language, gettext_lazy as _

from montage.money import format_money
from montage.web.core.fields import BelgianModelForm, NumberField, RecordForm
from montage.web.core.templatetags.montage import current_lang
from montage.web.fund.models import Application, Call, Decision, FundingLine

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(BelgianModelForm):
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
        self._check_yearly_envelope(data)
        return data

    def _check_yearly_envelope(self, data) -> None:
        """The calls of a line opening in one year stay within that line's yearly envelope
        (when the fund has recorded one for the year)."""
        line, opens_on, envelope = (data.get("funding_line"), data.get("opens_on"),
                                    data.get("envelope"))
        if not (line and opens_on and envelope is not None):
            return
        yearly = line.envelopes.filter(year=opens_on.year).first()
        if yearly is None:
            return
        others = Call.objects.filter(funding_line=line, opens_on__year=opens_on.year) \
            .exclude(pk=self.instance.pk)
        total = sum((call.envelope for call in others), Decimal(0)) + envelope
        if total > yearly.amount:
            lang = "en" if get_language() == "en" else "fr"
            self.add_error("envelope", _(
                "The calls of this line opening in %(year)s would total %(total)s, above the "
                "line's yearly envelope of %(yearly)s.") % {
                    "year": opens_on.year, "total": format_money(total, lang),
                    "yearly": format_money(yearly.amount, lang)})


class ApplicationForm(BelgianModelForm):
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


class ScoreForm(BelgianModelForm):
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


class DecisionForm(BelgianModelForm):
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
    amount = NumberField(label=_("Amount committed"), max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))
    walloon_spend_committed = NumberField(label=_("Walloon spend committed"),
                                                 max_digits=14, decimal_places=2,
                                                 min_value=Decimal(0))
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class VerifiedSpendForm(RecordForm):
    """On the commitment (record=): refused when it changed since the page was opened."""

    verified_spend = NumberField(label=_("Verified Walloon spend"), max_digits=14,
                                        decimal_places=2, min_value=Decimal(0))
    verified_spend_source = forms.CharField(
        label=_("Source of the verified spend"), max_length=300,
        help_text=_("e.g. the analyst's check of the cost report of 30/09/2024"))


class ReleaseForm(RecordForm):
    """On the tranche (record=): refused when it changed (was released) since the page was
    opened; the commitment's page says why on the tranche's row, both values at once."""

    STALE_ON_TOP = True
    released_on = forms.DateField(label=_("Released on"), widget=DATE)


# -- commitments: cancellation and recoupment ---------------------------------------------------

class CancellationForm(forms.Form):
    cancelled_on = forms.DateField(label=_("Cancelled on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    released_to_envelope = NumberField(
        label=_("Amount released to the envelope"), max_digits=14, decimal_places=2,
        min_value=Decimal(0), help_text=_("at most the amount committed; by default what has "
                                          "not been paid yet"))

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment

    def clean_released_to_envelope(self):
        amount = self.cleaned_data["released_to_envelope"]
        if amount > self.commitment.amount:
            raise forms.ValidationError(
                _("At most the amount committed, %(amount)s.") % {"amount": self.commitment.amount})
        return amount


class RecoupmentForm(BelgianModelForm):
    class Meta:
        from montage.web.fund.models import RecoupmentReceipt

        model = RecoupmentReceipt
        fields = ["received_on", "amount", "source", "note"]
        widgets = {"received_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount received must be more than zero."))
        return amount


# -- the enterprise fund ------------------------------------------------------------------------

class HoldingForm(BelgianModelForm):
    class Meta:
        from montage.web.fund.models import EnterpriseHolding

        model = EnterpriseHolding
        fields = ["company", "sector"]


class InstrumentForm(BelgianModelForm):
    """A loan or an equity stake; a cash-flow loan is checked against the product's terms
    (montage.fund.enterprise.check_cashflow_loan): every failed term is named with its figure."""

    class Meta:
        from montage.web.fund.models import EnterpriseInstrument

        model = EnterpriseInstrument
        fields = ["kind", "product", "amount", "granted_on", "sector", "eif_coverage_share",
                  "eif_coverage_amount", "rate", "term_months", "production_budget",
                  "budget_secured", "note"]
        widgets = {"granted_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    check = None

    def clean(self):
        from montage.errors import InputError, ParameterError
        from montage.fund.enterprise import check_cashflow_loan

        data = super().clean()
        share = data.get("eif_coverage_share")
        if share is not None and share > 1:
            self.add_error("eif_coverage_share", _("A share lies between 0 and 1."))
        if data.get("product") != "cashflow_loan" or self.errors:
            return data
        if data.get("kind") != "loan":
            self.add_error("kind", _("A cash-flow loan is a loan."))
            return data
        missing = [name for name in ("rate", "term_months", "production_budget",
                                     "budget_secured") if data.get(name) is None]
        for name in missing:
            self.add_error(name, _("A cash-flow loan needs this figure to be checked."))
        if missing:
            return data
        try:
            self.check = check_cashflow_loan(data["amount"], data["rate"], data["term_months"],
                                             data["production_budget"], data["budget_secured"],
                                             on=data["granted_on"])
        except ParameterError:
            self.add_error("granted_on", _("The cash-flow loan did not exist on that date "
                                           "(its terms apply from 01/01/2025)."))
            return data
        except InputError as error:
            field = {"budget": "production_budget", "secured": "budget_secured",
                     "months": "term_months"}.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message)
            return data
        fields = {"amount": "amount", "rate": "rate", "months": "term_months",
                  "secured": "budget_secured"}
        for verdict in self.check.verdicts:
            if not verdict.ok:
                self.add_error(fields[verdict.term], _("%(figure)s: not met (%(rule)s).") % {
                    "figure": verdict.figure.text(current_lang()),
                    "rule": verdict.rule.text(current_lang())})
        return data


class MovementForm(BelgianModelForm):
    class Meta:
        from montage.web.fund.models import EnterpriseMovement

        model = EnterpriseMovement
        fields = ["instrument", "kind", "occurred_on", "amount", "note"]
        widgets = {"occurred_on": DATE}

    def __init__(self, *args, holding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = holding.instruments.all()

    def clean(self):
        data = super().clean()
        amount, kind = data.get("amount"), data.get("kind")
        if amount is not None and amount < 0 and kind != "capital_gain":
            self.add_error("amount", _("Only a capital gain may be negative (a sale below "
                                       "cost)."))
        instrument = data.get("instrument")
        if kind and instrument is not None:
            equity_only, loan_only = {"capital_gain", "exit"}, {"interest"}
            if (instrument.kind == "loan" and kind in equity_only) or (
                    instrument.kind == "equity" and kind in loan_only):
                self.add_error("kind", _("This movement does not apply to this instrument."))
        return data


# -- the film office ----------------------------------------------------------------------------

class ShootingFileForm(BelgianModelForm):
    class Meta:
        from montage.web.fund.models import ShootingFile

        model = ShootingFile
        fields = ["year", "title", "project_type", "files", "files_shot", "days", "funded",
                  "days_covered", "financed_non_av_spend", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        files, shot = data.get("files"), data.get("files_shot")
        days, covered = data.get("days"), data.get("days_covered")
        if files is not None and shot is not None and shot > files:
            self.add_error("files_shot", _("At most the number of files."))
        if days is not None and covered is not None and covered > days:
            self.add_error("days_covered", _("At most the days shot."))
        if data.get("funded") and covered not in (None, 0, days):
            self.add_error("days_covered", _("A funded file has all its days covered: leave "
                                             "this at 0 or give all its days."))
        return data
