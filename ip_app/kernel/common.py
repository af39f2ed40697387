"""Small helpers every state uses: the date the rules run on, ids from the browser, a
bounded memo of what a tab was last shown, and what a write does when the database
is in trouble (`db_trouble`)."""

from __future__ import annotations

import functools
import inspect
import logging
import math
import types
import typing
import weakref
from collections import OrderedDict
from datetime import date
from typing import Any, Callable, Hashable, Optional, Union

from sqlalchemy import exc as sa_exc

from ip_app.kernel import clock
from ip_app.kernel.writes import pop_write_id, run_once

log = logging.getLogger("ip_app.db_trouble")
payload_log = logging.getLogger("ip_app.payload")

# The database is locked (SQLite busy longer than the busy timeout), unreachable, restarting,
# the connection dropped, a PostgreSQL lock/statement timeout or serialization failure, or
# the connection pool is exhausted. Each is transient: the same action may simply be retried.
# Not here: IntegrityError and programming errors, which are bugs and must stay loud.
DB_TROUBLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError,
    sa_exc.DisconnectionError)


def today() -> date:
    """The date access, consent expiry and overdue evaluations are judged on: Norway's
    (kernel/clock.py)."""
    return clock.today()


# the range of a 64-bit integer column: a larger number is no id, and SQLite raises
# OverflowError (not a database error) when asked to look it up
ID_MIN, ID_MAX = -(2 ** 63), 2 ** 63 - 1


def route_params(state: Any) -> typing.Mapping[str, Any]:
    """The page's route arguments (`/plan/[plan_id]`) and query string values, as the
    browser sent them: any value at all, so check each. Reflex keeps them in the state's
    page data; reading them through `router.page` (the same thing, deprecated since
    Reflex 0.8.1) logs a warning on every read."""
    return state.rx_router_page.params


