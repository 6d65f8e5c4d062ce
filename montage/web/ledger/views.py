"""The producer's ledger (docs/web-ledger.md): the supplier registry, the expense ledger of a
project, each financing source's spend obligation and the proof exports.

Every view asks montage.web.permissions (can_view_project / can_edit_project for a project's
pages, can_view_suppliers / can_add_suppliers / can_edit_supplier / people_for for the registry,
can_download_ledger_proofs for the .xlsx statements); the registry's writes go through
montage.web.ledger.suppliers, which asks the same functions. Figures come from the financiers'
rules through montage.web.ledger.engine; nothing is computed here but sums of the ledger's rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST

from montage.errors import MontageError
from montage.money import ZERO
from montage.web import permissions
from montage.web.ledger.credits import credit_links
from montage.web.ledger.models import Expense
from montage.web.core import lists, problems
from montage.web.production.common import audit_of
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.models import Company, Person, SupplierCorrection
from montage.web.core.rates import RateLabel, rate
from montage.web.core.templatetags.montage import current_lang
from montage.web.ledger import buckets, dashboard, engine, exports, services
from montage.web.ledger import suppliers as registry
from montage.web.ledger.forms import (MANDATORY_LABELS, CorrectionForm, CreditNoteForm,
                                      ExpenseFilter, InvoiceForm, PayrollForm, PersonForm,
                                      SupplierForm)
from montage.web.registry.services import Refused

PAGE = 50
DETAIL_ASSESSMENT_LIMIT = 20000  # above it an expense page shows each rule's verdict only

WHERE = {
    FinancingSource.Rule.WALLIMAGE: gettext_lazy(
        "in the Walloon Region (supplier's registered seat, employee's domicile)"),
    FinancingSource.Rule.SPILLOVER: gettext_lazy(
        "in the French language area or Brussels (either seat; the producer's for payroll)"),
    FinancingSource.Rule.SCREEN_BRUSSELS: gettext_lazy(
        "in the 19 Brussels municipalities (registered and operating seat)"),
    FinancingSource.Rule.TAX_SHELTER: gettext_lazy(
        "in Belgium, within the spend period"),
}
DETAIL_KINDS = {"ratio": "rate", "achieved_ratio": "rate", "direct_share": "rate",
                "reduction_factor": "rate", "certificate_deadline": "date"}
CAP_LABELS = {"overhead": RateLabel(gettext_noop("overheads (%(rate)s cap)"),
                                     "spillover.overhead_cap"),
              "producer_fee": RateLabel(gettext_noop("producer company fee (%(rate)s cap)"),
                                        "spillover.producer_fee_cap")}


def _project(request, project_pk: int, *, edit: bool = False) -> Project:
    project = get_object_or_404(Project.objects.select_related("work", "owner", "owner__company"),
                                pk=project_pk)
    permissions.require(permissions.can_edit_project(request.user, project) if edit
                        else permissions.can_view_project(request.user, project))
    return project



# -- supplier registry ---------------------------------------------------------------------

def _supplier_match(query: str) -> Q:
    """A search of the registry: the seat's postal code, the NACE codes, and with four digits
    or more the enterprise or VAT number (typed with or without dots)."""
    digits = "".join(c for c in query if c.isdigit())
    match = Q(registered_postal_code=query) | Q(nace_codes__icontains=query)
    if len(digits) >= 4:
        match |= Q(enterprise_number__contains=digits[-6:]) | Q(vat_number__icontains=digits)
    return match


def _countries():
    return [(code, code) for code in Company.objects.order_by("country").values_list(
        "country", flat=True).distinct() if code]


SUPPLIER_FILTERS = (
    lists.Filter("country", gettext_lazy("country"), _countries, "country"),
    lists.Filter("activity", gettext_lazy("Audiovisual activity"),
                 [("1", gettext_lazy("yes")), ("0", gettext_lazy("no"))],
                 "audiovisual_activity"))
SUPPLIER_COLUMNS = (
    lists.Column(gettext_lazy("Name"), lambda c: c.name),
    lists.Column(capfirst(gettext_lazy("Enterprise number")), lambda c: c.enterprise_number),
    lists.Column(capfirst(gettext_lazy("VAT number")), lambda c: c.vat_number),
    lists.Column(gettext_lazy("Registered seat"), lambda c: " ".join(
        part for part in (c.registered_postal_code, c.registered_city) if part)),
    lists.Column(gettext_lazy("country"), lambda c: c.country),
    lists.Column(gettext_lazy("Territory"), lambda c: exports.territory_label(
        c.registered_postal_code, c.country, c.registered_city)),
    lists.Column(gettext_lazy("Audiovisual activity"), lambda c: _shown(c.audiovisual_activity)))


@login_required
def suppliers(request, export: str = ""):
    """The company registry (every company, shared by the producers' desks) searched, filtered
    and paged by core.lists; the same set as .xlsx at production/suppliers/export.xlsx. The
    people paid on payroll: the user's organisation's only (`permissions.people_for`)."""
    permissions.require(permissions.can_view_suppliers(request.user))
    found = lists.listing(request, Company.objects.order_by("name", "pk"),
                          search=("name", "registered_city"), match=_supplier_match,
                          filters=SUPPLIER_FILTERS)
    if export:
        return lists.export(found, SUPPLIER_COLUMNS, title=_("Suppliers"),
                            filename="fournisseurs.xlsx")
    query = found.query
    people = permissions.people_for(request.user).exclude(domicile_postal_code="").order_by(
        "last_name", "first_name")
    if query:
        people = people.filter(Q(last_name__icontains=query) | Q(first_name__icontains=query) |
                               Q(domicile_postal_code=query))
    page = found.page
    for company in page:
        company.territory = exports.territory_label(company.registered_postal_code,
                                                    company.country, company.registered_city)
    person_rows = [(p, exports.territory_label(p.domicile_postal_code,
                                               p.domicile_country or "BE"),
                    permissions.can_edit_person(request.user, p))
                   for p in people[:PAGE]]
    return render(request, "ledger/suppliers.html", {
        "page": page, "query": query, "people": person_rows, "listing": found,
        "export_url": reverse("ledger_suppliers_xlsx"),
        "can_add": permissions.can_add_suppliers(request.user)})


@login_required
def supplier_search(request):
    """Search-as-you-type of a supplier or company field: the registry, as on its page."""
    permissions.require(permissions.can_view_suppliers(request.user))
    return lists.choices_json(request, Company.objects.order_by("name", "pk"),
                              search=("name", "enterprise_number"))


@login_required
def supplier_detail(request, pk: int):
    permissions.require(permissions.can_view_suppliers(request.user))
    return _supplier_page(request, get_object_or_404(Company.objects.select_related("owner"),
                                                     pk=pk))


def _supplier_page(request, company: Company, problems=None, status: int = 200):
    user = request.user
    expenses = permissions.supplier_expenses_for(user, company) \
        .select_related("project__work", "account").order_by("-date", "-pk")
    totals = expenses.aggregate(total=Sum("amount_excl_vat"), count=Count("pk"))
    labels = {name: field.label for name, field in SupplierForm.base_fields.items()}
    corrections = []
    for correction in permissions.supplier_corrections_for(user, company)[:PAGE]:
        corrections.append({
            "correction": correction,
            "can_decide": permissions.can_decide_supplier_correction(user, correction),
            "problems": (problems or {}).get(correction.pk, []),
            "changes": [{"label": labels.get(name, name), "now": _shown(getattr(company, name,
                                                                                 "")),
                         "proposed": _shown(value)}
                        for name, value in correction.values.items()]})
    return render(request, "ledger/supplier_detail.html", {
        "company": company, "seats": exports.company_place_rows(company),
        "expenses": expenses[:PAGE], "totals": totals, "corrections": corrections,
        "can_edit": permissions.can_edit_supplier(user, company),
        "can_propose": permissions.can_propose_supplier_correction(user, company)},
        status=status)


def _shown(value) -> str:
    if value is None:
        return str(_("not established"))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value) or "—"


@login_required
def supplier_new(request):
    permissions.require(permissions.can_add_suppliers(request.user))
    return _supplier_form(request, Company())


@login_required
def supplier_edit(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    permissions.require(permissions.can_edit_supplier(request.user, company))
    return _supplier_form(request, company)


def _supplier_form(request, company: Company):
    creating = company.pk is None
    owners = permissions.owner_choices(request.user) if creating else None
    # the form works on its own copy: the service compares with the stored record
    edited = Company() if creating else Company.objects.get(pk=company.pk)
    form = SupplierForm(request.POST or None, instance=edited, owners=owners)
    if request.method == "POST" and form.is_valid():
        if creating:
            company = registry.create_supplier(request.user, form.save(commit=False),
                                               form.cleaned_data.get("owner"))
        else:
            registry.update_supplier(request.user, company, {
                name: form.cleaned_data[name] for name in registry.SUPPLIER_FIELDS})
        return redirect("ledger_supplier", company.pk)
    return render(request, "ledger/supplier_form.html", {"form": form, "company": company,
                                                         "creating": creating})


@login_required
def supplier_correct(request, pk: int):
    """Propose a correction of a supplier one may not edit; its owner decides."""
    company = get_object_or_404(Company, pk=pk)
    permissions.require(permissions.can_propose_supplier_correction(request.user, company))
    form = CorrectionForm(request.POST or None, instance=Company.objects.get(pk=company.pk))
    if request.method == "POST" and form.is_valid():
        registry.propose_correction(request.user, company, {
            name: form.cleaned_data[name] for name in registry.SUPPLIER_FIELDS},
            form.cleaned_data["note"])
        return redirect(f"{_url('ledger_supplier', company.pk)}#corrections")
    return render(request, "ledger/supplier_correction.html", {"form": form,
                                                               "company": company})


@login_required
@require_POST
def supplier_correction(request, pk: int):
    """The owner's decision on a proposed correction: accept (applied as an edit) or reject."""
    correction = get_object_or_404(SupplierCorrection.objects.select_related("company"), pk=pk)
    permissions.require(permissions.can_decide_supplier_correction(request.user, correction))
    decision = request.POST.get("decision")
    if decision == "accept":
        try:
            registry.accept_correction(request.user, correction)
        except ValidationError as error:  # no longer valid against the record as it is now
            return _supplier_page(request, correction.company,
                                  problems={correction.pk: error.messages}, status=409)
    elif decision == "reject":
        registry.reject_correction(request.user, correction)
    else:
        return HttpResponse(status=400)
    return redirect(f"{_url('ledger_supplier', correction.company_id)}#corrections")


@login_required
def person_new(request):
    permissions.require(permissions.can_add_suppliers(request.user))
    return _person_form(request, Person())


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    permissions.require(permissions.can_edit_person(request.user, person))
    return _person_form(request, person)


def _person_form(request, person: Person):
    creating = person.pk is None
    owners = permissions.owner_choices(request.user) if creating else None
    edited = Person() if creating else Person.objects.get(pk=person.pk)
    form = PersonForm(request.POST or None, instance=edited, owners=owners)
    if request.method == "POST" and form.is_valid():
        if creating:
            person = registry.create_person(request.user, form.save(commit=False),
                                            form.cleaned_data.get("owner"))
        else:
            registry.update_person(request.user, person, {
                name: form.cleaned_data[name] for name in registry.PERSON_FIELDS})
        return redirect(f"{_url('ledger_suppliers')}?q={form.cleaned_data['last_name']}")
    return render(request, "ledger/person_form.html", {"form": form, "person": person,
                                                       "creating": creating})


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# -- expense ledger -----------------------------------------------------------------------

EXPENSE_COLUMNS = (
    lists.Column(gettext_lazy("Date"), lambda e: e.date, "date"),
    lists.Column(gettext_lazy("Kind"), lambda e: e.get_kind_display()),
    lists.Column(gettext_lazy("Number"), lambda e: e.number or e.pk),
    lists.Column(gettext_lazy("Supplier or employee"), lambda e: e.supplier or e.employee or ""),
    lists.Column(gettext_lazy("Account"), lambda e: e.account.code if e.account else ""),
    lists.Column(gettext_lazy("Description"), lambda e: e.description),
    lists.Column(gettext_lazy("Amount excl. VAT"), lambda e: e.amount_excl_vat, "money"),
    lists.Column(gettext_lazy("Paid on"), lambda e: e.paid_on, "date"))


@login_required
def expenses(request, project_pk: int, export: str = ""):
    """A project's ledger, filtered (ExpenseFilter) and paged; at …/ledger/export.xlsx the
    filtered lines, every page, in the page's order (write-only: 100 000 lines fit)."""
    project = _project(request, project_pk)
    rows = Expense.objects.filter(project=project)
    filters = ExpenseFilter(request.GET or None, project=project)
    filtered = False
    if filters.is_valid():
        data = filters.cleaned_data
        filtered = any(data.get(name) for name in ("account", "supplier", "kind", "month"))
        if data.get("account"):
            rows = rows.filter(account=data["account"])
        if data.get("supplier"):
            rows = rows.filter(supplier=data["supplier"])
        if data.get("kind"):
            rows = rows.filter(kind=data["kind"])
        if data.get("month"):
            year, month = map(int, data["month"].split("-"))
            start = dt.date(year, month, 1)
            end = dt.date(year + (month == 12), month % 12 + 1, 1)
            rows = rows.filter(date__gte=start, date__lt=end)
    if not filtered:
        totals = buckets.ledger_totals(project)  # the whole ledger: from its buckets
    else:
        totals = rows.aggregate(  # one pass in SQL over the filtered lines (their index)
            total=Sum("amount_excl_vat"), count=Count("pk"),
            invoices=Sum("amount_excl_vat", filter=Q(kind=Expense.Kind.INVOICE)),
            payroll=Sum("amount_excl_vat", filter=Q(kind=Expense.Kind.PAYROLL)),
            notes=Sum("amount_excl_vat", filter=Q(kind=Expense.Kind.CREDIT_NOTE)))
    ordered = rows.select_related("supplier", "employee", "account").order_by("-date", "-pk")
    if export:
        shown = [(capfirst(str(filters[name].label)), _filter_shown(filters.cleaned_data[name]))
                 for name in filters.fields if filtered and filters.cleaned_data.get(name)]
        return lists.download(lists.workbook(
            ordered.iterator(chunk_size=2000), EXPENSE_COLUMNS,
            title=f"{_('Ledger')} — {project}", pairs=shown),
            f"grand-livre-{project.pk}.xlsx")
    paginator = Paginator(ordered, PAGE)
    paginator.count = totals["count"]  # already counted: no second COUNT(*) at 100 000 lines
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _page_lines(rows, page.start_index() - 1, page.end_index(),
                                   paginator.count)
    links = credit_links(project, page.object_list)
    for expense in page.object_list:
        expense.credit_links = links.get(expense.pk, [])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledger/expenses.html", {
        "project": project, "page": page, "filters": filters, "totals": totals,
        "invoices_total": totals["invoices"] or ZERO,
        "payroll_total": totals["payroll"] or ZERO, "notes_total": totals["notes"] or ZERO,
        "query": query.urlencode(), "export_url": reverse("ledger_expenses_xlsx", args=[project.pk]),
        "cancelled": Expense.all_objects.filter(project=project, cancelled_at__isnull=False)
        .select_related("supplier", "employee", "cancelled_by").order_by("-cancelled_at")[:50],
        "can_edit": permissions.can_edit_project(request.user, project)})


