"""Django for the web tests only: the settings module is chosen here, not in pytest's ini, so the
pure engine tests under tests/ never load Django.

MONTAGE_ENV=development, set here. Failed log-ins are throttled (django-axes) as in production: its
counts are rows of the test database, emptied after each test, so tests never lock each other out.

Database: SQLite by default (a test database pytest-django creates and destroys); PostgreSQL when
MONTAGE_DATABASE_URL is set (the test database is `test_<name>`, so the user needs CREATEDB).
"""

import os

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
    try:
        from pytest_django.plugin import _setup_django
    except ImportError:  # a later pytest-django without the helper: set up Django directly
        import django

        django.setup()
    else:
        _setup_django(config)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    from montage.web.demo import load_demo

    load_demo()


@pytest.fixture
def login(client):
    """login("tele.demo") -> the test client, logged in as that user."""
    from django.contrib.auth import get_user_model

    def log_in(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client
    return log_in
