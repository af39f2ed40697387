"""What makes a live page cheap: built once per plan version, sent only when it changed.

Reflex 0.10.1 swaps a tab's linked `PlanSignal` in and out around EVERY event of the
tab, and every event of a linked tab is fanned out to all other tabs of the plan. A
computed var that reads the signal is therefore invalidated after every event, and a
cached one is re-sent whole each time (the plan page: ~20 KB after a keystroke, to every
open tab of the plan). The vars of a live view are instead uncached (`cache=False`):
Reflex re-evaluates them per delta but sends them only when their value differs from
what that tab last received. The work behind an evaluation is then a lookup in a `common.Memo`,
keyed by what the view depends on (plan, viewer, plan version, day); the view itself is
built for the tab's own viewer, through the access policy, only when that key moves.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any, Callable, Optional

import reflex as rx

from ip_app.domain.access import Viewer
from ip_app.web.common import Memo
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)

VIEWER_TTL = 0.5  # seconds: the vars of one delta share one session lookup


_VIEWERS: OrderedDict[str, tuple[str, float, Optional[Viewer]]] = OrderedDict()


def viewer_of(state: rx.State) -> Optional[Viewer]:
    """`current_viewer` (the session row behind the cookie), looked up again after
    `VIEWER_TTL` seconds or when the cookie differs; handlers keep calling
    `current_viewer` themselves for every event (`checked_viewer`)."""
    cookie = state.router.headers.raw_headers.get("cookie", "")
    hit = _VIEWERS.get(state.router.session.client_token)
    if hit is not None and hit[0] == cookie and time.monotonic() - hit[1] < VIEWER_TTL:
        return hit[2]
    return checked_viewer(state)


def checked_viewer(state: rx.State) -> Optional[Viewer]:
    """`current_viewer` for an event handler (the session row, read now), remembered for
    `viewer_of`: the vars of this event's delta then need no second lookup."""
    tab = state.router.session.client_token
    viewer = current_viewer(state)
    _VIEWERS[tab] = (state.router.headers.raw_headers.get("cookie", ""), time.monotonic(), viewer)
    _VIEWERS.move_to_end(tab)
    while len(_VIEWERS) > 4000:
        _VIEWERS.popitem(last=False)
    return viewer


# The access a write has just checked (under the plan's lock), for the plan version that
# write made: the rebuilds of the writer's open pages at exactly that version (any of
# their tabs, the plan page or a conversation) take it instead of asking the policy again.
# `live.changed` hands it over only for writes that change nothing the policy reads
# (tiltak and dialog writes); a write that does moves the version on, so the key no longer
# matches and the rebuild asks the policy itself.
_HANDED = Memo(1000)


def hand_over(plan: Any, access: Any, viewer: Viewer, version: int, day: Any) -> None:
    _HANDED.put((plan.id, viewer.account_id, version, day), (plan, access))


def handed_over(plan_id: int, viewer: Viewer, version: int, day: Any) -> Optional[tuple]:
    """(plan, access) handed over for exactly this plan version and day, or None."""
    return _HANDED.get((plan_id, viewer.account_id, version, day))


def forget_viewer(state: rx.State) -> None:
    """Opening or reloading a page looks the session up afresh."""
    _VIEWERS.pop(state.router.session.client_token, None)


async def memo_view(state: rx.State, memo: Memo, screen: str, plan_id: Optional[int],
                    build: Callable[[Viewer], Any], *, loading: Any, denied: Any, error: Any,
                    missing: Any = None, extra: tuple = ()) -> Any:
    """The frame every live view var shares: a placeholder while its page is not on screen,
    `missing` (default: the placeholder) while no plan is open, the refused view without a
    session, else the page `build(viewer)` makes, kept per tab in `memo` until the plan's
    version, the viewer, their language, the day or `extra` moves. A build that fails is
    logged and shown as `error`, never kept."""
    from ip_app.web.common import today
    from ip_app.web.live import PlanSignal, link_token, on_screen

    sig = await state.get_state(PlanSignal)
    if not on_screen(state, screen):
        return loading
    if plan_id is None:
        return loading if missing is None else missing
    viewer = viewer_of(state)
    if viewer is None:
        return denied
    key = (plan_id, *extra, viewer.account_id, viewer.lang, sig.version, sig._linked_to, today())
    try:
        return memo.view(state.router.session.client_token, key, lambda: build(viewer),
                         keep=sig._linked_to == link_token(plan_id))
    except Exception:
        log.exception("building the %s view of plan %s failed", screen, plan_id)
        return error
