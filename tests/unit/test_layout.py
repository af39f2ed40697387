"""The house's layout as rules the code keeps (issue 18): features use the shared kernel,
never the reverse; no two modules import each other; domain rules import no framework.

Read from the source as text (every import statement, also inside functions), so a new
module is held to the same rules the day it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "ip_app"
KERNEL = "ip_app.kernel"
# plain-Python rules: the feature's rules.py files and the kernel's policy modules
RULE_MODULES_IN_KERNEL = {"clock", "access", "actor", "scopes", "roles", "disclosure", "history", "voice"}
FRAMEWORKS = ("reflex", "sqlmodel", "sqlalchemy", "starlette")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (absolute names; `from x import y` counts y when y is a module)."""
    me = _module(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return found


MODULES = {_module(p): p for p in PKG.rglob("*.py")}
GRAPH = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def _is_kernel(m: str) -> bool:
    return m == KERNEL or m.startswith(KERNEL + ".")


def test_the_kernel_imports_no_feature():
    wrong = sorted(f"{m} -> {i}" for m, deps in GRAPH.items() if _is_kernel(m)
                   for i in deps if not _is_kernel(i) and i != "ip_app")
    assert not wrong, "the kernel must not import a feature:\n" + "\n".join(wrong)


def test_no_modules_import_each_other():
    """No circle of imports, of any length (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not circles, "modules that import each other: " + "; ".join(map(", ".join, circles))


def _rule_modules() -> list[str]:
    return sorted(m for m in MODULES if m.endswith(".rules") or m == "ip_app.people.fnr"
                  or (_is_kernel(m) and m.rpartition(".")[2] in RULE_MODULES_IN_KERNEL))


@pytest.mark.parametrize("module", _rule_modules())
def test_domain_rules_are_plain_python(module):
    """Rules are unit-tested without a server or a database: they import neither."""
    used = {i.split(".")[0] for i in _imports(MODULES[module])}
    assert not used & set(FRAMEWORKS), f"{module} imports {sorted(used & set(FRAMEWORKS))}"
    assert not any(i.endswith((".data", ".state", ".db")) or i == f"{KERNEL}.db"
                   for i in _imports(MODULES[module]) if i in MODULES), module


def test_every_feature_is_a_folder_beside_the_kernel():
    """ip_app/ holds the kernel, one folder per feature and the app's own two modules."""
    loose = sorted(p.name for p in PKG.glob("*.py") if p.name not in {"__init__.py", "ip_app.py", "warm.py"})
    assert not loose, f"modules outside any feature or the kernel: {loose}"
    assert _rule_modules(), "no rules found: the layout test reads nothing"


# Views still handed a database session while they build (issue 18 #2: being moved, one
# feature at a time, to a `data.load_*` that reads what the page needs and a view that only
# arranges it). The list may only shrink: a view that is converted fails the test below
# until it is taken off, and a new view cannot join it.
VIEWS_THAT_STILL_QUERY: set[str] = set()


def _queries(module: str) -> list[str]:
    """What in `module` reaches the database: a framework's session or query import, the
    kernel's db or policy loader, or a data module's function (its dataclasses are fine)."""
    import importlib
    import inspect

    found = []
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names
                      if a.name.split(".")[0] in ("sqlmodel", "sqlalchemy")
                      or a.name.endswith(".data") or a.name in (f"{KERNEL}.db", f"{KERNEL}.plan_access")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in ("sqlmodel", "sqlalchemy") or node.module in (
                    f"{KERNEL}.db", f"{KERNEL}.plan_access"):
                found.append(node.module)
            elif node.module.endswith(".data") or node.module.endswith(".kernel"):
                source = importlib.import_module(node.module)
                for a in node.names:
                    value = getattr(source, a.name, None)
                    if inspect.ismodule(value) and a.name in ("db", "plan_access") or (
                            node.module.endswith(".data") and not inspect.isclass(value)):
                        found.append(f"{node.module}.{a.name}")
    return found


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.endswith(".view")))
def test_views_are_built_from_loaded_data(module):
    """A view builder arranges what its feature's data module loaded; it asks the database
    nothing itself (so a page's reads are all in one place, counted and cached there)."""
    queries = _queries(module)
    if module in VIEWS_THAT_STILL_QUERY:
        assert queries, f"{module} no longer queries: take it off VIEWS_THAT_STILL_QUERY"
    else:
        assert not queries, f"{module} reaches the database: {queries}"


# The data layer: the features' data modules and the modules below, which are data modules
# under their own name (one table each, or the kernel's own storage). Only they build SQL.
DATA_MODULES = {
    "ip_app.kernel.db", "ip_app.kernel.accounts", "ip_app.kernel.audit", "ip_app.kernel.guarded",
    "ip_app.kernel.plan_access", "ip_app.kernel.versioned", "ip_app.kernel.backup",
    "ip_app.kernel.migrate", "ip_app.kernel.models", "ip_app.kernel.session",
    "ip_app.auth.external_ids", "ip_app.auth.invitations", "ip_app.notify.outbox",
}
SQL_NAMES = {"select", "update", "delete", "insert", "text", "func", "and_", "or_", "exists"}


def _is_data(module: str) -> bool:
    return (module in DATA_MODULES or module.rpartition(".")[2] == "data"
            or module.startswith("ip_app.demo."))  # the demo data loaders


def _sql_in(module: str) -> list[str]:
    """Where `module` builds or runs SQL itself: a query-building import from SQLModel or
    SQLAlchemy, or a call of a session's exec/execute."""
    found = []
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"
                      and a.name != "sqlalchemy.exc"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in (
                "sqlmodel", "sqlalchemy"):
            found += [f"from {node.module} import {a.name}" for a in node.names if a.name in SQL_NAMES]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("exec", "execute")):
            found.append(f"line {node.lineno}: .{node.func.attr}(...)")
    return found


@pytest.mark.parametrize("module", sorted(m for m in MODULES
                                           if not _is_data(m) and m not in VIEWS_THAT_STILL_QUERY))
def test_sql_lives_in_the_data_layer(module):
    """States, pages, views, routes and runners call data functions; none writes a query."""
    assert not _sql_in(module), f"{module} builds or runs SQL: {_sql_in(module)}"
