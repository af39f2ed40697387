"""Scale-out mode: PostgreSQL, Reflex state in Redis, two backend workers.

Every test here places the two parties on DIFFERENT workers and proves it: Reflex's
RedisTokenManager records, for each connected tab (client token), the id of the worker
process that holds its websocket (`ScaleoutApp.worker_of`). A page is reloaded (a
browser) or a client reconnects (raw websocket) until it lands on the other worker, so
every live update and every lock below crosses Redis between two processes.
"""

from __future__ import annotations

import asyncio
import re
import statistics
from typing import Callable

from playwright.sync_api import Browser, Page, expect

from ip_app.plan.state import PlanState
from tests.utils.browser import (
    CLICK_CLOCK, OBSERVE, WS_CLOCK, login_page, percentile, split_summary, split_times,
)
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async
from tests.utils.server import ScaleoutApp

STATE = PlanState.get_full_name()
REPEATS = 20
STALE = "Noen andre har endret aktiviteten"
REFUSED = "Du har ikke lov til å gjøre dette."
LOAD_MS = 20_000  # a first page load on a busy 2-core machine (CI) may take more than 5 s
QUIET = 0.3  # raw clients: an answer is complete after this long without a message

def _login(context, app: ScaleoutApp, username: str) -> Page:
    page = login_page(context.new_page(), app.url, username)
    # off the login page first: its own h1 is visible at once, and a `goto` made before the
    # form's answer arrived was overtaken by it (the veileder's page ended on "/")
    expect(page).not_to_have_url(re.compile(r"/login"), timeout=LOAD_MS)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=LOAD_MS)
    return page


def _worker(page: Page, app: ScaleoutApp) -> str:
    """The worker holding this page's websocket (its token read before and after)."""
    for _ in range(20):
        token = page.evaluate("sessionStorage.getItem('token')")
        worker = app.worker_of(token)
        if page.evaluate("sessionStorage.getItem('token')") == token:
            return worker
    raise AssertionError("the page's client token kept changing")


def _move_off(page: Page, app: ScaleoutApp, other: str, ready: Callable[[], None],
              tries: int = 40) -> str:
    """Reload the page (a new websocket) until it is served by a worker other than `other`."""
    for _ in range(tries):
        worker = _worker(page, app)
        if worker != other:
            return worker
        page.reload()
        ready()
    raise AssertionError(f"the page stayed on worker {other} over {tries} reloads")


def test_live_changes_arrive_across_workers(browser: Browser, browser_context_args,
                                            scaleout: ScaleoutApp):
    app = scaleout
    title = "Søke helsefagarbeiderutdanning for voksne"
    plan = plan_id_of(app.db_url, "amina")
    measure_id, version0 = query(app.db_url, "SELECT id, version FROM measure WHERE plan_id = :p "
                                             "AND title = :t", p=plan, t=title)[0]
    rows0 = scalar(app.db_url, "SELECT count(*) FROM measure_version WHERE measure_id = :m",
                   m=measure_id)
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    for ctx in (person_ctx, staff_ctx):
        ctx.add_init_script(WS_CLOCK)
    try:
        person = _login(person_ctx, app, "amina")
        card = person.get_by_role("region", name=title)
        expect(card.get_by_text("Planlagt", exact=True)).to_be_visible(timeout=LOAD_MS)
        person_worker = _worker(person, app)

        staff = _login(staff_ctx, app, "veileder")
        staff.goto(f"{app.url}/plan/{plan}")
        staff_card = staff.get_by_role("region", name=title)

        def staff_ready() -> None:
            expect(staff_card.get_by_text("Planlagt", exact=True)).to_be_visible(timeout=LOAD_MS)

        staff_ready()
        staff_worker = _move_off(staff, app, person_worker, staff_ready)
        assert staff_worker != person_worker
        print(f"\nscale-out: worker pids {app.worker_pids()}; person's page on "
              f"{person_worker[:8]}, veileder's page on {staff_worker[:8]}")

        card.get_by_role("button", name="Vis mer").click()
        staff_card.get_by_role("button", name="Vis mer").click()
        history = card.locator(".history-list > li")
        expect(history.first).to_be_visible()
        lines0 = history.count()
        staff.evaluate(CLICK_CLOCK)
        version_field = staff_card.locator("input[name=version]")
        expect(version_field).to_have_value(str(version0))

        times: list[int] = []
        parts: list[tuple[int, int, int]] = []
        for i in range(REPEATS):
            label = "Gjennomføres" if i % 2 == 0 else "Planlagt"
            person.evaluate(OBSERVE, {"title": title, "n": lines0 + i + 1, "label": label})
            staff_card.get_by_role("combobox", name="Endre status").select_option(label=label)
            staff_card.get_by_role("button", name="Lagre status").click()
            arrived_at = person.evaluate("window.__seen")
            assert arrived_at > 0, f"change {i + 1} ({label}) never reached the person's page"
            times.append(arrived_at - staff.evaluate("window.__clicked"))
            parts.append(split_times(staff, person, arrived_at))
            # the veileder's own page has the new version before the next change
            expect(version_field).to_have_value(str(version0 + i + 1), timeout=10_000)

        print(f"scale-out live, veileder's click -> person's page on the other worker, "
              f"{REPEATS} changes: p50 {statistics.median(times):.0f} ms, "
              f"p95 {percentile(times, 95)} ms, max {max(times)} ms ({times}); "
              f"{split_summary(parts)}")
        # still on different workers (no reconnect moved them), nothing reloaded
        assert _worker(person, app) == person_worker
        assert _worker(staff, app) == staff_worker
        assert person.evaluate("performance.getEntriesByType('navigation').length") == 1
        expect(card.get_by_text("Planlagt", exact=True)).to_be_visible()
        assert history.count() == lines0 + REPEATS
        assert query(app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                     m=measure_id) == [(version0 + REPEATS, "planlagt")]
        assert scalar(app.db_url, "SELECT count(*) FROM measure_version WHERE measure_id = :m",
                      m=measure_id) == rows0 + REPEATS
    finally:
        person_ctx.close()
        staff_ctx.close()


