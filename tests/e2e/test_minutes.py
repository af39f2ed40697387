"""Referat of a held meeting, on a phone and at 1280 px: the koordinator writes it (a bad
save is refused at the field, every earlier text kept), Amina reads and confirms it and
comments, and a participant without the scope (the teacher) never sees it."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.utils.db import execute, plan_id_of, query, scalar

SIZES = [pytest.param({"width": 390, "height": 844}, id="phone"),
         pytest.param({"width": 1280, "height": 800}, id="wide")]


def _held_meeting(app) -> tuple[int, int]:
    plan = plan_id_of(app.db_url, "amina")
    meeting = scalar(app.db_url, "SELECT id FROM meeting WHERE plan_id = :p AND topic = "
                                 "'Oppfølging etter oppstart i praksis'", p=plan)
    return plan, meeting


def _open_from_the_plan(page: Page) -> None:
    meetings = page.get_by_role("region", name="Møter")
    meetings.get_by_text(re.compile(r"^Tidligere møter")).click()
    meetings.get_by_role("link", name="Referat fra møtet").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Referat"))).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_the_koordinator_writes_the_referat(page: Page, login, app, size):
    page.set_viewport_size(size)
    plan, meeting = _held_meeting(app)
    versions = scalar(app.db_url, "SELECT count(*) FROM meeting_minutes WHERE meeting_id = :m",
                      m=meeting)
    login("koordinator")
    page.goto(f"{app.url}/plan/{plan}")
    _open_from_the_plan(page)
    form = page.get_by_role("region", name="Endre referatet")
    discussed = form.get_by_role("textbox", name="Hva vi snakket om")
    agreed = form.get_by_role("textbox", name="Hva vi ble enige om")
    old = discussed.input_value()
    assert old

    # nothing to say: refused at the field, nothing written
    discussed.fill("")
    agreed.fill("")
    form.get_by_role("button", name="Lagre referatet").click()
    expect(form.get_by_text("Skriv hva dere snakket om eller hva dere ble enige om.")
           ).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM meeting_minutes WHERE meeting_id = :m",
                  m=meeting) == versions

    text = f"Amina begynner på vakter kl. 9 to dager i uken ({uuid.uuid4().hex[:6]})."
    discussed.fill(text)
    agreed.fill("Ola ringer Fjordly på mandag.")
    form.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Referatet er lagret.")
    current = page.get_by_role("region", name="Dette ble sagt og avtalt")
    expect(current.get_by_text(text)).to_be_visible()
    expect(current.get_by_text(re.compile(r"^Skrevet av deg")).first).to_be_visible()
    # the text before is kept and readable
    current.get_by_text("Tidligere versjoner").click()
    expect(current.get_by_text(old)).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM meeting_minutes WHERE meeting_id = :m",
                  m=meeting) == versions + 1


@pytest.mark.parametrize("size", SIZES)
def test_amina_reads_confirms_and_comments(page: Page, login, app, size):
    page.set_viewport_size(size)
    plan, meeting = _held_meeting(app)
    # a new text from the koordinator, so there is a version Amina has not confirmed
    (n,), = query(app.db_url, "SELECT max(version) FROM meeting_minutes WHERE meeting_id = :m",
                  m=meeting)
    koordinator = scalar(app.db_url, "SELECT id FROM account WHERE username = 'koordinator'")
    discussed = f"Norskprøven i vår ({uuid.uuid4().hex[:6]})"
    execute(app.db_url, "INSERT INTO meeting_minutes (meeting_id, version, attendees, discussed, "
                        "agreed, written_by_id, written_by_role, written_at) VALUES (:m, :v, '', "
                        ":d, 'Amina melder seg på prøven.', :k, 'koordinator', :at)",
            m=meeting, v=n + 1, d=discussed, k=koordinator, at="2026-12-01 09:00:00.000000")
    login("amina")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    _open_from_the_plan(page)
    expect(page.get_by_text(discussed)).to_be_visible()
    expect(page.get_by_role("region", name="Endre referatet")).to_have_count(0)  # staff write it
    page.get_by_role("button", name="Jeg har lest referatet").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Vi har lagret at du har lest referatet")
    expect(page.get_by_text("Du har sagt at du har lest referatet.")).to_be_visible()
    answers = page.get_by_role("region", name="Lest og kommentert")
    expect(answers.get_by_text(f"Du har lest referatet (versjon {n + 1})")).to_be_visible()

    box = page.get_by_role("textbox", name="Kommentar til referatet")
    page.get_by_role("button", name="Send kommentar").click()
    expect(page.get_by_text("Skriv en kommentar.")).to_be_visible()
    comment = f"Jeg kan ikke på mandager ({uuid.uuid4().hex[:6]})."
    box.fill(comment)
    page.get_by_role("button", name="Send kommentar").click()
    expect(answers.get_by_text(comment)).to_be_visible()
    expect(box).to_have_value("")
    assert query(app.db_url, "SELECT kind, minutes_version FROM minutes_response WHERE "
                             "meeting_id = :m ORDER BY id DESC LIMIT 2", m=meeting) == [
        ("comment", n + 1), ("read", n + 1)]


def test_the_teacher_without_the_scope_never_sees_it(page: Page, login, app):
    plan, meeting = _held_meeting(app)
    login("laerer")
    page.goto(f"{app.url}/plan/{plan}")
    expect(page.get_by_role("region", name="Møter")).to_be_visible()
    expect(page.get_by_role("link", name="Referat fra møtet")).to_have_count(0)
    page.goto(f"{app.url}/plan/{plan}/mote/{meeting}/referat")
    expect(page.get_by_text("Du har ikke tilgang", exact=False).first).to_be_visible()
    expect(page.get_by_text("Barnehageplass til yngste barn")).to_have_count(0)


def test_a_new_text_shows_on_the_persons_open_page(browser, browser_context_args, app):
    from tests.utils.browser import logged_in

    plan, meeting = _held_meeting(app)
    path = f"{app.url}/plan/{plan}/mote/{meeting}/referat"
    ctx_a = browser.new_context(**browser_context_args)
    ctx_k = browser.new_context(**browser_context_args)
    try:
        amina = logged_in(ctx_a, app.url, "amina")
        koordinator = logged_in(ctx_k, app.url, "koordinator")
        amina.goto(path)
        koordinator.goto(path)
        expect(amina.get_by_role("heading", level=1, name=re.compile("Referat"))).to_be_visible()
        text = f"Tolk bestilt til neste møte ({uuid.uuid4().hex[:6]})."
        form = koordinator.get_by_role("region", name="Endre referatet")
        form.get_by_role("textbox", name="Hva vi ble enige om").fill(text)
        form.get_by_role("button", name="Lagre referatet").click()
        expect(koordinator.get_by_role("main").get_by_role("status")).to_contain_text(
            "Referatet er lagret.")
        expect(amina.get_by_role("region", name="Dette ble sagt og avtalt").get_by_text(text)
               ).to_be_visible()
    finally:
        ctx_a.close()
        ctx_k.close()
