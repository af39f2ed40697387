"""Live updates between open pages of one plan.

Each open page links to the plan's shared signal (`plan-<id>`). The signal holds
only a change counter, never plan data: what each page shows is recomputed by
that page, for its own viewer, through the access policy (viewers of one plan may
see different parts of it). A writing handler takes the signal FIRST: that takes
the plan's lock (also across workers with Redis), so concurrent writers queue
instead of losing updates; then it checks access, writes, and bumps the counter.

What makes a live page cheap (the second half of this module): what makes a live page cheap: built once per plan version, sent only when it changed.

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
import re
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable, NamedTuple, Optional

import reflex as rx

from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, today
from ip_app.kernel.session import current_viewer

log = logging.getLogger(__name__)


class PlanSignal(rx.SharedState):
    """Change counter of one plan. Linked per plan; holds no plan data."""

    version: int = 0
    # the tab that made the last change (a client token, never plan data; backend only):
    # every other open page announces that the plan was updated
    _changed_by: str = ""
    # the last changes, oldest first: (version, the tiltak it touched or None when it may
    # have touched anything, whether it touched the dialog); lets an open page patch itself
    # instead of rebuilding
    _touched: list = []


def link_token(plan_id: int) -> str:
    return f"plan-{plan_id}"  # link tokens may not contain "_"


async def follow_plan(state: rx.State, plan_id: int) -> None:
    """Link this page to the plan's signal. Call only AFTER the access check."""
    sig = await state.get_state(PlanSignal)
    await sig._link_to(link_token(plan_id))


async def plan_lock(state: rx.State) -> PlanSignal:
    """The linked signal; holding it serialises writes to the plan this page shows."""
    return await state.get_state(PlanSignal)


TOUCHED_KEPT = 16


class Changes(NamedTuple):
    """What changed in a plan between two versions, when only tiltak or the dialog did."""

    measures: set[int]  # the tiltak changed or added
    dialog: bool  # messages, threads or what was read


def changed(sig: PlanSignal, by: rx.State | None = None,
            measures: Optional[Iterable[int]] = None, dialog: bool = False,
            checked: Optional[tuple] = None) -> None:
    """Tell every open page of the plan to recompute what it shows. `by` is the writing
    tab's state: its own page does not announce the change as news from elsewhere.
    `measures`: the ids of the only tiltak the change touched (changed or added), and/or
    `dialog`: it touched only the dialog; by default an open page rebuilds all of it.
    `checked`: (plan, access, viewer) as the write checked them; handed to the rebuilds of
    the writer's pages at the new version (`hand_over`), but only when the change
    touched nothing the access policy reads (tiltak or the dialog alone)."""
    sig._changed_by = by.router.session.client_token if by is not None else ""
    sig.version += 1
    ids = tuple(sorted(measures)) if measures is not None else (() if dialog else None)
    # assigned, not appended: a shared var is saved only when assigned
    sig._touched = [*sig._touched, (sig.version, ids, dialog)][-TOUCHED_KEPT:]
    if checked is not None and ids is not None:
        plan, access, viewer = checked
        hand_over(plan, access, viewer, sig.version, today())


def touched_since(sig: PlanSignal, version: int) -> Optional[Changes]:
    """What every change after `version` up to now touched, if all of them touched only
    tiltak or the dialog and are still on record; else None (rebuild whole)."""
    if version >= sig.version:
        return None
    entries = {e[0]: e for e in sig._touched if e[0] > version}
    wanted = range(version + 1, sig.version + 1)
    if any(v not in entries or entries[v][1] is None for v in wanted):
        return None
    return Changes(measures={i for v in wanted for i in entries[v][1]},
                   # an entry saved before the dialog flag existed has two parts
                   dialog=any(len(entries[v]) > 2 and entries[v][2] for v in wanted))


_ON_SCREEN = {
    "plan": re.compile(r"/|/plan/\d+/?"),
    # the person's Min plan shows their consent requests, also at /plan/<own id>
    "consents": re.compile(r"/|/samtykker/?|/plan/\d+/?"),
    "dialog": re.compile(r"/dialog(/\d+)?/?|/plan/\d+/dialog/?"),
    "evaluation": re.compile(r"/plan/\d+/evaluering/?"),
    "assessment": re.compile(r"/plan/\d+/vurdering/?"),
    "consent_requests": re.compile(r"/plan/\d+/samtykker/?"),
    "programme": re.compile(r"/plan/\d+/program/?"),
    "ip_check": re.compile(r"/ip-rett/\d+/?"),
    "decisions": re.compile(r"/plan/\d+/vedtak/?"),
    "conversation_records": re.compile(r"/plan/\d+/samtalereferat/?"),
    "advance_notice": re.compile(r"/plan/\d+/tiltak/\d+/forhandsorientering/?"),
    "job_search": re.compile(r"/plan/\d+/jobbsok/?"),
    "minutes": re.compile(r"/plan/\d+/mote/\d+/referat/?"),
    "team": re.compile(r"/plan/\d+/ansvarsgruppe/?"),
    "archive": re.compile(r"/plan/\d+/arkiv/?"),
}


def on_screen(state: rx.State, view: str) -> bool:
    """Is `view` on the page this tab shows now?

    Every computed var that reads the plan signal is recomputed and re-sent on every
    change of the plan, in every tab linked to it, whichever page the tab is on (Reflex
    keeps all of a tab's states). A var whose page is not on screen returns a small
    placeholder instead of rebuilding; its page's on_load builds it again when opened.
    """
    path = str(getattr(state.router.url, "path", "") or "/")
    return bool(_ON_SCREEN[view].fullmatch(path))


# --- what makes a live page cheap ---

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
