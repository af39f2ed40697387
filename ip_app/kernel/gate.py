"""The gate: every event handler of the app says in ONE declaration what it touches, and
the gate does the rest, once, the same way for all of them.

How to declare a handler
------------------------
Put one gate decorator directly under `@rx.event`. The handler takes the gate's context
`g` (a `Ctx`) after `self`, then its own arguments, annotated with payload types
(`str`, `int`, `bool`, `float`, `dict`, or Optional of one; checked as `@typed` did)::

    @rx.event
    @gate.write("change_status", row="measure", row_id="form_data.measure_id")
    async def change_status(self, g: gate.Ctx, form_data: dict):
        m, responsible = g.row                         # visible to the viewer, in the plan
        ...the domain rule...                          # g.refuse("why") to say no
        measure_data.change_status(g.s, ...)           # the data call, in g.s
        g.audit(target=f"measure:{m.id}", detail=...)  # the allowed row (declared action)
        g.changed(measures=[m.id], hand_over=True)     # what the live signal says it touched
        self.notice = g.t("notice.status_changed", ...)  # or g.after(fn): after the commit

`g.refuse(reason)` audits a refused row (the declared action), shows "Du har ikke tilgang"
in the viewer's language and stops the handler; the unit of work is still committed (the
refused row stays, and so would anything written before it: refuse before writing). A handler's changes to the tab that must
wait for the commit (a form's base version, say) go in `g.after(fn)`.

The declarations:

- `gate.write(action, ...)`: a change to the plan the page shows. The gate takes the plan
  lock first (the plan's live signal), then the viewer from the session, `access_for` and
  the policy (`may`), loads the declared row and checks it belongs to the plan and the
  viewer may see it, then runs the handler in ONE unit of work (committed once, at the
  end), then moves the live signal as the handler said (`g.changed`). A feature's rule
  that every write must pass is registered with `write_guard` (a closed plan takes no
  write but its reopening: closing/state.py); refused here, for every handler.
  A locked or missing database says "prøv igjen" where the form shows errors (`field`, as `db_trouble`).
- `gate.read(action, ...)`: the same checks without the lock, for opening a form or a
  dialog on a plan already open (no live signal; refusals are audited).
- `gate.page(action, ...)`: a page load (`on_load`): viewer (none: to /login), the plan
  id from the route (or `plan=` for a page of the viewer's own plan), the policy, an
  audit row of the read, allowed or not; if allowed `_plan_id`/`screen` are set, the
  handler runs (in the unit of work), and the page follows the plan's live signal.
- `gate.own(action, writes=False)`: a handler that only touches the caller's own things
  (their own list, language, login); it gets a unit of work (`g.s`) and `g.who()`, the
  viewer from the session, looked up when asked; no plan.
- `gate.ui_only`: a handler that reads and writes no data, only what the tab shows.

Options of write/read/page:
- `on`: the state class whose page names the plan (its `_plan_id`) and shows refusals
  and notices (`g.page`); default the handler's own state. A feature passes its own
  class: the gate imports no feature.
- `may`: `may(g)`, the policy beyond `access.allowed` (falsy: refused, audit detail
  `may_reason`, "role"; pages "no_scope"); a value it returns is `g.granted`.
- `action_of(state)`: the audit action when the open form decides it (write only);
  `on_refused(state, g)`: what the tab does after the gate said no (close a dialog).
- `row` / `row_id`: the kind of row the id points at (`plan`, `measure`, `goal`,
  `participant`, `meeting`, ... registered with `row_kind` by the feature owning it)
  and where the id is: an argument (`"measure_id"`), a form field (`"form_data.x"`) or
  the state itself (`"self._meeting_id"`). `new_ok=True`: a missing or 0 id is "a new
  one" and loads nothing. `data=True`: the handler needs all of the plan the viewer
  may see (`g.data`, `load_plan`) - loaded once, and row kinds find their row in it.
- `field`: where database trouble shows on the handler's own state (`"error"`,
  `"errors"` for a form showing `errors["_form"]`, `""`: nowhere), as `db_trouble`.
- `refuse_field`: where refusals show on `on` (default its `error`, else `errors`).

An event that arrives while the tab's page is still loading (Reflex runs a page's loads
behind what was sent before them) is queued again behind the loads (`_until_loaded`), so
a load never wipes out what a quick hand did.

Every declared handler carries `__gate__` (its declaration), `__typed__` and, for
writes, `__db_trouble__`: tests/e2e/test_access_matrix.py fails for any handler of the
app that is not declared through the gate.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import logging
import typing
from dataclasses import dataclass, field as dc_field
from typing import Any, Awaitable, Callable, Optional

import reflex as rx

from ip_app.kernel import audit, db
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.common import (
    route_params,
    DB_TROUBLE, BadPayload, _message_field, _optional, _refuse_payload, _say, _show, check_arg,
    log as trouble_log, PAYLOAD_TYPES, to_int, today,
)
from ip_app.kernel.i18n import t
from ip_app.kernel.lang import lang_of
from ip_app.kernel import live
from ip_app.kernel.live import changed, follow_plan, checked_viewer, forget_viewer
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.session import current_viewer
from ip_app.kernel.writes import pop_write_id, run_once

log = logging.getLogger(__name__)

KINDS = ("write", "read", "page", "own", "ui_only")


# -- the plan loader -------------------------------------------------------------------

_plan_loader: Optional[Callable[..., Any]] = None


def plan_loader(load: Callable[..., Any]) -> Callable[..., Any]:
    """The plan feature tells the gate how to load all of a plan a viewer may see
    (`g.data`, `data=True`): `load(s, plan, access, viewer)`. The gate imports no
    feature; the feature that owns a thing registers it here, as row kinds do."""
    global _plan_loader
    _plan_loader = load
    return load


# -- rules every write passes ----------------------------------------------------------

_write_guards: list[Callable[..., Optional[tuple[str, str]]]] = []


def write_guard(check: Callable[..., Optional[tuple[str, str]]]) -> Callable[..., Any]:
    """A feature's rule that every write to a plan must pass, asked after the policy:
    `check(g)` returns None, or (the audit reason, the catalogue key shown) to refuse."""
    _write_guards.append(check)
    return check


# -- row kinds -------------------------------------------------------------------------

@dataclass(frozen=True)
class RowKind:
    """How to find one row of a kind in the plan a handler acts on, as its viewer may see
    it: `load(g, row_id)` returns the row (anything the handler wants) or None when it is
    not in that plan or hidden from the viewer; `owner(s, row_id)` the plan it really
    belongs to, for the audit row of a refusal (default: the plan named)."""

    name: str
    load: Callable[["Ctx", int], Any]
    owner: Optional[Callable[[Any, int], Optional[int]]] = None


ROW_KINDS: dict[str, RowKind] = {
    "plan": RowKind("plan", lambda g, _id: g.plan),
}


def row_kind(name: str, load: Callable[["Ctx", int], Any],
             owner: Optional[Callable[[Any, int], Optional[int]]] = None) -> None:
    """Register a row kind (done by the feature that owns the rows). One feature owns a
    name: a second registration would silently replace the first for every handler."""
    known = ROW_KINDS.get(name)
    if known is not None and (known.load.__module__, known.load.__qualname__) != (
            load.__module__, load.__qualname__):  # the same function again is a module reload
        raise ValueError(f"row kind {name!r} is registered already by {known.load.__module__}")
    ROW_KINDS[name] = RowKind(name, load, owner)


# -- the context a handler gets --------------------------------------------------------

class Refused(Exception):
    """Raised by `Ctx.refuse` inside a handler: the gate stops it there (already told)."""


@dataclass
class Ctx:
    """What the gate checked, for the handler: the unit of work `s`, the `viewer`, the
    `plan` and its `access`, the declared `row`, and `page` (the state named by `on`)."""

    state: Any
    decl: "Decl"
    viewer: Optional[Viewer]
    s: Any = None
    plan: Any = None
    access: Optional[PlanAccess] = None
    plan_id: Optional[int] = None
    row: Any = None
    row_id: Optional[int] = None
    page: Any = None
    granted: Any = None  # what `may` returned, when it returned more than True
    sig: Optional[live.Writing] = None  # the plan's signal, held by a write
    _data: Any = None
    _live: Optional[dict] = None
    _after: list = dc_field(default_factory=list)
    _target: Optional[str] = None  # the audit target of a refusal in `open`

    # what the handler reads
    def who(self) -> Optional[Viewer]:
        """The viewer behind this event, from the session (looked up once; `own` handlers
        ask for it only when they need it)."""
        if self.viewer is None:
            self.viewer = current_viewer(self.state)
        return self.viewer

    @property
    def lang(self) -> str:
        return lang_of(self.state, self.viewer)

    def t(self, key: str, **kw: Any) -> str:
        return t(key, self.lang, **kw)

    @property
    def actor(self):  # noqa: ANN201 - domain.access.Actor
        return self.access.actor(self.viewer)

    @property
    def role(self) -> str:
        """The viewer's role in the plan for audit rows (their kind outside one)."""
        if self.access is not None and self.access.role:
            return str(self.access.role)
        return self.viewer.kind if self.viewer else ""

    @property
    def data(self) -> Any:
        """Everything of the plan the viewer may see (the plan feature's `load_plan`,
        see `plan_loader`), loaded once."""
        if self._data is None:
            if _plan_loader is None:
                raise RuntimeError("no plan loader: the plan feature registers it (plan_loader)")
            self._data = _plan_loader(self.s, self.plan, self.access, self.viewer)
        return self._data

    def open(self, plan_id: Optional[int], target: Optional[str] = None) -> None:
        """For a page whose plan the handler finds itself (declared `page(plan=...)`
        returning None; e.g. the plan of a thread): the checks of a plan event on
        `plan_id` (`g.plan`, `g.access` set), or refused (audited, told; the handler
        stops there); `target`: the audit target of a refusal."""
        self.plan_id, self._target = plan_id, target
        _check(self)
        self._target = None

    # what the handler says
    def audit(self, *, target: str = "", detail: str = "", action: Optional[str] = None,
              allowed: bool = True, role: Optional[str] = None) -> None:
        """An audit row of this action (the declared one unless `action`)."""
        audit.record(self.s, actor_id=self.viewer.account_id if self.viewer else None,
                     actor_role=self.role if role is None else role,
                     action=action or self.decl.action, plan_id=self.plan_id, target=target,
                     allowed=allowed, detail=detail)

    def refuse(self, reason: str, *, target: Optional[str] = None, key: str = "error.not_allowed",
               action: Optional[str] = None, field: Optional[str] = None) -> None:
        """Say no the one way: an audit row (refused) and `key`'s text where refusals show.
        Raises `Refused`: the handler stops here, its unit of work is still committed
        (the audit row stays)."""
        self.audit(target=self.target if target is None else target, detail=reason,
                   action=action, allowed=False)
        if field is None:
            field = self.decl.refuse_field if self.decl.refuse_field is not None \
                else _message_field(self.page, None)
        _show(self.page, field, self.t(key))
        raise Refused(reason)

    @property
    def target(self) -> str:
        """The declared row as an audit target (`measure:12`), or ""."""
        if self._target is not None:
            return self._target
        if self.decl.row and self.decl.row != "plan" and (self.row_id or not self.decl.new_ok):
            return f"{self.decl.row}:{self.row_id}"
        return ""

    def changed(self, *, measures: Optional[typing.Iterable[int]] = None, dialog: bool = False,
                hand_over: bool = False) -> None:
        """Move the plan's live signal once the unit of work is committed: `measures`, the
        only tiltak touched; `dialog`, only the dialog; neither: anything. `hand_over`: the
        writer's own pages may take this access check for the new version (only for a
        change of tiltak or the dialog alone; see `live.changed`)."""
        self._live = {"measures": list(measures) if measures is not None else None,
                      "dialog": dialog, "hand_over": hand_over}

    def after(self, fn: Callable[[], Any]) -> None:
        """Run `fn` once the unit of work is committed (and the page follows the plan)."""
        self._after.append(fn)


