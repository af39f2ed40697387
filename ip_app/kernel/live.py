"""Live updates between open pages of one plan.

Each open page follows its plan (`follow_plan`, after the access check). What a plan
has on every worker is a small signal: a change counter, the tab that made the last
change, and what the last changes touched, never plan data: what each page shows is
recomputed by that page, for its own viewer, through the access policy (viewers of one
plan may see different parts of it). A writing handler takes the plan's lock FIRST
(`plan_lock`; across workers a Redis lock), so concurrent writers queue instead of
losing updates; then it checks access, writes, and moves the signal (`changed`).

Who is woken (issue 23): only the tabs that follow that plan, each by its own worker.
After the write (lock released), the writer's worker wakes ITS tabs of the plan; with
Redis the new signal is also published on the app's channel (one per Redis database), and every other worker wakes its
own tabs of that plan from there (no worker loads or recomputes another worker's tabs).
A tab's event that changes nothing shared touches nothing of the plan or of any other
tab. (Reflex's `rx.SharedState`, used here before, swapped the linked state in and out
around every event of every linked tab, resolving a whole delta each time, and fanned
every event out to every linked tab, also to tabs long gone.) A tab that disconnects
stops being woken at once; its state is freed by Reflex's state expiry.

What makes a live page cheap (the second half of this module): built once per plan
version, sent only when it changed. The vars of a live view are uncached
(`cache=False`): Reflex sends them only when their value differs from what that tab last
received. They are evaluated only when their state changed, after an event through the
gate and on a wake, and only for the page the tab shows (`quiet_views`, `mark_views`);
the work behind an evaluation is then a lookup in a `common.Memo`, keyed by what the view
depends on (plan, viewer, plan version, day), and Reflex's check whether the tab has the
value already takes the digest of a built view once (`sealed`). The view itself is built
for the tab's own viewer, through the access policy, only when that key moves.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import time
import uuid
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Iterable, NamedTuple, Optional

import reflex as rx

from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, today
from ip_app.kernel.server_opts import state_manager_mode
from ip_app.kernel.session import current_viewer

log = logging.getLogger(__name__)

TOUCHED_KEPT = 16
LOCK_SECONDS = 10  # a Redis lock held longer expires (a dead worker does not block a plan)
CHANNEL = "minplan:live"


def _channel(r: Any) -> str:
    """The channel of this app's database: Redis pub/sub spans the whole server, not one
    database number, so two apps on one Redis server (staging beside production, two test
    servers) must not hear each other's plan versions (a higher version from the other app
    would make this one's changes look old and be dropped)."""
    return f"{CHANNEL}:db{r.connection_pool.connection_kwargs.get('db', 0)}"


@dataclass
class PlanSignal:
    """What every page of one plan needs to know about its changes; holds no plan data."""

    version: int = 0
    # the tab that made the last change (a client token, never plan data): every other
    # open page announces that the plan was updated
    _changed_by: str = ""
    # the last changes, oldest first: (version, the tiltak it touched or None when it may
    # have touched anything, whether it touched the dialog); lets an open page patch itself
    # instead of rebuilding
    _touched: list = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"v": self.version, "by": self._changed_by,
                           "t": [[v, list(ids) if ids is not None else None, d]
                                 for v, ids, d in self._touched]})

    @staticmethod
    def from_json(raw: Any) -> "PlanSignal":
        d = json.loads(raw)
        return PlanSignal(int(d["v"]), str(d.get("by", "")),
                          [(int(v), tuple(ids) if ids is not None else None, bool(dd))
                           for v, ids, dd in d.get("t", [])])


# -- per worker: the plans' signals, and which of this worker's tabs follow which plan --

_SIGNALS: dict[int, PlanSignal] = {}
_TABS: dict[int, dict[str, type]] = {}  # plan -> {tab token: the state class that follows}
_FOLLOWS: dict[str, int] = {}  # tab token -> the plan it follows
_LOCKS: dict[int, asyncio.Lock] = {}
_BOOT = uuid.uuid4().hex


