"""Tabs that are gone (issue 23): a soak of short-lived connections.

    python -m bench.gonetabs [--cycles 3000] [--concurrency 20]
    python -m bench.run --only gonetabs

Starts the app as the tests do (embedded: SQLite, one worker). One tab of Amina's plan
stays open and moves a tiltak now and then, as a veileder would. Meanwhile `cycles`
short-lived tabs connect, open the plan (Amina's own, or her veileder's view of it), and
leave; every fifth sends a malformed event before it goes (a handler that does not
exist, a payload of the wrong shape, a form without fields). At the end it reports
- the "Attempting to send delta to disconnected client" warnings in the server log (a
  write fanned out to a tab that is gone; must be 0),
- the server's memory (RSS over its process tree) before, after the cycles, and after a
  grace period in which the state of the gone tabs is freed,
- how long a new visitor takes to get their plan, before and after the cycles,
- that the open tab still gets every change (the live path still works).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from typing import Any

from bench.load import PAGE_READY, PLAN_STATE, ROOT, SimClient, card_version_is, has
from bench.servers import load_average, tree_rss_mb
from tests.utils.db import plan_id_of
from tests.utils.http import login_cookie
from tests.utils.server import cleanup, start_app

MALFORMED = [
    ("no_such_handler", {}),
    ("change_status", {"form_data": "not a form"}),
    ("change_status", {"form_data": {}}),
    ("set_card_open", {"measure_id": "x", "is_open": "y"}),
]


def _moves(c: dict) -> list[str]:
    return [o["value"] for o in c.get("options", []) if o["value"] in
            ("forslag", "planlagt", "gjennomfores") and o["value"] not in
            c.get("needs_reason_for", [])]


async def _visitor(url: str, cookie: str) -> float:
    """A new visitor's tab: ms until their plan is on the page."""
    c = SimClient(url, cookie=cookie)
    try:
        return await c.open(PAGE_READY, timeout=60) * 1000
    finally:
        await c.close()


async def soak(url: str, pid: int, plan: int, cycles: int, concurrency: int,
               grace: float, settle: float = 0.0, write_every: float = 0.25) -> dict[str, Any]:
    amina = login_cookie(url, "amina")
    staff = login_cookie(url, "veileder")
    out: dict[str, Any] = {"cycles": cycles, "concurrency": concurrency,
                           "load_start": load_average()}
    out["visitor_before_ms"] = min([await _visitor(url, amina) for _ in range(3)])
    await asyncio.sleep(1)
    out["rss_start_mb"] = round(tree_rss_mb(pid), 1)

    writer = SimClient(url, cookie=staff, path=f"/plan/{plan}", query={"plan_id": str(plan)})
    await writer.open(PAGE_READY)
    writes = {"done": 0, "missed": 0}
    stop = asyncio.Event()

    async def write_now_and_then() -> None:
        while not stop.is_set() and write_every > 0:
            card = next((c for c in writer.cards() if c.get("can_change") and _moves(c)), None)
            if card is not None:
                try:
                    await writer.call(f"{PLAN_STATE}.change_status", {"form_data": {
                        "measure_id": str(card["id"]), "version": str(card["version"]),
                        "status": _moves(card)[0], "reason": ""}},
                        card_version_is(card["id"], card["version"] + 1), timeout=30)
                    writes["done"] += 1
                except asyncio.TimeoutError:
                    writes["missed"] += 1
            await asyncio.sleep(write_every)

    done = {"n": 0, "malformed": 0, "failed": 0}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(cycles):
        queue.put_nowait(i)

    async def cycle_worker() -> None:
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            own = i % 2 == 0
            c = SimClient(url, cookie=amina if own else staff,
                          path="/" if own else f"/plan/{plan}",
                          query={} if own else {"plan_id": str(plan)})
            try:
                # the page's own load ends with `is_hydrated`: a tab that leaves before
                # that leaves answers of its own in flight (not what is measured here)
                hydrated = c.watch(has(ROOT, "is_hydrated_rx_state_", bool))
                await c.open(PAGE_READY, timeout=60)
                await asyncio.wait_for(hydrated, 60)
                if i % 5 == 0:
                    name, payload = random.choice(MALFORMED)
                    answered = c.watch(lambda d: True)
                    await c._sio.emit("event", {"name": f"{PLAN_STATE}.{name}",
                                                "payload": payload,
                                                "router_data": c.router_data()},
                                      namespace="/_event")
                    done["malformed"] += 1
                    try:  # its answer (a refusal), if any, before it leaves
                        await asyncio.wait_for(answered, 2)
                    except asyncio.TimeoutError:
                        pass
                if settle:  # its own answers are all in before it leaves
                    await asyncio.sleep(settle)
                done["n"] += 1
            except Exception:  # noqa: BLE001 - counted; a soak goes on
                done["failed"] += 1
            finally:
                await c.close()

    t0 = time.perf_counter()
    w = asyncio.create_task(write_now_and_then())
    await asyncio.gather(*(cycle_worker() for _ in range(concurrency)))
    out["cycles_s"] = round(time.perf_counter() - t0, 1)
    stop.set()
    await w
    out.update(cycles_done=done["n"], malformed_sent=done["malformed"],
               cycles_failed=done["failed"], writes=writes["done"],
               writes_not_seen=writes["missed"])
    out["rss_after_cycles_mb"] = round(tree_rss_mb(pid), 1)
    # the live path still works after it all: one more write, seen by a fresh tab
    watcher = SimClient(url, cookie=amina)
    await watcher.open(PAGE_READY)
    card = next(c for c in writer.cards() if c.get("can_change") and _moves(c))
    seen = watcher.watch(card_version_is(card["id"], card["version"] + 1))
    await writer.call(f"{PLAN_STATE}.change_status", {"form_data": {
        "measure_id": str(card["id"]), "version": str(card["version"]),
        "status": _moves(card)[0], "reason": ""}},
        card_version_is(card["id"], card["version"] + 1))
    try:
        await asyncio.wait_for(seen, 30)
        out["live_after"] = True
    except asyncio.TimeoutError:
        out["live_after"] = False
    await asyncio.gather(watcher.close(), writer.close())
    out["visitor_after_ms"] = min([await _visitor(url, amina) for _ in range(3)])
    await asyncio.sleep(grace)
    out["rss_after_grace_mb"] = round(tree_rss_mb(pid), 1)
    out["load_end"] = load_average()
    return out


