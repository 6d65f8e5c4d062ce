"""Who may see what: every view asks here, and nowhere else decides.

Rules (docs/web.md, "Permissions"):
- A user acts through memberships (organisation + role). Without one, a user sees nothing but
  the home page.
- Editor users (editor_officer or admin of an editor) see their own organisation's obligation
  files, turnover lines (confidential ones included) and investments.
- CSA and CCA users (analysts or admins) see every obligation file, line and investment.
- Producer users see the works where their company is the delegate producer or the producer of an
  investment, and those investments, never confidential ones.
- Fund users see the works catalogue (no obligation file, no investment) until the fund desk
  lands.
- Shared and committee views never show a confidential turnover line or investment, whoever asks.
Django superusers administer through /admin/; in the application they follow the same rules.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from montage.web.core.models import (Investment, Membership, ObligationYear, Organisation,
                                     TurnoverLine, Work)

Kind = Organisation.Kind
Role = Membership.Role

# A membership counts for a desk when both the organisation kind and the role fit.
DESK_ROLES = {
    Kind.EDITOR: {Role.EDITOR_OFFICER, Role.ADMIN},
    Kind.PRODUCER: {Role.PRODUCER_MANAGER, Role.ADMIN},
    Kind.CSA: {Role.CSA_ANALYST, Role.ADMIN},
    Kind.CCA: {Role.CCA_ANALYST, Role.ADMIN},
    Kind.FUND: {Role.FUND_ANALYST, Role.FUND_BOARD, Role.ADMIN},
}
REGULATORS = (Kind.CSA, Kind.CCA)


def memberships(user) -> list[Membership]:
    """The user's valid memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_montage_memberships", None)
    if cached is None:
        cached = [m for m in Membership.objects.filter(user=user).select_related("organisation")
                  if m.role in DESK_ROLES.get(m.organisation.kind, ())]
        user._montage_memberships = cached
    return cached


def organisations(user, *kinds: str) -> list[Organisation]:
    return [m.organisation for m in memberships(user) if not kinds or m.organisation.kind in kinds]


def desks(user) -> set[str]:
    """The organisation kinds the user acts for: {"editor"}, {"csa"}, ..."""
    return {m.organisation.kind for m in memberships(user)}


def is_regulator(user) -> bool:
    return bool(desks(user) & set(REGULATORS))


def _producer_company_ids(user) -> list[int]:
    return [o.company_id for o in organisations(user, Kind.PRODUCER) if o.company_id]


# -- obligation files ------------------------------------------------------------------------

def can_list_obligations(user) -> bool:
    return bool(desks(user) & {Kind.EDITOR, Kind.CSA, Kind.CCA})


def obligations_for(user) -> QuerySet[ObligationYear]:
    files = ObligationYear.objects.select_related("editor__organisation")
    if is_regulator(user):
        return files.all()
    editors = [o.pk for o in organisations(user, Kind.EDITOR)]
    return files.filter(editor_id__in=editors)


def can_view_obligation(user, obligation: ObligationYear) -> bool:
    return obligations_for(user).filter(pk=obligation.pk).exists()


def turnover_lines_for(user, obligation: ObligationYear, *, shared: bool = False
                       ) -> QuerySet[TurnoverLine]:
    """Lines of the file's declaration; confidential ones only for its editor, CSA and CCA, and
    never in a shared or committee view."""
    if not can_view_obligation(user, obligation):
        return TurnoverLine.objects.none()
    lines = TurnoverLine.objects.filter(declaration__obligation=obligation).select_related(
        "service")
    return lines.filter(confidential=False) if shared else lines


# -- investments and works -------------------------------------------------------------------

def investments_for(user, *, shared: bool = False) -> QuerySet[Investment]:
    rows = Investment.objects.select_related("work", "producer", "editor__organisation",
                                             "obligation")
    if is_regulator(user):
        visible = rows.all()
    else:
        editors = [o.pk for o in organisations(user, Kind.EDITOR)]
        companies = _producer_company_ids(user)
        visible = rows.filter(Q(editor_id__in=editors)
                              | Q(producer_id__in=companies, confidential=False))
    return visible.filter(confidential=False) if shared else visible


def can_list_works(user) -> bool:
    return bool(desks(user))


def works_for(user) -> QuerySet[Work]:
    works = Work.objects.select_related("producer")
    if desks(user) & {Kind.CSA, Kind.CCA, Kind.FUND}:
        return works.all()
    editors = [o.pk for o in organisations(user, Kind.EDITOR)]
    companies = _producer_company_ids(user)
    return works.filter(Q(producer_id__in=companies)
                        | Q(investments__producer_id__in=companies,
                            investments__confidential=False)
                        | Q(investments__editor_id__in=editors)).distinct()


def can_view_work(user, work: Work) -> bool:
    return works_for(user).filter(pk=work.pk).exists()


def require(allowed: bool) -> None:
    """Refuse the request (HTTP 403) unless `allowed`."""
    if not allowed:
        raise PermissionDenied
