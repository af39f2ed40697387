"""Access rules seen in the browser: office restriction, expired consent, protected address."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in
from tests.utils.db import execute, plan_id_of, query
from ip_app.kernel import clock

KVP_ONLY = "Økonomisk rådgivning og søknad om gjeldsordning"  # kept to NAV Molde


def test_office_restricted_tiltak_hidden_from_other_offices_never_from_the_person(
        browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "sara")
    for username, sees in (("veileder", True), ("koordinator", False), ("sara", True)):
        ctx = browser.new_context(**browser_context_args)
        try:
            page = logged_in(ctx, app.url, username)
            if username != "sara":
                page.goto(f"{app.url}/plan/{plan}")
            expect(page.get_by_role("heading", name="Tiltak og aktiviteter")).to_be_visible()
            expect(page.get_by_role("region", name=KVP_ONLY)).to_have_count(1 if sees else 0)
        finally:
            ctx.close()


def test_expired_consent_ends_access_by_itself(browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "emil")
    cid, until = query(app.db_url, "SELECT c.id, c.valid_until FROM consent c JOIN participant p "
                                   "ON p.id = c.participant_id JOIN account a ON a.id = p.account_id "
                                   "WHERE a.username = 'jobbspesialist' AND c.plan_id = :p", p=plan)[0]
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "jobbspesialist")
        page.goto(f"{app.url}/plan/{plan}")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Emil Strand")
        yesterday = clock.today() - timedelta(days=1)
        execute(app.db_url, "UPDATE consent SET valid_until = :d WHERE id = :c", d=yesterday, c=cid)
        page.reload()
        expect(page.get_by_text("Du har ikke tilgang til denne planen.")).to_be_visible()
        page.goto(app.url + "/")
        emil = page.get_by_role("main").get_by_role("listitem").filter(has_text="Emil Strand")
        expect(emil.get_by_text("Venter på samtykke")).to_be_visible()
    finally:
        execute(app.db_url, "UPDATE consent SET valid_until = :d WHERE id = :c", d=until, c=cid)
        ctx.close()


def test_protected_address_hides_contact_details_from_participants(
        browser: Browser, browser_context_args, app):
    phone = "+47 400 02 201"
    execute(app.db_url, "UPDATE account SET protection = 'kode6' WHERE username = 'amina'")
    try:
        staff_ctx = browser.new_context(**browser_context_args)
        person_ctx = browser.new_context(**browser_context_args)
        try:
            staff = logged_in(staff_ctx, app.url, "veileder")
            staff.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
            people = staff.get_by_role("region", name="Hvem gjør hva")
            expect(people.get_by_text("Amina Yusuf", exact=True)).to_be_visible()
            expect(people.get_by_text(phone)).to_have_count(0)
            amina = logged_in(person_ctx, app.url, "amina")
            expect(amina.get_by_role("region", name="Hvem gjør hva").get_by_text(phone)
                   ).to_be_visible()
        finally:
            staff_ctx.close()
            person_ctx.close()
    finally:
        execute(app.db_url, "UPDATE account SET protection = '' WHERE username = 'amina'")
