"""Headroom and scale-out (issue 23 #4 and #6): `python -m bench.run --only headroom`.

Two measurements, each repeated (`--headroom-reps`, 3 by default) and each beside the bare
counter app measured in the same run, as the yardstick of the machine's speed:

- **Capacity with one core busy** (#4). A separate process spins on the CPU for the whole
  measurement (`spinner`: started and stopped here, and it ends by itself should the bench
  die). Clients are added step by step (`CAPACITY_STEPS`); at each step every open client
  changes a status (counter: increments) `ROUNDS` times, thinking 1-4 s before each (one
  write per ~2.5 s per client). The capacity is the number of clients at which the status
  change's p95 crosses 100 ms (interpolated linearly between the last step under and the
  first over; "> N" if it never does up to the last step). Min plan: the embedded server
  (one worker, SQLite), each client a person on their own plan.
- **Writes per second, PostgreSQL + Redis, 1 worker vs 2 workers** (#6). The same backend
  (`reflex run --env prod --backend-only`, state in Redis) on one fresh PostgreSQL database,
  started once with GRANIAN_WORKERS=1 and once with 2, each with a Redis database of its
  own. `THROUGHPUT_CLIENTS` persons (each on their own plan) change statuses back to back
  (no thinking: the next change as soon as the last is answered) for `THROUGHPUT_SECONDS`;
  writes per second answered, p50/p95, the server's CPU per write (utime+stime of the
  server's process tree, PostgreSQL's backends for that database apart), and the memory per
  open tab (server RSS, and the bytes Redis holds for the tabs' state: MEMORY USAGE of the
  keys in that database). The counter does the same back-to-back increments (one worker).

All load goes to 127.0.0.1; the load generator runs on the same 2 cores.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

from bench.interactive import INCREMENT, STATUS, next_status_payload, status_reply
from bench.load import COUNT, COUNTER_READY, PAGE_READY, SimClient, pct
from bench.servers import load_average, tree_pids, tree_rss_mb

CAPACITY_STEPS = (1, 2, 5, 10, 25, 50, 100, 150, 200, 250, 300, 400)
ROUNDS = 3
THINK = (1.0, 4.0)
LIMIT_MS = 100.0
THROUGHPUT_CLIENTS = 10
THROUGHPUT_SECONDS = 15.0
CLK = os.sysconf("SC_CLK_TCK")

SPIN = """
import os, sys
parent = int(sys.argv[1])
while os.getppid() == parent:   # ends by itself once the bench that started it is gone
    for _ in range(2_000_000):
        pass
