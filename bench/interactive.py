"""Event round trips, live propagation and memory per client, with simulated clients.

Workload of one level (same shape for Min plan and for the bare counter):
- N clients open the page, spread over `spread` seconds (open = websocket connect with the
  hydrate event + on_load, until the page's data has arrived);
- each also opens a conversation with their veileder (`/dialog/<thread>`) in a second tab;
- then each client does `rounds` rounds of: think, change a tiltak status (counter:
  increment), think, send a message in that conversation (counter: increment). Think times
  are uniform in `think` seconds: far busier than a real person, to load the server.
"""

from __future__ import annotations

import asyncio
import random
import uuid
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from bench.load import (
    COUNT, COUNTER_READY, COUNTER_STATE, DIALOG_STATE, ERROR, NOT_SENT, NOTICE, PAGE_READY,
    PLAN_STATE, SENT, THREAD_READY, SimClient, card_version_is, either, has,
)
from bench.servers import tree_rss_mb

STATUS = f"{PLAN_STATE}.change_status"
ADD = f"{PLAN_STATE}.add_activity"
SEND = f"{DIALOG_STATE}.send"
INCREMENT = f"{COUNTER_STATE}.increment"
ADD_REPLY = either(NOTICE, ERROR, has(PLAN_STATE, "add_errors_rx_state_", bool))
SEND_REPLY = either(SENT, NOT_SENT)


def dialog_tab(url: str, person: dict[str, Any]) -> SimClient:
    """The person's conversation with their veileder, open in a tab of its own."""
    thread = str(person["thread_id"])
    return SimClient(url, cookie=person["cookie"], path=f"/dialog/{thread}",
                     query={"thread_id": thread})


def send_payload(person: dict[str, Any], text: str) -> dict[str, Any]:
    return {"form_data": {"body": text, "client_id": str(uuid.uuid4()),
                          "thread_id": str(person["thread_id"])}}


@dataclass
class Level:
    app: str  # "minplan" | "counter"
    clients: int
    samples: dict[str, list[float]] = field(default_factory=dict)  # seconds
    failures: dict[str, int] = field(default_factory=dict)
    why_failed: dict[str, int] = field(default_factory=dict)  # "status: TimeoutError": count
    rss_before_mb: float = 0.0
    rss_after_mb: float = 0.0
    seconds: float = 0.0

    def add(self, what: str, value: Optional[float], why: str = "") -> None:
        if value is None:
            self.failures[what] = self.failures.get(what, 0) + 1
            if why:
                key = f"{what}: {why}"
                self.why_failed[key] = self.why_failed.get(key, 0) + 1
        else:
            self.samples.setdefault(what, []).append(value)


def next_status_payload(c: SimClient, turn: int) -> Optional[dict[str, Any]]:
    """Toggle one of the person's own tiltak between planlagt and gjennomføres."""
    own = [x for x in c.cards() if x.get("can_change")
           and x.get("status") in ("forslag", "planlagt", "gjennomfores")
           and not x.get("agreed")]
    if not own:
        return None
    card = own[turn % len(own)]
    new = "gjennomfores" if card["status"] != "gjennomfores" else "planlagt"
    return {"form_data": {"measure_id": str(card["id"]), "version": str(card["version"]),
                          "status": new, "reason": ""}}


def status_reply(payload: dict[str, Any]):  # noqa: ANN201
    """The answer to a status change: the card at its next version, or a notice or error.
    (The notice alone is not enough: Reflex sends a var only when it differs from what the
    tab last got, and the same card moved to the same status twice says the same thing.)"""
    form = payload["form_data"]
    return either(card_version_is(int(form["measure_id"]), int(form["version"]) + 1),
                  NOTICE, ERROR)


async def _timed(level: Level, what: str, coro) -> None:  # noqa: ANN001
    try:
        level.add(what, await coro)
    except Exception as exc:  # noqa: BLE001  (a timeout or a dropped socket counts as a failure)
        level.add(what, None, type(exc).__name__)


