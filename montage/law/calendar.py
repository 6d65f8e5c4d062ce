"""Step 1 §2 and step 2 §2–3: an editor's calendar for an obligation year, and what is overdue.

    Échéance n°1, 15 février : choice of the form of contribution and estimate of turnover n-1
    (first year of activity: within 30 days of its first day). « À défaut d'avoir officialisé une
    forme de contribution pour cette date, la contribution de l'éditeur prend obligatoirement la
    forme d'un versement au Centre du Cinéma et de l'Audiovisuel. »
    Échéance n°2, 15 septembre : the turnover form (Formulaire CA).
    Échéance 3, 15 novembre : the CSA's decision; also the date by which the CCA validates the
    investments presented. « À défaut d'avoir transmis dans les délais fixés les informations
    mentionnées ci-dessus, la contribution de l'éditeur est présumée […] s'élever à un montant de
    3 millions d'euros » (indexed). The presumption is « non irréfragable »: once the CSA has
    decided (deadline 3 done), its decision rebuts it, and the calendar no longer says it applies
    (docs/interpretations.md).
    Payment form: CCA letter on 15 January n+1, payment made and notified by 15 February n+1.

A deadline falling on a weekend or a holiday is kept as the text gives it (the texts are silent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from montage.errors import InputError, ParameterError
from montage.law.contribution import presumed_contribution
from montage.law.explain import Explanation
from montage.law.parameters import Parameters, default

# (deadline, who must act, which forms it applies to)
STEPS = (
    ("choice_of_form", "editor", ("investments", "payment")),
    ("turnover_estimate", "editor", ("investments", "payment")),
    ("turnover_form", "editor", ("investments", "payment")),
    ("csa_decision", "csa", ("investments", "payment")),
    ("investment_filing", "editor", ("investments",)),
    ("payment_letter", "cca", ("payment",)),
    ("payment", "editor", ("payment",)),
)
# The estimate is sent with the choice of form, on the same date.
PARAMETER = {"turnover_estimate": "choice_of_form"}
# Information the editor must send in time, or the presumption applies (step 1 §2).
PRESUMPTION_TRIGGERS = ("turnover_estimate", "turnover_form")


@dataclass(frozen=True)
class Deadline:
    key: str
    actor: str
    due: dt.date
    done_on: dt.date | None
    status: str          # done | late | overdue | upcoming
    days_left: int       # negative once past

    def as_dict(self) -> dict:
        return {"key": self.key, "actor": self.actor, "due": self.due.isoformat(),
                "done_on": self.done_on.isoformat() if self.done_on else None,
                "status": self.status, "days_left": self.days_left}


@dataclass
class Calendar:
    year: int
    form: str
    deadlines: list[Deadline]
    payment_by_default: bool = False
    presumption_applies: bool = False
    explanation: Explanation | None = None

    @property
    def overdue(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.status == "overdue"]

    def as_dict(self, lang: str = "fr") -> dict:
        return {"year": self.year, "form": self.form,
                "payment_by_default": self.payment_by_default,
                "presumption_applies": self.presumption_applies,
                "deadlines": [d.as_dict() for d in self.deadlines],
                "overdue": [d.key for d in self.overdue],
                "explanation": self.explanation.as_dict(lang)}


def _due(key: str, year: int, params: Parameters, explanation: Explanation) -> dt.date:
    rule = explanation.use(params.get(f"deadlines.{PARAMETER.get(key, key)}",
                                      dt.date(year, 1, 1)))
    return dt.date(year + rule["year_offset"], rule["month"], rule["day"])


def editor_calendar(year: int, *, as_of: dt.date, chosen_form: str | None = None,
                    done: dict[str, dt.date] | None = None,
                    first_activity_day: dt.date | None = None,
                    params: Parameters | None = None) -> Calendar:
    """The deadlines of obligation year `year`, their status on `as_of`, and their consequences.

    `done` maps a deadline key to the day it was met. `chosen_form` is the form the editor filed
    (`investments` or `payment`); filed late or not at all, the form is payment.
    """
    params = params or default()
    done = dict(done or {})
    unknown = set(done) - {key for key, _, _ in STEPS}
    if unknown:
        raise InputError("unknown deadline(s) %(unknown)s; expected among %(keys)s", field="done",
                         params={"unknown": sorted(unknown),
                                 "keys": ", ".join(key for key, _, _ in STEPS)})
    if chosen_form not in (None, "investments", "payment"):
        raise InputError("expected 'investments' or 'payment'", field="form")
    explanation = Explanation.of("calendar_subject", year=year, as_of=as_of)
    explanation.input("year", year)
    explanation.input("as_of", as_of)
    explanation.input("chosen_form", chosen_form or "not_given")
    explanation.input("done", done)
    if first_activity_day is not None:
        explanation.input("first_activity_day", first_activity_day)
    dues = {key: _due(key, year, params, explanation) for key, _, _ in STEPS}
    first_year = bool(first_activity_day and first_activity_day.year == year)
    if first_year:
        days = explanation.use(params.get("deadlines.first_year_choice_days",
                                          dt.date(year, 1, 1)))
        dues["choice_of_form"] = dues["turnover_estimate"] = \
            first_activity_day + dt.timedelta(days=days)
        explanation.step("calendar_first_year", start=first_activity_day, days=days,
                         due=dues["choice_of_form"])
        # No activity in n-1: no estimate and no turnover form of n-1 (docs/interpretations.md).
        explanation.step("calendar_first_year_no_turnover")
    choice_on = done.get("choice_of_form")
    form = chosen_form or "payment"
    payment_by_default = False
    if chosen_form == "investments" and (choice_on is None or choice_on > dues["choice_of_form"]):
        if choice_on is not None or as_of > dues["choice_of_form"]:
            form, payment_by_default = "payment", True
            explanation.step("calendar_payment_default", due=dues["choice_of_form"])
    elif chosen_form is None and as_of > dues["choice_of_form"]:
        payment_by_default = True
        explanation.step("calendar_payment_default", due=dues["choice_of_form"])
    deadlines = []
    for key, actor, forms in STEPS:
        if form not in forms or (first_year and key in PRESUMPTION_TRIGGERS):
            continue
        due, done_on = dues[key], done.get(key)
        if done_on is not None:
            status = "done" if done_on <= due else "late"
        else:
            status = "overdue" if as_of > due else "upcoming"
        deadlines.append(Deadline(key, actor, due, done_on, status, (due - as_of).days))
        explanation.step(f"calendar_{status}", step=key, due=due, done_on=done_on)
    presumption = any(d.key in PRESUMPTION_TRIGGERS and d.status in ("late", "overdue")
                      for d in deadlines)
    # « présumée, de manière non irréfragable » (step 1 §2): the CSA's own finding of the
    # eligible turnover, amount or exemption (deadline 3) rebuts the presumption, late or not.
    decided = done.get("csa_decision")
    if presumption and decided is not None:
        presumption = False
        explanation.step("calendar_presumption_rebutted", done_on=decided)
    elif presumption:
        _presumption(year, params, explanation)
    return Calendar(year, form, deadlines, payment_by_default, presumption, explanation)


def _presumption(year: int, params: Parameters, explanation: Explanation) -> None:
    """The presumed payment's step, with its amount (indexed, provisional when the index the
    year needs is not known yet) and, as a part, how it is computed."""
    try:
        amount, presumed = presumed_contribution(year, params)
    except (InputError, ParameterError):   # a year without contribution rules: no amount
        explanation.step("calendar_presumption")
        return
    base = presumed.parameters[0].value
    explanation.include(presumed)
    if presumed.is_provisional():
        explanation.step("calendar_presumption_provisional", amount=amount, base=base,
                         needed=dt.date(year - 1, 1, 1))
    else:
        explanation.step("calendar_presumption_amount", amount=amount, base=base)
