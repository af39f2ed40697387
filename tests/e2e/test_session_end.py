"""When a login ends, the tab keeps nothing of it (issue 17, findings 3 and 9).

Reflex keeps a tab's state under the tab's token, not under the login. After logout the
page starts with a new token and an empty state, and the server clears the old token's
state before answering anything sent with it. The idle timeout warns shortly before it
ends the login, "Fortsett å være logget inn" keeps it, and once it has ended the tab is
cleared the same way and shows the login page.
"""

from __future__ import annotations

import re
import time
from typing import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from ip_app.goals.state import GoalEditState
from ip_app.plan.state import PlanState
from tests.utils.browser import login_page
from tests.utils.db import execute, plan_id_of, query
from tests.utils.rxclient import RxClient, run_async
from tests.utils.server import RunningApp, cleanup, start_restartable

GOAL = "Jeg vil jobbe som helsefagarbeider og klare meg selv."
# what the veileder's tab held: a plan's goal and tiltak, and her caseload's rows (each row
# carries the person's name, plan period and unread counts, and these fields only a caseload
# row has). Not the names alone: the demo login page lists every demo person by name.
# (Field names and texts that are also catalogue keys or texts are no evidence: the
# catalogue goes to every page.)
PREVIOUS = ("helsefagarbeider", "Norskopplæring spor 2", "Fjordly", "ip_check_href",
            "unread_label", "/ip-rett/")
HYDRATED = re.compile(r'is_hydrated_rx_state_"\s*:\s*true')


