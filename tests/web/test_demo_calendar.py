"""The demo moves with the years: loaded a year later, every date of its story is a year later,
the fund's annual report 2024 keeps its published dates, and loading again adds nothing."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.apps import apps
from django.db import models, transaction
from hypothesis import given, strategies as st

from montage.web import demo_calendar as calendar
from montage.web.contribution.models import ObligationYear
from montage.web.demo import load_demo
from montage.web.fund.models import Call

pytestmark = pytest.mark.django_db

A_YEAR_LATER = dt.datetime(2027, 12, 15, 9, 0, tzinfo=dt.timezone.utc)


@given(st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_the_shift_is_the_whole_years_since_the_story_was_written(today):
    years = calendar.years_since_written(today)
    moved = calendar.DEMO_DAY.replace(year=calendar.DEMO_DAY.year + years)
    assert moved <= today or years == 0
    assert today < moved.replace(year=moved.year + 1)


def test_no_shift_on_the_day_the_story_is_written():
    assert calendar.years_since_written(calendar.DEMO_DAY) == 0
    assert calendar.years_since_written(dt.date(2027, 11, 30)) == 0
    assert calendar.years_since_written(dt.date(2027, 12, 1)) == 1


def test_dates_move_by_whole_years_and_29_february_stays_in_its_month():
    token = calendar._shift.set(1)
    try:
        assert calendar.date("2024-02-29") == dt.date(2025, 2, 28)
        assert calendar.date(2025, 6, 4) == dt.date(2026, 6, 4)
        assert calendar.year(2024) == 2025
        assert (calendar.years("les contrats 2024, au 30/09/2025")
                == "les contrats 2025, au 30/09/2026")
        assert calendar.years("42 plans, 4,7 %") == "42 plans, 4,7 %"
    finally:
        calendar._shift.reset(token)


# The production story's own fund records (Le Phare applies to a Wallimage call of 2024): they
# move with the story, unlike the annual report's records of 2024.
PRODUCTION_STORY = {"Call": "applications__work__title", "Application": "work__title",
                    "Decision": "application__work__title"}
# A spend report's lines are the rule's verdicts at the report's date; the law's own dates do
# not move with the story (Wallimage counts the RTBF Média Rives studios from 2025: a line of
# March 2025 is out, the same line a year later in), so which lines it holds may differ.
VERDICTS = {"SpendReportLine"}


def _story_dates() -> Counter:
    """Every date and year the demo wrote, by model and field (the production story's fund
    records under "<model> (story)")."""
    found = Counter()
    for config in apps.get_app_configs():
        if not config.name.startswith("montage.web."):
            continue
        for model in config.get_models():
            fields = [f.name for f in model._meta.concrete_fields
                      if type(f) is models.DateField or f.name in ("year", "reference_year")]
            if not fields or model.__name__ in VERDICTS:
                continue
            rows = model._base_manager.all()
            story = PRODUCTION_STORY.get(model.__name__)
            parts = [(model.__name__, rows)]
            if story:
                parts = [(model.__name__, rows.exclude(**{story: "Le Phare"})),
                         (f"{model.__name__} (story)", rows.filter(**{story: "Le Phare"}))]
            for label, part in parts:
                for row in part.values_list(*fields):
                    for name, value in zip(fields, row):
                        if value is not None:
                            found[(label, name, value)] += 1
    return found


def _a_year_later(dates: Counter) -> Counter:
    """The story a year later; the fund's annual report 2024 (its records are all dated 2024 or
    before, the fund's story 2025 or after) keeps its published dates."""
    fund_models = {m.__name__ for m in apps.get_app_config("fund").get_models()}
    moved = Counter()
    for (model, name, value), count in dates.items():
        year = value if isinstance(value, int) else value.year
        if model in fund_models and year <= 2024:
            pass
        elif isinstance(value, int):
            value += 1
        else:
            value = value.replace(year=value.year + 1, day=min(value.day, 28)
                                  if (value.month, value.day) == (2, 29) else value.day)
        moved[(model, name, value)] += count
    return moved


def _load_and_read() -> tuple[Counter, dict]:
    with transaction.atomic():
        load_demo()
        dates = _story_dates()
        fund = {"report_calls": sorted(Call.objects.filter(opens_on__year__lte=2024).exclude(
                    applications__work__title="Le Phare").values_list(
                    "title", "opens_on", "closes_on")),
                "calls": Call.objects.count()}
        transaction.set_rollback(True)
    return dates, fund


def test_a_demo_loaded_a_year_later_is_a_year_later():
    today_dates, today_fund = _load_and_read()
    with time_machine.travel(A_YEAR_LATER, tick=False):
        later_dates, later_fund = _load_and_read()
    assert later_dates == _a_year_later(today_dates)
    assert later_fund == today_fund  # the annual report 2024's calls keep their dates
    assert sum(later_dates.values()) > 300  # the whole story, not a few records


def test_the_year_later_demo_has_its_open_file_this_year_and_loads_once():
    with time_machine.travel(A_YEAR_LATER, tick=False):
        load_demo()
        years = set(ObligationYear.objects.filter(editor__organisation__name="Télé Demo")
                    .values_list("year", flat=True))
        assert years == {2025, 2026, 2027}
        draft = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2027)
        assert draft.declaration.status == "draft"
        assert Call.objects.filter(title="Appel à projets pilotes de formats TV 2026 (RTBF)",
                                   opens_on=dt.date(2026, 2, 1)).exists()
        counts = {m.__name__: m.objects.count() for m in apps.get_models()}
    # two years on, the database's demo keeps its shift: nothing moves, nothing is added
    with time_machine.travel(dt.datetime(2029, 6, 1, tzinfo=dt.timezone.utc), tick=False):
        assert calendar.shift_of_database() == 1
        load_demo()
        assert {m.__name__: m.objects.count() for m in apps.get_models()} == counts
