"""The JSON API (django-ninja): the same records, the same permissions and the same engine as the
pages. docs/web-api.md lists every route, who may call it and its JSON shape.

This module is the NinjaAPI: authentication, the error handlers, and the routers it mounts, one
per domain of the application (montage/web/<domain>/), each in montage/web/api/<domain>/:

- registry/routes.py: /me, /token, /organisations, /works, /history;
- contribution/routes.py: /obligations (files, Formulaire CA lines, step 1's operations, a
  file's documents), /turnover-lines, /questions, /attachments, and the engine's
  /editors/{id}/evaluation and /contribution;
- investments/routes.py: /investments (and the CCA's decisions, step 2's status, spillover
  proofs, documents), /editors/{id}/payments, /payments, /producers/{id}/independence,
  /independence, the committee's report and meeting, /spillover-proofs;
- parameters/routes.py: /parameters (the legal parameters, and the CCA's entered values);
- recoupment/routes.py: /projects/{pk}/receipts, /projects/{pk}/waterfall,
  /recoupment-statements/{pk};
- desks/routes.py: an investment's link to the producer's source, the shared proof lists, the
  spend reports (send, reject a line, release);
- carbon/routes.py: /projects/{pk}/footprint, /projects/{pk}/activities.

What the routers share (error responses, the pages' forms as input checks, permission look-ups,
serialisers) is montage/web/api/common.py, which imports no router; the shapes several domains
use are montage/web/api/schemas.py, a domain's own in <domain>/schemas.py.

- Authentication: the pages' session (CSRF token on writes) or `Authorization: Bearer <token>`
  from POST /api/token (auth.py). Anonymous → 401.
- Permissions: every route asks montage.web.permissions; refused → 403, missing object → 404
  (an object the user may not see is 404 when looked up by id, as in the pages: 403).
- Money: strings with two decimals out, strings in (numbers refused, 422 naming the field).
- Figures come from the law engine through contribution/services.py; the evaluation and contribution
  routes return exactly the CLI's `--format json` objects.
- Writes are recorded in the audit trail under the caller's name (session or token).
- OpenAPI operation ids are fixed on each route (`operation_id=`): they were derived from the
  module a route was first written in (montage_web_api_api_*, montage_web_api_operations_*) and
  stay so, whatever module a route lives in (tests/web/test_api_routes.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from montage.errors import InputError, MontageError
from montage.web import permissions
from montage.web.api.auth import SessionAuth, TokenAuth, token_days
from montage.web.api.carbon.routes import router as carbon_router
from montage.web.api.contribution.routes import router as contribution_router
from montage.web.api.desks.routes import router as desks_router
from montage.web.api.docs import SelfHostedSwagger, docs_login_required
from montage.web.api.investments.routes import router as investments_router
from montage.web.api.parameters.routes import router as parameters_router
from montage.web.api.recoupment.routes import router as recoupment_router
from montage.web.api.registry.routes import router as registry_router
from montage.web.core import problems
from montage.web.registry import stale

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

# One router per domain; a path (all its methods) belongs to one router only: Django would
# resolve a path two routers declare to the first, and answer 405 to the other's methods.
api.add_router("", registry_router)
api.add_router("", contribution_router)
api.add_router("", investments_router)
api.add_router("", parameters_router)
api.add_router("", recoupment_router)
api.add_router("", desks_router)
api.add_router("", carbon_router)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("Access denied.")}, status=403)


@api.exception_handler(permissions.DecidedFieldRefused)
def _decided_field(request, exc):
    """A decided field written by someone else (permissions.DECIDED_FIELDS): 403 naming it."""
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(stale.StaleEdit)
def _stale(request, exc):
    """A write from an older version than the stored one (If-Match): 409, both values."""
    return api.create_response(request, {"detail": exc.message, "version": exc.version,
                                         "changes": exc.changes}, status=409)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(MontageError)
def _engine_refused(request, exc):
    """422: one entry per problem, its line translated (`msg`) and its parts (`problem`)."""
    if isinstance(exc, InputError):
        return api.create_response(request, {"detail": [
            {"loc": ["query", p.column] if p.column else [], "msg": problems.line(p),
             "type": "montage_error", "problem": p.as_dict()} for p in exc.problems]},
            status=422)
    return api.create_response(request, {"detail": [
        {"loc": [], "msg": problems.message(exc), "type": "montage_error"}]}, status=422)


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


__all__ = ["api", "token_days"]
