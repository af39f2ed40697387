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


def test_the_koordinator_makes_tiltak_from_the_referat_in_one_go(page: Page, login, app):
    """'Nye tiltak fra møtet': filled rows become planned tiltak in the plan with the same
    save, linked to the meeting and the referat's version; a bad row is refused at its
    field and nothing at all is written."""
    page.set_viewport_size({"width": 1280, "height": 800})
    plan, meeting = _held_meeting(app)

    def counts() -> tuple:
        return (scalar(app.db_url, "SELECT count(*) FROM meeting_minutes WHERE meeting_id = :m",
                       m=meeting),
                scalar(app.db_url, "SELECT count(*) FROM measure WHERE plan_id = :p", p=plan))

    before = counts()
    login("koordinator")
    page.goto(f"{app.url}/plan/{plan}/mote/{meeting}/referat")
    form = page.get_by_role("region", name="Endre referatet")
    tag = uuid.uuid4().hex[:6]
    first, second = f"Arbeidspraksis i barnehage ({tag})", f"Søke om tolk ({tag})"
    row1 = form.get_by_role("group", name="Nytt tiltak 1")
    row2 = form.get_by_role("group", name="Nytt tiltak 2")
    row1.get_by_role("textbox", name="Tittel").fill(first)
    responsible = row1.get_by_role("combobox", name="Hvem har ansvaret")
    responsible.select_option(
        value=responsible.locator("option", has_text="Amina Yusuf").get_attribute("value"))
    row1.get_by_label("Fra dato (valgfritt)").fill("2026-12-14")
    row1.get_by_label("Til dato (valgfritt)").fill("2026-12-01")  # before the start
    row2.get_by_role("textbox", name="Tittel").fill(second)
    form.get_by_role("textbox", name="Hva vi ble enige om").fill(f"Praksis fra januar ({tag}).")
    form.get_by_role("button", name="Lagre referatet").click()
    expect(row1.get_by_text("Til-datoen kan ikke være før fra-datoen.")
           ).to_be_visible()
    assert counts() == before

    row1.get_by_label("Til dato (valgfritt)").fill("2027-03-31")
    form.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Referatet er lagret.")
    made = page.get_by_role("list", name="Tiltak fra dette møtet")
    expect(made.get_by_text(first)).to_be_visible()
    expect(made.get_by_text(second)).to_be_visible()
    assert counts() == (before[0] + 1, before[1] + 2)
    rows = query(app.db_url, "SELECT measure.title, measure.status, measure.start_date, "
                             "account.username, minutes_measure.minutes_version "
                             "FROM minutes_measure JOIN measure ON measure.id = "
                             "minutes_measure.measure_id LEFT JOIN participant ON participant.id "
                             "= measure.responsible_participant_id LEFT JOIN account ON "
                             "account.id = participant.account_id WHERE "
                             "minutes_measure.meeting_id = :m AND measure.title LIKE :t "
                             "ORDER BY minutes_measure.id", m=meeting, t=f"%({tag})")
    version = before[0] + 1
    assert [(r[0], r[1], str(r[2]) if r[2] else None, r[3], r[4]) for r in rows] == [
        (first, "planlagt", "2026-12-14", "amina", version),
        (second, "planlagt", None, None, version)]
    # they are in the plan, as planned tiltak
    page.goto(f"{app.url}/plan/{plan}")
    expect(page.get_by_role("region", name=first)).to_be_visible()


def test_a_saved_referat_shows_on_the_open_plan_page(browser, browser_context_args, app):
    """The meeting's card on Amina's open plan page shows the referat the koordinator saves
    in another browser, without a reload."""
    from tests.utils.browser import logged_in

    plan, meeting = _held_meeting(app)
    ctx_a = browser.new_context(**browser_context_args)
    ctx_k = browser.new_context(**browser_context_args)
    try:
        amina = logged_in(ctx_a, app.url, "amina")
        koordinator = logged_in(ctx_k, app.url, "koordinator")
        meetings = amina.get_by_role("region", name="Møter")
        meetings.get_by_text(re.compile(r"^Tidligere møter")).click()
        card = meetings.get_by_role("article", name="Oppfølging etter oppstart i praksis")
        expect(card.get_by_text("Referat", exact=True)).to_be_visible()
        koordinator.goto(f"{app.url}/plan/{plan}/mote/{meeting}/referat")
        text = f"Amina starter på kveldskurs ({uuid.uuid4().hex[:6]})."
        form = koordinator.get_by_role("region", name="Endre referatet")
        form.get_by_role("textbox", name="Hva vi ble enige om").fill(text)
        form.get_by_role("button", name="Lagre referatet").click()
        expect(koordinator.get_by_role("main").get_by_role("status")).to_contain_text(
            "Referatet er lagret.")
        expect(card.get_by_text(text)).to_be_visible()
        assert amina.url.rstrip("/") == app.url.rstrip("/")  # the same page, never reloaded
    finally:
        ctx_a.close()
        ctx_k.close()