# -- declarations ------------------------------------------------------------------------

@dataclass(frozen=True)
class Decl:
    """One handler's declaration (kept on it as `__gate__`)."""

    kind: str  # write | read | page | own | ui_only
    action: str = ""
    row: Optional[str] = None
    row_id: Optional[str] = None
    new_ok: bool = False
    data: bool = False
    on: Optional[type] = None
    may: Optional[Callable[[Ctx], Any]] = None
    field: str = "error"
    screen: str = "page"
    plan: Optional[Callable[[Ctx], Optional[int]]] = None
    target: Optional[Callable[[Ctx], str]] = None
    trouble_screen: Optional[str] = None
    clear: bool = True
    action_of: Optional[Callable[[Any], str]] = None
    refuse_field: Optional[str] = None  # where refusals show on `on` (default: its error)
    own_writes: bool = False  # an `own` handler that writes (database trouble is said)
    on_refused: Optional[Callable[[Any, "Ctx"], None]] = None  # the tab after the gate said no
    may_reason: str = ""  # the audit detail when `may` says no ("role"; pages "no_scope")
    trouble_key: str = "error.db_busy"  # what a locked or missing database says
    before: Optional[Callable[[Any, dict], Any]] = None  # see `write`

    @property
    def writes(self) -> bool:
        return self.kind == "write" or self.own_writes