def _me() -> str:
    """This worker process (workers may be forked from a parent that imported this)."""
    return f"{os.getpid()}:{_BOOT}"


_APP: Any = None  # the rx.App (set by ip_app.py through `use_app`), to wake tabs
_redis: Any = None
_listener: Optional[asyncio.Task] = None
WAKE_TASKS: set[asyncio.Task] = set()
STATS = {"woken": 0, "gone": 0, "published": 0, "received": 0}


def use_app(app: Any) -> None:
    global _APP
    _APP = app
    _install_sealed_keys()
    quiet_views()


def reset() -> None:
    """Forget every plan's signal and follower on this worker (tests)."""
    _SIGNALS.clear(); _TABS.clear(); _FOLLOWS.clear(); _LOCKS.clear()  # noqa: E702


def _redis_client() -> Any:
    global _redis
    if state_manager_mode(os.environ) != "redis":
        return None
    if _redis is None:
        import redis.asyncio as aioredis

        _redis = aioredis.from_url(os.environ["REFLEX_REDIS_URL"])
    return _redis


def _key(plan_id: int) -> str:
    return f"minplan:live:{plan_id}"


def signal(plan_id: Optional[int]) -> PlanSignal:
    """The plan's signal as this worker last heard of it (version 0 if never)."""
    if plan_id is None:
        return _NONE
    return _SIGNALS.get(plan_id) or _NONE


_NONE = PlanSignal()


def _learn(plan_id: int, sig: PlanSignal) -> bool:
    """Keep `sig` if it is newer than what this worker knows; True if it was."""
    known = _SIGNALS.get(plan_id)
    if known is not None and known.version >= sig.version:
        return False
    _SIGNALS[plan_id] = sig
    return True


def link_token(plan_id: int) -> str:
    return f"plan-{plan_id}"


def following(tab: str) -> Optional[int]:
    """The plan the tab follows on this worker, or None."""
    return _FOLLOWS.get(tab)


def follows(state: Any, plan_id: Optional[int]) -> bool:
    return plan_id is not None and _FOLLOWS.get(tab_of(state)) == plan_id


async def follow_plan(state: Any, plan_id: int) -> None:
    """This tab follows the plan (a tab follows one plan). Call only AFTER the access check."""
    tab = tab_of(state)
    before = _FOLLOWS.get(tab)
    if before is not None and before != plan_id:
        _drop(tab)
    _FOLLOWS[tab] = plan_id
    _TABS.setdefault(plan_id, {})[tab] = type(state)
    _hook_disconnect()
    r = _redis_client()
    if r is not None:
        _ensure_listener()
        raw = await r.get(_key(plan_id))  # what the other workers wrote (a message missed)
        if raw is not None:
            _learn(plan_id, PlanSignal.from_json(raw))


def _drop(tab: str) -> None:
    plan_id = _FOLLOWS.pop(tab, None)
    if plan_id is not None:
        tabs = _TABS.get(plan_id)
        if tabs is not None:
            tabs.pop(tab, None)
            if not tabs:
                _TABS.pop(plan_id, None)
                _idle(plan_id)


def _idle(plan_id: int) -> None:
    """No tab of this worker follows the plan any more: with Redis, forget its signal (read
    again when a tab follows it); else keep only its version (a version is never reused
    on this worker: what was built for it is keyed by it)."""
    lock = _LOCKS.get(plan_id)
    if lock is not None and not lock.locked():
        _LOCKS.pop(plan_id, None)
    sig = _SIGNALS.get(plan_id)
    if sig is None:
        return
    if _redis_client() is not None:
        _SIGNALS.pop(plan_id, None)
    elif sig._touched or sig._changed_by:
        _SIGNALS[plan_id] = PlanSignal(sig.version)


def unfollow(state: Any) -> None:
    """The tab no longer follows any plan (its login changed or ended)."""
    _drop(tab_of(state))


