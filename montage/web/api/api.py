"""The JSON API (django-ninja): the same records, the same permissions and the same engine as the
pages. docs/web-api.md lists every route, who may call it and its JSON shape.

- Authentication: the pages' session (CSRF token on writes) or `Authorization: Bearer <token>`
  from POST /api/token (auth.py). Anonymous → 401.
- Permissions: every route asks montage.web.permissions; refused → 403, missing object → 404
  (an object the user may not see is 404 when looked up by id, as in the pages: 403).
- Money: strings with two decimals out, strings in (numbers refused, 422 naming the field).
- Figures come from the law engine through contribution/services.py; the evaluation and contribution
  routes return exactly the CLI's `--format json` objects.
- Writes are recorded in the audit trail under the caller's name (session or token).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal, Optional

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.errors import ValidationError

from montage.errors import InputError, MontageError
from montage.law.case import evaluation_dict
from montage.law.contribution import compute_contribution
from montage.money import as_text, parse_amount
from montage.web import permissions
from montage.web.api import schemas as s
from montage.web.api.auth import (SessionAuth, TokenAuth, issue_token, refuse_if_locked_out,
                                   token_days, token_login)
from montage.web.api.docs import SelfHostedSwagger, docs_login_required
from montage.web.contribution import services as contribution_services
from montage.web.investments import services as investments_services
from montage.web.registry.audit import acting_as, record_decision
from montage.web.contribution.models import EditorProfile, ObligationYear, TurnoverLine
from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry, Company, Work

DECISIONS = ("validated", "refused")  # what the CCA records on an investment (record_decision)
LOCKED_MESSAGE = investments_services.investments_locked_message
TURNOVER_LIMIT = Decimal("1e12")  # as the bodies' amounts (schemas.Amount)

api = NinjaAPI(
    title="Montage API",
    version="1",
    description=(
        "The money side of audiovisual production in the Fédération Wallonie-Bruxelles: "
        "obligation files, turnover declarations, investments and the law engine's figures. "
        "Amounts are strings with two decimals; rates decimal fractions as strings. "
        "Authenticate with the pages' session (send X-CSRFToken on writes) or with "
        "`Authorization: Bearer <token>` from POST /api/token. See docs/web-api.md."),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs=SelfHostedSwagger(),
    docs_decorator=docs_login_required,
)

ERRORS = {401: s.Message, 403: s.Message, 404: s.Message}
WRITE_ERRORS = {**ERRORS, 409: s.Message, 422: s.ValidationErrorOut}


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("Access denied.")}, status=403)


@api.exception_handler(permissions.DecidedFieldRefused)
def _decided_field(request, exc):
    """A decided field written by someone else (permissions.DECIDED_FIELDS): 403 naming it."""
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(MontageError)
def _engine_refused(request, exc):
    field = getattr(exc, "field", None)
    return api.create_response(request, {"detail": [
        {"loc": ["query", field] if field else [], "msg": str(exc), "type": "montage_error"}]},
        status=422)


# pydantic's errors for an integer query parameter (schemas.QueryId, QueryYear): worded below
INTEGER_ERRORS = ("int_parsing", "int_type", "int_from_float", "greater_than_equal",
                  "less_than_equal")


def _worded(error: dict) -> dict:
    """An integer query parameter that is not a whole number or is out of bounds: a message in
    the caller's language naming the parameter (pydantic's own is English); others unchanged."""
    loc = list(error.get("loc") or [])
    if len(loc) != 2 or loc[0] != "query" or error.get("type") not in INTEGER_ERRORS:
        return error
    ctx = error.get("ctx") or {}
    names = {"parameter": loc[1]}
    if error["type"] == "greater_than_equal":
        msg = _("“%(parameter)s”: expected a whole number of at least %(minimum)s.") % {
            **names, "minimum": ctx.get("ge")}
    elif error["type"] == "less_than_equal":
        msg = _("“%(parameter)s”: expected a whole number of at most %(maximum)s.") % {
            **names, "maximum": ctx.get("le")}
    else:
        msg = _("“%(parameter)s”: expected a whole number.") % names
    return {**error, "msg": msg}


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    """422 in django-ninja's shape: {"detail": [{"loc", "msg", "type"}, ...]}."""
    return api.create_response(request, {"detail": [_worded(e) for e in exc.errors]},
                               status=422)


