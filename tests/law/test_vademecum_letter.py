"""Issue 12, findings 4–11: the engine follows the letter of the vade-mecum 2025 (step 1 §2,
step 2 §5–§9).

Each test quotes the sentence it implements; where the text is silent, the choice is written in
docs/interpretations.md under the test's name.
"""

import datetime as dt
import json
from decimal import Decimal as D

from montage.cli import main
from montage.law.calendar import editor_calendar
from montage.law.case import evaluate, parse_case
from montage.law.investments import Investment, validate_year


SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def plain(text):
    """Babel's narrow and non-breaking spaces as plain ones, to quote a sentence."""
    return text.translate(SPACES)


def case(years, **extra):
    return parse_case({"editor": {"name": "E", "kind": "local"}, "years": years, **extra})


def coproduction(amount, **fields):
    return {"category": "coproduction", "amount": amount, "fwb_initiative": True, **fields}


def check(result, name, investment=None):
    return next(c for c in result.checks if c.name == name and
                (investment is None or c.investment == investment))


def texts(result, lang):
    """Every sentence of a year's explanation, steps and notes of every part."""
    found = []

    def walk(part):
        found.extend(part["steps"] + part["notes"])
        for child in part["details"]:
            walk(child)
    walk(result.explanation.as_dict(lang))
    return [plain(text) for text in found]


# -- finding 8 (§7): delegation only as coproduction or pre-purchase ------------------------------

def test_s7_delegation_only_as_coproduction_or_prepurchase():
    # « L'éditeur peut, sauf pour la commande de programmes, confier la charge de tout ou partie
    # de son obligation de contribution sous forme de coproduction ou de préachat à une société
    # tierce. »
    result = validate_year(D("100000"), [
        Investment("coproduction", D("35000"), fwb_initiative=True, delegated=True),
        Investment("writing_development", D("10000"), id="w", delegated=True),
        Investment("training", D("2000"), id="t", delegated=True)], 2025)
    assert result.countable == D("35000.00")               # not 35 000 + 20 000 + 2 000
    refused = [c.investment for c in result.checks if c.name == "third_party_delegation"]
    assert refused == ["w", "t"]
    assert "« sous forme de coproduction ou de préachat »" in result.checks[0].detail
    english = validate_year(D("100000"), [Investment("training", D("2000"), id="t",
                                                     delegated=True)], 2025, lang="en")
    assert "delegation is allowed only as coproduction or pre-purchase (§7)" in \
        english.checks[0].detail


# -- finding 9 (§7): a legal advantage, delegated or not -------------------------------------------

def test_s7_legal_advantage_excludes_any_coproduction_or_prepurchase():
    # « Les investissements en coproduction ou en préachat bénéficiant d'un quelconque avantage
    # légal ne sont pas non plus pris en considération. »
    result = validate_year(D("100000"), [
        Investment("coproduction", D("35000"), fwb_initiative=True),
        Investment("prepurchase", D("20000"), id="own", legal_advantage=True),
        Investment("coproduction", D("20000"), id="third", legal_advantage=True,
                   delegated=True),
        Investment("dubbing_subtitling", D("1000"), id="dub", legal_advantage=True)], 2025)
    assert result.countable == D("36000.00")               # 35 000 + the dubbing 1 000
    assert not check(result, "legal_advantage", "own").ok
    assert not check(result, "third_party_delegation", "third").ok
    assert "avantage légal" in check(result, "legal_advantage", "own").detail


# -- finding 10: verdicts --------------------------------------------------------------------------

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
