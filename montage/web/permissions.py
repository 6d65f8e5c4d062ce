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
- An editor's investment names a work the editor sees (works_for), or one it does not see yet by
  its title together with its producer (works_announced_with); never any work by its id.
Django superusers administer through /admin/; in the application they follow the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from montage.web.contribution.models import ObligationYear, TurnoverLine
from montage.web.investments.models import Investment
from montage.web.registry.models import Membership, Organisation, Work

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


def works_announced_with(user, producer) -> QuerySet[Work]:
    """The works an editor may name in an investment without seeing them yet: the works whose
    delegate producer is `producer`, named by their title together with that producer (the step-2
    form's title field, the Récapitulatif Invest import's title and producer columns): whoever
    signed with the producer knows both. A list or an id (the form's work choice, the API's
    `work`) only ever offers works_for(user); once the investment exists, the work is in
    works_for. Nobody but an editor announces a work."""
    if producer is None or Kind.EDITOR not in desks(user):
        return Work.objects.none()
    return Work.objects.filter(producer=producer)


def inbox_organisation_ids(user) -> set[int]:
    """The inboxes a user reads: those of the organisations the user holds a desk role in."""
    return {m.organisation_id for m in memberships(user)}


def require(allowed: bool) -> None:
    """Refuse the request (HTTP 403) unless `allowed`."""
    if not allowed:
        raise PermissionDenied


# == step 2 (montage/web/investments/): the CCA's validation of investments ===========================
# Editors see and edit only their own register; the CCA sees all and decides; the CSA sees all
# read-only; producers see the (non-confidential) investments where their company is the
# producer and may add spillover evidence to them; funds see nothing of step 2.

def _editor_ids(user) -> list[int]:
    return [o.pk for o in organisations(user, Kind.EDITOR)]


def is_cca(user) -> bool:
    return Kind.CCA in desks(user)


def step2_editors_for(user):
    """The editor profiles whose step-2 files the user may open."""
    from montage.web.contribution.models import EditorProfile

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
        return (can_view_investment(user, attachment.investment)
                and _may_see_document(user, attachment, attachment.investment))
    return can_view_obligation(user, attachment.obligation)


def _may_see_document(user, attachment, investment) -> bool:
    if attachment.confidential or investment.confidential:
        return is_regulator(user) or investment.editor_id in _editor_ids(user)
    return True


def viewable_attachments(user, investment, attachments) -> list:
    """can_view_attachment of each of an investment's documents, the investment asked once."""
    if not can_view_investment(user, investment):
        return []
    return [a for a in attachments if _may_see_document(user, a, investment)]


def _invests_with(user, company) -> bool:
    return Investment.objects.filter(editor_id__in=_editor_ids(user), producer=company).exists()


def can_view_independence(user, company) -> bool:
    return (is_regulator(user) or _invests_with(user, company)
            or company.pk in _producer_company_ids(user))


def can_edit_independence(user, company) -> bool:
    """The figures are entered by an editor investing with that producer, or by the CCA."""
    return is_cca(user) or _invests_with(user, company)


# == step 1 (montage/web/contribution/): the editor's filings and the CSA's decision =================
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


# == legal parameters (montage/web/parameters/): the values the CCA keeps current ==============
# A published index (or any dated value) is entered by the CCA, its analysts and administrators
# (issue 12, finding 3); the CSA reads the parameters (it waits on an index to fix an amount);
# editors, producers, funds and users without a desk see nothing of them.

def can_view_parameters(user) -> bool:
    return is_regulator(user)


def can_enter_parameters(user) -> bool:
    return is_cca(user)


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

def is_applicant(user, application) -> bool:
    """A producer manager or administrator of the application's applicant company."""
    return application.applicant_id in {
        m.organisation.company_id for m in memberships(user)
        if m.organisation.kind == Kind.PRODUCER and m.role in PRODUCTION_ROLES}


