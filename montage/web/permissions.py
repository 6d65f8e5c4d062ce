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


# == step 2 (montage/web/step2/): the CCA's validation of investments ===========================
# Editors see and edit only their own register; the CCA sees all and decides; the CSA sees all
# read-only; producers see the (non-confidential) investments where their company is the
# producer and may add spillover evidence to them; funds see nothing of step 2.

def _editor_ids(user) -> list[int]:
    return [o.pk for o in organisations(user, Kind.EDITOR)]


def is_cca(user) -> bool:
    return Kind.CCA in desks(user)


def step2_editors_for(user):
    """The editor profiles whose step-2 files the user may open."""
    from montage.web.core.models import EditorProfile

    editors = EditorProfile.objects.select_related("organisation")
    if is_regulator(user):
        return editors.all()
    return editors.filter(organisation_id__in=_editor_ids(user))


def can_use_step2(user) -> bool:
    return bool(desks(user) & {Kind.EDITOR, Kind.CSA, Kind.CCA, Kind.PRODUCER})


def can_view_step2_editor(user, editor) -> bool:
    return is_regulator(user) or editor.pk in _editor_ids(user)


def can_edit_investments(user, editor) -> bool:
    """Adding and editing investments, uploading their documents: the editor itself only."""
    return editor.pk in _editor_ids(user)


def can_decide_step2(user) -> bool:
    """Validating investments, unrealised/cancelled status, missing invoice mentions, payment
    letters and payments, committee meetings: the CCA only (the CSA reads)."""
    return is_cca(user)


def can_view_investment(user, investment: Investment) -> bool:
    return investments_for(user).filter(pk=investment.pk).exists()


def can_add_spillover(user, investment: Investment) -> bool:
    """The investment's editor, or the producer whose company produces it (never confidential)."""
    if investment.editor_id in _editor_ids(user):
        return True
    return (not investment.confidential and investment.producer_id is not None
            and investment.producer_id in _producer_company_ids(user))


def can_view_attachment(user, attachment) -> bool:
    """An investment's document: whoever sees the investment, except a confidential document,
    which only the editor and the regulators see. A file's document: whoever sees the file."""
    if attachment.investment_id:
        if not can_view_investment(user, attachment.investment):
            return False
        if attachment.confidential or attachment.investment.confidential:
            return is_regulator(user) or attachment.investment.editor_id in _editor_ids(user)
        return True
    return can_view_obligation(user, attachment.obligation)


def _invests_with(user, company) -> bool:
    return Investment.objects.filter(editor_id__in=_editor_ids(user), producer=company).exists()


def can_view_independence(user, company) -> bool:
    return (is_regulator(user) or _invests_with(user, company)
            or company.pk in _producer_company_ids(user))


def can_edit_independence(user, company) -> bool:
    """The figures are entered by an editor investing with that producer, or by the CCA."""
    return is_cca(user) or _invests_with(user, company)


# == step 1 (montage/web/step1/): the editor's filings and the CSA's decision =================
# Reading step 1 follows the obligation file (its editor, CSA, CCA; producers and funds see
# nothing). Filing (choice, estimate, Formulaire CA, figures, attachments, answers) is for the
# file's own editor_officer only; questions, the eligible turnover, the amount or the exemption
# and the presumed payment are for csa_analyst only. The CCA reads.

def step1_filing_editor_ids(user) -> list[int]:
    """Editor organisations for which the user is editor_officer (who may file step 1)."""
    return [m.organisation.pk for m in memberships(user)
            if m.organisation.kind == Kind.EDITOR and m.role == Role.EDITOR_OFFICER]


def can_file_step1(user, obligation: ObligationYear) -> bool:
    return obligation.editor_id in step1_filing_editor_ids(user)


def can_decide_step1(user) -> bool:
    return any(m.organisation.kind == Kind.CSA and m.role == Role.CSA_ANALYST
               for m in memberships(user))


# == API (montage/web/api/): the JSON API follows the pages' rules above ======================
# Reads use obligations_for / turnover_lines_for / investments_for / works_for; writes use
# step 2's can_edit_investments (the editor) and can_decide_step2 (the CCA). Only what the API
# needs on top of them is here.

def organisations_visible_to(user) -> QuerySet[Organisation]:
    """The CSA and the CCA see every organisation; anyone else the organisations they belong to
    (a user without a desk: none)."""
    if is_regulator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=[o.pk for o in organisations(user)])


def can_view_editor_evaluation(user, editor) -> bool:
    """The engine's evaluation of an editor's years: that editor and the regulators."""
    return is_regulator(user) or editor.pk in [o.pk for o in organisations(user, Kind.EDITOR)]


# -- exchange area: the annex workbooks and the committee PDF (montage/web/exchange) ----------

def can_export_obligation_documents(user, obligation: ObligationYear) -> bool:
    """The file's editor, the CSA and the CCA download its workbooks and committee PDF."""
    return can_view_obligation(user, obligation)


def can_import_obligation_documents(user, obligation: ObligationYear) -> bool:
    """Only the file's editor imports workbooks into it (the CSA and CCA only read them)."""
    return obligation.editor_id in {o.pk for o in organisations(user, Kind.EDITOR)}


# -- fund desk: the regional fund's annual report (area `fund`, docs/web-fund.md) ---------------

