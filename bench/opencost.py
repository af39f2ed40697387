"""Server cost of OPENING Min plan (hydrate + on_load over the websocket), issue 23.

    python -m bench.opencost [--opens 40] [--burst 50] [--profile out.txt]

Starts the app as the tests do (embedded: SQLite, one worker), appends generated people
(bench/datagen.py, the same shape as the interactive benchmark: 8 tiltak and 10 messages
each), then
- the first open after the start (one person, nothing warm): its round trip and the
  server's CPU for it (`first_open_cpu_ms`: every thread's run time from
  /proc/<pid>/task/*/schedstat, in ns: one open is below the 10 ms of the tick counts);
- `--opens` opens one after another, each by another person (a first open of that plan on
  this worker, as in the benchmark): the server's CPU per open (user + system of its
  process tree, /proc: a figure the load of other processes moves much less than a round
  trip) and the round trips;
- `--burst` opens spread over 2 s (the benchmark's level of 50): their round trips.
`--profile` runs py-spy on the server during the sequential opens (`.txt`: raw stacks).
Each open waits for the page and for the consent cards (the person's plan asks for them
with its own load), then half a second for late deltas, so all the open's work is counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from bench import datagen
from bench.load import PAGE_READY, ROOT, SimClient, has, pct
from bench.servers import load_average, start_profile, stop_profile, tree_pids
from bench.writecost import cpu_seconds
from tests.utils.server import cleanup, start_app

CONSENT_STATE = f"{ROOT}.ip_app___consent___state____consent_state"
CONSENTS_READY = has(CONSENT_STATE, "consents_rx_state_",
                     lambda v: isinstance(v, dict) and v.get("mode") not in ("loading", None))


def run_time_ms(root: int) -> float:
    """CPU time of a process tree, every thread (scheduler run time, ns resolution)."""
    total = 0
    for pid in tree_pids(root):
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, IndexError, ValueError):
                pass
    return total / 1e6


async def _open(url: str, person: dict) -> tuple[float, SimClient]:
    c = SimClient(url, cookie=person["cookie"])
    consents = c.watch(CONSENTS_READY)
    took = await c.open(PAGE_READY)
    await asyncio.wait_for(consents, 30)
    return took, c


async def measure(url: str, pid: int, people: list[dict], opens: int, burst: int,
                  profile: str = "", gap: float = 0.0) -> dict:
    out: dict = {"load_start": load_average()}
    c0 = run_time_ms(pid)
    took, c = await _open(url, people[0])
    await asyncio.sleep(0.5)  # its late deltas
    out["first_open_ms"] = took * 1000
    out["first_open_cpu_ms"] = run_time_ms(pid) - c0
    await c.close()
    await asyncio.sleep(0.5)

    spy = await start_profile(pid, profile, rate=250)
    times, tabs = [], []
    c0 = cpu_seconds(pid)
    for p in people[1:1 + opens]:
        took, c = await _open(url, p)
        times.append(took * 1000)
        tabs.append(c)
        if gap:
            await asyncio.sleep(gap)
    await asyncio.sleep(0.5)
    out["open_cpu_ms"] = (cpu_seconds(pid) - c0) / opens * 1000
    out["seq_p50_ms"], out["seq_p95_ms"] = pct(times, 50), pct(times, 95)
    out["open_messages"] = sum(t.messages for t in tabs) / len(tabs)
    stop_profile(spy)
    await asyncio.gather(*(t.close() for t in tabs))
    await asyncio.sleep(1.0)

    if burst:
        group = people[1 + opens:1 + opens + burst]
        res: list[float] = []
        burst_tabs: list[SimClient] = []

        async def one(i: int, p: dict) -> None:
            await asyncio.sleep(2.0 * i / len(group))
            c = SimClient(url, cookie=p["cookie"])
            burst_tabs.append(c)
            res.append(await c.open(PAGE_READY) * 1000)

        c0 = cpu_seconds(pid)
        await asyncio.gather(*(one(i, p) for i, p in enumerate(group)))
        await asyncio.sleep(0.5)
        out["burst_cpu_ms"] = (cpu_seconds(pid) - c0) / len(group) * 1000
        out["burst_p50_ms"], out["burst_p95_ms"] = pct(res, 50), pct(res, 95)
        await asyncio.gather(*(t.close() for t in burst_tabs))
    out["load_end"] = load_average()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--opens", type=int, default=40)
    ap.add_argument("--burst", type=int, default=50)
    ap.add_argument("--profile", default="")
    ap.add_argument("--gap", type=float, default=0.0, help="seconds between the opens")
    a = ap.parse_args()
    app = start_app()
    try:
        n = 1 + a.opens + a.burst
        gen = datagen.generate(app.db_url, persons=n, tiltak=n * 8, messages=n * 10,
                               caseload=200, sessions=True, prefix="open")
        for who in gen.persons:
            who["cookie"] = f"minplan_session={who['token']}"
        t0 = time.monotonic()
        res = asyncio.run(measure(app.url, app.proc.pid, gen.persons, a.opens, a.burst,
                                  a.profile, a.gap))
        res["seconds"] = time.monotonic() - t0
    finally:
        cleanup(app)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
