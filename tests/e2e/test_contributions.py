"""Hvem gjør hva: each participant's part is changed by those who may, kept in versions,
updated live on every open page; the IPS team is one group on Emil's plan."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect

from ip_app.contributions.state import ContributionEditState
from ip_app.plan.state import PlanState
from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

TEXT_LABEL = "Hva gjør du eller tjenesten i planen?"


def _people(page: Page):
    return page.get_by_role("region", name="Hvem gjør hva")


def _part(plan_id: int, app, username: str) -> tuple[int, str, int]:
    return query(app.db_url, "SELECT p.id, p.contribution, p.contribution_version FROM participant p "
                             "JOIN account a ON a.id = p.account_id WHERE p.plan_id = :p AND "
                             "a.username = :u", p=plan_id, u=username)[0]


def _refusals(app, username: str, action: str) -> int:
    return scalar(app.db_url, "SELECT count(*) FROM audit_event e JOIN account u ON "
                              "u.id = e.actor_id WHERE u.username = :u AND e.action = :a AND "
                              "e.allowed = :f", u=username, a=action, f=False)


def test_koordinator_changes_a_part_and_the_person_sees_it_live_with_the_earlier_text(
        browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    _, old_text, v0 = _part(plan, app, "laerer")
    new = f"Norskundervisning fire dager i uka, og prøve i muntlig norsk i mai ({uuid.uuid4().hex[:4]})."
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        person = logged_in(person_ctx, app.url, "amina")
        expect(_people(person).get_by_text(old_text)).to_be_visible()
        staff = logged_in(staff_ctx, app.url, "koordinator")
        staff.goto(f"{app.url}/plan/{plan}")
        _people(staff).get_by_role("button", name="Endre hva Siri Dahl gjør").click()
        dialog = staff.get_by_role("dialog", name="Hva Siri Dahl gjør i planen")
        field = dialog.get_by_label(TEXT_LABEL)
        expect(field).to_have_value(old_text)
        # an empty text: the message is in the form, and nothing changes
        field.fill("   ")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog.get_by_text("Skriv hva som gjøres i planen.")).to_be_visible()
        assert _part(plan, app, "laerer")[2] == v0
        # by keyboard: type, Tab to the reason, Tab to "Lagre", Enter
        field.fill(new)
        field.press("Tab")
        expect(dialog.get_by_label("Hvorfor endres dette?")).to_be_focused()
        staff.keyboard.type("Ny timeplan fra januar.")
        staff.keyboard.press("Tab")
        expect(dialog.get_by_role("button", name="Lagre")).to_be_focused()
        staff.keyboard.press("Enter")
        expect(staff.get_by_role("status").filter(has_text="Endringen er lagret")).to_be_visible()
        expect(staff.get_by_role("dialog")).to_have_count(0)
        assert _part(plan, app, "laerer")[1:] == (new, v0 + 1)

        # live on the person's page, with the earlier text one tap away
        siri = _people(person).get_by_role("listitem").filter(
            has=person.get_by_text("Siri Dahl", exact=True))
        expect(siri.get_by_text(new, exact=True)).to_be_visible()
        siri.get_by_text("Tidligere versjoner").click()
        expect(siri.get_by_text(f"Ola Hansen (koordinator) endret til: «{new}»")).to_be_visible()
        expect(siri.get_by_text(f"«{old_text}»", exact=False)).to_be_visible()
        expect(siri.get_by_text("Ny timeplan fra januar.")).to_be_visible()
    finally:
        person_ctx.close()
        staff_ctx.close()


def test_tjenesteyter_changes_their_own_part_and_has_no_action_for_others(
        browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "emil")
    new = f"Finner arbeidsgivere sammen med Emil og er med på første arbeidsdag ({uuid.uuid4().hex[:4]})."
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "jobbspesialist")
        page.goto(f"{app.url}/plan/{plan}")
        people = _people(page)
        expect(people.get_by_role("button", name="Endre hva du gjør")).to_be_visible()
        expect(people.get_by_role("button", name="Endre hva", exact=False)).to_have_count(1)
        for other in ("Kari Nordmann", "Ingrid Berg", "Emil Strand"):
            expect(people.get_by_role("button", name=f"Endre hva {other} gjør")).to_have_count(0)
        people.get_by_role("button", name="Endre hva du gjør").click()
        dialog = page.get_by_role("dialog", name="Hva du gjør i planen")
        dialog.get_by_label(TEXT_LABEL).fill(new)
        dialog.get_by_role("button", name="Lagre").click()
        expect(page.get_by_role("status").filter(has_text="Endringen er lagret")).to_be_visible()
        expect(people.get_by_text(new, exact=True)).to_be_visible()
        assert _part(plan, app, "jobbspesialist")[1] == new
    finally:
        ctx.close()


def test_a_forged_change_of_someone_elses_part_is_refused_and_logged(app):
    plan = plan_id_of(app.db_url, "amina")
    target, text, version = _part(plan, app, "koordinator")
    opens, saves = _refusals(app, "laerer", "open_contribution"), _refusals(
        app, "laerer", "edit_contribution")

    async def forge():
        c = RxClient(app.url, login_cookie(app.url, "laerer"), path=f"/plan/{plan}")
        await c.connect()
        await c.send(f"{PlanState.get_full_name()}.load_plan_page", {}, query={"plan_id": str(plan)})
        await c.send(f"{ContributionEditState.get_full_name()}.open", {"participant_id": target})
        await c.send(f"{ContributionEditState.get_full_name()}.save", {"form_data": {
            "participant_id": str(target), "version": str(version), "text": "forged",
            "reason": "forged"}})
        await c.close()

    run_async(forge())
    assert _part(plan, app, "koordinator") == (target, text, version)
    assert scalar(app.db_url, "SELECT count(*) FROM contribution_version WHERE text = 'forged'") == 0
    assert _refusals(app, "laerer", "open_contribution") == opens + 1
    assert _refusals(app, "laerer", "edit_contribution") == saves + 1


def test_a_save_based_on_an_older_version_is_refused_and_shows_the_newer_text(
        browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    _, _, v0 = _part(plan, app, "parorende")
    first = f"Hjelper Amina med leksene og henter barna to dager i uka ({uuid.uuid4().hex[:4]})."
    mine = f"Hjelper Amina med leksene ({uuid.uuid4().hex[:4]})."
    ctx_a = browser.new_context(**browser_context_args)
    ctx_b = browser.new_context(**browser_context_args)
    try:
        a = logged_in(ctx_a, app.url, "koordinator")
        b = logged_in(ctx_b, app.url, "veileder")
        for p in (a, b):
            p.goto(f"{app.url}/plan/{plan}")
            _people(p).get_by_role("button", name="Endre hva Hassan Yusuf gjør").click()
        a.get_by_role("dialog").get_by_label(TEXT_LABEL).fill(first)
        a.get_by_role("dialog").get_by_role("button", name="Lagre").click()
        expect(a.get_by_role("status").filter(has_text="Endringen er lagret")).to_be_visible()

        dialog_b = b.get_by_role("dialog")
        dialog_b.get_by_label(TEXT_LABEL).fill(mine)
        dialog_b.get_by_role("button", name="Lagre").click()
        conflict = dialog_b.get_by_text("Noen andre endret dette mens du skrev")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text(first)
        assert _part(plan, app, "parorende")[1:] == (first, v0 + 1)  # nothing overwritten
        expect(dialog_b.get_by_label(TEXT_LABEL)).to_have_value(mine)  # what B typed is kept
        dialog_b.get_by_role("button", name="Lagre").click()  # a deliberate second save
        expect(b.get_by_role("status").filter(has_text="Endringen er lagret")).to_be_visible()
        assert _part(plan, app, "parorende")[1:] == (mine, v0 + 2)
    finally:
        ctx_a.close()
        ctx_b.close()


def test_emil_sees_his_ips_team_as_one_group_and_his_earlier_words(
        browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "emil")
        team = _people(page).get_by_role("region", name="IPS-teamet")
        members = team.get_by_role("listitem")
        expect(members).to_have_count(4)
        for name, part in (("Deg", "Deltaker i IPS"), ("Jonas Lie", "Jobbspesialist"),
                           ("Ingrid Berg", "Behandler"), ("Kari Nordmann", "NAV")):
            member = members.filter(has=page.get_by_text(name, exact=True))
            expect(member.get_by_text(part, exact=True)).to_be_visible()
        expect(members.filter(has=page.get_by_text("Ingrid Berg", exact=True)).get_by_text(
            "Behandling for angst og søvnvansker", exact=False)).to_be_visible()
        # Emil changes only his own part; his first words are kept
        expect(team.get_by_role("button", name="Endre hva", exact=False)).to_have_count(1)
        me = members.filter(has=page.get_by_text("Deg", exact=True))
        me.get_by_text("Tidligere versjoner").click()
        expect(me.get_by_text("Du skrev: «Jeg møter Jonas hver uke og går til timene på DPS.»")
               ).to_be_visible()
    finally:
        ctx.close()