def _signature(fn: Callable, takes_ctx: bool) -> tuple[inspect.Signature, dict, list[str]]:
    """The signature Reflex sees (without `g`), the payload hints, the argument names."""
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    if takes_ctx:
        if len(params) < 2:
            raise TypeError(f"{fn.__qualname__}: a gated handler takes (self, g, ...)")
        params = [params[0]] + params[2:]
    hints = typing.get_type_hints(fn)
    names = [p.name for p in params[1:]]
    for p in names:
        inner, _ = _optional(hints.get(p))
        if inner not in PAYLOAD_TYPES and typing.get_origin(inner) is not dict:
            raise TypeError(f"{fn.__qualname__}({p}): annotate it with one of {PAYLOAD_TYPES}")
    return sig.replace(parameters=params), {p: hints.get(p) for p in names}, names


def _declare(decl: Decl, fn: Callable, takes_ctx: bool = True) -> Callable:
    """The handler Reflex registers: same name, the signature without `g`, checked
    payload, then the gate's flow for `decl.kind`."""
    sig, hints, names = _signature(fn, takes_ctx)
    name = fn.__qualname__
    is_async = inspect.iscoroutinefunction(fn)

    def checked(state: Any, args: tuple, kwargs: dict) -> Optional[dict]:
        try:
            try:
                bound = sig.bind(None, *args, **kwargs)
            except TypeError as exc:  # an unknown or a missing argument
                raise BadPayload(str(exc)) from None
            return {p: check_arg(v, hints[p], p) for p, v in bound.arguments.items()
                    if p in hints}
        except BadPayload as exc:
            field = decl.field if decl.kind == "write" else None
            _refuse_payload(state, _message_field(state, field), name, str(exc))
            return None

    async def call(state: Any, g: Optional[Ctx], values: dict) -> Any:
        out = fn(state, g, **values) if takes_ctx else fn(state, **values)
        return await out if is_async else out

    if decl.kind == "ui_only" and not is_async:
        @functools.wraps(fn)
        def handler(self, *args, **kwargs):  # noqa: ANN001, ANN202
            if later := _until_loaded(self, fn.__name__, args, kwargs):
                return later
            values = checked(self, args, kwargs)
            if values is None:
                return None
            pop_write_id(values)  # only async handlers write (see kernel/writes.py)
            return fn(self, **values)
    else:
        @functools.wraps(fn)
        async def handler(self, *args, **kwargs):  # noqa: ANN001, ANN202
            if decl.kind != "page" and (later := _until_loaded(self, fn.__name__, args, kwargs)):
                return later
            values = checked(self, args, kwargs)
            if values is None:
                return None
            # a form sent from the page carries a write id: run it at most once per id in
            # this tab, so a resend after a dropped connection never doubles it (kernel/writes.py)
            write_id = pop_write_id(values)
            if write_id:
                return await run_once(self, write_id, lambda: dispatch(self, values))
            return await dispatch(self, values)

        async def dispatch(self, values: dict) -> Any:  # noqa: ANN001
            if decl.kind == "ui_only":
                return await call(self, None, values)
            try:
                if decl.kind == "own":
                    return await _own(self, decl, call, values)
                if decl.kind == "page":
                    return await _page(self, decl, call, values)
                return await _plan_event(self, decl, call, values)
            finally:
                # the views of the page this tab shows are evaluated in this event's delta
                # (the session, the access and the plan as they are now; kernel/live.py)
                await live.mark_views(self)

    handler.__signature__ = sig  # type: ignore[attr-defined]
    handler.__annotations__ = {**{p: hints[p] for p in names},
                               **({"return": fn.__annotations__["return"]}
                                  if "return" in fn.__annotations__ else {})}
    handler.__gate__ = decl  # type: ignore[attr-defined]
    handler.__typed__ = True  # type: ignore[attr-defined]
    if decl.writes:
        handler.__db_trouble__ = (decl.field, decl.trouble_key)  # type: ignore[attr-defined]
    return handler


