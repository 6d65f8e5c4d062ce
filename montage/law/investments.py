"""Step 2 §3: which investments count towards the year's obligation, and for how much.

    §3.1 « l'éditeur doit investir au minimum 35 % du montant de son obligation dans la
         coproduction ou le préachat d'œuvres audiovisuelles d'initiative belge francophone »
    §3.2 « un maximum de 30 % […] dans la commande de programmes » ; « au moins 20 % de ces
         investissements […] des dépenses en écriture ou en développement » ; game shows, news
         and reality TV excluded « sauf si l'objet principal est de promouvoir les artistes ou le
         patrimoine culturel de la Fédération Wallonie-Bruxelles »
    §3.3 writing and development of works under a Belgian-law contract: « Le montant de cet
         investissement est doublé lors de sa validation »
    §3.4–3.6 training, accessibility, dubbing/subtitling: « maximum 5 % » each
    §4   every investment is in a work or programme of an independent European producer
    §6   « le montant prévu, sous déduction des investissements contractuellement justifiés, peut
         être affecté par l'éditeur à un autre projet » : a reassignment counts nothing new up to
         what was left to reassign; the case (montage.law.case) says how much that is, and what
         exceeds it is an ordinary investment
    §7   « L'éditeur peut, sauf pour la commande de programmes, confier la charge de tout ou partie
         de son obligation de contribution sous forme de coproduction ou de préachat à une société
         tierce » : a delegated investment counts only as a coproduction or a pre-purchase, and not
         when it was already counted under another legal obligation. « Les investissements en
         coproduction ou en préachat bénéficiant d'un quelconque avantage légal ne sont pas non
         plus pris en considération » : any coproduction or pre-purchase with a legal advantage
         (Tax Shelter…), delegated or not (docs/interpretations.md)

How the rules combine (docs/interpretations.md): the ×2 weight first; commissions count at most
their writing/development part divided by 20 % and at most 30 % of the obligation; each 5 % cap
alone. When FWB-initiative works reach 35 % of the obligation everything else counts in full
(beyond the obligation it is surplus); when they do not, all the other categories together count
for at most 65 %, so the missing part of the floor stays a shortfall. What a cap cuts does not
count at all, not even as surplus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from montage.errors import InputError
from montage.law.explain import Explanation, message
from montage.law.parameters import Parameters, default
from montage.money import ZERO, to_cents

CATEGORIES = ("coproduction", "prepurchase", "commission_production", "commission_development",
              "writing_development", "training", "accessibility", "dubbing_subtitling")
WORKS = ("coproduction", "prepurchase")
COMMISSIONS = ("commission_production", "commission_development")
CAPPED = {"training": "investments.training_cap",
          "accessibility": "investments.accessibility_cap",
          "dubbing_subtitling": "investments.dubbing_subtitling_cap"}
# Categories whose work or programme must have an independent European delegated producer (§4).
NEEDS_INDEPENDENT_PRODUCER = WORKS + COMMISSIONS
STATUSES = ("active", "unrealised", "cancelled")


@dataclass(frozen=True)
class Investment:
    """One line of the Récapitulatif Invest, with what the rules need to know about it."""

    category: str
    amount: Decimal
    id: str = ""
    title: str = ""
    fwb_initiative: bool = False
    genre: str | None = None                  # commissions: e.g. game_show, news, reality_tv
    promotes_fwb_artists_or_heritage: bool = False
    independent_producer: bool | None = None  # from independence.check, None when not assessed
    delegated: bool = False                   # made by a third party on the editor's behalf (§7)
    counted_under_other_obligation: bool = False
    legal_advantage: bool = False             # e.g. Tax Shelter
    status: str = "active"
    contract_date: dt.date | None = None
    document: str = "contract"                # contract | commitment_letter (§5)
    justified_amount: Decimal | None = None   # unrealised project: contractually justified part
    reassigned_from: str | None = None        # id of the unrealised investment it replaces
    confidential: bool = False
    # Set by the case (§6): the part of a reassignment that reassigns (None: all of it); the rest
    # of the amount is an ordinary investment of its year.
    reassigned_amount: Decimal | None = None
    # why it is cancelled: "" | "spillover" (§9) | "refused" (the CCA refused it, §2)
    cancellation: str = ""

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise InputError("unknown category %(category)r; expected one of %(choices)s",
                             field="category",
                             params={"category": self.category, "choices": ", ".join(CATEGORIES)})
        if self.status not in STATUSES:
            raise InputError("unknown status %(status)r; expected one of %(choices)s",
                             field="status",
                             params={"status": self.status, "choices": ", ".join(STATUSES)})
        if self.document not in ("contract", "commitment_letter"):
            raise InputError("expected 'contract' or 'commitment_letter'", field="document")


@dataclass(frozen=True)
class Check:
    """One rule's verdict, as the scripting contract prints it: name, ok, detail."""

    name: str
    ok: bool
    detail: str
    investment: str | None = None

    def as_dict(self) -> dict:
        data = {"name": self.name, "ok": self.ok, "detail": self.detail}
        if self.investment:
            data["investment"] = self.investment
        return data

    def text(self, lang: str = "fr") -> str:
        """The rule in words, met or not, and its detail: what the CLI prints."""
        return message("check_line", lang, name=self.name,
                       verdict="met" if self.ok else "not_met", detail=self.detail)


