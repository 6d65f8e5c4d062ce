"""Django settings for the Montage web application.

Environment (README.md and docs/web.md list every variable):
- MONTAGE_ENV           `production` (the default) or `development` (`montage serve`, scripts/run
                        and the tests set it). In production the settings refuse to load without
                        a strong MONTAGE_SECRET_KEY, and HTTPS is assumed (secure cookies, HSTS,
                        redirect to https), each settable below.
- MONTAGE_DATABASE_URL  postgresql://user:pass@host:5432/name (or sqlite:///path). Unset: SQLite
                        in ./var/montage.sqlite3, relative to the current directory.
- MONTAGE_SECRET_KEY    required in production; the development key below is public.
- MONTAGE_DEBUG=1       debug pages (never in production).
- MONTAGE_ALLOWED_HOSTS comma-separated; defaults to localhost names.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

WEB_DIR = Path(__file__).resolve().parent


def env_flag(name: str, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off; unset or empty: `default`."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected 1 or 0 (true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number, 0 or more")
    return int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """MONTAGE_SECURE_PROXY_SSL_HEADER `X-Forwarded-Proto=https` -> ("HTTP_X_FORWARDED_PROTO",
    "https"), Django's SECURE_PROXY_SSL_HEADER. Only behind a proxy that sets the header itself."""
    if not value.strip():
        return None
    header, sep, expected = value.partition("=")
    header, expected = header.strip(), expected.strip()
    if not sep or not header or not expected:
        raise ImproperlyConfigured(f"MONTAGE_SECURE_PROXY_SSL_HEADER={value!r}: expected "
                                   "HEADER=VALUE, e.g. X-Forwarded-Proto=https")
    meta = header.upper().replace("-", "_")
    return (meta if meta.startswith("HTTP_") else f"HTTP_{meta}", expected)


# development: `montage serve`, scripts/run and the tests say so; anything else is production.
MONTAGE_ENV = os.environ.get("MONTAGE_ENV", "").strip().lower() or "production"
if MONTAGE_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"MONTAGE_ENV={MONTAGE_ENV!r}: expected production or development")
PRODUCTION = MONTAGE_ENV == "production"

# The development key is public (it is in the repository): production refuses it, and refuses to
# start without a key. With a known key anyone can sign sessions' data, messages, password-reset
# links and API tokens.
DEV_SECRET_KEY = "montage-development-only-not-secret"
SECRET_KEY = os.environ.get("MONTAGE_SECRET_KEY", "").strip() or (
    "" if PRODUCTION else DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50
                   or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "MONTAGE_SECRET_KEY must be set to a secret of at least 50 characters in production "
        "(MONTAGE_ENV=production, the default), and not the public development key. Generate "
        "one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. "
        "On a development machine set MONTAGE_ENV=development instead.")
DEBUG = os.environ.get("MONTAGE_DEBUG") == "1"
if PRODUCTION and DEBUG:  # debug pages show settings, tracebacks and SQL to anyone
    raise ImproperlyConfigured("MONTAGE_DEBUG=1 is refused in production (MONTAGE_ENV=production, "
                               "the default); set MONTAGE_ENV=development on a development machine.")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "MONTAGE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h.strip()]


# SQLite as a serious embedded database (docs/web.md, "SQLite"): WAL, so that readers never wait
# for a writer (nor a writer for readers); a writer waits up to 20 s for another instead of failing
# at once with "database is locked"; and every transaction that may write takes the write lock at
# BEGIN (IMMEDIATE): a DEFERRED one that starts reading and then writes cannot wait for the lock
# (SQLite refuses the upgrade at once, whatever the timeout), which was the 500s of a long import.
SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL", "timeout": 20,
                  "transaction_mode": "IMMEDIATE"}


def database_from_url(url: str | None, *, cwd: Path | None = None) -> dict:
    """DATABASES["default"] from MONTAGE_DATABASE_URL; SQLite in ./var/ when unset.

    Parsed here rather than with dj-database-url: two schemes, a dozen lines, one less dependency.
    """
    if not url:
        var = (cwd or Path.cwd()) / "var"
        var.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(var / "montage.sqlite3"),
                "OPTIONS": dict(SQLITE_OPTIONS)}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        name = parts.path[1:] if parts.path.startswith("/") else parts.path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or ":memory:",
                "OPTIONS": dict(SQLITE_OPTIONS)}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise ValueError(f"MONTAGE_DATABASE_URL: unsupported scheme {parts.scheme!r} "
                     "(expected postgresql:// or sqlite://)")


