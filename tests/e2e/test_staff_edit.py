"""Staff create and edit tiltak; the second of two concurrent saves is refused, not lost."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect

from ip_app.measures.state import MeasureEditState
from ip_app.plan.state import PlanState
from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async




def _open_edit(page: Page, title: str):
    card = page.get_by_role("region", name=title)
    card.get_by_role("button", name="Vis mer").click()
    card.get_by_role("button", name="Endre tiltaket").click()
    return page.get_by_role("dialog")


def test_veileder_creates_an_agreed_samordnet_tiltak_and_the_person_sees_it_locked(
        browser: Browser, browser_context_args, app):
    title = f"Jobbintervju-trening {uuid.uuid4().hex[:5]}"
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        person = logged_in(person_ctx, app.url, "amina")
        staff = logged_in(staff_ctx, app.url, "veileder")
        staff.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
        staff.get_by_role("button", name="Nytt tiltak").click()
        dialog = staff.get_by_role("dialog")
        dialog.get_by_label("Tittel").fill(title)
        dialog.get_by_label("Ansvarlig").select_option(label="Kari Nordmann (NAV-veileder)")
        dialog.get_by_label("Timer per uke").fill("mange")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog.get_by_text("Skriv timer per uke som et tall")).to_be_visible()
        dialog.get_by_label("Timer per uke").fill("4,5")
        dialog.get_by_label("Aktivitetsplan").check()
        dialog.get_by_label("Individuell plan").check()
        dialog.get_by_label("Avtalt med NAV").check()
        dialog.get_by_role("button", name="Lagre").click()
        expect(staff.get_by_role("status").filter(has_text="er lagret")).to_be_visible()

        # live on the person's phone, tagged as shared between plans, locked for her
        card = person.get_by_role("region", name=title)
        expect(card.get_by_text("Samordnet", exact=True)).to_be_visible()
        expect(card.get_by_text("Avtalt med NAV", exact=True)).to_be_visible()
        card.get_by_role("button", name="Vis mer").click()
        expect(card.get_by_role("button", name="Endre tiltaket")).to_have_count(0)
        expect(card.get_by_text("avtalt med NAV, så du kan ikke endre den selv")).to_be_visible()
        (hours, agreed, serves), = query(
            app.db_url, "SELECT hours_per_week, agreed, serves FROM measure WHERE title = :t", t=title)
        # the plan's first basis is pre-ticked for a new tiltak; two more were ticked above
        assert (hours, bool(agreed), serves) == (
            4.5, True, "integreringsplan,aktivitetsplan,individuell_plan")
    finally:
        person_ctx.close()
        staff_ctx.close()


def test_second_of_two_concurrent_edits_is_refused_and_shows_the_newer_version(
        browser: Browser, browser_context_args, app):
    title = "Søke helsefagarbeiderutdanning for voksne"  # NAV's: both may edit
    plan = plan_id_of(app.db_url, "amina")
    mid, v0 = query(app.db_url, "SELECT id, version FROM measure WHERE title = :t", t=title)[0]
    ctx_a = browser.new_context(**browser_context_args)
    ctx_b = browser.new_context(**browser_context_args)
    try:
        a = logged_in(ctx_a, app.url, "koordinator")
        b = logged_in(ctx_b, app.url, "veileder")
        for p in (a, b):
            p.goto(f"{app.url}/plan/{plan}")
        dialog_a = _open_edit(a, title)
        dialog_b = _open_edit(b, title)
        dialog_a.get_by_label("Omfang").fill("Hver uke")
        dialog_a.get_by_role("button", name="Lagre").click()
        expect(a.get_by_role("status").filter(has_text="er lagret")).to_be_visible()

        dialog_b.get_by_label("Omfang").fill("En gang i måneden")
        dialog_b.get_by_role("button", name="Lagre").click()
        conflict = dialog_b.get_by_text("Noen andre har lagret en nyere versjon")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text("Ola Hansen")
        expect(conflict).to_contain_text("De endret: omfang")
        # nothing overwritten: the first save stands, one new version only
        assert query(app.db_url, "SELECT extent, version FROM measure WHERE id = :m", m=mid) == [
            ("Hver uke", v0 + 1)]
        # what B typed is still there; saving again is a deliberate choice on the newer version
        expect(dialog_b.get_by_label("Omfang")).to_have_value("En gang i måneden")
        dialog_b.get_by_role("button", name="Lagre").click()
        expect(b.get_by_role("status").filter(has_text="er lagret")).to_be_visible()
        assert query(app.db_url, "SELECT extent, version FROM measure WHERE id = :m", m=mid) == [
            ("En gang i måneden", v0 + 2)]
        assert scalar(app.db_url, "SELECT count(*) FROM measure_version WHERE measure_id = :m",
                      m=mid) == v0 + 2
    finally:
        ctx_a.close()
        ctx_b.close()


def test_tjenesteyter_cannot_edit_what_they_are_not_responsible_for(app):
    plan = plan_id_of(app.db_url, "amina")
    mid, version, extent = query(
        app.db_url, "SELECT m.id, m.version, m.extent FROM measure m JOIN participant p "
                    "ON p.id = m.responsible_participant_id JOIN account a ON a.id = p.account_id "
                    "WHERE m.plan_id = :p AND a.username = 'koordinator' AND m.status NOT IN "
                    "('fullfort','avbrutt') ORDER BY m.id LIMIT 1", p=plan)[0]

    async def forge():
        c = RxClient(app.url, login_cookie(app.url, "laerer"), path=f"/plan/{plan}")
        await c.connect()
        await c.send(f"{PlanState.get_full_name()}.load_plan_page", {}, query={"plan_id": str(plan)})
        await c.send(f"{MeasureEditState.get_full_name()}.save", {"form_data": {
            "measure_id": str(mid), "version": str(version), "title": "forged",
            "extent": "forged"}})
        await c.close()

    run_async(forge())
    assert query(app.db_url, "SELECT version, extent FROM measure WHERE id = :m", m=mid) == [
        (version, extent)]
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON u.id = a.actor_id "
                              "WHERE u.username = 'laerer' AND a.action = 'save_measure' AND "
                              "a.allowed = :f", f=False) >= 1