def _page_lines(rows, start: int, stop: int, count: int) -> list[Expense]:
    """Lines `start` to `stop` of `rows` in the list's order (-date, -pk): their ids first,
    counted from the nearer end of the ledger along the (project, date) index (the lines
    skipped are neither joined nor read whole), then these lines with their supplier,
    employee and account. No second partial index for it: SQLite, without statistics, then
    walks it for the credit notes and a supplier's lines (measured at 1 000 000 lines)."""
    if count <= 0 or stop <= start:
        return []
    ids = rows.values_list("pk", flat=True)
    if start > count - stop:  # nearer the oldest line: counted from that end
        ids = list(ids.order_by("date", "pk")[max(count - stop, 0):count - start])
    else:
        ids = list(ids.order_by("-date", "-pk")[start:stop])
    return list(Expense.objects.filter(pk__in=ids).select_related(
        "supplier", "employee", "account").order_by("-date", "-pk"))


def _filter_shown(value) -> str:
    if isinstance(value, str):  # a kind's code: its label, a month as typed
        return str(dict(ExpenseFilter.base_fields["kind"].choices).get(value, value))
    return str(value)


def _expense(project: Project, pk: int, cancelled_too: bool = False) -> Expense:
    lines = Expense.all_objects if cancelled_too else Expense.objects
    return get_object_or_404(lines.select_related("supplier", "employee", "account",
                                                  "cancelled_by"), project=project, pk=pk)


