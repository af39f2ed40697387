"""The built pages' script preloads at low fetch priority (issue 20.8), a Reflex build plugin.

Every prerendered page (React Router's `<Scripts/>`) lists the page's JavaScript in `<head>`
as `<link rel="modulepreload">`, 20-30 files (~210 KB brotli on the plan page), and the
browser fetches them at High priority, beside the one stylesheet the first paint waits for.
The prerendered page (header, heading, "Henter planen ...") can be painted as soon as
the HTML and that stylesheet are in; the scripts are needed only after it, to hydrate and
show the plan. `fetchpriority="low"` on the preloads says so: the stylesheet and the fonts
first, then the scripts. They are still fetched at once, in parallel, from the first
byte of HTML on (the preload is kept, not removed). In a real Chromium the first paint
did not wait for them before either, and the plan appears as soon as before (measured with
slow-4G emulation: docs/languages-and-accessibility.md, fourth round).

Lighthouse (Lantern, slow 4G simulated) counts a High-priority script that was fetched
before the first paint as render-blocking: with the preloads at High the plan page's FCP
was ~2.9 s (all the JavaScript over the simulated line), at low ~0.9 s.

Reflex calls `post_build` after the Vite build and before it compresses the output
(`reflex export`, `reflex run --env prod`), so the .br/.gz files carry the change too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reflex_base.plugins import Plugin

_MODULEPRELOAD = re.compile(r'<link\b(?=[^>]*\brel="modulepreload")(?![^>]*\bfetchpriority=)',
                            re.I)


def low_priority_preloads(html: str) -> str:
    """`html` with fetchpriority="low" on every module preload that has no priority yet."""
    return _MODULEPRELOAD.sub('<link fetchpriority="low"', html)


class LowPriorityScriptPreloads(Plugin):
    """Rewrites the built HTML pages: module preloads at low fetch priority."""

    def post_build(self, **context: Any) -> None:
        static_dir = Path(context["static_dir"])
        for page in static_dir.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            new = low_priority_preloads(text)
            if new != text:
                page.write_text(new, encoding="utf-8")
