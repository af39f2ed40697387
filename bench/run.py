"""`make bench`: the whole benchmark in one run; prints one table, writes docs/benchmarks.md.

    python -m bench.run                 # quick: data scale 1/100, ~6-8 min on 2 cores
    python -m bench.run --scale 1       # the issue's full data size (adds several minutes)
    python -m bench.run --only data --scale 1
    python -m bench.run --only soak --soak-seconds 20   # issue 8's soak alone, shortened
    python -m bench.run --only lighthouse               # issue 20's Lighthouse mobile alone
    python -m bench.run --only caseload500              # issue 21's caseload of 500 alone
    python -m bench.run --only headroom --headroom-reps 1   # issue 23: one core busy; 1 vs 2 workers

Parts: Min plan vs a bare counter app (event round trips at 1/50/200 clients), live
propagation (one worker; Redis + 2 workers), backend memory per client, first load in
Chromium, data scale in SQLite and PostgreSQL, and a soak (issue 8: 200 simulated people
for 5 minutes, errors and backend memory; bench/soak.py), Lighthouse mobile on a
logged-in Min plan (issue 20; bench/lighthouse.py), and headroom (issue 23; bench/headroom.py:
capacity with one core busy, writes per second with PostgreSQL + Redis and 1 vs 2 workers). All load goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import caseload500, datagen, datascale, headroom, interactive, report, soak
from bench.servers import load_average, start_backend_only, start_counter
from tests.utils.server import ROOT, cleanup, start_app

LEVELS = {  # clients: (rounds, think seconds, spread of the opens in seconds)
    1: (15, (0.05, 0.15), 0.0),
    50: (4, (1.0, 4.0), 2.0),
    200: (3, (1.0, 4.0), 4.0),
}
REDIS_URL = "redis://127.0.0.1:6379/13"


LOGS = Path("/tmp/bench-logs")


def keep_log_and_stop(srv, name: str) -> None:  # noqa: ANN001
    """Stop a server, keeping its log (and whether it had died) for the report."""
    LOGS.mkdir(exist_ok=True)
    alive = srv.proc.poll() is None
    try:
        shutil.copyfile(srv.log_path, LOGS / f"{name}.log")
    except OSError:
        pass
    if not alive:
        print(f"  !! {name} server had exited (code {srv.proc.returncode}); log in {LOGS}",
              flush=True)
    cleanup(srv)


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {"cores": os.cpu_count(), "cpu": cpu, "mem_gb": round(int(mem) / 1024 / 1024, 1),
            "python": platform.python_version(), "load_start": load_average()}


def soak_part(app, people: list[dict[str, Any]], out: dict[str, Any], clients: int,  # noqa: ANN001
              seconds: float) -> None:
    """Issue 8: `clients` people for `seconds` on the embedded server; errors and memory."""
    print(f"  soak: {clients} clients for {seconds:.0f} s (load {load_average()}) ...",
          flush=True)
    out["soak"] = soak.run_blocking(app.url, app.proc.pid, people, clients, seconds)
    out["soak"]["load_end"] = load_average()
    print("  " + soak.summary(out["soak"]), flush=True)


def interactive_part(levels: list[int], out: dict[str, Any], scaleout: bool,
                     chromium: bool, soak_clients: int = 0, soak_seconds: float = 0,
                     only_soak: bool = False) -> None:
    n_people = max(levels + [soak_clients])
    t0 = time.monotonic()
    app = start_app()
    counter = None
    try:
        if not only_soak:
            counter = start_counter()
        if not only_soak:
            out["build_s"] = time.monotonic() - t0
        gen = datagen.generate(app.db_url, persons=n_people + 1, tiltak=(n_people + 1) * 8,
                               messages=(n_people + 1) * 10, caseload=200, sessions=True,
                               prefix="load")
        for who in gen.persons + gen.staff:
            who["cookie"] = f"minplan_session={who['token']}"
        people = gen.persons[1:]  # person 0 is kept for the propagation test
        if only_soak:
            soak_part(app, people, out, soak_clients, soak_seconds)
            return
        out["levels"] = []
        for n in levels:
            rounds, think, spread = LEVELS.get(n, LEVELS[50])
            for kind, srv in (("counter", counter), ("minplan", app)):
                print(f"  {kind}: {n} clients ... (server alive: {srv.proc.poll() is None}, "
                      f"load {load_average()})", flush=True)
                lv = asyncio.run(asyncio.wait_for(interactive.run_level(
                    kind, srv.url, srv.proc.pid, people, n, rounds, think, spread), 300))
                out["levels"].append(asdict(lv))
        print("  live propagation (one worker) ...", flush=True)
        out["propagation"] = {"one worker": asyncio.run(asyncio.wait_for(
            interactive.propagation(app.url, gen.persons[0], gen.staff[0]["cookie"], 30), 120))}
        if chromium:
            print("  first load in Chromium ...", flush=True)
            from bench.firstload import first_load
            try:
                out["first_load"] = first_load(app.url)
            except Exception as exc:  # noqa: BLE001  (report it, keep the other figures)
                out["first_load"] = {"error": repr(exc)}
        if soak_seconds > 0 and soak_clients > 0:
            soak_part(app, people, out, soak_clients, soak_seconds)
        if scaleout:
            print("  live propagation (Redis + 2 workers) ...", flush=True)
            import redis
            redis.Redis.from_url(REDIS_URL).flushdb()
            so = start_backend_only(app.db_url, REFLEX_REDIS_URL=REDIS_URL, GRANIAN_WORKERS="2")
            try:
                out["propagation"]["Redis + 2 workers"] = asyncio.run(asyncio.wait_for(
                    interactive.propagation(so.url, gen.persons[0], gen.staff[0]["cookie"], 30,
                                            extra_tabs=3), 180))
            finally:
                keep_log_and_stop(so, "scaleout")
                redis.Redis.from_url(REDIS_URL).flushdb()
    finally:
        if counter is not None:
            keep_log_and_stop(counter, "counter")
        keep_log_and_stop(app, "minplan")


def main() -> None:
    ap = argparse.ArgumentParser(description="Min plan benchmarks (issue 7)")
    ap.add_argument("--scale", type=float, default=0.01,
                    help="data size as a fraction of 100k persons / 1M tiltak / 2M messages")
    ap.add_argument("--levels", default="1,50,200")
    ap.add_argument("--only", choices=["interactive", "data", "soak", "lighthouse",
                                       "caseload500", "headroom"],
                    default=None)
    ap.add_argument("--soak-seconds", type=float, default=300,
                    help="soak (issue 8): how long the simulated people use the app; 0 = no soak")
    ap.add_argument("--soak-clients", type=int, default=200)
    ap.add_argument("--headroom-reps", type=int, default=3,
                    help="headroom (issue 23): repetitions of each measurement; 0 = skip it")
    ap.add_argument("--headroom-steps", default=",".join(map(str, headroom.CAPACITY_STEPS)),
                    help="headroom: the client counts of the capacity ramp")
    ap.add_argument("--headroom-clients", type=int, default=headroom.THROUGHPUT_CLIENTS,
                    help="headroom: clients writing back to back in the writes-per-second run")
    ap.add_argument("--headroom-seconds", type=float, default=headroom.THROUGHPUT_SECONDS,
                    help="headroom: seconds of each writes-per-second run")
    ap.add_argument("--no-chromium", action="store_true")
    ap.add_argument("--no-scaleout", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    a = ap.parse_args()
    started = time.monotonic()
    results: dict[str, Any] = {"machine": machine(), "scale": a.scale,
                               "date": time.strftime("%Y-%m-%d %H:%M")}
    json_path = Path(a.out).with_suffix(".json")
    previous: dict[str, Any] = {}
    if a.only and json_path.exists():  # keep the other part's last figures
        previous = json.loads(json_path.read_text())
        for key in ("levels", "propagation", "first_load", "data", "build_s", "soak",
                    "lighthouse", "caseload500", "headroom"):
            if key in previous and key not in results:
                results[key] = previous[key]
    if a.only in (None, "interactive", "soak"):
        only_soak = a.only == "soak"
        print("soak (Min plan, production build) ..." if only_soak else
              "interactive part (Min plan and the counter app, production builds) ...",
              flush=True)
        try:
            interactive_part([int(x) for x in a.levels.split(",")], results,
                             scaleout=not a.no_scaleout and not only_soak,
                             chromium=not a.no_chromium and not only_soak,
                             soak_clients=a.soak_clients if a.only != "interactive" else 0,
                             soak_seconds=a.soak_seconds if a.only != "interactive" else 0,
                             only_soak=only_soak)
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            results["interactive_error"] = traceback.format_exc()[-2000:]
    if a.only in (None, "data"):
        print(f"data scale {a.scale:g} (SQLite, PostgreSQL) ...", flush=True)
        try:
            results["data"] = datascale.run(a.scale)
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            results["data_error"] = traceback.format_exc()[-2000:]
    if a.only in (None, "data", "caseload500"):
        print("caseload of 500 (issue 21) ...", flush=True)
        try:
            r = caseload500.measure(500, 20)
            results["caseload500"] = r
            print(f"  {r['statements']} statements; total p50 {r['total']['p50_ms']:.1f} / p95 "
                  f"{r['total']['p95_ms']:.1f} ms, DB p50 {r['db']['p50_ms']:.1f} ms", flush=True)
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            results["data_error"] = traceback.format_exc()[-2000:]
    if a.only in (None, "lighthouse") and not a.no_chromium:
        print("Lighthouse mobile on a logged-in Min plan (issue 20) ...", flush=True)
        from bench import lighthouse
        try:
            results.pop("lighthouse", None)
            lighthouse.part(results)
        except Exception:  # noqa: BLE001  (report it, keep the other figures)
            traceback.print_exc()
            results["lighthouse"] = {"error": traceback.format_exc()[-2000:]}
    if a.only in (None, "headroom") and a.headroom_reps > 0:
        print("headroom (issue 23): capacity with one core busy; writes per second with "
              "PostgreSQL + Redis, 1 vs 2 workers ...", flush=True)
        results.pop("headroom", None)
        try:
            headroom.run_part(results, a.headroom_reps,
                              tuple(int(x) for x in a.headroom_steps.split(",")),
                              a.headroom_clients, a.headroom_seconds)
        except Exception:  # noqa: BLE001  (report it, keep the other figures)
            traceback.print_exc()
            results["headroom_error"] = traceback.format_exc()[-2000:]
    kept = [k for k in ("levels", "propagation", "first_load", "data", "build_s", "soak",
                        "lighthouse", "caseload500", "headroom")
            if k in previous and results.get(k) is previous[k]]  # not measured again
    if kept:
        # a figure the previous run had itself kept keeps the date it was measured on
        older = dict(part.split(": ", 1) for part in
                     str(previous.get("kept_from", "")).split("; ") if ": " in part)
        old_keys = {k: d for d, keys in older.items() for k in keys.split()}
        dates: dict[str, list[str]] = {}
        for k in kept:
            dates.setdefault(old_keys.get(k, str(previous.get("date"))), []).append(k)
        results["kept_from"] = "; ".join(f"{d}: {' '.join(ks)}" for d, ks in dates.items()) + " "
    results["machine"]["load_end"] = load_average()
    results["seconds"] = time.monotonic() - started
    json_path.write_text(json.dumps(results, indent=1, default=str))
    print(report.table(results))
    report.write(results, Path(a.out))
    print(f"\nwrote {a.out} and {Path(a.out).with_suffix('.png').name} "
          f"in {results['seconds']:.0f} s")
    if any(k in results for k in ("interactive_error", "data_error", "headroom_error")):
        sys.exit(1)
    if a.only in (None, "soak") and results.get("soak", {}).get("total_errors"):
        sys.exit(1)  # the soak must run without a single error


if __name__ == "__main__":
    main()
