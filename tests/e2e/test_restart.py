"""The backend dies while the person writes and sends a message (#8): the page says so,
keeps the text, recovers by itself, and the message is stored exactly once.

Robust on a loaded machine: every step waits for the condition it needs (the server
answering, the page's notice, the message), with deadlines far above what a quiet
machine needs, never for a fixed time. "Tilkoblet igjen" shows for 6 s only after the
socket is back (kernel/ui/shell.jsx), which may happen before `start()` has seen the server
answer: the page records what the notice says when it appears, watched from before the kill.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in
from tests.utils.db import scalar
from tests.utils.server import cleanup, start_restartable

TEXT = "Skrevet mens serveren startet på nytt"
LOADED = 60_000  # ms: generous deadlines for a machine busy with other work

# stores in window.__back the text the connection notice shows when it first says the
# socket is back (data-state "back", kernel/ui/shell.jsx)
WATCH_BACK = """() => { window.__back = "";
  new MutationObserver(() => {
    const notice = document.querySelector('[role=status][data-state=back]');
    if (!window.__back && notice && notice.innerText) window.__back = notice.innerText;
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             characterData: true}); }"""


@pytest.fixture(scope="module")
def restartable():
    running = start_restartable()
    yield running
    cleanup(running)


def test_send_during_a_restart_is_stored_once(browser: Browser, browser_context_args,
                                              restartable):
    ctx = browser.new_context(**browser_context_args)
    try:
        amina = logged_in(ctx, restartable.url, "amina")
        amina.goto(f"{restartable.url}/dialog")
        amina.get_by_role("link", name="Praksis på Fjordly sykehjem").click()
        box = amina.get_by_label("Melding", exact=True)
        box.fill(TEXT)
        expect(box).to_have_value(TEXT)
        amina.evaluate(WATCH_BACK)

        restartable.kill()
        expect(amina.get_by_text("Forbindelsen ble brutt")).to_be_visible(timeout=LOADED)
        expect(box).to_have_value(TEXT)  # nothing typed is lost
        amina.get_by_role("button", name="Send").click()  # while the server is down

        restartable.start()  # returns once the server answers, however long that takes
        amina.wait_for_function("() => window.__back", timeout=2 * LOADED)
        assert "Tilkoblet igjen" in amina.evaluate("window.__back")
        messages = amina.get_by_role("list", name="Meldinger i samtalen")
        expect(messages.get_by_text(TEXT)).to_be_visible(timeout=LOADED)
        expect(amina.get_by_label("Melding", exact=True)).to_have_value("", timeout=LOADED)
        # pressing Send again (as an unsure person might) sends nothing new: the box is empty
        amina.get_by_role("button", name="Send").click()
        expect(amina.get_by_role("alert").get_by_text("Skriv en melding")).to_be_visible(
            timeout=LOADED)
        assert scalar(restartable.db_url, "SELECT count(*) FROM message WHERE body = :b",
                      b=TEXT) == 1
        assert amina.evaluate("performance.getEntriesByType('navigation').length") == 1
    finally:
        ctx.close()
