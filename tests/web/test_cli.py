"""`montage serve` and `montage web-admin` are registered and parse as documented."""

import argparse

import pytest

from montage.web import cli


def parser():
    root = argparse.ArgumentParser(prog="montage")
    cli.register(root.add_subparsers(dest="command"))
    return root


def test_serve_arguments():
    args = parser().parse_args(["serve"])
    assert (args.host, args.port, args.demo, args.func) == ("127.0.0.1", 8000, False, cli.serve)
    args = parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--no-demo"])
    assert (args.host, args.port, args.demo) == ("0.0.0.0", 9000, False)
    assert parser().parse_args(["serve", "--demo"]).demo is True
    assert parser().parse_args(["serve", "--demo", "--no-demo"]).demo is False  # the last wins


def test_montage_command_lists_the_web_module():
    from montage import cli as montage_cli

    assert "montage.web.cli" in montage_cli.COMMAND_MODULES


@pytest.mark.django_db
def test_serve_migrates_loads_demo_prints_logins_then_runs(monkeypatch, capsys):
    calls = []
    # serve sets MONTAGE_ALLOWED_HOSTS for its host: undo it after the test
    monkeypatch.delenv("MONTAGE_ALLOWED_HOSTS", raising=False)
    monkeypatch.setattr("django.core.management.call_command",
                        lambda name, *a, **kw: calls.append((name, a, kw)))
    args = parser().parse_args(["serve", "--demo", "--port", "8123"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "tele.demo" in out and "montage-demo" in out and "http://127.0.0.1:8123/" in out
    assert [name for name, _, _ in calls] == ["migrate", "runserver"]
    assert calls[1][1] == ("127.0.0.1:8123",)


def test_web_admin_passes_arguments_to_django(capsys):
    args = parser().parse_args(["web-admin", "check"])
    assert args.func(args) == 0
    assert "no issues" in capsys.readouterr().out
