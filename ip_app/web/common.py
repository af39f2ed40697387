"""Small helpers every state uses: the date the rules run on, ids from the browser, a
bounded memo of what a tab was last shown, and what a write does when the database
is in trouble (`db_trouble`)."""

from __future__ import annotations

import functools
import inspect
import logging
from collections import OrderedDict
from datetime import date
from typing import Any, Callable, Hashable, Optional

from sqlalchemy import exc as sa_exc

log = logging.getLogger("ip_app.db_trouble")

# The database is locked (SQLite busy longer than the busy timeout), unreachable, restarting,
# the connection dropped, a PostgreSQL lock/statement timeout or serialization failure, or
# the connection pool is exhausted. Each is transient: the same action may simply be retried.
# Not here: IntegrityError and programming errors, which are bugs and must stay loud.
DB_TROUBLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError,
    sa_exc.DisconnectionError)


def today() -> date:
    """The date access, consent expiry and overdue evaluations are judged on."""
    return date.today()


def to_int(raw: object) -> Optional[int]:
    """An id as sent by a browser, or None: it is only ever used to look something up."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


class Memo:
    """A bounded memo, least recently used out, per worker: the last page built per tab
    (key: the tab's token, value: `(what it was built from, the page)`), or finished
    parts of pages that many tabs share."""

    def __init__(self, size: int = 2000):
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

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
    from ip_app.i18n import t
    from ip_app.web.lang import lang_of
    from ip_app.web.session import current_viewer

    try:
        viewer = current_viewer(state)  # reads the database too: may fail as well
    except Exception:  # noqa: BLE001 - fall back to the cookie's language
        viewer = None
    _show(state, field, t(key, lang_of(state, viewer)))


def refuse(state: Any, s: Any, viewer: Any, action: str, *, plan_id: Optional[int] = None,
           target: str = "", reason: str = "", role: Optional[str] = None,
           field: str = "error") -> None:
    """Say no the one way every state does: record the refused attempt in the audit log, in
    the handler's unit of work `s` (role: the viewer's kind unless given), and tell the
    viewer in their language that they may not (`field` as for `_show`)."""
    from ip_app.data import audit
    from ip_app.i18n import t
    from ip_app.web.lang import lang_of

    audit.record(s, actor_id=viewer.account_id if viewer else None,
                 actor_role=(viewer.kind if viewer else "") if role is None else role,
                 action=action, plan_id=plan_id, target=target, allowed=False, detail=reason)
    _show(state, field, t("error.not_allowed", lang_of(state, viewer)))


def db_trouble(field: str = "error", key: str = "error.db_busy") -> Callable:
    """Wrap an event handler that writes: if the database is locked or unavailable, the
    handler's unit of work has been rolled back (`data.db.session`), so nothing is
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
