"""Samarbeidsavtale and the provider filter on a phone: a koordinator edits a line and sees
the new version; a stale save is refused; the person has no link and is refused; the
provider filter on /samordning narrows the rows."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.utils.browser import logged_in
from tests.utils.db import scalar

LINK = "Samarbeidsavtale mellom NAV og kommunen"
VERSION = ("SELECT a.version FROM cooperation_agreement a JOIN organisation n ON "
           "n.id = a.nav_org_id JOIN organisation m ON m.id = a.municipality_org_id "
           "WHERE n.name = 'NAV Molde' AND m.name = 'Molde kommune – flyktningtjenesten'")
REFUSED = ("SELECT count(*) FROM audit_event e JOIN account a ON a.id = e.actor_id "
           "WHERE a.username = :u AND e.action = :action AND e.allowed = :no")


def _open(page: Page) -> None:
    page.get_by_role("link", name=LINK).click()
    expect(page.get_by_role("heading", level=1, name="Samarbeidsavtale")).to_be_visible()
    expect(page.get_by_text("Mellom NAV Molde og Molde kommune – flyktningtjenesten")
           ).to_be_visible()


def test_koordinator_edits_a_line_and_sees_the_new_version(
        browser: Browser, browser_context_args, app):
    before = scalar(app.db_url, VERSION)
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "koordinator")
        _open(page)
        expect(page.locator("#coop-status")).to_contain_text(f"Versjon {before}, lagret")
        mentor = page.get_by_role("group", name="Mentor")

        # bad input: a clear message beside the field, nothing saved
        mentor.get_by_label("Merknad (valgfritt)").fill("x" * 301)
        page.get_by_role("button", name="Lagre ny versjon").click()
        expect(mentor.get_by_text("Merknaden kan ha høyst 300 tegn.")).to_be_visible()
        assert scalar(app.db_url, VERSION) == before

        note = f"Frivilligsentralen har mentorer {uuid.uuid4().hex[:5]}"
        mentor.get_by_label("Ansvarlig").select_option(label="Begge sammen")
        field = mentor.get_by_label("Merknad (valgfritt)")
        field.fill(note)
        field.press("Enter")  # the keyboard submits the form
        expect(page.get_by_role("status").filter(
            has_text=f"Avtalen er lagret som versjon {before + 1}.")).to_be_visible()
        expect(page.locator("#coop-status")).to_contain_text(f"Versjon {before + 1}, lagret")
        expect(page.locator("#coop-status")).to_contain_text("Ola Hansen")
        assert scalar(app.db_url, VERSION) == before + 1
        # the form now starts from the saved version
        expect(mentor.get_by_label("Merknad (valgfritt)")).to_have_value(note)

        # the new version and the old ones are listed; a version opens to show its lines
        history = page.get_by_role("region", name="Tidligere versjoner")
        newest = history.locator("details").first
        newest.locator("summary").click()
        expect(newest.get_by_text("Endret: Mentor")).to_be_visible()
        expect(newest.get_by_text(note)).to_be_visible()
        expect(history.locator("summary")).to_have_count(before + 1)
    finally:
        ctx.close()


def test_a_save_based_on_an_older_version_is_refused(
        browser: Browser, browser_context_args, app):
    k_ctx = browser.new_context(**browser_context_args)
    v_ctx = browser.new_context(**browser_context_args)
    try:
        kari = logged_in(v_ctx, app.url, "veileder")
        _open(kari)
        ola = logged_in(k_ctx, app.url, "koordinator")
        _open(ola)
        start = scalar(app.db_url, VERSION)
        ola.get_by_role("group", name="Kartlegging").get_by_label(
            "Merknad (valgfritt)").fill("Ola skrev først")
        ola.get_by_role("button", name="Lagre ny versjon").click()
        expect(ola.get_by_text(f"Avtalen er lagret som versjon {start + 1}.")).to_be_visible()

        mine = "Kari skrev samtidig"
        kari.get_by_role("group", name="Kartlegging").get_by_label(
            "Merknad (valgfritt)").fill(mine)
        kari.get_by_role("button", name="Lagre ny versjon").click()
        expect(kari.get_by_role("alert")).to_contain_text("Noen andre lagret avtalen")
        assert scalar(app.db_url, VERSION) == start + 1
        # what Kari typed is still there, and the next save builds on the newest version
        expect(kari.get_by_role("group", name="Kartlegging").get_by_label(
            "Merknad (valgfritt)")).to_have_value(mine)
        kari.get_by_role("button", name="Lagre ny versjon").click()
        expect(kari.get_by_text(f"Avtalen er lagret som versjon {start + 2}.")).to_be_visible()
        assert scalar(app.db_url, VERSION) == start + 2
        assert scalar(app.db_url, REFUSED, u="veileder", action="save_cooperation",
                      no=False) >= 1
    finally:
        k_ctx.close()
        v_ctx.close()


def test_the_person_has_no_link_and_is_refused(browser: Browser, browser_context_args, app):
    before = scalar(app.db_url, REFUSED, u="amina", action="read_cooperation", no=False)
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "amina")
        expect(page.get_by_role("link", name=LINK)).to_have_count(0)
        page.goto(f"{app.url}/samarbeidsavtale")
        expect(page.get_by_text("Denne siden er for ansatte i NAV-kontoret og kommunen.")
               ).to_be_visible()
        expect(page.get_by_role("button", name="Lagre ny versjon")).to_have_count(0)
        assert "Molde kommune – flyktningtjenesten" not in page.content()
        assert scalar(app.db_url, REFUSED, u="amina", action="read_cooperation",
                      no=False) == before + 1

        ctx.close()
        ctx = browser.new_context(**browser_context_args)
        page = logged_in(ctx, app.url, "laerer")  # staff, but not at NAV or the municipality
        page.goto(f"{app.url}/samarbeidsavtale")
        expect(page.get_by_text("Kontoret ditt er ikke part i en samarbeidsavtale",
                                exact=False)).to_be_visible()
        expect(page.get_by_role("button", name="Lagre ny versjon")).to_have_count(0)
    finally:
        ctx.close()


def test_provider_filter_on_samordning_narrows_the_rows(
        browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "veileder")
        page.goto(f"{app.url}/samordning")
        expect(page.get_by_role("heading", level=1, name="Samordning av tiltak")).to_be_visible()
        expect(page.get_by_role("link", name="Sara Nilsen").first).to_be_visible()
        count = page.get_by_text(re.compile(r"^\d+ tiltak$"))
        total = int(count.inner_text().split()[0])

        page.get_by_label("Tilbyder").select_option(label="DPS Molde")
        expect(page.get_by_role("link", name="Sara Nilsen")).to_have_count(0)
        expect(page.get_by_role("link", name="Amina Yusuf")).to_have_count(0)
        expect(page.get_by_role("link", name="Emil Strand").first).to_be_visible()
        shown = int(count.inner_text().split()[0])
        assert 0 < shown < total
        responsible = page.get_by_text(re.compile(r"^Ansvarlig: "))
        expect(responsible).to_have_count(shown)
        for text in responsible.all_inner_texts():
            assert text == "Ansvarlig: DPS Molde"
        # back to everyone
        page.get_by_label("Tilbyder").select_option(label="Alle tilbydere")
        expect(page.get_by_role("link", name="Sara Nilsen").first).to_be_visible()
    finally:
        ctx.close()