# a tab that has not come back by then has its server state freed (tests and the soak of
# bench/gonetabs.py shorten it)
GRACE_SECONDS = float(os.environ.get("IP_LIVE_GRACE_SECONDS") or 120)


def _hook_disconnect() -> None:
    """When a tab's socket closes, it is not woken again at once (`gone`), and its state is
    freed after `GRACE_SECONDS` unless it has come back (Reflex itself keeps it an hour)."""
    ns = getattr(_APP, "event_namespace", None)
    if ns is None or getattr(ns, "_minplan_live_hook", False):
        return
    before = ns.on_disconnect

    def on_disconnect(sid: str):  # noqa: ANN202
        tab = ns.sid_to_token.get(sid)
        rec = ns._token_manager.token_to_socket.get(tab) if tab else None
        if tab and (rec is None or rec.sid == sid):
            gone(tab)
            try:
                t = asyncio.get_running_loop().call_later(GRACE_SECONDS, _free_if_gone, tab)
                _GRACE[tab] = t
            except RuntimeError:
                pass
        return before(sid)

    ns.on_disconnect = on_disconnect
    ns._minplan_live_hook = True


_GRACE: dict[str, asyncio.TimerHandle] = {}


def _free_if_gone(tab: str) -> None:
    """The tab did not come back: free its state now (only the memory state manager; Redis
    keys expire by themselves)."""
    _GRACE.pop(tab, None)
    if _connected_here(tab):
        return
    Memo.forget_tab(tab)
    try:
        mgr = _APP.state_manager  # (reflex's get_state_manager needs an event's context)
    except Exception:  # noqa: BLE001 - no app (tests) or not started
        return
    expires, locks = getattr(mgr, "_token_expires_at", None), getattr(mgr, "_states_locks", {})
    purge = getattr(mgr, "_purge_token", None)
    if not isinstance(expires, dict) or purge is None:
        return
    for _, token in list(expires.values()):
        lock = locks.get(getattr(token, "lock_key", None))
        if getattr(token, "ident", None) == tab and (lock is None or not lock.locked()):
            purge(token)
            STATS["freed"] = STATS.get("freed", 0) + 1
            _trim_soon()


_TRIM = {"at": 0.0, "pending": False}


def _trim_soon() -> None:
    """Hand the memory of freed tabs back to the system, at most every 10 s (glibc keeps
    freed heap otherwise, and the worker's memory would only grow)."""
    if _TRIM["pending"]:
        return
    _TRIM["pending"] = True
    delay = max(0.5, 10 - (time.monotonic() - _TRIM["at"]))
    asyncio.get_running_loop().call_later(delay, _trim)


def _trim() -> None:
    _TRIM.update(pending=False, at=time.monotonic())
    log.info("live: state of %d gone tabs freed so far", STATS.get("freed", 0))
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def gone(tab: str) -> None:
    """The tab's socket closed: it is not woken again (a reconnect opens its page again)."""
    if tab in _FOLLOWS:
        _drop(tab)
        STATS["gone"] += 1


class Writing:
    """The plan's signal while a write holds the plan's lock."""

    def __init__(self, plan_id: int, sig: PlanSignal):
        self.plan_id = plan_id
        self.version = sig.version
        self._changed_by = sig._changed_by
        self._touched = list(sig._touched)
        self.moved = False

    def signal(self) -> PlanSignal:
        return PlanSignal(self.version, self._changed_by, list(self._touched))


