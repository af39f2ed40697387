"""Live updates between open pages of one plan.

Each open page links to the plan's shared signal (`plan-<id>`). The signal holds
only a change counter, never plan data: what each page shows is recomputed by
that page, for its own viewer, through the access policy (viewers of one plan may
see different parts of it). A writing handler takes the signal FIRST: that takes
the plan's lock (also across workers with Redis), so concurrent writers queue
instead of losing updates; then it checks access, writes, and bumps the counter.
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Optional

import reflex as rx

from ip_app.web.common import today
from ip_app.web.live_view import hand_over


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
    the writer's pages at the new version (`live_view.hand_over`), but only when the change
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
    "consents": re.compile(r"/|/samtykker/?"),
    "dialog": re.compile(r"/dialog(/\d+)?/?|/plan/\d+/dialog/?"),
    "evaluation": re.compile(r"/plan/\d+/evaluering/?"),
    "assessment": re.compile(r"/plan/\d+/vurdering/?"),
    "consent_requests": re.compile(r"/plan/\d+/samtykker/?"),
    "programme": re.compile(r"/plan/\d+/program/?"),
    "ip_check": re.compile(r"/ip-rett/\d+/?"),
    "minutes": re.compile(r"/plan/\d+/mote/\d+/referat/?"),
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