def run(cycles: int = 3000, concurrency: int = 20, grace: float = 20.0,
        settle: float = 0.0, write_every: float = 0.25) -> dict[str, Any]:
    # the gone tabs' state is freed `grace` seconds after they leave (IP_LIVE_GRACE_SECONDS)
    app = start_app(IP_LIVE_GRACE_SECONDS=str(max(1.0, grace / 2)))
    try:
        plan = plan_id_of(app.db_url, "amina")
        out = asyncio.run(soak(app.url, app.proc.pid, plan, cycles, concurrency, grace, settle,
                               write_every))
        log = app.log_path.read_text()
        out["settle_s"] = settle
        out["sent_to_disconnected"] = log.count("Attempting to send delta to disconnected client")
        out["server_errors"] = sum(1 for line in log.splitlines()
                                   if " ERROR " in line or "Traceback" in line)
    finally:
        cleanup(app)
    return out


def summary(r: dict[str, Any]) -> str:
    return (f"{r['cycles_done']} of {r['cycles']} short tabs ({r['malformed_sent']} with a "
            f"malformed event, {r['cycles_failed']} failed) in {r['cycles_s']} s, {r['writes']} "
            f"writes meanwhile: {r['sent_to_disconnected']} deltas to gone tabs; RSS "
            f"{r['rss_start_mb']} -> {r['rss_after_cycles_mb']} -> {r['rss_after_grace_mb']} MB "
            f"(after the grace period); a new visitor {r['visitor_before_ms']:.0f} ms before, "
            f"{r['visitor_after_ms']:.0f} ms after; live after: {r['live_after']} "
            f"(load {r['load_start']} -> {r['load_end']})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cycles", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--grace", type=float, default=20.0)
    ap.add_argument("--settle", type=float, default=0.0,
                    help="seconds a short tab waits for its own answers before it leaves")
    ap.add_argument("--write-every", type=float, default=0.25,
                    help="seconds between the open tab's writes (0: no writes)")
    a = ap.parse_args()
    r = run(a.cycles, a.concurrency, a.grace, a.settle, a.write_every)
    print(summary(r))
    print(json.dumps(r))


if __name__ == "__main__":
    main()
