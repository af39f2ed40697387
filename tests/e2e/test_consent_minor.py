"""Consent for a young person under 16 (issue 3): the guardian decides, the young person sees.

Demo data: Tobias Lund (14) and his mother Lise Lund (foresatt, role verge on his plan).
Siri Dahl (kontaktlærer) has asked to see the plan. Lise approves on "Hvem ser planen min";
Tobias sees what was agreed, with no buttons to decide; Emil (23) decides himself.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.utils.db import query

GUARDIAN_NOTE = "Det er du som foresatt eller verge som bestemmer"
MINOR_NOTE = "Fordi du er under 16 år, er det foresatte eller verge som bestemmer"


def _login(context, app, username: str) -> Page:
    page = context.new_page()
    page.goto(app.url + "/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def _teacher_consent(app) -> tuple:
    return query(app.db_url, """
        SELECT c.status, d.username FROM consent c
        JOIN participant p ON p.id = c.participant_id JOIN account a ON a.id = p.account_id
        JOIN plan ON plan.id = c.plan_id JOIN account o ON o.id = plan.person_id
        LEFT JOIN account d ON d.id = c.decided_by_id
        WHERE a.username = 'laerer' AND o.username = 'tobias' ORDER BY c.id DESC LIMIT 1""")[0]


def test_guardian_approves_for_the_minor_who_sees_but_cannot_decide(
        browser: Browser, browser_context_args, app):
    assert _teacher_consent(app)[0] == "requested"
    minor_ctx = browser.new_context(**browser_context_args)
    guardian_ctx = browser.new_context(**browser_context_args)
    adult_ctx = browser.new_context(**browser_context_args)
    try:
        # the young person: sees the request, but it is the guardian who answers
        tobias = _login(minor_ctx, app, "tobias")
        tobias.goto(app.url + "/samtykker")
        expect(tobias.get_by_text(MINOR_NOTE)).to_be_visible()
        card = tobias.get_by_role("region", name="Siri Dahl ber om å se planen din")
        expect(card).to_contain_text("Foresatte eller verge svarer på denne.")
        expect(card.get_by_role("button", name="Godkjenn", exact=True)).to_have_count(0)

        # the guardian approves
        lise = _login(guardian_ctx, app, "foresatt")
        lise.goto(app.url + "/samtykker")
        expect(lise.get_by_text(GUARDIAN_NOTE)).to_be_visible()
        gcard = lise.get_by_role("region", name="Siri Dahl ber om å se planen din")
        gcard.get_by_role("button", name="Godkjenn", exact=True).click()
        expect(lise.get_by_role("status").filter(has_text="Siri Dahl kan nå se")).to_be_visible()
        assert _teacher_consent(app) == ("granted", "foresatt")

        # the young person sees what was agreed (live), still without buttons to change it
        expect(card).to_have_count(0)
        siri = tobias.get_by_role("listitem").filter(
            has=tobias.get_by_role("heading", name="Siri Dahl"))
        expect(siri).to_contain_text("Målene dine")
        expect(tobias.get_by_role("button", name="Trekk tilbake")).to_have_count(0)
        expect(tobias.get_by_role("button", name="Endre")).to_have_count(0)
        expect(lise.get_by_role("button", name="Trekk tilbake").first).to_be_visible()

        # from 16 the person decides: no guardian note, and the buttons are the person's
        emil = _login(adult_ctx, app, "emil")
        emil.goto(app.url + "/samtykker")
        expect(emil.get_by_role("heading", name="Hvem ser planen min")).to_be_visible()
        expect(emil.get_by_role("button", name="Trekk tilbake").first).to_be_visible()
        expect(emil.get_by_text(MINOR_NOTE)).to_have_count(0)
    finally:
        minor_ctx.close()
        guardian_ctx.close()
        adult_ctx.close()