def to_int(raw: object) -> Optional[int]:
    """An id as sent by a browser, or None: it is only ever used to look something up."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        return None  # a list, a dict, a float …: no id
    try:
        value = int(raw) if isinstance(raw, int) else int(raw.strip()[:24])
    except ValueError:
        return None
    return value if ID_MIN <= value <= ID_MAX else None


class Memo:
    """A bounded memo, least recently used out, per worker: the last page built per tab
    (key: the tab's token, value: `(what it was built from, the page)`), or finished
    parts of pages that many tabs share.

    `Memo.named("plan.history", 50_000)` is the one memo of that name in the worker, the
    same object wherever it is asked for (a feature's data layer and its view share one
    that way); `Memo.clear_named()` empties them all (tests that roll the database back),
    `Memo.clear_all()` every memo of the worker (kernel/reset.py)."""

    _named: dict[str, "Memo"] = {}

    ALL: "weakref.WeakSet[Memo]"  # every memo of the worker (`forget_tab`)

    def __init__(self, size: int = 2000):
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        Memo.ALL.add(self)

    @staticmethod
    def forget_tab(tab: str) -> None:
        """Drop what every memo keeps for a tab that has gone (kernel/live.py)."""
        for memo in list(Memo.ALL):
            memo._items.pop(tab, None)

    @classmethod
    def named(cls, name: str, size: int = 2000) -> "Memo":
        memo = cls._named.get(name)
        if memo is None:
            memo = cls._named[name] = cls(size)
        return memo

    @classmethod
    def clear_named(cls) -> None:
        for memo in cls._named.values():
            memo.clear()

    @staticmethod
    def clear_all() -> None:
        for memo in list(Memo.ALL):
            memo.clear()

    def get(self, key: Hashable) -> Any:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def drop(self, key: Hashable) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()

    def put(self, key: Hashable, item: Any) -> None:
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def view(self, tab: str, key: Hashable, build: Callable[[], Any], keep: bool = True) -> Any:
        """What `tab` was last shown, if it was built from the same `key`; else `build()`,
        kept for the tab when `keep` (a build that raises is not kept)."""
        hit = self.get(tab)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = build()
        if keep:
            self.put(tab, (key, value))
        return value


Memo.ALL = weakref.WeakSet()


# -- the database in trouble during a write -------------------------------------------------


def _show(state: Any, field: str, text: str) -> None:
    """Put a message where the form shows its errors: `field` "error", or "errors" for a
    form that shows `errors["_form"]` above its fields; "" shows nothing."""
    if field == "errors":
        state.errors = {"_form": text}
    elif field:
        setattr(state, field, text)
    if hasattr(state, "notice") and field:
        state.notice = ""


def _say(state: Any, field: str, key: str) -> None:
    """`_show` the text of `key` in the viewer's language."""
    from ip_app.kernel.i18n import t
    from ip_app.kernel.lang import lang_of
    from ip_app.kernel.session import current_viewer

    try:
        viewer = current_viewer(state)  # reads the database too: may fail as well
    except Exception:  # noqa: BLE001 - fall back to the cookie's language
        viewer = None
    _show(state, field, t(key, lang_of(state, viewer)))


def db_trouble(field: str = "error", key: str = "error.db_busy") -> Callable:
    """Wrap an event handler that writes: if the database is locked or unavailable, the
    handler's unit of work has been rolled back (`kernel.db.session`), so nothing is
    half-written; the person is told in the page (`field`: "error", or "errors" for a
    form that shows `errors["_form"]`; "" says nothing, for background saves such as
    drafts) and can press the same button again. Logged as one warning line per event.

    Put it under `@rx.event`. The handler must change the tab's own state only after its
    `with db.session()` block, so a failed commit leaves the form as it was.
    """

    def wrap(fn: Callable) -> Callable:
        name = fn.__qualname__

        def trouble(state: Any, exc: BaseException) -> None:
            log.warning("database trouble in %s, nothing saved, the user may try again: %s",
                        name, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            _say(state, field, key)

        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def handler(self, *args, **kwargs):
                try:
                    return await fn(self, *args, **kwargs)
                except DB_TROUBLE as exc:
                    trouble(self, exc)
                    return None
        else:
            @functools.wraps(fn)
            def handler(self, *args, **kwargs):
                try:
                    return fn(self, *args, **kwargs)
                except DB_TROUBLE as exc:
                    trouble(self, exc)
                    return None
        handler.__db_trouble__ = (field, key)  # type: ignore[attr-defined]
        return handler

    return wrap


# -- typed event payloads ----------------------------------------------------------------
#
# A browser can send any event with any data. Every event handler is declared with `@typed`
# (under `@rx.event`): its arguments are checked against their annotations before the
# handler runs, and strings are made safe to store (`forms.clean_text`: no NUL, no lone
# surrogate). A wrong type is refused the one way: the person is told in their language
# (`error.bad_input`) where the form shows its errors, the attempt is audited, one warning
# line is logged (no traceback), and the handler does not run, so nothing is stored.
# tests/unit/test_typed_payloads.py checks that every handler of the app is declared so.

# the annotations a handler argument may have (each possibly Optional)
PAYLOAD_TYPES = (str, int, bool, float, dict)
_FORM_VALUE = (str, bool, int, float, type(None))  # what a form field may hold


class BadPayload(Exception):
    """An event argument of the wrong type (the message names it, for the log)."""


def _optional(hint: Any) -> tuple[Any, bool]:
    """(the type inside Optional[...], whether None is allowed)."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1 and len(typing.get_args(hint)) == 2:
            return inner[0], True
    return hint, False


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise BadPayload(f"{name}: bool for int")
    if isinstance(value, str):  # digits a browser sent as text ("12")
        value = to_int(value)
    if not isinstance(value, int) or not ID_MIN <= value <= ID_MAX:
        raise BadPayload(f"{name}: not an int")
    return value


def check_arg(value: Any, hint: Any, name: str) -> Any:
    """`value` if it has the type `hint` names (strings cleaned), else BadPayload."""
    from ip_app.kernel.forms import clean_text

    hint, may_be_none = _optional(hint)
    if value is None:
        if may_be_none:
            return None
        raise BadPayload(f"{name}: None")
    if hint is str:
        if isinstance(value, str):
            return clean_text(value)
        raise BadPayload(f"{name}: {type(value).__name__} for str")
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise BadPayload(f"{name}: {type(value).__name__} for bool")
    if hint is int:
        return _as_int(value, name)
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and math.isfinite(value):
            return float(value)
        raise BadPayload(f"{name}: not a number")
    if hint is dict or typing.get_origin(hint) is dict:
        if not isinstance(value, dict):
            raise BadPayload(f"{name}: {type(value).__name__} for a form")
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or not isinstance(item, _FORM_VALUE):
                raise BadPayload(f"{name}: a field holds {type(item).__name__}")
            if isinstance(item, float) and not math.isfinite(item):
                raise BadPayload(f"{name}: a field holds {item}")
            out[clean_text(key)] = clean_text(item) if isinstance(item, str) else item
        return out
    raise TypeError(f"{name}: annotation {hint!r} is not one of the payload types")


def _message_field(state: Any, field: Optional[str]) -> str:
    """Where this state shows an error (as `_show`): the handler's own choice, else the
    state's `error`, else its `errors` form errors, else nowhere."""
    if field is not None:
        return field
    names = getattr(type(state), "vars", {}) or {}
    return "error" if "error" in names else "errors" if "errors" in names else ""


def _refuse_payload(state: Any, field: str, handler: str, reason: str) -> None:
    """Tell, audit and log a refused payload; never raises."""
    from ip_app.kernel import audit, db
    from ip_app.kernel.i18n import t
    from ip_app.kernel.lang import lang_of
    from ip_app.kernel.session import current_viewer

    payload_log.warning("refused a wrongly typed event %s: %s", handler, reason[:200])
    viewer = None
    try:
        viewer = current_viewer(state)
        with db.session() as s:
            audit.record(s, actor_id=viewer.account_id if viewer else None,
                         actor_role=viewer.kind if viewer else "", action="bad_input",
                         target=handler[:80], allowed=False, detail=reason)
    except Exception as exc:  # noqa: BLE001 - the refusal itself must not fail
        payload_log.warning("could not audit the refused event %s: %s", handler,
                            type(exc).__name__)
    _show(state, field, t("error.bad_input", lang_of(state, viewer)))


def typed(fn: Optional[Callable] = None, *, field: Optional[str] = None) -> Callable:
    """Check an event handler's arguments by their annotations before it runs (see above).

    Put it directly under `@rx.event` (over `@db_trouble`, whose message field it uses
    unless `field` is given). Every argument must be annotated with one of
    PAYLOAD_TYPES (or Optional of one); anything else is a programming error, raised
    when the module is imported."""
    if fn is None:
        return functools.partial(typed, field=field)
    sig = inspect.signature(fn)  # follows __wrapped__ to the handler itself
    hints = typing.get_type_hints(fn)
    params = [p for p in sig.parameters if p != "self"]
    for p in params:
        inner, _ = _optional(hints.get(p))
        if inner not in PAYLOAD_TYPES and typing.get_origin(inner) is not dict:
            raise TypeError(f"{fn.__qualname__}({p}): annotate it with one of {PAYLOAD_TYPES}")
    name = fn.__qualname__
    chosen = field if field is not None else getattr(fn, "__db_trouble__", (None,))[0]

    def checked(args: tuple, kwargs: dict) -> dict:
        try:
            bound = sig.bind(None, *args, **kwargs)
        except TypeError as exc:  # an unknown or a missing argument
            raise BadPayload(str(exc)) from None
        return {p: check_arg(v, hints.get(p), p) for p, v in bound.arguments.items()
                if p != "self"}

    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def handler(self, *args, **kwargs):
            try:
                values = checked(args, kwargs)
            except BadPayload as exc:
                _refuse_payload(self, _message_field(self, chosen), name, str(exc))
                return None
            write_id = pop_write_id(values)  # a form sent from the page (kernel/writes.py)
            if write_id:
                return await run_once(self, write_id, lambda: fn(self, **values))
            return await fn(self, **values)
    else:
        @functools.wraps(fn)
        def handler(self, *args, **kwargs):
            try:
                values = checked(args, kwargs)
            except BadPayload as exc:
                _refuse_payload(self, _message_field(self, chosen), name, str(exc))
                return None
            pop_write_id(values)  # only async handlers write (see kernel/writes.py)
            return fn(self, **values)
    handler.__typed__ = True  # type: ignore[attr-defined]
    return handler
