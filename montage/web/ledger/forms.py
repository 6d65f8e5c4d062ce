"""The ledger's forms: suppliers (companies), people paid on payroll, invoices and payroll lines.

Identifiers are checked with python-stdnum (montage.identifiers) and stored in their official
form; a Belgian postal code is located with montage.territory (Statbel data): an unknown or
ambiguous code is a form error on that field, never a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from montage import identifiers
from montage.errors import MontageError
from montage.web.parameters.services import current_parameters
from montage.territory import locate
from montage.web import permissions
from montage.web.core import lists
from montage.web.core.fields import BelgianModelForm, RateField
from montage.web.core.templatetags.montage import shown_money
from montage.web.ledger.models import Expense
from montage.web.core import problems
from montage.web.production.models import Account
from montage.web.registry.models import Company, Person

# The VAT rate is typed as a percentage ("21", "21 %") and held as the fraction (0.21).
VAT_HELP = _("in percent: 21 for 21 %")

# The vade-mecum §9 mandatory mentions of an invoice (parameter spillover.invoice_mandatory_fields)
MANDATORY_LABELS = {
    "invoice_mention": _("the word “Invoice”"),
    "supplier_name": _("supplier's name"),
    "supplier_address": _("supplier's address"),
    "client_name": _("client's name"),
    "client_address": _("client's address"),
    "invoice_date": _("invoice date"),
    "supplier_vat_number": _("supplier's VAT number"),
    "client_vat_number": _("client's VAT number"),
    "description": _("description of the goods or services"),
    "vat_rate": _("VAT rate"),
    "amount_excl_vat": _("amount excluding VAT"),
}

NACE = re.compile(r"^\d{2}(\.?\d{1,3})?$")
TRISTATE = [("", _("not established")), ("true", _("yes")), ("false", _("no"))]


def mandatory_fields(on=None) -> tuple[str, ...]:
    """The mandatory invoice mentions in force on a day (law parameter)."""
    return tuple(current_parameters().get("spillover.invoice_mandatory_fields",
                                          on or timezone.localdate()).value)


def mandatory_choices(on=None) -> list[tuple[str, str]]:
    return [(key, MANDATORY_LABELS.get(key, key)) for key in mandatory_fields(on)]


def _country(value: str, field: str) -> str:
    value = (value or "").strip().upper()
    if value and (len(value) != 2 or not value.isalpha()):
        raise forms.ValidationError(
            _("%(field)s: expected a two-letter ISO country code such as BE or FR, got "
              "“%(value)s”.") % {"field": field, "value": value})
    return value


def _locate(code: str, city: str, what: str):
    """The place of a Belgian postal code, or a ValidationError naming the field."""
    try:
        return locate(code, municipality=city or None)
    except MontageError as error:
        raise forms.ValidationError(_("%(what)s: %(error)s") % {
            "what": what, "error": problems.message(error)}) from None


def _owner_field(form, owners) -> None:
    """A new record belongs to one of the user's producer organisations: asked only when the user
    has several (permissions.owner_choices)."""
    if owners is not None and owners.count() > 1:
        form.fields["owner"] = forms.ModelChoiceField(
            label=_("organisation"), queryset=owners,
            help_text=_("the organisation that owns the record and edits it"))


class SupplierForm(BelgianModelForm):
    audiovisual_activity = forms.TypedChoiceField(
        label=_("audiovisual activity"), choices=TRISTATE, required=False,
        coerce=lambda value: {"true": True, "false": False}.get(value), empty_value=None,
        help_text=_("whether the corporate purpose and NACE codes show an audiovisual activity "
                    "(Wallimage asks it shown from 2025)"))

    class Meta:
        model = Company
        fields = ["name", "enterprise_number", "vat_number", "country", "registered_street",
                  "registered_postal_code", "registered_city", "operating_street",
                  "operating_postal_code", "operating_city", "operating_country",
                  "audiovisual_activity", "nace_codes"]
        help_texts = {
            "enterprise_number": _("Belgian companies: 10 digits, e.g. 0403.170.701"),
            "vat_number": _("with its country prefix, e.g. BE0403170701 or FR40303265045"),
            "nace_codes": _("comma-separated, e.g. 59.11, 77.39"),
            "registered_city": _("chooses among municipalities sharing a postal code"),
            "operating_country": _("empty: same as the registered seat"),
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        _owner_field(self, owners)
        if self.instance.pk:
            self.initial["audiovisual_activity"] = {True: "true", False: "false"}.get(
                self.instance.audiovisual_activity, "")
        self.fields["enterprise_number"].validators = []  # checked in clean_ with the reason
        for name in ("country", "operating_country"):  # checked in clean_ with what is expected
            self.fields[name].max_length = None
            self.fields[name].validators = []
            self.fields[name].widget.attrs.pop("maxlength", None)

    def clean_country(self):
        value = _country(self.cleaned_data.get("country"), str(_("country")))
        if not value:
            raise forms.ValidationError(_("country: expected a two-letter ISO code, e.g. BE."))
        return value

    def clean_operating_country(self):
        return _country(self.cleaned_data.get("operating_country"),
                        str(_("operating seat: country")))

    def clean_enterprise_number(self):
        value = (self.cleaned_data.get("enterprise_number") or "").strip()
        if not value:
            return ""
        try:
            value = identifiers.enterprise_number(value)
        except MontageError as error:
            raise forms.ValidationError(_("Enterprise number: %(error)s.") % {
                "error": problems.message(error)}) from None
        self._not_in_registry("enterprise_number", value)
        return value

    def clean_vat_number(self):
        value = (self.cleaned_data.get("vat_number") or "").strip()
        if not value:
            return ""
        try:
            value = identifiers.vat_number(value)
        except MontageError as error:
            raise forms.ValidationError(_("VAT number: %(error)s.") % {
                "error": problems.message(error)}) from None
        self._not_in_registry("vat_number", value)
        return value

    def _not_in_registry(self, field: str, value: str) -> None:
        """A company is found by its enterprise or VAT number before a new one is made: the
        shared registry holds each company once (its owner edits it, others propose)."""
        found = Company.objects.filter(**{field: value}).exclude(pk=self.instance.pk).first()
        if found is not None:
            raise forms.ValidationError(_(
                "%(number)s is already in the registry: %(name)s. Use that record (its owner "
                "edits it; you may propose a correction on its page).") % {
                "number": value, "name": found.name})

    def clean_nace_codes(self):
        value = self.cleaned_data.get("nace_codes") or ""
        codes = [code.strip() for code in value.split(",") if code.strip()]
        for code in codes:
            if not NACE.match(code):
                raise forms.ValidationError(
                    _("NACE codes: expected codes such as 59.11 or 77.39, got “%(code)s”.")
                    % {"code": code})
        return ", ".join(codes)

    def clean(self):
        data = super().clean()
        country = data.get("country")
        if country == "BE":
            code = (data.get("registered_postal_code") or "").strip()
            if code:
                try:
                    _locate(code, data.get("registered_city"),
                            str(_("registered seat: postal code")))
                except forms.ValidationError as error:
                    self.add_error("registered_postal_code", error)
            enterprise = data.get("enterprise_number")
            vat = data.get("vat_number")
            if enterprise and vat and vat.startswith("BE") and \
                    vat[2:] != enterprise.replace(".", ""):
                self.add_error("vat_number", _(
                    "VAT number: a Belgian VAT number is BE followed by the enterprise number "
                    "(expected BE%(number)s).") % {"number": enterprise.replace(".", "")})
        operating = (data.get("operating_postal_code") or "").strip()
        if operating and (data.get("operating_country") or country) == "BE":
            try:
                _locate(operating, data.get("operating_city"),
                        str(_("operating seat: postal code")))
            except forms.ValidationError as error:
                self.add_error("operating_postal_code", error)
        return data


class CorrectionForm(SupplierForm):
    """A correction of a supplier proposed to its owner: the supplier's fields as they should be
    (checked as an edit is) and why."""

    note = forms.CharField(label=_("why (source of the correction)"), widget=forms.Textarea(
        attrs={"rows": 3}), max_length=2000)

    def clean(self):
        data = super().clean()
        if not [name for name in self.changed_data if name != "note"]:
            raise forms.ValidationError(_("Change at least one field to propose a correction."))
        return data


class PersonForm(BelgianModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "domicile_postal_code", "domicile_country"]
        help_texts = {"domicile_postal_code": _("decides the territory of a payroll line for "
                                                "Wallimage")}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        _owner_field(self, owners)
        self.fields["domicile_postal_code"].required = True
        if not self.instance.pk:
            self.initial.setdefault("domicile_country", "BE")

    def clean_domicile_country(self):
        value = _country(self.cleaned_data.get("domicile_country"),
                         str(_("domicile: country")))
        if not value:
            raise forms.ValidationError(_("domicile: country: expected a two-letter ISO code, "
                                          "e.g. BE."))
        return value

    def clean(self):
        data = super().clean()
        code = (data.get("domicile_postal_code") or "").strip()
        if code and data.get("domicile_country") == "BE":
            try:
                _locate(code, "", str(_("domicile: postal code")))
            except forms.ValidationError as error:
                self.add_error("domicile_postal_code", error)
        return data


class _ExpenseForm(BelgianModelForm):
    """Common to invoices and payroll lines: the project's accounts only."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if "account" in self.fields:
            self.fields["account"].queryset = Account.objects.filter(project=project)
            self.fields["account"].required = True
        self.fields["date"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if "paid_on" in self.fields:
            self.fields["paid_on"].widget = forms.DateInput(attrs={"type": "date"},
                                                            format="%Y-%m-%d")

    def clean_amount_excl_vat(self):
        value = self.cleaned_data.get("amount_excl_vat")
        if value is not None and value != value.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("expected euros and cents, e.g. 1234.56"))
        return value


