"""The modules of `montage` form no import cycle, and the pure packages import nothing from Django
or the web application. Read from the source with `ast` (nothing is imported, no Django set-up):

- every `import` counts, at module level or inside a function (a lazy import hides a cycle, it
  does not remove it) and under `if TYPE_CHECKING:` too;
- relative imports are resolved; only `montage.*` modules are nodes of the graph;
- `from package import name` depends on `package.name` when that is a module, else on `package`;
  the parents a dotted import runs implicitly (`montage/__init__.py`…) are not edges;
- `import_module("montage.x")` and Django's `include("montage.x.urls")` with a literal name
  count; a name built at run time (the CLI's and the demo's lists of extensions) cannot be seen.

Written with `ast` rather than grimp or import-linter, which the project does not depend on.
tests/test_pure_packages.py checks the same rule at run time (what importing a pure module loads);
this one checks the source, so a function-level import cannot slip through.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import montage

ROOT = Path(montage.__path__[0])
PURE = ("montage.law", "montage.finance", "montage.fund", "montage.errors", "montage.money")
# what a pure module may not import (tests/test_pure_packages.py has the run-time list)
FORBIDDEN = ("django", "ninja", "montage.web")
DYNAMIC = ("import_module", "include")  # a literal module name passed to these is an import


def _module_name(path: Path) -> str:
    parts = ("montage",) + path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports (dotted names, montage or not)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in MODULES else source)
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "id", getattr(node.func, "attr", None)) in DYNAMIC):
            found.add(node.args[0].value)  # import_module("montage…"), include("montage….urls")
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}
GRAPH = {name: sorted(m for m in targets if m in MODULES and m != name)
         for name, targets in IMPORTS.items()}


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:  # recursive: the graph is a few hundred modules deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph: dict[str, list[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module (breadth-first inside it)."""
    start = min(component)
    came_from = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in graph[node]:
            if target == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target in component and target not in came_from:
                came_from[target] = node
                queue.append(target)
    raise AssertionError(f"no cycle in {component}")  # pragma: no cover - Tarjan found one


def test_the_walk_sees_the_package():
    assert "montage.web.api.api" in MODULES and "montage.law.contribution" in MODULES
    assert "montage.web.permissions" in GRAPH["montage.web.api.common"]


def test_the_cycle_finder_finds_a_lazy_cycle():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": ["b"], "b": []}) == []


def test_no_import_cycle():
    cycles = _cycles(GRAPH)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("package", PURE)
def test_a_pure_package_imports_nothing_from_django_or_the_web(package):
    bad = sorted(f"{name} imports {target}"
                 for name, targets in IMPORTS.items()
                 if name == package or name.startswith(package + ".")
                 for target in targets
                 if any(target == f or target.startswith(f + ".") for f in FORBIDDEN))
    assert not bad, "\n".join(bad)


def test_the_api_routers_stand_side_by_side():
    """One router per domain (montage/web/api/<domain>/routes.py): a router imports no other,
    what they share (common.py, schemas.py, auth.py) imports none, and only api.py mounts them."""
    api = "montage.web.api."
    routers = {name for name in MODULES if name.startswith(api) and name.endswith(".routes")}
    assert {"montage.web.api.registry.routes", "montage.web.api.contribution.routes",
            "montage.web.api.investments.routes"} <= routers
    importers = sorted(f"{name} imports {target}" for name, targets in GRAPH.items()
                       for target in targets
                       if target in routers and name != "montage.web.api.api")
    assert importers == []
