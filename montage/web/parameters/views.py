"""The legal parameters the engine computes on, and the values the CCA keeps current.

« Les montants visés dans le tableau ci-joint, sont adaptés annuellement sur la base de l'indice
des prix à la consommation du mois de janvier 2023. » (vade-mecum 2025, étape 1 §4, note 3).
The list shows every parameter of the shipped set; a parameter's page its values, shipped and
entered, with their sources, who entered what and when (the audit trail), and for the CCA the
form to enter a value (issue 12, finding 3). Who may do what: montage.web.permissions; the one
writer: montage.web.parameters.services.enter_value.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.web import permissions
from montage.web.core.templatetags.montage import current_lang
from montage.web.parameters import services
from montage.web.parameters.forms import UNIT_NAMES, EnteredValueForm
from montage.web.parameters.models import EnteredValue
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

# The form's fields, in the order the errors are listed at its top.
FIELDS = ("value", "valid_from", "valid_until", "source")


@login_required
def parameter_list(request):
    permissions.require(permissions.can_view_parameters(request.user))
    lang = current_lang()
    state = services.merged()
    params = state.parameters
    entered = {}
    for name in EnteredValue.objects.values_list("name", flat=True):
        entered[name] = entered.get(name, 0) + 1
    rows = [{"name": name, "unit": UNIT_NAMES.get(params.units[name], params.units[name]),
             "description": params.descriptions[name].get(lang, ""),
             "count": len(params.history(name)), "entered": entered.get(name, 0)}
            for name in params.names()]
    return render(request, "parameters/list.html", {
        "rows": rows, "set_aside": state.set_aside,
        "can_enter": permissions.can_enter_parameters(request.user)})


def _audit(name: str) -> list[AuditEntry]:
    ids = [str(pk) for pk in EnteredValue.objects.filter(name=name).values_list("pk", flat=True)]
    return list(AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EnteredValue), object_id__in=ids)
        .select_related("actor").order_by("-at", "-pk")[:200])


def _detail(request, name: str, form: EnteredValueForm | None = None, status: int = 200):
    params = services.current_parameters()
    if name not in params.units:
        raise Http404
    can_enter = permissions.can_enter_parameters(request.user)
    unit = params.units[name]
    if form is None and can_enter:
        form = EnteredValueForm(unit=unit)
    return render(request, "parameters/detail.html", {
        "name": name, "unit": UNIT_NAMES.get(unit, unit), "description": params.descriptions[name].get(
            current_lang(), ""),
        "rows": services.history(name), "form": form,
        "can_enter": can_enter, "audit": _audit(name)}, status=status)


@login_required
def parameter_detail(request, name: str):
    permissions.require(permissions.can_view_parameters(request.user))
    return _detail(request, name)


@login_required
@require_POST
def parameter_enter(request, name: str):
    """The CCA enters a value: checked by the loader's rules, audited, used from now on."""
    permissions.require(permissions.can_enter_parameters(request.user))
    params = services.current_parameters()
    if name not in params.units:
        raise Http404
    form = EnteredValueForm(request.POST, unit=params.units[name])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_value(name, data["value"], data["valid_from"], data["valid_until"],
                                 data["source"], request.user)
        except Refused as refused:
            for field, message in refused.errors.items():
                form.add_error(field if field in FIELDS else None, message)
            if not refused.errors:
                form.add_error(None, refused.message)
        else:
            messages.success(request, _("The value is entered: the engine uses it from now "
                                        "on."))
            return redirect("parameters_detail", name)
    return _detail(request, name, form, status=400)
