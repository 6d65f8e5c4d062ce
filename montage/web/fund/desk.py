"""The fund's working tool: calls for projects, applications and their checks, the board's
decisions, commitments and tranche release (docs/web-fund.md, "The desk").

Who may do what is asked of montage.web.permissions (fund block): analysts and board members of
the call's fund organisation read; analysts create calls, record and score applications, commit,
verify spend and release tranches; board members decide. The rules are montage/web/fund/rules.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from montage.web import permissions
from montage.web.carbon import services as carbon_services
from montage.web.core import lists
from montage.web.fund.models import Application, Call, Commitment, FundingLine, Tranche
from montage.web.registry import stale
from montage.web.registry.models import AuditEntry
from montage.web.core.templatetags.montage import current_lang
from montage.web.fund import rules, services
from montage.web.registry.services import Refused
from montage.web.fund.forms import (
    ApplicationForm,
    CallForm,
    CommitmentForm,
    DecisionForm,
    ReleaseForm,
    ScoreForm,
    VerifiedSpendForm,
)


def _refused(form, refusal: Refused) -> None:
    """The service's refusal shown on the form: on its fields, else at the top."""
    for field, message in (refusal.errors or {None: refusal.message}).items():
        form.add_error(field if field in form.fields else None, message)


def _org(call: Call) -> int:
    return call.funding_line.organisation_id


def cancel_record(request, record, cancel, done: str) -> None:
    """Ask `cancel(record, user, reason)` (a services.cancel_<thing>) and say how it went."""
    try:
        cancel(record, request.user, request.POST.get("reason", ""))
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)


def cancelled_rows(records, label=str, url=None, amount="amount") -> list[dict]:
    """The rows of the "Cancelled" table (montage/_cancelled.html)."""
    return [{"record": r, "label": label(r), "url": url(r) if url else "",
             "amount": getattr(r, amount) if amount else None, "days": None} for r in records]


def _can(request, org_id: int) -> dict:
    user = request.user
    return {"can_work": permissions.can_work_fund_record(user, org_id),
            "can_decide": permissions.can_decide_fund_record(user, org_id)}


def _audit(*objects) -> list[AuditEntry]:
    from django.contrib.contenttypes.models import ContentType

    entries = AuditEntry.objects.none()
    for obj in objects:
        entries = entries | AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))
    # shown through montage.web.registry.history (the `described` filter of fund/_audit.html)
    return list(entries.order_by("-at", "-pk")[:50])


def _call_rows(calls) -> list[dict]:
    """The calls' rows: what each has granted (rules.envelopes_used, the call page's figure),
    what remains and how many applications it has; the same number of queries for any page."""
    calls = list(calls)
    used = rules.envelopes_used(calls)
    counts = dict(Application.objects.filter(call__in=calls).values("call_id").annotate(
        n=Count("pk")).values_list("call_id", "n"))
    return [{"call": call, "used": used.get(call.pk, rules.ZERO),
             "remaining": call.envelope - used.get(call.pk, rules.ZERO),
             "applications": counts.get(call.pk, 0)} for call in calls]


CALL_COLUMNS = (
    lists.Column(gettext_lazy("Call"), lambda r: r["call"].title),
    lists.Column(gettext_lazy("Funding line"), lambda r: r["call"].funding_line),
    lists.Column(gettext_lazy("Opens"), lambda r: r["call"].opens_on, "date"),
    lists.Column(gettext_lazy("Closes"), lambda r: r["call"].closes_on, "date"),
    lists.Column(gettext_lazy("Envelope"), lambda r: r["call"].envelope, "money"),
    lists.Column(gettext_lazy("Granted"), lambda r: r["used"], "money"),
    lists.Column(gettext_lazy("Remaining"), lambda r: r["remaining"], "money"),
    lists.Column(gettext_lazy("Applications"), lambda r: r["applications"], "int"))


