"""The form fields of every number a user types: one reader (montage.money.parse_belgian_number)
for every form, text inputs with `inputmode="decimal"` (a browser's number input refuses the
Belgian comma), and an ambiguous "1.234" refused with both readings shown, never guessed.

Every ModelForm derives from `BelgianModelForm`, so a model's DecimalField is typed the same way
whatever the page.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from montage.errors import InputError
from montage.money import is_ambiguous, parse_belgian_number
from montage.web.core import problems

MAX_AMOUNT = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)


class DecimalInput(forms.TextInput):
    """A text input the phone shows a decimal keypad for."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


def read_typed_number(value: str, invalid) -> Decimal:
    """`value` read the Belgian way; `invalid` (a ValidationError) when it is not a number, the
    reader's own sentence (both readings) when it is ambiguous. A trailing "%" is dropped: the
    field says whether it holds a percentage."""
    text = str(value).strip()
    if text.endswith("%"):
        text = text[:-1]
    try:
        return parse_belgian_number(text)
    except InputError as error:
        if is_ambiguous(error):
            raise forms.ValidationError(problems.message(error), code="ambiguous") from None
        raise invalid from None


def read_typed_rate(value: str, invalid) -> Decimal:
    """A percentage typed the Belgian way ("30", "30 %", "12,5 %") as the fraction it stands for
    (0.30), through the one reader; `invalid` as for `read_typed_number`."""
    return read_typed_number(value, invalid) / 100


def percent_text(fraction: Decimal) -> str:
    """A fraction as the percentage a rate field shows: 0.30 -> "30", 0.125 -> "12,5"."""
    percent = (fraction * 100).normalize()
    return format(percent.quantize(Decimal(1)) if percent == percent.to_integral() else percent,
                  "f").replace(".", ",")


class NumberField(forms.DecimalField):
    """A decimal typed the Belgian way ("1 234,50", "800.000") or with a dot ("1234.5")."""

    widget = DecimalInput
    default_error_messages = {"invalid": _("Enter a number, e.g. 1 234,50.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return read_typed_number(value, forms.ValidationError(
            self.error_messages["invalid"], code="invalid"))

    def widget_attrs(self, widget):
        return {}  # no "step": the input is text

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value, "f").replace(".", ",")
        return value


class MoneyField(forms.CharField):
    """Euros and cents, zero or more, at most two decimals."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Expected an amount in euros such as 1 234 567,89."),
        "negative": _("Expected an amount of zero or more."),
        "decimals": _("At most two decimals (cents)."),
        "too_large": _("The amount is too large."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        amount = read_typed_number(value, forms.ValidationError(
            self.error_messages["invalid"], code="invalid"))
        if amount < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(self.error_messages["decimals"], code="decimals")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount.quantize(Decimal("0.01"))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class RateField(NumberField):
    """A rate, a ratio or a share typed as a percentage ("30", "30 %", "12,5 %") and held as the
    fraction (0.30); shown back as a percentage. Its bounds (`min_value`, `max_value`) are
    fractions."""

    default_error_messages = {"invalid": _("Enter a percentage, e.g. 42 % or 12,5 %.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return read_typed_rate(value, forms.ValidationError(
            self.error_messages["invalid"], code="invalid"))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return percent_text(value)
        return value


def belgian_decimals(db_field, **kwargs):
    """ModelForm's field for a model field: a DecimalField is a `NumberField`."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", NumberField)  # a form's Meta.field_classes comes first
        return db_field.formfield(**kwargs)
    return db_field.formfield(**kwargs)


class _BelgianFields(forms.models.ModelFormMetaclass):
    """Django reads `formfield_callback` from each form's own Meta: give every Meta ours."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(belgian_decimals)
        return super().__new__(mcs, name, bases, attrs)


def _opened_version_field(record, version: str | None = None) -> forms.CharField | None:
    """The hidden field carrying the version `record` was opened at (an audited saved record);
    `version` when the page read its rows' versions at once (stale.versions_of)."""
    from montage.web.registry import stale

    if record is None or record.pk is None or not stale.checked_model(type(record)):
        return None
    return forms.CharField(widget=forms.HiddenInput, required=False,
                           initial=version if version is not None else stale.version_of(record))


def check_opened_version(form, mine, record) -> None:
    """Refuse `form` when `record` changed since the form was opened: « Modifié entre-temps par
    X le … à … » at the top, both values on each field (`mine`: the record with the user's
    values); its version becomes the stored one, so saving it again keeps the user's values.
    Otherwise the version goes to `record`, whose save checks it again (the writer's check).
    A form's STALE_FIELDS names the form field showing a model field of another name; a form
    whose fields are not shown one by one (STALE_ON_TOP) has every value said at the top."""
    from montage.web.registry import stale

    if stale.FIELD not in form.fields or form.errors:
        return
    opened = form.cleaned_data.get(stale.FIELD, "")
    refusal = stale.refusal(mine, opened) if opened else None
    if refusal is None:
        stale.opened_at(record, opened)
        return
    shown_on = ({} if getattr(form, "STALE_ON_TOP", False) else
                {**{name: name for name in form.fields}, **getattr(form, "STALE_FIELDS", {})})
    form.data = form.data.copy()
    form.data[form.add_prefix(stale.FIELD)] = refusal.version
    outside = [stale.details(change) for change in refusal.changes
               if change["field"] not in shown_on]
    form.add_error(None, " ".join([refusal.summary, *outside]))
    for field, message in refusal.errors.items():
        if field in shown_on:
            form.add_error(shown_on[field], message)


