"""Issue 18.4: a write made while the connection is down is never silently dropped, and no
English or technical text (Reflex's toast) reaches the person."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.utils.browser import logged_in
from tests.utils.db import scalar

CARD_OPEN = "Vis mer"


def _no_technical_text(page: Page) -> None:
    expect(page.get_by_text("Cannot connect")).to_have_count(0)
    expect(page.get_by_text("websocket", exact=False)).to_have_count(0)
    expect(page.get_by_role("region", name="Notifications")).to_have_count(0)
    expect(page.locator("[aria-label^='Notifications']")).to_have_count(0)


def _versions(app, title: str) -> int:
    return scalar(app.db_url, "SELECT count(*) FROM measure_version mv JOIN measure m "
                              "ON m.id = mv.measure_id WHERE m.title = :t", t=title)


def _add_activity(page: Page, title: str) -> None:
    page.get_by_role("button", name="Legg til egen aktivitet").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Hva vil du gjøre?").fill(title)
    dialog.get_by_role("button", name="Legg til").click()


def _open_card(page: Page, title: str):  # noqa: ANN202
    card = page.get_by_role("region", name=title)
    card.get_by_role("button", name=CARD_OPEN).click()
    # opening a card is a server event: wait until it is open (its status field drawn) before
    # a test cuts the connection, as a person cannot pick a status in a card not yet open
    expect(card.get_by_role("combobox", name="Endre status")).to_be_visible()
    return card


def test_status_change_made_offline_is_stored_once_on_reconnect(browser: Browser,
                                                                browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "amina")
        title = f"Sykle til jobb {uuid.uuid4().hex[:6]}"
        _add_activity(page, title)
        expect(page.get_by_role("status").filter(has_text="er lagt til")).to_be_visible()
        card = _open_card(page, title)
        expect(card.get_by_text("Forslag", exact=True)).to_be_visible()
        assert _versions(app, title) == 1

        ctx.set_offline(True)
        expect(page.get_by_text("Forbindelsen ble brutt")).to_be_visible(timeout=30_000)
        card.get_by_role("combobox", name="Endre status").select_option(label="Planlagt")
        card.get_by_role("button", name="Lagre status").click()
        # the page says the change waits for the connection; nothing technical
        expect(card.get_by_text("Ikke lagret ennå")).to_be_visible()
        _no_technical_text(page)

        expect(page.get_by_text("Alt er oppdatert")).to_have_count(0)

        ctx.set_offline(False)
        # the card moves to the "Planlagt" group once the change is stored
        planned = page.get_by_role("region", name=title)
        expect(planned.get_by_text("Planlagt", exact=True).first).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Ikke lagret")).to_have_count(0)  # the server answered
        expect(page.get_by_text("Tilkoblet igjen. Alt er oppdatert.")).to_be_visible()
        _no_technical_text(page)
        assert _versions(app, title) == 2  # stored exactly once
        page.reload()
        card = page.get_by_role("region", name=title)
        card.get_by_role("button", name=CARD_OPEN).click()
        expect(card.get_by_text("Du endret status fra Forslag til Planlagt")).to_be_visible()
        assert _versions(app, title) == 2
    finally:
        ctx.close()


def test_activity_added_offline_is_stored_once_on_reconnect(browser: Browser,
                                                           browser_context_args, app):
    """Adding an activity is not idempotent by itself: the write id makes Reflex's own
    queue and the page's resend on reconnect one activity."""
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "amina")
        title = f"Bade i havet {uuid.uuid4().hex[:6]}"
        page.get_by_role("button", name="Legg til egen aktivitet").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Hva vil du gjøre?").fill(title)
        ctx.set_offline(True)
        expect(page.get_by_text("Forbindelsen ble brutt")).to_be_visible(timeout=30_000)
        dialog.get_by_role("button", name="Legg til").click()
        expect(dialog.get_by_text("Ikke lagret ennå")).to_be_visible()
        _no_technical_text(page)

        ctx.set_offline(False)
        expect(page.get_by_role("region", name=title)).to_be_visible(timeout=30_000)
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_text("Ikke lagret")).to_have_count(0)
        expect(page.get_by_text("Tilkoblet igjen. Alt er oppdatert.")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM measure WHERE title = :t", t=title) == 1
        _no_technical_text(page)
    finally:
        ctx.close()


def test_a_change_swallowed_by_a_dead_connection_is_sent_again_and_stored_once(
        browser: Browser, browser_context_args, app):
    """What a phone losing its network does: the page still thinks it is connected and
    sends the change into a connection that is already dead (here: one that drops
    everything the page sends), then notices, and reconnects. Reflex's queue has nothing
    left to send; the page sends the unanswered write again, with the same id."""
    ctx = browser.new_context(**browser_context_args)
    routes: list[WebSocketRoute] = []
    dead: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_page(message) -> None:  # noqa: ANN001
            if ws not in dead:
                server.send(message)

        ws.on_message(from_page)
        routes.append(ws)

    ctx.route_web_socket(re.compile(r".*/_event/.*"), route)
    try:
        page = logged_in(ctx, app.url, "amina")
        title = f"Lese avisen {uuid.uuid4().hex[:6]}"
        _add_activity(page, title)
        expect(page.get_by_role("status").filter(has_text="er lagt til")).to_be_visible()
        card = _open_card(page, title)
        expect(card.get_by_text("Forslag", exact=True)).to_be_visible()

        dead.append(routes[-1])  # from now on this connection swallows what is sent
        card.get_by_role("combobox", name="Endre status").select_option(label="Planlagt")
        card.get_by_role("button", name="Lagre status").click()
        # unanswered: the form says so after a few seconds, nothing arrived
        expect(card.get_by_text("Ikke lagret ennå")).to_be_visible(timeout=20_000)
        assert _versions(app, title) == 1
        expect(page.get_by_text("Alt er oppdatert")).to_have_count(0)
        n = len(routes)
        dead[-1].close()  # the dead connection ends; Reflex reconnects by itself
        planned = page.get_by_role("region", name=title)
        expect(planned.get_by_text("Planlagt", exact=True).first).to_be_visible(timeout=30_000)
        assert len(routes) > n
        expect(page.get_by_text("Ikke lagret")).to_have_count(0)
        assert _versions(app, title) == 2  # stored exactly once
        _no_technical_text(page)
    finally:
        ctx.close()