DATABASES = {"default": database_from_url(os.environ.get("MONTAGE_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",  # failed log-ins, throttled (AXES_* below)
    "django_tasks",     # the job queue (TASKS below; docs/web.md, "Jobs")
    "django_tasks_db",
    "montage.web.core",
    "montage.web.registry",
    "montage.web.parameters",
    "montage.web.contribution",
    "montage.web.investments",
    "montage.web.annexes",
    "montage.web.production",
    "montage.web.ledger",
    "montage.web.fund",
    "montage.web.carbon",
    "montage.web.inbox",
    "montage.web.recoupment",
    "montage.web.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /static/ from STATIC_ROOT (`collectstatic`) under gunicorn, with caching headers; before
    # the sessions, so that a static file costs no session or database work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "montage.web.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "montage.web.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "montage.web.registry.audit.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",  # the lock-out page (429) when a log-in is refused
]

ROOT_URLCONF = "montage.web.urls"
WSGI_APPLICATION = "montage.web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [WEB_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "montage.web.core.context.desk",
    ]},
}]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: a locked-out account is refused before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed log-ins are counted per account and address (username + IP, so that nobody can lock
# another's account from elsewhere); at the limit that pair is refused, right password included,
# until the cool-off ends or `montage web-admin axes_reset_username NAME`. A success resets the
# count. The pages' login, the admin's and POST /api/token (no new token for a locked account).
AXES_FAILURE_LIMIT = env_int("MONTAGE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MONTAGE_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# API tokens (montage/web/api/auth.py): each token lives MONTAGE_API_TOKEN_DAYS days; renewing a
# token with a token never goes past MONTAGE_API_TOKEN_MAX_DAYS after the log-in it came from.
MONTAGE_API_TOKEN_DAYS = env_int("MONTAGE_API_TOKEN_DAYS", 30)
MONTAGE_API_TOKEN_MAX_DAYS = env_int("MONTAGE_API_TOKEN_MAX_DAYS", 90)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# French by default, English available; Belgian formats (montage/web/formats/).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# The core catalogue, then one per area (step1, step2, exchange, api), each kept by its authors.
LOCALE_PATHS = [WEB_DIR / "locale"] + sorted(WEB_DIR.glob("*/locale"))
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
FORMAT_MODULE_PATH = ["montage.web.formats"]
# Grouping is off for plain numbers so that years and ids never print as "2 025"; amounts go
# through the `money` template filter (babel, fr_BE: "1 234 567,89 €"), which groups.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = Path.cwd() / "var" / "static"
# whitenoise (the middleware above): in production the files `collectstatic` put in STATIC_ROOT
# (`montage serve --production` runs it); in development the package's own files, read afresh,
# never a STATIC_ROOT left over from an earlier production run.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS: on by default in production (`montage web-admin check --deploy` is then clean of W004,
# W008, W012, W016), off in development (the development server speaks plain HTTP).
SECURE_SSL_REDIRECT = env_flag("MONTAGE_SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_flag("MONTAGE_SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_flag("MONTAGE_CSRF_COOKIE_SECURE", PRODUCTION)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("MONTAGE_SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("MONTAGE_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_flag("MONTAGE_SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("MONTAGE_SECURE_PROXY_SSL_HEADER", ""))
CSRF_TRUSTED_ORIGINS = env_list("MONTAGE_CSRF_TRUSTED_ORIGINS")
# Content-Security-Policy of every response (core/middleware.py); "{nonce}" is the request's
# nonce, for the few inline scripts (`<script nonce="{{ request.csp_nonce }}">`). Inline styles
# (style="" attributes, <style> blocks, Swagger UI's) stay allowed; nothing from another host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Messages live in the session (server side), never in a cookie: Django's cookie storage keeps a
# message's "safe HTML" flag, and its only guard is the signature, so whoever knows SECRET_KEY
# (the public development key, for one) could have a page render their HTML.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Uploaded documents (attachments, checklist documents): private, served only through views that
# check permissions, never as public media URLs.
MEDIA_ROOT = Path(os.environ.get("MONTAGE_MEDIA_ROOT", Path.cwd() / "var" / "media"))
# Bounded inputs (docs/web.md, "Limits"). An uploaded file above 5 MB is streamed by Django to a
# temporary file on disk, not held in memory; a form's other fields may weigh 20 MB in all.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The largest file any page accepts (montage.web.core.uploads), in MB.
MONTAGE_UPLOAD_MAX_BYTES = env_int("MONTAGE_UPLOAD_MAX_MB", 200) * 1024 * 1024
# A workbook (.xlsx) is refused before it is parsed when it unpacks to more than this, when one of
# its parts unpacks to more than RATIO times its compressed size, or when a sheet has more rows
# (montage.workbooks).
MONTAGE_XLSX_MAX_UNPACKED_BYTES = env_int("MONTAGE_XLSX_MAX_UNPACKED_MB", 512) * 1024 * 1024
MONTAGE_XLSX_MAX_RATIO = env_int("MONTAGE_XLSX_MAX_RATIO", 100)
MONTAGE_XLSX_MAX_ROWS = env_int("MONTAGE_XLSX_MAX_ROWS", 1_048_576)

# Jobs (docs/web.md, "Jobs"): work longer than a request (imports) is a task in the database
# (django-tasks' database backend, on SQLite as on PostgreSQL) that `montage worker` runs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running import writes a heartbeat every quarter of this; a worker marks an import whose
# heartbeat is older failed ("interrupted"), on start and between jobs. Seconds.
MONTAGE_JOB_HEARTBEAT_TIMEOUT = env_int("MONTAGE_JOB_HEARTBEAT_TIMEOUT", 120)
# An import running longer than this is stopped, rolled back and failed with its reason. Seconds.
MONTAGE_IMPORT_TIME_LIMIT = env_int("MONTAGE_IMPORT_TIME_LIMIT", 3600)
# `montage worker` runs at this lower CPU priority (nice), so that the web's requests come first.
MONTAGE_WORKER_NICE = env_int("MONTAGE_WORKER_NICE", 10)

# Logging: to the console (stderr, which the service manager or the container keeps). Every
# unhandled exception is logged by django.request at ERROR with its traceback, 4xx answers at
# WARNING; the page only ever says "Server Error (500)" (tracebacks on a page need DEBUG, which is
# off unless MONTAGE_DEBUG=1). Django's default sends request errors to the console only with
# DEBUG on, and otherwise to ADMINS by mail (none here): without this block they were lost.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# The inbox's e-mails (montage/web/inbox/services.py): printed on the console unless an SMTP
# server is given in the environment.
if os.environ.get("MONTAGE_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["MONTAGE_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("MONTAGE_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("MONTAGE_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MONTAGE_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("MONTAGE_EMAIL_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("MONTAGE_EMAIL_FROM", "montage@localhost")
MONTAGE_INBOX_EMAIL = os.environ.get("MONTAGE_INBOX_EMAIL", "1") == "1"
