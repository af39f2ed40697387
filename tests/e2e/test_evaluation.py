"""Evaluation of the plan on a phone: recorded by the koordinator, seen live by the person."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from ip_app.kernel import clock
from ip_app.evaluation.state import EvaluationState
from ip_app.kernel.i18n import fmt_date
from tests.utils.browser import login_page
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

STATE = EvaluationState.get_full_name()


def _login(context, app, username):
    return login_page(context.new_page(), app.url, username)


def test_koordinator_records_an_evaluation_and_the_persons_page_updates_live(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    today = clock.today()
    new_next = today + timedelta(days=47)
    before = scalar(app.db_url, "SELECT count(*) FROM evaluation WHERE plan_id = :p", p=plan_id)
    old_next, old_version = query(app.db_url, "SELECT next_evaluation, version FROM plan "
                                              "WHERE id = :p", p=plan_id)[0]
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        person = _login(person_ctx, app, "amina")
        expect(person.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
        expect(person.get_by_role("link", name="Evalueringer")).to_be_visible()
        expect(person.get_by_text(fmt_date(new_next))).to_have_count(0)

        staff = _login(staff_ctx, app, "koordinator")
        staff.goto(f"{app.url}/plan/{plan_id}")
        staff.get_by_role("link", name="Evalueringer").click()
        expect(staff.get_by_role("heading", level=1, name="Evalueringer")).to_be_visible()
        expect(staff.get_by_text("Amina Yusuf", exact=False).first).to_be_visible()
        form = staff.get_by_role("region", name="Skriv ny evaluering")
        expect(form.get_by_label("Dato for møtet")).to_have_value(today.isoformat())
        expect(form.get_by_label("Hvem var med?")).to_contain_text("Ola Hansen")

        # bad input first: a clear message, nothing saved
        form.get_by_label("Hva har gått bra?").fill("Amina har begynt i praksis på sykehjemmet.")
        form.get_by_label("Neste evaluering").fill((today - timedelta(days=2)).isoformat())
        form.get_by_role("button", name="Lagre evalueringen").click()
        expect(form.get_by_text("Neste evaluering kan ikke være før i dag.")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM evaluation WHERE plan_id = :p",
                      p=plan_id) == before

        person.evaluate("window.__nav = performance.getEntriesByType('navigation').length")
        form.get_by_label("Hva skal endres?").fill("Flere vakter i praksis fra neste måned.")
        form.get_by_label("Neste evaluering").fill(new_next.isoformat())
        form.get_by_role("button", name="Lagre evalueringen").click()
        expect(staff.get_by_role("status").get_by_text(
            f"Evalueringen er lagret. Neste evaluering er {fmt_date(new_next)}.")).to_be_visible()
        earlier = staff.get_by_role("region", name="Det dere har skrevet før")
        expect(earlier.get_by_role("listitem").first).to_contain_text(
            "Flere vakter i praksis fra neste måned.")

        # the person's open Min plan shows the new date without a reload
        expect(person.get_by_text(fmt_date(new_next))).to_be_visible()
        assert person.evaluate("performance.getEntriesByType('navigation').length") == 1

        # and the person reads the evaluation, with no form to record one
        person.get_by_role("link", name="Evalueringer").click()
        expect(person.get_by_role("heading", level=1, name="Evalueringer")).to_be_visible()
        expect(person.get_by_text("Amina har begynt i praksis på sykehjemmet.")).to_be_visible()
        expect(person.get_by_role("button", name="Lagre evalueringen")).to_have_count(0)
        expect(person.get_by_role("region", name="Skriv ny evaluering")).to_have_count(0)
    finally:
        person_ctx.close()
        staff_ctx.close()

    assert scalar(app.db_url, "SELECT count(*) FROM evaluation WHERE plan_id = :p",
                  p=plan_id) == before + 1
    next_eval, version = query(app.db_url, "SELECT next_evaluation, version FROM plan "
                                           "WHERE id = :p", p=plan_id)[0]
    assert str(next_eval) == new_next.isoformat() and str(old_next) != str(next_eval)
    assert version == old_version + 1
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON u.id = "
                              "a.actor_id WHERE u.username = 'koordinator' AND a.action = "
                              "'record_evaluation' AND a.allowed = :t", t=True) == 1


def test_emil_sees_that_his_evaluation_is_overdue(page: Page, login, app):
    login("emil")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    expect(page.get_by_text("Evalueringen er forsinket")).to_be_visible()
    page.get_by_role("link", name="Evalueringer").click()
    expect(page.get_by_role("heading", level=1, name="Evalueringer")).to_be_visible()
    expect(page.get_by_text("Evalueringen er forsinket")).to_be_visible()
    expect(page.get_by_text("Emil har kommet i gang med jobbsøking")).to_be_visible()
    expect(page.get_by_role("button", name="Lagre evalueringen")).to_have_count(0)


def test_caseload_highlights_the_overdue_evaluation(page: Page, login, app):
    login("veileder")
    emil = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Emil Strand"))
    expect(emil.get_by_text("Evalueringen er forsinket")).to_be_visible()
    sara = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Sara Nilsen"))
    expect(sara.get_by_text("Evalueringen er forsinket")).to_have_count(0)


def test_person_cannot_record_an_evaluation_by_a_forged_event(app):
    plan_id = plan_id_of(app.db_url, "amina")
    header = "SELECT next_evaluation, version, period_start, period_end FROM plan WHERE id = :p"
    before = query(app.db_url, header, p=plan_id)
    evaluations = scalar(app.db_url, "SELECT count(*) FROM evaluation")

    async def forge():
        c = RxClient(app.url, login_cookie(app.url, "amina"))
        await c.connect()
        path = f"/plan/{plan_id}/evaluering"
        await c.send(f"{STATE}.load", {}, path=path, query={"plan_id": str(plan_id)})
        await c.send(f"{STATE}.save", {"form_data": {
            "held_on": clock.today().isoformat(), "went_well": "forged", "changes": "",
            "attendees": "Amina", "next_date": (clock.today() + timedelta(days=400)).isoformat(),
            "period_start": "", "period_end": "2099-01-01"}},
            path=path, query={"plan_id": str(plan_id)})
        await c.close()
        return c

    c = run_async(forge())
    assert c.seen("Du har ikke lov til å gjøre dette.")
    assert query(app.db_url, header, p=plan_id) == before
    assert scalar(app.db_url, "SELECT count(*) FROM evaluation") == evaluations
    assert scalar(app.db_url, "SELECT count(*) FROM evaluation WHERE went_well = 'forged'") == 0
    refused = query(app.db_url, "SELECT a.action, a.plan_id FROM audit_event a JOIN account u "
                                "ON u.id = a.actor_id WHERE u.username = 'amina' AND "
                                "a.allowed = :f", f=False)
    assert ("record_evaluation", plan_id) in refused


def test_staff_outside_the_plan_cannot_open_or_record(app):
    plan_id = plan_id_of(app.db_url, "amina")
    evaluations = scalar(app.db_url, "SELECT count(*) FROM evaluation")

    async def forge():
        c = RxClient(app.url, login_cookie(app.url, "veileder2"))
        await c.connect()
        path = f"/plan/{plan_id}/evaluering"
        await c.send(f"{STATE}.load", {}, path=path, query={"plan_id": str(plan_id)})
        await c.send(f"{STATE}.save", {"form_data": {
            "held_on": clock.today().isoformat(), "went_well": "forged2", "attendees": "x",
            "next_date": (clock.today() + timedelta(days=10)).isoformat()}},
            path=path, query={"plan_id": str(plan_id)})
        await c.close()
        return c

    c = run_async(forge())
    assert c.seen("Du har ikke lov til å gjøre dette.")
    assert not c.seen("Ola Hansen"), "the plan's evaluations leaked"
    assert scalar(app.db_url, "SELECT count(*) FROM evaluation") == evaluations
    refused = query(app.db_url, "SELECT a.action, a.plan_id FROM audit_event a JOIN account u "
                                "ON u.id = a.actor_id WHERE u.username = 'veileder2' AND "
                                "a.allowed = :f", f=False)
    assert ("read_evaluations", plan_id) in refused
    # the refused page never held a plan, so the write is refused before any plan is touched
    assert ("record_evaluation", None) in refused
