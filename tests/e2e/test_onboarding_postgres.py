"""Issue 19's whole flow on PostgreSQL, on a phone (390x844): the administrator makes a
koordinator account; the koordinator starts a plan for a person who has none and invites
the NAV veileder and a DPS jobbspesialist; the person logs in for the first time through
the invitation, approves one and declines the other; the koordinator writes a resource and
a need, hands NAV's part to veileder2 and closes the plan; the person reads it under
"Tidligere planer".

The other modules test these steps one by one on SQLite; this one runs them in a row on
its own server backed by a fresh PostgreSQL database (as production runs), made here and
dropped afterwards, also when the test fails.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_onboarding_more import _fill_and_start, _search
from tests.e2e.test_team import _find, _team
from tests.utils.browser import login_page
from tests.utils.db import person_without_plan, query, scalar
from tests.utils.server import cleanup, create_pg_database, drop_pg_database, start_app

PERSON = "Leila Nilsen"
KOORDINATOR, KOORDINATOR_USER = "Wenche Koordinator", "wenche.k"
SECTION = "Min individuelle plan"


@pytest.fixture(scope="module")
def app():
    """This module's own server (one worker, as `start_app`) on a fresh, uniquely named
    PostgreSQL database with the demo data; the database is dropped at the end."""
    name, url = create_pg_database()
    try:
        running = start_app(db_url=url)
        try:
            yield running
        finally:
            cleanup(running)
    finally:
        drop_pg_database(name)


def _set_password(page: Page, app, link: str, username: str, password: str) -> None:
    """Open a one-time invitation link, set the password, and log in with it."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name="Lag passord")).to_be_visible()
    expect(page.get_by_text(f"Brukernavnet ditt er {username}")).to_be_visible()
    page.get_by_label("Nytt passord").fill(password)
    page.get_by_label("Skriv passordet en gang til").fill(password)
    page.get_by_role("button", name="Lagre passord").click()
    expect(page.get_by_text("Passordet er lagret. Nå kan du logge inn.")).to_be_visible()
    login_page(page, app.url, username, password)


def _invite(page: Page, staff: str, role: str) -> None:
    """On the team page: find a staff member, invite them in `role` to see the goals."""
    _find(page, staff.split()[0])
    page.get_by_role("button", name=f"Velg {staff}").click()
    form = page.get_by_role("form", name=f"Inviter {staff}")
    form.get_by_label("Rolle i planen").select_option(role)
    form.get_by_role("checkbox", name="Målene dine, ressursene dine").check()
    form.get_by_role("button", name=f"Send forespørselen til {PERSON}").click()
    expect(page.get_by_role("status").get_by_text(
        f"Vi har spurt {PERSON} om {staff} kan være med i planen.")).to_be_visible()


def _add_item(page: Page, button: str, text: str) -> None:
    section = page.get_by_role("region", name=SECTION)
    section.get_by_role("button", name=button).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Tekst").fill(text)
    dialog.get_by_role("button", name="Lagre").click()
    expect(dialog).to_be_hidden()
    expect(section.get_by_text(text)).to_be_visible()


def _member_state(app, plan: int) -> dict[str, tuple]:
    """username -> (role, pending, ended) of each staff participant of the plan."""
    return {r[0]: r[1:] for r in query(
        app.db_url, "SELECT a.username, p.role, p.pending, p.left_at IS NOT NULL FROM "
                    "participant p JOIN account a ON a.id = p.account_id WHERE p.plan_id = :p "
                    "AND a.kind = 'staff'", p=plan)}


def test_from_a_new_koordinator_to_a_closed_plan_the_person_reads(page: Page, login, app,
                                                                   browser,
                                                                   browser_context_args):
    assert app.db_url.startswith("postgresql")

    def new_page() -> Page:  # another person's browser, at 390x844, waits as `page` does
        other = browser.new_context(**browser_context_args).new_page()
        other.set_default_timeout(60_000)
        other.set_default_navigation_timeout(60_000)
        return other

    # the administrator makes a koordinator account; its owner sets a password by the link
    login("admin")
    page.get_by_role("link", name="Ansatte og roller").click()
    form = page.get_by_role("form", name="Ny ansatt")
    form.get_by_label("Navn", exact=True).fill(KOORDINATOR)
    form.get_by_label("Brukernavn", exact=True).fill(KOORDINATOR_USER)
    form.get_by_role("checkbox", name="Koordinator").check()
    form.get_by_role("button", name="Lag bruker").click()
    expect(page.get_by_role("status").get_by_text(f"{KOORDINATOR} har fått en bruker.")) \
        .to_be_visible()
    staff_link = page.locator("#invite-link").inner_text()
    koord = new_page()
    _set_password(koord, app, staff_link, KOORDINATOR_USER, "fjord og fjell 2026")
    expect(koord.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()

    # the koordinator finds a person who has no plan and starts one
    person_id = person_without_plan(app.db_url, PERSON, date(1990, 5, 17))
    _search(koord, app, PERSON).get_by_role("button", name=f"Start plan for {PERSON}").click()
    _fill_and_start(koord, PERSON)
    person_link = koord.locator("#invite-link").inner_text()
    plan = scalar(app.db_url, "SELECT id FROM plan WHERE person_id = :p", p=person_id)
    assert _member_state(app, plan) == {KOORDINATOR_USER: ("koordinator", False, False)}

    # ... and invites the NAV veileder and a DPS jobbspesialist
    _team(koord, app, plan)
    _invite(koord, "Kari Nordmann", "veileder")
    _invite(koord, "Jonas Lie", "tjenesteyter")
    members = koord.get_by_role("region", name="Hvem er med")
    for staff in ("Kari Nordmann", "Jonas Lie"):
        expect(members.get_by_role("listitem").filter(has=koord.get_by_role(
            "heading", name=staff)).get_by_text("Venter på svar om samtykke")).to_be_visible()

    # the person logs in for the first time: approves the veileder, declines the other
    username = scalar(app.db_url, "SELECT username FROM account WHERE id = :p", p=person_id)
    person = new_page()
    _set_password(person, app, person_link, username, "min egen plan 2026")
    person.get_by_role("region", name="Kari Nordmann").get_by_role(
        "button", name="Godkjenn", exact=True).click()
    expect(person.get_by_role("region", name="Kari Nordmann")).to_have_count(0)
    person.get_by_role("region", name="Jonas Lie").get_by_role("button", name="Avslå").click()
    expect(person.get_by_role("region", name="Jonas Lie")).to_have_count(0)
    state = _member_state(app, plan)
    assert state["veileder"] == ("veileder", False, False), state
    jonas = state.get("jobbspesialist")
    assert jonas is None or jonas[1] or jonas[2], state  # declined: never an active member

    # the koordinator writes a resource and a need for help
    koord.goto(f"{app.url}/plan/{plan}")
    _add_item(koord, "Legg til noe som går bra", "Leila snakker fire språk.")
    _add_item(koord, "Legg til et behov for hjelp", "Hjelp til å finne en lærlingplass.")
    assert sorted(query(app.db_url, "SELECT kind, text FROM plan_item WHERE plan_id = :p",
                        p=plan)) == [("resource", "Leila snakker fire språk."),
                                     ("service_need", "Hjelp til å finne en lærlingplass.")]

    # ... hands NAV's part to veileder2
    _team(koord, app, plan)
    kari = members.get_by_role("listitem").filter(has=koord.get_by_role("heading",
                                                                       name="Kari Nordmann"))
    expect(kari).to_be_visible()
    expect(kari.get_by_text("Venter på svar om samtykke")).to_have_count(0)
    _find(koord, "Nils")
    koord.get_by_role("button", name="Velg Nils Vik").click()
    hand = koord.get_by_role("form", name="Gi NAV-delen til Nils Vik")
    expect(hand).to_be_visible()
    hand.get_by_label("Hvorfor bytter dere veileder?").fill("Kari har fått ny jobb.")
    hand.get_by_role("button", name="Gi NAV-delen til Nils Vik").click()
    expect(koord.get_by_role("status").get_by_text("Nils Vik har nå NAV-delen av planen.")) \
        .to_be_visible()
    expect(members.get_by_role("heading", name="Kari Nordmann")).to_have_count(0)
    expect(members.get_by_role("heading", name="Nils Vik")).to_be_visible()
    assert _member_state(app, plan)["veileder2"] == ("veileder", False, False)

    # ... and closes the plan
    koord.goto(f"{app.url}/plan/{plan}")
    koord.get_by_role("region", name="Avslutte planen").get_by_role(
        "button", name="Avslutt planen").click()
    dialog = koord.get_by_role("dialog")
    dialog.get_by_label("Hvorfor avsluttes planen?").select_option("goal_reached")
    dialog.get_by_label("Sluttevaluering").fill("Leila har fått lærlingplass.")
    dialog.get_by_role("button", name="Avslutt planen").click()
    expect(koord.get_by_role("heading", name="Planen er avsluttet")).to_be_visible()
    assert scalar(app.db_url, "SELECT closed_at FROM plan WHERE id = :p", p=plan) is not None

    # the person reads it under "Tidligere planer"
    person.goto(app.url + "/")
    expect(person.get_by_role("heading", name="Planen er avsluttet")).to_be_visible()
    person.get_by_role("link", name="Tidligere planer").click()
    earlier = person.get_by_role("list", name="Tidligere planer")
    expect(earlier.get_by_text("Leila har fått lærlingplass.")).to_be_visible()
    earlier.get_by_role("link", name="Les planen").click()
    expect(person.get_by_text("Leila snakker fire språk.")).to_be_visible()
    for p in (koord, person):
        p.context.close()