class BelgianModelForm(forms.ModelForm, metaclass=_BelgianFields):
    """The base of every ModelForm: numbers typed the Belgian way; on a saved audited record,
    the version it was opened at (registry/stale.py)."""

    def __init__(self, *args, opened_version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from montage.web.registry import stale

        field = _opened_version_field(self.instance, opened_version)
        if field is not None:
            self.fields[stale.FIELD] = field

    def _post_clean(self):
        """A form opened on an older state of the record is refused here, with both values on
        each field; its version becomes the stored one, so saving it again keeps the user's."""
        super()._post_clean()
        check_opened_version(self, self.instance, self.instance)


class RecordForm(forms.Form):
    """A plain form that writes fields of one audited record (a commitment's verified spend, a
    tranche's release): like BelgianModelForm it carries the version `record` was opened at and
    is refused, both values per field, when the record changed meanwhile. Its fields named after
    the record's fields are the user's values; the view hands the same `record` to the service,
    whose save checks the version again."""

    def __init__(self, *args, record=None, opened_version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from montage.web.registry import stale

        self.record = record
        field = _opened_version_field(record, opened_version)
        if field is not None:
            self.fields[stale.FIELD] = field

    def _post_clean(self):
        import copy

        super()._post_clean()
        if self.record is None or self.errors:
            return
        mine = copy.copy(self.record)
        names = {f.name: f.attname for f in type(mine)._meta.concrete_fields}
        for name, value in self.cleaned_data.items():
            if name in names:
                setattr(mine, names[name], value)
        check_opened_version(self, mine, self.record)


class RowsFormSet(forms.BaseModelFormSet):
    """A formset of audited rows (a project's coproduction shares). Each row's form carries its
    own version (BelgianModelForm); the formset carries the rows it was opened with
    (`<prefix>-opened_rows`), so that a row another person added or deleted meanwhile refuses
    the save: who and when at the top, and each row added or deleted. The refused formset keeps
    the user's input and now carries the stored rows: saving it again keeps the user's values.
    A post without the field (a client written before) is not checked."""

    ROWS_FIELD = "opened_rows"

    def _stored_rows(self) -> list[int]:
        return sorted(self.queryset.values_list("pk", flat=True))

    @property
    def opened_rows_name(self) -> str:
        return self.add_prefix(self.ROWS_FIELD)

    @property
    def opened_rows(self) -> str:
        if self.is_bound and self.opened_rows_name in self.data:
            return self.data[self.opened_rows_name]
        return ",".join(str(pk) for pk in self._stored_rows())

    @property
    def opened_rows_input(self):
        from django.utils.html import format_html

        return format_html('<input type="hidden" name="{}" value="{}">', self.opened_rows_name,
                           self.opened_rows)

    def clean(self):
        self._check_rows()
        super().clean()

    def _check_rows(self) -> None:
        from django.utils.translation import gettext as _

        from montage.web.registry import stale
        from montage.web.registry.models import AuditEntry

        posted = self.data.get(self.opened_rows_name)
        if posted is None:
            return
        opened = {int(pk) for pk in posted.split(",") if pk.strip().isdigit()}
        stored = self._stored_rows()
        added = [pk for pk in stored if pk not in opened]
        deleted = sorted(opened - set(stored))
        if not added and not deleted:
            return
        rows = [_("%(row)s: added meanwhile, not on your form.") % {"row": row}
                for row in self.queryset.filter(pk__in=added).order_by("pk")]
        gone = dict(AuditEntry.objects.filter(
            content_type__app_label=self.model._meta.app_label,
            content_type__model=self.model._meta.model_name,
            object_id__in=[str(pk) for pk in deleted],
            action=AuditEntry.Action.DELETED).values_list("object_id", "object_repr"))
        rows += [_("%(row)s: deleted meanwhile.") % {"row": gone.get(str(pk), pk)}
                 for pk in deleted]
        self.data = self.data.copy()
        self.data[self.opened_rows_name] = ",".join(str(pk) for pk in stored)
        raise forms.ValidationError(" ".join(
            [stale.meanwhile(self.model, [*added, *deleted]), *rows]))


class ReasonForm(forms.Form):
    """The reason of an act that needs one (cancelling a ledger line, rejecting a spend report's
    line), labelled by its page. Not required here: the service refuses an empty reason with its
    own sentence (one rule), which the view puts on this field."""

    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label

    def holds(self, refusal) -> bool:
        """Whether the service's refusal is about the reason (then it is on the field); else it
        is about the record's state, which the page says as a message."""
        if "reason" not in refusal.errors:
            return False
        if not self.has_error("reason"):
            self.add_error("reason", refusal.errors["reason"])
        return True
