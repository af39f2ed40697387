"""A change by one person shows at once on every other open page of the plan."""

from __future__ import annotations

import statistics

from playwright.sync_api import Browser, expect

from tests.utils.browser import (
    CLICK_CLOCK, OBSERVE, WATCH_FOR_TEXT, WS_CLOCK, logged_in, percentile, split_summary,
    split_times,
)
from tests.utils.db import plan_id_of

REPEATS = 11  # an odd number: the series ends on Gjennomføres, as the first change


def test_status_change_by_veileder_arrives_live_on_the_persons_phone(
        browser: Browser, browser_context_args, app):
    title = "Søke helsefagarbeiderutdanning for voksne"
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    for ctx in (person_ctx, staff_ctx):
        ctx.add_init_script(WS_CLOCK)
    try:
        person = logged_in(person_ctx, app.url, "amina")
        card = person.get_by_role("region", name=title)
        expect(card.get_by_text("Planlagt", exact=True)).to_be_visible()

        staff = logged_in(staff_ctx, app.url, "veileder")
        staff.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
        staff_card = staff.get_by_role("region", name=title)
        staff_card.get_by_role("button", name="Vis mer").click()
        staff_card.get_by_role("combobox", name="Endre status").select_option(label="Gjennomføres")

        # the person's page: watch for the new history line, then click on the other page
        person.get_by_role("region", name=title).get_by_role("button", name="Vis mer").click()
        person.evaluate(WATCH_FOR_TEXT, "Kari Nordmann (NAV-veileder) endret status fra "
                                               "Planlagt til Gjennomføres")
        staff.evaluate(CLICK_CLOCK)
        version_field = staff_card.locator("input[name=version]")
        version0 = int(version_field.input_value())
        save = staff_card.get_by_role("button", name="Lagre status")
        save.click()
        arrived_at = person.evaluate("window.__seen")
        assert arrived_at > 0, "the change never arrived on the person's page"
        times = [arrived_at - staff.evaluate("window.__clicked")]
        parts = [split_times(staff, person, arrived_at)]
        # a series of changes back and forth (one backend worker): time each arrival
        history = person.get_by_role("region", name=title).locator(".history-list > li")
        lines0 = history.count()
        expect(version_field).to_have_value(str(version0 + 1))
        for i in range(1, REPEATS):
            label = "Planlagt" if i % 2 else "Gjennomføres"
            person.evaluate(OBSERVE, {"title": title, "n": lines0 + i, "label": label})
            staff_card.get_by_role("combobox", name="Endre status").select_option(label=label)
            save.click()
            arrived_at = person.evaluate("window.__seen")
            assert arrived_at > 0, f"change {i + 1} ({label}) never reached the person's page"
            times.append(arrived_at - staff.evaluate("window.__clicked"))
            parts.append(split_times(staff, person, arrived_at))
            expect(version_field).to_have_value(str(version0 + 1 + i))
        print(f"\nlive, one worker: the veileder's click -> the person's page, {REPEATS} changes: "
              f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 95)} ms, "
              f"max {max(times)} ms ({times}); {split_summary(parts)}")
        expect(person.get_by_role("region", name=title).get_by_text("Gjennomføres", exact=True)
               ).to_be_visible()
        # nothing reloaded: the person's page is the same document
        assert person.evaluate("performance.getEntriesByType('navigation').length") == 1
        # and it is announced politely there (issue 6), not on the page that made it
        expect(person.get_by_role("status").filter(has_text="Planen ble oppdatert kl.")
               ).to_be_visible()
        expect(staff.get_by_text("Planen ble oppdatert kl.")).to_have_count(0)
    finally:
        person_ctx.close()
        staff_ctx.close()