def can_view_fund_application_document(user, document) -> bool:
    """A document of an application: the call's fund desk, and the producer organisations of the
    applicant company (who filed it)."""
    application = document.application
    return (can_view_fund_record(user, application.call.funding_line.organisation_id)
            or is_applicant(user, application))


def can_view_spend_report(user, report) -> bool:
    """A spend report (its proof lines only): the commitment's fund desk and the producer who
    sent it; never another producer, broadcaster or financier."""
    application = report.tranche.commitment.application
    return (can_view_fund_record(user, application.call.funding_line.organisation_id)
            or is_applicant(user, application))


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
    from montage.web.production.models import Project

    projects = Project.objects.select_related("work", "owner")
    if getattr(user, "is_superuser", False) and user.is_active:
        return projects.all()
    return projects.filter(owner_id__in=production_organisation_ids(user))


def can_view_project(user, project) -> bool:
    return (project.owner_id in production_organisation_ids(user)
            or bool(getattr(user, "is_superuser", False) and user.is_active))


def can_edit_project(user, project) -> bool:
    return project.owner_id in production_organisation_ids(user)


# == carbon footprint (area `carbon`, docs/web-carbon.md) =====================================
# A project's footprint and green plan: read by those who read the project and by the fund users
# (analysts, board) of a fund the project's work applied to or its financing plan names;
# recorded by the project's producer managers only. The fund's portfolio page follows can_view_fund_portfolio.

def can_view_footprint(user, project) -> bool:
    if can_view_project(user, project):
        return True
    funds = fund_desk_organisation_ids(user, Role.FUND_ANALYST, Role.FUND_BOARD)
    if not funds:
        return False
    from montage.web.carbon.models import projects_of_fund
    return any(projects_of_fund(fund).filter(pk=project.pk).exists() for fund in funds)


def can_edit_footprint(user, project) -> bool:
    return can_edit_project(user, project)


# == ledger (area `ledger`, docs/web-ledger.md): suppliers, expenses, obligations, proofs ======
# The project's ledger pages follow can_view_project / can_edit_project above (read: the owner's
# producer managers and administrators, and superusers; write: the owner's only). The supplier
# registry is shared by every producer (a company's identity and seats are not confidential):
# producer-desk members read it and add to it, but a producer sees only the expenses of its own
# projects. A company's identity and seats decide other ledgers' figures, so only the
# organisation that owns the record edits them (a producer organisation's own company: that
# producer; a company it recorded: the organisation that recorded it), or a superuser; a shared
# record without owner is edited by a superuser only. The others see it and propose a
# correction, which the owner accepts or rejects. People paid on payroll belong to the employer
# organisation: only it (and a superuser, who reads every project) sees them, only it edits
# them, and only its people are offered on its payroll lines. The views and the services
# (montage.web.ledger.suppliers, the imports) all ask here. Proof exports: the owning producer.

def _superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def can_view_suppliers(user) -> bool:
    return can_use_production_desk(user)


def can_add_suppliers(user) -> bool:
    return bool(production_organisation_ids(user))


def owner_choices(user) -> QuerySet[Organisation]:
    """The organisations a new supplier or person may belong to: the user's producer ones."""
    return Organisation.objects.filter(pk__in=production_organisation_ids(user)).order_by("name")


def supplier_editors(company) -> set[int]:
    """The organisations whose producer managers and administrators edit the company: the
    organisation(s) whose own company it is, else its owner; none for a shared record."""
    own = set(Organisation.objects.filter(company=company).values_list("pk", flat=True))
    if own:
        return own
    return {company.owner_id} if company.owner_id else set()


def can_edit_supplier(user, company) -> bool:
    """Identity and seats: the owner (its producer managers and administrators) or a superuser.
    A company used in another organisation's ledger is never editable by a third party."""
    if _superuser(user):
        return True
    return bool(supplier_editors(company) & production_organisation_ids(user))


def can_propose_supplier_correction(user, company) -> bool:
    """Producer-desk members who may not edit the company propose a correction instead."""
    return can_add_suppliers(user) and not can_edit_supplier(user, company)


