"""Step 2 §4 and annex 1: is the delegated producer an independent European producer?

    « Le producteur indépendant est le producteur établi dans un État membre de l'Union
    européenne […] :
      - qui dispose d'une personnalité juridique distincte de celle d'un éditeur de services ;
      - qui ne dispose pas d'une manière directe ou indirecte de plus de 15 % du capital d'un
        éditeur de services ;
      - qui ne retire pas plus de 90 % de son chiffre d'affaires durant une période de trois ans
        de la vente de production à un même éditeur de services ;
      - dont le capital n'est pas détenu directement ou indirectement pour plus de 15 % par un
        éditeur de services ;
      - dont le capital n'est pas détenu pour plus de 15 % par une société qui détient
        directement ou indirectement plus de 15 % d'un éditeur de services. »

"Plus de" is strict: exactly 15 % (or 90 %) passes. Each test reports its figure; a test whose
figures are missing fails as "not established", since the editor must prove independence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from montage.law.explain import Explanation
from montage.law.parameters import Parameters, default
from montage.money import ZERO


@dataclass(frozen=True)
class Shareholder:
    name: str
    share: Decimal                       # of the producer's capital, direct or indirect
    is_editor: bool = False
    share_in_an_editor: Decimal = ZERO   # the largest share it holds in any editor


@dataclass(frozen=True)
class YearTurnover:
    year: int
    total: Decimal
    by_editor: dict[str, Decimal] = field(default_factory=dict)  # sales of production


@dataclass(frozen=True)
class ProducerFacts:
    name: str
    established_in_eu: bool | None = None
    separate_legal_personality: bool | None = None
    holdings_in_editors: dict[str, Decimal] | None = None   # editor -> share held
    shareholders: list[Shareholder] | None = None
    turnover: list[YearTurnover] | None = None


@dataclass(frozen=True)
class IndependenceTest:
    name: str
    ok: bool
    figure: str
    detail: str


@dataclass
class Independence:
    independent: bool
    tests: list[IndependenceTest]
    explanation: Explanation


def check_independence(facts: ProducerFacts, on: dt.date, params: Parameters | None = None,
                       lang: str = "fr") -> Independence:
    params = params or default()
    explanation = Explanation.of("independence_subject", producer=facts.name)
    explanation.input("producer", facts.name)
    explanation.input("established_in_eu", facts.established_in_eu)
    explanation.input("separate_legal_personality", facts.separate_legal_personality)
    explanation.input("holdings_in_editors", facts.holdings_in_editors)
    explanation.input("shareholders", facts.shareholders)
    explanation.input("producer_turnover", facts.turnover)
    limit = explanation.use(params.get("independence.capital_share_max", on))
    turnover_limit = explanation.use(params.get("independence.single_editor_turnover_max", on))
    period = explanation.use(params.get("independence.turnover_period_years", on))
    tests: list[IndependenceTest] = []

    def record(name: str, ok: bool | None, figure: str, key: str, **args) -> None:
        verdict = "unknown" if ok is None else ("pass" if ok else "fail")
        explanation.step(key, verdict=verdict, **args)
        tests.append(IndependenceTest(name, bool(ok), figure, explanation.steps[-1].text(lang)))

    record("established_in_eu", facts.established_in_eu, str(facts.established_in_eu),
           "independence_eu")
    record("separate_legal_personality", facts.separate_legal_personality,
           str(facts.separate_legal_personality), "independence_personality")
    if facts.holdings_in_editors is None:
        record("capital_held_in_editor", None, "", "independence_missing",
               what="holdings_in_editors")
    else:
        largest = max(facts.holdings_in_editors.values(), default=ZERO)
        record("capital_held_in_editor", largest <= limit, str(largest),
               "independence_holds", share=largest, limit=limit)
    if facts.shareholders is None:
        record("capital_held_by_editor", None, "", "independence_missing", what="shareholders")
        record("capital_held_by_editor_shareholder", None, "", "independence_missing",
               what="shareholders")
    else:
        by_editor = max((s.share for s in facts.shareholders if s.is_editor), default=ZERO)
        record("capital_held_by_editor", by_editor <= limit, str(by_editor),
               "independence_held_by_editor", share=by_editor, limit=limit)
        via = max((s.share for s in facts.shareholders
                   if not s.is_editor and s.share_in_an_editor > limit), default=ZERO)
        record("capital_held_by_editor_shareholder", via <= limit, str(via),
               "independence_held_via", share=via, limit=limit)
    if not facts.turnover:
        record("turnover_from_one_editor", None, "", "independence_missing", what="turnover")
    else:
        years = sorted(facts.turnover, key=lambda t: t.year)[-period:]
        total = sum((t.total for t in years), ZERO)
        sales: dict[str, Decimal] = {}
        for t in years:
            for editor, amount in t.by_editor.items():
                sales[editor] = sales.get(editor, ZERO) + amount
        editor, top = max(sales.items(), key=lambda item: item[1], default=("—", ZERO))
        share = top / total if total else ZERO
        if len(years) < period:
            explanation.note("independence_short_period", years=len(years), period=period)
        record("turnover_from_one_editor", share <= turnover_limit,
               str(share.quantize(Decimal("0.0001"))), "independence_turnover",
               editor=editor, sales=top, total=total, share=share, limit=turnover_limit,
               first=years[0].year, last=years[-1].year)
    independent = all(test.ok for test in tests)
    explanation.step("independence_result", verdict="pass" if independent else "fail")
    return Independence(independent, tests, explanation)