def _invalid(loc: list, msg: str) -> ValidationError:
    return ValidationError([{"loc": loc, "msg": msg, "type": "value_error"}])


def _lang(request, lang: Optional[str]) -> str:
    if lang:
        return lang
    current = (getattr(request, "LANGUAGE_CODE", None) or get_language() or "fr")[:2]
    return current if current in ("fr", "en") else "fr"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else as_text(value)


# -- serialisers ---------------------------------------------------------------------------------

def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _obligation(file: ObligationYear) -> dict:
    return {
        "id": file.pk, "editor": {"id": file.editor_id, "name": str(file.editor)},
        "year": file.year, "turnover_year": file.turnover_year, "form": file.form,
        "status": file.status, "choice_filed_on": file.choice_filed_on,
        "turnover_estimate": _money(file.turnover_estimate),
        "eligible_turnover": _money(file.eligible_turnover),
        "eligible_fixed_on": file.eligible_fixed_on, "amount": _money(file.amount),
        "exemption_ground": file.exemption_ground,
    }


def _declaration(file: ObligationYear) -> dict | None:
    declaration = getattr(file, "declaration", None)
    if declaration is None:
        return None
    return {"market_basis": declaration.market_basis, "status": declaration.status,
            "submitted_on": declaration.submitted_on}


def _line(line: TurnoverLine) -> dict:
    return {"id": line.pk, "service": {"id": line.service_id, "name": line.service.name,
                                       "kind": line.service.kind},
            "category": line.category, "market": line.market, "amount": as_text(line.amount),
            "agency_commissions": as_text(line.agency_commissions),
            "confidential": line.confidential}


def _decisions(investments) -> dict[str, AuditEntry]:
    """The latest CCA decision recorded on each investment."""
    ids = [str(i.pk) for i in investments]
    if not ids:
        return {}
    latest: dict[str, AuditEntry] = {}
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Investment), object_id__in=ids,
        action=AuditEntry.Action.DECISION, new_value__in=DECISIONS).order_by("at", "pk")
    for entry in entries:
        latest[entry.object_id] = entry
    return latest


def _investments(investments) -> list[dict]:
    investments = list(investments)
    decisions = _decisions(investments)
    return [_investment(i, decisions.get(str(i.pk))) for i in investments]


def _investment(i: Investment, decision: AuditEntry | None = None) -> dict:
    return {
        "id": i.pk, "editor": {"id": i.editor_id, "name": str(i.editor)},
        "obligation": i.obligation_id, "year": i.obligation.year,
        "work": {"id": i.work.pk, "title": i.work.title} if i.work else None,
        "category": i.category, "producer": _ref(i.producer),
        "fwb_initiative": i.fwb_initiative, "document": i.document,
        "document_date": i.document_date, "amount": as_text(i.amount), "status": i.status,
        "confidential": i.confidential, "genre": i.genre,
        "promotes_fwb_artists_or_heritage": i.promotes_fwb_artists_or_heritage,
        "delegated_to": i.delegated_to,
        "counted_under_other_obligation": i.counted_under_other_obligation,
        "legal_advantage": i.legal_advantage, "justified_amount": _money(i.justified_amount),
        "decision_date": i.decision_date, "reassigned_from": i.reassigned_from_id,
        "validation": None if decision is None else {
            "decision": decision.new_value, "note": decision.note, "by": decision.actor_label,
            "at": decision.at},
    }


def _work(work: Work) -> dict:
    return {"id": work.pk, "title": work.title, "work_type": work.work_type,
            "genre": work.genre, "initiative": work.initiative, "status": work.status,
            "producer": _ref(work.producer)}


