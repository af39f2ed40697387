"""The IP's own contents and closing a plan, in the browser (issue 19, parts 4 and 5).

On the worker's server: these tests close Amina's plan, and the database is put back to
the demo data after each test (tests/e2e/conftest.py), so no other test sees it. Phone size (390x844) unless said; the closing at 1280x800.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect

import ip_app.ip_app  # noqa: F401 - registers every State
from ip_app.goals.state import GoalEditState
from ip_app.ip_contents.state import IpItemState
from ip_app.plan.state import PlanState
from tests.utils.browser import logged_in
from tests.utils.db import execute, plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

SECTION = "Min individuelle plan"


def _plan_page(ctx, app, username: str):
    page = logged_in(ctx, app.url, username)
    if username != "amina":
        page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
    return page, page.get_by_role("region", name=SECTION)


def test_the_koordinator_writes_a_resource_and_a_need(browser: Browser, browser_context_args,
                                                      app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page, section = _plan_page(ctx, app, "koordinator")
        expect(section.get_by_role("heading", name="Dette får Amina til")).to_be_visible()
        items_before = scalar(app.db_url, "SELECT count(*) FROM plan_item")
        section.get_by_role("button", name="Legg til noe som går bra").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_role("button", name="Lagre").click()  # empty: refused at the field
        expect(dialog.get_by_text("Skriv en tekst.")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM plan_item") == items_before
        dialog.get_by_label("Tekst").fill("Amina lager god mat og liker å lære bort.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog).to_be_hidden()
        expect(section.get_by_text("Amina lager god mat og liker å lære bort.")).to_be_visible()

        section.get_by_role("button", name="Legg til et behov for hjelp").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Tekst").fill("Hjelp til å skrive søknader om jobb.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(section.get_by_text("Hjelp til å skrive søknader om jobb.")).to_be_visible()

        # a change by staff needs a reason; the earlier wording stays readable
        item = section.get_by_role("listitem").filter(has_text="Hjelp til å skrive søknader")
        item.get_by_role("button", name="Endre").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Tekst").fill("Hjelp til å skrive søknader og CV.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog.get_by_text("Skriv hvorfor du endrer dette.")).to_be_visible()
        dialog.get_by_label("Hvorfor?").fill("Amina ba om hjelp med CV også.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog).to_be_hidden()
        item = section.get_by_role("listitem").filter(has_text="Hjelp til å skrive søknader og CV.")
        item.get_by_text("Tidligere versjoner").click()
        expect(item.get_by_text("«Hjelp til å skrive søknader om jobb.»", exact=False)).to_be_visible()
        expect(item.get_by_text("Amina ba om hjelp med CV også.")).to_be_visible()
        assert query(app.db_url, "SELECT count(*) FROM plan_item_version v JOIN plan_item i "
                                 "ON i.id = v.plan_item_id WHERE i.text LIKE '%og CV.'")[0][0] == 2
    finally:
        ctx.close()


def test_the_person_adds_a_subgoal_changes_it_and_reads_the_earlier_words(
        browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    try:
        page, section = _plan_page(ctx, app, "amina")
        expect(section.get_by_role("heading", name="Dette får jeg til")).to_be_visible()
        section.get_by_role("button", name="Legg til delmål").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog.get_by_text("Skriv en tekst.")).to_be_visible()
        dialog.get_by_label("Delmålet med egne ord").fill("Jeg vil ta førerkort klasse B.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog).to_be_hidden()
        item = section.get_by_role("listitem").filter(has_text="Jeg vil ta førerkort klasse B.")
        item.get_by_role("button", name="Endre").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Målet med dine egne ord").fill("Jeg vil ta førerkort før sommeren.")
        dialog.get_by_role("button", name="Lagre").click()
        expect(dialog).to_be_hidden()
        item = section.get_by_role("listitem").filter(has_text="Jeg vil ta førerkort før sommeren.")
        item.get_by_text("Tidligere versjoner").click()
        expect(item.get_by_text("«Jeg vil ta førerkort klasse B.»", exact=False)).to_be_visible()
    finally:
        ctx.close()


def test_a_participant_without_consent_to_the_goals_does_not_see_them(
        browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    cid, scopes = query(app.db_url, """
        SELECT c.id, c.scopes FROM consent c JOIN participant p ON p.id = c.participant_id
        JOIN account a ON a.id = p.account_id WHERE a.username = 'laerer' AND c.plan_id = :p
        ORDER BY c.id DESC LIMIT 1""", p=plan)[0]
    resource = query(app.db_url, "SELECT text FROM plan_item WHERE plan_id = :p AND "
                                 "kind = 'resource' ORDER BY id LIMIT 1", p=plan)[0][0]
    ctx = browser.new_context(**browser_context_args)
    try:
        page, section = _plan_page(ctx, app, "laerer")
        expect(section.get_by_text(resource)).to_be_visible()  # with consent to the goals
        execute(app.db_url, "UPDATE consent SET scopes = 'own_measures,dialog' WHERE id = :c",
                c=cid)
        page.reload()
        expect(page.get_by_role("heading", name="Tiltak")).to_be_visible()
        expect(page.get_by_role("region", name=SECTION)).to_have_count(0)
        expect(page.get_by_text(resource)).to_have_count(0)
    finally:
        execute(app.db_url, "UPDATE consent SET scopes = :s WHERE id = :c", s=scopes, c=cid)
        ctx.close()


def test_the_koordinator_closes_the_plan_the_person_reads_it_and_it_is_reopened(
        browser: Browser, browser_context_args, app):
    wide = {**browser_context_args, "viewport": {"width": 1280, "height": 800}}
    staff_ctx = browser.new_context(**wide)
    person_ctx = browser.new_context(**browser_context_args)
    try:
        staff, _ = _plan_page(staff_ctx, app, "koordinator")
        closing = staff.get_by_role("region", name="Avslutte planen")
        closing.get_by_role("button", name="Avslutt planen").click()
        dialog = staff.get_by_role("dialog")
        dialog.get_by_role("button", name="Avslutt planen").click()  # nothing chosen
        expect(dialog.get_by_text("Velg hvorfor planen avsluttes.")).to_be_visible()
        expect(dialog.get_by_text("Skriv en sluttevaluering.")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM plan_closure") == 0
        dialog.get_by_label("Hvorfor avsluttes planen?").select_option("other")
        dialog.get_by_label("Sluttevaluering").fill("Amina har fast jobb og klarer seg selv.")
        dialog.get_by_role("button", name="Avslutt planen").click()
        expect(dialog.get_by_text("Skriv grunnen når du velger «Annet».")).to_be_visible()
        dialog.get_by_label("Skriv grunnen").fill("Amina flytter til Bergen.")
        dialog.get_by_role("button", name="Avslutt planen").click()
        expect(dialog).to_be_hidden()
        expect(staff.get_by_role("heading", name="Planen er avsluttet")).to_be_visible()
        # read-only: no change is offered any more
        expect(staff.get_by_role("button", name="Legg til noe som går bra")).to_have_count(0)
        expect(staff.get_by_role("button", name="Endre målet")).to_have_count(0)
        # and a write sent anyway (the browser can send any event) is refused by the gate
        refused = _forged_writes_refused(app, "koordinator")
        assert refused == 2, refused

        person = logged_in(person_ctx, app.url, "amina")
        expect(person.get_by_role("heading", name="Planen er avsluttet")).to_be_visible()
        expect(person.get_by_text("Amina har fast jobb og klarer seg selv.")).to_be_visible()
        person.get_by_role("link", name="Tidligere planer").click()
        expect(person.get_by_role("heading", name="Tidligere planer", level=1)).to_be_visible()
        earlier = person.get_by_role("list", name="Tidligere planer")
        expect(earlier.get_by_text("Annet: Amina flytter til Bergen.")).to_be_visible()
        expect(earlier.get_by_role("link", name="Les planen")).to_be_visible()
        pdf = person.request.get(
            f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}/sluttdokument.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

        # reopened by the koordinator with a reason; the history keeps both
        banner = staff.get_by_role("heading", name="Planen er avsluttet").locator("xpath=../..")
        staff.get_by_role("button", name="Åpne planen igjen").click()
        dialog = staff.get_by_role("dialog")
        dialog.get_by_role("button", name="Åpne planen igjen").click()
        expect(dialog.get_by_text("Skriv hvorfor planen åpnes igjen.")).to_be_visible()
        dialog.get_by_label("Hvorfor åpnes planen igjen?").fill("Flyttingen ble avlyst.")
        dialog.get_by_role("button", name="Åpne planen igjen").click()
        expect(dialog).to_be_hidden()
        expect(banner).to_have_count(0)
        closing.get_by_text("Når planen ble avsluttet og åpnet igjen").click()
        expect(closing.get_by_text("Flyttingen ble avlyst.")).to_be_visible()
        expect(closing.get_by_text("Amina flytter til Bergen.")).to_be_visible()
        expect(staff.get_by_role("button", name="Legg til noe som går bra")).to_be_visible()
        # the person's open page followed live
        expect(person.get_by_role("heading", name="Planen er avsluttet")).to_have_count(0)
    finally:
        staff_ctx.close()
        person_ctx.close()


def _forged_writes_refused(app, username: str) -> int:
    """Send two writes to Amina's closed plan over the websocket as `username`; the
    number of refusals the gate logged for them (nothing else may change)."""
    plan = plan_id_of(app.db_url, "amina")
    goal = scalar(app.db_url, "SELECT id FROM goal WHERE plan_id = :p ORDER BY id", p=plan)
    count = ("SELECT count(*) FROM audit_event WHERE plan_id = :p AND allowed = :f AND "
             "detail = 'plan_closed'")
    before = scalar(app.db_url, count, p=plan, f=False)
    items = scalar(app.db_url, "SELECT count(*) FROM plan_item_version")

    async def send() -> None:
        c = RxClient(app.url, login_cookie(app.url, username), path=f"/plan/{plan}")
        await c.connect()
        q = {"plan_id": str(plan)}
        await c.send(f"{PlanState.get_full_name()}.load_plan_page", {}, path=f"/plan/{plan}",
                     query=q)  # the tab shows Amina's plan (as the koordinator's page does)
        for handler, payload in (
                (f"{IpItemState.get_full_name()}.save", {"form_data": {"text": "Forfalsket"}}),
                (f"{GoalEditState.get_full_name()}.open", {"goal_id": goal})):
            await c.send(handler, payload, path=f"/plan/{plan}", query=q)
        await c.send(f"{GoalEditState.get_full_name()}.save",
                     {"form_data": {"text": "Forfalsket mål", "reason": "x"}},
                     path=f"/plan/{plan}", query=q)
        await c.settle(0.5)
        await c.close()

    run_async(send())
    assert scalar(app.db_url, "SELECT count(*) FROM plan_item_version") == items
    assert scalar(app.db_url, "SELECT count(*) FROM goal_version WHERE text = 'Forfalsket mål'") == 0
    return scalar(app.db_url, count, p=plan, f=False) - before
