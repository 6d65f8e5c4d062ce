"""The production desk's forms. Every field a form shows is saved; nothing is silently dropped.
Numbers are read as people type them in Belgium ("1 234,50") by montage.money."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from montage.finance.obligations import SB_FORMATS
from montage.web import permissions
from montage.law.explain import label
from montage.web.core import lists
from montage.web.core.fields import (BelgianModelForm, MoneyField, NumberField, RateField,
                                     RowsFormSet)
from montage.web.core.templatetags.montage import current_lang
from montage.web.fund.models import Commitment
from montage.web.production.services import spend_place
from montage.web.registry.services import Refused
from montage.web.production.models import (Account, BudgetLine, CoproductionShare,
                                           FinancingSource, FinancingTranche, FringeRate,
                                           PurchaseOrder)
from montage.web.registry.models import Company, Credit, Organisation, Person, Work

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HUNDRED = Decimal(100)


class PercentField(NumberField):
    """A share typed in percent (70 or 70,5), kept as a fraction (0.7)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", HUNDRED)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)


def _percent(fraction):
    return None if fraction is None else (fraction * HUNDRED).normalize()


def _check_currency(form, data, amount_field, rate_field, date_field, foreign_fields=()):
    currency = (data.get("currency") or "EUR").upper()
    data["currency"] = currency
    if len(currency) != 3 or not currency.isalpha():
        form.add_error("currency", _("Expected a three-letter currency code (EUR, USD…)."))
        return currency
    if currency == "EUR":
        for name in (rate_field, date_field, *foreign_fields):
            if data.get(name) not in (None, ""):
                form.add_error(name, _("Only for an amount in another currency than EUR."))
    else:
        for name in (rate_field, date_field, *foreign_fields):
            if data.get(name) in (None, ""):
                form.add_error(name, _("Required for an amount in %(currency)s: the rate "
                                       "and its date are never guessed.") % {"currency": currency})
        if data.get(rate_field) is not None and data[rate_field] <= 0:
            form.add_error(rate_field, _("Expected a rate above zero."))
    return currency


# -- project ----------------------------------------------------------------------------------

