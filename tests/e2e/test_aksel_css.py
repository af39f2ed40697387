"""The global stylesheet loads only the parts of Aksel's CSS the app uses (assets/aksel.css,
issue 20.8). A component used later without its part would show unstyled: every aksel-*
class in the built JavaScript that Aksel's whole sheet styles must be styled by the parts
loaded. Reads the production build the browser tests serve (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.utils.build import ROOT, TEMPLATE, ensure_built, template_read_lock

DIST = ROOT / ".web" / "node_modules" / "@navikt" / "ds-css" / "dist"
CLASS = re.compile(r"aksel-[A-Za-z0-9_-]*[A-Za-z0-9]")


def _styled(css: str) -> set[str]:
    return set(re.findall(r"\.(aksel-[A-Za-z0-9_-]*[A-Za-z0-9])", css))


def _loaded_parts() -> list[Path]:
    sheet = (ROOT / "assets" / "aksel.css").read_text()
    return [DIST / m for m in re.findall(r'@import "@navikt/ds-css/dist/([^"]+)"', sheet)]


def test_every_aksel_class_in_the_built_app_is_styled_by_the_parts_loaded():
    ensure_built()
    with template_read_lock():
        used = {c for js in (TEMPLATE / "assets").rglob("*.js")
                for c in CLASS.findall(js.read_text(errors="replace"))}
    everything = _styled((DIST / "components.min.css").read_text())
    parts = _loaded_parts()
    assert parts and all(p.is_file() for p in parts), parts
    loaded = set().union(*(_styled(p.read_text()) for p in parts))
    needed = used & everything
    assert len(needed) > 50, sorted(needed)  # the app's buttons, fields, cards, ...
    assert needed <= loaded, f"add their parts to assets/aksel.css: {sorted(needed - loaded)}"
