"""Take the README's phone screenshot of Min plan from a running `make run` (demo mode).

    .venv/bin/python scripts/screenshot.py [http://localhost:3000] [docs/min-plan-phone.png]
"""

import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
OUT = sys.argv[2] if len(sys.argv) > 2 else "docs/min-plan-phone.png"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(BASE + "/login")
    page.get_by_label("Brukernavn").fill("amina")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.get_by_role("region", name="Målet mitt").wait_for()
    page.screenshot(path=OUT)
    browser.close()
    print(OUT)