async def run_level(app: str, url: str, server_pid: int, people: list[dict[str, Any]], n: int,
                    rounds: int, think: tuple[float, float], spread: float,
                    seed: int = 1) -> Level:
    loop = asyncio.get_running_loop()
    t_start = loop.time()
    rnd = random.Random(seed)
    level = Level(app=app, clients=n)
    if app == "minplan":
        clients = [SimClient(url, cookie=people[i]["cookie"]) for i in range(n)]
        ready = PAGE_READY
    else:
        clients = [SimClient(url) for _ in range(n)]
        ready = COUNTER_READY
    level.rss_before_mb = tree_rss_mb(server_pid)

    async def opener(i: int, c: SimClient) -> None:
        await asyncio.sleep(spread * i / max(n, 1))
        await _timed(level, "open", c.open(ready))

    await asyncio.gather(*(opener(i, c) for i, c in enumerate(clients)))
    await asyncio.sleep(1.0)
    level.rss_after_mb = tree_rss_mb(server_pid)
    dialogs: list[Optional[SimClient]] = [None] * n
    if app == "minplan":  # the conversation tabs: not part of "open" or of the memory figure
        dialogs = [dialog_tab(url, people[i]) for i in range(n)]

        async def open_dialog(i: int, d: SimClient) -> None:
            await asyncio.sleep(spread * i / max(n, 1))
            await _timed(level, "open_dialog", d.open(THREAD_READY))

        await asyncio.gather(*(open_dialog(i, d) for i, d in enumerate(dialogs)))
        await asyncio.sleep(1.0)

    async def actor(i: int, c: SimClient) -> None:
        if not c._sio.connected:
            return
        for r in range(rounds):
            await asyncio.sleep(rnd.uniform(*think))
            if app == "minplan":
                payload = next_status_payload(c, i + r)
                if payload is None:
                    level.add("status", None, "no tiltak of their own to move")
                else:
                    await _timed(level, "status", c.call(STATUS, payload, status_reply(payload)))
                    if c.plan.get("error_rx_state_"):
                        level.failures["status_refused"] = level.failures.get(
                            "status_refused", 0) + 1
            else:
                await _timed(level, "status", c.call(INCREMENT, {}, COUNT))
            await asyncio.sleep(rnd.uniform(*think))
            d = dialogs[i]
            if app == "minplan" and d is not None and d._sio.connected:
                await _timed(level, "send", d.call(
                    SEND, send_payload(people[i], f"Benk-melding {i}-{r}"), SEND_REPLY))
                if d.state.get(DIALOG_STATE, {}).get("error_rx_state_"):
                    level.failures["send_refused"] = level.failures.get("send_refused", 0) + 1
            elif app == "minplan":
                level.add("send", None, "conversation tab not connected")
            else:
                await _timed(level, "send", c.call(INCREMENT, {}, COUNT))

    await asyncio.gather(*(actor(i, c) for i, c in enumerate(clients)))
    await asyncio.gather(*(c.close() for c in clients + [d for d in dialogs if d is not None]))
    level.seconds = loop.time() - t_start
    return level


async def propagation(url: str, person: dict[str, Any], staff_cookie: str, repeats: int,
                      extra_tabs: int = 0) -> dict[str, list[float]]:
    """A (the person) changes a status; time until B (their veileder's open page of the
    same plan, plus `extra_tabs` more tabs of the person) has it. Seconds."""
    a = SimClient(url, cookie=person["cookie"])
    observers = [SimClient(url, cookie=staff_cookie, path=f"/plan/{person['plan_id']}",
                           query={"plan_id": str(person["plan_id"])})]
    observers += [SimClient(url, cookie=person["cookie"]) for _ in range(extra_tabs)]
    out: dict[str, list[float]] = {"writer_reply": [], "first_observer": [], "all_observers": []}
    try:
        await a.open(PAGE_READY)
        for o in observers:
            await o.open(PAGE_READY)
        for k in range(repeats):
            payload = next_status_payload(a, 0)
            if payload is None:
                break
            mid = int(payload["form_data"]["measure_id"])
            ver = int(payload["form_data"]["version"]) + 1
            futs = [o.watch(card_version_is(mid, ver)) for o in observers]
            p0 = time.perf_counter()
            out["writer_reply"].append(await a.call(STATUS, payload, status_reply(payload)))
            done = await asyncio.wait_for(asyncio.gather(*futs), 15)
            out["first_observer"].append(min(done) - p0)
            out["all_observers"].append(max(done) - p0)
            await asyncio.sleep(0.15)
    finally:
        await asyncio.gather(a.close(), *(o.close() for o in observers))
    return out
