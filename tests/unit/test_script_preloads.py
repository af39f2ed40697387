"""The built pages' script preloads at low fetch priority (issue 20.8, kernel/build_preload.py):
the first paint waits for the HTML and the stylesheet, not for ~210 KB of JavaScript."""

from __future__ import annotations

from pathlib import Path

import rxconfig
from ip_app.kernel.build_preload import LowPriorityScriptPreloads, low_priority_preloads

# the <head> React Router writes for a prerendered page (shortened from a real build)
HEAD = (
    '<link href="/favicon.svg" rel="icon" type="image/svg+xml"/>'
    '<link as="style" href="/assets/__reflex_global_styles-BsUokXhD.css" rel="preload"/>'
    '<link rel="modulepreload" href="/assets/manifest-ec8e8d45.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-DMqNtF3h.js"/>'
    '<link rel="modulepreload" href="/assets/page-C0Um935n.js"/>'
    '<link href="/assets/__reflex_global_styles-BsUokXhD.css" rel="stylesheet" type="text/css"/>'
)


def test_every_module_preload_gets_low_priority_and_nothing_else_changes():
    out = low_priority_preloads(HEAD)
    assert out.count('<link fetchpriority="low" rel="modulepreload"') == 3
    assert out.count("fetchpriority") == 3
    # the stylesheet, its preload and the icon are as they were
    assert out.replace('<link fetchpriority="low" rel="modulepreload"',
                       '<link rel="modulepreload"') == HEAD
    assert low_priority_preloads(out) == out  # a second run changes nothing


def test_a_preload_that_already_has_a_priority_keeps_it():
    html = '<link rel="modulepreload" fetchpriority="high" href="/assets/a-12345678.js"/>'
    assert low_priority_preloads(html) == html


def test_the_plugin_rewrites_every_built_page(tmp_path: Path):
    (tmp_path / "login").mkdir()
    pages = [tmp_path / "index.html", tmp_path / "login" / "index.html",
             tmp_path / "__spa-fallback.html"]
    for page in pages:
        page.write_text(f"<html><head>{HEAD}</head><body></body></html>")
    script = tmp_path / "assets-a.js"
    script.write_text('const s = \'<link rel="modulepreload" href="x.js"/>\';')

    LowPriorityScriptPreloads().post_build(static_dir=tmp_path)

    for page in pages:
        assert page.read_text().count('fetchpriority="low"') == 3, page
    assert "fetchpriority" not in script.read_text()  # only the HTML pages


def test_the_app_builds_with_the_plugin():
    assert any(isinstance(p, LowPriorityScriptPreloads) for p in rxconfig.config.plugins)