@contextlib.asynccontextmanager
async def plan_lock(plan_id: Optional[int]) -> AsyncIterator[Optional[Writing]]:
    """Hold the plan's lock (across workers with Redis) for one write; when the write
    moved the signal (`changed`), wake the plan's tabs once the lock is released."""
    if plan_id is None:
        yield None
        return
    r = _redis_client()
    if r is None:
        lock = _LOCKS.setdefault(plan_id, asyncio.Lock())
        async with lock:
            w = Writing(plan_id, signal(plan_id))
            yield w
            if w.moved:
                _SIGNALS[plan_id] = w.signal()
    else:
        async with r.lock(f"{_key(plan_id)}:lock", timeout=LOCK_SECONDS,
                          blocking_timeout=LOCK_SECONDS * 3):
            raw = await r.get(_key(plan_id))
            w = Writing(plan_id, PlanSignal.from_json(raw) if raw is not None else PlanSignal())
            yield w
            if w.moved:
                new = w.signal()
                data = new.to_json()
                await r.set(_key(plan_id), data)
                _learn(plan_id, new)
                await r.publish(_channel(r), json.dumps({"p": plan_id, "i": _me(), "s": data}))
                STATS["published"] += 1
    if w.moved:
        wake(plan_id, but=w._changed_by)


def wake(plan_id: int, but: str = "") -> None:
    """Let every tab of this worker that follows the plan (but the writer's) send what
    changed for its viewer: one delta per tab, each in its own task."""
    for tab, cls in list((_TABS.get(plan_id) or {}).items()):
        if tab == but:
            continue
        t = asyncio.create_task(_wake(tab, cls, plan_id))
        WAKE_TASKS.add(t)
        t.add_done_callback(_woken)


def _woken(t: asyncio.Task) -> None:
    WAKE_TASKS.discard(t)
    if not t.cancelled() and t.exception() is not None:
        log.warning("updating an open page failed: %s", t.exception())


def _connected_here(tab: str) -> bool:
    ns = getattr(_APP, "event_namespace", None)
    if ns is None:
        return False
    tm = ns._token_manager
    rec = tm.token_to_socket.get(tab)
    return rec is not None and rec.instance_id == tm.instance_id


async def _wake(tab: str, cls: type, plan_id: int) -> None:
    """What `app.modify_state` does for an update from outside an event (Reflex's contexts,
    the tab's lock, the delta, the emit), but the delta is sent only if the tab is still
    connected right then: a tab that left while its update waited for its lock (its own
    event still running) is forgotten instead of being sent to."""
    if not _connected_here(tab):  # gone (or moved to another worker): forget it
        gone(tab)
        return
    if _FOLLOWS.get(tab) != plan_id:
        return
    STATS["woken"] += 1
    from reflex.state import StateUpdate
    from reflex_base.event.context import EventContext

    app = _APP
    with app.set_contexts(), contextlib.ExitStack() as rebind:
        try:
            forked = EventContext.get().fork(token=tab)
        except LookupError:
            pass
        else:
            reset = EventContext.set(forked)
            rebind.callback(EventContext.reset, reset)
        async with app.state_manager.modify_state_with_links(
                rx.BaseStateToken(ident=tab, cls=cls)) as state:
            if not _connected_here(tab):
                gone(tab)
                return
            # the tab's live views, re-evaluated at the new version
            await mark_views(state)
            root = state._get_root_state()
            delta = await root._get_resolved_delta()
            root._clean()
            if not delta:
                return
            if not _connected_here(tab):  # no await between this and the emit's own check
                gone(tab)
                return
            await app.event_namespace.emit_update(update=StateUpdate(delta=delta), token=tab)


def _ensure_listener() -> None:
    global _listener
    if _listener is None or _listener.done():
        _listener = asyncio.create_task(_listen())


async def _listen() -> None:
    """Every other worker's writes: learn the new signal, wake this worker's own tabs."""
    while True:
        try:
            r = _redis_client()
            async with r.pubsub() as ps:
                await ps.subscribe(_channel(r))
                async for msg in ps.listen():
                    if msg.get("type") != "message":
                        continue
                    try:
                        d = json.loads(msg["data"])
                        if d.get("i") == _me():
                            continue
                        plan_id, sig = int(d["p"]), PlanSignal.from_json(d["s"])
                    except (ValueError, KeyError, TypeError):
                        continue
                    STATS["received"] += 1
                    # only plans this worker's tabs follow (the others are read at follow)
                    if plan_id in _TABS and _learn(plan_id, sig):
                        wake(plan_id, but=sig._changed_by)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - Redis away: try again, never die
            log.warning("live updates: the Redis channel failed (%s); again in 1 s", exc)
            await asyncio.sleep(1)


