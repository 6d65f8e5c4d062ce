"""Every test runs on one fixed day, not on the day the suite is run.

A figure that depends on "today" (a deadline passed, a file still open, a token's age, a ledger's
status) is computed as of TEST_DAY, so a test written today passes next year. The clock is set
once for the whole run (the demo of a test module is loaded before its first test) and then
ticks, so durations still pass. Debian's chromium keeps the real clock: the browser tests' cookies
carry no expiry date (tests/web/conftest.py).
"""

import datetime as dt

import time_machine

TEST_DAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)

_clock = time_machine.travel(TEST_DAY, tick=True)


def pytest_configure(config):
    _clock.start()


def pytest_unconfigure(config):
    _clock.stop()
