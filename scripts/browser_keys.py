"""The list of catalogue keys the pages look up in the browser (kernel/i18n/browser.py).

    .venv/bin/python scripts/browser_keys.py           # write ip_app/kernel/i18n/browser_keys.txt
    .venv/bin/python scripts/browser_keys.py --check   # exit 1 if the file is out of date

It builds every page of the app, as `reflex export` does, and notes every key `tr` was
asked for on the way (components made when a module is imported included). Run it after
a page starts or stops using a key; `tr` refuses a key the list lacks when pages are built,
and tests/unit/test_browser_keys.py fails while the file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file from anywhere

from ip_app.kernel.i18n import browser  # noqa: E402


def used_keys() -> list[str]:
    browser.LISTING = True
    try:
        from ip_app.ip_app import app

        for route in list(app._unevaluated_pages):
            app._compile_page(route, save_page=False)
    finally:
        browser.LISTING = False
    return sorted(browser.USED)


def render(keys: list[str]) -> str:
    return "".join(k + "\n" for k in keys)  # one key per line


def main(argv: list[str]) -> int:
    text = render(used_keys())
    if "--check" in argv:
        if not browser.KEYS_FILE.exists() or browser.KEYS_FILE.read_text(encoding="utf-8") != text:
            print(f"{browser.KEYS_FILE} is out of date: run `.venv/bin/python scripts/browser_keys.py`")
            return 1
        return 0
    browser.KEYS_FILE.write_text(text, encoding="utf-8")
    print(f"{browser.KEYS_FILE}: {text.count(chr(10))} keys")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
