"""Issue 18.4: a write made while the connection is down is never silently dropped, and no
English or technical text (Reflex's toast) reaches the person."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect

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


def test_status_change_made_offline_is_stored_once_on_reconnect(browser: Browser,
                                                                browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "amina")
        title = f"Sykle til jobb {uuid.uuid4().hex[:6]}"
        page.get_by_role("button", name="Legg til egen aktivitet").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Hva vil du gjøre?").fill(title)
        dialog.get_by_role("button", name="Legg til").click()
        expect(page.get_by_role("status").filter(has_text="er lagt til")).to_be_visible()
        card = page.get_by_role("region", name=title)
        card.get_by_role("button", name=CARD_OPEN).click()
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