class InvoiceForm(_ExpenseForm):
    manager_lives_in_wallonia = forms.TypedChoiceField(
        label=_("manager lives in Wallonia"), choices=TRISTATE, required=False,
        coerce=lambda value: {"true": True, "false": False}.get(value), empty_value=None)
    missing_fields = forms.MultipleChoiceField(
        label=_("mandatory mentions missing from the invoice (vade-mecum §9)"), required=False,
        widget=forms.CheckboxSelectMultiple, choices=())
    duplicate_reason = forms.CharField(
        label=_("why this is not a duplicate (only when Montage asks)"), required=False,
        max_length=300)

    class Meta:
        model = Expense
        fields = ["supplier", "number", "date", "account", "description", "amount_excl_vat",
                  "vat_rate", "cost_type", "paid_on", "location_rental", "studio",
                  "manager_services", "manager_lives_in_wallonia", "post_production", "vfx",
                  "vehicle_rental_agency", "hotel_night", "private_flat_set", "directly_linked",
                  "missing_fields"]
        field_classes = {"vat_rate": RateField}
        help_texts = {"vat_rate": VAT_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].required = True
        self.fields["supplier"].queryset = Company.objects.order_by("name")
        lists.searchable(self.fields["supplier"], reverse("ledger_supplier_search"),
                         _("type a name or an enterprise number"))
        self.fields["number"].required = True
        self.fields["missing_fields"].choices = mandatory_choices()
        if self.instance.pk:
            self.initial["manager_lives_in_wallonia"] = {True: "true", False: "false"}.get(
                self.instance.manager_lives_in_wallonia, "")

    def clean(self):
        data = super().clean()
        amount, manager = data.get("amount_excl_vat"), data.get("manager_services")
        if amount is not None and manager is not None and manager > amount:
            self.add_error("manager_services", _("the manager's services cannot exceed the "
                                                 "amount of the invoice"))
        return data

    def save(self, commit=True):
        expense = super().save(commit=False)
        expense.kind = Expense.Kind.INVOICE
        expense.project, expense.owner, expense.work = (
            self.project, self.project.owner, self.project.work)
        expense.employee = None
        expense.missing_fields = list(self.cleaned_data.get("missing_fields") or [])
        if commit:
            expense.save()
        return expense


