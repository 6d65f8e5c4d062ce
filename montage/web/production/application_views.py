"""The producer's side of a fund application: apply from the project to an open call, follow
it, answer the analyst's questions (docs/web-desks.md). The fund's desk keeps its own pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.web.carbon import services as carbon
from montage.web.fund import rules, services as fund_services
from montage.web.fund.models import ApplicationQuestion, Call
from montage.web.production import applying
from montage.web.production.common import context, project_for
from montage.web.ledger import precheck as prechecks
from montage.web.production.forms import AnswerForm, ApplyForm, PrecheckForm
from montage.web.registry.services import Refused


@login_required
def apply(request, pk: int):
    project = project_for(request, pk, edit=True)
    today = timezone.localdate()
    calls = list(applying.open_calls(today))
    call = None
    if request.GET.get("call") or request.POST.get("call"):
        call = get_object_or_404(Call.objects.select_related("funding_line__organisation"),
                                 pk=request.GET.get("call") or request.POST.get("call"))
    initial = {name: request.GET[name] for name in ("amount_requested",
                                                     "walloon_spend_committed")
               if request.GET.get(name)}
    form = ApplyForm(request.POST or None, request.FILES or None, call=call,
                     initial=initial) if call else None
    status = 200
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            application = applying.apply(
                project, call, data["amount_requested"], data["walloon_spend_committed"],
                data["broadcaster_cash"], form.documents(), request.user, today)
        except Refused as refusal:
            for field, message in (refusal.errors or {None: refusal.message}).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Application submitted to the fund."))
            return redirect("production_application", project.pk, application.pk)
    if form is not None and form.errors:
        status = 400
    return render(request, "production/apply.html", context(
        request, project, calls=calls, call=call, form=form,
        # its own ids: the application form below has fields of the same names
        precheck_form=PrecheckForm(initial={"call": call.pk, **initial},
                                   auto_id="precheck_%s") if call else None,
        certification=carbon.call_certification(call, project, today) if call else None,
        applications=applying.applications_of(project)), status=status)


@login_required
def precheck(request, pk: int):
    """The pre-check of projected compliance (ledger/precheck.py): every rule of the project's
    financing plan, and with `call`, `amount_requested` and `walloon_spend_committed` (GET) the
    source an application to that call would add."""
    project = project_for(request, pk)
    today = timezone.localdate()
    form, call, extra, status = None, None, [], 200
    if request.GET.get("call"):
        form = PrecheckForm(request.GET)
        if form.is_valid():
            call = get_object_or_404(Call.objects.select_related("funding_line__organisation"),
                                     pk=form.cleaned_data["call"])
            source = prechecks.application_source(
                project, call, form.cleaned_data["amount_requested"],
                form.cleaned_data["walloon_spend_committed"])
            extra = [source] if source else []
        else:
            status = 400
    result = prechecks.precheck(project, today, extra,
                                certification=carbon.precheck_certification(project, today, call))
    return render(request, "production/precheck.html", context(
        request, project, result=result, rows=_rows(result), call=call, form=form,
        query=request.GET.urlencode()), status=status)


def _rows(result):
    """Each rule's figures and sentences for the page."""
    rows = []
    for row in result.rows:
        p = row.projection
        item = {"row": row, "source": row.source, "problem": row.problem}
        if p is not None:
            lang = "fr" if (translation.get_language() or "fr").startswith("fr") else "en"
            item.update(
                projection=p, **prechecks.worded(p, lang),
                ratio=prechecks.percent(p.ratio) if p.ratio is not None else None,
                required_ratio=(prechecks.percent(p.required_ratio)
                                if p.required_ratio is not None else None),
                planned=[{"spend": s, "counted": p.projected.counted_for("plan:" + s.key)}
                         for s in result.planned])
        rows.append(item)
    return rows


def _application(request, pk: int, application_pk: int, edit: bool = False):
    project = project_for(request, pk, edit=edit)
    application = get_object_or_404(applying.applications_of(project), pk=application_pk)
    return project, application


@login_required
def application(request, pk: int, application_pk: int):
    project, application = _application(request, pk, application_pk)
    source = application.financing_sources.filter(project=project).first()
    call = application.call
    given = [d.name for d in application.documents.all()]
    return render(request, "production/application.html", context(
        request, project, application=application, call=call, source=source,
        documents=application.documents.all(),
        missing=fund_services.missing_documents(call, given),
        questions=application.questions.select_related("asked_by", "answered_by"),
        answer_form=AnswerForm(), dossier=rules.dossier_view(application.dossier),
        certification=carbon.application_certification(application)))


@login_required
@require_POST
def question_answer(request, pk: int, question_pk: int):
    project = project_for(request, pk, edit=True)
    question = get_object_or_404(ApplicationQuestion.objects.filter(
        application__financing_sources__project=project).distinct(), pk=question_pk)
    form = AnswerForm(request.POST)
    try:
        fund_services.answer_question(question, form.data.get("answer", ""), request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Answer sent to the fund."))
    return redirect("production_application", project.pk, question.application_id)