"""


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes, in seconds (those gone count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLK


@contextmanager
def spinner() -> Iterator[dict[str, float]]:
    """One core held busy by another process for the duration of the block; yields a dict
    that gets the share of a core the spinner really had (`cores`)."""
    proc = subprocess.Popen([sys.executable, "-c", SPIN, str(os.getpid())])
    info: dict[str, float] = {}
    t0, c0 = time.monotonic(), cpu_seconds([proc.pid])
    try:
        yield info
    finally:
        info["cores"] = (cpu_seconds([proc.pid]) - c0) / max(time.monotonic() - t0, 1e-6)
        proc.kill()
        proc.wait()


def _ms(xs: list[float]) -> list[float]:
    return [x * 1000 for x in xs]


async def _write(kind: str, c: SimClient, turn: int) -> Optional[float]:
    """One status change (counter: increment); seconds, or None if it failed."""
    try:
        if kind == "counter":
            return await c.call(INCREMENT, {}, COUNT, timeout=30)
        payload = next_status_payload(c, turn)
        if payload is None:
            return None
        return await c.call(STATUS, payload, status_reply(payload), timeout=30)
    except Exception:  # noqa: BLE001  (a timeout or a dropped socket: a failure)
        return None


def _client(kind: str, url: str, person: dict[str, Any]) -> SimClient:
    return SimClient(url) if kind == "counter" else SimClient(url, cookie=person["cookie"])


async def _open_all(kind: str, url: str, people: list[dict[str, Any]], spread: float
                    ) -> tuple[list[SimClient], int]:
    ready = COUNTER_READY if kind == "counter" else PAGE_READY
    clients = [_client(kind, url, p) for p in people]

    async def one(i: int, c: SimClient) -> bool:
        await asyncio.sleep(spread * i / max(len(clients), 1))
        try:
            await c.open(ready, timeout=60)
            return True
        except Exception:  # noqa: BLE001
            return False

    ok = await asyncio.gather(*(one(i, c) for i, c in enumerate(clients)))
    return [c for c, good in zip(clients, ok) if good], ok.count(False)


async def capacity(kind: str, url: str, people: list[dict[str, Any]],
                   steps: tuple[int, ...] = CAPACITY_STEPS, seed: int = 1,
                   server_pid: int = 0) -> dict[str, Any]:
    """Add clients step by step until the status change's p95 crosses LIMIT_MS."""
    rnd = random.Random(seed)
    clients: list[SimClient] = []
    out: dict[str, Any] = {"steps": [], "failed_opens": 0}
    try:
        for n in steps:
            if n > len(people):
                break
            new, failed = await _open_all(kind, url, people[len(clients) + out["failed_opens"]:n],
                                          spread=2.0)
            clients += new
            out["failed_opens"] += failed
            samples: list[float] = []
            failures = 0

            async def actor(i: int, c: SimClient) -> None:
                nonlocal failures
                for r in range(ROUNDS):
                    await asyncio.sleep(rnd.uniform(*THINK))
                    t = await _write(kind, c, i + r)
                    if t is None:
                        failures += 1
                    else:
                        samples.append(t)

            t0 = time.monotonic()
            cpu0 = cpu_seconds(tree_pids(server_pid)) if server_pid else 0.0
            await asyncio.gather(*(actor(i, c) for i, c in enumerate(clients)))
            cpu = cpu_seconds(tree_pids(server_pid)) - cpu0 if server_pid else 0.0
            out["cpu_s"] = out.get("cpu_s", 0.0) + cpu
            out["writes"] = out.get("writes", 0) + len(samples)
            p95 = pct(_ms(samples), 95)
            out["steps"].append({"clients": len(clients), "n": len(samples),
                                 "failed": failures, "p50_ms": pct(_ms(samples), 50),
                                 "p95_ms": p95, "seconds": time.monotonic() - t0,
                                 "load": load_average()})
            print(f"    {kind} {len(clients)} clients: status p95 {p95:.0f} ms "
                  f"(n={len(samples)}, failed {failures}, load {load_average()})", flush=True)
            if failures or not samples or p95 > LIMIT_MS:
                break
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    out["capacity"] = crossing(out["steps"])
    if out.get("writes") and out.get("cpu_s"):  # (a few cheap writes may read 0 ticks)
        # the write's server CPU over the ramp, and the clients one whole core could serve at
        # that cost and the workload's pace (one write per mean think time): a ceiling that
        # does not depend on what else the machine runs
        out["cpu_ms_per_write"] = out["cpu_s"] * 1000 / out["writes"]
        out["cpu_ceiling_clients"] = 1000 / out["cpu_ms_per_write"] * sum(THINK) / 2
    return out