# contribution_services.contribution_basis's sources, as the API names them (FileContribution.basis).
BASIS_NAMES = {"fixed": "eligible_turnover", "lines": "declared_lines",
               "estimate": "turnover_estimate"}


def _file_contribution(file: ObligationYear, lang: str) -> dict:
    """The engine's figure on `contribution_services.contribution_basis` (the one choice shared with the
    pages): the CSA's eligible turnover, else the one computed from the declared lines, else the
    estimate; all but the first are provisional."""
    chosen = contribution_services.contribution_basis(file)
    if chosen.amount is None:
        return {"basis": None, "provisional": True, "result": None, "error": None}
    basis, value = BASIS_NAMES[chosen.source], chosen.amount
    figure = {"basis": basis, "provisional": chosen.provisional, "result": None,
              "error": None}
    try:
        figure["result"] = compute_contribution(file.year, value).as_dict(lang)
    except MontageError as error:
        figure["error"] = str(error)
    return figure


def _visible_file(user, pk: int) -> ObligationYear:
    file = get_object_or_404(ObligationYear.objects.select_related("editor__organisation"),
                             pk=pk)
    permissions.require(permissions.can_view_obligation(user, file))
    return file


# -- who am I, tokens ----------------------------------------------------------------------------

@api.get("/me", response={200: s.MeOut, **ERRORS}, tags=["session"],
         summary="The caller: username, desks and memberships")
def me(request):
    user = request.auth
    return {"username": user.get_username(), "desks": sorted(permissions.desks(user)),
            "memberships": [{"organisation": _ref(m.organisation), "kind": m.organisation.kind,
                             "role": m.role} for m in permissions.memberships(user)]}


@api.post("/token", response={200: s.TokenOut, 429: s.Message, **ERRORS}, tags=["session"],
          summary="Issue an API token for the caller")
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

@api.get("/organisations", response={200: list[s.OrganisationOut], **ERRORS},
         tags=["organisations"], summary="Organisations visible to the caller")
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


# -- obligation files ----------------------------------------------------------------------------

@api.get("/obligations", response={200: list[s.ObligationOut], **ERRORS}, tags=["obligations"],
         summary="Obligation files (the editor's own; all for the CSA and the CCA)")
def obligation_list(request, year: Optional[s.QueryYear] = None,
                    editor: Optional[s.QueryId] = None):
    permissions.require(permissions.can_list_obligations(request.auth))
    files = permissions.obligations_for(request.auth)
    if year is not None:
        files = files.filter(year=year)
    if editor is not None:
        files = files.filter(editor_id=editor)
    return [_obligation(f) for f in files]


@api.get("/obligations/{int:pk}", response={200: s.ObligationDetailOut, **ERRORS},
         tags=["obligations"], summary="One file, with the engine's contribution and explanation")
def obligation_detail(request, pk: int, lang: Optional[Literal["fr", "en"]] = None):
    user = request.auth
    file = _visible_file(user, pk)
    lines = list(permissions.turnover_lines_for(user, file))
    investments = list(permissions.investments_for(user).filter(obligation=file))
    return {**_obligation(file), "declaration": _declaration(file),
            "declared_total": as_text(sum((line.amount for line in lines), Decimal("0"))),
            "investments": _investments(investments),
            "investments_total": as_text(sum((i.amount for i in investments
                                              if i.status == Investment.Status.ACTIVE),
                                             Decimal("0"))),
            "contribution": _file_contribution(file, _lang(request, lang))}


@api.get("/obligations/{int:pk}/turnover-lines", response={200: list[s.TurnoverLineOut], **ERRORS},
         tags=["obligations"], summary="The Formulaire CA lines of a file")
def turnover_line_list(request, pk: int, shared: bool = False):
    """Confidential lines are shown to the file's editor, the CSA and the CCA (the only users who
    may open a file); `shared=true` leaves them out, as in committee documents."""
    file = _visible_file(request.auth, pk)
    return [_line(line) for line in permissions.turnover_lines_for(request.auth, file,
                                                                    shared=shared)]


