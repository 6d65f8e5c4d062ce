"""Who is calling the API: the browser session (CSRF enforced on writes) or a signed API token.

Tokens need no table (models.py is frozen, and a table of secrets is one more thing to protect):
a token is `TimestampSigner(salt=TOKEN_SALT).sign("<user pk>.<fingerprint>")`, signed with
Django's SECRET_KEY. The fingerprint is an HMAC of the user's password hash and active flag, so
a token dies when
- it is older than `MONTAGE_API_TOKEN_DAYS` days (setting, default 30),
- the user changes (or an administrator resets) the password, or the account is deactivated,
- SECRET_KEY changes (every token at once).
A token is sent as `Authorization: Bearer <token>`; it is not an ambient credential (a browser
never adds it by itself), so requests carrying it need no CSRF token. The session is: a write
(POST, PATCH…) authenticated by the session cookie needs Django's CSRF token
(`X-CSRFToken` header), exactly as the pages' forms do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

TOKEN_SALT = "montage.web.api.token"


def token_days() -> int:
    return int(getattr(settings, "MONTAGE_API_TOKEN_DAYS", 30))


def _fingerprint(user) -> str:
    return salted_hmac(TOKEN_SALT, f"{user.password}|{user.is_active}").hexdigest()[:24]


def issue_token(user) -> tuple[str, dt.datetime]:
    """A new token for `user` and the moment it expires."""
    token = signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{user.pk}.{_fingerprint(user)}")
    return token, timezone.now() + dt.timedelta(days=token_days())


def user_for_token(token: str):
    """The active user a token was issued to, or None (bad signature, expired, revoked)."""
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(
            token, max_age=dt.timedelta(days=token_days()))
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    pk, _, fingerprint = value.partition(".")
    user = get_user_model().objects.filter(pk=pk).first() if pk.isdigit() else None
    if user is None or not user.is_active or not constant_time_compare(fingerprint,
                                                                       _fingerprint(user)):
        return None
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` (see the module's docstring)."""

    def authenticate(self, request, token: str) -> Any:
        return user_for_token(token)


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