@dataclass
class Validation:
    """The countable amount of a year's investments, by category, with the rules' verdicts."""

    obligation: Decimal
    countable: Decimal
    by_category: dict[str, Decimal]
    fwb_initiative_works: Decimal
    checks: list[Check] = field(default_factory=list)
    explanation: Explanation | None = None
    floor: Decimal = ZERO          # 35 % of the obligation
    floor_cut: Decimal = ZERO      # what the 65 % limit kept from counting (floor missed)


def excluded_genres(on: dt.date, params: Parameters) -> dict[str, bool]:
    return {item["genre"]: bool(item["exceptable"])
            for item in params.get("investments.commission_excluded_genres", on).value}


def admissible_amount(investment: Investment, on: dt.date, params: Parameters,
                      explanation: Explanation, lang: str = "fr") -> tuple[Decimal, list[Check]]:
    """The amount of one investment that may count at all, before weights and caps.

    Returns 0 with a failed check when a rule of §3.2, §4 or §7 excludes it. A reassignment of an
    unrealised project counts nothing as new: the project it replaces was already counted (§6).
    """
    label = investment.id or investment.title or investment.category
    checks: list[Check] = []

    def refuse(name: str, key: str, **args) -> tuple[Decimal, list[Check]]:
        explanation.step(key, investment=label, amount=investment.amount, **args)
        checks.append(Check(name, False, explanation.steps[-1].text(lang), label))
        return ZERO, checks

    if investment.status == "cancelled":
        if investment.cancellation == "refused":
            return refuse("investment_refused", "investment_refused")
        if investment.cancellation == "spillover":
            return refuse("investment_cancelled", "investment_cancelled_spillover")
        return refuse("investment_cancelled", "investment_cancelled")
    amount = investment.amount
    if investment.reassigned_from:
        part = investment.amount if investment.reassigned_amount is None else \
            min(investment.reassigned_amount, investment.amount)
        amount = investment.amount - part
        if not amount:
            explanation.step("investment_reassignment", investment=label,
                             amount=investment.amount, origin=investment.reassigned_from)
            return ZERO, checks
        explanation.step("investment_reassignment_partial", investment=label,
                         amount=investment.amount, reassigned=part,
                         origin=investment.reassigned_from, rest=amount)
    if investment.category in COMMISSIONS and investment.genre:
        genres = excluded_genres(on, params)
        if investment.genre in genres:
            explanation.use(params.get("investments.commission_excluded_genres", on))
            if not genres[investment.genre]:
                return refuse("commission_genre", "commission_genre_excluded",
                              genre=investment.genre)
            if not investment.promotes_fwb_artists_or_heritage:
                return refuse("commission_genre", "commission_genre_not_promoting",
                              genre=investment.genre)
            explanation.step("commission_genre_promoting", investment=label,
                             amount=investment.amount, genre=investment.genre)
            checks.append(Check("commission_genre", True, explanation.steps[-1].text(lang),
                                label))
    if investment.category in NEEDS_INDEPENDENT_PRODUCER and investment.independent_producer \
            is False:
        return refuse("independent_producer", "producer_not_independent")
    if investment.delegated:
        # « sauf pour la commande de programmes » … « sous forme de coproduction ou de préachat »
        if investment.category in COMMISSIONS:
            return refuse("third_party_delegation", "delegation_commission")
        if investment.category not in WORKS:
            return refuse("third_party_delegation", "delegation_not_works",
                          category=investment.category)
        if investment.counted_under_other_obligation:
            return refuse("third_party_delegation", "delegation_other_obligation")
        if investment.legal_advantage:
            return refuse("third_party_delegation", "delegation_legal_advantage")
    if investment.legal_advantage:
        if investment.category in WORKS:
            return refuse("legal_advantage", "legal_advantage_works")
        explanation.step("legal_advantage_other_category", investment=label,
                         amount=investment.amount, category=investment.category)
    return amount, checks


