"""What Reflex itself costs for a live update between tabs: the floor under Min plan's
(issue 23).

    python -m bench.wakefloor [--tabs 5] [--events 200] [--profile out.txt]

Starts the bare counter (bench/counter_app, its backend only, one worker), opens `--tabs`
tabs that join it, and from the first one sends `bump` `--events` times, each time
waiting until every other tab has received the new count: one event in one tab, and one
small delta (one integer) to each other tab through `app.modify_state`, as Min plan's
live updates do (kernel/live.py `_wake`). Reports the server's CPU time (user + system
over its process tree) per event, as bench/writecost.py does for a status change.
`--profile` runs py-spy on the server during the events (`.txt`: raw stacks).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from bench.load import COUNTER_READY, COUNTER_STATE, SimClient, has
from bench.servers import load_average, start_counter, start_profile, stop_profile
from bench.writecost import cpu_seconds
from tests.utils.server import cleanup


async def measure(url: str, pid: int, tabs: int, events: int, profile: str = "") -> dict:
    clients = [SimClient(url) for _ in range(tabs)]
    for c in clients:
        await c.open(COUNTER_READY)
        await c.call(f"{COUNTER_STATE}.join", {}, has(COUNTER_STATE, "joined_rx_state_", bool))
    await asyncio.sleep(1.0)
    writer, others = clients[0], clients[1:]
    out: dict = {"tabs": tabs, "events": events, "load_start": load_average()}
    spy = await start_profile(pid, profile, rate=200, native=True)
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    for n in range(1, events + 1):
        want = has(COUNTER_STATE, "seen_rx_state_", lambda v, n=n: v == n)
        seen = [o.watch(want) for o in others]
        await writer.call(f"{COUNTER_STATE}.bump", {},
                          has(COUNTER_STATE, "count_rx_state_", lambda v, n=n: v == n))
        await asyncio.wait_for(asyncio.gather(*seen), 30)
    await asyncio.sleep(0.5)
    out["cpu_ms_per_event"] = (cpu_seconds(pid) - c0) / events * 1000
    out["wall_ms_per_event"] = (time.perf_counter() - t0) / events * 1000
    stop_profile(spy)
    out["load_end"] = load_average()
    await asyncio.gather(*(c.close() for c in clients))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tabs", type=int, default=5)
    ap.add_argument("--events", type=int, default=200)
    ap.add_argument("--profile", default="")
    a = ap.parse_args()
    app = start_counter(timeout=180, backend_only=True)
    try:
        res = asyncio.run(measure(app.url, app.proc.pid, a.tabs, a.events, a.profile))
    finally:
        cleanup(app)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