@api.get("/obligations/{int:pk}/committee", response={200: s.CommitteeOut, **ERRORS},
         tags=["obligations"], summary="The committee (shared) view: nothing confidential")
def obligation_committee(request, pk: int):
    user = request.auth
    file = _visible_file(user, pk)
    lines = list(permissions.turnover_lines_for(user, file, shared=True))
    investments = list(permissions.investments_for(user, shared=True).filter(obligation=file))
    declaration = getattr(file, "declaration", None)
    return {"file": _obligation(file), "declaration": _declaration(file),
            "turnover_lines": [_line(line) for line in lines],
            "confidential_lines_withheld":
                declaration.lines.filter(confidential=True).count() if declaration else 0,
            "investments": _investments(investments),
            "confidential_investments_withheld":
                file.investments.filter(confidential=True).count()}


# -- the engine ----------------------------------------------------------------------------------

@api.get("/editors/{int:pk}/evaluation", response={200: s.EvaluationOut, **ERRORS},
         tags=["engine"], summary="The engine's evaluation of an editor's years")
def editor_evaluation(request, pk: int, as_of: Optional[dt.date] = None,
                      lang: Optional[Literal["fr", "en"]] = None):
    """Obligation, countable investments, open shortfalls and surpluses after smoothing, payment
    due, every rule's check and the explanation, for each year from the editor's first file to
    its last: the same JSON as `montage obligation evaluate --format json`, with `payments_due`
    (every amount owed to the CCA known at `as_of`, after the last file too). `as_of` defaults
    to today."""
    editor = get_object_or_404(EditorProfile.objects.select_related("organisation"), pk=pk)
    permissions.require(permissions.can_view_editor_evaluation(request.auth, editor))
    lang = _lang(request, lang)
    as_of = as_of or timezone.localdate()
    evaluation = contribution_services.evaluate_editor(editor, as_of, lang)
    data = {"editor": {"name": str(editor), "kind": editor.establishment},
            "as_of": as_of.isoformat(), "years": [], "payments_due": []}
    if evaluation is not None:
        data = evaluation_dict(evaluation.case, evaluation.results, lang)
    return api.create_response(request, data, status=200)


@api.get("/contribution", response={200: s.ContributionOut, 422: s.ValidationErrorOut, **ERRORS},
         tags=["engine"], summary="The contribution for a year and an eligible turnover")
def contribution(request, year: s.QueryYear, turnover: str,
                 lang: Optional[Literal["fr", "en"]] = None):
    """Step 1 §4: the same JSON as `montage contribution --year Y --turnover T --format json`.
    `turnover` is the eligible turnover of year n−1, e.g. `800000.00`."""
    try:
        amount = parse_amount(turnover, field="turnover")
    except InputError as error:
        raise _invalid(["query", "turnover"], str(error)) from None
    if amount >= TURNOVER_LIMIT:  # beyond the engine's decimal precision once multiplied
        raise _invalid(["query", "turnover"], _(
            "“%(parameter)s”: expected an amount below 1 000 000 000 000, got “%(value)s”.")
            % {"parameter": "turnover", "value": turnover[:40]})
    try:
        result = compute_contribution(year, amount)
    except InputError as error:
        raise _invalid(["query", error.field or "year"], str(error)) from None
    return api.create_response(request, result.as_dict(_lang(request, lang)), status=200)


# -- investments ---------------------------------------------------------------------------------

@api.get("/investments", response={200: list[s.InvestmentOut], **ERRORS}, tags=["investments"],
         summary="Investments visible to the caller")
def investment_list(request, obligation: Optional[s.QueryId] = None,
                    year: Optional[s.QueryYear] = None, editor: Optional[s.QueryId] = None,
                    work: Optional[s.QueryId] = None):
    """The editor's own (confidential ones included), all for the CSA and the CCA, those of a
    producer's company (never confidential) for a producer; nothing for a fund."""
    rows = permissions.investments_for(request.auth)
    for field, value in (("obligation_id", obligation), ("obligation__year", year),
                         ("editor_id", editor), ("work_id", work)):
        if value is not None:
            rows = rows.filter(**{field: value})
    return _investments(rows)


