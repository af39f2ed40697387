"""Writes made while the connection is down: sent once, never silently dropped (#18.4).

Every Reflex form on a page gets an id for each submit from the shell (kernel/ui/shell.jsx,
`PendingWrites`): the browser adds it to the form data as `__write_id`. The page keeps the
id until the server says it has handled that write (`WriteReceipts.done`); when the
connection drops before that, the form says "Ikke lagret ennå" and the page sends the same
form again, with the same id, once it is back. `run_once` (called by `common.typed` for
every handler) runs a write at most once per id in this tab, so Reflex's own queue sending
it on reconnect and the page's resend never make it twice.

The ids live in the tab's own Reflex state (kept across reconnects, in Redis with several
workers), so no table is needed: an id is made by this tab and only ever resent by it.
"""

from __future__ import annotations

import re
from typing import Any, Awaitable, Callable

import reflex as rx

WRITE_ID = "__write_id"
_VALID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_KEEP_SEEN = 200  # ids of handled writes remembered per tab
_KEEP_DONE = 20  # ids sent back to the page (it only waits for the last few)


class WriteReceipts(rx.State):
    """Which writes of this tab the server has handled (see the module docstring)."""

    done: list[str] = []
    _seen: list[str] = []


def pop_write_id(values: dict[str, Any]) -> str:
    """The write id carried in a form argument (removed from it), or ""."""
    found = ""
    for value in values.values():
        if isinstance(value, dict) and WRITE_ID in value:
            raw = value.pop(WRITE_ID)
            if isinstance(raw, str) and _VALID.match(raw):
                found = raw
    return found


async def run_once(state: Any, write_id: str, call: Callable[[], Awaitable[Any]]) -> Any:
    """Run `call` unless this tab's write `write_id` was handled already; either way
    tell the page it was handled. A handler that raises is not remembered (its
    transaction wrote nothing), so sending the same form again runs it."""
    receipts = await state.get_state(WriteReceipts)
    try:
        if write_id in receipts._seen:
            return None
        result = await call()
        receipts._seen = (receipts._seen + [write_id])[-_KEEP_SEEN:]
        return result
    finally:
        receipts.done = ([d for d in receipts.done if d != write_id] + [write_id])[-_KEEP_DONE:]