@login_required
def calls(request, export: str = ""):
    """The calls of the user's fund desks, searched by title, filtered by funding line, paged;
    the same set as .xlsx at fund/calls/export.xlsx (the figures of `_call_rows`, the page's)."""
    permissions.require(permissions.can_use_fund_desk(request.user))
    org_ids = permissions.fund_desk_organisation_ids(request.user)
    lines = FundingLine.objects.filter(organisation_id__in=org_ids).order_by("name")
    found = lists.listing(
        request, Call.objects.filter(funding_line__organisation_id__in=org_ids).select_related(
            "funding_line").order_by("-opens_on", "title", "pk"),
        search=("title", "funding_line__name"),
        filters=[lists.Filter("line", gettext_lazy("Funding line"),
                              lambda: [(line.pk, line.name) for line in lines],
                              "funding_line_id")])
    if export:
        return lists.export(found, CALL_COLUMNS, title=_("Calls for projects"),
                            filename="appels.xlsx",
                            rows=_call_rows(found.rows))
    rows = _call_rows(found.page)
    can_create = bool(permissions.fund_desk_organisation_ids(
        request.user, permissions.Role.FUND_ANALYST))
    cancelled = Call.all_objects.filter(funding_line__organisation_id__in=org_ids,
                                        cancelled_at__isnull=False).select_related("cancelled_by")
    return render(request, "fund/calls.html", {
        "rows": rows, "listing": found, "export_url": reverse("fund_calls_xlsx"),
        "can_create": can_create, "cancelled": cancelled_rows(
            cancelled, url=lambda c: reverse("fund_call_detail", args=[c.pk]),
            amount="envelope")})


APPLICATION_COLUMNS = (
    lists.Column(gettext_lazy("Work"), lambda r: r["application"].work),
    lists.Column(gettext_lazy("Applicant"), lambda r: r["application"].applicant),
    lists.Column(gettext_lazy("Call"), lambda r: r["application"].call),
    lists.Column(gettext_lazy("Submitted"), lambda r: r["application"].submitted_on, "date"),
    lists.Column(gettext_lazy("Requested"), lambda r: r["application"].amount_requested, "money"),
    lists.Column(gettext_lazy("Walloon spend committed"),
                 lambda r: r["application"].walloon_spend_committed, "money"),
    lists.Column(gettext_lazy("Status"), lambda r: r["application"].get_status_display()),
    lists.Column(gettext_lazy("Granted"), lambda r: r["granted"], "money"))


@login_required
def applications(request, export: str = ""):
    """Every application of the user's fund desks' calls, searched by work or applicant,
    filtered by call and status, paged; the same set as .xlsx (the call page's figures)."""
    permissions.require(permissions.can_use_fund_desk(request.user))
    org_ids = permissions.fund_desk_organisation_ids(request.user)
    calls_ = Call.objects.filter(funding_line__organisation_id__in=org_ids).order_by(
        "-opens_on", "title")
    found = lists.listing(
        request, Application.objects.filter(call__funding_line__organisation_id__in=org_ids)
        .select_related("work", "applicant", "call").order_by("-submitted_on", "-pk"),
        search=("work__title", "applicant__name"),
        filters=[lists.Filter("call", gettext_lazy("Call"),
                              lambda: [(c.pk, c.title) for c in calls_], "call_id"),
                 lists.Filter("status", gettext_lazy("Status"), Application.Status.choices,
                              "status")])

    def rows(applications):
        applications = list(applications)
        granted = rules.granted_amounts(applications)
        return [{"application": a, "granted": granted[a.pk]} for a in applications]
    if export:
        return lists.export(found, APPLICATION_COLUMNS, title=_("Applications"),
                            filename="demandes.xlsx", rows=rows(found.rows))
    return render(request, "fund/applications.html", {
        "listing": found, "rows": rows(found.page),
        "export_url": reverse("fund_applications_xlsx")})