# Reflex queues a page's loads behind what the tab sent before them: `hydrate_and_load`
# (each page load and reconnect) returns `on_load_internal`, which then queues the loads
# last. A form sent while the page is still loading (a quick hand, a slow server, a queue
# of events sent on reconnect) would run first, and the load would then reset what it did
# (a search's hits, a chosen person, a notice). Until the tab's page is loaded (Reflex's
# `is_hydrated`), such an event goes back into the queue, behind the loads; after a few
# rounds (a load chain cancelled by a navigation never sets it) it runs as it is.
_LOAD_ROUNDS = 8
_waiting: dict[tuple[str, str], int] = {}


def _until_loaded(state: Any, name: str, args: tuple, kwargs: dict) -> Any:
    """The same event again, queued behind the page's loads; None: run it now (also when
    it is one of the page's loads itself: `gate.own` loads of /login and the invitation)."""
    try:
        if state.is_hydrated:  # the usual case, first: no router read on the hot path
            return None
        token = live.tab_of(state)
    except Exception:  # noqa: BLE001 - no root state or router (called outside Reflex)
        return None
    key = (token, name)
    rounds = _waiting.pop(key, 0)
    if not token or rounds >= _LOAD_ROUNDS or _is_page_load(state, name):
        return None
    _waiting[key] = rounds + 1
    return getattr(type(state), name)(*args, **kwargs)


