""""Slik går det" (issue 21.4): the teacher, responsible for Amina's Norwegian course,
writes how it goes on the tiltak card (an empty text refused at the field, which gets
focus; nothing written); each save is a new version and the earlier text stays readable;
Amina reads it on her card and in the PDF's print page; the koordinator, not responsible,
gets no field."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.utils.db import plan_id_of, scalar

TITLE = "Norskopplæring spor 2 mot B1"  # the teacher (laerer) is responsible


def _versions(app) -> int:
    return scalar(app.db_url, "SELECT count(*) FROM progress_note JOIN measure ON measure.id = "
                              "progress_note.measure_id WHERE measure.title = :t", t=TITLE)


def _open_card(page: Page):
    card = page.get_by_role("region", name=TITLE)
    card.get_by_role("button", name="Vis mer").click()
    return card


def test_the_responsible_writes_how_it_goes_and_amina_reads_it(page: Page, login, app):
    plan = plan_id_of(app.db_url, "amina")
    before = _versions(app)
    login("laerer")
    page.goto(f"{app.url}/plan/{plan}")
    card = _open_card(page)
    box = card.get_by_role("textbox", name="Skriv hvordan det går nå")
    card.get_by_role("button", name="Lagre", exact=True).click()
    expect(card.get_by_text("Skriv hvordan det går.")).to_be_visible()
    expect(box).to_be_focused()
    assert _versions(app) == before

    text = f"Amina leser avis på norsk hver dag nå ({uuid.uuid4().hex[:6]})."
    box.fill(text)
    card.get_by_role("button", name="Lagre", exact=True).click()
    expect(card.get_by_text(text)).to_be_visible()
    expect(box).to_have_value("")
    expect(card.get_by_text(re.compile(r"^Skrevet av deg")).first).to_be_visible()
    assert _versions(app) == before + 1
    if before:  # the text before is kept and readable
        card.get_by_text("Tidligere versjoner").first.click()
        expect(card.get_by_role("list").filter(has_text="Muntlig går best").first
               ).to_be_visible()

    # Amina sees it on her card, with who wrote it, and in the print page
    page.context.clear_cookies()
    login("amina")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    mine = _open_card(page)
    expect(mine.get_by_text(text)).to_be_visible()
    expect(mine.get_by_text(re.compile(r"^Skrevet av Siri Dahl")).first).to_be_visible()
    expect(mine.get_by_role("textbox", name="Skriv hvordan det går nå")).to_have_count(0)
    page.goto(f"{app.url}/plan/{plan}/utskrift")
    expect(page.get_by_text(text, exact=False)).to_be_visible()


def test_others_get_no_field(page: Page, login, app):
    login("koordinator")
    page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
    card = _open_card(page)
    expect(card.get_by_role("heading", name="Slik går det")).to_be_visible()
    expect(card.get_by_role("textbox", name="Skriv hvordan det går nå")).to_have_count(0)
