"""`montage serve --production` (README.md, "Deploying"): gunicorn, static files through
whitenoise, unsafe settings refused. Each test runs the command in a subprocess: the settings are
read once per process."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from montage.web.cli import default_workers

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MONTAGE_")}
    env.update(PYTHONPATH=str(ROOT), MONTAGE_ENV="production",
               MONTAGE_SECRET_KEY=secrets.token_urlsafe(50),
               MONTAGE_DATABASE_URL=f"sqlite:///{tmp_path / 'montage.sqlite3'}",
               MONTAGE_MEDIA_ROOT=str(tmp_path / "media"), MONTAGE_ALLOWED_HOSTS="127.0.0.1",
               # behind a TLS proxy, as in production; the test speaks plain HTTP to gunicorn
               MONTAGE_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto=https")
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def serve(tmp_path, env, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "montage.cli", "serve", "--production", *args],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def get(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_production_server_serves_pages_and_static_files(tmp_path):
    port = free_port()
    server = serve(tmp_path, production_env(tmp_path), "--port", str(port), "--workers", "1")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a bound on the wait, not a measurement
        while True:
            try:
                login = urllib.request.urlopen(get(f"{base}/login/"))
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        assert login.status == 200 and "gunicorn" in login.headers.get("Server", "")
        css = urllib.request.urlopen(get(f"{base}/static/montage/montage.css"))
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        assert "max-age" in css.headers.get("Cache-Control", "")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert (tmp_path / "var" / "static" / "montage" / "montage.css").is_file()  # collectstatic


@pytest.mark.parametrize(("overrides", "refusal"), [
    ({"MONTAGE_ALLOWED_HOSTS": None}, "needs MONTAGE_ALLOWED_HOSTS"),
    ({"MONTAGE_ALLOWED_HOSTS": "*"}, "refuses MONTAGE_ALLOWED_HOSTS=*"),
    ({"MONTAGE_ENV": "development"}, "needs MONTAGE_ENV=production"),
    ({"MONTAGE_DEBUG": "1"}, "MONTAGE_DEBUG=1 is refused in production"),
    ({"MONTAGE_SECRET_KEY": None}, "MONTAGE_SECRET_KEY must be set"),
])
def test_the_production_server_refuses_unsafe_settings(tmp_path, overrides, refusal):
    server = serve(tmp_path, production_env(tmp_path, **overrides))
    output, _ = server.communicate(timeout=120)
    assert server.returncode == 2 and refusal in output
    assert not (tmp_path / "montage.sqlite3").exists()  # refused before migrating


def test_the_workers_are_two_per_core_plus_one(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert default_workers() == 9
