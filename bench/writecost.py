"""Server CPU per write and per UI-only event, with several tabs of one plan open (issue 23).

    python -m bench.writecost [--tabs 5] [--writes 40] [--profile out.svg]

Starts the app as the tests do (embedded: SQLite, one worker), opens `--tabs` tabs of
Amina's plan (her own, and her veileder's), and from the first tab
- moves a tiltak between statuses `--writes` times, each time waiting until every other
  tab shows the card's new version;
- opens and closes a card `--writes` times (a UI-only event: nothing shared changes).
For each it reports the server's CPU time (user + system over its process tree, /proc)
divided by the events: a figure that the load of other processes moves much less than a
round trip. `--profile` runs py-spy on the server during the writes (a flame graph).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import time
from pathlib import Path

from bench.load import PAGE_READY, PLAN_STATE, SimClient, card_version_is, has
from bench.servers import load_average, start_profile, stop_profile, tree_pids
from tests.utils.db import plan_id_of
from tests.utils.http import login_cookie
from tests.utils.server import cleanup, start_app

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> float:
    total = 0
    for pid in tree_pids(root):
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / TICK


def _moves(c: dict) -> list[str]:
    return [o["value"] for o in c.get("options", []) if o["value"] in
            ("forslag", "planlagt", "gjennomfores") and o["value"] not in
            c.get("needs_reason_for", [])]


async def measure(url: str, pid: int, plan: int, tabs: int, writes: int,
                  profile: str = "") -> dict:
    amina, staff = login_cookie(url, "amina"), login_cookie(url, "veileder")
    clients = [SimClient(url, cookie=amina)]
    for i in range(1, tabs):
        if i % 2:
            clients.append(SimClient(url, cookie=staff, path=f"/plan/{plan}",
                                     query={"plan_id": str(plan)}))
        else:
            clients.append(SimClient(url, cookie=amina))
    for c in clients:
        await c.open(PAGE_READY)
    await asyncio.sleep(1.0)
    writer, others = clients[0], clients[1:]
    out: dict = {"tabs": tabs, "writes": writes, "load_start": load_average()}

    spy = await start_profile(pid, profile, rate=200, native=True)

    rtts = []
    for c in clients:
        c.count_bytes = True
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    for _ in range(writes):
        card = next(c for c in writer.cards() if c.get("can_change") and _moves(c))
        new = _moves(card)[0]
        want = card_version_is(card["id"], card["version"] + 1)
        seen = [o.watch(want) for o in others]
        t = time.perf_counter()
        await writer.call(f"{PLAN_STATE}.change_status",
                          {"form_data": {"measure_id": str(card["id"]),
                                         "version": str(card["version"]), "status": new,
                                         "reason": ""}},
                          card_version_is(card["id"], card["version"] + 1))
        await asyncio.wait_for(asyncio.gather(*seen), 30)
        rtts.append((time.perf_counter() - t) * 1000)
    await asyncio.sleep(0.5)  # late deltas (a tab's second look) are part of the cost
    out["write_cpu_ms"] = (cpu_seconds(pid) - c0) / writes * 1000
    out["write_wall_ms"] = (time.perf_counter() - t0) / writes * 1000
    out["write_all_tabs_p50_ms"] = sorted(rtts)[len(rtts) // 2]
    stop_profile(spy)
    for c in clients:
        c.count_bytes = False
    # what a write sends: to the writer, and to each other tab (their mean), per var
    out["write_bytes_writer"] = {k: v // writes for k, v in writer.var_bytes.most_common(8)}
    if others:
        per = sum((o.var_bytes for o in others), collections.Counter())
        out["write_bytes_other_tab"] = {k: v // writes // len(others)
                                        for k, v in per.most_common(8)}

    card = writer.cards()[0]["id"]
    c0 = cpu_seconds(pid)
    others_before = sum(o.messages for o in others)
    for i in range(writes):
        await writer.call(f"{PLAN_STATE}.set_card_open", {"measure_id": card, "is_open": i % 2 == 0},
                          has(PLAN_STATE, "open_cards_rx_state_"))
    await asyncio.sleep(0.5)
    out["ui_cpu_ms"] = (cpu_seconds(pid) - c0) / writes * 1000
    out["ui_messages_to_other_tabs"] = sum(o.messages for o in others) - others_before
    out["load_end"] = load_average()
    await asyncio.gather(*(c.close() for c in clients))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tabs", type=int, default=5)
    ap.add_argument("--writes", type=int, default=40)
    ap.add_argument("--profile", default="")
    a = ap.parse_args()
    app = start_app()
    try:
        plan = plan_id_of(app.db_url, "amina")
        res = asyncio.run(measure(app.url, app.proc.pid, plan, a.tabs, a.writes, a.profile))
        log = app.log_path.read_text()
        res["sent_to_disconnected"] = log.count("disconnected client")
    finally:
        cleanup(app)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
