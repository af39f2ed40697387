"""Issue 18.4: a form's write id (ip_app/kernel/writes.py) runs the write once per tab."""

from __future__ import annotations

import asyncio

from ip_app.kernel.writes import WRITE_ID, WriteReceipts, pop_write_id, run_once


class _Receipts:
    def __init__(self) -> None:
        self.done: list[str] = []
        self._seen: list[str] = []


class _State:
    def __init__(self) -> None:
        self.receipts = _Receipts()

    async def get_state(self, cls):  # noqa: ANN001
        assert cls is WriteReceipts
        return self.receipts


def test_the_write_id_is_taken_out_of_the_form_and_checked():
    form = {"status": "planned", WRITE_ID: "2f1c9a7e-1111-4a4a-9b9b-0123456789ab"}
    assert pop_write_id({"form_data": form}) == "2f1c9a7e-1111-4a4a-9b9b-0123456789ab"
    assert WRITE_ID not in form  # the handler never sees it
    assert pop_write_id({"form_data": {WRITE_ID: "<script>"}}) == ""
    assert pop_write_id({"form_data": {WRITE_ID: "x" * 65}}) == ""
    assert pop_write_id({"form_data": {"status": "planned"}, "n": 3}) == ""


def test_the_same_write_sent_twice_runs_once_and_both_are_answered():
    state, runs = _State(), []

    async def write():
        runs.append(1)
        return "ok"

    key = "2f1c9a7e-2222-4a4a-9b9b-0123456789ab"
    assert asyncio.run(run_once(state, key, write)) == "ok"
    assert asyncio.run(run_once(state, key, write)) is None  # the resend after reconnect
    assert runs == [1]
    assert state.receipts.done == [key]
    asyncio.run(run_once(state, "2f1c9a7e-3333-4a4a-9b9b-0123456789ab", write))
    assert runs == [1, 1]


def test_a_write_that_failed_is_answered_but_runs_again_when_sent_again():
    state, runs = _State(), []

    async def broken():
        runs.append(1)
        raise RuntimeError("database gone")

    key = "2f1c9a7e-4444-4a4a-9b9b-0123456789ab"
    for _ in range(2):
        try:
            asyncio.run(run_once(state, key, broken))
        except RuntimeError:
            pass
    assert runs == [1, 1]
    assert state.receipts.done == [key]  # the page stops waiting for it


def test_every_form_handler_is_async_so_its_write_runs_once():
    """`typed` runs a write once per id only for async handlers (a sync one cannot take
    the tab's WriteReceipts): every handler a form submits to must be async."""
    import inspect
    import pathlib
    import re

    import reflex as rx

    import ip_app.ip_app  # noqa: F401 - registers every state

    def states(cls):  # noqa: ANN001, ANN202
        yield cls
        for sub in cls.__subclasses__():
            yield from states(sub)

    targets = set()
    for f in pathlib.Path("ip_app").rglob("*.py"):
        targets |= {m.split(".")[-1] for m in
                    re.findall(r"on_submit=([A-Za-z_.]+)", f.read_text()) if m != "on_submit"}
    # forms built by helpers take `on_submit` from their caller: their callers pass these
    targets |= {"change_status", "save_assessment", "save_own_view"}
    sync = [f"{st.__name__}.{name}" for st in states(rx.State)
            for name, h in getattr(st, "event_handlers", {}).items()
            if name in targets and not inspect.iscoroutinefunction(h.fn)]
    assert sync == []