@login_required
@require_POST
def expense_cancel(request, project_pk: int, pk: int):
    """Cancel a line (services.cancel_expense): it leaves every total, its page stays."""
    from montage.web.core.fields import ReasonForm

    project = _project(request, project_pk, edit=True)
    expense = _expense(project, pk)
    form = ReasonForm(request.POST, label=_("Cancel this line, because"))
    try:
        services.cancel_expense(project, expense, request.user,
                                form.cleaned_data["reason"] if form.is_valid() else "")
    except Refused as refusal:
        if form.holds(refusal):  # the line's page again, the field and its error at the top
            return expense_detail(request, project.pk, expense.pk, cancel_form=form)
        messages.error(request, refusal.message)  # the line's state (cancelled, credited)
        return redirect("ledger_expense", project.pk, expense.pk)
    messages.success(request, _("The line is cancelled: it no longer counts in any total."))
    return redirect("ledger_expense", project.pk, expense.pk)


@login_required
def expense_detail(request, project_pk: int, pk: int, cancel_form=None):
    project = _project(request, project_pk)
    expense = _expense(project, pk, cancelled_too=True)
    lang = current_lang()
    as_of = timezone.localdate()
    rows = []
    problem = ""
    links = credit_links(project, [expense]).get(expense.pk, [])
    try:
        fin = None if expense.kind == Expense.Kind.CREDIT_NOTE else engine.finance_expense(
            expense, project.owner.company,
            sum((-link["amount"] for link in links), ZERO))  # as its credit notes leave it
    except MontageError as error:
        fin, problem = None, problems.message(error)
    if expense.kind == Expense.Kind.CREDIT_NOTE:
        problem = _("A credit note counts in no obligation by itself: it reduces what it "
                    "credits, in every obligation.")
    if expense.cancelled_at is not None:  # it counts for nothing: no verdict to show
        fin, problem = None, _("This line is cancelled: it counts in no obligation.")
    rows_by_id = {str(expense.pk): expense}
    assessed = {}
    if fin is not None and Expense.objects.filter(project=project).count() \
            <= DETAIL_ASSESSMENT_LIMIT:
        assessment = exports.assess(project, as_of)
        assessed = {item.source.pk: item for item in assessment.statuses}
    for source in engine.obligation_sources(project):
        row = {"source": source, "eligible": None, "amount": None, "text": "", "counted": None,
               "problem": ""}
        if fin is not None:
            try:
                verdict = engine.RULES[source.rule]().eligible(fin)
                row.update(eligible=verdict.eligible, amount=verdict.amount,
                           text=exports.verdict_text(verdict, rows_by_id, lang))
            except MontageError as error:
                row["problem"] = problems.message(error)
        item = assessed.get(source.pk)
        if item is not None and item.status is not None:
            row["counted"] = item.status.counted_for(str(expense.pk))
            for verdict in item.status.excluded:
                if verdict.expense_id == str(expense.pk):
                    row.update(eligible=False,
                               text=exports.verdict_text(verdict, rows_by_id, lang))
        elif item is not None:
            row["problem"] = row["problem"] or item.problem
        rows.append(row)
    missing = [MANDATORY_LABELS.get(key, key) for key in expense.missing_fields or []]
    return render(request, "ledger/expense_detail.html", {
        "project": project, "expense": expense, "rows": rows, "problem": problem,
        "credit_links": links,
        "missing": missing, "territory": exports.expense_territory(expense),
        "audit": audit_of([expense]),  # its changes, cancellation and kept duplicate
        "can_edit": permissions.can_edit_project(request.user, project),
        "cancel_form": cancel_form}, status=400 if cancel_form is not None else 200)