def test_the_koordinator_changes_a_tiltak_from_the_referat_on_a_phone(page: Page, login, app):
    """'Endre status på tiltak': a tiltak of the plan moved to another status with the
    same save (a new version in its history, "Fra referat ..."), listed as changed; a
    refused change is said at its field and nothing at all is written."""
    page.set_viewport_size({"width": 390, "height": 844})
    plan, meeting = _held_meeting(app)
    tag = uuid.uuid4().hex[:6]
    title = f"Hospitering på kjøkkenet ({tag})"

    def counts() -> tuple:
        return (scalar(app.db_url, "SELECT count(*) FROM meeting_minutes WHERE meeting_id = :m",
                       m=meeting),
                scalar(app.db_url, "SELECT count(*) FROM measure_version"),
                scalar(app.db_url, "SELECT count(*) FROM minutes_measure"))

    login("koordinator")
    page.goto(f"{app.url}/plan/{plan}/mote/{meeting}/referat")
    form = page.get_by_role("region", name="Endre referatet")
    # a tiltak of its own, made from the referat first (the demo's stay as they are)
    form.get_by_role("group", name="Nytt tiltak 1").get_by_role("textbox", name="Tittel").fill(
        title)
    form.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Referatet er lagret.")

    row = form.get_by_role("group", name="Endring 1")
    measure = row.get_by_role("combobox", name="Tiltak")
    option = measure.locator("option", has_text=title)
    expect(option).to_have_count(1)
    measure.select_option(value=option.get_attribute("value"))
    status = row.get_by_role("combobox", name="Ny status")
    status.select_option(label="Planlagt")  # what it is already
    form.get_by_role("textbox", name="Hva vi ble enige om").fill(f"Starter nå ({tag}).")
    before = counts()
    form.get_by_role("button", name="Lagre referatet").click()
    expect(row.get_by_text("Velg en annen status enn den aktiviteten har nå.")).to_be_visible()
    assert counts() == before

    status.select_option(label="Gjennomføres")
    form.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Referatet er lagret.")
    made = page.get_by_role("list", name="Tiltak fra dette møtet")
    expect(made.get_by_text(re.compile(re.escape(title) + r".*endret til gjennomføres"))
           ).to_be_visible()
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
    (status_now, reason, kind), = query(
        app.db_url, "SELECT measure.status, measure_version.reason, minutes_measure.kind FROM "
                    "measure JOIN measure_version ON measure_version.measure_id = measure.id "
                    "AND measure_version.version = measure.version JOIN minutes_measure ON "
                    "minutes_measure.measure_id = measure.id AND "
                    "minutes_measure.measure_version = measure.version WHERE measure.title = :t",
        t=title)
    assert (status_now, kind) == ("gjennomfores", "changed")
    assert reason.startswith("Fra referat ")


def test_a_change_from_the_referat_moves_the_tiltak_on_the_wide_board(page: Page, login, app):
    """At 1280 × 800: the koordinator moves a planned tiltak to Gjennomføres in the
    referat's change rows ("Endring 1"), and the plan's board (≥ 1024 px) then has it under
    Gjennomføres, and its side panel says so."""
    from tests.utils.db import new_measure

    page.set_viewport_size({"width": 1280, "height": 800})
    plan, meeting = _held_meeting(app)
    measure, title = new_measure(app.db_url, agreed=False)
    login("koordinator")
    page.goto(f"{app.url}/plan/{plan}/mote/{meeting}/referat")
    form = page.get_by_role("region", name="Endre referatet")
    row = form.get_by_role("group", name="Endring 1")
    expect(row).to_be_visible()
    choice = row.get_by_role("combobox", name="Tiltak")
    option = choice.locator("option", has_text=title)
    expect(option).to_have_count(1)
    choice.select_option(value=option.get_attribute("value"))
    row.get_by_role("combobox", name="Ny status").select_option(label="Gjennomføres")
    form.get_by_role("textbox", name="Hva vi ble enige om").fill(f"{title} starter nå.")
    form.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Referatet er lagret.")
    made = page.get_by_role("list", name="Tiltak fra dette møtet")
    expect(made.get_by_text(re.compile(re.escape(title) + r".*endret til gjennomføres"))
           ).to_be_visible()
    assert scalar(app.db_url, "SELECT status FROM measure WHERE id = :m", m=measure) == \
        "gjennomfores"

    page.goto(f"{app.url}/plan/{plan}")
    board = page.get_by_role("region", name="Tiltak etter status")
    moved = board.get_by_role("list", name=re.compile(r"^Gjennomføres \(\d+\)$")
                              ).get_by_role("listitem").filter(has_text=title)
    expect(moved).to_be_visible()
    expect(board.get_by_role("list", name=re.compile(r"^Planlagt \(\d+\)$"))
           .get_by_role("listitem").filter(has_text=title)).to_have_count(0)
    moved.get_by_role("button", name=title).click()
    panel = page.get_by_role("complementary")
    expect(panel.get_by_role("heading", name=title)).to_be_visible()
    expect(panel.get_by_text("Gjennomføres", exact=True)).to_be_visible()
    # the version the referat made carries its reason (the card's history shows it)
    assert scalar(app.db_url, "SELECT reason FROM measure_version WHERE measure_id = :m "
                              "ORDER BY version DESC LIMIT 1", m=measure).startswith(
        "Fra referat ")
