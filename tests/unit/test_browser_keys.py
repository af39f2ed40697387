"""The browser gets the catalogue keys its pages use, and the list of them is current."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ip_app.kernel.i18n import DEFAULT_LANG, LANGUAGES, browser, catalogue
from tests.utils.server import ROOT


def test_the_list_of_keys_is_what_the_pages_use():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "browser_keys.py"), "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_browser_gets_every_listed_key_and_no_other(lang):
    keys = browser.browser_keys()
    got = browser.browser_catalogue(lang)
    assert keys is not None and set(got) == set(keys)
    assert len(keys) < len(catalogue(DEFAULT_LANG))  # the server's own texts stay behind
    own = catalogue(lang)
    for key, text in got.items():  # its own text where it has one, bokmål where not yet
        assert text == (own.get(key) or catalogue(DEFAULT_LANG)[key])


def test_a_page_cannot_use_a_key_the_list_lacks():
    missing = next(k for k in catalogue(DEFAULT_LANG) if k not in browser.browser_keys())
    with pytest.raises(KeyError, match="browser_keys"):
        browser.tr(missing)
    browser.LISTING = True  # while the list is made, any catalogue key is taken
    try:
        browser.tr(missing)
    finally:
        browser.LISTING = False
