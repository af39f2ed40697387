"""The access log people read (issue 20): grouped by who and day, each line saying which
part of the plan, filtered by who, refused attempts apart."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.utils.db import plan_id_of, query


def test_the_log_says_which_conversation_and_filters_by_who(page: Page, login, app):
    plan = plan_id_of(app.db_url, "amina")
    thread, subject = query(app.db_url, """SELECT t.id, t.subject FROM thread t JOIN
        thread_member m ON m.thread_id = t.id JOIN account a ON a.id = m.account_id
        WHERE t.plan_id = :p AND a.username = 'veileder' ORDER BY t.id LIMIT 1""", p=plan)[0]
    login("veileder")
    page.goto(f"{app.url}/dialog/{thread}")
    expect(page.get_by_role("heading", level=1, name=subject)).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    login("amina")
    page.get_by_role("link", name="Hvem har sett planen min").click()
    log = page.get_by_role("list", name="Tilgangslogg")
    kari = log.get_by_role("listitem").filter(has_text=re.compile(
        r"^Kari Nordmann, NAV Molde, (så|brukte) planen din (én gang|\d+ ganger) i dag"))
    expect(kari.first).to_be_visible()
    line = kari.first.get_by_role("listitem").filter(has_text="leste en samtale").first
    expect(line).to_contain_text(f"Samtalen «{subject}»")

    # only one person
    page.get_by_label("Vis bare").select_option(label="Kari Nordmann")
    expect(log.get_by_role("listitem").filter(has_text=re.compile("^Nils Vik|^Ola Hansen"))
           ).to_have_count(0)
    expect(log.get_by_role("listitem").first).to_contain_text("Kari Nordmann")
    page.get_by_label("Vis bare").select_option(label="Alle")
    expect(page.get_by_text(re.compile(r"^Viser 1–\d+ av \d+$"))).to_be_visible()