def _wait_for(condition: Callable[[], bool], page: Page, what: str, limit: float = 15) -> None:
    """Wait for a condition on what Python collected (Playwright drives the events)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        page.wait_for_timeout(50)  # lets Playwright deliver the next websocket frames


def _record_frames(page: Page) -> list[str]:
    frames: list[str] = []

    def on_socket(ws) -> None:  # noqa: ANN001
        ws.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    page.on("websocket", on_socket)
    return frames


def _leaks(texts: str) -> list[str]:
    return [t for t in PREVIOUS if t in texts]


def test_after_logout_the_tab_and_its_old_token_hold_nothing_of_the_previous_user(
        browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    goal_id = query(app.db_url, "SELECT id FROM goal WHERE plan_id = :p AND text = :t",
                    p=plan, t=GOAL)[0][0]
    ctx = browser.new_context(**browser_context_args)
    try:
        page = ctx.new_page()
        frames = _record_frames(page)
        login_page(page, app.url, "veileder")
        main = page.get_by_role("main")
        expect(main.get_by_role("link", name="Amina Yusuf")).to_be_visible()  # the caseload
        main.get_by_role("link", name="Amina Yusuf").click()
        expect(page.get_by_text(GOAL, exact=True)).to_be_visible()
        old_token = page.evaluate("window.sessionStorage.getItem('token')")
        assert old_token and _leaks("".join(frames)), "the tab held the veileder's data"

        seen = len(frames)
        page.get_by_role("button", name="Logg ut").click()
        expect(page.get_by_label("Brukernavn")).to_be_visible()
        _wait_for(lambda: any(HYDRATED.search(f) for f in frames[seen:]), page,
                  "the login page to be hydrated")
        after = "".join(frames[seen:])
        assert not _leaks(after), f"frames after logout held {_leaks(after)}"
        new_token = page.evaluate("window.sessionStorage.getItem('token')")
        assert new_token and new_token != old_token, "the tab kept its state token"
    finally:
        ctx.close()

    # whoever still has the old token (a copy of the tab, a forged socket) gets nothing:
    # its state is cleared before the first event is answered
    async def with_old_token() -> RxClient:
        c = RxClient(app.url, "", "/")
        c.token = old_token
        await c.connect()
        await c.send(f"{GoalEditState.get_full_name()}.open", {"goal_id": goal_id})
        await c.send(f"{PlanState.get_full_name()}.set_group_by", {"value": "goal"})
        await c.send(f"{PlanState.get_full_name()}.load_home", {})
        await c.close()
        return c

    c = run_async(with_old_token())
    assert c.deltas, "the server answered the old token"
    assert not _leaks(repr(c.deltas)), f"the old token got {_leaks(repr(c.deltas))}"


# -- the idle timeout, on a server of its own with a short one ----------------------------

IDLE_MINUTES = 2.2  # the warning (2 minutes before the end) shows ~12 s after the last activity
WARNING = "Du blir logget ut om 2 minutter"


@pytest.fixture(scope="module")
def idle_app() -> Iterator[RunningApp]:
    """The same build, served on its own port with IP_IDLE_MINUTES short."""
    running = start_restartable(IP_IDLE_MINUTES=str(IDLE_MINUTES))
    yield running
    cleanup(running)


def _last_seen(db_url: str, username: str):  # noqa: ANN202
    return query(db_url, "SELECT s.last_seen_at FROM auth_session s JOIN account a ON "
                         "a.id = s.account_id WHERE a.username = :u AND s.ended_at IS NULL "
                         "ORDER BY s.id DESC LIMIT 1", u=username)[0][0]


def test_idle_timeout_warns_keeps_the_login_on_request_and_clears_the_tab_when_it_ends(
        browser, browser_context_args, idle_app):
    plan = plan_id_of(idle_app.db_url, "amina")
    ctx = browser.new_context(**browser_context_args)
    try:
        page = ctx.new_page()
        frames = _record_frames(page)
        login_page(page, idle_app.url, "veileder")
        page.goto(f"{idle_app.url}/plan/{plan}")
        expect(page.get_by_text(GOAL, exact=True)).to_be_visible()
        old_token = page.evaluate("window.sessionStorage.getItem('token')")

        warning = page.get_by_role("alert").filter(has_text=WARNING)
        expect(warning).to_be_visible(timeout=40_000)
        assert WARNING + " fordi du ikke har gjort noe på en stund." in warning.inner_text()
        before = _last_seen(idle_app.db_url, "veileder")
        warning.get_by_role("button", name="Fortsett å være logget inn").click()
        expect(warning).to_have_count(0)
        assert _last_seen(idle_app.db_url, "veileder") != before, "the login was not kept"
        expect(page.get_by_text(GOAL, exact=True)).to_be_visible()

        expect(warning).to_be_visible(timeout=40_000)  # idle again
        # the login ends (as if the page had been left alone past the timeout): the next
        # event, even "stay logged in", finds it ended, clears the tab and leaves it
        execute(idle_app.db_url, "UPDATE auth_session SET last_seen_at = :t "
                "WHERE ended_at IS NULL", t="2000-01-01 00:00:00.000000")
        seen = len(frames)
        warning.get_by_role("button", name="Fortsett å være logget inn").click()
        expect(page).to_have_url(re.compile(r"/login/?\?feil=ended$"))
        expect(page.get_by_text("Du er ikke lenger logget inn.")).to_be_visible()
        _wait_for(lambda: any(HYDRATED.search(f) for f in frames[seen:]), page,
                  "the login page to be hydrated")
        after = "".join(frames[seen:])
        assert not _leaks(after), f"frames after the idle timeout held {_leaks(after)}"
        assert page.evaluate("window.sessionStorage.getItem('token')") != old_token
        page.goto(f"{idle_app.url}/plan/{plan}")
        expect(page).to_have_url(re.compile(r"/login"))  # the login is gone on the server too
    finally:
        ctx.close()


def test_logout_clears_the_tabs_state_in_the_state_store_at_once(
        browser, browser_context_args, scaleout):
    """With several workers the tabs' states live in Redis: after logout nothing of the
    previous user stays stored under the tab's old token (not only once it is used again)."""
    import redis

    plan = plan_id_of(scaleout.db_url, "amina")
    ctx = browser.new_context(**browser_context_args)
    try:
        page = ctx.new_page()
        login_page(page, scaleout.url, "veileder")
        expect(page.get_by_role("main").get_by_role("link", name="Amina Yusuf")).to_be_visible()
        page.goto(f"{scaleout.url}/plan/{plan}")
        expect(page.get_by_text(GOAL, exact=True)).to_be_visible()
        old_token = page.evaluate("window.sessionStorage.getItem('token')")
        r = redis.Redis.from_url(scaleout.redis_url)
        try:
            def stored() -> str:
                return repr([r.get(k) for k in r.scan_iter(match=f"{old_token}_*")])

            assert _leaks(stored()), "the tab's state in Redis held the caseload"
            page.get_by_role("button", name="Logg ut").click()
            expect(page.get_by_label("Brukernavn")).to_be_visible()
            assert not _leaks(stored()), f"after logout Redis still held {_leaks(stored())}"
        finally:
            r.close()
    finally:
        ctx.close()