def _is_page_load(state: Any, name: str) -> bool:
    """Is `state.name` an on_load handler of the page the tab shows?"""
    app = live._APP
    if app is None:
        return False
    for ev in app.get_load_events(live.path_of(state)):
        fn = getattr(ev, "fn", None) or getattr(getattr(ev, "handler", None), "fn", None)
        if getattr(fn, "__qualname__", None) == f"{type(state).__qualname__}.{name}":
            return True
    return False


def _decorator(decl: Decl, takes_ctx: bool = True) -> Callable[[Callable], Callable]:
    return lambda fn: _declare(decl, fn, takes_ctx)


def write(action: str, *, row: Optional[str] = None, row_id: Optional[str] = None,
          new_ok: bool = False, data: bool = False, on: Optional[type] = None,
          may: Optional[Callable[[Ctx], Any]] = None, field: str = "error",
          clear: bool = True, action_of: Optional[Callable[[Any], str]] = None,
          refuse_field: Optional[str] = None,
          on_refused: Optional[Callable[[Any, Ctx], None]] = None,
          may_reason: str = "role", trouble_key: str = "error.db_busy",
          before: Optional[Callable[[Any, dict], Any]] = None) -> Callable:
    """A change to the plan the page shows (see the module's docstring). `action_of(state)`
    names the action when it depends on the open form (e.g. move or cancel a meeting);
    `on_refused(state, g)`: what the tab does after the gate refused (e.g. close the dialog).
    `trouble_key`: the text a locked or missing database shows (default "prøv igjen").
    `before(state, values)`: run before the gate's checks, e.g. to find the tab's place
    again from the form after the server lost the tab's state (only ever a lookup: the
    gate then checks it as any id from the browser)."""
    return _decorator(Decl("write", action, row, row_id, new_ok, data, on, may, field,
                           clear=clear, action_of=action_of, refuse_field=refuse_field,
                           on_refused=on_refused, may_reason=may_reason,
                           trouble_key=trouble_key, before=before))