class Changes(NamedTuple):
    """What changed in a plan between two versions, when only tiltak or the dialog did."""

    measures: set[int]  # the tiltak changed or added
    dialog: bool  # messages, threads or what was read


def changed(sig: Optional[Writing], by: Any = None,
            measures: Optional[Iterable[int]] = None, dialog: bool = False,
            checked: Optional[tuple] = None) -> None:
    """Tell every open page of the plan to recompute what it shows. `by` is the writing
    tab's state: its own page does not announce the change as news from elsewhere.
    `measures`: the ids of the only tiltak the change touched (changed or added), and/or
    `dialog`: it touched only the dialog; by default an open page rebuilds all of it.
    `checked`: (plan, access, viewer) as the write checked them; handed to the rebuilds of
    the writer's pages at the new version (`hand_over`), but only when the change
    touched nothing the access policy reads (tiltak or the dialog alone)."""
    if sig is None:
        return
    sig._changed_by = tab_of(by) if by is not None else ""
    sig.version += 1
    sig.moved = True
    ids = tuple(sorted(measures)) if measures is not None else (() if dialog else None)
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
    screen_is(state, view)
    return bool(_ON_SCREEN[view].fullmatch(path_of(state)))


# --- the tab's router, read without building Reflex's RouterData ---
# `state.router` assembles a RouterData (five field reads through the root state, each
# wrapped in a MutableProxy) on every access: 16 % of a write's CPU before (issue 23).

def _raw_router(state: Any, name: str) -> Any:
    root = state
    try:
        while root.parent_state is not None:
            root = root.parent_state
        return root.__dict__[name]
    except (AttributeError, KeyError):
        return None


def tab_of(state: Any) -> str:
    """The tab's client token (`state.router.session.client_token`)."""
    session = _raw_router(state, "rx_router_session")
    return session.client_token if session is not None else state.router.session.client_token


def path_of(state: Any) -> str:
    """The path of the page the tab shows (`state.router.url.path`)."""
    url = _raw_router(state, "rx_router_url")
    path = url.path if url is not None else getattr(state.router.url, "path", "")
    return str(path or "/")


def cookie_of(state: Any) -> str:
    headers = _raw_router(state, "rx_router_headers")
    if headers is None:
        headers = state.router.headers
    return headers.raw_headers.get("cookie", "")


# --- which of a tab's live views are looked at, and when ---
# Reflex evaluates every uncached var of every state in EVERY delta of a tab (the states
# holding one are "always dirty"): each of the ~20 live views (the plan page's four, the
# consents, each feature page's `view`) for a keystroke, a card opened, each write's wake.
# The app's live states are taken out of that (`quiet_views`); their views are evaluated
# (and, as before, sent only when they differ from what the tab has) when the state itself
# changed, after every event through the gate (it reads the session and the plan: a
# logout, a withdrawn consent or a write shows at once), and when a write wakes the tab;
# then only the views of the page the tab shows (`mark_views`). A UI-only event (a card
# opened) evaluates the views of its own state only, and touches no other state.

LIVE_STATES: list[type] = []
_SCREENS_OF: dict[type, set[str]] = {}  # a live state -> the screens its views are for


def quiet_views() -> None:
    """Take the app's states with live (uncached) views out of Reflex's "always dirty"
    (again if Reflex put them back: adding a page with a dynamic route does)."""
    if not LIVE_STATES:
        todo = [rx.State]
        while todo:
            cls = todo.pop()
            todo.extend(cls.get_substates())
            if cls._always_dirty_computed_vars and cls.__module__.startswith("ip_app."):
                LIVE_STATES.append(cls)
                _LIVE_NAMES.add(cls.get_name())
    if not _LIVE_NAMES or _LIVE_NAMES.isdisjoint(rx.State._always_dirty_substates):
        return
    for cls in LIVE_STATES:
        name, parent = cls.get_name(), cls.get_parent_state()
        while parent is not None:
            parent._always_dirty_substates.discard(name)
            if parent._always_dirty_computed_vars or parent._always_dirty_substates:
                break
            name, parent = parent.get_name(), parent.get_parent_state()


