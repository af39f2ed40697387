"""Tabs that are gone cost nothing (issue 23): a short soak of short-lived connections.

Many raw websocket tabs connect, open Amina's plan (her own, or her veileder's view) and
leave, some after a malformed event; a veileder's tab moves a tiltak meanwhile. Once they
are gone, no write is sent to any of them (the server log has no "Attempting to send
delta to disconnected client"), a write still reaches a tab that is open, and a new
visitor gets their plan. The long version, with memory and timings, is
`python -m bench.run --only gonetabs` (bench/gonetabs.py).
"""

from __future__ import annotations

import asyncio

from ip_app.plan.state import PlanState
from tests.utils.db import plan_id_of, query
from tests.utils.http import login_cookie
from tests.utils.plan_vars import plan_groups
from tests.utils.rxclient import RxClient, run_async

STATE = PlanState.get_full_name()
TITLE = "Søke helsefagarbeiderutdanning for voksne"
CYCLES = 60
MALFORMED = [("no_such_handler", {}), ("change_status", {"form_data": "not a form"}),
             ("change_status", {"form_data": {}}),
             ("set_card_open", {"measure_id": "x", "is_open": "y"})]


def _versions(c: RxClient, measure_id: int) -> list[int]:
    return [card["version"] for d in c.deltas for sub in d.values()
            for g in plan_groups(sub) for card in g["cards"] if card["id"] == measure_id]


def test_tabs_that_left_are_not_sent_the_changes_and_the_plan_still_works(app):
    plan = plan_id_of(app.db_url, "amina")
    (measure_id,), = query(app.db_url, "SELECT id FROM measure WHERE plan_id = :p AND title = :t",
                           p=plan, t=TITLE)
    amina, staff = login_cookie(app.url, "amina"), login_cookie(app.url, "veileder")
    before = app.log_path.read_text().count("disconnected client")

    def current() -> tuple[int, str]:
        (version, status), = query(app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                                   m=measure_id)
        return version, status

    async def move(writer: RxClient) -> int:
        version, status = current()
        new = "gjennomfores" if status == "planlagt" else "planlagt"
        await writer.send(f"{STATE}.change_status", {"form_data": {
            "measure_id": str(measure_id), "version": str(version), "status": new,
            "reason": ""}})
        return version + 1

    async def scenario() -> tuple[bool, bool]:
        writer = RxClient(app.url, staff, f"/plan/{plan}")
        await writer.connect()
        await writer.send(f"{STATE}.load_plan_page", {}, path=f"/plan/{plan}",
                          query={"plan_id": str(plan)})

        async def short(i: int) -> None:
            own = i % 2 == 0
            c = RxClient(app.url, amina if own else staff, "/" if own else f"/plan/{plan}")
            try:
                await c.connect(quiet=0.2)
                if not own:
                    await c.send(f"{STATE}.load_plan_page", {}, path=f"/plan/{plan}",
                                 query={"plan_id": str(plan)})
                assert await c.until(lambda: c.seen(TITLE)), "the short tab got the plan"
                if i % 4 == 0:
                    name, payload = MALFORMED[i // 4 % len(MALFORMED)]
                    await c.emit(f"{STATE}.{name}", payload)
            finally:
                await c.close()

        try:
            for start in range(0, CYCLES, 10):
                await asyncio.gather(*(short(i) for i in range(start, start + 10)))
                await move(writer)  # a change while tabs come and go
            await writer.settle(0.5)
            # every short tab is gone: the next changes go to the open tabs only
            watcher = RxClient(app.url, amina)
            await watcher.connect()
            try:
                assert await watcher.until(lambda: watcher.seen(TITLE)), "a new visitor's plan"
                watcher.deltas.clear()
                want = await move(writer)
                reached = await watcher.until(lambda: want in _versions(watcher, measure_id))
                await move(writer)  # and back, for later tests
                await watcher.settle(0.5)
            finally:
                await watcher.close()
            return reached, True
        finally:
            await writer.close()

    reached, _ = run_async(scenario())
    assert reached, "an open tab still gets the change"
    after = app.log_path.read_text().count("disconnected client")
    assert after == before, f"{after - before} deltas were sent to tabs that had left"
