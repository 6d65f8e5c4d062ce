"""Step 2 forms. Every model field a form shows is saved; nothing is silently dropped."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from montage.law.investments import COMMISSIONS
from montage.web import permissions
from montage.web.core import lists
from montage.web.core import uploads
from montage.web.core.fields import BelgianModelForm, NumberField
from montage.web.core.templatetags.montage import shown_money
from montage.web.investments.models import (CommitteeMeeting, IndependenceAssessment,
                                            IndependenceShareholder, IndependenceTurnover,
                                            Investment, Payment)
from montage.web.ledger.models import Expense

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InvestmentForm(BelgianModelForm):
    """One line of the Récapitulatif Invest, as the editor files it. Status, justified amount
    and decision date are the CCA's (StatusForm).

    The work is chosen among the works the user sees (permissions.works_for), or named by its
    title together with its producer when the editor does not see it yet
    (permissions.works_announced_with): the list never offers another producer's projects."""

    work_title = forms.CharField(
        label=_("or the title of a work not yet in your register"), required=False,
        max_length=300, help_text=_("Give its producer below: the work is found by its title "
                                    "and its delegate producer."))

    class Meta:
        model = Investment
        fields = ["category", "work", "producer", "fwb_initiative", "document", "document_date",
                  "amount", "genre", "promotes_fwb_artists_or_heritage", "delegated_to",
                  "counted_under_other_obligation", "legal_advantage", "reassigned_from",
                  "confidential"]
        widgets = {"document_date": DATE}

    field_order = ["category", "work", "work_title", "producer"]

    def __init__(self, *args, editor, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.user = user
        self.fields["work"].queryset = permissions.works_for(user).order_by("title", "pk")
        lists.searchable(self.fields["work"], reverse("work_search"), _("type a title"))
        from montage.web.investments.services import step2_reassignable

        reassignable = step2_reassignable(editor, self.instance)
        self.fields["reassigned_from"].queryset = reassignable.select_related("work",
                                                                               "obligation")
        self.fields["reassigned_from"].label_from_instance = (
            lambda i: f"{i.obligation.year} · {i.get_category_display()} · {i.work or '—'} "
                      f"({shown_money(i.amount)})")
        self.fields["document_date"].required = True

    def clean(self):
        data = super().clean()
        if data.get("genre") and data.get("category") not in COMMISSIONS:
            self.add_error("genre", _("A programme genre only applies to programme "
                                      "commissions."))
        title = " ".join((data.get("work_title") or "").split())
        if title:
            if data.get("work"):
                self.add_error("work_title", _("Choose the work in the list or give its title, "
                                               "not both."))
            elif not data.get("producer"):
                if "producer" not in self.errors:
                    self.add_error("producer", _("A work named by its title needs its "
                                                 "producer."))
            else:
                found = list(permissions.works_announced_with(self.user, data["producer"])
                             .filter(title__iexact=title)[:2])
                if len(found) == 1:
                    data["work"] = found[0]
                else:  # none, or several: the same answer, nothing said about other works
                    self.add_error("work_title", _("No work of this producer has this title in "
                                                   "Montage, or several do."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"),
                                 choices=[("validated", _("validate")), ("refused", _("refuse"))])
    note = forms.CharField(label=_("note"), required=False, max_length=1000)


class StatusForm(BelgianModelForm):
    """The CCA marks an investment unrealised (§6: justified part, initial decision date) or
    cancelled, or active again."""

    note = forms.CharField(label=_("note"), required=False, max_length=1000)

    class Meta:
        model = Investment
        fields = ["status", "justified_amount", "decision_date"]
        widgets = {"decision_date": DATE}

    def clean(self):
        data = super().clean()
        status = data.get("status")
        justified = data.get("justified_amount")
        if status == Investment.Status.UNREALISED:
            if not data.get("decision_date") and not self.instance.document_date:
                self.add_error("decision_date", _("An unrealised project needs its initial "
                                                  "decision date."))
            if justified is not None and justified > self.instance.amount:
                self.add_error("justified_amount", _("The justified part exceeds the amount "
                                                     "invested."))
        elif justified is not None:
            self.add_error("justified_amount", _("A justified amount only applies to an "
                                                 "unrealised project."))
        return data


class AttachmentForm(forms.Form):
    checklist_key = forms.ChoiceField(label=_("checklist item"))
    file = forms.FileField(label=_("file"), validators=[uploads.validate_size])
    description = forms.CharField(label=_("description"), required=False, max_length=200)
    confidential = forms.BooleanField(label=_("confidential"), required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist_key"].choices = [(i["key"], i["label"]) for i in items] + [
            ("other", _("other document"))]


class SpilloverProofForm(forms.Form):
    expense = forms.ModelChoiceField(label=_("expense"), queryset=Expense.objects.none())
    amount = NumberField(label=_("amount shown (excl. VAT)"), max_digits=14,
                                decimal_places=2, min_value=0, required=False,
                                help_text=_("empty: the expense's amount excluding VAT"))

    def __init__(self, *args, expenses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expense"].queryset = expenses
        self.fields["expense"].label_from_instance = (
            lambda e: f"{e.number or '#' + str(e.pk)} · {e.get_kind_display()} · "
                      f"{e.supplier or '—'} · {shown_money(e.amount_excl_vat)}")

    def clean(self):
        data = super().clean()
        expense = data.get("expense")
        if expense is not None and data.get("amount") is not None and \
                data["amount"] > expense.amount_excl_vat:
            self.add_error("amount", _("The amount shown exceeds the expense."))
        return data


def mandatory_fields():
    from django.utils import timezone

    from montage.web.parameters.services import current_parameters

    return current_parameters().get("spillover.invoice_mandatory_fields",
                                    timezone.localdate()).value


class MissingFieldsForm(forms.Form):
    missing_fields = forms.MultipleChoiceField(label=_("mandatory mentions missing"),
                                               required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from montage.law.explain import label
        from montage.web.core.templatetags.montage import current_lang

        self.fields["missing_fields"].choices = [(f, label(f, current_lang()))
                                                 for f in mandatory_fields()]


class IndependenceForm(BelgianModelForm):
    class Meta:
        model = IndependenceAssessment
        fields = ["reference_year", "established_in_eu", "separate_legal_personality",
                  "largest_share_in_an_editor"]
        widgets = {"established_in_eu": forms.NullBooleanSelect,
                   "separate_legal_personality": forms.NullBooleanSelect}
        help_texts = {"largest_share_in_an_editor": _("a fraction: 0.12 for 12 %; empty when "
                                                      "not known")}

    def clean(self):
        # The (company, year) constraint involves a field the form does not show, so Django's
        # own uniqueness check skips it: say it here instead of failing in the database.
        cleaned = super().clean()
        year = cleaned.get("reference_year")
        company_id = self.instance.company_id
        if year and company_id and IndependenceAssessment.objects.filter(
                company_id=company_id, reference_year=year).exclude(pk=self.instance.pk).exists():
            self.add_error("reference_year", _("This company already has an assessment for "
                                               "this year: edit that one instead."))
        return cleaned


ShareholderFormSet = inlineformset_factory(
    IndependenceAssessment, IndependenceShareholder, extra=2, can_delete=True,
    fields=["name", "share", "is_editor", "share_in_an_editor"])
TurnoverFormSet = inlineformset_factory(
    IndependenceAssessment, IndependenceTurnover, extra=3, can_delete=True,
    fields=["year", "total", "editor_name", "sales_to_editor"])


class PaymentCreateForm(BelgianModelForm):
    """The CCA's payment letter for an amount the engine says is owed."""

    year = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Payment
        fields = ["reason", "amount", "letter_sent_on", "due_on", "communication"]
        widgets = {"letter_sent_on": DATE, "due_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_sent_on"].required = True
        self.fields["due_on"].required = True


class PaymentUpdateForm(BelgianModelForm):
    class Meta:
        model = Payment
        fields = ["letter_sent_on", "due_on", "paid_on", "paid_amount", "communication"]
        widgets = {"letter_sent_on": DATE, "due_on": DATE, "paid_on": DATE}

    def clean(self):
        data = super().clean()
        if bool(data.get("paid_on")) != (data.get("paid_amount") is not None):
            raise forms.ValidationError(_("Give both the payment date and the amount paid."))
        return data


class CommitteeForm(BelgianModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["held_on", "opinion"]
        widgets = {"held_on": DATE}