FUND_REPORT_ROLES = {Role.FUND_ANALYST, Role.FUND_BOARD}


def can_view_fund_report(user) -> bool:
    """The annual report's tables, the reconciliation and their downloads: fund analysts and
    board members of a regional-fund organisation. The CSA, the CCA, editors and producers are
    refused, and so is an organisation administrator without one of those roles."""
    return any(m.organisation.kind == Kind.FUND and m.role in FUND_REPORT_ROLES
               for m in memberships(user))


# -- fund desk: calls, applications, decisions, commitments, tranches (area `fund`) -----------
# Each record belongs to a fund organisation (its funding line's). Analysts and board members of
# that organisation read everything of it; analysts create calls, record and score applications,
# commit and release tranches; board members decide. Everyone else: 403.

def fund_desk_organisation_ids(user, *roles: str) -> set[int]:
    """Fund organisations where the user is fund_analyst or fund_board (or one of `roles`)."""
    wanted = set(roles) or FUND_REPORT_ROLES
    return {m.organisation.pk for m in memberships(user)
            if m.organisation.kind == Kind.FUND and m.role in wanted}


def can_use_fund_desk(user) -> bool:
    return bool(fund_desk_organisation_ids(user))


def can_view_fund_record(user, fund_organisation_id: int) -> bool:
    return fund_organisation_id in fund_desk_organisation_ids(user)


def can_work_fund_record(user, fund_organisation_id: int) -> bool:
    """Create calls, record and score applications, commit, verify spend, release tranches."""
    return fund_organisation_id in fund_desk_organisation_ids(user, Role.FUND_ANALYST)


def can_decide_fund_record(user, fund_organisation_id: int) -> bool:
    """The board's decision on an application."""
    return fund_organisation_id in fund_desk_organisation_ids(user, Role.FUND_BOARD)


# -- fund desk: enterprise fund, film office, recoupments, cancellations (area `fund`) ---------
# Same organisations as the desk: analysts and board members of the fund read; analysts record.

def can_view_fund_portfolio(user, fund_organisation_id: int) -> bool:
    """The enterprise fund's portfolio, the film office's files, the recoupments."""
    return can_view_fund_record(user, fund_organisation_id)


def can_record_fund_portfolio(user, fund_organisation_id: int) -> bool:
    """Add portfolio companies, instruments, movements, shooting files, recoupment receipts."""
    return fund_organisation_id in fund_desk_organisation_ids(user, Role.FUND_ANALYST)


def can_cancel_fund_commitment(user, fund_organisation_id: int) -> bool:
    """Cancel a commitment (the amount released goes back to the envelope): the analyst."""
    return fund_organisation_id in fund_desk_organisation_ids(user, Role.FUND_ANALYST)


# == production desk (area `production`, docs/web-production.md): the producer's project file ===
# A project belongs to its owner producer organisation. Its producer managers (and the
# organisation's administrators) read and edit it; a Django superuser reads every project; every
# other user is refused (403). Any producer-desk member may create a project for their own
# organisation.

PRODUCTION_ROLES = {Role.PRODUCER_MANAGER, Role.ADMIN}


def production_organisation_ids(user) -> set[int]:
    """Producer organisations where the user is producer_manager or administrator."""
    return {m.organisation.pk for m in memberships(user)
            if m.organisation.kind == Kind.PRODUCER and m.role in PRODUCTION_ROLES}


def can_use_production_desk(user) -> bool:
    return bool(production_organisation_ids(user)) or bool(getattr(user, "is_superuser", False))


def can_create_project(user) -> bool:
    return bool(production_organisation_ids(user))


def projects_for(user):
    from montage.web.core.models import Project

    projects = Project.objects.select_related("work", "owner")
    if getattr(user, "is_superuser", False) and user.is_active:
        return projects.all()
    return projects.filter(owner_id__in=production_organisation_ids(user))


def can_view_project(user, project) -> bool:
    return (project.owner_id in production_organisation_ids(user)
            or bool(getattr(user, "is_superuser", False) and user.is_active))


def can_edit_project(user, project) -> bool:
    return project.owner_id in production_organisation_ids(user)


# == ledger (area `ledger`, docs/web-ledger.md): suppliers, expenses, obligations, proofs ======
# The project's ledger pages follow can_view_project / can_edit_project above (read: the owner's
# producer managers and administrators, and superusers; write: the owner's only). The supplier
# registry is shared by every producer (a company's identity and seats are not confidential):
# producer-desk members read it and add to it, but a producer sees only the expenses of its own
# projects, and nobody edits another producer organisation's own company record through it.
# Proof exports are for the owning producer only.

def can_view_suppliers(user) -> bool:
    return can_use_production_desk(user)


def can_add_suppliers(user) -> bool:
    return bool(production_organisation_ids(user))


def can_edit_supplier(user, company) -> bool:
    if not can_add_suppliers(user):
        return False
    organisation = Organisation.objects.filter(company=company).first()
    return organisation is None or organisation.pk in production_organisation_ids(user)


def supplier_expenses_for(user, company):
    """The expenses of this supplier that the user may see: those of the user's own projects."""
    from montage.web.core.models import Expense

    return Expense.objects.filter(supplier=company,
                                  project__owner_id__in=production_organisation_ids(user))


def can_download_ledger_proofs(user, project) -> bool:
    return can_edit_project(user, project)
