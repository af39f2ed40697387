"""The backend dies while the person writes and sends a message (#8): the page says so,
keeps the text, recovers by itself, and the message is stored exactly once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in
from tests.utils.db import scalar
from tests.utils.server import cleanup, start_restartable

TEXT = "Skrevet mens serveren startet på nytt"


@pytest.fixture(scope="module")
def restartable(app):
    running = start_restartable(build_port=app.port)
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

        restartable.kill()
        expect(amina.get_by_text("Forbindelsen ble brutt")).to_be_visible(timeout=20_000)
        expect(box).to_have_value(TEXT)  # nothing typed is lost
        amina.get_by_role("button", name="Send").click()  # while the server is down

        restartable.start()
        expect(amina.get_by_text("Tilkoblet igjen")).to_be_visible(timeout=30_000)
        messages = amina.get_by_role("list", name="Meldinger i samtalen")
        expect(messages.get_by_text(TEXT)).to_be_visible(timeout=20_000)
        expect(amina.get_by_label("Melding", exact=True)).to_have_value("")
        # pressing Send again (as an unsure person might) sends nothing new: the box is empty
        amina.get_by_role("button", name="Send").click()
        expect(amina.get_by_role("alert").get_by_text("Skriv en melding")).to_be_visible()
        assert scalar(restartable.db_url, "SELECT count(*) FROM message WHERE body = :b",
                      b=TEXT) == 1
        assert amina.evaluate("performance.getEntriesByType('navigation').length") == 1
    finally:
        ctx.close()
