"""First load of Min plan in Chromium from the production build.

Logged in through the real login route (the cookie is put in a fresh browser context, so
every run starts with an empty cache); time from `goto` to the person's main goal being
visible on a 390x844 viewport, and the JavaScript bytes the page fetched (resource
timing: encodedBodySize = bytes on the wire without headers, decodedBodySize = after
decompression).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from tests.utils.http import login_cookie

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
GOAL = "Jeg vil jobbe som helsefagarbeider og klare meg selv."

JS_BYTES = """() => {
  const js = performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.endsWith('.js'));
  const sum = k => js.reduce((a, e) => a + (e[k] || 0), 0);
  return {files: js.length, encoded: sum('encodedBodySize'), decoded: sum('decodedBodySize'),
          transfer: sum('transferSize')};
}"""


def first_load(url: str, runs: int = 5) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    assert url.startswith("http://127.0.0.1:")
    name, value = login_cookie(url, "amina").split("=", 1)
    times, sizes = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                ctx = browser.new_context(viewport={"width": 390, "height": 844})
                ctx.add_cookies([{"name": name, "value": value, "url": url}])
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(url + "/", wait_until="commit")
                page.get_by_text(GOAL).first.wait_for(state="visible", timeout=30_000)
                times.append(time.perf_counter() - t0)
                page.wait_for_load_state("networkidle", timeout=15_000)
                sizes.append(page.evaluate(JS_BYTES))
                ctx.close()
        finally:
            browser.close()
    last = sizes[-1]
    return {"runs": runs, "p50_ms": statistics.median(times) * 1000,
            "max_ms": max(times) * 1000, "first_ms": times[0] * 1000,
            "js_files": last["files"], "js_encoded_kb": last["encoded"] / 1024,
            "js_decoded_kb": last["decoded"] / 1024, "js_transfer_kb": last["transfer"] / 1024}
