"""The wide-screen plan (issue 21.2): at 1280 × 800 the koordinator sees Amina's tiltak on a
board by status beside a side panel, moves one in two clicks (counted), and a refused move
(stopping an agreed tiltak without a reason) is said at the board card, which gets focus,
and read out by the board's alert region; nothing is written. At 390 × 844 the board is not
shown and the plan still works from the cards."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.utils.db import new_measure, plan_id_of, query, scalar

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _open_plan(page: Page, login, app) -> None:
    login("koordinator")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
    expect(page.get_by_role("heading", level=1, name=re.compile("Amina"))).to_be_visible()


def _column(page: Page, status: str):
    return page.get_by_role("region", name="Tiltak etter status").get_by_role(
        "list", name=re.compile(rf"^{status} \(\d+\)$"))


def _count_clicks(page: Page) -> None:
    page.evaluate("""() => { window.__clicks = 0;
        document.addEventListener('click', () => { window.__clicks += 1; }, true); }""")


def test_a_status_changes_from_the_board_in_two_clicks(page: Page, login, app):
    page.set_viewport_size(WIDE)
    measure, title = new_measure(app.db_url, agreed=False)
    _open_plan(page, login, app)
    card = _column(page, "Planlagt").get_by_role("listitem").filter(has_text=title)
    expect(card).to_be_visible()
    # each column is a list under its own heading, every status has one
    for status in ("Forslag", "Planlagt", "Gjennomføres", "Fullført", "Avbrutt"):
        expect(page.get_by_role("heading", level=3, name=re.compile(rf"^{status} \("))
               ).to_be_visible()

    # the card's title opens it in the side panel
    card.get_by_role("button", name=title).click()
    panel = page.get_by_role("complementary")
    expect(panel.get_by_role("heading", name=title)).to_be_visible()

    _count_clicks(page)
    menu = card.get_by_role("button", name="Flytt til …")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    card.get_by_role("button", name="Gjennomføres").click()
    moved = _column(page, "Gjennomføres").get_by_role("listitem").filter(has_text=title)
    expect(moved).to_be_visible()
    assert page.evaluate("window.__clicks") == 2
    expect(page.get_by_role("main").get_by_role("status").first).to_contain_text(title)
    # focus follows the card to its new column
    expect(moved.get_by_role("button", name=title)).to_be_focused()
    expect(panel.get_by_text("Gjennomføres")).to_be_visible()
    assert query(app.db_url, "SELECT status, version FROM measure WHERE id = :m",
                 m=measure) == [("gjennomfores", 2)]
    # the keyboard does the same: Enter on "Flytt til …", Tab to a status, Enter
    moved.get_by_role("button", name="Flytt til …").focus()
    page.keyboard.press("Enter")
    moved.get_by_role("button", name="Fullført").focus()
    page.keyboard.press("Enter")
    expect(_column(page, "Fullført").get_by_role("listitem").filter(has_text=title)
           ).to_be_visible()
    assert scalar(app.db_url, "SELECT status FROM measure WHERE id = :m", m=measure) == "fullfort"


def test_a_refused_move_is_said_at_the_board_card(page: Page, login, app):
    page.set_viewport_size(WIDE)
    measure, title = new_measure(app.db_url, agreed=True)  # agreed: stopping it needs a reason
    before = query(app.db_url, "SELECT status, version FROM measure WHERE id = :m", m=measure)
    _open_plan(page, login, app)
    card = _column(page, "Planlagt").get_by_role("listitem").filter(has_text=title)
    card.get_by_role("button", name="Flytt til …").click()
    card.get_by_role("button", name="Avbrutt").click()
    reason = card.get_by_role("textbox", name="Begrunnelse")
    expect(card.get_by_text("Skriv en kort begrunnelse")).to_be_visible()
    expect(reason).to_be_focused()
    alert = page.locator("#board-alert")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Skriv en kort begrunnelse")
    assert query(app.db_url, "SELECT status, version FROM measure WHERE id = :m",
                 m=measure) == before

    # with a reason it goes through, from the same place
    reason.fill("Amina har fått fast jobb.")
    card.get_by_role("button", name="Lagre status").click()
    expect(_column(page, "Avbrutt").get_by_role("listitem").filter(has_text=title)
           ).to_be_visible()
    expect(alert).to_be_empty()
    assert query(app.db_url, "SELECT status, reason FROM measure JOIN measure_version ON "
                             "measure_version.measure_id = measure.id AND "
                             "measure_version.version = measure.version WHERE measure.id = :m",
                 m=measure) == [("avbrutt", "Amina har fått fast jobb.")]


def test_on_a_phone_there_is_no_board_and_the_cards_still_work(page: Page, login, app):
    page.set_viewport_size(PHONE)
    measure, title = new_measure(app.db_url, agreed=False)
    _open_plan(page, login, app)
    expect(page.get_by_role("region", name="Tiltak etter status")).to_have_count(0)
    expect(page.get_by_role("complementary")).to_have_count(0)
    card = page.get_by_role("region", name=title)
    card.get_by_role("button", name="Vis mer").click()
    card.get_by_role("combobox", name="Endre status").select_option(label="Gjennomføres")
    card.get_by_role("button", name="Lagre status").click()
    expect(card.get_by_text("Gjennomføres").first).to_be_visible()
    assert scalar(app.db_url, "SELECT status FROM measure WHERE id = :m",
                  m=measure) == "gjennomfores"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
