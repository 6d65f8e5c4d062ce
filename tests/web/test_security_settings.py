"""Safe outside development: no start without a secret key, HTTPS settings from the environment
(`check --deploy` clean), security headers on every response, no demo superuser unless the demo
is asked for, and a forged messages cookie never renders HTML."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils.safestring import mark_safe

import montage.web.settings as web_settings
from montage.web import cli
from tests.web.factories import registry

SETTINGS_FILE = Path(web_settings.__file__)
WEB_DIR = SETTINGS_FILE.parent
STRONG_KEY = "k3y-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ" * 2


def _env(**values) -> dict:
    """The environment of a fresh process: none of Montage's variables but those given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MONTAGE_") and k != "DJANGO_SETTINGS_MODULE"}
    return dict(env, **values)


def _python(code: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=_env(**env),
                          capture_output=True, text=True, timeout=120)


def _load_settings(monkeypatch, tmp_path, **env) -> dict:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("MONTAGE_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


# -- the secret key ------------------------------------------------------------------------------

@pytest.mark.parametrize("env", [
    {},  # MONTAGE_ENV unset: production
    {"MONTAGE_ENV": "production"},
    {"MONTAGE_ENV": "production", "MONTAGE_SECRET_KEY": "montage-development-only-not-secret"},
    {"MONTAGE_ENV": "production", "MONTAGE_SECRET_KEY": "short"},
], ids=["default", "production", "public-key", "short-key"])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, env):
    run = _python("import montage.web.settings", tmp_path, **env)
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr and "MONTAGE_SECRET_KEY" in run.stderr
    assert "MONTAGE_ENV=development" in run.stderr  # says what to do on a laptop


def test_production_starts_with_a_key_and_development_with_the_public_one(tmp_path):
    code = ("import montage.web.settings as s; "
            "print(s.MONTAGE_ENV, s.SECRET_KEY == s.DEV_SECRET_KEY)")
    run = _python(code, tmp_path, MONTAGE_SECRET_KEY=STRONG_KEY)
    assert (run.returncode, run.stdout.split()) == (0, ["production", "False"]), run.stderr
    run = _python(code, tmp_path, MONTAGE_ENV="development")
    assert (run.returncode, run.stdout.split()) == (0, ["development", "True"]), run.stderr
    run = _python(code, tmp_path, MONTAGE_ENV="staging")
    assert run.returncode != 0 and "MONTAGE_ENV" in run.stderr


def test_production_refuses_debug_pages(tmp_path):
    run = _python("import montage.web.settings", tmp_path, MONTAGE_SECRET_KEY=STRONG_KEY,
                  MONTAGE_DEBUG="1")
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr and "MONTAGE_DEBUG" in run.stderr


def test_web_admin_says_why_in_one_line(tmp_path):
    run = _python("from montage.cli import main; raise SystemExit(main(['web-admin', 'check']))",
                  tmp_path, MONTAGE_ENV="production")
    assert run.returncode == 2
    assert run.stderr.startswith("montage: MONTAGE_SECRET_KEY must be set") and \
        "Traceback" not in run.stderr


# -- HTTPS settings ------------------------------------------------------------------------------

def test_check_deploy_clean_in_production(tmp_path):
    run = _python("from montage.cli import main; "
                  "raise SystemExit(main(['web-admin', 'check', '--deploy']))",
                  tmp_path, MONTAGE_ENV="production", MONTAGE_SECRET_KEY=STRONG_KEY)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    for warning in ("W004", "W008", "W009", "W012", "W016"):
        assert f"security.{warning}" not in output, output


def test_deployment_settings_from_the_environment(monkeypatch, tmp_path):
    production = _load_settings(monkeypatch, tmp_path, MONTAGE_SECRET_KEY=STRONG_KEY)
    assert production["SECURE_SSL_REDIRECT"] and production["SESSION_COOKIE_SECURE"]
    assert production["CSRF_COOKIE_SECURE"] and production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_PROXY_SSL_HEADER"] is None
    development = _load_settings(monkeypatch, tmp_path, MONTAGE_ENV="development")
    assert not (development["SECURE_SSL_REDIRECT"] or development["SESSION_COOKIE_SECURE"]
                or development["CSRF_COOKIE_SECURE"] or development["SECURE_HSTS_SECONDS"])
    custom = _load_settings(
        monkeypatch, tmp_path, MONTAGE_SECRET_KEY=STRONG_KEY, MONTAGE_SECURE_SSL_REDIRECT="0",
        MONTAGE_SESSION_COOKIE_SECURE="false", MONTAGE_CSRF_COOKIE_SECURE="no",
        MONTAGE_SECURE_HSTS_SECONDS="3600", MONTAGE_SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        MONTAGE_SECURE_HSTS_PRELOAD="yes",
        MONTAGE_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto=https",
        MONTAGE_CSRF_TRUSTED_ORIGINS="https://montage.example, https://www.montage.example",
        MONTAGE_LOGIN_FAILURE_LIMIT="7", MONTAGE_LOGIN_COOLOFF_MINUTES="15",
        MONTAGE_API_TOKEN_DAYS="7", MONTAGE_API_TOKEN_MAX_DAYS="30")
    assert (custom["SECURE_SSL_REDIRECT"], custom["SESSION_COOKIE_SECURE"],
            custom["CSRF_COOKIE_SECURE"]) == (False, False, False)
    assert (custom["SECURE_HSTS_SECONDS"], custom["SECURE_HSTS_INCLUDE_SUBDOMAINS"],
            custom["SECURE_HSTS_PRELOAD"]) == (3600, True, True)
    assert custom["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert custom["CSRF_TRUSTED_ORIGINS"] == ["https://montage.example",
                                              "https://www.montage.example"]
    assert custom["AXES_FAILURE_LIMIT"] == 7
    assert custom["AXES_COOLOFF_TIME"].total_seconds() == 15 * 60
    assert (custom["MONTAGE_API_TOKEN_DAYS"], custom["MONTAGE_API_TOKEN_MAX_DAYS"]) == (7, 30)
    with pytest.raises(ImproperlyConfigured, match="MONTAGE_SECURE_SSL_REDIRECT"):
        _load_settings(monkeypatch, tmp_path, MONTAGE_SECRET_KEY=STRONG_KEY,
                       MONTAGE_SECURE_SSL_REDIRECT="maybe")
    with pytest.raises(ImproperlyConfigured, match="MONTAGE_SECURE_PROXY_SSL_HEADER"):
        _load_settings(monkeypatch, tmp_path, MONTAGE_SECRET_KEY=STRONG_KEY,
                       MONTAGE_SECURE_PROXY_SSL_HEADER="https")