@login_required
def invoice_new(request, project_pk: int):
    project = _project(request, project_pk, edit=True)
    return _expense_form(request, project, Expense(kind=Expense.Kind.INVOICE), InvoiceForm)


@login_required
def credit_note_new(request, project_pk: int):
    project = _project(request, project_pk, edit=True)
    return _expense_form(request, project, Expense(kind=Expense.Kind.CREDIT_NOTE),
                         CreditNoteForm)


@login_required
def payroll_new(request, project_pk: int):
    project = _project(request, project_pk, edit=True)
    return _expense_form(request, project, Expense(kind=Expense.Kind.PAYROLL), PayrollForm)


@login_required
def expense_edit(request, project_pk: int, pk: int):
    project = _project(request, project_pk, edit=True)
    expense = _expense(project, pk)
    form_class = {Expense.Kind.PAYROLL: PayrollForm,
                  Expense.Kind.CREDIT_NOTE: CreditNoteForm}.get(expense.kind, InvoiceForm)
    return _expense_form(request, project, expense, form_class)


def _expense_form(request, project: Project, expense: Expense, form_class):
    creating = expense.pk is None
    form = form_class(request.POST or None, instance=expense, project=project)
    duplicates, status = [], 200
    if request.method == "POST" and form.is_valid():
        line = form.save(commit=False)
        try:
            expense = services.save_expense(project, line, form.changed_data,
                                            form.cleaned_data.get("duplicate_reason", ""))
        except Refused as refusal:
            for field, message in refusal.errors.items():
                form.add_error(field if field in form.fields else None, message)
            duplicates, status = list(services.likely_duplicates(project, line)[:5]), 400
        else:
            return redirect("ledger_expense", project.pk, expense.pk)
    return render(request, "ledger/expense_form.html", {
        "project": project, "form": form, "expense": expense, "creating": creating,
        "payroll": form_class is PayrollForm, "credit_note": form_class is CreditNoteForm,
        "duplicates": duplicates}, status=status)


