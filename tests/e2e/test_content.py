"""What each plan requires, on a phone: the § 14 a assessment and the tiltak catalogue."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, scalar

VIEWS = ("SELECT count(*) FROM work_assessment WHERE plan_id = :p AND author_kind = 'person'")


def test_person_reads_the_assessment_and_adds_their_own_view(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "emil")
    before = scalar(app.db_url, VIEWS, p=plan_id)
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "emil")
        page.get_by_role("link", name="Vurderingen av behovet for hjelp (§ 14 a)").click()
        expect(page.get_by_role("heading", level=1,
                                name="Vurderingen av behovet ditt for hjelp")).to_be_visible()
        current = page.get_by_role("region", name="Gjeldende vurdering")
        expect(current.get_by_text("Deltidsjobb på verksted", exact=False)).to_be_visible()
        expect(current.get_by_text("Arbeidsevnen er noe nedsatt")).to_be_visible()
        earlier = page.get_by_role("region", name="Tidligere versjoner")
        expect(earlier.get_by_text("Praktisk arbeid med bil eller maskiner.")).to_be_visible()

        views = page.get_by_role("region", name="Hva du mener om vurderingen")
        expect(views.get_by_text("Du er uenig", exact=True)).to_be_visible()
        # disagreeing without saying why: a clear message, nothing saved
        views.get_by_label("Er du enig i vurderingen?").select_option("nei")
        views.get_by_role("button", name="Lagre det jeg mener").click()
        expect(views.get_by_text("Skriv kort hva du er uenig i.")).to_be_visible()
        assert scalar(app.db_url, VIEWS, p=plan_id) == before

        words = f"Jeg vil heller jobbe fullt etter hvert {uuid.uuid4().hex[:5]}"
        views.get_by_label("Er du enig i vurderingen?").select_option("nei")
        views.get_by_label("Dine ord", exact=False).fill(words)
        views.get_by_role("button", name="Lagre det jeg mener").click()
        expect(views.get_by_text(words)).to_be_visible()
        assert scalar(app.db_url, VIEWS, p=plan_id) == before + 1
        # the earlier views are still there
        expect(views.get_by_text("klarer mer enn det som står her", exact=False)).to_be_visible()
    finally:
        ctx.close()


def test_tjenesteyter_without_confidential_consent_never_sees_the_assessment(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "emil")
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "jobbspesialist")
        page.goto(f"{app.url}/plan/{plan_id}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="Vurderingen av behovet for hjelp (§ 14 a)")
               ).to_have_count(0)
        page.goto(f"{app.url}/plan/{plan_id}/vurdering")
        expect(page.get_by_text("Du har ikke tilgang", exact=False).first).to_be_visible()
        html = page.content()
        for secret in ("Deltidsjobb på verksted", "Angst og søvnvansker gjør", "klarer mer"):
            assert secret not in html
    finally:
        ctx.close()


def test_person_adds_an_activity_of_a_catalogue_type_and_reads_what_it_is(
        browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    plan_id = plan_id_of(app.db_url, "sara")
    try:
        page = logged_in(ctx, app.url, "sara")
        page.get_by_role("button", name="Legg til egen aktivitet").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Type tiltak").select_option(label="Hjelpemidler og tilrettelegging")
        dialog.get_by_role("button", name="Legg til").click()
        expect(dialog).to_be_hidden()
        card = page.get_by_role("region", name="Hjelpemidler og tilrettelegging")
        card.get_by_role("button", name="Vis mer").click()
        card.get_by_role("button", name="Hva er dette?").click()
        expect(card.get_by_text("Utstyr eller endringer", exact=False)).to_be_visible()
        expect(card.get_by_text("Vanligvis gitt av: NAV")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM measure WHERE plan_id = :p AND "
                                  "kind = 'hjelpemidler'", p=plan_id) == 1
    finally:
        ctx.close()


def test_staff_sets_hours_and_sees_the_weekly_sum(browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "koordinator")
        page.goto(f"{app.url}/plan/{plan_id}")
        intro = page.get_by_role("region", name="Introduksjonsprogrammet")
        expect(intro.get_by_text("Hurtigspor", exact=True)).to_be_visible()
        expect(intro.get_by_text("Sum denne uka: 32 av 37,5 timer")).to_be_visible()
        expect(intro.get_by_text("Det mangler 5,5 timer i uka", exact=False)).to_be_visible()

        card = page.get_by_role("region", name="Arbeidstrening på Fjordly sykehjem")
        card.get_by_role("button", name="Vis mer").click()
        card.get_by_role("button", name="Endre tiltaket").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Timer per uke").fill("17,5")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog).to_be_hidden()
        expect(intro.get_by_text("Sum denne uka: 37,5 av 37,5 timer")).to_be_visible()
        expect(intro.get_by_text("Programmet er på full tid denne uka.")).to_be_visible()
        assert scalar(app.db_url, "SELECT hours_per_week FROM measure WHERE plan_id = :p AND "
                                  "title = 'Arbeidstrening på Fjordly sykehjem'", p=plan_id) == 17.5
    finally:
        ctx.close()


def test_coordination_lists_only_people_the_viewer_may_see(
        browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "laerer")
        page.goto(f"{app.url}/samordning")
        expect(page.get_by_role("heading", level=1, name="Samordning av tiltak")).to_be_visible()
        expect(page.get_by_role("link", name="Amina Yusuf").first).to_be_visible()
        html = page.content()
        for other in ("Emil Strand", "Sara Nilsen", "Fjordly sykehjem"):
            assert other not in html

        ctx.close()
        ctx = browser.new_context(**browser_context_args)
        page = logged_in(ctx, app.url, "veileder")
        page.goto(f"{app.url}/samordning")
        expect(page.get_by_role("link", name="Sara Nilsen").first).to_be_visible()
        page.get_by_label("Type tiltak").select_option(label="Jobbspesialist (IPS)")
        ips = page.get_by_role("region", name="Jobbspesialist (IPS)")
        expect(ips.get_by_role("link", name="Emil Strand")).to_be_visible()
        expect(page.get_by_role("link", name="Sara Nilsen")).to_have_count(0)
    finally:
        ctx.close()
