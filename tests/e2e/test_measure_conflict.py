"""Errors where the eye is, in the tiltak form (phone and 1280 px): a refused value is said
at its control, which gets focus; a save refused because someone saved meanwhile shows,
at each control that differs, the newer saved text beside what was typed, with
"Bruk min" / "Bruk den nye"; focus moves there and the warning is announced (role=alert).
Nothing typed is lost."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, query

TITLE = "Søke helsefagarbeiderutdanning for voksne"  # NAV's: the koordinator and veileder edit it
SIZES = [pytest.param({"width": 390, "height": 844}, id="phone"),
         pytest.param({"width": 1280, "height": 800}, id="wide")]


def _open_edit(page: Page):
    card = page.get_by_role("region", name=TITLE)
    card.get_by_role("button", name="Vis mer").click()
    card.get_by_role("button", name="Endre tiltaket").click()
    return page.get_by_role("dialog")


@pytest.mark.parametrize("size", SIZES)
def test_a_conflict_is_shown_at_the_control_focused_and_announced(
        browser: Browser, browser_context_args, app, size):
    plan = plan_id_of(app.db_url, "amina")
    ctx_a = browser.new_context(**{**browser_context_args, "viewport": size})
    ctx_b = browser.new_context(**{**browser_context_args, "viewport": size})
    theirs, mine = f"Søknad sendt {uuid.uuid4().hex[:5]}", f"Søknad i mars {uuid.uuid4().hex[:5]}"
    try:
        a = logged_in(ctx_a, app.url, "koordinator")
        b = logged_in(ctx_b, app.url, "veileder")
        for p in (a, b):
            p.goto(f"{app.url}/plan/{plan}")
        dialog_a, dialog_b = _open_edit(a), _open_edit(b)
        dialog_a.get_by_label("Beskrivelse").fill(theirs)
        dialog_a.get_by_role("button", name="Lagre").click()
        expect(a.get_by_role("status").filter(has_text="er lagret")).to_be_visible()

        dialog_b.get_by_label("Beskrivelse").fill(mine)
        dialog_b.get_by_role("button", name="Lagre").click()
        at_control = b.locator("#mform-conflict-description")
        expect(at_control).to_be_focused()
        expect(at_control).to_contain_text("Beskrivelse er endret av noen andre")
        expect(at_control).to_contain_text(theirs)
        expect(at_control).to_contain_text(mine)
        expect(dialog_b.get_by_role("alert").filter(
            has_text="Noen andre har lagret en nyere versjon")).to_be_visible()
        box = dialog_b.get_by_role("textbox", name="Beskrivelse")
        expect(box).to_have_value(mine)  # nothing typed is lost

        at_control.get_by_role("button", name="Bruk den nye").click()
        expect(box).to_have_value(theirs)
        at_control.get_by_role("button", name="Bruk min").click()
        expect(box).to_have_value(mine)
        dialog_b.get_by_role("button", name="Lagre").click()
        expect(b.get_by_role("status").filter(has_text="er lagret")).to_be_visible()
        assert query(app.db_url, "SELECT description FROM measure WHERE title = :t",
                     t=TITLE) == [(mine,)]
    finally:
        ctx_a.close()
        ctx_b.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_refused_value_is_said_at_its_control_which_gets_focus(page: Page, login, app, size):
    page.set_viewport_size(size)
    plan = plan_id_of(app.db_url, "amina")
    before = query(app.db_url, "SELECT version FROM measure WHERE title = :t", t=TITLE)
    login("veileder")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{app.url}/plan/{plan}")
    dialog = _open_edit(page)
    hours = dialog.get_by_role("textbox", name="Timer per uke")
    hours.fill("mange")
    dialog.get_by_role("button", name="Lagre").click()
    expect(dialog.get_by_text("Skriv timer per uke som et tall")).to_be_visible()
    expect(hours).to_be_focused()
    expect(hours).to_have_value("mange")
    assert query(app.db_url, "SELECT version FROM measure WHERE title = :t", t=TITLE) == before


@pytest.mark.parametrize("size", SIZES)
def test_a_refused_status_change_is_said_at_the_card(page: Page, login, app, size):
    """Stopping an agreed tiltak needs a reason: said at the reason field, which gets focus,
    not at the top of a long page; nothing is written."""
    page.set_viewport_size(size)
    title = "Norskopplæring spor 2 mot B1"  # agreed with NAV
    before = query(app.db_url, "SELECT status, version FROM measure WHERE title = :t", t=title)
    login("koordinator")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
    card = page.get_by_role("region", name=title)
    card.get_by_role("button", name="Vis mer").click()
    card.get_by_role("combobox", name="Endre status").select_option(label="Avbrutt")
    card.get_by_role("button", name="Lagre status").click()
    reason = card.get_by_role("textbox", name="Begrunnelse")
    expect(card.get_by_text("Skriv en kort begrunnelse")).to_be_visible()
    expect(reason).to_be_focused()
    assert query(app.db_url, "SELECT status, version FROM measure WHERE title = :t",
                 t=title) == before
