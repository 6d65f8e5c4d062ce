"""The suite runs on TEST_DAY whatever the day it is run (tests/conftest.py)."""

import datetime as dt
import time

from tests.conftest import TEST_DAY


def test_today_is_the_test_day():
    assert dt.date.today() == TEST_DAY.date()
    assert dt.datetime.now(dt.timezone.utc).date() == TEST_DAY.date()


def test_the_clock_still_ticks():
    start = time.time()
    time.sleep(0.01)
    assert time.time() > start
