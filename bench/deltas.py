"""Bytes and time per event, as seen by the websocket clients (the profile behind the
split of the plan page; run: python -m bench.deltas).

Starts the app as the tests do (embedded: SQLite, one worker), opens Amina's plan as the
person and as her veileder (two tabs, linked to the same plan), and for each kind of event
records the JSON bytes of every delta each tab receives and the writer's round trip:
- UI-only events of the person's tab (open the add form, close it, open a card),
- a status change by the person (the veileder's tab is updated live).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from bench.load import PAGE_READY, PLAN_STATE, SimClient, has, pct
from tests.utils.db import plan_id_of
from tests.utils.http import login_cookie
from tests.utils.server import cleanup, start_app

ROUNDS = 20


class Recorder(SimClient):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.sizes: list[tuple[float, int, list[str]]] = []

    def cards(self):  # noqa: ANN201  (also the layout before the split: one `page`)
        return super().cards() or [c for g in self.page().get("by_status", [])
                                   for c in g.get("cards", [])]

    async def _on_event(self, data):  # noqa: ANN001
        if isinstance(data, dict) and data.get("delta"):
            keys = [k for v in data["delta"].values() for k in v]
            self.sizes.append((time.perf_counter(), len(json.dumps(data["delta"])), keys))
        await super()._on_event(data)


async def measure(url: str, plan: int) -> dict:
    person = Recorder(url, cookie=login_cookie(url, "amina"))
    staff = Recorder(url, cookie=login_cookie(url, "veileder"), path=f"/plan/{plan}",
                     query={"plan_id": str(plan)})
    await person.open(PAGE_READY)
    await staff.open(PAGE_READY)
    await asyncio.sleep(0.5)
    out: dict[str, dict] = {}

    async def run(name: str, make, reply) -> None:  # noqa: ANN001
        rtt, bytes_p, bytes_s = [], [], []
        for i in range(ROUNDS):
            handler, payload = make(i)
            n_p, n_s = len(person.sizes), len(staff.sizes)
            rtt.append(await person.call(f"{PLAN_STATE}.{handler}", payload, reply) * 1000)
            await asyncio.sleep(0.15)
            bytes_p.append(sum(s for _, s, _ in person.sizes[n_p:]))
            bytes_s.append(sum(s for _, s, _ in staff.sizes[n_s:]))
        keys_p = sorted({k for _, _, ks in person.sizes[n_p:] for k in ks})
        keys_s = sorted({k for _, _, ks in staff.sizes[n_s:] for k in ks})
        out[name] = {"keys_writer": keys_p, "keys_other_tab": keys_s,"rtt_p50": statistics.median(rtt), "rtt_p95": pct(rtt, 95),
                     "bytes_writer": statistics.median(bytes_p),
                     "bytes_other_tab": statistics.median(bytes_s)}

    card = person.cards()[0]["id"]
    await run("open add form", lambda i: ("open_add", {}), has(PLAN_STATE, "add_open_rx_state_"))
    await run("close add form", lambda i: ("close_add", {}), has(PLAN_STATE, "add_open_rx_state_"))
    await run("open/close a card", lambda i: ("set_card_open", {"measure_id": card,
                                                                 "is_open": i % 2 == 0}),
              has(PLAN_STATE, "open_cards_rx_state_"))

    def status(i: int):
        def moves(c):  # statuses this viewer may move the card to without a reason
            return [o["value"] for o in c.get("options", []) if o["value"] in
                    ("forslag", "planlagt", "gjennomfores") and o["value"] not in
                    c.get("needs_reason_for", [])]
        c = next(c for c in person.cards() if c.get("can_change") and moves(c))
        new = moves(c)[0]
        return "change_status", {"form_data": {"measure_id": str(c["id"]),
                                               "version": str(c["version"]),
                                               "status": new, "reason": ""}}
    await run("change a tiltak status", status, has(PLAN_STATE, "notice_rx_state_", bool))
    await asyncio.gather(person.close(), staff.close())
    return out


def main() -> None:
    app = start_app()
    try:
        plan = plan_id_of(app.db_url, "amina")
        res = asyncio.run(measure(app.url, plan))
    finally:
        cleanup(app)
    print(f"{'event':28} {'rtt p50':>8} {'rtt p95':>8} {'bytes to writer':>16} {'bytes to other tab':>19}")
    for k, v in res.items():
        print(f"{k:28} {v['rtt_p50']:8.1f} {v['rtt_p95']:8.1f} {v['bytes_writer']:16.0f} "
              f"{v['bytes_other_tab']:19.0f}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
