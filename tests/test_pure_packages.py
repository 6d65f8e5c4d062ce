"""The pure packages (law, finance, fund) import nothing from Django, the web application or a
database driver: each rule can be read next to its text and tested alone."""

import pkgutil
import subprocess
import sys

import pytest

import montage

FORBIDDEN = ("django", "ninja", "montage.web", "sqlite3", "psycopg", "psycopg2", "sqlalchemy")


def _modules(package: str) -> list[str]:
    path = [f"{montage.__path__[0]}/{package.split('.')[1]}"]
    return [package] + [f"{package}.{info.name}" for info in pkgutil.walk_packages(path)]


@pytest.mark.parametrize("package", ["montage.law", "montage.finance", "montage.fund"])
def test_a_pure_package_imports_no_web_or_database_module(package):
    modules = _modules(package)
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            f"bad = sorted(m for m in sys.modules if m == 'montage.web' or m.startswith("
            f"'montage.web.') or m.split('.')[0] in {FORBIDDEN!r})\n"
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{package} imports {result.stdout.strip()}"
