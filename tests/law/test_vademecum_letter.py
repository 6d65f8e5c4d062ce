"""Issue 12, findings 4–11: the engine follows the letter of the vade-mecum 2025 (step 1 §2,
step 2 §5–§9).

Each test quotes the sentence it implements; where the text is silent, the choice is written in
docs/interpretations.md under the test's name.
"""

import datetime as dt
import json

from montage.cli import main
from montage.law.calendar import editor_calendar


# -- finding 10: verdicts (step 1 §2, the first year) ----------------------------------------

def test_step1_s2_first_year_editor_choosing_within_30_days_is_not_presumed(capsys):
    # « Pour la première année d'activité d'un éditeur, celui-ci doit informer de son choix de
    # contribution dans les 30 jours qui suivent le premier jour de l'activité d'édition. »
    assert main(["obligation", "calendar", "--year", "2025", "--as-of", "2025-07-01",
                 "--first-activity-day", "2025-05-10", "--form", "investments",
                 "--done", "choice_of_form=2025-06-09", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["presumption_applies"], data["form"], data["overdue"]) == \
        (False, "investments", [])
    late = editor_calendar(2025, as_of=dt.date(2025, 7, 1), chosen_form="investments",
                           first_activity_day=dt.date(2025, 5, 10),
                           done={"choice_of_form": dt.date(2025, 6, 10)})
    assert (late.form, late.payment_by_default, late.presumption_applies) == \
        ("payment", True, False)
    # an editor active before the year keeps the 15 February, 15 September deadlines
    older = editor_calendar(2025, as_of=dt.date(2025, 9, 16), chosen_form="payment",
                            first_activity_day=dt.date(2024, 5, 10),
                            done={"choice_of_form": dt.date(2025, 2, 1),
                                  "turnover_estimate": dt.date(2025, 2, 1)})
    assert older.presumption_applies
