"""An obligation case: one editor over several years, read from YAML or JSON and evaluated.

The format is documented in docs/case-format.md, with `examples/demo-tv.yaml`. Reading is strict:
an unknown key, a wrong type, a negative amount or a year without rules is an `InputError` naming
the file, the line and the field, and nothing is evaluated. Evaluation chains the engine's rules:
obligation (step 1); each investment placed in its commitment year (§5: a commitment letter's date
decides it); independence (§4) and spillover (§9: none recorded after the three years is none);
reassignments of unrealised projects within their three years and up to what is left (§6);
investments validated (§3, §7); smoothing (§8); unrealised projects not reassigned (§6); and the
shortfalls whose two following years ended after the case's last year. It returns per year the
figures of the scripting contract with their explanation, and every amount owed to the CCA known
at `as_of` (`payments_due`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from montage.errors import InputError, MontageError
from montage.law import yamlsource
from montage.law.contribution import (check_year, compute_contribution, obligation_date,
                                       presumed_contribution)
from montage.law.exemptions import Service, service_exemptions
from montage.law.explain import Explanation, Line
from montage.law.independence import (ProducerFacts, Shareholder, YearTurnover,
                                      check_independence)
from montage.law.investments import Check, Investment, validate_year
from montage.law.parameters import Parameters, default
from montage.law.smoothing import SmoothingYear, smooth
from montage.law.spillover import (SpilloverExpense, add_years, assess_spillover,
                                   proof_deadline)
from montage.law.turnover import EDITOR_KINDS, TurnoverLine, check_line, eligible_turnover
from montage.money import ZERO, as_text, parse_amount, parse_fraction


# ----------------------------------------------------------------------------- reading


class _Fields:
    """Typed access to one mapping of the case file, with `FILE:LINE: field:` errors."""

    def __init__(self, data: object, path: str, allowed: set[str], required: set[str] = frozenset()):
        if not isinstance(data, dict):
            line = getattr(data, "line", None)
            raise InputError("expected a mapping (key: value)", field=path,
                             file=getattr(data, "file", None), line=line)
        self.data, self.path = data, path
        unknown = set(data) - allowed
        if unknown:
            key = sorted(unknown)[0]
            self.fail(key, "unknown key; expected one of %(choices)s",
                      choices=", ".join(sorted(allowed)))
        for key in sorted(required - set(data)):
            self.fail(None, "missing required key %(key)r", key=key)

    def fail(self, key: str | None, message: str | InputError, **params):
        """Refuse `key` with a sentence (%(name)s filled by `params`) or a caught error's own
        sentence and figures, so the page translates either."""
        if isinstance(message, InputError):
            first = message.problems[0]
            message, params = ((first.message, first.params or {}) if first.message
                               else (message.message, {}))
        line = self.data.line_of(key) if key and hasattr(self.data, "line_of") else \
            getattr(self.data, "line", None)
        name = f"{self.path}.{key}" if key else self.path
        raise InputError(message, field=name, file=getattr(self.data, "file", None), line=line,
                         params=params or None)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str, default=None):
        return self.data.get(key, default)

    def _wrap(self, key: str, read):
        try:
            return read()
        except InputError as error:
            self.fail(key, error)

    def amount(self, key: str, default: Decimal | None = None) -> Decimal | None:
        if not self.has(key):
            return default
        return self._wrap(key, lambda: parse_amount(self.data[key], field=key))

    def fraction(self, key: str) -> Decimal | None:
        if not self.has(key):
            return None
        return self._wrap(key, lambda: parse_fraction(self.data[key], field=key))

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.fail(key, "expected text, got %(value)r", value=value)
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default or "")
        if value not in choices:
            self.fail(key, "expected one of %(choices)s, got %(value)r",
                      choices=", ".join(choices), value=value)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "expected true or false, got %(value)r", value=value)
        return value

    def date(self, key: str) -> dt.date | None:
        if not self.has(key):
            return None
        try:
            return dt.date.fromisoformat(str(self.data[key]))
        except ValueError:
            self.fail(key, "expected a date YYYY-MM-DD, got %(value)r", value=self.data[key])

    def integer(self, key: str) -> int:
        try:
            return int(str(self.data[key]))
        except (KeyError, ValueError):
            self.fail(key, "expected a whole number, got %(value)r", value=self.data.get(key))

    def items(self, key: str) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "expected a list")
        return value

    def shares(self, key: str) -> dict[str, Decimal] | None:
        value = self.data.get(key)
        if value is None:
            return None
        sub = _Fields(value, f"{self.path}.{key}", set(value) if isinstance(value, dict) else set())
        return {name: sub.fraction(name) for name in value}

    def amounts(self, key: str) -> dict[str, Decimal]:
        value = self.data.get(key) or {}
        sub = _Fields(value, f"{self.path}.{key}", set(value) if isinstance(value, dict) else set())
        return {name: sub.amount(name) for name in value}


@dataclass
class CaseInvestment:
    investment: Investment
    producer: ProducerFacts | None = None
    spillover: list[SpilloverExpense] | None = None
    decision_date: dt.date | None = None


@dataclass
class CaseYear:
    year: int
    obligation: Decimal | None = None
    turnover: Decimal | None = None
    turnover_lines: list[TurnoverLine] | None = None
    presumed: bool = False
    form: str = "investments"
    services: list[Service] = field(default_factory=list)
    investments: list[CaseInvestment] = field(default_factory=list)


@dataclass
class Case:
    editor_name: str
    editor_kind: str
    years: list[CaseYear]
    as_of: dt.date
    source: str = ""


INVESTMENT_KEYS = {"id", "title", "category", "amount", "fwb_initiative", "genre",
                   "promotes_fwb_artists_or_heritage", "independent_producer", "producer",
                   "delegated", "counted_under_other_obligation", "legal_advantage", "status",
                   "contract_date", "decision_date", "document", "justified_amount",
                   "reassigned_from", "confidential", "spillover"}


def _producer(raw, path: str) -> ProducerFacts:
    f = _Fields(raw, path, {"name", "established_in_eu", "separate_legal_personality",
                            "holdings_in_editors", "shareholders", "turnover"}, {"name"})
    shareholders = None
    if f.has("shareholders"):
        shareholders = []
        for i, item in enumerate(f.items("shareholders")):
            s = _Fields(item, f"{path}.shareholders[{i}]",
                        {"name", "share", "is_editor", "share_in_an_editor"}, {"name", "share"})
            shareholders.append(Shareholder(s.text("name"), s.fraction("share"),
                                            s.flag("is_editor"),
                                            s.fraction("share_in_an_editor") or ZERO))
    turnover = None
    if f.has("turnover"):
        turnover = []
        for i, item in enumerate(f.items("turnover")):
            t = _Fields(item, f"{path}.turnover[{i}]", {"year", "total", "by_editor"},
                        {"year", "total"})
            turnover.append(YearTurnover(t.integer("year"), t.amount("total"),
                                         t.amounts("by_editor")))
    established = f.raw("established_in_eu")
    personality = f.raw("separate_legal_personality")
    return ProducerFacts(f.text("name"),
                         f.flag("established_in_eu") if established is not None else None,
                         f.flag("separate_legal_personality") if personality is not None
                         else None,
                         f.shares("holdings_in_editors"), shareholders, turnover)


def _investment(raw, path: str) -> CaseInvestment:
    f = _Fields(raw, path, INVESTMENT_KEYS, {"category", "amount"})
    try:
        investment = Investment(
            category=f.text("category"), amount=f.amount("amount"), id=f.text("id"),
            title=f.text("title"), fwb_initiative=f.flag("fwb_initiative"),
            genre=f.text("genre") or None,
            promotes_fwb_artists_or_heritage=f.flag("promotes_fwb_artists_or_heritage"),
            independent_producer=f.flag("independent_producer")
            if f.has("independent_producer") else None,
            delegated=f.flag("delegated"),
            counted_under_other_obligation=f.flag("counted_under_other_obligation"),
            legal_advantage=f.flag("legal_advantage"), status=f.text("status", "active"),
            contract_date=f.date("contract_date"), document=f.text("document", "contract"),
            justified_amount=f.amount("justified_amount"),
            reassigned_from=f.text("reassigned_from") or None,
            confidential=f.flag("confidential"))
    except InputError as error:
        if error.file:
            raise
        f.fail(error.field, error)
    if investment.status == "unrealised" and investment.justified_amount is not None and \
            investment.justified_amount > investment.amount:
        f.fail("justified_amount", "the justified part exceeds the amount invested")
    producer = _producer(f.raw("producer"), f"{path}.producer") if f.has("producer") else None
    expenses = None
    if f.has("spillover"):
        expenses = []
        for i, item in enumerate(f.items("spillover")):
            e = _Fields(item, f"{path}.spillover[{i}]",
                        {"amount", "kind", "supplier", "postal_code", "operating_postal_code",
                         "missing_fields", "reference"}, {"amount"})
            missing = e.items("missing_fields")
            try:
                expenses.append(SpilloverExpense(
                    e.amount("amount"), e.text("kind", "invoice"), e.text("supplier"),
                    e.text("postal_code") or None, e.text("operating_postal_code") or None,
                    tuple(str(m) for m in missing), e.text("reference")))
            except InputError as error:
                e.fail(error.field, error)
    return CaseInvestment(investment, producer, expenses, f.date("decision_date"))


def _year(raw, path: str, editor_kind: str) -> CaseYear:
    f = _Fields(raw, path, {"year", "turnover", "obligation", "turnover_lines", "presumed",
                            "form", "services", "investments"}, {"year"})
    year = f.integer("year")
    try:
        check_year(year)
    except InputError as error:
        f.fail("year", error)
    sources = [key for key in ("turnover", "obligation", "turnover_lines", "presumed")
               if f.has(key) and f.raw(key) is not False]
    if len(sources) != 1:
        f.fail(None, "give exactly one of turnover, obligation, turnover_lines or presumed: "
                     "true (got %(sources)s)", sources=", ".join(sources) or "none")
    entry = CaseYear(year, obligation=f.amount("obligation"), turnover=f.amount("turnover"),
                     presumed=f.flag("presumed"))
    entry.form = f.choice("form", ("investments", "payment"), "investments")
    if entry.presumed:
        entry.form = "payment"
    if f.has("turnover_lines"):
        entry.turnover_lines = []
        for i, item in enumerate(f.items("turnover_lines")):
            line = _Fields(item, f"{path}.turnover_lines[{i}]",
                           {"category", "amount", "commissions", "market", "service"},
                           {"category", "amount"})
            parsed = TurnoverLine(line.text("category"), line.amount("amount"),
                                  line.amount("commissions", ZERO),
                                  line.text("market", "all" if editor_kind == "local" else ""),
                                  line.text("service"))
            try:
                check_line(parsed, editor_kind, "line")
            except InputError as error:
                line.fail(error.field.split(".")[-1], error)
            entry.turnover_lines.append(parsed)
    for i, item in enumerate(f.items("services")):
        s = _Fields(item, f"{path}.services[{i}]",
                    {"name", "kind", "audience_share", "audiovisual_works_share"},
                    {"name", "kind"})
        entry.services.append(Service(s.text("name"), s.choice("kind", ("linear", "non_linear")),
                                      s.fraction("audience_share"),
                                      s.fraction("audiovisual_works_share")))
    entry.investments = [_investment(item, f"{path}.investments[{i}]")
                         for i, item in enumerate(f.items("investments"))]
    return entry


def read_case(path: str) -> Case:
    return parse_case(yamlsource.load(path), path)


def parse_case(data: object, source: str = "<case>") -> Case:
    root = _Fields(data, "case", {"editor", "years", "as_of"}, {"editor", "years"})
    editor = _Fields(root.raw("editor"), "editor", {"name", "kind"}, {"name", "kind"})
    kind = editor.choice("kind", EDITOR_KINDS)
    raw_years = root.items("years")
    if not raw_years:
        root.fail("years", "expected at least one year")
    years = [_year(item, f"years[{i}]", kind) for i, item in enumerate(raw_years)]
    for i, (previous, current) in enumerate(zip(years, years[1:]), 1):
        if current.year != previous.year + 1:
            _Fields(raw_years[i], f"years[{i}]", set(raw_years[i])).fail(
                "year", "years must follow each other; expected %(expected)s, got %(year)s",
                expected=previous.year + 1, year=current.year)
    ids = {}
    for entry in years:
        for item in entry.investments:
            if item.investment.id:
                if item.investment.id in ids:
                    raise InputError("investment id %(id)r is used twice",
                                     field="investments.id", file=source,
                                     params={"id": item.investment.id})
                ids[item.investment.id] = item
    for entry in years:
        for item in entry.investments:
            origin = item.investment.reassigned_from
            if origin and (origin not in ids or ids[origin].investment.status != "unrealised"):
                raise InputError("reassigned_from %(origin)r names no unrealised investment",
                                 field=f"years.{entry.year}.investments.reassigned_from",
                                 file=source, params={"origin": origin})
    as_of = root.date("as_of") or dt.date(years[-1].year, 12, 31)
    return Case(editor.text("name"), kind, years, as_of, source)


# ----------------------------------------------------------------------------- evaluating


@dataclass
class PaymentDue:
    """An amount owed to the CCA: for the payment form (step 2 §2), a shortfall not executed in
    the two following years (§8) or an unrealised project not reassigned in three years (§6).

    `year` is the year at whose end it is owed (it may lie after the case's last year); the CCA's
    letter and the payment fall in the next year (`letter_date`, `due_date`). `origin_year` is the
    year the money comes from."""

    amount: Decimal
    reason: str                 # obligation | presumed | shortfall | unrealised
    origin_year: int
    year: int
    due_date: dt.date
    letter_date: dt.date
    detail: Line
    investment: str | None = None

    def as_dict(self, lang: str = "fr") -> dict:
        data = {"amount": as_text(self.amount), "due_date": self.due_date.isoformat(),
                "reason": self.reason, "origin_year": self.origin_year, "year": self.year,
                "letter_date": self.letter_date.isoformat(), "detail": self.detail.text(lang)}
        if self.investment:
            data["investment"] = self.investment
        return data


@dataclass
class YearResult:
    year: int
    form: str
    obligation: Decimal
    countable: Decimal
    shortfall_open: Decimal
    surplus_open: Decimal
    payment_due: Decimal
    checks: list[Check]
    explanation: Explanation
    by_category: dict[str, Decimal]
    shortfalls_open: list
    surpluses_open: list
    eligible_turnover: Decimal | None = None
    exemption_grounds: list[str] = field(default_factory=list)
    # Every amount owed to the CCA that this year's explanation establishes, whichever year it
    # falls due in (see payments_due()).
    payments: list[PaymentDue] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        """The year's obligation rests on a value not known yet (a missing price index)."""
        return self.explanation.is_provisional()

    def as_dict(self, lang: str = "fr") -> dict:
        return {
            "year": self.year,
            "form": self.form,
            "provisional": self.provisional,
            "eligible_turnover": as_text(self.eligible_turnover)
            if self.eligible_turnover is not None else None,
            "exempt": bool(self.exemption_grounds),
            "exemption_grounds": self.exemption_grounds,
            "obligation": as_text(self.obligation),
            "countable": as_text(self.countable),
            "shortfall_open": as_text(self.shortfall_open),
            "surplus_open": as_text(self.surplus_open),
            "payment_due": as_text(self.payment_due),
            "invested_by_category": {k: as_text(v) for k, v in self.by_category.items() if v},
            "shortfalls_open": [{"year": o.origin, "amount": as_text(o.amount)}
                                for o in self.shortfalls_open],
            "surpluses_open": [{"year": o.origin, "amount": as_text(o.amount)}
                               for o in self.surpluses_open],
            "checks": [c.as_dict() for c in self.checks],
            "explanation": self.explanation.as_dict(lang),
        }


def _obligation(entry: CaseYear, editor_kind: str, params: Parameters, lang: str,
                explanation: Explanation) -> tuple[Decimal, Decimal | None, list[str]]:
    if entry.obligation is not None:
        explanation.step("case_obligation_given", amount=entry.obligation)
        return entry.obligation, None, []
    if entry.presumed:
        amount, child = presumed_contribution(entry.year, params)
        explanation.include(child)
        return amount, None, []
    turnover = entry.turnover
    if entry.turnover_lines is not None:
        result = eligible_turnover(editor_kind, entry.turnover_lines, entry.year, params)
        explanation.include(result.explanation)
        turnover = result.amount
    contribution = compute_contribution(entry.year, turnover, params)
    explanation.include(contribution.explanation)
    exemption = service_exemptions(entry.year, entry.services,
                                   turnover_exempt=contribution.exempt, params=params)
    if entry.services:
        explanation.include(exemption.explanation)
    if exemption.exempt:
        return ZERO, turnover, exemption.grounds
    return contribution.amount, turnover, []


def _label(investment: Investment) -> str:
    return investment.id or investment.title or investment.category


def payment_dates(year: int, params: Parameters,
                  explanation: Explanation | None = None) -> tuple[dt.date, dt.date]:
    """The CCA's letter and the payment's due date for money owed at the end of `year` (step 2
    §2: 15 January and 15 February of year+1)."""
    dates = []
    for name in ("deadlines.payment_letter", "deadlines.payment"):
        parameter = params.get(name, dt.date(year, 1, 1))
        if explanation is not None:
            explanation.use(parameter)
        rule = parameter.value
        dates.append(dt.date(year + rule["year_offset"], rule["month"], rule["day"]))
    return dates[0], dates[1]


class _Evaluation:
    """One evaluation's working state: the years' explanations and extra checks, where each
    investment counts, and each investment as the rules leave it."""

    def __init__(self, case: Case, params: Parameters, lang: str):
        self.case, self.params, self.lang = case, params, lang
        self.explanations: dict[int, Explanation] = {}
        self.checks: dict[int, list[Check]] = {entry.year: [] for entry in case.years}
        self.placed: dict[int, list[CaseInvestment]] = {entry.year: [] for entry in case.years}
        self.year_of: dict[int, int] = {}           # id(item) -> year it counts for (or listed)
        self.adjusted: dict[int, Investment] = {}   # id(item) -> the investment after §4/§9/§6
        self.reassigned: dict[str, Decimal] = {}    # unrealised id -> amount validly reassigned

    def items(self):
        for entry in self.case.years:
            for item in entry.investments:
                yield entry, item

    def record(self, at: int, name: str, ok: bool, key: str, subject: str | None = None, /,
               **args) -> None:
        """A step of year `at`'s explanation and the check that quotes it (about `subject`)."""
        explanation = self.explanations[at]
        explanation.step(key, **args)
        self.checks[at].append(Check(name, ok, explanation.steps[-1].text(self.lang),
                                       subject))

    # §5: « C'est la date du courrier électronique qui déterminera l'année d'engagement »
    def place(self) -> None:
        for entry, item in self.items():
            investment = item.investment
            self.year_of[id(item)] = entry.year
            dated = investment.contract_date
            if investment.document != "commitment_letter" or dated is None or \
                    dated.year == entry.year:
                self.placed[entry.year].append(item)
                continue
            label, target = _label(investment), dated.year
            args = dict(investment=label, amount=investment.amount, date=dated, year=target,
                        listed=entry.year)
            if target in self.placed:
                self.placed[target].append(item)
                self.year_of[id(item)] = target
                self.record(entry.year, "commitment_year", False, "case_commitment_moved",
                            label, **args)
                self.record(target, "commitment_year", True, "case_commitment_received",
                            label, **args)
            else:
                self.record(entry.year, "commitment_year", False, "case_commitment_outside",
                            label, **args)

    # §4 and §9: independence and spillover, investment by investment.
    def assess(self, year: int, item: CaseInvestment) -> None:
        case, params, explanation = self.case, self.params, self.explanations[year]
        investment = item.investment
        label = investment.id or investment.title
        if item.producer is not None:
            independence = check_independence(item.producer, obligation_date(year), params,
                                              self.lang)
            explanation.include(independence.explanation)
            investment = replace(investment, independent_producer=independence.independent)
        window_from = None
        if investment.contract_date is None:
            window_from = item.decision_date or dt.date(year, 12, 31)
        expenses = item.spillover
        if expenses is None and investment.status == "active":
            # Absent evidence after the window is no evidence (docs/interpretations.md).
            deadline = proof_deadline(investment.contract_date or window_from, params)
            if case.as_of > deadline:
                explanation.step("case_spillover_none_recorded", investment=_label(investment),
                                 deadline=deadline)
                expenses = []
        if expenses is not None:
            spill = assess_spillover(investment.amount, expenses,
                                     contract_date=investment.contract_date, as_of=case.as_of,
                                     params=params, label=label, window_from=window_from)
            explanation.include(spill.explanation)
            if spill.status == "cancelled" and not investment.cancellation:
                investment = replace(investment, status="cancelled", cancellation="spillover")
            elif spill.status == "reduced":
                investment = replace(investment, amount=spill.countable_investment)
        self.adjusted[id(item)] = investment

    def _decision(self, item: CaseInvestment) -> dt.date | None:
        return item.decision_date or self.adjusted[id(item)].contract_date

    # §6: « au plus tard 3 ans après la décision d'intervention initiale »
    def reassign(self) -> None:
        items = [item for _, item in self.items()]
        origins = {self.adjusted[id(item)].id: item for item in items
                   if self.adjusted[id(item)].status == "unrealised"}
        order = {id(item): n for n, item in enumerate(items)}
        left: dict[str, Decimal] = {}
        for origin, item in origins.items():
            investment = self.adjusted[id(item)]
            left[origin] = investment.amount - (investment.justified_amount or ZERO)
            self.reassigned[origin] = ZERO
        rows = [item for item in items if self.adjusted[id(item)].reassigned_from]

        def dated(item):
            return self._decision(item) or dt.date(self.year_of[id(item)], 12, 31)

        for item in sorted(rows, key=lambda item: (dated(item), order[id(item)])):
            investment = self.adjusted[id(item)]
            origin, year = investment.reassigned_from, self.year_of[id(item)]
            part = ZERO
            if investment.status != "cancelled" and origin in origins:
                decided = self._decision(origins[origin])
                if decided is None:
                    self._undated(origins[origin])
                years = self.params.get("investments.unrealised_reassignment_years", decided)
                self.explanations[year].use(years)
                deadline = add_years(decided, years.value)
                label = _label(investment)
                if dated(item) > deadline:
                    self.record(year, "unrealised_reassignment", False, "case_reassignment_late",
                                label, investment=label, amount=investment.amount,
                                origin=origin, date=dated(item), deadline=deadline, year=year)
                else:
                    part = min(investment.amount, left[origin])
                    if part < investment.amount:
                        self.explanations[year].step(
                            "case_reassignment_excess", investment=label,
                            amount=investment.amount, origin=origin, left=left[origin],
                            excess=investment.amount - part, year=year)
                    left[origin] -= part
                    self.reassigned[origin] += part
            self.adjusted[id(item)] = replace(investment, reassigned_amount=part)

    def _undated(self, item: CaseInvestment):
        label = _label(item.investment)
        raise InputError("an unrealised investment needs its decision_date or contract_date",
                         field=f"years.{self.year_of[id(item)]}.investments.{label}",
                         file=self.case.source)


def evaluate(case: Case, params: Parameters | None = None, lang: str = "fr") -> list[YearResult]:
    """Evaluate every year of the case as of `case.as_of`."""
    params = params or default()
    state = _Evaluation(case, params, lang)
    figures = {}
    for entry in case.years:
        explanation = Explanation.of("case_year_subject", editor=case.editor_name,
                                     year=entry.year, form=entry.form)
        state.explanations[entry.year] = explanation
        figures[entry.year] = _obligation(entry, case.editor_kind, params, lang, explanation)
    state.place()
    for entry in case.years:
        for item in state.placed[entry.year]:
            state.assess(entry.year, item)
    for entry, item in state.items():   # an investment counted nowhere keeps its §6 duties
        if id(item) not in state.adjusted:
            state.adjusted[id(item)] = item.investment
    state.reassign()
    partial = []
    for entry in case.years:
        explanation = state.explanations[entry.year]
        obligation = figures[entry.year][0]
        investments = [state.adjusted[id(item)] for item in state.placed[entry.year]]
        if entry.form == "payment" and investments:
            explanation.note("case_payment_form_investments")
        validation = validate_year(obligation, investments if entry.form == "investments" else [],
                                   entry.year, params, lang, form=entry.form)
        explanation.include(validation.explanation)
        partial.append((entry, validation))
    carry = params.get("smoothing.carry_years", obligation_date(case.years[0].year))
    smoothed = smooth([SmoothingYear(entry.year, figures[entry.year][0], validation.countable,
                                     entry.form) for entry, validation in partial], carry.value)
    results = []
    for (entry, validation), out in zip(partial, smoothed):
        explanation = state.explanations[entry.year]
        obligation, turnover, grounds = figures[entry.year]
        out.explanation.use(carry)
        explanation.include(out.explanation)
        checks = state.checks[entry.year] + list(validation.checks)
        if entry.form == "investments":
            _floor_covered(checks, validation, out, explanation, lang)
            met = out.new_shortfall == 0
            explanation.step("case_obligation_met" if met else "case_obligation_short",
                             obligation=obligation, shortfall=out.new_shortfall)
            checks.append(Check("obligation_met", met, explanation.steps[-1].text(lang)))
        result = YearResult(entry.year, entry.form, obligation, validation.countable,
                            out.shortfall_open, out.surplus_open, out.payment_due, checks,
                            explanation, validation.by_category, out.shortfalls_open,
                            out.surpluses_open, turnover, grounds)
        for line in out.explanation.steps:
            if line.key == "smoothing_shortfall_expired":
                checks.append(Check("smoothing_shortfall_expired", False, line.text(lang)))
            if line.key in ("smoothing_payment_form", "smoothing_shortfall_expired") and \
                    line.args["amount"]:
                letter, due = payment_dates(entry.year, params, explanation)
                reason = "shortfall" if line.key == "smoothing_shortfall_expired" else \
                    "presumed" if entry.presumed else "obligation"
                result.payments.append(PaymentDue(line.args["amount"], reason,
                                                  line.args.get("origin", entry.year),
                                                  entry.year, due, letter, line))
        results.append(result)
    _after_the_case(case, results, carry.value, params, lang)
    _unrealised(state, results)
    return results


def _floor_covered(checks: list[Check], validation, out, explanation: Explanation,
                   lang: str) -> None:
    """§8, hypothesis 4: « Tout est en ordre pour les années N, N+1 et N+2 ». A year whose own
    investments miss the 35 % floor is in order when its obligation is met after smoothing and
    the floor kept nothing from counting (docs/interpretations.md)."""
    for n, check in enumerate(checks):
        if check.name == "fwb_initiative_floor" and not check.ok and \
                out.new_shortfall == 0 and validation.floor_cut == 0:
            explanation.step("fwb_floor_covered", works=validation.fwb_initiative_works,
                             floor=validation.floor)
            checks[n] = Check(check.name, True, explanation.steps[-1].text(lang))


def _after_the_case(case: Case, results: list[YearResult], carry: int, params: Parameters,
                    lang: str) -> None:
    """§8 after the case's last year: a shortfall still open at its end whose two following
    years have ended by `as_of`, with no investment known for them, is owed to the CCA."""
    last = results[-1]
    for item in last.shortfalls_open:
        end = item.origin + carry
        if case.as_of <= dt.date(end, 12, 31):
            continue
        letter, due = payment_dates(end, params, last.explanation)
        last.explanation.step("case_shortfall_expired_after_case", last_year=last.year,
                              as_of=case.as_of, origin=item.origin, amount=item.amount,
                              pay_year=end + 1, due=due)
        line = last.explanation.steps[-1]
        last.checks.append(Check("smoothing_shortfall_expired", False, line.text(lang)))
        last.payments.append(PaymentDue(item.amount, "shortfall", item.origin, end, due,
                                        letter, line))


def _unrealised(state: _Evaluation, results: list[YearResult]) -> None:
    """§6: an unrealised project's amount, less what was contractually justified, must be
    reassigned within three years of the initial decision; what is not is paid to the CCA."""
    case, params, lang = state.case, state.params, state.lang
    by_year = {result.year: result for result in results}
    for entry, item in state.items():
        investment = state.adjusted[id(item)]
        if investment.status != "unrealised":
            continue
        decided = state._decision(item)
        result = by_year[state.year_of[id(item)]]
        label = _label(investment)
        if decided is None:
            state._undated(item)
        years = params.get("investments.unrealised_reassignment_years", decided)
        result.explanation.use(years)
        deadline = add_years(decided, years.value)
        to_reassign = investment.amount - (investment.justified_amount or ZERO)
        remainder = max(ZERO, to_reassign - state.reassigned.get(investment.id, ZERO))
        if remainder and case.as_of > deadline:
            payer = by_year.get(deadline.year)
            letter, due = payment_dates(deadline.year, params, result.explanation)
            if payer is not None:
                payer.payment_due += remainder
                payer.explanation.step("case_unrealised_payment", investment=label,
                                       remainder=remainder, origin=result.year)
            else:
                result.explanation.step("case_unrealised_payment_after_case", investment=label,
                                        remainder=remainder, origin=result.year,
                                        pay_year=deadline.year + 1, due=due)
            owner = payer or result
            owner.payments.append(PaymentDue(remainder, "unrealised", result.year,
                                             deadline.year, due, letter,
                                             owner.explanation.steps[-1], label))
            result.explanation.step("case_unrealised_expired", investment=label,
                                    remainder=remainder, deadline=deadline)
            ok = False
        else:
            result.explanation.step("case_unrealised_open", investment=label,
                                    remainder=remainder, deadline=deadline)
            ok = True
        result.checks.append(Check("unrealised_reassignment", ok,
                                   result.explanation.steps[-1].text(lang), label))


def payments_due(results: list[YearResult]) -> list[PaymentDue]:
    """Every amount owed to the CCA known at the case's `as_of`, whichever year it falls due in
    (after the case's last year too), by due date then origin."""
    return sorted((payment for result in results for payment in result.payments),
                  key=lambda p: (p.due_date, p.origin_year))


def evaluation_dict(case: Case, results: list[YearResult], lang: str = "fr") -> dict:
    """The JSON of `montage obligation evaluate --format json` (and of the web API)."""
    return {
        "editor": {"name": case.editor_name, "kind": case.editor_kind},
        "as_of": case.as_of.isoformat(),
        "years": [result.as_dict(lang) for result in results],
        "payments_due": [payment.as_dict(lang) for payment in payments_due(results)],
    }


def evaluate_to_dict(case: Case, params: Parameters | None = None, lang: str = "fr") -> dict:
    return evaluation_dict(case, evaluate(case, params, lang), lang)


__all__ = ["Case", "CaseYear", "YearResult", "PaymentDue", "read_case", "parse_case",
           "evaluate", "evaluate_to_dict", "evaluation_dict", "payments_due", "payment_dates",
           "MontageError"]
