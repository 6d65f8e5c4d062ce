"""The registry's routes: the caller and its tokens (/me, /token), organisations, works and the
audit trail of an object (/history). docs/web-api.md lists them."""

from __future__ import annotations

from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from ninja import Router

from montage.web import permissions
from montage.web.api.auth import issue_token, refuse_if_locked_out, token_login
from montage.web.api.common import (ERRORS, investments_out, ref, visible_file,
                                    visible_investment)
from montage.web.api.registry import schemas as s
from montage.web.api.schemas import Message
from montage.web.contribution.models import TurnoverLine
from montage.web.registry.models import AuditEntry, Work

router = Router()


def _work(work: Work) -> dict:
    return {"id": work.pk, "title": work.title, "work_type": work.work_type,
            "genre": work.genre, "initiative": work.initiative, "status": work.status,
            "producer": ref(work.producer)}


# -- who am I, tokens ----------------------------------------------------------------------------

@router.get("/me", response={200: s.MeOut, **ERRORS}, tags=["session"],
            summary="The caller: username, desks and memberships",
            operation_id="montage_web_api_api_me")
def me(request):
    user = request.auth
    return {"username": user.get_username(), "desks": sorted(permissions.desks(user)),
            "memberships": [{"organisation": ref(m.organisation), "kind": m.organisation.kind,
                             "role": m.role} for m in permissions.memberships(user)]}


@router.post("/token", response={200: s.TokenOut, 429: Message, **ERRORS}, tags=["session"],
             summary="Issue an API token for the caller",
             operation_id="montage_web_api_api_token")
def token(request):
    """A signed token for `Authorization: Bearer …`, valid MONTAGE_API_TOKEN_DAYS days (30 by
    default); changing the password revokes every token of the user. Call it logged in (session
    and X-CSRFToken, e.g. from /api/docs) or with a still valid token to renew it: a renewed token
    never outlives MONTAGE_API_TOKEN_MAX_DAYS days (90 by default) after the log-in that began
    the chain, then a new log-in is needed. 429 while the account is locked from this address
    after too many wrong passwords."""
    refuse_if_locked_out(request, request.auth)
    value, expires = issue_token(request.auth, login=token_login(request))
    return {"token": value, "token_type": "Bearer", "expires_at": expires}


# -- organisations -------------------------------------------------------------------------------

@router.get("/organisations", response={200: list[s.OrganisationOut], **ERRORS},
            tags=["organisations"], summary="Organisations visible to the caller",
            operation_id="montage_web_api_api_organisation_list")
def organisation_list(request):
    rows = permissions.organisations_visible_to(request.auth).select_related("editor_profile")
    result = []
    for org in rows:
        profile = getattr(org, "editor_profile", None) if org.kind == "editor" else None
        result.append({"id": org.pk, "name": org.name, "kind": org.kind,
                       "enterprise_number": org.enterprise_number, "vat_number": org.vat_number,
                       "editor": {"establishment": profile.establishment,
                                  "country": profile.country} if profile else None})
    return result


# -- works ---------------------------------------------------------------------------------------

@router.get("/works", response={200: list[s.WorkOut], **ERRORS}, tags=["works"],
            summary="Works visible to the caller",
            operation_id="montage_web_api_api_work_list")
def work_list(request):
    permissions.require(permissions.can_list_works(request.auth))
    return [_work(w) for w in permissions.works_for(request.auth)]


@router.get("/works/{int:pk}", response={200: s.WorkDetailOut, **ERRORS}, tags=["works"],
            summary="One work, its credits and the investments the caller may see",
            operation_id="montage_web_api_api_work_detail")
def work_detail(request, pk: int):
    work = get_object_or_404(Work.objects.select_related("producer"), pk=pk)
    permissions.require(permissions.can_view_work(request.auth, work))
    investments = permissions.investments_for(request.auth).filter(work=work)
    return {**_work(work),
            "credits": [{"person": str(c.person), "role": c.role}
                        for c in work.credits.select_related("person")],
            "investments": investments_out(investments)}


# -- history -------------------------------------------------------------------------------------

HISTORY_KINDS = ("obligation", "investment", "work", "turnover-line")


def _history_subject(user, kind: str, pk: int):
    if kind == "obligation":
        return visible_file(user, pk)
    if kind == "investment":
        return visible_investment(user, pk)
    if kind == "work":
        work = get_object_or_404(Work, pk=pk)
        permissions.require(permissions.can_view_work(user, work))
        return work
    line = get_object_or_404(TurnoverLine.objects.select_related("declaration__obligation"),
                             pk=pk)
    permissions.require(permissions.turnover_lines_for(
        user, line.declaration.obligation).filter(pk=pk).exists())
    return line


@router.get("/history/{kind}/{int:pk}", response={200: list[s.HistoryEntry], **ERRORS},
            tags=["history"], summary="The audit trail of one object, newest first",
            operation_id="montage_web_api_api_history")
def history(request, kind: Literal[HISTORY_KINDS], pk: int):
    """kind: obligation, investment, work or turnover-line; whoever may see the object may
    see its history."""
    subject = _history_subject(request.auth, kind, pk)
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(subject)), object_id=str(subject.pk))
    return [{"at": e.at, "by": e.actor_label, "action": e.action, "field": e.field,
             "old_value": e.old_value, "new_value": e.new_value, "note": e.note}
            for e in entries]