def read(action: str, *, row: Optional[str] = None, row_id: Optional[str] = None,
         new_ok: bool = False, data: bool = False, on: Optional[type] = None,
         may: Optional[Callable[[Ctx], Any]] = None, field: str = "error",
         refuse_field: Optional[str] = None, clear: bool = False,
         on_refused: Optional[Callable[[Any, Ctx], None]] = None,
         may_reason: str = "role") -> Callable:
    """Opening a form or dialog on the plan the page shows: the checks of `write`, no lock,
    no live signal; refusals are audited, allowed reads are the handler's to audit."""
    return _decorator(Decl("read", action, row, row_id, new_ok, data, on, may, field,
                           clear=clear, refuse_field=refuse_field, on_refused=on_refused,
                           may_reason=may_reason))


def page(action: str, *, may: Optional[Callable[[Ctx], Any]] = None, screen: str = "page",
         plan: Optional[Callable[[Ctx], Optional[int]]] = None,
         target: Optional[Callable[[Ctx], str]] = None,
         trouble_screen: Optional[str] = None, may_reason: str = "no_scope") -> Callable:
    """A page load (see the module's docstring). `plan(g)`: the plan of a page of the
    viewer's own (None: the handler shows the viewer's own things, no plan is checked,
    or finds the plan itself and has the gate check it with `g.open(plan_id)`);
    `target(g)`: the audit target of an allowed read; `trouble_screen`: the screen shown
    when the database cannot be read (else the error goes to the app's error notice)."""
    return _decorator(Decl("page", action, may=may, screen=screen, plan=plan, target=target,
                           trouble_screen=trouble_screen, may_reason=may_reason))


def own(action: str = "", *, writes: bool = False, field: str = "error",
        trouble_key: str = "error.db_busy") -> Callable:
    """A handler that touches only the caller's own things (their own login, list or
    language): viewer and a unit of work, no plan. `writes`: it changes something, so a
    locked or missing database is said at `field` (as `db_trouble`)."""
    return _decorator(Decl("own", action, field=field, own_writes=writes,
                           trouble_key=trouble_key))


def ui_only(fn: Callable) -> Callable:
    """A handler that reads and writes no data (what the tab shows); payload still checked."""
    return _declare(Decl("ui_only"), fn, takes_ctx=False)


def declaration(handler: Any) -> Optional[Decl]:
    """The gate's declaration of an event handler (an rx EventHandler or a function)."""
    fn = getattr(handler, "fn", handler)
    return getattr(fn, "__gate__", None)


# -- the flows -------------------------------------------------------------------------------

_JUNK = -1  # an id that was sent but is no id: looks up nothing, is never "a new one"


def _pick(state: Any, values: dict, spec: Optional[str]) -> Optional[int]:
    """The id the declaration points at, as an int: None when absent (or ""), `_JUNK`
    when something was sent that is no id."""
    if not spec:
        return None
    if spec.startswith("self."):
        value = getattr(state, spec[5:], None)
    else:
        name, _, key = spec.partition(".")
        value = values.get(name)
        if key:
            value = value.get(key) if isinstance(value, dict) else None
    if value is None or value == "":
        return None
    found = to_int(value)
    return _JUNK if found is None else found


def _clear(state: Any) -> None:
    names = getattr(type(state), "vars", {}) or {}
    for f in ("notice", "error"):
        if f in names:
            setattr(state, f, "")


