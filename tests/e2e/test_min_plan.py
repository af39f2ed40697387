"""The person's Min plan in Chromium on a phone, driven by role and label."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.utils.db import scalar

CARD_OPEN = "Vis mer"


def open_card(page: Page, title: str):
    card = page.get_by_role("region", name=title)
    card.get_by_role("button", name=CARD_OPEN).click()
    return card


def test_wrong_password_gives_a_clear_message_and_no_session(page: Page, login, app):
    login("amina", "feil-passord")
    expect(page.get_by_role("alert")).to_contain_text("Brukernavnet eller passordet er feil")
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto(app.url + "/")
    expect(page).to_have_url(re.compile(r"/login"))


def test_person_sees_goal_progress_and_tiltak_history(page: Page, login):
    login("amina")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    expect(page.get_by_role("region", name="Målet mitt")).to_contain_text(
        "Jeg vil jobbe som helsefagarbeider og klare meg selv.")
    expect(page.get_by_text(re.compile(r"^\d+ av \d+ tiltak fullført$")).first).to_be_visible()
    expect(page.get_by_role("progressbar")).to_be_visible()
    # the plans this one plan joins, and a tiltak shared by two of them
    expect(page.get_by_text("Integreringsplan", exact=True).first).to_be_visible()
    card = open_card(page, "Samfunnskunnskap på arabisk (50 timer)")
    expect(card.get_by_text("Siri Dahl (tjenesteyter) endret status fra Gjennomføres til Fullført")
           ).to_be_visible()
    expect(card.get_by_text(re.compile(r"opprettet aktiviteten med status Planlagt"))).to_be_visible()
    expect(card.get_by_text("Alle 50 timer gjennomført", exact=False)).to_be_visible()
    # who does what, with the koordinator first
    people = page.get_by_role("region", name="Hvem gjør hva")
    expect(people.get_by_role("listitem").first).to_contain_text("Koordinator")


def test_agreed_tiltak_is_locked_for_the_person(page: Page, login):
    login("amina")
    card = open_card(page, "Norskopplæring spor 2 mot B1")
    expect(card.get_by_text("avtalt med NAV, så du kan ikke endre den selv")).to_be_visible()
    expect(card.get_by_label("Endre status")).to_have_count(0)


def test_add_own_activity_change_its_status_and_find_it_after_reload(page: Page, login, app):
    login("amina")
    title = f"Gå tur med naboen {uuid.uuid4().hex[:6]}"
    page.get_by_role("button", name="Legg til egen aktivitet").click()
    dialog = page.get_by_role("dialog")
    # empty title: a clear message, nothing saved
    dialog.get_by_role("button", name="Legg til").click()
    expect(dialog.get_by_text("Skriv hva aktiviteten gjelder.")).to_be_visible()
    dialog.get_by_label("Hva vil du gjøre?").fill(title)
    dialog.get_by_label("Beskrivelse (valgfritt)").fill("To ganger i uka,\nrundt vannet.")
    dialog.get_by_role("button", name="Legg til").click()
    expect(page.get_by_role("status").filter(has_text="er lagt til")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)

    page.reload()
    card = open_card(page, title)
    expect(card.get_by_text("Forslag", exact=True)).to_be_visible()
    card.get_by_role("combobox", name="Endre status").select_option(label="Planlagt")
    card.get_by_role("button", name="Lagre status").click()
    expect(page.get_by_role("status").filter(has_text="har nå status Planlagt")).to_be_visible()
    page.reload()
    card = open_card(page, title)
    expect(card.get_by_text("Du endret status fra Forslag til Planlagt")).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM measure_version mv JOIN measure m "
                              "ON m.id = mv.measure_id WHERE m.title = :t", t=title) == 2


def test_logout_ends_the_session(page: Page, login, app):
    login("emil")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto(app.url + "/")
    expect(page).to_have_url(re.compile(r"/login"))
