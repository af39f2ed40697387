"""Programme facts on a phone: the koordinator of Amina's introduction programme changes them
on /plan/<id>/program, Amina's open plan shows them live; bad input and old versions are
refused; Amina herself cannot open the page."""

from __future__ import annotations

import json
from datetime import timedelta

from playwright.sync_api import Browser, expect

from ip_app.kernel import clock
from ip_app.kernel.i18n import fmt_date
from tests.utils.db import plan_id_of, query, scalar

VERSIONS = "SELECT count(*) FROM programme WHERE plan_id = :p AND basis = 'integreringsplan'"


def _login(context, app, username):
    page = context.new_page()
    page.goto(app.url + "/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    return page


def _open_form(page, app, plan_id):
    page.goto(f"{app.url}/plan/{plan_id}")
    intro = page.get_by_role("region", name="Introduksjonsprogrammet")
    intro.get_by_role("link", name="Endre programopplysningene").click()
    expect(page.get_by_role("heading", level=1, name="Programopplysninger")).to_be_visible()
    return page.get_by_role("region", name="Registrer eller endre")


def test_koordinator_changes_the_goal_and_adds_a_phase_and_the_person_sees_it_live(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    before = scalar(app.db_url, VERSIONS, p=plan_id)
    start = clock.today() + timedelta(days=100)
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        person = _login(person_ctx, app, "amina")
        intro_p = person.get_by_role("region", name="Introduksjonsprogrammet")
        expect(intro_p.get_by_text("Fagopplæring for voksne")).to_be_visible()
        expect(intro_p.get_by_role("link", name="Endre programopplysningene")).to_have_count(0)
        person.evaluate("window.__nav = performance.getEntriesByType('navigation').length")

        staff = _login(staff_ctx, app, "koordinator")
        form = _open_form(staff, app, plan_id)
        expect(staff.get_by_text("Amina Yusuf", exact=False).first).to_be_visible()
        goal = form.get_by_label("Sluttmål")
        expect(goal).to_have_value("Læreplass som helsefagarbeider, og fast jobb i helse og "
                                   "omsorg.")
        expect(form.get_by_label("Navn på fase 4")).to_have_value("Fagopplæring for voksne")
        goal.fill("Fagbrev som helsefagarbeider og fast jobb på Fjordly sykehjem.")
        form.get_by_role("button", name="Legg til fase").click()
        form.get_by_label("Navn på fase 5").fill("Læretid på sykehjem")
        form.get_by_label("Startdato for fase 5").fill(start.isoformat())
        # a row added and taken out again before saving is simply not saved
        form.get_by_role("button", name="Legg til fase").click()
        form.get_by_label("Navn på fase 6").fill("Skal ikke med")
        form.get_by_role("button", name="Fjern fase 6").click()
        expect(form.get_by_label("Navn på fase 6")).to_have_count(0)
        expect(form.get_by_label("Navn på fase 5")).to_have_value("Læretid på sykehjem")
        form.get_by_role("button", name="Lagre ny versjon").click()
        expect(staff.get_by_role("status").get_by_text(
            f"Programopplysningene er lagret som versjon {before + 1}.")).to_be_visible()
        earlier = staff.get_by_role("region", name="Tidligere versjoner")
        expect(earlier.get_by_role("heading", name=f"Versjon {before}")).to_be_visible()
        expect(earlier.get_by_text("Skrevet av deg").first).to_be_visible()

        # Amina's open plan shows the new facts without a reload
        expect(intro_p.get_by_text("Fagbrev som helsefagarbeider og fast jobb på Fjordly "
                                   "sykehjem.")).to_be_visible()
        expect(intro_p.get_by_text("Læretid på sykehjem")).to_be_visible()
        expect(intro_p.get_by_text(fmt_date(start))).to_be_visible()
        expect(intro_p.get_by_text("Skal ikke med")).to_have_count(0)
        assert person.evaluate("performance.getEntriesByType('navigation').length") == 1
    finally:
        person_ctx.close()
        staff_ctx.close()
    assert scalar(app.db_url, VERSIONS, p=plan_id) == before + 1
    phases = query(app.db_url, "SELECT phases FROM programme WHERE plan_id = :p AND basis = "
                               "'integreringsplan' ORDER BY version DESC LIMIT 1", p=plan_id)[0][0]
    names = [ph["name"] for ph in (json.loads(phases) if isinstance(phases, str) else phases)]
    assert names[-1] == "Læretid på sykehjem" and "Skal ikke med" not in names
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON u.id = "
                              "a.actor_id WHERE u.username = 'koordinator' AND a.action = "
                              "'save_programme' AND a.allowed = :t", t=True) >= 1


def test_an_extension_without_a_reason_is_refused_and_changes_nothing(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    before = scalar(app.db_url, VERSIONS, p=plan_id)
    ctx = browser.new_context(**browser_context_args)
    try:
        staff = _login(ctx, app, "koordinator")
        form = _open_form(staff, app, plan_id)
        form.get_by_label("Forlengelse", exact=True).select_option(label="6 mnd.")
        form.get_by_role("button", name="Lagre ny versjon").click()
        expect(form.get_by_text("Skriv hvilke særlige grunner som gjør at programmet "
                                "forlenges.")).to_be_visible()
        expect(staff.get_by_role("alert").get_by_text("Ingenting er endret")).to_be_visible()
        # keyboard: the reason box is reached and filled without a mouse, the error goes
        reason = form.get_by_label("Særlige grunner for forlengelsen")
        reason.focus()
        staff.keyboard.type("Lang sykdom i familien.")
        staff.keyboard.press("Shift+Tab")
        expect(form.get_by_label("Forlengelse", exact=True)).to_be_focused()
    finally:
        ctx.close()
    assert scalar(app.db_url, VERSIONS, p=plan_id) == before


def test_a_save_based_on_an_old_version_is_refused_and_shows_the_newer_one(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    before = scalar(app.db_url, VERSIONS, p=plan_id)
    first_ctx = browser.new_context(**browser_context_args)
    second_ctx = browser.new_context(**browser_context_args)
    try:
        first = _open_form(_login(first_ctx, app, "koordinator"), app, plan_id)
        second_page = _login(second_ctx, app, "koordinator")
        second = _open_form(second_page, app, plan_id)
        first.get_by_label("Utdanning (kartlegging)").fill("Videregående skole fra Sudan, "
                                                           "godkjent. Fagbrev påbegynt.")
        first.get_by_role("button", name="Lagre ny versjon").click()
        expect(first.page.get_by_role("status").get_by_text("lagret som versjon")).to_be_visible()
        second.get_by_label("Sluttmål").fill("Et mål skrevet mens den andre lagret.")
        second.get_by_role("button", name="Lagre ny versjon").click()
        alert = second_page.get_by_role("alert")
        expect(alert.get_by_text(f"lagret versjon {before + 1}")).to_be_visible()
        # what they typed stays, and the page shows the newer version
        expect(second.get_by_label("Sluttmål")).to_have_value(
            "Et mål skrevet mens den andre lagret.")
        current = second_page.get_by_role("region", name="Gjeldende opplysninger")
        expect(current.get_by_text("Fagbrev påbegynt.")).to_be_visible()
        assert scalar(app.db_url, VERSIONS, p=plan_id) == before + 1
        # a second try builds on the newer version and is saved
        second.get_by_role("button", name="Lagre ny versjon").click()
        expect(second_page.get_by_role("status").get_by_text(
            f"lagret som versjon {before + 2}")).to_be_visible()
    finally:
        first_ctx.close()
        second_ctx.close()
    assert scalar(app.db_url, VERSIONS, p=plan_id) == before + 2


def test_the_person_and_other_helpers_get_the_denied_view(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    refused = ("SELECT count(*) FROM audit_event a JOIN account u ON u.id = a.actor_id WHERE "
               "u.username = :u AND a.action = 'open_programme_edit' AND a.allowed = :f")
    for username in ("amina", "laerer", "veileder"):
        n = scalar(app.db_url, refused, u=username, f=False)
        ctx = browser.new_context(**browser_context_args)
        try:
            page = _login(ctx, app, username)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.goto(f"{app.url}/plan/{plan_id}/program")
            expect(page.get_by_text("Du har ikke tilgang til å registrere eller endre "
                                    "programopplysningene")).to_be_visible()
            expect(page.get_by_role("button", name="Lagre ny versjon")).to_have_count(0)
            expect(page.get_by_text("Læreplass som helsefagarbeider")).to_have_count(0)
        finally:
            ctx.close()
        assert scalar(app.db_url, refused, u=username, f=False) == n + 1
