"""Who is calling the API: the browser session (CSRF enforced on writes) or a signed API token.

Tokens need no table (models.py is frozen, and a table of secrets is one more thing to protect):
a token is `TimestampSigner(salt=TOKEN_SALT).sign("<user pk>.<fingerprint>.<log-in>")`, signed
with Django's SECRET_KEY. The fingerprint is an HMAC of the user's password hash and active flag;
<log-in> is when the chain of tokens began (base 62 seconds): the session's request for the first
token, which a renewal with a token carries over unchanged. A token dies when
- it is older than `MONTAGE_API_TOKEN_DAYS` days (setting, default 30),
- its log-in is older than `MONTAGE_API_TOKEN_MAX_DAYS` days (default 90), however often it was
  renewed: then only a new log-in (the pages' form) gives a new token,
- the user changes (or an administrator resets) the password, or the account is deactivated,
- SECRET_KEY changes (every token at once).
A token is sent as `Authorization: Bearer <token>`; it is not an ambient credential (a browser
never adds it by itself), so requests carrying it need no CSRF token. The session is: a write
(POST, PATCH…) authenticated by the session cookie needs Django's CSRF token
(`X-CSRFToken` header), exactly as the pages' forms do.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

TOKEN_SALT = "montage.web.api.token"


def token_days() -> int:
    return int(getattr(settings, "MONTAGE_API_TOKEN_DAYS", 30))


def token_max_days() -> int:
    return int(getattr(settings, "MONTAGE_API_TOKEN_MAX_DAYS", 90))


def _fingerprint(user) -> str:
    return salted_hmac(TOKEN_SALT, f"{user.password}|{user.is_active}").hexdigest()[:24]


def issue_token(user, login: int | None = None) -> tuple[str, dt.datetime]:
    """A new token for `user` and the moment it expires. `login` (Unix seconds) is the log-in the
    token chain began with, carried over on a renewal by token; None: now (a session's request)."""
    now = int(time.time())
    login = now if login is None else min(int(login), now)
    value = f"{user.pk}.{_fingerprint(user)}.{signing.b62_encode(login)}"
    token = signing.TimestampSigner(salt=TOKEN_SALT).sign(value)
    expires = min(now + token_days() * 86400, login + token_max_days() * 86400)
    return token, dt.datetime.fromtimestamp(expires, tz=dt.timezone.utc)


def token_claims(token: str):
    """(user, log-in seconds) for a valid token, or None (bad signature, expired, past its maximum
    lifetime, revoked, or of the older two-part form)."""
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(
            token, max_age=dt.timedelta(days=token_days()))
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    parts = value.split(".")
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    pk, fingerprint, login_b62 = parts
    try:
        login = signing.b62_decode(login_b62)
    except (ValueError, IndexError):
        return None
    if time.time() - login > token_max_days() * 86400:
        return None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or not user.is_active or not constant_time_compare(fingerprint,
                                                                       _fingerprint(user)):
        return None
    return user, login


def user_for_token(token: str):
    """The active user a token was issued to, or None (see token_claims)."""
    claims = token_claims(token)
    return claims[0] if claims else None


def token_login(request) -> int | None:
    """The log-in behind the request's token (TokenAuth keeps it), None for a session."""
    return getattr(request, "montage_token_login", None)


def refuse_if_locked_out(request, user) -> None:
    """No new token for an account that django-axes has locked from this address (too many wrong
    passwords): 429 until the cool-off ends, as the pages' login answers."""
    from axes.handlers.proxy import AxesProxyHandler  # once Django is set up

    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        raise HttpError(429, _("Too many failed log-ins for this account: try again later."))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` (see the module's docstring)."""

    def authenticate(self, request, token: str) -> Any:
        claims = token_claims(token)
        if claims is None:
            return None
        request.montage_token_login = claims[1]
        return claims[0]


class SessionAuth(APIKeyCookie):
    """The pages' login. Anonymous → None (401); a logged-in user's write needs the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)  # so the docs page sends the token; checked below

    def _get_key(self, request):  # ninja would check CSRF here, before knowing the user
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header")
        return user


def request_user(request):
    """The user behind a request by session or token, or None (for views outside ninja)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return user_for_token(token.strip())
    return None