# -- obligations ----------------------------------------------------------------------------

def _caps(item: engine.SourceStatus, lang: str) -> list[dict]:
    """The caps an obligation applies: the spillover's 7 % overhead and 10 % producer fee, the
    Tax Shelter's 18 % of Belgian expenses (amount booked, cap, kept, beyond the cap)."""
    status = item.status
    caps = []
    spill = status.details.get("spillover")
    if spill is not None:
        for line in spill.explanation.steps:
            if line.key == "spillover_capped":
                args = line.args
                caps.append({"label": CAP_LABELS.get(args["kind"], args["kind"]),
                             "amount": args["amount"], "share": args["share"],
                             "cap": args["cap"], "kept": args["kept"],
                             "beyond": args["amount"] - args["kept"], "text": line.text(lang)})
    if item.source.rule == FinancingSource.Rule.TAX_SHELTER:
        for line in status.explanation.steps:
            if line.key == "fin_ts_fees" and line.args["fees"]:
                args = line.args
                caps.append({"label": _("producer fees, overheads and commissions (%(rate)s "
                                        "of Belgian expenses)") % {
                                            "rate": rate("tax_shelter.indirect_costs_cap")},
                             "amount": args["fees"], "share": args["cap"], "cap": None,
                             "kept": args["kept"], "beyond": args["fees"] - args["kept"],
                             "text": line.text(lang)})
    return caps


