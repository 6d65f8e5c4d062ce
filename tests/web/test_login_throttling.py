"""Failed log-ins are throttled per account and address (django-axes), on the pages' login, the
admin's and the API's token route; API tokens have a maximum lifetime however often renewed."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from montage.web.api.auth import issue_token
from tests.web.factories import registry
from tests.web.factories.registry import PASSWORD

WRONG = "not-the-password"


def _log_in(client, username, password, url="/login/"):
    return client.post(url, {"username": username, "password": password})


def _logged_in_as(client):
    return client.get("/api/me").json().get("username")


@pytest.fixture
def accounts(db):
    """Four users of four desks: a few records, not the demo."""
    for username, kind in (("tele.demo", "editor"), ("streamflix", "editor"), ("csa", "csa"),
                           ("cca", "cca")):
        registry.user(username, kind)


def _limit(settings) -> int:
    return getattr(settings, "AXES_FAILURE_LIMIT", 5)


def _lock(username, settings, address="127.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    for _ in range(_limit(settings)):
        _log_in(client, username, WRONG)
    return client


def test_wrong_passwords_lock_the_account_then_the_right_one_is_refused(accounts, settings):
    assert _limit(settings) <= 10
    client = Client()
    for attempt in range(_limit(settings) - 1):
        refused = _log_in(client, "tele.demo", WRONG)
        assert refused.status_code == 200 and b'class="error"' in refused.content
    locked = _log_in(client, "tele.demo", WRONG)
    assert locked.status_code == 429
    right = _log_in(client, "tele.demo", PASSWORD)
    assert right.status_code == 429
    assert "Trop de connexions échouées" in right.content.decode()  # French by default
    assert "sessionid" not in right.cookies and client.get("/").status_code == 302
    admin = _log_in(Client(), "tele.demo", PASSWORD, url="/admin/login/")
    assert admin.status_code == 429  # the admin's login too


def test_the_lock_is_per_account_and_address(accounts, settings):
    _lock("tele.demo", settings)
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert _log_in(elsewhere, "tele.demo", PASSWORD).status_code == 302
    assert _logged_in_as(elsewhere) == "tele.demo"
    other_account = Client()
    assert _log_in(other_account, "csa", PASSWORD).status_code == 302


def test_a_success_resets_the_count(accounts, settings):
    client = Client()
    for _ in range(_limit(settings) - 1):
        _log_in(client, "cca", WRONG)
    assert _log_in(client, "cca", PASSWORD).status_code == 302
    for _ in range(_limit(settings) - 1):
        _log_in(Client(), "cca", WRONG)
    assert _log_in(Client(), "cca", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(accounts, settings):
    _lock("streamflix", settings)
    assert _log_in(Client(), "streamflix", PASSWORD).status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - settings.AXES_COOLOFF_TIME)
    assert _log_in(Client(), "streamflix", PASSWORD).status_code == 302


def test_no_api_token_for_a_locked_account(accounts, settings):
    """The token route takes no password; it gives no new credential to an account locked from
    this address, by session or by renewal with a token."""
    user = get_user_model().objects.get(username="tele.demo")
    token, _ = issue_token(user)
    _lock("tele.demo", settings)
    session = Client()
    session.force_login(user)
    refused = session.post("/api/token")
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Trop de connexions échouées pour ce compte : "
                                        "réessayez plus tard."}
    assert Client().post("/api/token", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 429
    # the passwordless way in is no way round: no basic authentication, no password field
    assert Client().post("/api/token", {"username": "tele.demo", "password": PASSWORD},
                         content_type="application/json").status_code == 401
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    elsewhere.force_login(user)
    assert elsewhere.post("/api/token").status_code == 200


@pytest.fixture
def clock(monkeypatch):
    """time.time() that a test moves on (signing and the token's log-in read it)."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_renewed_tokens_never_outlive_the_maximum_lifetime(accounts, settings, clock):
    settings.MONTAGE_API_TOKEN_DAYS, settings.MONTAGE_API_TOKEN_MAX_DAYS = 30, 90
    day = 86400
    session = Client()
    session.force_login(get_user_model().objects.get(username="csa"))
    issued = session.post("/api/token").json()
    start = clock[0]
    token = issued["token"]
    for _ in range(4):  # renewed every 20 days: each renewal is still a valid token...
        clock[0] += 20 * day
        renewed = Client().post("/api/token", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert renewed.status_code == 200, renewed.content
        token = renewed.json()["token"]
    # ...but the last one, renewed on day 80, ends on day 90, not day 110
    from datetime import datetime

    expires = datetime.fromisoformat(renewed.json()["expires_at"].replace("Z", "+00:00"))
    assert abs(expires.timestamp() - (start + 90 * day)) < 5
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    clock[0] += 9 * day  # day 89: still good
    assert Client().get("/api/me", **bearer).status_code == 200
    clock[0] += 2 * day  # day 91: refused, renewal too; a new log-in is needed
    assert Client().get("/api/me", **bearer).status_code == 401
    assert Client().post("/api/token", **bearer).status_code == 401
    fresh = session.post("/api/token")  # the session stands for a new log-in
    assert fresh.status_code == 200
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {fresh.json()['token']}") \
        .status_code == 200


def test_a_token_without_its_log_in_is_refused(accounts):
    """Tokens of the older two-part form (user and fingerprint, no log-in) are refused."""
    from django.core import signing

    from montage.web.api.auth import TOKEN_SALT, _fingerprint

    user = get_user_model().objects.get(username="csa")
    old = signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{user.pk}.{_fingerprint(user)}")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {old}").status_code == 401