def can_decide_supplier_correction(user, correction) -> bool:
    """Accept or reject an open correction: whoever may edit the company."""
    return correction.status == "open" and can_edit_supplier(user, correction.company)


def supplier_corrections_for(user, company):
    """The corrections of the company the user sees: all of them for whoever edits it, else
    those its own organisations proposed."""
    corrections = company.corrections.select_related("organisation", "proposed_by",
                                                     "decided_by")
    if can_edit_supplier(user, company):
        return corrections.all()
    return corrections.filter(organisation_id__in=production_organisation_ids(user))


def supplier_expenses_for(user, company):
    """The expenses of this supplier that the user may see: those of the user's own projects."""
    from montage.web.ledger.models import Expense

    return Expense.objects.filter(supplier=company,
                                  project__owner_id__in=production_organisation_ids(user))


def people_for(user):
    """The people paid on payroll the user sees: its organisations' (a superuser: all)."""
    from montage.web.registry.models import Person

    if _superuser(user):
        return Person.objects.all()
    return Person.objects.filter(owner_id__in=production_organisation_ids(user))


def can_edit_person(user, person) -> bool:
    """A person paid on payroll: the employer organisation only."""
    return person.owner_id is not None and person.owner_id in production_organisation_ids(user)


def payroll_people_for(project):
    """The employees a payroll line of the project may name: its producer's people."""
    from montage.web.registry.models import Person

    return Person.objects.filter(owner_id=project.owner_id)


def credit_people_for(project):
    """The people a credit on the project's work may name: people no employer holds (credited
    on works) and the producer's own people, never another employer's."""
    from montage.web.registry.models import Person

    return Person.objects.filter(Q(owner__isnull=True) | Q(owner_id=project.owner_id))


def can_download_ledger_proofs(user, project) -> bool:
    return can_edit_project(user, project)


# == recoupment (area `recoupment`, docs/web-recoupment.md): receipts, agreement, statements ====
# The work's receipts, agreement and waterfall follow its project (can_view_project /
# can_edit_project). A statement is read by the project's readers and, once sent, by the
# organisation of its beneficiary only (a financier never sees another's statement); the fund's
# analysts of that organisation mark it paid.

def statements_received_by(user):
    from montage.web.recoupment.models import Statement

    return Statement.objects.filter(sent_on__isnull=False, source__financier_id__in=[
        o.pk for o in organisations(user)]).select_related("project__work", "source")


def can_list_received_statements(user) -> bool:
    return bool(memberships(user))


def can_view_statement(user, statement) -> bool:
    return (can_view_project(user, statement.project)
            or statements_received_by(user).filter(pk=statement.pk).exists())


def can_mark_statement_paid(user, statement) -> bool:
    return (statement.sent_on is not None
            and statement.source.financier_id in fund_desk_organisation_ids(
                user, Role.FUND_ANALYST))


# == decided fields: who may write a field that is an authority's decision =====================
# One table for every desk. A decided field changes only through its authority's decision route
# (`via`); every other write of it is refused, naming the field: the editor's, the producer's or
# the analyst's own forms never show it, and the services every channel calls (pages, the JSON
# API, the workbook imports) ask `refuse_decided_fields` before saving. A new record starts with
# the field's default (a new investment is `active`, without justified amount or decision date)
# unless its authority creates it. What the procedure moves as a consequence of another step
# (the file's status `declared` when the editor submits its Formulaire CA, an application
# `scored` when the analyst scores it) is the service's transition, not a write of the field.

class DecidedFieldRefused(PermissionDenied):
    """A write of a decided field by someone who may not decide it (pages and API: 403, with a
    message naming the field; imports: the cell's error)."""

    def __init__(self, model, field: str, deciders: tuple[str, ...]):
        from django.utils.translation import gettext as _

        self.model, self.field, self.deciders = model, field, deciders
        self.message = _("“%(field)s” is decided by %(who)s: only that decision changes "
                         "it.") % {"field": field, "who": decider_labels(deciders)}
        super().__init__(self.message)