def _trouble(state: Any, field: str, exc: BaseException, name: str,
             key: str = "error.db_busy") -> None:
    trouble_log.warning("database trouble in %s, nothing saved, the user may try again: %s",
                        name, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    _say(state, field, key)


async def _plan_event(state: Any, decl: Decl, call: Callable[..., Awaitable], values: dict) -> Any:
    """write / read: lock (writes), viewer, policy, row, handler, one commit, live signal."""
    page_state = await state.get_state(decl.on) if decl.on is not None else state
    if decl.clear:
        _clear(page_state)
    if decl.before is not None:
        try:
            r = decl.before(state, values)
            if inspect.isawaitable(r):
                await r
        except DB_TROUBLE as exc:
            _trouble(state, decl.field, exc, f"{type(state).__name__}.{decl.action}",
                     decl.trouble_key)
            return None
    plan_id = getattr(page_state, "_plan_id", None)
    action = decl.action_of(state) if decl.action_of else decl.action
    decl_now = decl if action == decl.action else _with_action(decl, action)
    try:
        # FIRST: the plan's lock (writes); released, and the plan's other tabs woken, after
        # the commit and the signal
        async with live.plan_lock(plan_id if decl.writes else None) as sig:
            with db.session() as s:
                g = Ctx(state=state, decl=decl_now, viewer=checked_viewer(state), s=s,
                        page=page_state, sig=sig, plan_id=plan_id)
                g.row_id = _pick(state, values, decl.row_id)
                try:
                    _check(g)
                except Refused:
                    if decl.on_refused is not None:
                        decl.on_refused(state, g)
                    return None
                try:
                    out = await call(state, g, values)
                except Refused:
                    return None
            if g._live is not None and sig is not None:
                live_ = g._live
                changed(sig, state, measures=live_["measures"], dialog=live_["dialog"],
                        checked=(g.plan, g.access, g.viewer) if live_["hand_over"] else None)
        await _run_after(g)
        return out
    except DB_TROUBLE as exc:
        _write_trouble(state, decl, exc)
        return None


def _write_trouble(state: Any, decl: Decl, exc: BaseException) -> None:
    """A locked or missing database during a handler: a write says "prøv igjen" where its
    form shows errors (nothing was committed); anything else fails as an error."""
    if not decl.writes:
        raise exc
    _trouble(state, decl.field, exc, f"{type(state).__name__}.{decl.action}", decl.trouble_key)


async def _run_after(g: Ctx) -> None:
    for fn in g._after:
        r = fn()
        if inspect.isawaitable(r):
            await r
    lang = getattr(g.viewer, "lang", None)
    if isinstance(lang, str) and isinstance(g.state, rx.State):  # unit tests pass stand-ins
        await _follow_language(g.state, lang)


# The tab's language state (kernel/i18n/browser.LangState): it registers itself here,
# since it declares its own handler through this gate (no import back).
_language_state: Optional[type] = None


def follow_language_with(state_cls: type) -> None:
    global _language_state
    _language_state = state_cls


async def _follow_language(state: Any, lang: str) -> None:
    """The texts this event built on the server are in the viewer's language: the tab's
    own texts and <html lang> follow it in the same answer (a language chosen on another
    device turns the whole open tab, not some buttons under lang="nb")."""
    if _language_state is None or isinstance(state, _language_state):
        return
    tab = await state.get_state(_language_state)
    if tab.lang != lang:
        tab.lang = lang


def _with_action(decl: Decl, action: str) -> Decl:
    return dataclasses.replace(decl, action=action)


def _check(g: Ctx) -> None:
    """The checks every plan event shares; `g.refuse` (raises Refused) on the first no."""
    decl = g.decl
    if g.viewer is None or g.plan_id is None:
        _under_owner(g)
        g.refuse("no_plan")
    g.plan, g.access = access_for(g.s, g.viewer, g.plan_id, today())
    if g.plan is None or not g.access.allowed:
        g.refuse(g.access.reason or "denied")
    if decl.writes:
        for guard in _write_guards:  # e.g. a closed plan is read-only (closing/state.py)
            refusal = guard(g)
            if refusal:
                g.refuse(refusal[0], key=refusal[1])
    if decl.may is not None:
        granted = decl.may(g)
        if not granted:
            g.refuse(decl.may_reason or "role")
        g.granted = granted
    if decl.data:
        _ = g.data
    if decl.row and decl.row != "plan":
        if decl.new_ok and g.row_id in (None, 0):
            g.row_id = 0
            return  # a new one: nothing to load
        if g.row_id is None or g.row_id == _JUNK:
            g.refuse("hidden")
        kind = ROW_KINDS[decl.row]
        g.row = kind.load(g, g.row_id)
        if g.row is None:
            if kind.owner is not None:  # log the attempt under the plan the row belongs to
                real = kind.owner(g.s, g.row_id)
                g.plan_id = real if real is not None else g.plan_id
            g.refuse("hidden")


def _under_owner(g: Ctx) -> None:
    """A refusal before any plan was named: log it under the plan the declared row
    belongs to, if it names one (the person finds the attempt in their access log)."""
    kind = ROW_KINDS.get(g.decl.row or "")
    if kind is not None and kind.owner is not None and g.row_id is not None:
        g.plan_id = kind.owner(g.s, g.row_id)


async def _page(state: Any, decl: Decl, call: Callable[..., Awaitable], values: dict) -> Any:
    """A page load: viewer, plan, policy, the read audited, handler, follow the plan."""
    forget_viewer(state)
    # read now (opening or reloading a page looks the session up afresh), and kept for the
    # views of this event's delta (`live.viewer_of`), which then need no second look-up
    viewer = checked_viewer(state)
    if viewer is None:
        return rx.redirect("/login")
    for f, empty in (("notice", ""), ("error", ""), ("errors", {})):
        if f in (getattr(type(state), "vars", {}) or {}):
            setattr(state, f, empty)
    state._plan_id = None
    try:
        return await _page_read(state, decl, call, values, viewer)
    except DB_TROUBLE as exc:
        if decl.trouble_screen is None:
            raise
        log.warning("database trouble while opening %s: %s", state.router.url.path,
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        state._plan_id = None
        state.screen = decl.trouble_screen
        return None


async def _page_read(state: Any, decl: Decl, call: Callable[..., Awaitable], values: dict,
                     viewer: Viewer) -> Any:
    async def run(g: Ctx) -> Any:
        try:
            return await call(state, g, values)
        except Refused:  # the handler said no after all (its audit row is kept)
            state._plan_id = None
            state.screen = "denied"
            return None

    with db.session() as s:
        g = Ctx(state=state, decl=decl, viewer=viewer, s=s, page=state)
        if decl.plan is not None:
            g.plan_id = decl.plan(g)
            if g.plan_id is None:  # the viewer's own things, or a plan the handler finds
                try:
                    out = await call(state, g, values)
                except Refused:  # said by the handler (`g.open`, `g.refuse`): already shown
                    return None
                own_only = True
            else:
                own_only = False
        else:
            g.plan_id = to_int(route_params(state).get("plan_id"))
            own_only = False
        if not own_only:
            allowed, reason = False, "bad_id"
            if g.plan_id is not None:
                g.plan, g.access = access_for(s, viewer, g.plan_id, today())
                allowed, reason = g.plan is not None and g.access.allowed, g.access.reason
                if allowed and decl.may is not None:
                    g.granted = decl.may(g)
                    allowed, reason = bool(g.granted), decl.may_reason
            g.audit(target=decl.target(g) if allowed and decl.target else "",
                    detail="" if allowed else reason or "no_scope", allowed=allowed)
            if not allowed:
                state.screen = "denied"
                return None
            state._plan_id = g.plan_id
            state.screen = decl.screen
            out = await run(g)
    # after the unit of work is closed: awaiting while a session holds a pooled connection
    # let concurrent page loads exhaust the pool
    if not own_only and state.screen == decl.screen and state._plan_id is not None:
        await follow_plan(state, state._plan_id)  # only after the access check
    await _run_after(g)
    return out


async def _own(state: Any, decl: Decl, call: Callable[..., Awaitable], values: dict) -> Any:
    try:
        with db.session() as s:
            g = Ctx(state=state, decl=decl, viewer=None, s=s, page=state)
            try:
                out = await call(state, g, values)
            except Refused:
                return None
    except DB_TROUBLE as exc:
        _write_trouble(state, decl, exc)
        return None
    await _run_after(g)
    return out


__all__ = ["Ctx", "Decl", "Refused", "ROW_KINDS", "declaration", "own", "page", "read",
           "row_kind", "ui_only", "write", "KINDS"]
