"""Meetings on a phone: the koordinator schedules one, the person sees it live; the person
cannot schedule (no button, a forged event is refused); a cancelled meeting stays, marked."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from playwright.sync_api import Browser, expect

from ip_app.kernel import clock
from ip_app.meetings.state import MeetingState
from ip_app.meetings.view import fmt_when
from ip_app.plan.state import PlanState
from tests.utils.browser import login_page
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

STATE = MeetingState.get_full_name()
PLAN_STATE = PlanState.get_full_name()


def _login(context, app, username):
    return login_page(context.new_page(), app.url, username)


def test_koordinator_schedules_a_meeting_and_the_person_sees_it_live(
        browser: Browser, browser_context_args, app):
    plan_id = plan_id_of(app.db_url, "amina")
    day = clock.today() + timedelta(days=16)
    before = scalar(app.db_url, "SELECT count(*) FROM meeting WHERE plan_id = :p", p=plan_id)
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    try:
        person = _login(person_ctx, app, "amina")
        expect(person.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
        meetings = person.get_by_role("region", name="Møter")
        expect(meetings.get_by_text("Samarbeidsmøte om praksisplassen")).to_be_visible()
        # the person may not schedule: no "Nytt møte" (they ask in the dialog)
        expect(person.get_by_role("button", name="Nytt møte")).to_have_count(0)
        # past meetings are behind a disclosure, collapsed
        past = meetings.get_by_text("Tidligere møter (1)")
        expect(past).to_be_visible()
        expect(meetings.get_by_text("Oppfølging etter oppstart i praksis")).to_be_hidden()
        person.evaluate("window.__nav = performance.getEntriesByType('navigation').length")

        staff = _login(staff_ctx, app, "koordinator")
        staff.goto(f"{app.url}/plan/{plan_id}")
        staff.get_by_role("button", name="Nytt møte").click()
        dialog = staff.get_by_role("dialog", name="Nytt møte")
        expect(dialog).to_be_visible()
        # bad input: said beside the field, nothing saved
        dialog.get_by_label("Hva skal møtet handle om?").fill("Plan for sommeren")
        dialog.get_by_label("Dato").fill(day.isoformat())
        dialog.get_by_label("Klokkeslett").fill("13:30")
        dialog.get_by_label("Hvordan møtes dere?").select_option("place")
        dialog.get_by_label("Sted").fill("")
        dialog.get_by_role("button", name="Sett opp møtet").click()
        expect(dialog.get_by_text("Skriv hvor dere møtes.")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM meeting WHERE plan_id = :p",
                      p=plan_id) == before

        dialog.get_by_label("Sted").fill("NAV Fjordvik, rom 4")
        dialog.get_by_label("Hvor lenge").select_option("90")
        expect(dialog.get_by_role("checkbox", name="Amina Yusuf", exact=False)).to_be_checked()
        dialog.get_by_role("checkbox", name="Ola Hansen", exact=False).check()
        dialog.get_by_role("button", name="Sett opp møtet").click()
        expect(dialog).to_be_hidden()
        starts = query(app.db_url, "SELECT starts_at, ends_at FROM meeting WHERE plan_id = :p "
                                   "AND topic = 'Plan for sommeren'", p=plan_id)[0]
        start = datetime.fromisoformat(str(starts[0]))
        start = start if start.tzinfo else start.replace(tzinfo=timezone.utc)
        when = fmt_when(start, start + timedelta(minutes=90), "nb")
        assert "kl. 13:30–15:00" in when
        expect(staff.get_by_role("status").get_by_text(f"Møtet er satt opp: {when}.")).to_be_visible()

        # the person's open page shows it without a reload, upcoming first by time
        item = person.get_by_role("region", name="Møter").get_by_role(
            "article", name="Plan for sommeren")
        expect(item).to_be_visible()
        expect(item).to_contain_text(when)
        expect(item).to_contain_text("Oppmøte: NAV Fjordvik, rom 4")
        expect(item).to_contain_text("Deg")
        assert person.evaluate("performance.getEntriesByType('navigation').length") == 1

        # the koordinator cancels it: it stays, marked as cancelled, for both
        staff_item = staff.get_by_role("article", name="Plan for sommeren")
        staff_item.get_by_role("button", name="Avlys møtet").click()
        cancel = staff.get_by_role("dialog", name="Avlys møtet")
        cancel.get_by_label("Begrunnelse").fill("Amina er på ferie")
        cancel.get_by_role("button", name="Avlys møtet").click()
        expect(cancel).to_be_hidden()
        expect(staff_item.get_by_text("Avlyst", exact=True)).to_be_visible()
        expect(staff_item.get_by_role("button", name="Flytt møtet")).to_have_count(0)
        expect(item.get_by_text("Avlyst", exact=True)).to_be_visible()
        item.get_by_text("Endringer i møtet").click()
        expect(item.get_by_text("avlyste møtet", exact=False)).to_be_visible()
        expect(item.get_by_text("Amina er på ferie", exact=False)).to_be_visible()
    finally:
        person_ctx.close()
        staff_ctx.close()

    status, version = query(app.db_url, "SELECT status, version FROM meeting WHERE plan_id = :p "
                                        "AND topic = 'Plan for sommeren'", p=plan_id)[0]
    assert (status, version) == ("cancelled", 2)
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON u.id = "
                              "a.actor_id WHERE u.username = 'koordinator' AND a.action = "
                              "'schedule_meeting' AND a.allowed = :t", t=True) >= 1


def test_the_person_cannot_schedule_by_a_forged_event(app):
    plan_id = plan_id_of(app.db_url, "amina")
    count = scalar(app.db_url, "SELECT count(*) FROM meeting")
    form = {"day": (clock.today() + timedelta(days=3)).isoformat(), "at": "10:00",
            "minutes": "60", "place_kind": "telefon", "place": "", "link": "",
            "topic": "forged meeting", "agenda": ""}

    async def forge():
        c = RxClient(app.url, login_cookie(app.url, "amina"))
        await c.connect()
        await c.send(f"{PLAN_STATE}.load_home", {}, path="/")
        await c.send(f"{STATE}.open_new", {}, path="/")
        await c.send(f"{STATE}.save", {"form_data": form}, path="/")
        await c.close()
        return c

    c = run_async(forge())
    assert c.seen("Du har ikke lov til å gjøre dette.")
    assert scalar(app.db_url, "SELECT count(*) FROM meeting") == count
    assert scalar(app.db_url, "SELECT count(*) FROM meeting WHERE topic = 'forged meeting'") == 0
    refused = query(app.db_url, "SELECT a.action, a.plan_id FROM audit_event a JOIN account u "
                                "ON u.id = a.actor_id WHERE u.username = 'amina' AND "
                                "a.allowed = :f", f=False)
    assert ("schedule_meeting", plan_id) in refused
    assert ("open_new_meeting", plan_id) in refused


def test_a_participant_outside_the_meeting_cannot_cancel_it(app):
    """The lærer (tjenesteyter) may not cancel the koordinator's meeting, even by a forged id."""
    plan_id = plan_id_of(app.db_url, "amina")
    mid, version = query(app.db_url, "SELECT id, version FROM meeting WHERE plan_id = :p AND "
                                     "topic = 'Samarbeidsmøte om praksisplassen'", p=plan_id)[0]

    async def forge():
        c = RxClient(app.url, login_cookie(app.url, "laerer"))
        await c.connect()
        path = f"/plan/{plan_id}"
        q = {"plan_id": str(plan_id)}
        await c.send(f"{PLAN_STATE}.load_plan_page", {}, path=path, query=q)
        await c.send(f"{STATE}.open_cancel", {"meeting_id": mid}, path=path, query=q)
        await c.send(f"{STATE}.save", {"form_data": {"reason": "forged"}}, path=path, query=q)
        await c.close()
        return c

    c = run_async(forge())
    assert c.seen("Du har ikke lov til å gjøre dette.")
    assert query(app.db_url, "SELECT status, version FROM meeting WHERE id = :m",
                 m=mid)[0] == ("planned", version)