def validate_year(obligation: Decimal, investments: list[Investment], year: int,
                  params: Parameters | None = None, lang: str = "fr",
                  form: str = "investments") -> Validation:
    """Floors, caps and weights for one obligation year (step 2 §3).

    In the payment form (step 2 §2) the rules of §3 do not apply: nothing is counted and no
    verdict is given, rather than a 35 % floor reported as missed."""
    params = params or default()
    on = dt.date(year, 1, 1)
    explanation = Explanation.of("validation_subject", year=year)
    explanation.input("year", year)
    explanation.input("obligation", obligation)
    explanation.input("form", form)
    explanation.input("investments", [_as_input(investment) for investment in investments])
    if form == "payment":
        explanation.step("validation_payment_form")
        return Validation(obligation, to_cents(ZERO), {category: to_cents(ZERO)
                                                        for category in CATEGORIES},
                          to_cents(ZERO), [], explanation)
    checks: list[Check] = []
    sums = {category: ZERO for category in CATEGORIES}
    fwb_works = ZERO
    for investment in investments:
        amount, investment_checks = admissible_amount(investment, on, params, explanation, lang)
        checks += investment_checks
        sums[investment.category] += amount
        if investment.category in WORKS and investment.fwb_initiative:
            fwb_works += amount

    def check(name: str, ok: bool, key: str, **args) -> None:
        explanation.step(key, **args)
        checks.append(Check(name, ok, explanation.steps[-1].text(lang)))

    counted: dict[str, Decimal] = {}
    # §3.3: writing and development of works weighs double, before any comparison.
    weight = explanation.use(params.get("investments.writing_development_weight", on))
    counted["writing_development"] = sums["writing_development"] * weight
    if sums["writing_development"]:
        explanation.step("weight_writing", amount=sums["writing_development"], weight=weight,
                         counted=counted["writing_development"])
    # §3.2: commissions, capped by their development part and by 30 % of the obligation.
    commissions = sums["commission_production"] + sums["commission_development"]
    if commissions:
        min_share = explanation.use(
            params.get("investments.commission_development_min_share", on))
        cap_share = explanation.use(params.get("investments.commission_cap", on))
        by_development = sums["commission_development"] / min_share
        cap = obligation * cap_share
        allowed = min(commissions, by_development, cap)
        check("commission_development_share", sums["commission_development"] >=
              commissions * min_share, "commission_development_share",
              development=sums["commission_development"], total=commissions,
              share=min_share, limit=by_development)
        within = commissions <= cap
        kept = min(commissions, cap)
        check("commission_cap", within, "commission_cap_within" if within else "commission_cap",
              total=commissions, share=cap_share, cap=cap, kept=kept, cut=commissions - kept)
        explanation.step("commission_counted", total=commissions, counted=allowed,
                         cut=commissions - allowed)
        counted["commissions"] = allowed
    # §3.4–3.6: 5 % each.
    for category, name in CAPPED.items():
        if not sums[category]:
            continue
        share = explanation.use(params.get(name, on))
        cap = obligation * share
        counted[category] = min(sums[category], cap)
        within = sums[category] <= cap
        check(f"{category}_cap", within, "small_cap_within" if within else "small_cap",
              category=category, amount=sums[category], share=share, cap=cap,
              kept=counted[category], cut=sums[category] - counted[category])
    other_works = sums["coproduction"] + sums["prepurchase"] - fwb_works
    others = other_works + sum(counted.values(), ZERO)
    # §3.1: the 35 % floor of FWB-initiative works.
    floor_share = explanation.use(params.get("investments.fwb_initiative_floor", on))
    floor = obligation * floor_share
    floor_met = fwb_works >= floor
    check("fwb_initiative_floor", floor_met, "fwb_floor", works=fwb_works, share=floor_share,
          floor=floor)
    floor_cut = ZERO
    if floor_met:
        countable = fwb_works + others
        explanation.step("countable_floor_met", works=fwb_works, others=others,
                         total=countable)
    else:
        limit = obligation - floor
        countable = fwb_works + min(others, limit)
        floor_cut = others - min(others, limit)
        explanation.step("countable_floor_missed", works=fwb_works, others=others,
                         limit=limit, kept=min(others, limit), total=countable)
    countable = to_cents(countable)
    by_category = {category: to_cents(amount) for category, amount in sums.items()}
    return Validation(obligation, countable, by_category, to_cents(fwb_works), checks,
                      explanation, floor=to_cents(floor), floor_cut=to_cents(floor_cut))


def _as_input(investment: Investment) -> dict:
    """An investment as its explanation lists it: category, amount, reference, marks."""
    marks = [name for name in ("fwb_initiative", "delegated", "legal_advantage")
             if getattr(investment, name)]
    if investment.status != "active":
        marks.append(investment.status)
    return {"category": investment.category, "amount": investment.amount,
            "ref": ", ".join(part for part in (investment.id, investment.title) if part),
            "marks": marks}


def required_documents(category: str, *, fwb_initiative: bool = False,
                       genre: str | None = None, on: dt.date | None = None,
                       params: Parameters | None = None, lang: str = "fr") -> list[dict]:
    """The checklist of §3.1–3.6 for one investment: [{key, label}], in the vade-mecum's order."""
    params = params or default()
    on = on or dt.date.today()
    if category not in CATEGORIES:
        raise InputError("unknown category %(category)r", field="category",
                     params={"category": category})
    exceptable = genre is not None and excluded_genres(on, params).get(genre, False)
    result = []
    for item in params.get("investments.required_documents", on).value:
        if category not in item["category"]:
            continue
        condition = item.get("when")
        if condition == "fwb_initiative" and not fwb_initiative:
            continue
        if condition == "exceptable_genre" and not exceptable:
            continue
        result.append({"key": item["key"], "label": item[lang]})
    return result
