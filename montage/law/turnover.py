"""Step 1 §3: the eligible turnover of an editor, from the lines of the Formulaire CA.

    « Il s'agit du chiffre d'affaires net, c'est-à-dire les montants facturés hors TVA et hors
    commissions et sur-commissions de régies publicitaires. »

A local editor (established in the FWB) counts all markets, less the turnover from an EU state
where it already contributes to audiovisual production. An external editor counts the FWB market
only: the French-language region, plus the French-speaking public of Brussels; when it cannot
isolate that public it reports the whole of Brussels, of which 80 % counts; when it cannot isolate
the FWB at all it reports the whole of Belgium, of which 39.5 % counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from montage.errors import InputError
from montage.law.explain import Explanation
from montage.law.parameters import Parameters, default
from montage.money import ZERO, to_cents

# The lines of Annex 3 (Formulaire CA), in the vade-mecum's three families.
FORM_LINES = (
    "advertising", "sponsorship", "teleshopping", "product_placement",
    "other_commercial_communication",                       # communication commerciale
    "distribution_fees", "subscriptions", "programme_sales",  # rémunération par un tiers
    "call_tv", "other_content_revenue",                     # autres recettes du contenu
)
EDITOR_KINDS = ("local", "external")
# Markets a line may be reported for. `all` and `eu_contributing_state` are a local editor's;
# the four others an external editor's, with the share of each that counts.
LOCAL_MARKETS = ("all", "eu_contributing_state")
EXTERNAL_MARKETS = ("french_language_region", "brussels_francophone", "brussels_total",
                    "belgium_total")
MARKET_SHARE_PARAMETER = {"brussels_total": "turnover.brussels_share",
                          "belgium_total": "turnover.belgium_share"}


@dataclass(frozen=True)
class TurnoverLine:
    """One line of the form: amount invoiced excluding VAT, less ad-sales house commissions."""

    category: str
    amount: Decimal
    commissions: Decimal = ZERO
    market: str = "all"
    service: str = ""

    @property
    def net(self) -> Decimal:
        return self.amount - self.commissions


@dataclass(frozen=True)
class EligibleTurnover:
    amount: Decimal
    explanation: Explanation


def check_line(line: TurnoverLine, editor_kind: str, field: str = "line") -> None:
    if line.category not in FORM_LINES:
        raise InputError("unknown turnover line %(category)r; expected one of %(choices)s",
                         field=f"{field}.category",
                         params={"category": line.category, "choices": ", ".join(FORM_LINES)})
    markets = LOCAL_MARKETS if editor_kind == "local" else EXTERNAL_MARKETS
    if line.market not in markets:
        raise InputError("market %(market)r is not one of an external editor's: %(markets)s"
                         if editor_kind == "external" else
                         "market %(market)r is not one of a local editor's: %(markets)s",
                         field=f"{field}.market",
                         params={"market": line.market, "markets": ", ".join(markets)})
    if line.commissions > line.amount:
        raise InputError("commissions exceed the amount invoiced", field=f"{field}.commissions")


def eligible_turnover(editor_kind: str, lines: list[TurnoverLine], year: int,
                      params: Parameters | None = None) -> EligibleTurnover:
    """Eligible turnover (of year `year - 1`) for obligation year `year`."""
    params = params or default()
    if editor_kind not in EDITOR_KINDS:
        raise InputError("expected 'local' or 'external', got %(kind)r",
                         field="editor.kind", params={"kind": editor_kind})
    explanation = Explanation.of("turnover_subject", year=year, kind=editor_kind)
    explanation.input("year", year)
    explanation.input("editor_kind", editor_kind)
    explanation.input("turnover_lines", list(lines))
    on = dt.date(year, 1, 1)
    total = ZERO
    for index, line in enumerate(lines):
        check_line(line, editor_kind, f"turnover_lines[{index}]")
        if line.commissions:
            explanation.step("turnover_net", category=line.category, service=line.service,
                             amount=line.amount, commissions=line.commissions, net=line.net)
        if line.market == "eu_contributing_state":
            total -= line.net
            explanation.step("turnover_deducted", category=line.category, service=line.service,
                             net=line.net)
        elif line.market in MARKET_SHARE_PARAMETER:
            share = explanation.use(params.get(MARKET_SHARE_PARAMETER[line.market], on))
            counted = line.net * share
            total += counted
            explanation.step(f"turnover_{line.market}", category=line.category,
                             service=line.service, net=line.net, share=share, counted=counted)
        else:
            total += line.net
            explanation.step("turnover_counted", category=line.category, service=line.service,
                             net=line.net, market=line.market)
    if total < 0:
        raise InputError("the turnover deducted for EU states exceeds the turnover declared",
                         field="turnover_lines")
    amount = to_cents(total)
    explanation.step("turnover_total", amount=amount)
    return EligibleTurnover(amount, explanation)