_LIVE_NAMES: set[str] = set()


def screen_is(state: Any, screen: str) -> None:
    """Note that `state`'s views are for `screen` (see `_ON_SCREEN`)."""
    _SCREENS_OF.setdefault(type(state), set()).add(screen)


async def mark_views(state: Any) -> None:
    """Let the next delta of `state`'s tab evaluate the views of the page it shows."""
    if not isinstance(state, rx.State):
        return
    quiet_views()
    path = path_of(state)
    for cls in LIVE_STATES:
        screens = _SCREENS_OF.get(cls)
        if screens is not None and not any(_ON_SCREEN[sc].fullmatch(path) for sc in screens):
            continue
        try:
            inst = state if type(state) is cls else await state.get_state(cls)
        except Exception:  # noqa: BLE001 - a state that cannot be had: nothing to mark
            continue
        inst._mark_dirty()


# --- what makes a live page cheap ---

# Sealed values: built once, never changed afterwards. Reflex decides whether an uncached
# var's value must be sent by comparing a digest of its JSON with the digest of what the
# tab last got (`reflex_base.vars.base._delta_value_key`): the whole page serialised for
# every var of every state, in every delta of every tab, only to find it unchanged (65 %
# of the server's CPU per status change, bench/writecost.py, issue 23). A sealed value's
# digest is taken once and then found by the object's identity: a view the memo hands out
# again costs a dictionary lookup. Only values passed through `sealed` are keyed this way
# (the live views and their placeholders, never changed once built); every other value
# goes through Reflex's own digest.

class _SealedList(list):
    """A list that can be referenced weakly (a sealed list of groups, say)."""

    __slots__ = ("__weakref__",)


_SEALED: dict[int, tuple[Any, Any]] = {}  # id(value) -> (weak reference, digest or None)
_UNSET = object()


def sealed(value: Any) -> Any:
    """`value`, marked as never changed from now on (use what this returns: a list comes
    back as a copy that can be referenced weakly). Its digest is taken once."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if type(value) is list:
        value = _SealedList(value)
    hit = _SEALED.get(id(value))
    if hit is not None and hit[0]() is value:
        return value
    try:
        ref = weakref.ref(value, lambda _r, i=id(value): _unseal(i, _r))
    except TypeError:  # cannot be referenced weakly: keyed by Reflex as before
        return value
    _SEALED[id(value)] = (ref, None)
    return value


def _unseal(i: int, ref: Any) -> None:
    hit = _SEALED.get(i)
    if hit is not None and hit[0] is ref:
        del _SEALED[i]


def _install_sealed_keys() -> None:
    """Reflex's digest of a value for its unchanged-value check, taken once per sealed
    value (see `sealed`)."""
    import reflex_base.vars.base as vb

    original = vb._delta_value_key
    if getattr(original, "_minplan_sealed", False):
        return

    def delta_value_key(value: Any) -> Any:
        hit = _SEALED.get(id(value))
        if hit is None or hit[0]() is not value:
            return original(value)
        if hit[1] is None:
            key = original(value)
            _SEALED[id(value)] = (hit[0], key)
            return key
        return hit[1]

    delta_value_key._minplan_sealed = True  # type: ignore[attr-defined]
    vb._delta_value_key = delta_value_key


_INTERNED: dict[type, list] = {}


def interned(value: Any) -> Any:
    """One sealed object for equal small values (a view's placeholders: "loading", "denied"
    …, made afresh by each call), so that their digest, too, is taken once."""
    same = _INTERNED.setdefault(type(value), [])
    for v in same:
        if v == value:
            return v
    if len(same) >= 16:
        return value
    value = sealed(value)
    same.append(value)
    return value


VIEWER_TTL = 0.5  # seconds: the vars of one delta share one session lookup


# cookie -> (when it was looked up, the viewer): the tabs of one browser share one session
# cookie, so a write's wake of several of its tabs looks the session up once
_VIEWERS: OrderedDict[str, tuple[float, Optional[Viewer]]] = OrderedDict()


def viewer_of(state: rx.State) -> Optional[Viewer]:
    """`current_viewer` (the session row behind the cookie), looked up again after
    `VIEWER_TTL` seconds; handlers keep calling `current_viewer` themselves for every event
    (`checked_viewer`)."""
    cookie = cookie_of(state)
    hit = _VIEWERS.get(cookie)
    if hit is not None and time.monotonic() - hit[0] < VIEWER_TTL:
        return hit[1]
    return checked_viewer(state)


def checked_viewer(state: rx.State) -> Optional[Viewer]:
    """`current_viewer` for an event handler (the session row, read now), remembered for
    `viewer_of`: the vars of this event's delta then need no second lookup."""
    viewer = current_viewer(state)
    cookie = cookie_of(state)
    _VIEWERS[cookie] = (time.monotonic(), viewer)
    _VIEWERS.move_to_end(cookie)
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