@dataclass(frozen=True)
class DecidedField:
    deciders: tuple[str, ...]  # keys of DECIDERS
    via: tuple[str, ...]       # the routes that write it: page URL names, API "METHOD /api/…"


_FUND_PATHS = {  # how a fund record reaches its fund organisation
    "Application": "call.funding_line.organisation_id",
    "Decision": "application.call.funding_line.organisation_id",
    "Commitment": "application.call.funding_line.organisation_id",
    "Tranche": "commitment.application.call.funding_line.organisation_id",
    "CommitmentCancellation": "commitment.application.call.funding_line.organisation_id",
}


def _fund_organisation_id(obj) -> int | None:
    path = _FUND_PATHS.get(type(obj).__name__) if obj is not None else None
    if path is None:
        return None
    try:
        for name in path.split("."):
            obj = getattr(obj, name)
    except AttributeError:  # a record without its parents yet (RelatedObjectDoesNotExist)
        return None
    return obj


def _fund_role(user, obj, role: str) -> bool:
    """The role in the record's fund organisation (no record: in any fund organisation)."""
    org_id = _fund_organisation_id(obj)
    held = fund_desk_organisation_ids(user, role)
    return org_id in held if org_id is not None else bool(held)


# decider → (who, as said in a refusal; may the user decide, on this record or this model)
DECIDERS = {
    "csa": (gettext_lazy("the CSA"), lambda user, obj: can_decide_step1(user)),
    "cca": (gettext_lazy("the CCA"), lambda user, obj: can_decide_step2(user)),
    "fund_analyst": (gettext_lazy("the fund's analysts"),
                     lambda user, obj: _fund_role(user, obj, Role.FUND_ANALYST)),
    "fund_board": (gettext_lazy("the fund's board"),
                   lambda user, obj: _fund_role(user, obj, Role.FUND_BOARD)),
}

_CSA_DECISION = ("contribution_decide", "POST /api/obligations/{id}/decision")
_CCA_STATUS = ("investments_investment_status", "POST /api/investments/{id}/status")
_CCA_MENTIONS = ("investments_spillover_missing", "PATCH /api/spillover-proofs/{id}")
_CCA_PAYMENT_NEW = ("investments_payment_create", "POST /api/editors/{id}/payments")
_CCA_PAYMENT_UPDATE = ("investments_payment_update", "PATCH /api/payments/{id}")
_CCA_PAYMENT = _CCA_PAYMENT_NEW + _CCA_PAYMENT_UPDATE
_CSA_PRESUMPTION = ("contribution_presume", "POST /api/obligations/{id}/presumption")
_CCA_COMMITTEE = ("investments_committee", "PUT /api/obligations/{id}/committee-meeting")
_FUND_SCORE = ("fund_application_score",)
_FUND_DECIDE = ("fund_application_decide",)
_FUND_COMMIT = ("fund_commitment_new",)
_FUND_SPEND = ("fund_commitment_spend",)
_FUND_RELEASE = ("fund_tranche_release",)
_FUND_CANCEL = ("fund_commitment_cancel",)