def crossing(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Clients at which p95 crosses LIMIT_MS: linear between the last step under and the first
    over (a step with failures counts as over); `above` = it never crossed up to that many."""
    below = None
    for s in steps:
        over = s["failed"] > 0 or not s["n"] or s["p95_ms"] > LIMIT_MS
        if not over:
            below = s
            continue
        if below is None:
            return {"clients": None, "below": s["clients"]}  # already over at the first step
        p_under = below["p95_ms"]
        p_over = (s["p95_ms"] if s["n"] and not s["failed"] and s["p95_ms"] == s["p95_ms"]
                  else float("inf"))  # failed writes: over the limit at this step
        if p_over == float("inf") or p_over <= p_under:
            return {"clients": float(below["clients"])}
        frac = (LIMIT_MS - p_under) / (p_over - p_under)
        return {"clients": below["clients"] + frac * (s["clients"] - below["clients"])}
    return {"clients": None, "above": steps[-1]["clients"] if steps else 0}


async def throughput(kind: str, url: str, server_pid: int, people: list[dict[str, Any]],
                     seconds: float = THROUGHPUT_SECONDS, redis_url: str = "",
                     pg_pids=None) -> dict[str, Any]:  # noqa: ANN001
    """Back-to-back writes by len(people) clients for `seconds`: writes/s, latency, CPU."""
    rss0 = tree_rss_mb(server_pid)
    redis0 = redis_bytes(redis_url) if redis_url else 0
    open_cpu0 = cpu_seconds(tree_pids(server_pid))
    clients, failed_opens = await _open_all(kind, url, people, spread=2.0)
    open_cpu = cpu_seconds(tree_pids(server_pid)) - open_cpu0
    await asyncio.sleep(1.0)
    out: dict[str, Any] = {"clients": len(clients), "failed_opens": failed_opens,
                           "server_cpu_ms_per_open": open_cpu * 1000 / max(len(clients), 1),
                           "rss_per_tab_mb": (tree_rss_mb(server_pid) - rss0) / max(len(clients), 1)}
    if redis_url:
        out["redis_per_tab_kb"] = (redis_bytes(redis_url) - redis0) / 1024 / max(len(clients), 1)
    samples: list[float] = []
    failures = 0
    workers = [p for p in tree_pids(server_pid) if p != server_pid]
    pg0 = pg_pids() if pg_pids else []
    cpu0 = cpu_seconds(tree_pids(server_pid))
    per0 = {p: cpu_seconds([p]) for p in workers}
    pgc0 = cpu_seconds(pg0)
    end = time.monotonic() + seconds

    async def actor(i: int, c: SimClient) -> None:
        nonlocal failures
        turn = 0
        while time.monotonic() < end:
            t = await _write(kind, c, i + turn)
            turn += 1
            if t is None:
                failures += 1
                await asyncio.sleep(0.2)
            else:
                samples.append(t)

    t0 = time.monotonic()
    try:
        await asyncio.gather(*(actor(i, c) for i, c in enumerate(clients)))
        wall = time.monotonic() - t0
        cpu = cpu_seconds(tree_pids(server_pid)) - cpu0
        pg1 = pg_pids() if pg_pids else []
        pg_cpu = cpu_seconds(pg1) - pgc0 if set(pg1) == set(pg0) else None
    finally:
        await asyncio.gather(*(c.close() for c in clients))
    writes = len(samples)
    out.update({
        "writes": writes, "failed": failures, "seconds": wall,
        "writes_per_s": writes / wall, "p50_ms": pct(_ms(samples), 50),
        "p95_ms": pct(_ms(samples), 95),
        "server_cpu_ms_per_write": cpu * 1000 / max(writes, 1),
        "server_cores": cpu / wall,
        "worker_cores": [round((cpu_seconds([p]) - per0[p]) / wall, 2) for p in workers],
        "pg_cpu_ms_per_write": None if pg_cpu is None else pg_cpu * 1000 / max(writes, 1),
        "load": load_average(),
    })
    print(f"    {kind}: {out['writes_per_s']:.1f} writes/s, p95 {out['p95_ms']:.0f} ms, "
          f"server CPU {out['server_cpu_ms_per_write']:.1f} ms/write "
          f"({out['server_cores']:.2f} cores; workers {out['worker_cores']}), "
          f"load {out['load']}", flush=True)
    return out


def redis_bytes(redis_url: str) -> int:
    """Bytes the keys of this Redis database take (MEMORY USAGE of each)."""
    import redis

    r = redis.Redis.from_url(redis_url)
    try:
        return sum(r.memory_usage(k) or 0 for k in r.scan_iter(count=500))
    finally:
        r.close()


def pg_backends(db_name: str):  # noqa: ANN201
    """A function that lists the PIDs of PostgreSQL's backends serving `db_name`."""
    import sqlalchemy as sa

    from tests.utils.server import _pg_admin

    def pids() -> list[int]:
        with _pg_admin().connect() as conn:
            return sorted(r[0] for r in conn.execute(
                sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :d"), {"d": db_name}))
    return pids


def _median(xs: list[float]) -> Optional[float]:
    xs = sorted(x for x in xs if x is not None)
    return xs[len(xs) // 2] if xs else None


def summary(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    vals = [r[key] for r in runs if r.get(key) is not None]
    return {"median": _median(vals), "min": min(vals) if vals else None,
            "max": max(vals) if vals else None, "each": vals}


def run_part(out: dict[str, Any], reps: int, steps: tuple[int, ...],
             clients: int, seconds: float) -> None:
    """Start the servers, run both measurements `reps` times; figures into out['headroom']."""
    from bench import datagen
    from bench.run import keep_log_and_stop
    from bench.servers import start_backend_only, start_counter
    from tests.utils.server import (
        REDIS_SERVER, claim_redis_db, create_pg_database, drop_pg_database, prepare_database,
        release_redis_db, start_app,
    )

    h: dict[str, Any] = {"reps": reps, "steps": list(steps), "rounds": ROUNDS,
                         "think": list(THINK), "limit_ms": LIMIT_MS,
                         "throughput_clients": clients, "throughput_seconds": seconds,
                         "load_start": load_average(), "capacity": {"minplan": [], "counter": []},
                         "spinner_cores": [],
                         "throughput": {"1 worker": [], "2 workers": [], "counter": []}}
    out["headroom"] = h
    servers = []
    redis_dbs: list[int] = []
    pg_names: list[str] = []
    try:
        print("  starting Min plan (embedded), the counter, and the PostgreSQL + Redis "
              "backends ...", flush=True)
        app = start_app()
        servers.append((app, "headroom-minplan"))
        counter = start_counter()
        servers.append((counter, "headroom-counter"))
        n_people = max(max(steps), clients) + 1
        gen = datagen.generate(app.db_url, persons=n_people, tiltak=n_people * 8,
                               messages=n_people * 2, caseload=200, sessions=True,
                               prefix="head")
        people = [dict(p, cookie=f"minplan_session={p['token']}") for p in gen.persons]
        # each backend its own database: two deployments (each with its own Redis) writing
        # one database would serve each other's changes late (a page's cached parts follow
        # its own deployment's plan signal), and a write based on such a page is refused
        backends = {}
        for workers in (1, 2):
            pg_name, pg_url = create_pg_database()
            pg_names.append(pg_name)
            prepare_database(pg_url)
            pg_gen = datagen.generate(pg_url, persons=clients, tiltak=clients * 8,
                                      messages=clients * 2, caseload=200, sessions=True,
                                      prefix="head")
            pg_people = [dict(p, cookie=f"minplan_session={p['token']}") for p in pg_gen.persons]
            n = claim_redis_db()
            redis_dbs.append(n)
            url = f"{REDIS_SERVER}/{n}"
            srv = start_backend_only(pg_url, REFLEX_REDIS_URL=url, GRANIAN_WORKERS=str(workers))
            servers.append((srv, f"headroom-pg-{workers}w"))
            backends[workers] = (srv, url, pg_people, pg_backends(pg_name))
        for rep in range(reps):
            print(f"  headroom {rep + 1}/{reps}: capacity with one core busy "
                  f"(load {load_average()}) ...", flush=True)
            with spinner() as spin:
                for kind, srv, who in (("minplan", app, people), ("counter", counter, people)):
                    cap = asyncio.run(asyncio.wait_for(
                        capacity(kind, srv.url, who, steps, seed=rep + 1,
                                 server_pid=srv.proc.pid), 1200))
                    # the CPU per write from many writes (the ramp may stop after a few):
                    # back-to-back writes on the same server, the spinner still running
                    cpu = asyncio.run(asyncio.wait_for(throughput(
                        kind, srv.url, srv.proc.pid, who[:clients], seconds / 2), 600))
                    cap["cpu_ms_per_write"] = cpu["server_cpu_ms_per_write"]
                    cap["cpu_ceiling_clients"] = (1000 / max(cap["cpu_ms_per_write"], 1e-3)
                                                  * sum(THINK) / 2)
                    cap["cpu_run"] = cpu
                    h["capacity"][kind].append(cap)
            h["spinner_cores"].append(round(spin["cores"], 2))
            print(f"  headroom {rep + 1}/{reps}: writes per second, PostgreSQL + Redis "
                  f"(load {load_average()}) ...", flush=True)
            for label, (srv, rurl, pg_people, pg_pids) in (("1 worker", backends[1]),
                                                          ("2 workers", backends[2])):
                h["throughput"][label].append(asyncio.run(asyncio.wait_for(throughput(
                    "minplan", srv.url, srv.proc.pid, pg_people, seconds, rurl, pg_pids),
                    600)))
            h["throughput"]["counter"].append(asyncio.run(asyncio.wait_for(throughput(
                "counter", counter.url, counter.proc.pid, people[:clients], seconds), 600)))
    finally:
        h["load_end"] = load_average()
        for srv, name in servers:
            keep_log_and_stop(srv, name)
        for n in redis_dbs:
            release_redis_db(n)
        for pg_name in pg_names:
            drop_pg_database(pg_name)


def capacity_text(c: dict[str, Any]) -> str:
    cap = c.get("capacity") or {}
    if cap.get("clients") is not None:
        return f"{cap['clients']:.0f}"
    if cap.get("above") is not None:
        return f"> {cap['above']}"
    return f"< {cap.get('below')}"


def ceiling(c: dict[str, Any]) -> str:
    if not c.get("cpu_ms_per_write"):
        return "-"
    return f"{c['cpu_ms_per_write']:.1f} ms / {c['cpu_ceiling_clients']:.0f} clients"


def report(h: dict[str, Any]) -> list[str]:
    """The docs/benchmarks.md section."""
    md = ["", "## Headroom and scale-out (issue 23)", "",
          f"`python -m bench.run --only headroom` (bench/headroom.py); {h['reps']} repetitions, "
          f"load average {h.get('load_start')} at the start and {h.get('load_end')} at the end.",
          "", "### Capacity with one core busy", "",
          f"Another process spins on the CPU throughout (it had "
          f"{', '.join(f'{x:.2f}' for x in h.get('spinner_cores', []))} of a core in the "
          f"repetitions). Clients are added in steps ({', '.join(map(str, h['steps']))}); at "
          f"each step every client makes {h['rounds']} writes (Min plan: a status change on "
          f"their own plan; counter: an increment), thinking {h['think'][0]:g}-"
          f"{h['think'][1]:g} s before each. **Capacity = clients at which the write's p95 "
          f"crosses {h['limit_ms']:.0f} ms** (linear between the steps around it). Min plan: "
          "the embedded server (one worker, SQLite).", "",
          "The CPU ceiling is a figure the rest of the machine moves much less: the server's CPU "
          "per write (utime+stime of its process tree, over "
          f"{h['throughput_seconds'] / 2:g} s of back-to-back writes by "
          f"{h['throughput_clients']} clients right after the ramp, the spinner still "
          "running), and the clients one whole "
          "free core could serve at that cost and this workload's pace (a write per "
          f"{sum(h['think']) / 2:g} s); p95 crosses 100 ms well before it.", "",
          *([f"**The spinner did not get a whole core** (at most "
             f"{max(h['spinner_cores']):.2f}): the machine was busier than that with other "
             "work, so the capacities below measure that contention as much as the apps; "
             "compare Min plan with the counter of the same repetition, and the CPU ceilings.", ""]
            if h.get("spinner_cores") and max(h["spinner_cores"]) < 0.8 else []),
          "| run | Min plan capacity | counter capacity | Min plan CPU per write / ceiling | "
          "counter CPU per write / ceiling | Min plan p95 per step (ms) | counter p95 per step "
          "(ms) |", "|---|---:|---:|---:|---:|---|---|"]
    for i, (m, c) in enumerate(zip(h["capacity"]["minplan"], h["capacity"]["counter"])):
        steps = lambda x: ", ".join(f"{s['clients']}: {s['p95_ms']:.0f}"  # noqa: E731
                                    + (f" ({s['failed']} failed)" if s["failed"] else "")
                                    for s in x["steps"])
        md.append(f"| {i + 1} | **{capacity_text(m)}** | {capacity_text(c)} | {ceiling(m)} | "
                  f"{ceiling(c)} | {steps(m)} | {steps(c)} |")
    t = h["throughput"]
    md += ["", "### Writes per second: PostgreSQL + Redis, 1 worker vs 2 workers", "",
           f"{h['throughput_clients']} persons, each on their own plan, change statuses back to "
           f"back (the next as soon as the last is answered) for {h['throughput_seconds']:.0f} s; "
           "the same backend (`--backend-only`, state in Redis, one PostgreSQL database) with "
           "GRANIAN_WORKERS=1 and =2, and the counter (one worker, memory) as yardstick, "
           "interleaved in each repetition. CPU: utime+stime of the server's process tree "
           "per answered write (PostgreSQL's backends apart). Memory per tab: server RSS "
           "after opening the tabs, and the bytes of the tabs' state in Redis (MEMORY USAGE "
           "of the keys of the server's Redis database).", "",
           "| setup | writes/s (median, min-max) | p50 / p95 ms (median) | server CPU ms per write "
           "| PostgreSQL CPU ms per write | cores used (workers) | server CPU ms per page open "
           "| RSS per tab MB | Redis per tab KB |", "|---|---|---|---:|---:|---|---:|---:|---:|"]
    for label in ("1 worker", "2 workers", "counter"):
        runs = t.get(label) or []
        if not runs:
            continue
        w = summary(runs, "writes_per_s")
        cpu = summary(runs, "server_cpu_ms_per_write")
        pg = summary(runs, "pg_cpu_ms_per_write")
        redis_kb = summary(runs, "redis_per_tab_kb")
        rss = summary(runs, "rss_per_tab_mb")
        md.append(
            f"| {'Min plan, ' + label if label != 'counter' else 'counter, 1 worker'} | "
            f"**{w['median']:.1f}** ({w['min']:.1f}-{w['max']:.1f}) | "
            f"{_median([r['p50_ms'] for r in runs]):.0f} / "
            f"{_median([r['p95_ms'] for r in runs]):.0f} | {cpu['median']:.1f} "
            f"({cpu['min']:.1f}-{cpu['max']:.1f}) | "
            + (f"{pg['median']:.1f}" if pg["median"] is not None else "-") + " | "
            + "; ".join(f"{r['server_cores']:.2f} ({', '.join(map(str, r['worker_cores']))})"
                        for r in runs) + " | "
            f"{summary(runs, 'server_cpu_ms_per_open')['median']:.1f} | {rss['median']:.2f} | "
            + (f"{redis_kb['median']:.0f}" if redis_kb["median"] is not None else "-") + " |")
    one, two = t.get("1 worker") or [], t.get("2 workers") or []
    if one and two:
        ratios = [b["writes_per_s"] / a["writes_per_s"] for a, b in zip(one, two)
                  if a["writes_per_s"]]
        md += ["", f"2 workers / 1 worker, writes per second, per repetition: "
               + ", ".join(f"{x:.2f}×" for x in ratios) + "; loads at the end of each: "
               + "; ".join(f"{a['load']} / {b['load']}" for a, b in zip(one, two)) + "."]
    return md
