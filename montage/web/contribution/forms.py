"""Step-1 forms: the editor's choice and Formulaire CA, the CSA's questions and decision.

Amounts are typed the Belgian way ("1 234 567,89") or with a dot ("1234567.89") and read as
exact `Decimal`s; shares are typed as percentages ("1,5" for 1.5 %) and stored as fractions.
Every field a form shows is saved or refused with a message: nothing is dropped silently.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from montage.web.contribution import labels as contribution_labels

from montage.law.turnover import EXTERNAL_MARKETS, LOCAL_MARKETS
from montage.web.core import uploads
from montage.web.core.fields import BelgianModelForm, DecimalInput, MoneyField, read_typed_number
from montage.web.contribution.models import ObligationYear, TurnoverDeclaration, TurnoverLine

class PercentField(forms.CharField):
    """A share typed as a percentage (0–100, up to four decimals), returned as a fraction."""

    widget = DecimalInput

    default_error_messages = {
        "invalid": _("Expected a percentage between 0 and 100, such as 1,5."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        percent = read_typed_number(value, forms.ValidationError(
            self.error_messages["invalid"], code="invalid"))
        fraction = percent / 100
        if not 0 <= percent <= 100 or fraction != fraction.quantize(Decimal("0.000001")):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return fraction.quantize(Decimal("0.000001"))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format((value * 100).normalize(), "f").replace(".", ",")
        return value


class ChoiceForm(forms.Form):
    """Deadline 1: the form of contribution for year n and the estimate of turnover n−1."""

    form = forms.ChoiceField(label=_("Form of contribution"),
                             choices=ObligationYear.Form.choices, widget=forms.RadioSelect)
    turnover_estimate = MoneyField(label=_("Estimate of turnover n−1 (excl. VAT)"))
    first_activity_day = forms.DateField(
        label=_("First day of activity (first year of activity only)"), required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy; the choice is then due within 30 days of that day"),
        widget=forms.DateInput(format="%d/%m/%Y"))


class LineForm(BelgianModelForm):
    """One line of the Formulaire CA, for one of the editor's services."""

    amount = MoneyField(label=_("Amount invoiced (excl. VAT)"))
    agency_commissions = MoneyField(label=_("Ad-sales house commissions"), required=False)

    class Meta:
        model = TurnoverLine
        fields = ["service", "category", "market", "amount", "agency_commissions",
                  "confidential"]

    def __init__(self, *args, obligation: ObligationYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        editor = obligation.editor
        self.fields["service"].queryset = editor.services.order_by("name")
        self.fields["service"].empty_label = None
        allowed = LOCAL_MARKETS if editor.establishment == "local" else EXTERNAL_MARKETS
        self.fields["market"].choices = [(value, label) for value, label
                                         in TurnoverLine.Market.choices if value in allowed]
        if not self.instance.pk:
            self.initial.setdefault("market", allowed[0])

    def clean_agency_commissions(self):
        value = self.cleaned_data.get("agency_commissions")
        return Decimal("0.00") if value is None else value

    def clean(self):
        data = super().clean()
        amount, commissions = data.get("amount"), data.get("agency_commissions")
        if amount is not None and commissions is not None and commissions > amount:
            # the engine's own check (montage.law.turnover.check_line) refuses it too
            self.add_error("agency_commissions",
                           _("The commissions exceed the amount invoiced."))
        service, category, market = data.get("service"), data.get("category"), data.get("market")
        declaration = TurnoverDeclaration.objects.filter(obligation=self.obligation).first()
        if declaration is not None and service and category and market:
            twin = declaration.lines.filter(service=service, category=category, market=market)
            if self.instance.pk:
                twin = twin.exclude(pk=self.instance.pk)
            if twin.exists():
                raise forms.ValidationError(_("This service already has a line for this "
                                              "category and market: change that line instead."))
        return data


class FactsForm(forms.Form):
    """A service's audience share and share of audiovisual works for the year (step 1 §5)."""

    audience_share = PercentField(label=_("Audience share (%)"), required=False)
    audiovisual_works_share = PercentField(label=_("Share of audiovisual works in airtime (%)"),
                                           required=False)


ATTACHMENT_KINDS = [
    ("accounts", _("official accounts")),
    ("ad_sales_attestation", _("attestation of the ad-sales house")),
    ("other_evidence", _("other supporting document")),
]


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ATTACHMENT_KINDS)
    file = forms.FileField(label=_("File"), validators=[uploads.validate_size])
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    confidential = forms.BooleanField(label=_("Confidential"), required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question to the editor"), widget=forms.Textarea(
        attrs={"rows": 3}), max_length=5000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=5000)


class DecisionForm(forms.Form):
    """The CSA's decision: the eligible turnover, then the engine's amount or an exemption."""

    OUTCOMES = [("fixed", _("amount computed by the engine")),
                ("exempt", _("exemption"))]

    eligible_turnover = MoneyField(label=_("Eligible turnover n−1"))
    outcome = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    exemption_ground = forms.ChoiceField(
        label=_("Exemption ground"), required=False,
        choices=lambda: [("", "—")] + contribution_labels.choices(
            ObligationYear.ExemptionGround.choices))
    note = forms.CharField(label=_("Note (recorded with the decision)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "exempt" and not data.get("exemption_ground"):
            self.add_error("exemption_ground", _("Give the ground of the exemption."))
        if data.get("outcome") == "fixed" and data.get("exemption_ground"):
            self.add_error("exemption_ground",
                           _("An exemption ground goes with an exemption, not with an amount."))
        return data


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=_("Obligation year"), min_value=2024, max_value=2100)
