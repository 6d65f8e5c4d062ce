"""The fund's other records: the enterprise fund (portfolio, instruments, movements, the §6.1
yield), the film office (shooting files and the §2.2.7.2 estimate), recoupment receipts and the
cancellation of commitments (docs/web-fund.md).

Who may do what is asked of montage.web.permissions (fund block); the figures come from
montage.fund.enterprise and montage.fund.film_office through montage/web/fund/records.py.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from montage.errors import InputError, ParameterError
from montage.fund import enterprise, film_office
from montage.fund import recoupments as recoupment_table
from montage.law.explain import Explanation, Line
from montage.money import ZERO
from montage.web import permissions
from montage.web.fund.models import (CommitmentCancellation, EnterpriseHolding,
                                     EnterpriseInstrument, EnterpriseMovement, ShootingFile)
from montage.web.core.params import int_param
from montage.web.core.templatetags.montage import current_lang
from montage.web.fund import records, rules
from montage.web.fund import services
from montage.web.fund.desk import (_audit, _commitment, _org, _refused, cancel_record,
                                   cancelled_rows)
from montage.web.registry.services import Refused
from montage.web.fund.forms import (CancellationForm, HoldingForm, InstrumentForm, MovementForm,
                                    RecoupmentForm, ShootingFileForm)

REPORT_YEAR = 2024


def _fund(request) -> int:
    """The user's fund organisation (the first, when several)."""
    ids = permissions.fund_desk_organisation_ids(request.user)
    permissions.require(bool(ids))
    organisation_id = min(ids)
    permissions.require(permissions.can_view_fund_portfolio(request.user, organisation_id))
    return organisation_id


# -- the enterprise fund ------------------------------------------------------------------------

def _yield(organisation_id: int, until: dt.date | None = None):
    try:
        return enterprise.yield_table(records.movements(organisation_id, until=until),
                                      "records"), None
    except InputError as error:
        return None, str(error)


def yield_rows(table) -> list[dict]:
    """The §6.1 lines for a template: label, columns A–H, the yield as a fraction (for `rate`),
    and the explanation."""
    if table is None:
        return []
    lines = [*table.lines.values(), table.total]
    return [{"label": enterprise.who_of(line.label), "columns": line.columns(),
             "total": line is table.total,
             "yield": None if line.yield_on_exited is None else line.yield_on_exited / 100,
             "explanation": line.explanation} for line in lines]


@login_required
def enterprise_fund(request, holding_form=None):
    organisation_id = _fund(request)
    positions = records.instrument_positions(organisation_id)
    holdings = []
    for holding in EnterpriseHolding.objects.filter(
            organisation_id=organisation_id).select_related("company").prefetch_related(
            "instruments"):
        outstanding = {"loan": ZERO, "equity": ZERO}
        for instrument in holding.instruments.all():
            line = positions.get(instrument.pk)
            if line is not None:
                outstanding[instrument.kind] += line.outstanding
        holdings.append({"holding": holding, **outstanding,
                         "total": outstanding["loan"] + outstanding["equity"]})
    to_date, error = _yield(organisation_id)
    report_year, _error = _yield(organisation_id, dt.date(REPORT_YEAR, 12, 31))
    sectors = records.sectors(organisation_id, dt.date(REPORT_YEAR, 12, 31))
    by_sector = records.portfolio_by_sector(organisation_id)
    declared = {
        "rows": sectors,
        "equity": sum((s.equity_outstanding for s in sectors), ZERO),
        "loan": sum((s.loan_outstanding for s in sectors), ZERO),
        "companies": sum(s.companies for s in sectors),
        "checks": enterprise.reconcile_outstanding(report_year, sectors)
        if report_year is not None and sectors else []}
    can_record = permissions.can_record_fund_portfolio(request.user, organisation_id)
    form = holding_form or (HoldingForm() if can_record else None)
    return render(request, "fund/enterprise.html", {
        "holdings": holdings, "to_date": yield_rows(to_date),
        "report_year": yield_rows(report_year),
        "year": REPORT_YEAR, "ledger_error": error, "by_sector": by_sector,
        "by_sector_total": sum((r["total"] for r in by_sector), ZERO),
        "declared": declared, "can_record": can_record, "holding_form": form,
    }, status=400 if holding_form else 200)


