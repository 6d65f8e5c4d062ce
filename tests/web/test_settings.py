"""Settings: database URL, language, time zone, Belgian formats, debug and secret defaults."""

import datetime
import runpy
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

import montage.web.settings as web_settings
from montage.web.settings import database_from_url

SETTINGS_FILE = Path(web_settings.__file__)


def test_sqlite_in_var_of_current_directory_created_if_missing(tmp_path):
    db = database_from_url(None, cwd=tmp_path)
    assert db == {"ENGINE": "django.db.backends.sqlite3",
                  "NAME": str(tmp_path / "var" / "montage.sqlite3"),
                  "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL", "timeout": 20,
                              "transaction_mode": "IMMEDIATE"}}
    assert (tmp_path / "var").is_dir()


def test_postgresql_url_parsed():
    db = database_from_url("postgresql://montage:p%40ss@127.0.0.1:5432/montage?sslmode=disable")
    assert db == {"ENGINE": "django.db.backends.postgresql", "NAME": "montage",
                  "USER": "montage", "PASSWORD": "p@ss", "HOST": "127.0.0.1", "PORT": "5432",
                  "OPTIONS": {"sslmode": "disable"}}
    assert database_from_url("postgres://u@db/x")["PORT"] == ""


def test_sqlite_url_and_unknown_scheme():
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    with pytest.raises(ValueError, match="unsupported scheme"):
        database_from_url("mysql://u:p@h/db")


def test_language_time_zone():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en"]
    assert settings.USE_TZ and settings.TIME_ZONE == "Europe/Brussels"


def test_belgian_formats():
    with translation.override("fr"):
        assert formats.date_format(datetime.date(2025, 11, 15), "SHORT_DATE_FORMAT") == \
            "15/11/2025"
        assert formats.number_format(Decimal("1234567.89"), 2, force_grouping=True) == \
            "1\u202f234\u202f567,89"
    with translation.override("en"):
        assert formats.date_format(datetime.date(2025, 11, 15), "SHORT_DATE_FORMAT") == \
            "15/11/2025"
        assert formats.number_format(Decimal("1234567.89"), 2, force_grouping=True) == \
            "1,234,567.89"


def _load_settings(monkeypatch, tmp_path, **env):
    monkeypatch.chdir(tmp_path)
    for name in ("MONTAGE_DEBUG", "MONTAGE_SECRET_KEY", "MONTAGE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_debug_off_unless_asked_and_secret_from_env(monkeypatch, tmp_path):
    plain = _load_settings(monkeypatch, tmp_path)
    assert plain["DEBUG"] is False
    assert plain["SECRET_KEY"] == plain["DEV_SECRET_KEY"]
    assert plain["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "montage.sqlite3")
    custom = _load_settings(monkeypatch, tmp_path, MONTAGE_DEBUG="1", MONTAGE_SECRET_KEY="s3cret",
                            MONTAGE_DATABASE_URL="postgresql://u:p@127.0.0.1:5432/n")
    assert custom["DEBUG"] is True and custom["SECRET_KEY"] == "s3cret"
    assert custom["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_database_follows_the_environment():
    import os

    from django.db import connection

    url = os.environ.get("MONTAGE_DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