def test_moving_keeps_the_old_time_and_a_stale_move_is_refused(
        browser: Browser, browser_context_args, app):
    """Two helpers move the same meeting: the second, based on the old version, is refused
    with what the meeting says now, keeps what they typed, and saves on the next try."""
    plan_id = plan_id_of(app.db_url, "sara")
    topic = "Evaluering av kvalifiseringsprogrammet"
    mid = scalar(app.db_url, "SELECT id FROM meeting WHERE plan_id = :p AND topic = :t",
                 p=plan_id, t=topic)
    first_day = (clock.today() + timedelta(days=20)).isoformat()
    second_day = (clock.today() + timedelta(days=22)).isoformat()
    ctx_a = browser.new_context(**browser_context_args)
    ctx_b = browser.new_context(**browser_context_args)
    try:
        pages = []
        for ctx, user in ((ctx_a, "koordinator"), (ctx_b, "veileder")):
            p = _login(ctx, app, user)
            p.goto(f"{app.url}/plan/{plan_id}")
            p.get_by_role("article", name=topic).get_by_role("button", name="Flytt møtet").click()
            expect(p.get_by_role("dialog", name="Flytt møtet")).to_be_visible()
            pages.append(p)
        koord, veil = pages
        d = koord.get_by_role("dialog", name="Flytt møtet")
        d.get_by_label("Dato").fill(first_day)
        d.get_by_label("Begrunnelse").fill("Tolken kan ikke den dagen")
        d.get_by_role("button", name="Lagre ny tid").click()
        expect(d).to_be_hidden()

        d = veil.get_by_role("dialog", name="Flytt møtet")
        d.get_by_label("Dato").fill(second_day)
        d.get_by_label("Klokkeslett").fill("09:15")
        d.get_by_role("button", name="Lagre ny tid").click()
        expect(d.get_by_text("Noen endret møtet mens du hadde skjemaet åpent",
                             exact=False)).to_be_visible()
        expect(d.get_by_label("Dato")).to_have_value(second_day)  # what they typed is kept
        expect(d.get_by_label("Klokkeslett")).to_have_value("09:15")
        assert scalar(app.db_url, "SELECT version FROM meeting WHERE id = :m", m=mid) == 2
        d.get_by_role("button", name="Lagre ny tid").click()
        expect(d).to_be_hidden()

        item = koord.get_by_role("article", name=topic)
        expect(item.get_by_text("Flyttet", exact=True)).to_be_visible()
        expect(item).to_contain_text("kl. 09:15")
        item.get_by_text("Endringer i møtet").click()
        expect(item.get_by_text("flyttet møtet. Før:", exact=False)).to_have_count(2)
        expect(item.get_by_text("Tolken kan ikke den dagen", exact=False)).to_be_visible()
    finally:
        ctx_a.close()
        ctx_b.close()
    status, version = query(app.db_url, "SELECT status, version FROM meeting WHERE id = :m",
                            m=mid)[0]
    assert (status, version) == ("moved", 3)
    snaps = scalar(app.db_url, "SELECT count(*) FROM meeting_version WHERE meeting_id = :m", m=mid)
    assert snaps == 3
