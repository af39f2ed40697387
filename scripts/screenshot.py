"""Take the README's phone screenshots of the first screen from a running `make run` (demo
mode): Amina's Min plan, and Noah's plan as his mother Lene (guardian) sees it.

    .venv/bin/python scripts/screenshot.py [http://localhost:3000] [docs]
"""

import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
OUT = sys.argv[2] if len(sys.argv) > 2 else "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = (("amina", "min-plan-phone.png"), ("foresatt", "min-plan-guardian-phone.png"))


def shoot(browser, username: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, locale="nb-NO",
                                  timezone_id="Europe/Oslo")
    page = context.new_page()
    page.goto(BASE + "/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.get_by_role("region", name="Neste steg").wait_for()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=path)
    context.close()


if __name__ == "__main__":
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for username, name in SHOTS:
            shoot(browser, username, f"{OUT}/{name}")
            print(f"{OUT}/{name}")
        browser.close()
