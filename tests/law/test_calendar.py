import datetime as dt

import pytest

from montage.errors import InputError
from montage.law.calendar import editor_calendar


def dues(calendar):
    return {d.key: d.due for d in calendar.deadlines}


def test_investment_form_calendar():
    calendar = editor_calendar(2025, as_of=dt.date(2025, 1, 10), chosen_form="investments",
                               done={"choice_of_form": dt.date(2025, 1, 5)})
    assert dues(calendar) == {
        "choice_of_form": dt.date(2025, 2, 15), "turnover_estimate": dt.date(2025, 2, 15),
        "turnover_form": dt.date(2025, 9, 15), "csa_decision": dt.date(2025, 11, 15),
        "investment_filing": dt.date(2025, 11, 15)}
    assert calendar.form == "investments"
    assert calendar.overdue == []


def test_payment_form_has_letter_on_15_january_and_payment_by_15_february_next_year():
    calendar = editor_calendar(2024, as_of=dt.date(2025, 2, 16), chosen_form="payment",
                               done={k: dt.date(2024, 2, 1) for k in
                                     ("choice_of_form", "turnover_estimate")}
                               | {"turnover_form": dt.date(2024, 9, 1),
                                  "csa_decision": dt.date(2024, 11, 10),
                                  "payment_letter": dt.date(2025, 1, 15)})
    assert dues(calendar)["payment_letter"] == dt.date(2025, 1, 15)
    assert [d.key for d in calendar.overdue] == ["payment"]
    assert not calendar.presumption_applies


def test_no_form_chosen_in_time_means_payment_by_default():
    calendar = editor_calendar(2025, as_of=dt.date(2025, 3, 1), chosen_form="investments",
                               done={"choice_of_form": dt.date(2025, 2, 20)})
    assert calendar.form == "payment" and calendar.payment_by_default


def test_first_year_of_activity_has_30_days_to_choose():
    calendar = editor_calendar(2025, as_of=dt.date(2025, 6, 1),
                               first_activity_day=dt.date(2025, 5, 10))
    assert dues(calendar)["choice_of_form"] == dt.date(2025, 6, 9)


def test_late_turnover_form_triggers_the_presumption():
    calendar = editor_calendar(2025, as_of=dt.date(2025, 9, 16), chosen_form="payment",
                               done={"choice_of_form": dt.date(2025, 2, 1),
                                     "turnover_estimate": dt.date(2025, 2, 1)})
    assert calendar.presumption_applies
    assert [d.key for d in calendar.overdue] == ["turnover_form"]


def test_unknown_deadline_is_refused():
    with pytest.raises(InputError):
        editor_calendar(2025, as_of=dt.date(2025, 1, 1), done={"party": dt.date(2025, 1, 1)})


def test_the_csas_decision_rebuts_the_presumption():
    # « présumée, de manière non irréfragable » (step 1 §2): a late turnover form, then the CSA
    # fixes the contribution: the presumption no longer applies (issue 13).
    calendar = editor_calendar(2025, as_of=dt.date(2025, 11, 20), chosen_form="payment",
                               done={"choice_of_form": dt.date(2025, 2, 1),
                                     "turnover_estimate": dt.date(2025, 2, 1),
                                     "csa_decision": dt.date(2025, 11, 4)})
    assert [d.key for d in calendar.overdue] == ["turnover_form"]
    assert not calendar.presumption_applies
    steps = [line.text("fr") for line in calendar.explanation.steps]
    assert "Informations transmises hors délai, mais le CSA a fixé la contribution le " \
        "04/11/2025 : la présomption de 3 M€ indexés (réfragable, étape 1 §2) ne s'applique " \
        "plus" in steps
