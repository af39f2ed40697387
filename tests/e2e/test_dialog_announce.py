"""Saying what happens in a conversation (issue 20): "Ny samtale → Send" confirms in the
polite live region, and a message from someone else that arrives while the conversation
is open is announced there ("Ny melding fra Kari Nordmann."), not on opening it."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect

from ip_app.kernel.i18n import t
from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of


def test_a_new_conversation_is_confirmed_and_an_answer_announced(
        browser: Browser, browser_context_args, app):
    subject = f"Kurs {uuid.uuid4().hex[:6]}"
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        amina = logged_in(person_ctx, app.url, "amina")
        amina.get_by_role("link", name="Meldinger").first.click()
        amina.get_by_role("button", name="Ny samtale").click()
        amina.get_by_label("Hva gjelder det?").fill(subject)
        amina.get_by_role("checkbox", name="Kari Nordmann (NAV-veileder)").check()
        amina.get_by_label("Melding", exact=True).fill("Hei, kan vi snakke om kurset?")
        amina.get_by_role("button", name="Send").click()
        expect(amina.get_by_role("heading", level=1, name=subject)).to_be_visible()
        expect(amina.get_by_role("status").filter(
            has_text=t("dialog.started", "nb"))).to_be_visible()
        arrival = amina.locator("#dialog-arrival")
        expect(arrival).to_have_attribute("aria-live", "polite")
        expect(arrival).to_have_text("")  # nothing to say on opening it

        kari = logged_in(staff_ctx, app.url, "veileder")
        kari.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}/dialog")
        kari.get_by_role("link", name=subject).click()
        expect(kari.get_by_role("heading", level=1, name=subject)).to_be_visible()
        expect(kari.locator("#dialog-arrival")).to_have_text("")
        kari.get_by_label("Melding", exact=True).fill("Ja, ring meg i morgen.")
        kari.get_by_role("button", name="Send").click()
        expect(kari.get_by_role("status").filter(has_text=t("dialog.sent", "nb"))).to_be_visible()
        # Amina's open page: the message arrives and is said politely
        expect(amina.get_by_text("Ja, ring meg i morgen.")).to_be_visible()
        expect(arrival).to_have_text(t("dialog.new_from", "nb", name="Kari Nordmann"))
        # her own answer is not announced to herself as news
        amina.get_by_label("Melding", exact=True).fill("Takk!")
        amina.get_by_role("button", name="Send").click()
        expect(kari.get_by_text("Takk!")).to_be_visible()
        expect(kari.locator("#dialog-arrival")).to_have_text(
            t("dialog.new_from", "nb", name="Amina Yusuf"))
        expect(arrival).to_have_text(t("dialog.new_from", "nb", name="Kari Nordmann"))
    finally:
        person_ctx.close()
        staff_ctx.close()