def forget_viewers() -> None:
    """Every tab looks its session up afresh (kernel/reset.py)."""
    _VIEWERS.clear()


def forget_viewer(state: rx.State) -> None:
    """Opening or reloading a page looks the session up afresh."""
    _VIEWERS.pop(cookie_of(state), None)


def prime_view(state: rx.State, memo: Memo, plan_id: int, viewer: Viewer, version: int,
               value: Any, extra: tuple = ()) -> None:
    """Keep `value` as the view `memo_view` would build for this tab of the plan at
    `version` once the tab follows the plan: a page's load, through the gate, built it in
    its own unit of work (the access checked there, `version` read before anything of the
    plan), so the first delta after the load finds it instead of reading it again."""
    key = (plan_id, *extra, viewer.account_id, viewer.lang, version, True, today())
    memo.put(tab_of(state), (key, sealed(value)))


async def memo_view(state: rx.State, memo: Memo, screen: str, plan_id: Optional[int],
                    build: Callable[[Viewer], Any], *, loading: Any, denied: Any, error: Any,
                    missing: Any = None, extra: tuple = (), shows_tiltak: bool = True) -> Any:
    """The frame every live view var shares: a placeholder while its page is not on screen,
    `missing` (default: the placeholder) while no plan is open, the refused view without a
    session, else the page `build(viewer)` makes, kept per tab in `memo` until the plan's
    version, the viewer, their language, the day or `extra` moves. A build that fails is
    logged and shown as `error`, never kept. `shows_tiltak=False`: the view shows nothing
    of the tiltak or the dialog, so a change that touched only those keeps it as it was."""
    if not on_screen(state, screen):
        return interned(loading)
    if plan_id is None:
        return interned(loading if missing is None else missing)
    viewer = viewer_of(state)
    if viewer is None:
        return interned(denied)
    linked = follows(state, plan_id)
    sig = signal(plan_id)
    key = (plan_id, *extra, viewer.account_id, viewer.lang, sig.version, linked, today())
    tab = tab_of(state)
    if not shows_tiltak and linked:
        hit = memo.get(tab)
        if hit is not None and len(hit[0]) == len(key) and hit[0][-2:] == key[-2:] \
                and hit[0][:-3] == key[:-3] and hit[0][-3] < key[-3]:
            touched = touched_since(sig, hit[0][-3])
            if touched is not None:  # only tiltak or the dialog since: nothing of this view
                memo.put(tab, (key, hit[1]))
                return hit[1]
    try:
        return memo.view(tab, key, lambda: sealed(build(viewer)), keep=linked)
    except Exception:
        log.exception("building the %s view of plan %s failed", screen, plan_id)
        return interned(error)