def _sources(project: Project):
    return engine.obligation_sources(project)


@login_required
def obligations(request, project_pk: int):
    project = _project(request, project_pk)
    lang = current_lang()
    as_of = timezone.localdate()  # the dashboard's day
    rows = []
    # from the buckets, as the dashboard (the same figures as every line through the rules,
    # to the cent: tests/web/test_ledger_import_buckets.py), cached with the dashboard's
    for found in dashboard.obligation_rows(project, as_of):
        row = {"item": found, "source": found["source"],
               "where": WHERE.get(found["source"].rule, ""), "progress": found.get("progress"),
               "percent": found.get("percent"), "short": [], "issues": []}
        if found["status"] is not None:
            row["issues"] = [line.text(lang) for line in found["issues"]]
            short: dict[str, Decimal] = {}
            for (postal_code, country), amount in found["short"]:
                name = exports.territory_label(postal_code, country)
                short[name] = short.get(name, ZERO) + amount
            row["short"] = [{"name": name, "excluded": amount} for name, amount in sorted(
                short.items(), key=lambda item: (-item[1], item[0]))][:2]
        rows.append(row)
    other = project.sources.filter(rule="").count()
    return render(request, "ledger/obligations.html", {
        "project": project, "rows": rows, "as_of": as_of, "without_rule": other,
        "can_download": permissions.can_download_ledger_proofs(request.user, project)})