class CreditNoteForm(_ExpenseForm):
    """A credit note entered by hand: its amount typed either way, stored negative; netted
    against the invoice chosen, or the supplier's invoices of its month (services.save_expense,
    montage.web.ledger.credits)."""

    duplicate_reason = forms.CharField(
        label=_("why this is not a duplicate (only when Montage asks)"), required=False,
        max_length=300)

    class Meta:
        model = Expense
        fields = ["supplier", "number", "date", "credits", "description", "amount_excl_vat",
                  "vat_rate", "paid_on"]
        field_classes = {"vat_rate": RateField}
        help_texts = {"vat_rate": VAT_HELP}
        labels = {"number": _("credit note number"),
                  "amount_excl_vat": _("amount credited excl. VAT")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].required = True
        self.fields["supplier"].queryset = Company.objects.order_by("name")
        lists.searchable(self.fields["supplier"], reverse("ledger_supplier_search"),
                         _("type a name or an enterprise number"))
        self.fields["number"].required = True
        self.fields["credits"].queryset = Expense.objects.filter(
            project=self.project, kind=Expense.Kind.INVOICE).select_related(
            "supplier").order_by("supplier__name", "date", "number")
        self.fields["credits"].label_from_instance = lambda line: (
            f"{line.supplier} · {line.number} · {line.date:%d/%m/%Y} · "
            f"{shown_money(line.amount_excl_vat)}")
        self.fields["credits"].empty_label = _("none: the supplier's invoices of its month")
        self.fields["credits"].help_text = _("the supplier's invoice it credits, when it "
                                             "names one")

    def clean_amount_excl_vat(self):
        value = super().clean_amount_excl_vat()
        if value is not None and not value:
            raise forms.ValidationError(_("a credit note credits something: not zero"))
        return None if value is None else -abs(value)

    def clean(self):
        data = super().clean()
        invoice, supplier = data.get("credits"), data.get("supplier")
        if invoice is not None and supplier is not None and invoice.supplier_id != supplier.pk:
            self.add_error("credits", _("an invoice of %(supplier)s: a credit note credits its "
                                        "own supplier's invoice") % {"supplier": supplier})
        return data

    def save(self, commit=True):
        expense = super().save(commit=False)
        expense.kind = Expense.Kind.CREDIT_NOTE
        expense.project, expense.owner, expense.work = (
            self.project, self.project.owner, self.project.work)
        expense.employee, expense.manager_services, expense.missing_fields = None, 0, []
        if commit:
            expense.save()
        return expense