@login_required
@require_POST
def holding_new(request):
    organisation_id = _fund(request)
    permissions.require(permissions.can_record_fund_portfolio(request.user, organisation_id))
    form = HoldingForm(request.POST)
    if form.is_valid():
        try:
            holding = services.add_holding(organisation_id, form.save(commit=False))
        except Refused as refusal:
            _refused(form, refusal)
    if not form.is_valid():
        return enterprise_fund(request, holding_form=form)
    messages.success(request, _("Company added to the portfolio."))
    return redirect("fund_enterprise_company", holding.pk)


def _holding(request, pk: int) -> EnterpriseHolding:
    holding = get_object_or_404(EnterpriseHolding.objects.select_related("company"), pk=pk)
    permissions.require(permissions.can_view_fund_portfolio(request.user,
                                                            holding.organisation_id))
    return holding


@login_required
def enterprise_company(request, pk: int, instrument_form=None, movement_form=None):
    holding = _holding(request, pk)
    positions = records.instrument_positions(holding.organisation_id, holding_id=holding.pk)
    instruments = []
    for instrument in holding.instruments.prefetch_related("movements"):
        check = None
        if instrument.product == EnterpriseInstrument.Product.CASHFLOW_LOAN and None not in (
                instrument.rate, instrument.term_months, instrument.production_budget,
                instrument.budget_secured):
            try:
                check = enterprise.check_cashflow_loan(
                    instrument.amount, instrument.rate, instrument.term_months,
                    instrument.production_budget, instrument.budget_secured,
                    on=instrument.granted_on)
            except (InputError, ParameterError):
                check = None
        instruments.append({"instrument": instrument, "position": positions.get(instrument.pk),
                            "movements": list(instrument.movements.all()), "check": check})
    can_record = permissions.can_record_fund_portfolio(request.user, holding.organisation_id)
    mine = EnterpriseInstrument.all_objects.filter(holding=holding)
    moves = EnterpriseMovement.all_objects.filter(instrument__in=mine)
    cancelled = [*cancelled_rows(mine.filter(cancelled_at__isnull=False)
                                 .select_related("cancelled_by")),
                 *cancelled_rows(moves.filter(cancelled_at__isnull=False)
                                 .select_related("cancelled_by", "instrument"))]
    return render(request, "fund/enterprise_company.html", {
        "holding": holding, "instruments": instruments, "cancelled": cancelled,
        "yield": yield_rows(enterprise.yield_table(records.movements(
            holding.organisation_id, holding_id=holding.pk), "records")),
        "can_record": can_record,
        "instrument_form": instrument_form or (InstrumentForm() if can_record else None),
        "movement_form": movement_form or (MovementForm(holding=holding) if can_record else None),
        "audit": _audit(*mine, *moves),
    }, status=400 if (instrument_form or movement_form) else 200)


@login_required
@require_POST
def instrument_new(request, pk: int):
    holding = _holding(request, pk)
    permissions.require(permissions.can_record_fund_portfolio(request.user,
                                                              holding.organisation_id))
    form = InstrumentForm(request.POST)
    if not form.is_valid():
        return enterprise_company(request, pk, instrument_form=form)
    services.add_instrument(holding, form.save(commit=False))
    messages.success(request, _("Instrument recorded."))
    return redirect("fund_enterprise_company", pk)


def _instrument(request, pk: int) -> EnterpriseInstrument:
    """An instrument in force the user may record on."""
    instrument = get_object_or_404(EnterpriseInstrument.objects.select_related(
        "holding__company"), pk=pk)
    permissions.require(permissions.can_record_fund_portfolio(
        request.user, instrument.holding.organisation_id))
    return instrument


def _correction_page(request, form, heading, back_url, status=200):
    return render(request, "fund/record_form.html", {
        "form": form, "heading": heading, "back_url": back_url},
        status=400 if form.errors else status)


