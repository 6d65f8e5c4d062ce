"""The legal parameters' routes: every parameter with its dated values and sources
(/parameters, /parameters/{name}) and the CCA's entry of a value published after a release
(POST /parameters/{name}/values), through the pages' form and the one writer
(montage.web.parameters.services.enter_value). docs/web-api.md lists them."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from django.http import Http404, QueryDict
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from montage.web import permissions
from montage.web.api.common import ERRORS, WRITE_ERRORS, conflict, language, valid
from montage.web.parameters import services
from montage.web.parameters.forms import EnteredValueForm
from montage.web.registry.audit import acting_as
from montage.web.registry.services import Refused

router = Router()


class ValueOut(Schema):
    value: object
    valid_from: dt.date
    valid_until: Optional[dt.date] = None
    source: str
    entered_by: Optional[str] = None
    entered_at: Optional[str] = None
    set_aside: str = ""


class ParameterOut(Schema):
    name: str
    unit: str
    description: str
    values: list[ValueOut]


class ValueIn(Schema):
    model_config = ConfigDict(extra="forbid")
    value: str
    valid_from: dt.date
    valid_until: Optional[dt.date] = None
    source: str


def _values(name: str) -> list[dict]:
    rows = []
    for row in services.history(name):
        value = row.value.as_dict()["value"] if row.value is not None else row.entered.value
        rows.append({"value": value, "valid_from": row.valid_from,
                     "valid_until": row.valid_until, "source": row.source,
                     "entered_by": row.entered.entered_by.get_username()
                     if row.entered and row.entered.entered_by else
                     (row.value.entered or {}).get("by") if row.value else None,
                     "entered_at": (row.value.entered or {}).get("at") if row.value else None,
                     "set_aside": row.set_aside})
    return rows


def _parameter(name: str, lang: str) -> dict:
    params = services.current_parameters()
    if name not in params.units:
        raise Http404
    return {"name": name, "unit": params.units[name],
            "description": params.descriptions[name].get(lang, ""), "values": _values(name)}


@router.get("/parameters", response={200: list[ParameterOut], **ERRORS}, tags=["parameters"],
            summary="Every legal parameter with its dated values and sources (regulators)",
            operation_id="montage_web_api_parameters_list")
def parameter_list(request, lang: Optional[str] = None):
    permissions.require(permissions.can_view_parameters(request.auth))
    lang = language(request, lang)
    return [_parameter(name, lang) for name in services.current_parameters().names()]


@router.get("/parameters/{name}", response={200: ParameterOut, **ERRORS}, tags=["parameters"],
            summary="One parameter's values, shipped and entered, with their sources",
            operation_id="montage_web_api_parameters_detail")
def parameter_detail(request, name: str, lang: Optional[str] = None):
    permissions.require(permissions.can_view_parameters(request.auth))
    return _parameter(name, language(request, lang))


@router.post("/parameters/{name}/values", response={201: ParameterOut, **WRITE_ERRORS},
             tags=["parameters"],
             summary="The CCA enters a dated value (e.g. a January price index) with its source",
             operation_id="montage_web_api_parameters_enter")
def parameter_enter(request, name: str, payload: ValueIn, lang: Optional[str] = None):
    """The pages' form and checks (a number may be written "130,08"), then the one writer: a
    value whose period overlaps a shipped or entered one, of the wrong unit or without a source
    is a 422 naming the field."""
    user = request.auth
    permissions.require(permissions.can_enter_parameters(user))
    params = services.current_parameters()
    if name not in params.units:
        raise Http404
    data = QueryDict(mutable=True)
    data.update({"value": payload.value, "valid_from": payload.valid_from.isoformat(),
                 "valid_until": payload.valid_until.isoformat() if payload.valid_until else "",
                 "source": payload.source})
    form = valid(EnteredValueForm(data, unit=params.units[name]))
    try:
        with acting_as(user):
            services.enter_value(name, form.cleaned_data["value"],
                                 form.cleaned_data["valid_from"],
                                 form.cleaned_data["valid_until"], form.cleaned_data["source"],
                                 user)
    except Refused as refusal:
        return conflict(refusal)
    return Status(201, _parameter(name, language(request, lang)))
