"""The carbon footprint's forms: numbers typed the Belgian way (montage.web.core.fields)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from montage.web.carbon import services
from montage.web.carbon.services import factor_text
from montage.web.core.templatetags.montage import current_lang
from montage.web.carbon.models import POSTS, Activity, GreenPlan, ReductionAction
from montage.web.core import uploads
from montage.web.core.fields import BelgianModelForm, NumberField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def factor_choices(on=None) -> list[tuple[str, str]]:
    """The shipped factors, by their description and value in words, for a choice list."""
    lang = current_lang()
    return [("", _("— none: I enter the factor and its source —"))] + [
        (value.name, f"{value.description[lang]} ({factor_text(value, lang)})")
        for value in services.shipped_factors(on)]


class ActivityForm(BelgianModelForm):
    class Meta:
        model = Activity
        fields = ["basis", "phase", "post", "label", "date", "quantity", "unit", "factor_code",
                  "user_factor", "user_factor_source", "expense", "budget_line"]
        widgets = {"date": DATE}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        from montage.web.ledger.models import Expense
        from montage.web.production.models import BudgetLine
        from montage.web.production.services import current_version

        self.fields["factor_code"] = forms.ChoiceField(
            label=_("emission factor"), choices=factor_choices(), required=False,
            help_text=_("a factor shipped with Montage, with its source; otherwise enter "
                        "your own factor below with its source"))
        self.fields["expense"].queryset = Expense.objects.filter(project=project).order_by(
            "date", "pk")
        self.fields["expense"].required = False
        version = current_version(project)
        self.fields["budget_line"].queryset = BudgetLine.objects.filter(
            version=version).select_related("account") if version else BudgetLine.objects.none()
        self.fields["budget_line"].required = False
        self.fields["user_factor"].help_text = _("kg CO2e per unit of the activity")


class SpendFactorForm(forms.Form):
    post = forms.ChoiceField(label=_("post"), choices=POSTS)
    value = NumberField(label=_("kg CO2e per euro"), required=False, min_value=0,
                        help_text=_("leave empty to remove the post's factor"))
    source = forms.CharField(label=_("source"), max_length=300, required=False)


class PostForm(forms.Form):
    """One budget account's post, or one ledger line's (the account first when both are
    sent): the account or line is the project's, else the form is refused."""

    post = forms.ChoiceField(label=_("post"), choices=POSTS)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self):
        from montage.web.ledger.models import Expense

        data = super().clean()
        account = self.project.accounts.filter(pk=_pk(self.data.get("account"))).first()
        expense = (None if account else Expense.objects.filter(
            project=self.project, pk=_pk(self.data.get("expense"))).first())
        if account is None and expense is None:
            raise ValidationError(_("Choose a post for an account or a ledger line."))
        data.update(account=account, expense=expense)
        return data


def _pk(typed) -> int:
    return int(typed) if str(typed or "").isdigit() else 0


class GreenPlanForm(BelgianModelForm):
    class Meta:
        model = GreenPlan
        fields = ["green_manager", "scheme", "scheme_other", "status", "started_on",
                  "certified_on", "valid_until", "document"]
        widgets = {"started_on": DATE, "certified_on": DATE, "valid_until": DATE}

    certificate = forms.FileField(
        label=_("certificate (PDF)"), required=False, validators=[uploads.validate_size],
        help_text=_("the certificate or label as a PDF document; a new one replaces the "
                    "previous one"))


class ActionForm(BelgianModelForm):
    class Meta:
        model = ReductionAction
        fields = ["post", "label", "estimated_reduction_kg", "basis"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file (.xlsx or .csv)"), validators=[uploads.validate_size])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.TextInput(
        attrs={"placeholder": _("reason")}))