@login_required
def call_new(request):
    org_ids = permissions.fund_desk_organisation_ids(request.user, permissions.Role.FUND_ANALYST)
    permissions.require(bool(org_ids))
    form = CallForm(request.POST or None, organisation_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        call = services.save_call(form.save(commit=False))  # Call.clean ran with the form
        messages.success(request, _("Call created."))
        return redirect("fund_call_detail", call.pk)
    return render(request, "fund/call_form.html", {"form": form})


@login_required
def call_detail(request, pk: int):
    call = get_object_or_404(Call.all_objects.select_related("funding_line", "cancelled_by"),
                             pk=pk)
    permissions.require(permissions.can_view_fund_record(request.user, _org(call)))
    used = rules.envelope_used(call)
    applied = rules.terms(call)
    applications = list(call.applications.select_related("work", "applicant"))
    granted = rules.granted_amounts(applications)
    cancelled = Application.all_objects.filter(call=call, cancelled_at__isnull=False
                                               ).select_related("work", "cancelled_by")
    can = _can(request, _org(call))
    return render(request, "fund/call_detail.html", {
        "call": call, "used": used, "remaining": call.envelope - used, "terms": applied,
        "certification_rule": carbon_services.call_requires_certification(call),
        "applications": [{"application": a, "granted": granted[a.pk]} for a in applications],
        "cancelled": cancelled_rows(
            cancelled, label=lambda a: str(a.work), amount="amount_requested",
            url=lambda a: reverse("fund_application_detail", args=[a.pk])),
        "can_cancel": can["can_work"] and call.cancelled_at is None,
        "audit": _audit(call, *cancelled), **can})


def _call_to_write(request, pk: int) -> Call:
    call = get_object_or_404(Call.objects.select_related("funding_line"), pk=pk)
    permissions.require(permissions.can_work_fund_record(request.user, _org(call)))
    return call


@login_required
def call_edit(request, pk: int):
    """Correct a call (services.save_call: its conditions stay once the board has decided)."""
    call = _call_to_write(request, pk)
    org_ids = permissions.fund_desk_organisation_ids(request.user, permissions.Role.FUND_ANALYST)
    form = CallForm(request.POST or None, instance=call, organisation_ids=org_ids)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_call(form.save(commit=False))
        except Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Call corrected."))
            return redirect("fund_call_detail", call.pk)
    return render(request, "fund/call_form.html", {"form": form, "call": call},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def call_cancel(request, pk: int):
    call = _call_to_write(request, pk)
    cancel_record(request, call, services.cancel_call,
                  _("The call is cancelled: it no longer counts in any total."))
    return redirect("fund_call_detail", call.pk)


@login_required
def application_new(request, call_pk: int):
    call = get_object_or_404(Call.objects.select_related("funding_line"), pk=call_pk)
    permissions.require(permissions.can_work_fund_record(request.user, _org(call)))
    form = ApplicationForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.record_application(call, form.save(commit=False))
        except Refused as refusal:
            _refused(form, refusal)
            return render(request, "fund/application_form.html", {"form": form, "call": call},
                          status=400)
        messages.success(request, _("Application recorded."))
        return redirect("fund_application_detail", application.pk)
    return render(request, "fund/application_form.html", {"form": form, "call": call})


def _application(request, pk: int, cancelled_too: bool = False) -> Application:
    """The application a request may read (a cancelled one only for its page)."""
    records = Application.all_objects if cancelled_too else Application.objects
    application = get_object_or_404(
        records.select_related("call__funding_line", "work", "applicant", "cancelled_by"), pk=pk)
    permissions.require(permissions.can_view_fund_record(request.user, _org(application.call)))
    return application


@login_required
def application_edit(request, pk: int):
    """Correct an application while the board has not decided on it
    (services.record_application)."""
    application = _application(request, pk)
    call = application.call
    permissions.require(permissions.can_work_fund_record(request.user, _org(call)))
    if application.decisions.exists():
        messages.error(request, _("The board has decided on this application: it is no longer "
                                  "corrected. Cancel it and file it again."))
        return redirect("fund_application_detail", pk)
    form = ApplicationForm(request.POST or None, instance=application, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_application(call, form.save(commit=False))
        except Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Application corrected."))
            return redirect("fund_application_detail", pk)
    return render(request, "fund/application_form.html",
                  {"form": form, "call": call, "application": application},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def application_cancel(request, pk: int):
    application = _application(request, pk)
    permissions.require(permissions.can_work_fund_record(request.user, _org(application.call)))
    cancel_record(request, application, services.cancel_application,
                  _("The application is cancelled: it no longer counts in any total."))
    return redirect("fund_application_detail", pk)


@login_required
def application_detail(request, pk: int, score_form=None, decision_form=None,
                       commitment_form=None):
    application = _application(request, pk, cancelled_too=True)
    lang = current_lang()
    granted = rules.granted(application)
    can = _can(request, _org(application.call))
    if application.cancelled_at is not None:  # its page stays, nothing more is done on it
        can = {"can_work": False, "can_decide": False}
    commitment = Commitment.objects.filter(application=application).first()
    context = {
        "application": application, "call": application.call,
        "certification": carbon_services.application_certification(application),
        "checks": rules.check_application(application, lang=lang),
        "terms": rules.terms(application.call, application.submitted_on),
        "granted_checks": (rules.check_application(application, granted, lang)
                           if granted is not None and granted != application.amount_requested
                           else None),
        "granted": granted,
        "decisions": application.decisions.select_related("decided_by"),
        "commitment": commitment,
        "audit": _audit(application, *application.decisions.all()),
        "questions": application.questions.select_related("asked_by", "answered_by"),
        "documents": application.documents.all(),
        "missing": services.missing_documents(
            application.call, [d.name for d in application.documents.all()])
        if application.dossier else [],
        "dossier": rules.dossier_view(application.dossier),
        "can_ask": (can["can_work"] and application.status in services.SCORABLE),
        "can_correct": can["can_work"] and not application.decisions.exists(),
        "can_cancel": can["can_work"],
        **can,
    }
    if can["can_work"] and application.status in (Application.Status.SUBMITTED,
                                                   Application.Status.SCORED,
                                                   Application.Status.SECOND_PASS):
        context["score_form"] = score_form or ScoreForm(instance=application)
    if can["can_decide"] and application.status in (Application.Status.SCORED,
                                                     Application.Status.SECOND_PASS):
        context["decision_form"] = decision_form or DecisionForm(initial={
            "accepted_amount": application.proposed_amount})
    if (can["can_work"] and application.status == Application.Status.ACCEPTED
            and commitment is None):
        context["commitment_form"] = commitment_form or CommitmentForm(initial={
            "amount": granted, "walloon_spend_committed": application.walloon_spend_committed})
    status = 400 if (score_form or decision_form or commitment_form) else 200
    return render(request, "fund/application_detail.html", context, status=status)


@login_required
@require_POST
def application_ask(request, pk: int):
    """The analyst's question to the producer (services.ask_question)."""
    application = _application(request, pk)
    permissions.require(permissions.can_work_fund_record(request.user, _org(application.call)))
    try:
        services.ask_question(application, request.POST.get("text", ""), request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Question sent to the producer."))
    return redirect("fund_application_detail", pk)


@login_required
def application_document(request, pk: int):
    """A document attached to an application: the fund's desk and the producer who filed it."""
    from django.http import FileResponse

    from montage.web.fund.models import ApplicationDocument

    document = get_object_or_404(ApplicationDocument.objects.select_related(
        "application__call__funding_line", "application__applicant"), pk=pk)
    permissions.require(permissions.can_view_fund_application_document(request.user, document))
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=document.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def application_score(request, pk: int):
    application = _application(request, pk)
    permissions.require(permissions.can_work_fund_record(request.user, _org(application.call)))
    if application.status not in services.SCORABLE:
        permissions.require(False)
    form = ScoreForm(request.POST, instance=application)
    if not form.is_valid():
        return application_detail(request, pk, score_form=form)
    services.score_application(form.save(commit=False), request.user)
    messages.success(request, _("Scoring recorded; the application goes to the board."))
    return redirect("fund_application_detail", pk)


@login_required
@require_POST
def application_decide(request, pk: int):
    application = _application(request, pk)
    permissions.require(permissions.can_decide_fund_record(request.user, _org(application.call)))
    if application.status not in services.DECIDABLE:
        permissions.require(False)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return application_detail(request, pk, decision_form=form)
    try:
        services.decide_application(application, form.save(commit=False), request.user,
                                    current_lang())
    except Refused as refusal:
        _refused(form, refusal)
        return application_detail(request, pk, decision_form=form)
    messages.success(request, _("Decision recorded."))
    return redirect("fund_application_detail", pk)


@login_required
@require_POST
def commitment_new(request, pk: int):
    application = _application(request, pk)
    permissions.require(permissions.can_work_fund_record(request.user, _org(application.call)))
    if (application.status != Application.Status.ACCEPTED
            or Commitment.objects.filter(application=application).exists()):
        permissions.require(False)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            commitment = services.sign_commitment(application, data["amount"],
                                                  data["walloon_spend_committed"],
                                                  data["signed_on"])
        except Refused as refusal:
            _refused(form, refusal)
    if not form.is_valid():
        return application_detail(request, pk, commitment_form=form)
    messages.success(request, _("Commitment signed; its tranches follow the schedule."))
    return redirect("fund_commitment_detail", commitment.pk)


def _commitment(request, pk: int) -> Commitment:
    commitment = get_object_or_404(
        Commitment.objects.select_related("application__call__funding_line",
                                          "application__work", "application__applicant"), pk=pk)
    permissions.require(permissions.can_view_fund_record(
        request.user, _org(commitment.application.call)))
    return commitment


@login_required
def commitment_detail(request, pk: int, spend_form=None, release_errors=None,
                      recoupment_form=None, cancel_form=None, cancel_errors=None,
                      release_form=None):
    from montage.web.fund.models import CommitmentCancellation
    from montage.web.fund.forms import CancellationForm, RecoupmentForm

    commitment = _commitment(request, pk)
    lang = current_lang()
    can = _can(request, _org(commitment.application.call))
    _rows, source = rules.schedule(commitment)
    cancellation = CommitmentCancellation.objects.filter(commitment=commitment).first()
    rows = list(commitment.tranches.all())
    versions = stale.versions_of(rows)
    tranches = [{"tranche": t, "refusal": rules.release_refusal(t, lang),
                 "form": ReleaseForm(record=t, opened_version=versions[t.pk])} for t in rows]
    released = rules.released_total(commitment)
    receipts = list(commitment.recoupments.all())
    org = _org(commitment.application.call)
    extra = {
        "cancellation": cancellation, "receipts": receipts,
        "recouped": sum((r.amount for r in receipts), rules.ZERO),
        "shares": list(commitment.shares.all()),
        "can_cancel": cancellation is None and permissions.can_cancel_fund_commitment(
            request.user, org),
        "can_recoup": permissions.can_record_fund_portfolio(request.user, org),
        "cancel_form": cancel_form or CancellationForm(
            commitment=commitment, initial={"released_to_envelope": commitment.amount - released}),
        "cancel_errors": cancel_errors or [],
        "recoupment_form": recoupment_form or RecoupmentForm(),
    }
    return render(request, "fund/commitment_detail.html", {
        "commitment": commitment, "application": commitment.application,
        "required": rules.required_spend(commitment), "schedule_source": source,
        "tranches": tranches, "released": released, **extra,
        "spend_form": spend_form or VerifiedSpendForm(record=commitment, initial={
            "verified_spend": commitment.verified_spend,
            "verified_spend_source": commitment.verified_spend_text}),
        "release_form": release_form or ReleaseForm(), "release_errors": release_errors or {},
        "audit": _audit(commitment, *commitment.tranches.all(), *receipts,
                        *([cancellation] if cancellation else [])), **can,
    }, status=400 if (spend_form or release_errors or recoupment_form or cancel_form
                      or cancel_errors) else 200)


@login_required
@require_POST
def commitment_spend(request, pk: int):
    commitment = _commitment(request, pk)
    permissions.require(permissions.can_work_fund_record(
        request.user, _org(commitment.application.call)))
    form = VerifiedSpendForm(request.POST, record=commitment)
    if form.is_valid():
        try:  # the form's version goes with the commitment: its save checks it again
            services.record_verified_spend(commitment, form.cleaned_data["verified_spend"],
                                           form.cleaned_data["verified_spend_source"])
        except Refused as refusal:
            _refused(form, refusal)
    if not form.is_valid():
        return commitment_detail(request, pk, spend_form=form)
    messages.success(request, _("Verified spend recorded."))
    return redirect("fund_commitment_detail", pk)


def _release_refused(request, commitment, tranche, form, refusal: str):
    """The commitment again, the tranche's date as typed and why it is refused: beside the
    tranche and in the summary at the top (the form holds the refusal)."""
    if refusal != " ".join(e for errors in form.errors.values() for e in errors):
        form.add_error(None, refusal)  # a rule's refusal, not the form's own errors
    return commitment_detail(request, commitment.pk, release_errors={tranche.pk: refusal},
                             release_form=form)


@login_required
@require_POST
def tranche_release(request, pk: int):
    tranche = get_object_or_404(Tranche.objects.select_related(
        "commitment__application__call__funding_line"), pk=pk)
    commitment = tranche.commitment
    permissions.require(permissions.can_work_fund_record(
        request.user, _org(commitment.application.call)))
    form = ReleaseForm(request.POST, record=tranche)
    # a page opened before the tranche changed (another's release) says so first, both values
    refusal = None if form.is_valid() else " ".join(
        e for errors in form.errors.values() for e in errors)
    if refusal is None:
        refusal = rules.release_refusal(tranche, current_lang())
    if refusal is not None:
        return _release_refused(request, commitment, tranche, form, refusal)
    try:
        services.release_tranche(tranche, form.cleaned_data["released_on"], request.user,
                                 current_lang())
    except Refused as refusal:
        return _release_refused(request, commitment, tranche, form, refusal.message)
    messages.success(request, _("Tranche %(n)s released.") % {"n": tranche.number})
    return redirect("fund_commitment_detail", commitment.pk)


# -- spend reports (sent from the producer's ledger: montage/web/ledger/spend_reports.py) --------

def _report(request, pk: int):
    from montage.web.fund.models import SpendReport

    report = get_object_or_404(SpendReport.objects.select_related(
        "tranche__commitment__application__call__funding_line",
        "tranche__commitment__application__work", "sent_by"), pk=pk)
    permissions.require(permissions.can_view_spend_report(request.user, report))
    return report


@login_required
def spend_report(request, pk: int):
    """The report as sent (lines, verdicts, totals, checksum) and what the analyst did with it."""
    return _spend_report_page(request, _report(request, pk))


def _spend_report_page(request, report, release_form=None, status: int = 200, reject=None):
    """The report; a refused release date (release_form) comes back on it, filled in."""
    tranche = report.tranche
    org = _org(tranche.commitment.application.call)
    can_work = (permissions.can_work_fund_record(request.user, org)
                and tranche.released_on is None)
    worded = services.in_reader_language(report, report.lines.select_related("rejected_by"))
    return render(request, "fund/spend_report.html", {
        "report": report, "tranche": tranche, "commitment": tranche.commitment,
        "lines": worded["lines"], "worded": worded,
        "intact": services.report_is_intact(report), "can_work": can_work,
        "refusal": rules.release_refusal(tranche, current_lang(), services.verified_total(
            report)) if can_work else None,
        "release_form": release_form or ReleaseForm(record=tranche),
        "audit": _audit(report, *report.lines.all()),
        "is_fund": permissions.can_view_fund_record(request.user, org),
        "reject_line": reject[0] if reject else None,
        "reject_form": reject[1] if reject else None}, status=status)


@login_required
@require_POST
def spend_line_reject(request, pk: int):
    from montage.web.fund.models import SpendReportLine

    line = get_object_or_404(SpendReportLine.objects.select_related(
        "report__tranche__commitment__application__call__funding_line"), pk=pk)
    permissions.require(permissions.can_work_fund_record(
        request.user, _org(line.report.tranche.commitment.application.call)))
    from montage.web.core.fields import ReasonForm

    form = ReasonForm(request.POST, auto_id=f"id_reject-{line.pk}_%s",
                      label=_("reason of the rejection"))
    try:
        services.reject_report_line(line, form.cleaned_data["reason"] if form.is_valid()
                                    else "", request.user)
    except Refused as refusal:
        if form.holds(refusal):  # the report again, the line's field and its error at the top
            return _spend_report_page(request, line.report, status=400, reject=(line.pk, form))
        messages.error(request, refusal.message)  # the line's or the tranche's state
        return redirect("fund_spend_report", line.report_id)
    messages.success(request, _("Line rejected: the verified total follows."))
    return redirect("fund_spend_report", line.report_id)


@login_required
@require_POST
def spend_report_release(request, pk: int):
    report = _report(request, pk)
    permissions.require(permissions.can_work_fund_record(
        request.user, _org(report.tranche.commitment.application.call)))
    form = ReleaseForm(request.POST, record=report.tranche)
    if not form.is_valid():
        return _spend_report_page(request, report, form, 400)
    try:
        services.release_on_report(report, form.cleaned_data["released_on"], request.user,
                                   current_lang())
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Tranche %(n)s released on the verified spend.") % {
            "n": report.tranche.number})
    return redirect("fund_spend_report", pk)