# -- headers -------------------------------------------------------------------------------------

def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", csp)
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1] \
        .split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def editor_user(db):
    return registry.user("tele.demo", "editor")


def test_security_headers_on_every_response(editor_user, login):
    _assert_security_headers(Client().get("/login/"))
    client = login("tele.demo")
    for url in ("/", reverse("contribution_list"), "/api/me", "/api/docs", "/no-such-page/"):
        _assert_security_headers(client.get(url))
    first, second = (client.get("/").headers["Content-Security-Policy"] for _ in range(2))
    assert first != second  # a new nonce each time


def test_inline_scripts_carry_the_nonce():
    """Every executable inline <script> of the templates has the request's nonce, so the CSP
    (no 'unsafe-inline' for scripts) lets it run; nothing loads from another host."""
    offenders = []
    for template in sorted((WEB_DIR / "templates").rglob("*.html")):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            if "src=" in tag or 'type="application/json"' in tag:
                continue
            if 'nonce="{{ request.csp_nonce }}"' not in tag:
                offenders.append(f"{template.relative_to(WEB_DIR)}: {tag}")
        text = template.read_text(encoding="utf-8")
        offenders += [f"{template.relative_to(WEB_DIR)}: {src}" for src in
                      re.findall(r'(?:src|href)="(https?://[^"]+)"', text)]
    assert offenders == []


# -- the demo ------------------------------------------------------------------------------------

def _prepare(monkeypatch, *argv):
    calls = []
    monkeypatch.delenv("MONTAGE_ALLOWED_HOSTS", raising=False)
    monkeypatch.setattr("django.core.management.call_command",
                        lambda name, *a, **kw: calls.append(name))
    parser = cli.argparse.ArgumentParser(prog="montage")
    cli.register(parser.add_subparsers(dest="command"))
    return cli.prepare(parser.parse_args(["serve", *argv])), calls


@pytest.mark.django_db
def test_serve_creates_no_demo_user_unless_asked(monkeypatch, capsys):
    ok, calls = _prepare(monkeypatch)
    out = capsys.readouterr().out
    assert ok and calls == ["migrate"]
    assert not get_user_model().objects.exists()
    assert "montage-demo" not in out and "--demo" in out
    ok, _ = _prepare(monkeypatch, "--demo")
    out = capsys.readouterr().out
    assert ok and get_user_model().objects.get(username="admin").is_superuser
    assert "admin" in out and "montage-demo" in out  # the password, printed


@pytest.mark.django_db
def test_serve_refuses_the_demo_outside_development(monkeypatch, settings, capsys):
    settings.MONTAGE_ENV = "production"
    ok, calls = _prepare(monkeypatch, "--demo")
    assert not ok and calls == [] and not get_user_model().objects.exists()
    assert "MONTAGE_ENV=development" in capsys.readouterr().err


def test_scripts_run_asks_for_the_demo():
    script = (WEB_DIR.parents[1] / "scripts" / "run").read_text()
    assert "montage serve --demo" in script


# -- messages ------------------------------------------------------------------------------------

def test_forged_messages_cookie_never_renders_html(editor_user, login):
    """A messages cookie signed with the (known) key and flagged "safe HTML" is not rendered."""
    payload = "<script>alert('forged')</script>"
    cookie = CookieStorage(HttpRequest())._encode(
        [Message(constants.ERROR, mark_safe(payload))])
    client = login("tele.demo")
    client.cookies[CookieStorage.cookie_name] = cookie
    page = client.get(reverse("contribution_list"))
    assert page.status_code == 200
    assert payload not in page.content.decode()


# -- passwords -----------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["password123", "123456789012", "short1!"])
def test_django_full_password_validation(password):
    with pytest.raises(ValidationError):
        validate_password(password)
    validate_password("correct horse battery staple")
