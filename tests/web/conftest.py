"""Django for the web tests only: the settings module is chosen here, not in pytest's ini, so the
pure engine tests under tests/ never load Django.

MONTAGE_ENV=development, set here. Failed log-ins are throttled (django-axes) as in production: its
counts are rows of the test database, emptied after each test, so tests never lock each other out.

Database: SQLite by default (a test database pytest-django creates and destroys); PostgreSQL when
MONTAGE_DATABASE_URL is set (the test database is `test_<name>_<checkout>`, so the user needs
CREATEDB).
"""

import hashlib
import os
import tempfile
from pathlib import Path

import django.conf  # noqa: F401 - pytest_django._setup_django only acts once Django is imported
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.web.settings")
# The tests run as development (the public key, plain HTTP); production is the settings' default
# and tests/web/test_security_settings.py loads it in a subprocess.
os.environ.setdefault("MONTAGE_ENV", "development")


def pytest_configure(config):
    # pytest-django reads DJANGO_SETTINGS_MODULE before this conftest is loaded when the run
    # starts from tests/ rather than tests/web/: finish its set-up here (idempotent).
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 - loads the lazy settings, as pytest-django does
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        # One test database per checkout: two checkouts testing on one server at once (a branch
        # beside main) never drop each other's database.
        checkout = hashlib.sha1(str(Path(__file__).resolve().parents[2]).encode()).hexdigest()[:8]
        database.setdefault("TEST", {}).setdefault("NAME", f"test_{database['NAME']}_{checkout}")
    # Fast password hashing for the whole run, before any user is made: the demo of a module is
    # loaded once (`_module_demo`), and its passwords must be checked by the same hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The server's clock is TEST_DAY (tests/conftest.py), the browser's is the real one: cookies
    # that end with the browser session, so that no expiry date can lie in the browser's past.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    # Jobs run as they are queued, in the caller (django-tasks' immediate backend); the fault
    # tests run a real worker on the database backend (test_ledger_import_faults.py). The files
    # they store go to a temporary directory.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="montage-test-media-"))
    try:
        from pytest_django.plugin import _setup_django
    except ImportError:  # a later pytest-django without the helper: set up Django directly
        import django

        django.setup()
    else:
        _setup_django(config)


def pytest_collection_modifyitems(items):
    """Within each module, the tests without the demo first: the demo of `demo` stays loaded from
    a module's first test that asks for it to the module's end (see `_module_demo`)."""
    order = {}
    for index, item in enumerate(items):
        order.setdefault(item.module, index)
    items.sort(key=lambda item: (order[item.module], "demo" in item.fixturenames))


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once per test module, in a transaction rolled back at the module's end.

    Each test runs in a savepoint inside it (pytest-django's `db`), rolled back after the test, so
    every test starts from the demo as loaded, as if loaded for it alone, at a module's cost
    rather than a test's (the demo is some 2 400 queries). This is Django's `setUpTestData`.
    """
    from django.db import transaction

    from montage.web.demo import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(request, _module_demo, db):
    """The demo's records, as `load_demo()` creates them, for this test (changes rolled back)."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        pytest.fail("a transactional test calls load_demo() in its own fixture, not `demo`")


@pytest.fixture
def on_the_queue(settings):
    """The production queue: jobs wait in the database until the worker's loop takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def login(client):
    """login("tele.demo") -> the test client, logged in as that user."""
    from django.contrib.auth import get_user_model

    def log_in(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client
    return log_in


class DeskBrowser:
    """Debian's chromium for a browser test (never `playwright install`): `session("phare")` is a
    page of its own context (locale fr-BE), logged in as that user on the live server.

    The browser starts at the first session and `close()` ends it (the fixture's teardown
    otherwise): Playwright's loop then runs in this thread, where the ORM must not run — read
    the database before the first session and after `close()`."""

    def __init__(self, base: str):
        self.base = base
        self._playwright = self._browser = None

    def session(self, username: str, password: str = "montage-demo"):
        from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, log_in

        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = self._browser.new_context(locale="fr-BE",
                                         viewport={"width": 1280, "height": 1000}).new_page()
        log_in(page, self.base, username, password)
        return page

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
            self._playwright = self._browser = None


@pytest.fixture
def desk_browser(live_server, transactional_db):
    """One browser for the test, on the live server (`DeskBrowser`), closed before the test's
    database is emptied."""
    browser = DeskBrowser(live_server.url)
    yield browser
    browser.close()