@login_required
def obligation(request, project_pk: int, source_pk: int):
    project = _project(request, project_pk)
    source = get_object_or_404(FinancingSource, project=project, pk=source_pk)
    if not source.rule:
        raise Http404("this source carries no spend obligation")
    lang = current_lang()
    assessment = exports.assess(project, sources=[source])
    item = assessment.statuses[0]
    context = {"project": project, "source": source, "item": item, "as_of": assessment.as_of,
               "where": WHERE.get(source.rule, ""),
               "can_download": permissions.can_download_ledger_proofs(request.user, project)}
    status = item.status
    if status is not None:
        counted = exports.counted_by_expense(status)
        excluded = {v.expense_id: v for v in status.excluded}
        labels = assessment.accounts
        lines = []
        for expense in sorted(assessment.rows.values(), key=lambda r: (r.date, r.pk)):
            key = str(expense.pk)
            verdict = excluded.get(key)
            got = counted.get(key, ZERO)
            lines.append({"expense": expense, "counted": got,
                          "excluded": expense.amount_excl_vat - got,
                          "reason": exports.verdict_text(verdict, assessment.rows, lang)
                          if verdict else
                          (_("counted up to the cap") if got < expense.amount_excl_vat else ""),
                          "payee": exports.payee(expense),
                          "territory": exports.expense_territory(expense)})
        page = Paginator(lines, PAGE).get_page(request.GET.get("page"))
        explanation = status.explanation
        context.update({
            "status": status, "page": page,
            "by_category": [(labels.label(code), amount) for code, amount in
                            sorted(status.by_category.items())],
            "by_supplier": sorted(status.by_supplier.items(), key=lambda kv: -kv[1]),
            "breakdown": exports.breakdown(assessment, status, lang),
            "issues": [line.text(lang) for line in status.issues],
            "caps": _caps(item, lang),
            "details": [(exports.DETAIL_LABELS[key], value, DETAIL_KINDS.get(key, "money"))
                        for key, value in status.details.items()
                        if key in exports.DETAIL_LABELS],
            "tranches": status.details.get("tranches", []),
            "explanation": dict(explanation.readable(lang), steps=[
                # each line's verdict is in the Lines table: the explanation keeps the rest
                line.text(lang) for line in explanation.steps
                if not line.key.startswith(("fin_wallimage_", "fin_spill_in", "fin_spill_o",
                                            "fin_spill_f", "fin_sb_in", "fin_sb_o",
                                            "fin_sb_e", "fin_sb_no", "fin_ts_belgian",
                                            "fin_ts_eea", "fin_ts_outside",
                                            "fin_ts_studio"))]),
        })
    return render(request, "ledger/obligation.html", context)


@login_required
def obligation_export(request, project_pk: int, source_pk: int):
    project = get_object_or_404(Project.objects.select_related("owner"), pk=project_pk)
    permissions.require(permissions.can_download_ledger_proofs(request.user, project))
    source = get_object_or_404(FinancingSource, project=project, pk=source_pk)
    if not source.rule:
        raise Http404("this source carries no spend obligation")
    assessment = exports.assess(project, sources=[source])
    try:
        content = exports.export(assessment, source, request.user, current_lang())
    except MontageError as error:
        return render(request, "ledger/export_refused.html", {
            "project": project, "source": source,
            "problem": problems.message(error)}, status=409)
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(source)}"'
    return response