@login_required
def instrument_edit(request, pk: int):
    """Correct an instrument (services.add_instrument: its kind stays once it has movements)."""
    instrument = _instrument(request, pk)
    holding = instrument.holding
    form = InstrumentForm(request.POST or None, instance=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_instrument(holding, form.save(commit=False))
        except Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Instrument corrected."))
            return redirect("fund_enterprise_company", holding.pk)
    return _correction_page(request, form, _("Correct the instrument: %(name)s") % {
        "name": instrument}, reverse("fund_enterprise_company", args=[holding.pk]))


@login_required
@require_POST
def instrument_cancel(request, pk: int):
    instrument = _instrument(request, pk)
    cancel_record(request, instrument, services.cancel_instrument,
                  _("The instrument is cancelled: it no longer counts in any total."))
    return redirect("fund_enterprise_company", instrument.holding_id)


def _movement(request, pk: int) -> EnterpriseMovement:
    movement = get_object_or_404(EnterpriseMovement.objects.select_related(
        "instrument__holding__company"), pk=pk)
    permissions.require(permissions.can_record_fund_portfolio(
        request.user, movement.instrument.holding.organisation_id))
    return movement


@login_required
def movement_edit(request, pk: int):
    """Correct a movement (services.add_movement: the fund's ledger must still hold)."""
    movement = _movement(request, pk)
    holding = movement.instrument.holding
    form = MovementForm(request.POST or None, instance=movement, holding=holding)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_movement(holding, form.save(commit=False))
        except Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Movement corrected."))
            return redirect("fund_enterprise_company", holding.pk)
    return _correction_page(request, form, _("Correct the movement: %(name)s") % {
        "name": movement}, reverse("fund_enterprise_company", args=[holding.pk]))


@login_required
@require_POST
def movement_cancel(request, pk: int):
    movement = _movement(request, pk)
    cancel_record(request, movement, services.cancel_movement,
                  _("The movement is cancelled: it no longer counts in any total."))
    return redirect("fund_enterprise_company", movement.instrument.holding_id)


@login_required
@require_POST
def movement_new(request, pk: int):
    holding = _holding(request, pk)
    permissions.require(permissions.can_record_fund_portfolio(request.user,
                                                              holding.organisation_id))
    form = MovementForm(request.POST, holding=holding)
    if not form.is_valid():
        return enterprise_company(request, pk, movement_form=form)
    try:
        movement = services.add_movement(holding, form.save(commit=False))
    except Refused as refusal:  # rolled back
        _refused(form, refusal)
        return enterprise_company(request, pk, movement_form=form)
    messages.success(request, _("Movement recorded: %(kind)s.") % {
        "kind": movement.get_kind_display()})
    return redirect("fund_enterprise_company", pk)


# -- the film office ----------------------------------------------------------------------------

@login_required
def film_office_page(request, file_form=None):
    organisation_id = _fund(request)
    year = int_param(request.GET, "year", REPORT_YEAR, maximum=9999)
    files = sorted(ShootingFile.objects.filter(organisation_id=organisation_id, year=year),
                   key=lambda f: (film_office.PROJECT_TYPES.index(f.project_type), f.pk))
    impact, error = None, None
    try:
        impact = film_office.estimate_impact(records.shooting_files(organisation_id, year), year)
    except ParameterError as problem:
        error = str(problem)
    years = sorted(set(ShootingFile.objects.filter(organisation_id=organisation_id)
                       .values_list("year", flat=True)) | {year})
    cancelled = ShootingFile.all_objects.filter(organisation_id=organisation_id, year=year,
                                                cancelled_at__isnull=False)
    can_record = permissions.can_record_fund_portfolio(request.user, organisation_id)
    variants = []
    if impact is not None:
        for variant in impact.variants.values():
            variants.append({"variant": variant, "lines": [
                {"line": line, "label": film_office.LABELS[key]}
                for key, line in variant.lines.items()]})
    explained = None
    if impact is not None:  # the steps and the parameters with their sources, as read
        explained = Explanation(Line("fund_film_subject", {"year": year}),
                                parameters=list(impact.parameters),
                                steps=list(impact.explanation)).readable(current_lang())
    return render(request, "fund/film_office.html", {
        "year": year, "years": years, "files": files, "impact": impact, "error": error,
        "explained": explained,
        "days": [{"line": line, "label": film_office.LABELS[key]}
                 for key, line in impact.days.items()] if impact else [],
        "variants": variants, "can_record": can_record,
        "file_form": file_form or (ShootingFileForm(initial={"year": year})
                                   if can_record else None),
        "cancelled": [{**row, "days": row["record"].days} for row in cancelled_rows(
            cancelled.select_related("cancelled_by"), amount=None)],
        "audit": _audit(*files, *cancelled),
    }, status=400 if file_form else 200)


@login_required
@require_POST
def shooting_file_new(request):
    organisation_id = _fund(request)
    permissions.require(permissions.can_record_fund_portfolio(request.user, organisation_id))
    form = ShootingFileForm(request.POST)
    if not form.is_valid():
        return film_office_page(request, file_form=form)
    shooting_file = services.add_shooting_file(organisation_id, form.save(commit=False))
    messages.success(request, _("Shooting file recorded."))
    return redirect(f"{reverse('fund_film_office')}?year={shooting_file.year}")


def _shooting_file(request, pk: int) -> ShootingFile:
    shooting_file = get_object_or_404(ShootingFile, pk=pk)
    permissions.require(permissions.can_record_fund_portfolio(request.user,
                                                              shooting_file.organisation_id))
    return shooting_file


def _film_office_url(year: int) -> str:
    return f"{reverse('fund_film_office')}?year={year}"


@login_required
def shooting_file_edit(request, pk: int):
    """Correct a shooting file (services.add_shooting_file)."""
    shooting_file = _shooting_file(request, pk)
    form = ShootingFileForm(request.POST or None, instance=shooting_file)
    if request.method == "POST" and form.is_valid():
        saved = services.add_shooting_file(shooting_file.organisation_id,
                                           form.save(commit=False))
        messages.success(request, _("Shooting file corrected."))
        return redirect(_film_office_url(saved.year))
    return _correction_page(request, form, _("Correct the shooting file: %(name)s") % {
        "name": shooting_file}, _film_office_url(shooting_file.year))


@login_required
@require_POST
def shooting_file_cancel(request, pk: int):
    shooting_file = _shooting_file(request, pk)
    cancel_record(request, shooting_file, services.cancel_shooting_file,
                  _("The shooting file is cancelled: it no longer counts in any total."))
    return redirect(_film_office_url(shooting_file.year))


# -- recoupments and cancellations --------------------------------------------------------------

def _receipts_table(organisation_id: int, year: int):
    try:
        return records.receipts_table(organisation_id, year), None
    except ParameterError as error:  # no threshold in force that year
        return None, str(error)


@login_required
def recoupments(request):
    organisation_id = _fund(request)
    year = int_param(request.GET, "year", REPORT_YEAR, maximum=9999)
    lines = records.recoupments_by_line(organisation_id)
    table, error = _receipts_table(organisation_id, year)
    lang = current_lang()
    return render(request, "fund/recoupments.html", {
        "lines": lines, "total": sum((line["total"] for line in lines), ZERO), "year": year,
        "table": table, "table_error": error,
        "type_labels": recoupment_table.TYPE_LABELS["fr" if lang == "fr" else "en"],
        "explanation": table.explanation(lang) if table else []})


@login_required
def recoupments_xlsx(request, year: int):
    from django.http import HttpResponse

    from montage.web.fund import exports

    organisation_id = _fund(request)
    table, error = _receipts_table(organisation_id, year)
    if table is None:
        from django.http import Http404
        raise Http404(error)
    response = HttpResponse(exports.receipts_table_xlsx(table, year, current_lang()),
                            content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="recettes-{year}.xlsx"'
    return response


@login_required
@require_POST
def recoupment_new(request, pk: int):
    commitment = _commitment(request, pk)
    permissions.require(permissions.can_record_fund_portfolio(
        request.user, _org(commitment.application.call)))
    form = RecoupmentForm(request.POST)
    if not form.is_valid():
        from montage.web.fund.desk import commitment_detail
        return commitment_detail(request, pk, recoupment_form=form)
    services.record_recoupment(commitment, form.save(commit=False))
    messages.success(request, _("Recoupment receipt recorded."))
    return redirect("fund_commitment_detail", pk)


@login_required
@require_POST
def commitment_cancel(request, pk: int):
    commitment = _commitment(request, pk)
    permissions.require(permissions.can_cancel_fund_commitment(
        request.user, _org(commitment.application.call)))
    from montage.web.fund.desk import commitment_detail
    if CommitmentCancellation.objects.filter(commitment=commitment).exists():
        return commitment_detail(request, pk, cancel_errors=[
            _("This commitment is already cancelled.")])
    form = CancellationForm(request.POST, commitment=commitment)
    if not form.is_valid():
        return commitment_detail(request, pk, cancel_form=form)
    try:
        cancellation = services.cancel_commitment(
            commitment, form.cleaned_data["cancelled_on"], form.cleaned_data["reason"],
            form.cleaned_data["released_to_envelope"], request.user)
    except Refused as refusal:
        return commitment_detail(request, pk, cancel_errors=[refusal.message])
    messages.success(request, _("Commitment cancelled; %(amount)s released to the envelope.") % {
        "amount": rules._money(cancellation.released_to_envelope, current_lang())})
    return redirect("fund_commitment_detail", pk)