async def _connect_on(app: ScaleoutApp, make: Callable[[], RxClient], *, want: str | None = None,
                      avoid: str | None = None, tries: int = 40) -> tuple[RxClient, str]:
    """Connect fresh clients until one lands on `want` (or anywhere but `avoid`)."""
    for _ in range(tries):
        c = make()
        await c.connect(quiet=QUIET)
        worker = await asyncio.to_thread(app.worker_of, c.token)
        if (want is None or worker == want) and worker != avoid:
            return c, worker
        await c.close()
    raise AssertionError(f"no connection landed on the wanted worker in {tries} tries")


async def _until(c: RxClient, predicate: Callable[[RxClient], bool], limit: float = 15) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not predicate(c) and loop.time() < end:
        await asyncio.sleep(0.02)


async def _open_plan(c: RxClient, plan: int, shows: str) -> None:
    """Open /plan/<plan> and wait until the answer contains `shows`."""
    await c.emit(f"{STATE}.load_plan_page", {}, path=f"/plan/{plan}",
                 query={"plan_id": str(plan)})
    await _until(c, lambda c: c.seen(shows))
    await c.settle(QUIET)


def test_simultaneous_changes_on_two_workers_one_wins_none_lost(scaleout: ScaleoutApp):
    app = scaleout
    title = "Arbeidstrening på Fjordly sykehjem"
    plan = plan_id_of(app.db_url, "amina")
    measure_id = scalar(app.db_url, "SELECT id FROM measure WHERE plan_id = :p AND title = :t",
                        p=plan, t=title)
    others = {"forslag", "planlagt", "gjennomfores"}  # non-final: any order gives "stale"
    rounds = 6

    async def scenario() -> list[tuple[str, str]]:
        cookie_a = login_cookie(app.url, "veileder")
        cookie_b = login_cookie(app.url, "koordinator")
        make_a = lambda: RxClient(app.url, cookie_a, f"/plan/{plan}")
        make_b = lambda: RxClient(app.url, cookie_b, f"/plan/{plan}")
        a, wa = await _connect_on(app, make_a)
        b, wb = await _connect_on(app, make_b, avoid=wa)
        assert wa != wb
        await _open_plan(a, plan, title)
        await _open_plan(b, plan, title)
        outcomes = []
        try:
            for r in range(rounds):
                (version, status), = await asyncio.to_thread(
                    query, app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                    m=measure_id)
                rows = await asyncio.to_thread(
                    scalar, app.db_url,
                    "SELECT count(*) FROM measure_version WHERE measure_id = :m", m=measure_id)
                to_a, to_b = sorted(others - {status})
                a.deltas.clear()
                b.deltas.clear()
                loop = asyncio.get_running_loop()
                answered = lambda c: c.seen(f"«{title}» har nå status") or c.seen(STALE)
                answer_ms: dict[str, int] = {}

                async def submit(c: RxClient, name: str, to: str) -> None:
                    t0 = loop.time()
                    await c.emit(f"{STATE}.change_status", {"form_data": {
                        "measure_id": str(measure_id), "version": str(version), "status": to,
                        "reason": ""}})
                    await _until(c, answered)  # the answer may wait for the other's plan lock
                    answer_ms[name] = round((loop.time() - t0) * 1000)

                both = [submit(a, "veileder", to_a), submit(b, "koordinator", to_b)]
                await asyncio.gather(*(both if r % 2 == 0 else both[::-1]))
                await asyncio.gather(a.settle(QUIET), b.settle(QUIET))  # and the page updates
                won = [c.seen(f"«{title}» har nå status") for c in (a, b)]  # the notice
                stale = [c.seen(STALE) for c in (a, b)]
                assert sorted(won) == [False, True], f"round {r}: exactly one must win: {won}"
                assert stale == [not w for w in won], f"round {r}: the other is told: {stale}"
                winner_status = to_a if won[0] else to_b
                (v_after, s_after), = await asyncio.to_thread(
                    query, app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                    m=measure_id)
                assert (v_after, s_after) == (version + 1, winner_status)
                rows_after = await asyncio.to_thread(
                    scalar, app.db_url,
                    "SELECT count(*) FROM measure_version WHERE measure_id = :m", m=measure_id)
                assert rows_after == rows + 1, f"round {r}: exactly one new version row"
                outcomes.append(("veileder" if won[0] else "koordinator", winner_status, answer_ms))
            # both are still on their own workers
            assert await asyncio.to_thread(app.worker_of, a.token) == wa
            assert await asyncio.to_thread(app.worker_of, b.token) == wb
        finally:
            await a.close()
            await b.close()
        return outcomes

    outcomes = run_async(scenario())
    print(f"\nscale-out conflict, {rounds} rounds on two workers, winners: {outcomes}")


