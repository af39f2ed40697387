"""Forhåndsorientering on a phone: the veileder sends one on an agreed tiltak in Amina's
plan (an empty part is refused at its field), Amina sees it on the card apart from other
notes and confirms having read it, and the veileder sees it as read with the time."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in, opened_card
from tests.utils.db import plan_id_of, scalar

TILTAK = "Norskopplæring spor 2 mot B1"
REQUIRED = "Du skal møte på norskkurset fire dager i uka, slik vi har avtalt."


def test_sent_read_and_shown_as_read(browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    mid = scalar(app.db_url, "SELECT id FROM measure WHERE plan_id = :p AND title = :t",
                 p=plan, t=TILTAK)
    rows = lambda: scalar(app.db_url, "SELECT count(*) FROM advance_notice WHERE measure_id = :m",
                          m=mid)
    before = rows()
    staff_ctx = browser.new_context(**browser_context_args)
    person_ctx = browser.new_context(**browser_context_args)
    try:
        staff = logged_in(staff_ctx, app.url, "veileder")
        card = opened_card(staff, app.url, plan, TILTAK)
        card.get_by_role("link", name="Legg til forhåndsorientering").click()
        expect(staff.get_by_role("heading", level=1, name="Forhåndsorientering")).to_be_visible()
        expect(staff.get_by_text(TILTAK)).to_be_visible()
        form = staff.get_by_role("region", name="Ny forhåndsorientering")
        # the template is there; emptying one part is refused at that field
        expect(form.get_by_label("Hva skjer hvis du ikke gjør det")).to_contain_text(
            "stanse eller redusere")
        form.get_by_label("Hva du må gjøre").fill("")
        form.get_by_role("button", name="Send forhåndsorienteringen").click()
        expect(form.get_by_text("Skriv hva personen må gjøre.")).to_be_visible()
        assert rows() == before
        form.get_by_label("Hva du må gjøre").fill(REQUIRED)
        form.get_by_role("button", name="Send forhåndsorienteringen").click()
        expect(staff.get_by_role("status").get_by_text("Forhåndsorienteringen er sendt.")
               ).to_be_visible()
        sent = staff.get_by_role("region", name="Forhåndsorienteringer").get_by_role(
            "listitem").filter(has_text=REQUIRED)
        expect(sent.get_by_text("Ikke lest ennå")).to_be_visible()
        assert rows() == before + 1

        # Amina sees it on the card, apart from other notes, and confirms
        person = logged_in(person_ctx, app.url, "amina")
        mine = person.get_by_role("region", name=TILTAK)
        expect(mine.get_by_text("Forhåndsorientering – ikke lest")).to_be_visible()
        mine.get_by_role("button", name="Vis mer").click()
        mine.get_by_role("link", name="Les forhåndsorienteringen").click()
        notice = person.get_by_role("region", name="Forhåndsorienteringer").get_by_role(
            "listitem").filter(has_text=REQUIRED)
        expect(notice.get_by_text("Dine rettigheter")).to_be_visible()
        notice.get_by_role("button", name="Jeg har lest dette").click()
        expect(person.get_by_role("status").get_by_text("NAV ser at du har lest dette")
               ).to_be_visible()
        expect(notice.get_by_role("button", name="Jeg har lest dette")).to_have_count(0)
        assert scalar(app.db_url, "SELECT count(*) FROM advance_notice WHERE measure_id = :m "
                                  "AND read_at IS NOT NULL AND required = :r",
                      m=mid, r=REQUIRED) == 1

        # the veileder sees it as read, with who and when (live, and on the card)
        expect(sent.get_by_text("Lest av Amina Yusuf", exact=False)).to_be_visible()
        card = opened_card(staff, app.url, plan, TILTAK)
        expect(card.get_by_text("Lest av Amina Yusuf", exact=False)).to_be_visible()
    finally:
        staff_ctx.close()
        person_ctx.close()


def test_a_helper_without_the_right_is_refused(browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    mid = scalar(app.db_url, "SELECT id FROM measure WHERE plan_id = :p AND title = :t",
                 p=plan, t=TILTAK)
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "laerer")  # the teacher: responsible, not NAV
        page.goto(f"{app.url}/plan/{plan}/tiltak/{mid}/forhandsorientering")
        expect(page.get_by_role("heading", level=1, name="Forhåndsorientering")).to_be_visible()
        expect(page.get_by_text("Du har ikke tilgang", exact=False).or_(
            page.get_by_role("alert"))).to_be_visible()
        expect(page.get_by_role("button", name="Send forhåndsorienteringen")).to_have_count(0)
    finally:
        ctx.close()