# (model, field) → who decides it and through which routes. Models by class name (core app).
DECIDED_FIELDS: dict[tuple[str, str], DecidedField] = {
    # step 1: the CSA's decision (services.step1_decide)
    ("ObligationYear", "eligible_turnover"): DecidedField(("csa",), _CSA_DECISION),
    ("ObligationYear", "eligible_fixed_on"): DecidedField(("csa",), _CSA_DECISION),
    ("ObligationYear", "amount"): DecidedField(("csa",), _CSA_DECISION),
    ("ObligationYear", "exemption_ground"): DecidedField(("csa",), _CSA_DECISION),
    ("ObligationYear", "status"): DecidedField(("csa",), _CSA_DECISION),
    # step 2: the CCA's status of an investment (services.step2_set_status)
    ("Investment", "status"): DecidedField(("cca",), _CCA_STATUS),
    ("Investment", "justified_amount"): DecidedField(("cca",), _CCA_STATUS),
    ("Investment", "decision_date"): DecidedField(("cca",), _CCA_STATUS),
    # step 2: the mandatory invoice mentions the CCA finds missing on a spillover proof
    ("SpilloverProof", "missing_fields"): DecidedField(("cca",), _CCA_MENTIONS),
    # step 2: the CCA's payment letters and the payments it records; the CSA sets the presumed
    # payment (services.step1_presume: reason, amount and due date from the engine)
    ("Payment", "reason"): DecidedField(("cca", "csa"), _CCA_PAYMENT_NEW + _CSA_PRESUMPTION),
    ("Payment", "amount"): DecidedField(("cca", "csa"), _CCA_PAYMENT_NEW + _CSA_PRESUMPTION),
    ("Payment", "due_on"): DecidedField(("cca", "csa"), _CCA_PAYMENT + _CSA_PRESUMPTION),
    ("Payment", "letter_sent_on"): DecidedField(("cca",), _CCA_PAYMENT),
    ("Payment", "communication"): DecidedField(("cca",), _CCA_PAYMENT),
    ("Payment", "paid_on"): DecidedField(("cca",), _CCA_PAYMENT_UPDATE),
    ("Payment", "paid_amount"): DecidedField(("cca",), _CCA_PAYMENT_UPDATE),
    # step 2: the accompanying committee (services.step2_save_committee)
    ("CommitteeMeeting", "held_on"): DecidedField(("cca",), _CCA_COMMITTEE),
    ("CommitteeMeeting", "opinion"): DecidedField(("cca",), _CCA_COMMITTEE),
    # fund desk: the analyst's scoring and proposal, the board's decision
    ("Application", "score"): DecidedField(("fund_analyst",), _FUND_SCORE),
    ("Application", "score_comment"): DecidedField(("fund_analyst",), _FUND_SCORE),
    ("Application", "proposal"): DecidedField(("fund_analyst",), _FUND_SCORE),
    ("Application", "proposed_amount"): DecidedField(("fund_analyst",), _FUND_SCORE),
    ("Application", "status"): DecidedField(("fund_analyst", "fund_board"),
                                            _FUND_SCORE + _FUND_DECIDE),
    ("Decision", "outcome"): DecidedField(("fund_board",), _FUND_DECIDE),
    ("Decision", "accepted_amount"): DecidedField(("fund_board",), _FUND_DECIDE),
    ("Decision", "decided_on"): DecidedField(("fund_board",), _FUND_DECIDE),
    ("Decision", "note"): DecidedField(("fund_board",), _FUND_DECIDE),
    # fund desk: the analyst's commitment, verified spend, tranche release and cancellation
    ("Commitment", "amount"): DecidedField(("fund_analyst",), _FUND_COMMIT),
    ("Commitment", "walloon_spend_committed"): DecidedField(("fund_analyst",), _FUND_COMMIT),
    ("Commitment", "signed_on"): DecidedField(("fund_analyst",), _FUND_COMMIT),
    ("Commitment", "verified_spend"): DecidedField(("fund_analyst",), _FUND_SPEND),
    ("Commitment", "verified_spend_source"): DecidedField(("fund_analyst",), _FUND_SPEND),
    ("Tranche", "released_on"): DecidedField(("fund_analyst",), _FUND_RELEASE),
    ("Tranche", "released_amount"): DecidedField(("fund_analyst",), _FUND_RELEASE),
    ("Tranche", "verified_spend"): DecidedField(("fund_analyst",), _FUND_RELEASE),
    ("CommitmentCancellation", "cancelled_on"): DecidedField(("fund_analyst",), _FUND_CANCEL),
    ("CommitmentCancellation", "reason"): DecidedField(("fund_analyst",), _FUND_CANCEL),
    ("CommitmentCancellation", "released_to_envelope"): DecidedField(("fund_analyst",),
                                                                     _FUND_CANCEL),
}


def decider_labels(deciders) -> str:
    from django.utils.translation import gettext as _

    labels = [str(DECIDERS[d][0]) for d in deciders]
    text = labels[0]
    for other in labels[1:]:
        text = _("%(either)s or %(other)s") % {"either": text, "other": other}
    return text


