"""Keyboard only (issue 6, WCAG 2.1.1, 2.4.3, 2.4.7): the person's main flows with
Tab, Shift+Tab, Enter, Space and Escape, no mouse. Every stop must show its focus.

Flows: log in, skip to the content, read the plan, open a tiltak, open and close the
add-activity dialog, approve a consent request.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.utils.db import execute, plan_id_of, query

# What has focus: its role/tag, accessible text, and whether a focus ring is drawn
# (an outline or box-shadow on it or on the wrapper Aksel draws the ring on).
FOCUSED = """() => {
  const el = document.activeElement;
  const ring = (e) => { const cs = getComputedStyle(e);
    return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) ||
           (cs.boxShadow && cs.boxShadow !== 'none'); };
  let shown = false;
  for (let e = el, i = 0; e && i < 3; e = e.parentElement, i++) if (ring(e)) shown = true;
  const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
  return {tag: el.tagName.toLowerCase(), type: el.type || '', text: (el.innerText || label ||
          el.getAttribute('aria-label') || '').trim().slice(0, 80), ring: shown,
          expanded: el.getAttribute('aria-expanded')};
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page: Page, matches, limit: int = 120, back: bool = False) -> dict:
    """Press Tab until `matches(focused)`; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        f = focused(page)
        if f["tag"] != "body":
            assert f["ring"], f"no visible focus on {f}"
        if matches(f):
            return f
    raise AssertionError("never reached the element by Tab")


@pytest.fixture
def relative_request_pending(app):
    """Amina has a request from Hassan Yusuf (pårørende) to answer; put back afterwards."""
    plan = plan_id_of(app.db_url, "amina")
    row = query(app.db_url, "SELECT c.id, c.status, c.scopes, c.version, c.decided_at FROM "
                            "consent c JOIN participant p ON p.id = c.participant_id JOIN "
                            "account a ON a.id = p.account_id WHERE a.username = 'parorende' "
                            "AND c.plan_id = :p ORDER BY c.id DESC LIMIT 1", p=plan)[0]
    cid, status, scopes, version, decided = row
    execute(app.db_url, "UPDATE consent SET status = 'requested', scopes = 'dialog,goals' "
                        "WHERE id = :c", c=cid)
    yield cid
    execute(app.db_url, "UPDATE consent SET status = :s, scopes = :sc, version = :v, "
                        "decided_at = :d WHERE id = :c", s=status, sc=scopes, v=version,
            d=decided, c=cid)


def test_login_page_focus_order(page: Page, app):
    page.goto(app.url + "/login")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    stops = []
    for _ in range(5):
        page.keyboard.press("Tab")
        f = focused(page)
        assert f["ring"], f"no visible focus on {f}"
        stops.append((f["tag"], f["text"]))
    assert stops == [("a", "Gå til hovedinnhold"), ("summary", "Språk – Language"),
                     ("input", "Brukernavn"), ("input", "Passord"), ("button", "Logg inn")]


def test_person_main_flows_by_keyboard_only(page: Page, app, relative_request_pending):
    # -- log in ------------------------------------------------------------------------
    page.goto(app.url + "/login")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    tab_to(page, lambda f: f["text"] == "Brukernavn")
    page.keyboard.type("amina")
    tab_to(page, lambda f: f["text"] == "Passord")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min plan")

    # -- skip the header, read the plan ------------------------------------------------
    tab_to(page, lambda f: f["text"] == "Gå til hovedinnhold")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "hovedinnhold"
    expect(page.get_by_role("heading", name="Målet mitt")).to_be_visible()

    # -- approve a consent request (the inline card near the top) ------------------------
    card = page.get_by_role("region", name="Hassan Yusuf ber om å se planen din")
    expect(card).to_be_visible()
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Godkjenn")
    page.keyboard.press("Space")
    expect(page.get_by_role("status").filter(has_text="Hassan Yusuf kan nå se")).to_be_visible()
    expect(card).to_have_count(0)
    assert query(app.db_url, "SELECT status FROM consent WHERE id = :c",
                 c=relative_request_pending)[0][0] == "granted"

    # -- open a tiltak -------------------------------------------------------------------
    region = page.get_by_role("region", name="Norskopplæring spor 2 mot B1")
    tab_to(page, lambda f: f["expanded"] == "false" and f["tag"] == "button"
               and page.evaluate("() => !!document.activeElement.closest("
                                 "'[aria-label=\"Norskopplæring spor 2 mot B1\"]')"))
    page.keyboard.press("Enter")
    expect(region.get_by_text("avtalt med NAV, så du kan ikke endre den selv")).to_be_visible()
    assert focused(page)["expanded"] == "true"

    # -- the add-activity dialog: Enter opens, focus moves in, Escape closes -------------
    tab_to(page, lambda f: f["text"] == "Legg til egen aktivitet")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert page.evaluate("() => !!document.activeElement.closest('dialog')")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert focused(page)["text"] == "Legg til egen aktivitet"  # focus comes back

    # -- write a message -----------------------------------------------------------------
    # PLACE FOR THE DIALOG BRANCH (issue: dialog/messages): when the message thread lands,
    # Tab to its "Skriv en melding" field here, type, Tab to "Send", press Enter, and
    # expect the message in the thread and a polite status; nothing to walk before that.