class PayrollForm(_ExpenseForm):
    class Meta:
        model = Expense
        fields = ["employee", "number", "date", "account", "description", "amount_excl_vat",
                  "cost_type", "paid_on", "directly_linked"]
        labels = {"amount_excl_vat": _("gross salary"), "number": _("payslip reference")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].required = True
        # the employer's own people only (permissions.payroll_people_for)
        self.fields["employee"].queryset = permissions.payroll_people_for(
            self.project).order_by("last_name", "first_name")

    def clean_employee(self):
        person = self.cleaned_data.get("employee")
        if person is not None and not person.domicile_postal_code:
            raise forms.ValidationError(_("employee: record the domicile postal code of "
                                          "%(person)s first (it decides the territory).")
                                        % {"person": person})
        return person

    def save(self, commit=True):
        expense = super().save(commit=False)
        expense.kind = Expense.Kind.PAYROLL
        expense.project, expense.owner, expense.work = (
            self.project, self.project.owner, self.project.work)
        expense.supplier = None
        expense.vat_rate = Decimal("0")
        expense.missing_fields = []
        if commit:
            expense.save()
        return expense


class ExpenseFilter(forms.Form):
    account = forms.ModelChoiceField(label=_("account"), queryset=Account.objects.none(),
                                     required=False)
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Company.objects.none(),
                                      required=False, widget=lists.LongSelect)
    kind = forms.ChoiceField(label=_("kind"), required=False,
                             choices=[("", "—"), ("invoice", _("invoice")),
                                      ("credit_note", _("credit note")),
                                      ("payroll", _("payroll"))])
    month = forms.CharField(label=_("month"), required=False,
                            widget=forms.TextInput(attrs={"type": "month"}),
                            help_text=_("YYYY-MM"))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.filter(project=project)
        # EXISTS per company (the supplier index), not a scan of the project's ledger
        self.fields["supplier"].queryset = Company.objects.filter(Exists(
            Expense.objects.filter(project=project, supplier=OuterRef("pk")))).order_by("name")

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        # years 0001 to 9998: the month's range (up to the 1st of the next one) is a date
        if value and not re.fullmatch(r"(?!0000|9999)\d{4}-(0[1-9]|1[0-2])", value):
            raise forms.ValidationError(_("month: expected YYYY-MM, e.g. 2025-03"))
        return value
