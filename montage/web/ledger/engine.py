"""The bridge from the producer's ledger records to the financiers' rules (`montage.finance`).

One place converts an `Expense` row into the rules' `Expense`, one place turns a financing
source's conditions into a rule's terms, one place asks each rule where the project stands. The
pages, the exports, the imports and the benchmark all go through here; no rule is written here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from montage.errors import InputError, MontageError
from montage.finance import expenses as fin
from montage.finance.expenses import FLAGS
from montage.finance.obligations import (BroadcasterSpillover, ObligationStatus, ScreenBrussels,
                                         ScreenBrusselsTerms, SpilloverTerms, TaxShelter,
                                         TaxShelterTerms, WallimageCoproduction, WallimageTerms)
from montage.web.ledger.models import Expense
from montage.web.production.models import FinancingSource, Project
from montage.web.registry.models import Company, Person

RULES = {
    FinancingSource.Rule.WALLIMAGE: WallimageCoproduction,
    FinancingSource.Rule.SPILLOVER: BroadcasterSpillover,
    FinancingSource.Rule.SCREEN_BRUSSELS: ScreenBrussels,
    FinancingSource.Rule.TAX_SHELTER: TaxShelter,
}


def finance_supplier(company: Company) -> fin.Supplier:
    """A company as the rules see it: registered seat, operating seat, country, activity."""
    return fin.Supplier(name=company.name, postal_code=company.registered_postal_code or None,
                        operating_postal_code=company.operating_postal_code or None,
                        country=company.country or "BE",
                        audiovisual_activity=company.audiovisual_activity)


def finance_expense(expense: Expense, employer: Company | None = None,
                    credited: Decimal = Decimal(0)) -> fin.Expense:
    """An Expense row as the rules see it. For a payroll line the person paid is the supplier
    (domicile) and `employer` (the producer company, default: the project owner's company) is
    whose seat counts for the broadcasters, screen.brussels and the Tax Shelter. `credited`:
    what credit notes take off the line (montage.web.ledger.credits); a credit note itself is
    no expense of the rules: it counts in the invoice it reduces."""
    if expense.kind == Expense.Kind.CREDIT_NOTE:
        raise InputError(_("expense %(pk)s: a credit note counts with the invoice it credits")
                         % {"pk": expense.pk}, field="kind")
    if employer is None and expense.project_id:
        employer = expense.project.owner.company
    payroll = expense.kind == Expense.Kind.PAYROLL
    payee = (person_supplier(expense.employee) if payroll and expense.employee
             else finance_supplier(expense.supplier) if not payroll and expense.supplier
             else None)
    values = (expense.pk, expense.date, expense.kind, expense.cost_type,
              expense.amount_excl_vat - credited, expense.manager_services, expense.supplier_id,
              expense.employee_id, expense.account.code if expense.account_id else "",
              expense.description, expense.studio, expense.manager_lives_in_wallonia,
              expense.missing_fields, *(getattr(expense, name) for name in FLAGS))
    return _line(values, payee, finance_supplier(employer) if employer else None)


def person_supplier(person: Person) -> fin.Supplier:
    """A person paid on payroll as the rules see them: the domicile."""
    return fin.Supplier(name=str(person), postal_code=person.domicile_postal_code or None,
                        country=person.domicile_country or "BE")


def _line(values: tuple, payee: fin.Supplier | None, employer: fin.Supplier | None
          ) -> fin.Expense:
    """The one conversion of a ledger line (values in LINE_FIELDS order) for the rules."""
    (pk, date, kind, cost_type, amount, manager_services, _, _, code, description, studio,
     manager_lives, missing, *flags) = values
    payroll = kind == Expense.Kind.PAYROLL
    if payee is None:
        who = "employee" if payroll else "supplier"
        raise InputError((_("expense %(pk)s: the employee is needed") if payroll
                          else _("expense %(pk)s: the supplier is needed")) % {"pk": pk},
                         field=who)
    return fin.Expense(
        id=str(pk), amount=amount, date=date, supplier=payee, category=code or "",
        kind="payroll" if payroll else "invoice", cost_type=cost_type, description=description,
        employer=employer if payroll else None, studio=studio or None,
        manager_services=manager_services, manager_lives_in_wallonia=manager_lives,
        missing_fields=tuple(missing or ()), **dict(zip(FLAGS, flags)))


class MissingTerm(MontageError):
    """A source's condition cannot be assessed because one of its terms is not recorded."""


def _need(value, label: str, source: FinancingSource):
    if value in (None, ""):
        raise MissingTerm(_("%(source)s: %(term)s is not recorded")
                          % {"source": source.label, "term": _(label)})
    return value


def terms_for(source: FinancingSource, as_of: dt.date, budget_total: Decimal | None = None):
    """The rule's terms from the financing source's recorded conditions."""
    rule = source.rule
    if rule == FinancingSource.Rule.WALLIMAGE:
        return WallimageTerms(
            investment=source.amount,
            signature_date=_need(source.contracted_on or source.granted_on,
                                 gettext_noop("the signature date"), source),
            committed_ratio=source.committed_ratio, spend_deadline=source.spend_deadline,
            label=source.label)
    if rule == FinancingSource.Rule.SPILLOVER:
        return SpilloverTerms(investment=source.amount, contract_date=source.contracted_on,
                              as_of=as_of, label=source.label)
    if rule == FinancingSource.Rule.SCREEN_BRUSSELS:
        return ScreenBrusselsTerms(
            format=_need(source.screen_format, gettext_noop("the screen.brussels format"), source),
            amount_requested=source.amount,
            decision_date=_need(source.granted_on or source.contracted_on,
                                gettext_noop("the decision date"), source),
            spend_deadline=source.spend_deadline, label=source.label)
    if rule == FinancingSource.Rule.TAX_SHELTER:
        return TaxShelterTerms(
            certificate_value=_need(source.certificate_value,
                                    gettext_noop("the certificate value"), source),
            agreement_date=_need(source.contracted_on,
                                 gettext_noop("the framework agreement date"), source),
            animation=source.animation, budget=budget_total, label=source.label)
    raise MissingTerm(_("%(source)s: no spend obligation") % {"source": source.label})


@dataclass
class SourceStatus:
    """Where one financing source's spend obligation stands: the rule's status, or why it
    cannot be assessed yet (`problem`)."""

    source: FinancingSource
    status: ObligationStatus | None
    problem: str = ""


LINE_FIELDS = ("pk", "date", "kind", "cost_type", "amount_excl_vat", "manager_services",
               "supplier_id", "employee_id", "account__code", "description", "studio",
               "manager_lives_in_wallonia", "missing_fields", *FLAGS)


def read_lines(project: Project, rows) -> list[fin.Expense]:
    """Expense rows of `project` (a queryset) converted for the rules without building a model
    instance per line: the same conversion as `finance_expense`, read as plain values, with
    each supplier and person converted once (what large ledgers need). Credit notes are not
    lines of the rules: each invoice line comes reduced by what they take off it."""
    from montage.web.ledger.credits import credited

    employer = project.owner.company
    employer_facts = finance_supplier(employer) if employer else None
    values = list(rows.exclude(kind=Expense.Kind.CREDIT_NOTE).values_list(*LINE_FIELDS))
    taken = credited(project)
    if taken:
        values = [(v[0], v[1], v[2], v[3], v[4] - taken[v[0]], *v[5:]) if v[0] in taken else v
                  for v in values]
    companies = {pk: finance_supplier(company) for pk, company in
                 Company.objects.in_bulk({v[6] for v in values if v[6]}).items()}
    people = {pk: person_supplier(person) for pk, person in
              Person.objects.in_bulk({v[7] for v in values if v[7]}).items()}
    return [_line(v, people.get(v[7]) if v[2] == Expense.Kind.PAYROLL else companies.get(v[6]),
                  employer_facts) for v in values]


def obligation_sources(project: Project):
    return project.sources.exclude(rule="").exclude(status=FinancingSource.Status.REFUSED) \
        .order_by("pk")


def ledger_expenses(project: Project) -> list[fin.Expense]:
    """Every expense of the project, converted once (the detailed path, line by line)."""
    return read_lines(project, Expense.objects.filter(project=project).order_by("date", "pk"))


def statuses(project: Project, as_of: dt.date, *, sources=None,
             expenses: list[fin.Expense] | None = None,
             budget_total: Decimal | None = None) -> list[SourceStatus]:
    """Each obligation-bearing source of the project with its rule's status, from the ledger's
    lines (per-line drill-down, explanation with every verdict)."""
    if expenses is None:
        expenses = ledger_expenses(project)
    result = []
    for source in (sources if sources is not None else obligation_sources(project)):
        try:
            terms = terms_for(source, as_of, budget_total)
        except MissingTerm as error:
            result.append(SourceStatus(source, None, str(error)))
            continue
        rule = RULES[source.rule]()
        result.append(SourceStatus(source, rule.assess(terms, expenses)))
    return result


def progress(status: ObligationStatus) -> tuple[Decimal, int]:
    """(fraction, whole percent) of an obligation's required spend that is counted, capped at
    1: the one figure the dashboard and the obligations page both show. The percent is
    truncated, never rounded up, so 100 % is shown only once the required spend is reached
    (75,9 % reads 75 %); an obligation requiring nothing is complete."""
    from decimal import ROUND_DOWN

    if not status.required:
        return Decimal(1), 100
    fraction = min(status.counted / status.required, Decimal(1))
    return fraction, int((fraction * 100).to_integral_value(ROUND_DOWN))
