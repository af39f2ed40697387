"""The person sorts her tiltak by goal or by status (the "Vis etter" choice), and a change
made by her veileder meanwhile shows in the grouping she has chosen, at once.

By status the tiltak come as one var per status group, by goal as one var of goal groups
(ip_app/plan/state.py); this drives both in the browser, on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.utils.browser import logged_in, opened_card
from tests.utils.db import plan_id_of, query

TITLE = "Søke helsefagarbeiderutdanning for voksne"


def _group(page: Page, heading: str):
    """The group of tiltak under the level-3 heading `heading`."""
    return page.locator("section").filter(
        has=page.get_by_role("heading", level=3, name=heading, exact=True)).last


def test_tiltak_by_goal_then_by_status_and_a_change_follows_live(
        page: Page, login, app, browser: Browser, browser_context_args):
    plan = plan_id_of(app.db_url, "amina")
    (goal,), = query(app.db_url, "SELECT g.text FROM measure m JOIN goal g ON g.id = m.goal_id "
                                 "WHERE m.plan_id = :p AND m.title = :t", p=plan, t=TITLE)
    login("amina")
    expect(_group(page, "Planlagt").get_by_role("region", name=TITLE)).to_be_visible()

    page.get_by_role("radio", name="Mål").click()
    by_goal = _group(page, goal)
    expect(by_goal.get_by_role("region", name=TITLE)).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Planlagt", exact=True)).to_have_count(0)

    # the veileder moves the tiltak while her page shows it by goal
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        staff = logged_in(staff_ctx, app.url, "veileder")
        card = opened_card(staff, app.url, plan, TITLE)
        card.get_by_role("combobox", name="Endre status").select_option(label="Gjennomføres")
        card.get_by_role("button", name="Lagre status").click()
        expect(card.get_by_text("Gjennomføres", exact=True).first).to_be_visible()
    finally:
        staff_ctx.close()
    mine = by_goal.get_by_role("region", name=TITLE)
    expect(mine.get_by_text("Gjennomføres", exact=True).first).to_be_visible()

    page.get_by_role("radio", name="Status").click()
    expect(_group(page, "Gjennomføres").get_by_role("region", name=TITLE)).to_be_visible()
    expect(_group(page, "Planlagt").get_by_role("region", name=TITLE)).to_have_count(0)
    expect(page.get_by_role("heading", level=3, name=re.compile(re.escape(goal)))).to_have_count(0)
