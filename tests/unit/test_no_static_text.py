"""Components hold no UI text of their own (issue 6).

Components are compiled to JavaScript once. Text picked in Python at that moment,
a hard-coded string or a static `t("key")`, would stay bokmål whatever language
the person chose. Component modules (ip_app/kernel/ui and each feature's page, parts and form modules) must use
`tr("key")` (ip_app/kernel/i18n/browser.py), which follows the active language.

This scan reads the source (no import needed), so it also catches modules merged
from other branches: convert each finding mechanically, `t("k")` -> `tr("k")`,
`t("k", name=x)` -> `tr("k", name=x)` (x may be a Var).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "ip_app"
# the modules that draw: the kernel's ui/ and each feature's pages, parts and forms
# props whose value people read (or hear)
TEXT_PROPS = {"label", "description", "legend", "title", "aria_label", "placeholder", "alt",
              "heading", "error", "summary", "aria_description", "aria_valuetext"}
# calls whose string arguments are not UI text (ids, names, paths, lookups)
NOT_TEXT_CALLS = {"tr", "get", "setdefault", "pop", "contains", "asset", "Var", "join", "split",
                  "replace", "startswith", "endswith", "format", "getattr", "hasattr",
                  "isinstance", "to", "run_script", "call_script", "KeyError", "ValueError", "TypeError", "RuntimeError"}
IDENTIFIER_LIKE = re.compile(r"[a-z0-9_\-./:#$@\[\]]*")


def component_modules() -> list[Path]:
    drawn = set((PKG / "kernel" / "ui").rglob("*.py"))
    drawn |= {p for p in PKG.rglob("*.py") if re.fullmatch(r"(\w+_)?(page|parts|form)", p.stem)}
    return sorted(drawn)


def _call_name(node: ast.Call) -> str:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_component_call(node: ast.Call) -> bool:
    """Children of a component: any letters there are text (rx.cond and friends only
    when the string does not look like an id or a value, e.g. "true", "goal_id")."""
    return _call_name(node) == "create" or _dotted(node.func).startswith("rx.el.")


def _literal_text(node: ast.AST) -> str | None:
    """The literal text of a str constant or the literal parts of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def findings(source: str, filename: str = "<src>") -> list[str]:
    """Places in `source` where a component would show static text."""
    found: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.ImportFrom) and node.module == "ip_app.kernel.i18n":
            if any(a.name == "t" for a in node.names):
                found.append(f"{where}: imports the static t(); use tr() from "
                             "ip_app.kernel.i18n.browser")
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name == "t" or _dotted(node.func).endswith("i18n.t"):
            found.append(f"{where}: static t(...) call; use tr(...)")
            continue
        if name in NOT_TEXT_CALLS:
            continue
        component = _is_component_call(node)
        for arg in node.args:
            text = _literal_text(arg)
            if text is None or not _has_letters(text):
                continue
            if component or not IDENTIFIER_LIKE.fullmatch(text):
                found.append(f"{where}: hard-coded text {text!r}; put it in nb.json and use tr()")
        for kw in node.keywords:
            values: list[tuple[str, ast.AST]] = []
            if kw.arg is not None:
                values.append((kw.arg, kw.value))
            if isinstance(kw.value, ast.Dict):  # header={"heading": ...}, custom_attrs={...}
                values += [(k.value.replace("-", "_"), v) for k, v in zip(kw.value.keys,
                                                                            kw.value.values)
                           if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            for prop, value in values:
                text = _literal_text(value)
                if prop in TEXT_PROPS and text is not None and _has_letters(text):
                    found.append(f"{where}: hard-coded {prop}={text!r}; use tr()")
    return found


def test_the_scan_finds_static_text():
    # guards the scan itself: each of these must be found
    bad = '''
from ip_app.kernel.i18n import t
a = ak.Button.create("Lagre")
b = ak.TextField.create(label="Navn", name="name")
c = ak.Heading.create(t("plan.my_goal"), level="1")
d = rx.el.span(f"Hei {name}")
e = ak.Modal.create(header={"heading": "Endre"})
f = rx.el.button(custom_attrs={"aria-label": "Lukk"})
g = section("Tiltak og aktiviteter", id="measures")
'''
    assert len(findings(bad)) == 8, findings(bad)


def test_the_scan_lets_real_code_through():
    good = '''
from ip_app.kernel.i18n.browser import tr
a = ak.Button.create(tr("add.save"), type="submit", variant="secondary")
b = ak.TextField.create(label=tr("add.title"), name="title", error=err.get("title", ""))
c = rx.el.span(" ", ", ")
d = _select(tr("mform.goal"), "goal_id", f.goal_id)
e = rx.cond(P.mode == "person", tr("plan.title_person"), tr("plan.title_staff", name=P.name))
'''
    assert findings(good) == []


def test_there_are_component_modules_to_scan():
    names = {str(p.relative_to(PKG)) for p in component_modules()}
    assert {"kernel/ui/layout.py", "plan/parts.py", "plan/page.py", "auth/login_page.py"} <= names


@pytest.mark.parametrize("path", component_modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_component_module_has_no_static_text(path: Path):
    assert findings(path.read_text(encoding="utf-8"), path.name) == []
