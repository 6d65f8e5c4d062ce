"""Django settings for the Montage web application.

Environment (all optional):
- MONTAGE_DATABASE_URL  postgresql://user:pass@host:5432/name (or sqlite:///path). Unset: SQLite
                        in ./var/montage.sqlite3, relative to the current directory.
- MONTAGE_SECRET_KEY    required outside development; the default below is public and unsafe.
- MONTAGE_DEBUG=1       debug pages (never in production).
- MONTAGE_ALLOWED_HOSTS comma-separated; defaults to localhost names.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.translation import gettext_lazy as _

WEB_DIR = Path(__file__).resolve().parent

# The development default is public (it is in the repository): set MONTAGE_SECRET_KEY in any
# deployment. docs/web.md says so.
DEV_SECRET_KEY = "montage-development-only-not-secret"
SECRET_KEY = os.environ.get("MONTAGE_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = os.environ.get("MONTAGE_DEBUG") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "MONTAGE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h.strip()]


def database_from_url(url: str | None, *, cwd: Path | None = None) -> dict:
    """DATABASES["default"] from MONTAGE_DATABASE_URL; SQLite in ./var/ when unset.

    Parsed here rather than with dj-database-url: two schemes, a dozen lines, one less dependency.
    """
    if not url:
        var = (cwd or Path.cwd()) / "var"
        var.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(var / "montage.sqlite3")}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        name = parts.path[1:] if parts.path.startswith("/") else parts.path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or ":memory:"}
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
    "montage.web.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "montage.web.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "montage.web.core.audit.AuditActorMiddleware",
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
]
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Uploaded documents (attachments, checklist documents): private, served only through views that
# check permissions, never as public media URLs.
MEDIA_ROOT = Path(os.environ.get("MONTAGE_MEDIA_ROOT", Path.cwd() / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
