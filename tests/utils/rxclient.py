"""A minimal Reflex client speaking the app's websocket protocol (socket.io).

Used to send events the page would never send: another person's ids, forged
form data. The cookie travels in the handshake exactly as a browser's does.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import uuid
from typing import Any, Callable

import socketio

# the probe of `RxClient.processed`; imported here, in the importing (main) thread: a State
# class is registered with Reflex there, not in the threads the clients run in
from ip_app.caseload.state import CaseloadState

HYDRATE = "reflex___state____state.hydrate_and_load"
_PROBES = itertools.count(1)


class RxClient:
    def __init__(self, base_url: str, cookie: str = "", path: str = "/", origin: str = ""):
        self.base_url = base_url
        self.cookie = cookie
        self.origin = origin  # sent as the handshake's Origin header, as a browser does
        self.path = path
        self.token = str(uuid.uuid4())
        self.deltas: list[dict[str, Any]] = []
        self._sio = socketio.AsyncClient(reconnection=False)
        self._got = asyncio.Event()
        self._sio.on("event", self._on_event, namespace="/_event")

    async def _on_event(self, data: Any) -> None:
        if isinstance(data, dict) and data.get("delta"):
            self.deltas.append(data["delta"])
        self._got.set()

    def router_data(self, path: str | None = None, query: dict[str, str] | None = None
                    ) -> dict[str, Any]:
        p = path or self.path
        # the browser sends dynamic route arguments (/plan/[plan_id]) as query values
        return {"pathname": p, "asPath": p, "query": query or {}}

    async def connect(self, quiet: float | None = None) -> None:
        """Connect (the handshake carries the page's hydration, as a browser's does) and
        wait until the page has loaded and what it sent on is handled (`loaded`, then
        `processed`); with `quiet`, until no message came for that long instead."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if self.origin:
            headers["Origin"] = self.origin
        await self._sio.connect(
            f"{self.base_url}?token={self.token}", namespaces=["/_event"],
            socketio_path="_event", transports=["websocket"], headers=headers,
            auth={"event": {"name": HYDRATE, "payload": {}, "router_data": self.router_data()}},
            wait_timeout=20,
        )
        if quiet is None:
            await self.loaded()
            await self.processed()
        else:
            await self.settle(quiet)

    async def loaded(self, start: int = 0, limit: float = 30.0) -> None:
        """Wait until the page has loaded: Reflex sets `is_hydrated` to true once the
        page's on_load handlers have all run (and committed what they write, e.g. the
        refusal of a page load), in the last delta of a hydration or navigation. Only
        deltas from index `start` on count."""
        loop = asyncio.get_running_loop()
        end = loop.time() + limit
        while True:
            flips = [h for h in map(_hydration, self.deltas[start:]) if h is not None]
            if flips and flips[-1]:
                return
            if loop.time() > end:
                raise AssertionError(f"the page did not finish loading in {limit:.0f} s")
            self._got.clear()
            try:
                await asyncio.wait_for(self._got.wait(), max(0.01, end - loop.time()))
            except asyncio.TimeoutError:
                pass

    async def settle(self, quiet: float = 0.4, limit: float = 10.0) -> None:
        """Wait until no message has arrived for `quiet` seconds."""
        loop = asyncio.get_running_loop()
        end = loop.time() + limit
        while loop.time() < end:
            self._got.clear()
            try:
                await asyncio.wait_for(self._got.wait(), quiet)
            except asyncio.TimeoutError:
                return

    async def until(self, condition: Callable[[], bool], limit: float = 30.0) -> bool:
        """Wait until `condition()` holds (checked on each message that arrives), at most
        `limit` seconds; whether it came to hold. For what must arrive: `settle` only waits
        for a pause, and a loaded machine can pause before the first answer."""
        loop = asyncio.get_running_loop()
        end = loop.time() + limit
        while not condition():
            if loop.time() > end:
                return False
            self._got.clear()
            try:
                await asyncio.wait_for(self._got.wait(), max(0.01, end - loop.time()))
            except asyncio.TimeoutError:
                pass
        return True

    async def emit(self, handler: str, payload: dict[str, Any], path: str | None = None,
                   query: dict[str, str] | None = None) -> None:
        """Send an event and return at once (see `send` to wait for the answers)."""
        await self._sio.emit("event", {
            "name": handler, "payload": payload, "router_data": self.router_data(path, query),
        }, namespace="/_event")

    async def send(self, handler: str, payload: dict[str, Any], path: str | None = None,
                   query: dict[str, str] | None = None, quiet: float = 0.7) -> None:
        await self.emit(handler, payload, path, query)
        await self.settle(quiet)

    async def processed(self, limit: float = 30.0, rounds: int = 2) -> None:
        """Wait until every event sent before has been handled, without a fixed pause.

        The server handles one tab's events one after another, in the order they came: a
        probe (a handler that only keeps a filter text, `CaseloadState.set_query`) sent now
        comes back once everything sent before it is done. The events a handler returns
        to the server are queued behind that probe, so a second probe waits for them too
        (`rounds`)."""
        name = f"{CaseloadState.get_full_name()}.set_query"
        for _ in range(rounds):
            marker, start = f"probe-{self.token[:8]}-{next(_PROBES)}", len(self.deltas)
            await self.emit(name, {"value": marker})
            if not await self.until(
                    lambda: any(marker in repr(d) for d in self.deltas[start:]), limit):
                raise AssertionError(f"the server did not answer in {limit:.0f} s")

    async def call(self, handler: str, payload: dict[str, Any], path: str | None = None,
                   query: dict[str, str] | None = None) -> None:
        """Send an event and wait until the server has handled it (`processed`): `send`
        without its fixed pause. Not for what the server pushes later (another tab's
        change reaching this one): wait for that with `until`, or `settle`."""
        await self.emit(handler, payload, path, query)
        await self.processed()

    async def close(self) -> None:
        await self._sio.disconnect()

    def seen(self, text: str) -> bool:
        """Did any delta sent to this client contain `text`?"""
        return any(text in repr(d) for d in self.deltas)


def _hydration(delta: dict[str, Any]) -> bool | None:
    """The value of `is_hydrated` this delta sets, or None if it sets none."""
    for sub in delta.values():
        if isinstance(sub, dict) and "is_hydrated_rx_state_" in sub:
            return bool(sub["is_hydrated_rx_state_"])
    return None


class LoopThread:
    """An event loop in its own thread that lives across tests (Playwright owns the main
    thread's loop): tabs connected once are used by many tests. `run(coro)` waits for it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro: Any, timeout: float = 120.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


def run_async(coro: Any) -> Any:
    """Run a coroutine on a fresh loop in its own thread (Playwright owns this one)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")
