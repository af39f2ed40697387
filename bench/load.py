"""Simulated browsers speaking Reflex 0.10.1's websocket protocol (python-socketio).

A `SimClient` is one tab: it connects with the hydrate event in the socket.io CONNECT
auth (as the browser does), keeps the state it was sent (deltas merged per substate),
and times an event from the `emit` to the first reply that satisfies a condition.
Only ever points at 127.0.0.1; every wait has a timeout.
"""

from __future__ import annotations

import asyncio
import collections
import json
import time
import uuid
from typing import Any, Callable, Optional

import socketio

from tests.utils.plan_vars import plan_groups

HYDRATE = "reflex___state____state.hydrate_and_load"
ROOT = "reflex___state____state"
PLAN_STATE = f"{ROOT}.ip_app___plan___state____plan_state"
COUNTER_STATE = f"{ROOT}.counter_app___counter_app____state"
DIALOG_STATE = f"{ROOT}.ip_app___dialog___state____dialog_state"

Cond = Callable[[dict[str, Any]], bool]


class SimClient:
    def __init__(self, base_url: str, cookie: str = "", path: str = "/",
                 query: Optional[dict[str, str]] = None):
        assert base_url.startswith("http://127.0.0.1:"), base_url  # load goes only here
        self.base_url = base_url
        self.cookie = cookie
        self.path = path
        self.query = query or {}
        self.token = str(uuid.uuid4())
        self.state: dict[str, dict[str, Any]] = {}
        self.messages = 0
        self.count_bytes = False  # whether to add up the JSON bytes received per var
        self.var_bytes: collections.Counter = collections.Counter()
        self._waiters: list[tuple[Cond, asyncio.Future]] = []
        self._sio = socketio.AsyncClient(reconnection=False)
        self._sio.on("event", self._on_event, namespace="/_event")

    def router_data(self) -> dict[str, Any]:
        return {"pathname": self.path, "asPath": self.path, "query": self.query}

    async def _on_event(self, data: Any) -> None:
        if not isinstance(data, dict):
            return
        self.messages += 1
        delta = data.get("delta") or {}
        for sub, values in delta.items():
            self.state.setdefault(sub, {}).update(values)
            for k, v in values.items() if self.count_bytes else ():
                self.var_bytes[k] += len(json.dumps(v, ensure_ascii=False).encode())
        for cond, fut in list(self._waiters):
            if not fut.done() and cond(delta):
                fut.set_result(time.perf_counter())

    def _wait_for(self, cond: Cond) -> asyncio.Future:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((cond, fut))
        fut.add_done_callback(lambda f: self._waiters.remove((cond, fut)))
        return fut

    async def open(self, ready: Cond, timeout: float = 30) -> float:
        """Connect + hydrate + on_load; seconds until the page is ready."""
        fut = self._wait_for(ready)
        t0 = time.perf_counter()
        headers = {"Cookie": self.cookie} if self.cookie else {}
        await self._sio.connect(
            f"{self.base_url}?token={self.token}", namespaces=["/_event"],
            socketio_path="_event", transports=["websocket"], headers=headers,
            auth={"event": {"name": HYDRATE, "payload": {}, "router_data": self.router_data()}},
            wait_timeout=timeout,
        )
        t1 = await asyncio.wait_for(fut, timeout)
        return t1 - t0

    async def call(self, handler: str, payload: dict[str, Any], reply: Cond,
                   timeout: float = 30) -> float:
        """Send one event; seconds until the reply that satisfies `reply`."""
        fut = self._wait_for(reply)
        t0 = time.perf_counter()
        await self._sio.emit("event", {"name": handler, "payload": payload,
                                       "router_data": self.router_data()}, namespace="/_event")
        t1 = await asyncio.wait_for(fut, timeout)
        return t1 - t0

    def watch(self, cond: Cond) -> asyncio.Future:
        """A future resolved (with perf_counter) by the next delta satisfying `cond`."""
        return self._wait_for(cond)

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self._sio.disconnect(), 10)
        except Exception:  # noqa: BLE001  (a dead socket is closed already)
            pass

    # -- Min plan helpers ------------------------------------------------------------

    @property
    def plan(self) -> dict[str, Any]:
        return self.state.get(PLAN_STATE, {})

    def page(self) -> dict[str, Any]:
        return self.plan.get("page_rx_state_") or {}

    def cards(self) -> list[dict[str, Any]]:
        """The tiltak cards this tab holds (a var per status, and `groups` by goal)."""
        return [c for g in plan_groups(self.plan) for c in g.get("cards", [])]


def has(sub: str, var: str, pred: Callable[[Any], bool] = lambda v: True) -> Cond:
    def cond(delta: dict[str, Any]) -> bool:
        vals = delta.get(sub)
        return bool(vals) and var in vals and pred(vals[var])
    return cond


PAGE_READY = has(PLAN_STATE, "page_rx_state_",
                 lambda p: isinstance(p, dict) and p.get("mode") in ("person", "staff_plan"))
COUNTER_READY = has(ROOT, "is_hydrated_rx_state_", bool)
NOTICE = has(PLAN_STATE, "notice_rx_state_", bool)
ERROR = has(PLAN_STATE, "error_rx_state_", bool)
COUNT = has(COUNTER_STATE, "count_rx_state_")
THREAD_READY = has(DIALOG_STATE, "view_rx_state_",
                   lambda v: isinstance(v, dict) and v.get("mode") == "thread")
SENT = has(DIALOG_STATE, "notice_rx_state_", bool)
NOT_SENT = has(DIALOG_STATE, "error_rx_state_", bool)


def either(*conds: Cond) -> Cond:
    return lambda d: any(c(d) for c in conds)


def card_version_is(measure_id: int, version: int) -> Cond:
    """A delta where tiltak `measure_id` has reached `version` (in the tab's groups)."""
    def cond(delta: dict[str, Any]) -> bool:
        return any(c.get("id") == measure_id and c.get("version", 0) >= version
                   for g in plan_groups(delta.get(PLAN_STATE) or {}) for c in g.get("cards", []))
    return cond


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`, in the values' unit."""
    if not values:
        return float("nan")
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(q / 100 * len(v) + 0.5)) - 1))
    return v[k]