def _visible_investment(user, pk: int) -> Investment:
    investment = get_object_or_404(Investment, pk=pk)
    permissions.require(permissions.investments_for(user).filter(pk=pk).exists())
    return investment


@api.get("/investments/{int:pk}", response={200: s.InvestmentOut, **ERRORS},
         tags=["investments"], summary="One investment")
def investment_detail(request, pk: int):
    investment = _visible_investment(request.auth, pk)
    return _investments([investment])[0]


def _apply(investment: Investment, data: dict, user) -> None:
    """Set the fields sent, resolving ids; refuse (422, field named) what does not exist. A
    `work` is one the caller sees (permissions.works_for): any other id is refused as one that
    does not exist (announcing a work by title and producer is the pages' and the imports')."""
    references = {"work": permissions.works_for(user), "producer": Company.objects.all(),
                  # as the step-2 page: an unrealised project of the same editor, not itself
                  "reassigned_from": investments_services.step2_reassignable(investment.editor, investment)
                  if investment.editor_id else Investment.objects.none()}
    for field, value in data.items():
        if field == "obligation":
            file = ObligationYear.objects.filter(pk=value).first()
            if file is None:
                raise _invalid(["body", "payload", "obligation"],
                               _("No obligation file with this id."))
            if investments_services.investments_locked(file):
                raise _invalid(["body", "payload", "obligation"], LOCKED_MESSAGE())
            if not permissions.can_edit_investments(user, file.editor):
                raise PermissionDenied
            investment.obligation, investment.editor_id = file, file.editor_id
        elif field in references:
            if value is None:
                setattr(investment, f"{field}_id", None)
                continue
            target = references[field].filter(pk=value).first()
            if target is None:
                raise _invalid(["body", "payload", field], _("No such object: %(id)s.")
                               % {"id": value})
            setattr(investment, field, target)
        else:
            setattr(investment, field, value)
    try:
        investment.full_clean()
    except DjangoValidationError as error:
        raise ValidationError([{"loc": ["body", "payload", name], "msg": " ".join(messages),
                                "type": "invalid"}
                               for name, messages in error.message_dict.items()]) from None


@api.post("/investments", response={201: s.InvestmentOut, **WRITE_ERRORS},
          tags=["investments"], summary="Add an investment to the editor's own file")
def investment_create(request, payload: s.InvestmentIn):
    """The file's editor only (step 2's `can_edit_investments`); not once the file is validated
    or closed. Amounts are strings. A new investment is `active`: another `status`, a
    `justified_amount` or a `decision_date` is the CCA's decision (403 naming the field; see
    POST /api/investments/{id}/status)."""
    user = request.auth
    data = payload.model_dump()
    file = ObligationYear.objects.filter(pk=data["obligation"]).first()
    if file is not None and not permissions.can_edit_investments(user, file.editor):
        raise PermissionDenied
    if file is not None and investments_services.investments_locked(file):
        return Status(409, {"detail": LOCKED_MESSAGE()})
    investment = Investment(editor_id=file.editor_id if file else None)
    with transaction.atomic(), acting_as(user):
        _apply(investment, data, user)
        investments_services.step2_save_investment(investment, user)
    return Status(201, _investments([investment])[0])


@api.patch("/investments/{int:pk}", response={200: s.InvestmentOut, **WRITE_ERRORS},
           tags=["investments"], summary="Change an investment of the editor's own file")