def _model_of(instance_or_model):
    return instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)


def decided_fields(instance_or_model) -> dict[str, DecidedField]:
    """The model's decided fields (field name → entry)."""
    name = _model_of(instance_or_model).__name__
    return {field: entry for (model, field), entry in DECIDED_FIELDS.items() if model == name}


def may_write_field(user, instance_or_model, field: str) -> bool:
    """Any field that is not decided: yes (the route's own permission applies); a decided one:
    only its deciders."""
    entry = decided_fields(instance_or_model).get(field)
    if entry is None:
        return True
    obj = None if isinstance(instance_or_model, type) else instance_or_model
    return any(DECIDERS[d][1](user, obj) for d in entry.deciders)


def refuse_decided_fields(user, instance_or_model, field_names) -> None:
    """Raise DecidedFieldRefused (a PermissionDenied) naming the first of `field_names` that is
    a decided field `user` may not write. Names that are not decided fields are ignored, so a
    form's posted keys or an API body may be passed as they are."""
    fields = decided_fields(instance_or_model)
    for name in field_names:
        if name in fields and not may_write_field(user, instance_or_model, name):
            raise DecidedFieldRefused(_model_of(instance_or_model), name, fields[name].deciders)


def changed_decided_fields(instance) -> list[str]:
    """The decided fields whose value on `instance` differs from the stored row; for a record not
    saved yet, from the field's default (so creating counts)."""
    fields = list(decided_fields(instance))
    if not fields:
        return []
    model = type(instance)
    stored = None
    if instance.pk is not None:
        stored = model._default_manager.filter(pk=instance.pk).values(*fields).first()
    changed = []
    for name in fields:
        field = model._meta.get_field(name)
        value = field.to_python(getattr(instance, field.attname))
        old = stored[name] if stored is not None else field.get_default()
        if value != old and not (value in (None, "", []) and old in (None, "", [])):
            changed.append(name)
    return changed


# == the broadcaster's investment as the producer's source (docs/web-desks.md) ================
# The editor proposes or confirms the link from its own investment; the producer from its own
# project (can_edit_project). A shared proof list (its lines only) is read by the investment's
# editor, the CCA and the producer who shared it; never another editor, producer, the CSA or a
# fund.

def can_link_investment(user, investment: Investment) -> bool:
    return investment.editor_id in _editor_ids(user)


def can_view_proof_list(user, proof_list) -> bool:
    investment = proof_list.investment
    if is_cca(user) or investment.editor_id in _editor_ids(user):
        return True
    link = getattr(investment, "source_link", None)
    return link is not None and link.project.owner_id in production_organisation_ids(user)


# == jobs of the queue (docs/web.md, "Jobs"; montage/web/jobs/) ===============================
# A job is seen by the user who asked for it, and only while that user may still see what it
# works on: a budget import, the project (can_view_project); a fund report, the fund's report
# (can_view_fund_report, the same fund organisation); a carbon report, the project's footprint
# (can_view_footprint); a committee report, the file's documents
# (can_export_obligation_documents).

def can_view_job(user, job) -> bool:
    from montage.web.production.models import Project

    if not getattr(user, "is_authenticated", False) or job.created_by_id != user.pk:
        return False
    if job.kind == "budget_import":
        project = Project.objects.filter(pk=job.params.get("project")).first()
        return project is not None and can_view_project(user, project)
    if job.kind in ("fund_report_pdf", "fund_report_xlsx"):
        return (can_view_fund_report(user)
                and job.params.get("organisation") in fund_desk_organisation_ids(user))
    if job.kind == "carbon_report_pdf":
        project = Project.objects.filter(pk=job.params.get("project")).first()
        return project is not None and can_view_footprint(user, project)
    if job.kind == "committee_report_pdf":
        obligation = ObligationYear.objects.filter(pk=job.params.get("obligation")).first()
        return obligation is not None and can_export_obligation_documents(user, obligation)
    return False
