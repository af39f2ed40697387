"""Soak (issue 8): many simulated people using the app for minutes; errors and memory.

Each client is one person's tab on their own plan (a SimClient, loopback only). After
all have opened (spread over `spread` seconds) each one, until the time is up, thinks a
few seconds and then does what a person does on the plan page, weighted: change the
status of one of their own tiltak (most often), open or close a card, switch between
grouping by status and by goal, reload the page (a new on_load), or add an activity (at
most MAX_ADDS per client, so the plans stay realistic in size). Every reply is waited
for with a timeout.

An error is: an event without the expected reply in time, a refused or failed action
(the page's error message set), a dropped socket, or an open that failed. The figure
must be zero. The backend's resident memory (the whole server process tree) is sampled
every `sample_every` seconds; start = when all clients are open, middle, end. Bounded:
at most MAX_CLIENTS clients and MAX_SECONDS seconds, whatever is asked.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.interactive import ADD, ADD_REPLY, STATUS, next_status_payload, status_reply
from bench.load import PAGE_READY, PLAN_STATE, SimClient, has, pct
from bench.servers import tree_rss_mb

MAX_CLIENTS = 500
MAX_SECONDS = 900
MAX_ADDS = 3
TIMEOUT = 30.0
LOAD_HOME = f"{PLAN_STATE}.load_home"
CARD_OPEN = f"{PLAN_STATE}.set_card_open"
GROUP_BY = f"{PLAN_STATE}.set_group_by"
ACTIONS = (("status", 50), ("card", 20), ("group", 10), ("reload", 15), ("add", 5))


@dataclass
class Soak:
    clients: int
    seconds: float
    actions: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB)
    opened: int = 0
    load: str = ""

    @property
    def total_errors(self) -> int:
        return sum(self.errors.values())

    def rss_points(self) -> dict[str, float]:
        """RSS at start (all open), middle and end of the soak, and the highest."""
        if not self.rss_mb:
            return {}
        mid = min(self.rss_mb, key=lambda p: abs(p[0] - self.seconds / 2))
        return {"start": self.rss_mb[0][1], "middle": mid[1], "end": self.rss_mb[-1][1],
                "max": max(v for _, v in self.rss_mb)}

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["total_errors"] = self.total_errors
        d["rss"] = self.rss_points()
        return d


def _pick(rnd: random.Random) -> str:
    total = sum(w for _, w in ACTIONS)
    x = rnd.uniform(0, total)
    for name, w in ACTIONS:
        x -= w
        if x <= 0:
            return name
    return ACTIONS[0][0]


async def run(url: str, server_pid: int, people: list[dict[str, Any]], clients: int = 200,
              seconds: float = 300, think: tuple[float, float] = (2.0, 6.0),
              spread: float = 20.0, sample_every: float = 10.0, seed: int = 8,
              progress: bool = True) -> Soak:
    clients = max(1, min(clients, MAX_CLIENTS, len(people)))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    rnd = random.Random(seed)
    soak = Soak(clients=clients, seconds=seconds)
    samples: dict[str, list[float]] = {}
    loop = asyncio.get_running_loop()

    def error(what: str) -> None:
        soak.errors[what] = soak.errors.get(what, 0) + 1

    async def timed(what: str, coro) -> bool:  # noqa: ANN001
        soak.actions[what] = soak.actions.get(what, 0) + 1
        try:
            samples.setdefault(what, []).append(await coro)
            return True
        except Exception:  # noqa: BLE001 - a timeout or a dropped socket is an error
            error(f"{what}: no reply")
            return False

    tabs = [SimClient(url, cookie=people[i]["cookie"]) for i in range(clients)]

    async def opener(i: int, c: SimClient) -> None:
        await asyncio.sleep(spread * i / clients)
        if await timed("open", c.open(PAGE_READY, TIMEOUT)):
            soak.opened += 1

    await asyncio.gather(*(opener(i, c) for i, c in enumerate(tabs)))
    start = loop.time()
    end = start + seconds
    soak.rss_mb.append((0.0, tree_rss_mb(server_pid)))

    async def sampler() -> None:
        while loop.time() < end:
            await asyncio.sleep(min(sample_every, max(0.0, end - loop.time())))
            soak.rss_mb.append((round(loop.time() - start, 1), tree_rss_mb(server_pid)))
            if progress:
                print(f"    soak {loop.time() - start:4.0f} s: {sum(soak.actions.values())} "
                      f"actions, {soak.total_errors} errors, RSS {soak.rss_mb[-1][1]:.0f} MB",
                      flush=True)

    async def person(i: int, c: SimClient) -> None:
        r = random.Random(rnd.random())
        adds = turn = 0
        group = "status"
        while True:
            await asyncio.sleep(r.uniform(*think))
            if loop.time() >= end:
                return
            if not c._sio.connected:
                error("socket dropped")
                return
            action = _pick(r)
            turn += 1
            if action == "add" and adds >= MAX_ADDS:
                action = "status"
            c.state.get(PLAN_STATE, {}).pop("error_rx_state_", None)
            if action == "status":
                payload = next_status_payload(c, turn)
                if payload is None:
                    continue
                ok = await timed("status", c.call(STATUS, payload, status_reply(payload), TIMEOUT))
                if ok and c.plan.get("error_rx_state_"):
                    error("status: refused")
            elif action == "add":
                adds += 1
                form = {"title": f"Soak-aktivitet {i}-{adds}", "description": "Fra soak-testen",
                        "start_date": "", "end_date": ""}
                ok = await timed("add", c.call(ADD, {"form_data": form}, ADD_REPLY, TIMEOUT))
                if ok and (c.plan.get("error_rx_state_") or c.plan.get("add_errors_rx_state_")):
                    error("add: refused")
            elif action == "card":
                cards = c.cards()
                if not cards:
                    continue
                mid = cards[turn % len(cards)]["id"]
                is_open = mid not in (c.plan.get("open_cards_rx_state_") or [])
                await timed("card", c.call(CARD_OPEN, {"measure_id": mid, "is_open": is_open},
                                           has(PLAN_STATE, "open_cards_rx_state_"), TIMEOUT))
            elif action == "group":
                group = "goal" if group == "status" else "status"
                await timed("group", c.call(GROUP_BY, {"value": group},
                                            has(PLAN_STATE, "group_by_rx_state_"), TIMEOUT))
            else:  # reload: the page's on_load again (its answer may be an empty delta)
                await timed("reload", c.call(LOAD_HOME, {}, lambda d: True, TIMEOUT))
                if c.page().get("mode") not in ("person", "staff_plan"):
                    error("reload: plan not shown")

    await asyncio.gather(sampler(), *(person(i, c) for i, c in enumerate(tabs)))
    await asyncio.gather(*(c.close() for c in tabs))
    for what, vals in samples.items():
        ms = [v * 1000 for v in vals]
        soak.latency_ms[what] = {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95),
                                 "max": max(ms)}
    return soak


def summary(s: dict[str, Any]) -> str:
    rss = s.get("rss") or {}
    acts = sum(s.get("actions", {}).values())
    return (f"soak: {s['clients']} clients for {s['seconds']:.0f} s, {acts} actions "
            f"({', '.join(f'{k} {v}' for k, v in sorted(s.get('actions', {}).items()))}), "
            f"errors {s['total_errors']} {s.get('errors') or ''}; backend RSS start "
            f"{rss.get('start', 0):.0f} MB, middle {rss.get('middle', 0):.0f} MB, end "
            f"{rss.get('end', 0):.0f} MB (max {rss.get('max', 0):.0f} MB)")


def flat(s: dict[str, Any], tolerance: float = 0.15) -> bool:
    """Memory flat: the end within `tolerance` of the start (and not above 1.25× of it
    at any point)."""
    rss = s.get("rss") or {}
    if not rss:
        return False
    return rss["end"] <= rss["start"] * (1 + tolerance) and rss["max"] <= rss["start"] * 1.25


def run_blocking(url: str, server_pid: int, people: list[dict[str, Any]], clients: int,
                 seconds: float) -> dict[str, Any]:
    t0 = time.monotonic()
    s = asyncio.run(asyncio.wait_for(run(url, server_pid, people, clients, seconds),
                                     seconds + 300))
    d = s.as_dict()
    d["wall_s"] = time.monotonic() - t0
    return d