def investment_update(request, pk: int, payload: s.InvestmentPatch):
    """Only the fields sent change. The editor only, while its file is not validated or closed
    (409 otherwise); every change is in the object's history. `status`, `justified_amount` and
    `decision_date` are the CCA's decision: sending a different value is refused (403 naming
    the field)."""
    user = request.auth
    investment = _visible_investment(user, pk)
    permissions.require(permissions.can_edit_investments(user, investment.editor))
    if investments_services.investments_locked(investment.obligation):
        return Status(409, {"detail": LOCKED_MESSAGE()})
    data = payload.model_dump(exclude_unset=True)
    for field in ("category", "amount", "document", "status", "fwb_initiative", "confidential",
                  "promotes_fwb_artists_or_heritage", "counted_under_other_obligation",
                  "legal_advantage", "genre", "delegated_to", "obligation"):
        if field in data and data[field] is None:
            raise _invalid(["body", "payload", field], _("This field cannot be null."))
    with transaction.atomic(), acting_as(user):
        _apply(investment, data, user)
        investments_services.step2_save_investment(investment, user)
    return Status(200, _investments([investment])[0])


@api.post("/investments/{int:pk}/decision", response={200: s.InvestmentOut, **WRITE_ERRORS},
          tags=["investments"], summary="The CCA validates or refuses an investment")
def investment_decision(request, pk: int, payload: s.DecisionIn):
    """The CCA only (step 2's `can_decide_step2`). Recorded in the audit trail as a decision
    ("validated" or "refused") with its note; the latest decision is the investment's
    `validation`."""
    user = request.auth
    investment = _visible_investment(user, pk)
    permissions.require(permissions.can_decide_step2(user))
    with transaction.atomic(), acting_as(user):
        record_decision(investment, payload.decision, payload.note)
    return Status(200, _investments([investment])[0])


# -- works ---------------------------------------------------------------------------------------

@api.get("/works", response={200: list[s.WorkOut], **ERRORS}, tags=["works"],
         summary="Works visible to the caller")
def work_list(request):
    permissions.require(permissions.can_list_works(request.auth))
    return [_work(w) for w in permissions.works_for(request.auth)]


@api.get("/works/{int:pk}", response={200: s.WorkDetailOut, **ERRORS}, tags=["works"],
         summary="One work, its credits and the investments the caller may see")
def work_detail(request, pk: int):
    work = get_object_or_404(Work.objects.select_related("producer"), pk=pk)
    permissions.require(permissions.can_view_work(request.auth, work))
    investments = permissions.investments_for(request.auth).filter(work=work)
    return {**_work(work),
            "credits": [{"person": str(c.person), "role": c.role}
                        for c in work.credits.select_related("person")],
            "investments": _investments(investments)}


# -- history -------------------------------------------------------------------------------------

HISTORY_KINDS = ("obligation", "investment", "work", "turnover-line")


def _history_subject(user, kind: str, pk: int):
    if kind == "obligation":
        return _visible_file(user, pk)
    if kind == "investment":
        return _visible_investment(user, pk)
    if kind == "work":
        work = get_object_or_404(Work, pk=pk)
        permissions.require(permissions.can_view_work(user, work))
        return work
    line = get_object_or_404(TurnoverLine.objects.select_related("declaration__obligation"),
                             pk=pk)
    permissions.require(permissions.turnover_lines_for(
        user, line.declaration.obligation).filter(pk=pk).exists())
    return line


@api.get("/history/{kind}/{int:pk}", response={200: list[s.HistoryEntry], **ERRORS},
         tags=["history"], summary="The audit trail of one object, newest first")
def history(request, kind: Literal[HISTORY_KINDS], pk: int):
    """kind: obligation, investment, work or turnover-line; whoever may see the object may
    see its history."""
    subject = _history_subject(request.auth, kind, pk)
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(subject)), object_id=str(subject.pk))
    return [{"at": e.at, "by": e.actor_label, "action": e.action, "field": e.field,
             "old_value": e.old_value, "new_value": e.new_value, "note": e.note}
            for e in entries]


# The pages' operations (step 1, step 2, documents) register their routes on `api`.
from montage.web.api import operations  # noqa: E402,F401

__all__ = ["api", "token_days"]
