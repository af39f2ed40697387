"""Goals in the person's own words: never overwritten silently, every wording kept."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, scalar




def test_staff_change_of_the_goal_needs_a_reason_and_the_person_sees_the_old_words(
        browser: Browser, browser_context_args, app):
    new = "Jeg vil ha en fast jobb på et lager eller en butikk, minst 60 prosent."
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        person = logged_in(person_ctx, app.url, "emil")
        goal = person.get_by_role("region", name="Målet mitt")
        old_text = goal.locator("blockquote").inner_text()
        staff = logged_in(staff_ctx, app.url, "veileder")
        staff.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'emil')}")
        # staff read the goal in the person's name ("Emils mål"), the person "Målet mitt"
        staff.get_by_role("region", name="Emils mål").get_by_role("button", name="Endre målet").click()
        dialog = staff.get_by_role("dialog")
        dialog.get_by_label("Målet med dine egne ord").fill(new)
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog.get_by_text("Skriv kort hvorfor du endrer målet")).to_be_visible()
        dialog.get_by_label("Hvorfor endres målet?").fill("Emil sa på møtet at butikk også passer.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(staff.get_by_role("status").filter(has_text="Målet er lagret")).to_be_visible()

        # live on the person's page, with the old words and the reason one tap away
        expect(goal.locator("blockquote")).to_have_text(new)
        goal.get_by_text("Tidligere versjoner").click()
        expect(goal.get_by_text(f"«{old_text}»", exact=False)).to_be_visible()
        expect(goal.get_by_text("Kari Nordmann (NAV-veileder) endret til")).to_be_visible()
        expect(goal.get_by_text("Emil sa på møtet at butikk også passer.")).to_be_visible()
    finally:
        person_ctx.close()
        staff_ctx.close()


def test_person_rewords_a_sub_goal_in_their_own_words(browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "sara")
        versions_before = scalar(app.db_url, "SELECT count(*) FROM goal_version")
        progress = page.get_by_role("region", name="Framdrift")
        progress.get_by_role("button", name="Endre delmålet").first.click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Målet med dine egne ord").fill("")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog.get_by_text("Skriv målet.")).to_be_visible()
        dialog.get_by_label("Målet med dine egne ord").fill("Jeg vil klare meg uten sosialhjelp.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(progress.get_by_text("Jeg vil klare meg uten sosialhjelp.", exact=True)).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM goal_version") == versions_before + 1
    finally:
        ctx.close()
