"""Browser helpers shared by the e2e tests."""

from __future__ import annotations

import math
import statistics

from playwright.sync_api import BrowserContext, Locator, Page, expect


def login_page(page: Page, base_url: str, username: str, password: str = "demo") -> Page:
    """Log in through the real login form, as a person would."""
    page.goto(base_url + "/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    return page


def signed_in(page: Page, base_url: str, username: str, password: str = "demo") -> Page:
    """Logged in without the login page: the session cookie from the real login endpoint
    (the POST /auth/login the form makes, tests/utils/http.py) is put into the page's
    browser context, as the browser would keep it, and the page opens "/" (where the form
    sends a person). For tests about what comes after logging in; the form itself is
    driven by `login_page` (test_min_plan, test_accessibility, test_session_end, ...)."""
    from urllib.parse import urlparse

    from tests.utils.http import login_cookie

    name, _, value = login_cookie(base_url, username, password).partition("=")
    host = urlparse(base_url).hostname
    page.context.add_cookies([{"name": name, "value": value, "domain": host, "path": "/",
                               "httpOnly": True, "sameSite": "Strict"}])
    page.goto(base_url + "/")
    return page


def logged_in(context: BrowserContext, base_url: str, username: str) -> Page:
    """A new page in `context`, logged in (`signed_in`) and showing its first heading."""
    page = signed_in(context.new_page(), base_url, username)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def opened_card(page: Page, base_url: str, plan: int, title: str) -> Locator:
    """Plan `plan` opened in `page`, and the card of tiltak `title` on it unfolded ("Vis mer")."""
    page.goto(f"{base_url}/plan/{plan}")
    card = page.get_by_role("region", name=title)
    card.get_by_role("button", name="Vis mer").click()
    return card


# Starts watching the page for `text` and stores the time it appears (or -1 after 10 s) in
# the promise `window.__seen`; read it later with page.evaluate("window.__seen").
WATCH_FOR_TEXT = """(text) => { window.__seen = new Promise(resolve => {
  const seen = () => document.body.innerText.includes(text);
  if (seen()) return resolve(Date.now());
  setTimeout(() => resolve(-1), 10000);
  new MutationObserver((_, obs) => { if (seen()) { obs.disconnect(); resolve(Date.now()); } })
    .observe(document.body, {subtree: true, childList: true, characterData: true});
}); }"""


# resolves with the time the person's card shows history line number `n` and status `label`
OBSERVE = """({title, n, label}) => { window.__seen = new Promise(resolve => {
  const card = () => [...document.querySelectorAll('[aria-label]')]
    .find(e => e.getAttribute('aria-label') === title);
  const seen = () => { const c = card(); return !!c
    && c.querySelectorAll('.history-list > li').length >= n
    && c.querySelector('.card-tags').innerText.includes(label); };
  if (seen()) return resolve(Date.now());
  setTimeout(() => resolve(-1), 10000);
  new MutationObserver((_, obs) => { if (seen()) { obs.disconnect(); resolve(Date.now()); } })
    .observe(document.body, {subtree: true, childList: true, characterData: true});
}); }"""

# on the veileder's page: the time of every click on "Lagre status" (survives re-renders)
CLICK_CLOCK = """() => document.addEventListener('click', e => {
  const b = e.target.closest('button');
  if (b && b.innerText.includes('Lagre status')) window.__clicked = Date.now();
}, {capture: true})"""


# add to a context before its pages load: the time of the last websocket frame sent and
# received, to split a live update's time into its parts (see `split_times`)
WS_CLOCK = """(() => { const W = window.WebSocket;
  window.WebSocket = class extends W {
    constructor(...args) { super(...args);
      this.addEventListener('message', () => { window.__received = Date.now(); }); }
    send(data) { window.__sent = Date.now(); return super.send(data); } }; })()"""


def split_times(staff, person, seen: int) -> tuple[int, int, int]:  # noqa: ANN001
    """(click -> event sent by the clicking page, sent -> update received by the other
    page, received -> shown there) in ms, for a change `seen` on `person` at that time;
    both contexts need `WS_CLOCK` and the clicking page `CLICK_CLOCK`."""
    clicked, sent = staff.evaluate("[window.__clicked, window.__sent]")
    received = person.evaluate("window.__received")
    return sent - clicked, received - sent, seen - received


def split_summary(parts: list[tuple[int, int, int]]) -> str:
    med = [statistics.median(p[k] for p in parts) for k in range(3)]
    return (f"median parts: click -> sent {med[0]:.0f} ms, sent -> received by the other page "
            f"{med[1]:.0f} ms, received -> shown {med[2]:.0f} ms")


def percentile(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank
