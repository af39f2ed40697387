"""An office's administrator on a phone and at 1280 px (issue 19): makes a koordinator account whose
owner sets a password through a one-time link, changes roles, deactivates an account
(its open login ends); others are refused."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.utils.browser import login_page
from tests.utils.db import query, scalar


def _new_context_page(browser, browser_context_args) -> Page:
    return browser.new_context(**browser_context_args).new_page()


@pytest.mark.parametrize("size,name,username", [
    pytest.param({"width": 390, "height": 844}, "Berit Koordinator", "berit.k", id="phone"),
    pytest.param({"width": 1280, "height": 800}, "Bente Koordinator", "bente.k", id="wide")])
def test_admin_creates_a_koordinator_who_sets_a_password_once(page: Page, login, app, browser,
                                                              browser_context_args, size, name,
                                                              username):
    page.set_viewport_size(size)
    login("admin")
    page.get_by_role("link", name="Ansatte og roller").click()
    expect(page.get_by_role("heading", level=1, name="Ansatte")).to_be_visible()
    expect(page.get_by_text("Molde kommune – flyktningtjenesten")).to_be_visible()
    before = scalar(app.db_url, "SELECT count(*) FROM account")

    form = page.get_by_role("form", name="Ny ansatt")
    # bad input: told at the field, nothing written
    form.get_by_label("Brukernavn", exact=True).fill("B")
    form.get_by_role("button", name="Lag bruker").click()
    expect(form.get_by_text("Skriv navnet.")).to_be_visible()
    expect(form.get_by_text("Brukernavnet må ha 3 til 40 tegn")).to_be_visible()
    expect(form.get_by_text("Velg minst én rolle.")).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM account") == before

    form.get_by_label("Navn", exact=True).fill(name)
    form.get_by_label("Brukernavn", exact=True).fill(username)
    form.get_by_label("Stilling").fill("Koordinator, Molde kommune")
    form.get_by_role("checkbox", name="Koordinator").check()
    form.get_by_role("button", name="Lag bruker").click()
    expect(page.get_by_role("status").get_by_text(f"{name} har fått en bruker.")) \
        .to_be_visible()
    link = page.locator("#invite-link").inner_text()
    assert re.match(r"^http://[^/]+/invitasjon/[\w-]{30,}$", link), link
    row = page.get_by_role("listitem").filter(has=page.get_by_role("heading",
                                                                  name=name))
    expect(row.get_by_text("Har ikke laget passord ennå")).to_be_visible()
    acct = query(app.db_url, "SELECT id, kind, password_hash, staff_roles, organisation_id FROM "
                             "account WHERE username = :u", u=username)[0]
    assert acct[1:4] == ("staff", "", "koordinator")
    token = link.rsplit("/", 1)[1]
    stored = query(app.db_url, "SELECT token_hash FROM invitation WHERE account_id = :a",
                   a=acct[0])
    assert len(stored) == 1 and token not in stored[0][0]  # only a hash is kept
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = 'create_staff' "
                              "AND target = :t AND allowed = :y", t=f"account:{acct[0]}", y=True) == 1

    # the new koordinator opens the link in another browser and sets a password
    other = _new_context_page(browser, {**browser_context_args, "viewport": size})
    other.goto(link)
    expect(other.get_by_role("heading", level=1, name="Lag passord")).to_be_visible()
    expect(other.get_by_text(f"Brukernavnet ditt er {username}")).to_be_visible()
    other.get_by_label("Nytt passord").fill("kort")
    other.get_by_label("Skriv passordet en gang til").fill("kort")
    other.get_by_role("button", name="Lagre passord").click()
    expect(other.get_by_text("Passordet må ha minst 10 tegn.")).to_be_visible()
    other.get_by_label("Nytt passord").fill("fjord og fjell 2026")
    other.get_by_label("Skriv passordet en gang til").fill("fjord og fjell 2026")
    other.get_by_role("button", name="Lagre passord").click()
    expect(other.get_by_text("Passordet er lagret. Nå kan du logge inn.")).to_be_visible()
    # single use: the same link again says it does not work
    other.goto(link)
    expect(other.get_by_text("Denne lenken virker ikke.")).to_be_visible()
    expect(other.get_by_role("textbox", name="Nytt passord")).to_have_count(0)
    login_page(other, app.url, username, "fjord og fjell 2026")
    expect(other.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()
    other.context.close()

    page.reload()
    row = page.get_by_role("listitem").filter(has=page.get_by_role("heading",
                                                                  name=name))
    expect(row.get_by_text("Aktiv", exact=True)).to_be_visible()


def test_admin_changes_roles_and_deactivates_and_the_login_ends(page: Page, login, app, browser,
                                                               browser_context_args):
    # a staff member of the admin's organisation, logged in elsewhere
    other = _new_context_page(browser, browser_context_args)
    login_page(other, app.url, "koordinator")
    expect(other.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()

    login("admin")
    page.goto(app.url + "/ansatte")
    row = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Ola Hansen"))
    row.get_by_text("Endre Ola Hansen").click()
    roles = row.get_by_role("form", name="Roller for Ola Hansen")
    roles.get_by_role("checkbox", name="Veileder").check()
    roles.get_by_role("button", name="Lagre roller").click()
    expect(page.get_by_role("status").get_by_text("Rollene til Ola Hansen er lagret.")) \
        .to_be_visible()
    assert scalar(app.db_url, "SELECT staff_roles FROM account WHERE username = 'koordinator'") \
        == "veileder,koordinator"

    row = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Ola Hansen"))
    if not row.get_by_role("form", name="Deaktiver Ola Hansen").is_visible():
        row.get_by_text("Endre Ola Hansen").click()
    off = row.get_by_role("form", name="Deaktiver Ola Hansen")
    off.get_by_role("button", name="Deaktiver bruker").click()
    expect(off.get_by_text("Skriv hvorfor.")).to_be_visible()
    assert scalar(app.db_url, "SELECT deactivated_at FROM account WHERE username = "
                              "'koordinator'") is None
    off.get_by_label("Hvorfor skal brukeren stenges?").fill("Sluttet i kommunen.")
    off.get_by_role("button", name="Deaktiver bruker").click()
    expect(page.get_by_role("status").get_by_text("Ola Hansen er deaktivert og logget ut.")) \
        .to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM auth_session s JOIN account a ON "
                              "a.id = s.account_id WHERE a.username = 'koordinator' AND "
                              "s.ended_at IS NULL") == 0
    # the open login ends: the next thing Ola does takes him to the login page
    other.reload()
    expect(other).to_have_url(re.compile(r"/login"))
    login_page(other, app.url, "koordinator")
    expect(other.get_by_text("Brukernavnet eller passordet er feil.")).to_be_visible()
    other.context.close()
    # put Ola back for the other tests of this module's server
    from tests.utils.db import execute
    execute(app.db_url, "UPDATE account SET deactivated_at = NULL, staff_roles = 'koordinator' "
                        "WHERE username = 'koordinator'")


def test_others_are_refused(page: Page, login, app):
    login("veileder2")
    expect(page.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()
    expect(page.get_by_role("link", name="Ansatte og roller")).to_have_count(0)
    page.goto(app.url + "/ansatte")
    expect(page.get_by_text("Bare administratoren for kontoret kan se denne siden.")) \
        .to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON "
                              "u.id = a.actor_id WHERE u.username = 'veileder2' AND "
                              "a.action = 'read_staff_admin' AND a.allowed = :f", f=False) >= 1
