"""One record, one writer: the modules that answer a channel (the pages' views, the API's
routes) save, create or delete nothing themselves; they check who may act, validate, and ask
their domain's service (montage/web/<app>/services.py), so every channel writes the same way.
"""

import ast
from pathlib import Path

import montage.web

WEB = Path(montage.web.__file__).parent
# modules still writing themselves (this list only shrinks)
PENDING: set[str] = set()


def writes(path: Path) -> list[str]:
    """Calls of .save()/.create()/.delete()/.bulk_create() (and a queryset's .update()) in
    `path`; `form.save(commit=False)`, which only builds the record, is not a write."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            commit_false = any(k.arg == "commit" and getattr(k.value, "value", True) is False
                               for k in node.keywords)
            on_a_queryset = isinstance(node.func.value, ast.Call)  # not a dict's .update()
            if isinstance(node.func.value, ast.Name) and node.func.value.id in ("router", "api"):
                continue  # a route's decorator (@router.delete), not a write
            if (name in ("save", "create", "delete", "bulk_create")
                    or name == "update" and on_a_queryset) and not commit_false:
                found.append(f"{path.relative_to(WEB)}:{node.lineno}: .{name}()")
    return found


def channels() -> list[Path]:
    """Every module of montage/web that answers a request: a page's view or an API route."""
    found = []
    for path in sorted(WEB.rglob("*.py")):
        text = path.read_text()
        if "migrations" in path.parts or path.name in ("services.py", "demo.py"):
            continue
        if "@login_required" in text or "@api." in text or "@router." in text:
            found.append(path)
    return found


def test_channels_are_found():
    names = {p.relative_to(WEB).as_posix() for p in channels()}
    assert {"fund/desk.py", "ledger/views.py", "production/budget.py",
            "investments/views.py", "contribution/views.py"} <= names


def test_no_channel_writes_a_record_itself():
    offenders = [line for path in channels() if path.relative_to(WEB).as_posix() not in PENDING
                 for line in writes(path)]
    assert offenders == []


def test_the_pending_list_only_names_modules_that_still_write():
    for name in PENDING:
        assert not (WEB / name).exists() or writes(WEB / name), f"{name}: remove it from PENDING"