def test_forged_events_are_refused_on_every_worker(scaleout: ScaleoutApp):
    app = scaleout
    amina_plan = plan_id_of(app.db_url, "amina")
    measure_id, version, status = query(
        app.db_url, "SELECT id, version, status FROM measure WHERE plan_id = :p AND agreed = :f "
                    "AND status = 'planlagt' ORDER BY id LIMIT 1", p=amina_plan, f=False)[0]
    versions_before = scalar(app.db_url, "SELECT count(*) FROM measure_version")
    measures_before = scalar(app.db_url, "SELECT count(*) FROM measure")
    refused_before = scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE allowed = :f "
                                        "AND plan_id = :p AND action = 'change_status'",
                            f=False, p=amina_plan)

    async def attack() -> list[tuple[str, RxClient]]:
        cookie = login_cookie(app.url, "emil")
        done: list[tuple[str, RxClient]] = []
        seen_worker: str | None = None
        for _ in range(2):  # once on each worker
            c, worker = await _connect_on(app, lambda: RxClient(app.url, cookie),
                                          avoid=seen_worker)
            seen_worker = worker
            await c.emit(f"{STATE}.change_status", {"form_data": {
                "measure_id": str(measure_id), "version": str(version), "status": "avbrutt",
                "reason": "forged"}})
            await _until(c, lambda c: c.seen(REFUSED))
            await _open_plan(c, amina_plan, "'denied'")
            await c.close()
            done.append((worker, c))
        return done

    attacks = run_async(attack())
    assert len({w for w, _ in attacks}) == 2, "the attack must have run on both workers"
    for worker, c in attacks:
        assert c.seen(REFUSED), f"the forged change was not refused on {worker}"
        assert c.seen("'denied'"), f"opening Amina's plan was not refused on {worker}"
        assert not c.seen("helsefagarbeider"), f"Amina's plan leaked to Emil on {worker}"
    assert query(app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                 m=measure_id) == [(version, status)]
    assert scalar(app.db_url, "SELECT count(*) FROM measure_version") == versions_before
    assert scalar(app.db_url, "SELECT count(*) FROM measure") == measures_before
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE allowed = :f AND "
                              "plan_id = :p AND action = 'change_status' AND target = :t",
                  f=False, p=amina_plan, t=f"measure:{measure_id}") == refused_before + 2