class ProjectForm(forms.Form):
    owner = forms.ModelChoiceField(Organisation.objects.none(), label=_("producer"))
    existing_work = forms.ModelChoiceField(
        Work.objects.none(), required=False, label=_("existing work"),
        help_text=_("pick one of your company's works, or leave empty and describe a new one"))
    title = forms.CharField(label=_("title"), max_length=300, required=False)
    work_type = forms.ChoiceField(label=_("type"), choices=[("", "—")] + Work.Type.choices,
                                  required=False)
    genre = forms.CharField(label=_("genre"), max_length=100, required=False)
    initiative = forms.ChoiceField(label=_("initiative"),
                                   choices=[("", "—")] + Work.Initiative.choices, required=False)
    status = forms.ChoiceField(label=_("status"), choices=[("", "—")] + Work.Status.choices,
                               required=False)
    format = forms.CharField(label=_("format"), max_length=200, required=False,
                             help_text=_("e.g. 1 × 95 min, 10 × 52 min"))
    position = forms.ChoiceField(label=_("position"), choices=[
        ("sole", _("sole producer")), ("majority", _("majority coproducer")),
        ("minority", _("minority coproducer"))])
    shooting_start = forms.DateField(label=_("shooting starts"), required=False, widget=DATE)
    shooting_end = forms.DateField(label=_("shooting ends"), required=False, widget=DATE)

    WORK_FIELDS = ("title", "work_type", "genre", "initiative", "status")

    def __init__(self, *args, organisations, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["owner"].queryset = Organisation.objects.filter(pk__in=organisations)
        companies = [o.company_id for o in self.fields["owner"].queryset if o.company_id]
        self.fields["existing_work"].queryset = Work.objects.filter(
            producer_id__in=companies).exclude(projects__owner_id__in=organisations)
        if project is not None:
            del self.fields["owner"], self.fields["existing_work"]
            work = project.work
            for name in self.WORK_FIELDS:
                self.fields[name].required = name != "genre"
                self.initial.setdefault(name, getattr(work, name))
            for name in ("format", "position", "shooting_start", "shooting_end"):
                self.initial.setdefault(name, getattr(project, name))
        elif len(self.fields["owner"].queryset) == 1:
            self.initial.setdefault("owner", self.fields["owner"].queryset[0].pk)

    def clean(self):
        data = super().clean()
        existing = data.get("existing_work")
        if existing is not None:
            given = [n for n in self.WORK_FIELDS if data.get(n)]
            if given:
                raise ValidationError(_("You picked an existing work: leave its title, type, "
                                        "genre, initiative and status empty (edit them on the "
                                        "project afterwards)."))
        else:
            for name in ("title", "work_type", "initiative", "status"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
        start, end = data.get("shooting_start"), data.get("shooting_end")
        if start and end and end < start:
            self.add_error("shooting_end", _("The shooting ends before it starts."))
        return data


class ShareForm(BelgianModelForm):
    share_percent = PercentField(label=_("share (%)"))

    class Meta:
        model = CoproductionShare
        fields = ["country", "company"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.order_by("name")
        lists.searchable(self.fields["company"], reverse("ledger_supplier_search"),
                         _("type a name or an enterprise number"))
        if self.instance.pk:
            self.initial.setdefault("share_percent", _percent(self.instance.share))

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise ValidationError(_("Expected a two-letter ISO 3166 code (BE, FR…)."))
        return country

    STALE_FIELDS = {"share": "share_percent"}  # a stale row shows both shares on its field

    def _post_clean(self):
        # the share typed is the instance's before the stale check compares it with the stored
        percent = getattr(self, "cleaned_data", {}).get("share_percent")
        if percent is not None:
            self.instance.share = (percent / HUNDRED).quantize(Decimal("0.000001"))
        super()._post_clean()


class BaseShareFormSet(RowsFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not self.can_delete or not f.cleaned_data.get("DELETE")]
        kept = [f for f in kept if f.cleaned_data.get("share_percent") is not None]
        countries = [f.cleaned_data["country"] for f in kept]
        if len(countries) != len(set(countries)):
            raise ValidationError(_("A country is given twice."))
        total = sum((f.cleaned_data["share_percent"] for f in kept), Decimal(0))
        if kept and total != HUNDRED:
            raise ValidationError(_("The shares add up to %(total)s %%; they must add up to "
                                    "100 %%.") % {"total": total.normalize()})


ShareFormSet = forms.modelformset_factory(CoproductionShare, form=ShareForm,
                                         formset=BaseShareFormSet, extra=2, can_delete=True)


class CreditForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=[(Credit.Role.PRODUCER, _("producer")),
                                                       (Credit.Role.DIRECTOR, _("director"))])
    person = forms.ModelChoiceField(Person.objects.all(), required=False, label=_("person"),
                                    help_text=_("or type a new person's name below"))
    first_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("last name"), max_length=100, required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:  # never another employer's people (permissions)
            self.fields["person"].queryset = permissions.credit_people_for(project)

    def clean(self):
        data = super().clean()
        if data.get("person") and (data.get("first_name") or data.get("last_name")):
            raise ValidationError(_("Pick a person or type a new name, not both."))
        if not data.get("person") and not data.get("last_name"):
            self.add_error("last_name", _("Pick a person or type at least a last name."))
        return data


# -- chart of accounts, fringes, lines, orders --------------------------------------------------

class AccountForm(BelgianModelForm):
    class Meta:
        model = Account
        fields = ["code", "label", "parent", "cost_type", "post_production"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["parent"].queryset = project.accounts.filter(parent__isnull=True)
        if self.instance.pk:  # the code and place in the chart stay; rename and types only
            del self.fields["code"], self.fields["parent"]

    def clean(self):
        data = super().clean()
        code, parent = data.get("code"), data.get("parent")
        if code is not None:
            if self.project.accounts.filter(code=code).exists():
                self.add_error("code", _("This code is already in the chart."))
            elif parent is not None and not code.startswith(parent.code + "."):
                self.add_error("code", _("A sub-account's code starts with its chapter's code "
                                         "and a dot (%(code)s.01).") % {"code": parent.code})
            elif parent is None and "." in code:
                self.add_error("parent", _("A code with a dot is a sub-account: pick its "
                                           "chapter."))
        return data


class FringeRateForm(BelgianModelForm):
    rate_percent = PercentField(label=_("rate (%)"))

    class Meta:
        model = FringeRate
        fields = ["code", "source"]
        help_texts = {"source": _("where the rate comes from (social secretariat, ONSS "
                                  "instructions…): Montage ships no rate")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if self.instance.pk:
            self.initial.setdefault("rate_percent", _percent(self.instance.rate))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        others = self.project.fringe_rates.exclude(pk=self.instance.pk)
        if others.filter(code=code).exists():
            raise ValidationError(_("This project already has a rate for this code."))
        return code

    def save(self, commit=True):
        self.instance.project = self.project
        self.instance.rate = (self.cleaned_data["rate_percent"] / HUNDRED).quantize(
            Decimal("0.000001"))
        return super().save(commit)


class BudgetLineForm(BelgianModelForm):
    quantity = NumberField(label=_("quantity"), min_value=Decimal(0), decimal_places=3)
    rate = NumberField(label=_("rate"), min_value=Decimal(0), decimal_places=2)
    exchange_rate = NumberField(label=_("exchange rate (EUR per unit)"), required=False,
                                decimal_places=6)

    class Meta:
        model = BudgetLine
        fields = ["account", "description", "quantity", "unit", "rate", "currency",
                  "exchange_rate", "exchange_rate_date", "fringe_code", "planned_supplier",
                  "spend_postal_code", "spend_country"]
        widgets = {"exchange_rate_date": DATE}
        help_texts = {"fringe_code": _("the code of one of the project's employer-charge rates "
                                       "(e.g. employee, artist); empty for no charges")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = project.accounts.all()
        # the shared registry, searched as the purchase order's supplier is
        self.fields["planned_supplier"].queryset = Company.objects.order_by("name")
        lists.searchable(self.fields["planned_supplier"], reverse("ledger_supplier_search"),
                         _("type a name or an enterprise number"))

    def clean(self):
        data = super().clean()
        _check_currency(self, data, "rate", "exchange_rate", "exchange_rate_date")
        try:
            data["spend_postal_code"], data["spend_country"] = spend_place(
                data.get("spend_postal_code"), data.get("spend_country"))
        except Refused as refused:
            for field, message in refused.errors.items():
                self.add_error(field, message)
        return data


class PurchaseOrderForm(BelgianModelForm):
    amount = NumberField(label=_("amount excl. VAT"), min_value=Decimal(0), decimal_places=2)

    class Meta:
        model = PurchaseOrder
        fields = ["account", "supplier", "number", "date", "amount", "description"]
        widgets = {"date": DATE}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = project.accounts.all()
        self.fields["supplier"].queryset = Company.objects.order_by("name")
        lists.searchable(self.fields["supplier"], reverse("ledger_supplier_search"),
                         _("type a name or an enterprise number"))


# -- financing ----------------------------------------------------------------------------------

STATUS_DATES = {"requested": "requested_on", "granted": "granted_on",
                "contracted": "contracted_on", "received": "received_on"}


class FinancingSourceForm(BelgianModelForm):
    amount = NumberField(label=_("amount (EUR)"), min_value=Decimal(0), decimal_places=2,
                         required=False,
                         help_text=_("for an amount in another currency, computed from the "
                                     "amount in currency and its rate"))
    amount_in_currency = NumberField(label=_("amount in currency"), required=False,
                                     min_value=Decimal(0), decimal_places=2)
    exchange_rate = NumberField(label=_("exchange rate (EUR per unit)"), required=False,
                                decimal_places=6)
    committed_ratio = RateField(label=_("committed spend ratio (%)"), required=False,
                                min_value=Decimal(0), decimal_places=4,
                                help_text=_("in percent of the investment: 150 for 1.5 times"))
    certificate_value = NumberField(label=_("Tax Shelter certificate value"), required=False,
                                    min_value=Decimal(0), decimal_places=2)
    min_share_percent = PercentField(label=_("coproduction share: minimum (%)"), required=False)
    max_share_percent = PercentField(label=_("coproduction share: maximum (%)"), required=False)
    screen_format = forms.ChoiceField(label=_("screen.brussels format"), required=False,
                                      choices=())

    class Meta:
        model = FinancingSource
        fields = ["source_type", "label", "financier", "financier_company", "amount", "currency",
                  "amount_in_currency", "exchange_rate", "exchange_rate_date", "in_kind",
                  "status", "requested_on", "granted_on", "contracted_on", "received_on",
                  "rule", "committed_ratio", "spend_deadline", "screen_format",
                  "certificate_value", "animation", "commitment"]
        widgets = {name: DATE for name in ("exchange_rate_date", "requested_on", "granted_on",
                                           "contracted_on", "received_on", "spend_deadline")}

    def __init__(self, *args, project, investments, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["financier"].queryset = Organisation.objects.order_by("name")
        self.fields["financier_company"].queryset = Company.objects.order_by("name")
        lists.searchable(self.fields["financier_company"], reverse("ledger_supplier_search"),
                         _("type a name or an enterprise number"))
        # the broadcaster's investment is linked by propose and confirm
        # (production/investment_link.py), never typed on the source
        self.fields["screen_format"].choices = [("", "—")] + [
            (f, label(f, current_lang())) for f in SB_FORMATS]
        self.fields["commitment"].queryset = Commitment.objects.filter(
            application__work=project.work)
        if self.instance.pk:
            self.initial.setdefault("min_share_percent", _percent(self.instance.min_share))
            self.initial.setdefault("max_share_percent", _percent(self.instance.max_share))
        # the share bounds come right after the conditions
        order = list(self.fields)
        for name in ("min_share_percent", "max_share_percent"):
            order.remove(name)
            order.insert(order.index("animation") + 1, name)
        self.order_fields(order)

    def clean(self):
        from montage.money import to_cents

        data = super().clean()
        currency = _check_currency(self, data, "amount", "exchange_rate", "exchange_rate_date",
                                   ("amount_in_currency",))
        if currency == "EUR":
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", _("This field is required."))
        elif not self.errors and data.get("amount_in_currency") is not None:
            computed = to_cents(data["amount_in_currency"] * data["exchange_rate"])
            if data.get("amount") is not None and data["amount"] != computed:
                self.add_error("amount", _("%(amount)s does not match the amount in currency "
                                           "at its rate (%(computed)s): leave it empty or "
                                           "correct it.") % {"amount": data["amount"],
                                                             "computed": computed})
            data["amount"] = computed
        status = data.get("status")
        if status in STATUS_DATES and not data.get(STATUS_DATES[status]):
            self.add_error(STATUS_DATES[status], _("The date of the current status is "
                                                   "required."))
        rule = data.get("rule")
        if rule == FinancingSource.Rule.SCREEN_BRUSSELS and not data.get("screen_format"):
            self.add_error("screen_format", _("screen.brussels: the format decides the minimum "
                                              "Brussels spend."))
        if rule == FinancingSource.Rule.TAX_SHELTER and data.get("certificate_value") is None:
            self.add_error("certificate_value", _("Tax Shelter: the certificate's tax value is "
                                                  "required."))
        low, high = data.get("min_share_percent"), data.get("max_share_percent")
        if low is not None and high is not None and low > high:
            self.add_error("max_share_percent", _("The maximum is below the minimum."))
        if data.get("in_kind") and status == "received":
            self.add_error("status", _("A contribution in kind is valued, never cashed: it "
                                       "cannot be received."))
        return data

    def save(self, commit=True):
        source = self.instance
        source.project = self.project
        source.amount = self.cleaned_data["amount"]
        for bound in ("min_share", "max_share"):
            value = self.cleaned_data.get(f"{bound}_percent")
            setattr(source, bound, None if value is None
                    else (value / HUNDRED).quantize(Decimal("0.000001")))
        return super().save(commit)


class TrancheForm(BelgianModelForm):
    amount = NumberField(label=_("amount"), min_value=Decimal(0), decimal_places=2)
    spend_to_prove = NumberField(label=_("spend to prove"), min_value=Decimal(0),
                                 decimal_places=2, required=False)

    class Meta:
        model = FinancingTranche
        fields = ["number", "amount", "spend_to_prove", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.source.tranches.filter(number=number).exists():
            raise ValidationError(_("This source already has a tranche with this number."))
        return number


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DATE)


class ApplyForm(forms.Form):
    """The producer's application to a call: the amounts and each document the call asks for
    (the rest is assembled from the project)."""

    amount_requested = MoneyField(label=_("amount requested"))
    walloon_spend_committed = MoneyField(label=_("regional spend committed"))
    broadcaster_cash = MoneyField(label=_("broadcaster cash contribution"), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.document_fields = []
        for index, name in enumerate(call.documents_required()):
            key = f"document_{index}"
            self.fields[key] = forms.FileField(label=name, required=False)
            self.document_fields.append((key, name))

    def documents(self) -> dict:
        return {name: self.cleaned_data.get(key) for key, name in self.document_fields}


class PrecheckForm(forms.Form):
    """The amounts an application would carry, read (GET) to pre-check it before submitting."""

    call = forms.IntegerField(widget=forms.HiddenInput)
    amount_requested = MoneyField(label=_("amount requested"))
    walloon_spend_committed = MoneyField(label=_("regional spend committed"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ProofListShareForm(forms.Form):
    """The date of the ledger a proof list is drawn from (today when left empty); one per
    confirmed link on the investments page, its prefix the link's."""

    as_of = forms.CharField(label=_("ledger as of"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean_as_of(self):
        import datetime as dt

        from django.utils import timezone
        from django.utils.dateparse import parse_date

        typed = (self.cleaned_data.get("as_of") or "").strip()
        if not typed:
            return timezone.localdate()
        try:
            day = parse_date(typed)
        except ValueError:
            day = None
        if not isinstance(day, dt.date):
            raise ValidationError(_("The ledger date %(got)s is not a date (expected "
                                    "YYYY-MM-DD)."), params={"got": typed})
        return day
