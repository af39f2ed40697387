"""A tab's state belongs to one login; logout, expiry and the idle timeout clear it.

Reflex keeps a tab's state under the tab's token (sessionStorage), not under the login:
without this, what the veileder's tab held (caseload, plan texts, ids kept server-side)
would outlive her logout and be sent again to whoever uses the tab next (issue 17,
finding 3). `SessionGuard`, a Reflex middleware, runs before every event of a tab:

- it binds the tab's state to the login it was built under (a hash of the session
  token, backend only); when the event comes with another login or none (logged out,
  expired, idle too long, someone else logged in), it resets every state of the app in
  that tab before the handler runs, so neither the reply nor anything later holds the
  earlier data; when a login ended it also tells the page (`SessionState.ended`), which
  forgets the tab's token and goes to the login page (kernel/ui/shell.jsx `IdleWatch`);
- it records activity on the session (at most once a minute, `kernel.accounts.touch_session`)
  and tells the page when the login will end without more (`idle_ends_at`), so the page
  can warn shortly before (finding 9). The page's own check does not count as activity.

The logout button also forgets the tab's token before posting (kernel/ui/shell.jsx
`LogoutForm`): the page after logout starts with a new, empty state.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Optional

import reflex as rx
from reflex.middleware.middleware import Middleware

from ip_app.kernel import gate
from ip_app.kernel.accounts import TOUCH_EVERY, facts_for_token, idle_ends_at, record_activity
from ip_app.kernel.common import DB_TROUBLE
from ip_app.kernel.live import forget_viewer, unfollow
from ip_app.kernel.models import utcnow
from ip_app.kernel.passwords import token_hash
from ip_app.kernel.session import read_for_event, token_from_cookie_header

log = logging.getLogger(__name__)

WARN_SECONDS = 120  # the page warns this long before the idle timeout ends the login


def _stale(active: Any) -> bool:
    """Is the activity on record old enough to be written again (saves the write)?"""
    return active is None or utcnow() - active >= TOUCH_EVERY


def _ms(when: Any) -> int:
    return int(when.timestamp() * 1000) if when is not None else 0


class SessionState(rx.State):
    """What the page needs to know about the login behind this tab (no personal data)."""

    idle_ends_at: int = 0  # epoch ms: the login ends then without activity; 0: no login
    ended: bool = False  # the login of this tab ended: the page starts afresh at /login
    _bound: Optional[str] = None  # hash of the login the tab's state belongs to ("" none)

    @rx.event
    @gate.ui_only  # the SessionGuard middleware before it does the work
    def check_idle(self):
        """The page asks whether the login still holds (not activity: see SessionGuard)."""

    @rx.event
    @gate.own("stay_logged_in", writes=True, field="")  # trouble: the warning stays up
    def stay(self, g: gate.Ctx):
        """'Stay logged in': record activity now, so the login lasts another period.
        Only the caller's own login (from the cookie) is touched."""
        token = token_from_cookie_header(self.router.headers.raw_headers.get("cookie", ""))
        if not token:
            return
        touched = record_activity(token, force=True)
        if touched is not None:
            self.idle_ends_at = _ms(idle_ends_at(touched))


_NOT_ACTIVITY = (SessionState.get_full_name() + ".check_idle",)


def _app_states(root_cls: type[rx.State]) -> list[type[rx.State]]:
    """Every state class of this app under the root, shared (plan-wide) states left out:
    those hold no one's data, and resetting one would reset it for every linked tab."""
    found: list[type[rx.State]] = []
    todo = list(root_cls.get_substates())
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("ip_app.") and not issubclass(cls, rx.SharedState):
            found.append(cls)
    return found


async def clear_tab(root: rx.State) -> None:
    """Reset every state of the app in this tab to its defaults (sent to the page with the
    reply of the event being handled)."""
    for cls in _app_states(type(root)):
        state = await root.get_state(cls)
        for name, f in cls.__fields__.items():
            if f._owner is cls:  # inherited fields reset with the state that declares them
                setattr(state, name, f.default_value())
    forget_viewer(root)  # the session looked up for this tab's live views is stale
    unfollow(root)  # nor is it woken by the plan it showed


_APP: Any = None  # the rx.App (set by ip_app.py), for the logout route
_TAB = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def use_app(app: Any) -> None:
    global _APP
    _APP = app


async def clear_tab_at_logout(tab: str, session_token: str) -> bool:
    """The logout route: clear the state of the tab that logged out at once (not only at
    its next event), so nothing of the login stays in the server's state store (memory,
    disk or Redis). Only a tab whose state belongs to this very login is touched."""
    if _APP is None or not session_token or not _TAB.fullmatch(tab or ""):
        return False
    async with _APP.modify_state(rx.BaseStateToken(ident=tab, cls=SessionState)) as state:
        root = state._get_root_state()
        guard = await root.get_state(SessionState)
        if guard._bound != token_hash(session_token):
            return False
        await clear_tab(root)
        guard._bound = ""  # a page with this token starts as a fresh one, logged out
    return True


class SessionGuard(Middleware):
    async def preprocess(self, app: Any, state: Any, event: Any) -> None:
        root = state._get_root_state()
        token = token_from_cookie_header(root.router.headers.raw_headers.get("cookie", ""))
        try:
            facts = facts_for_token(token)
            read_for_event(token, facts)  # the handler's own check takes this reading
        except DB_TROUBLE as exc:  # the handler checks the session itself and says so
            log.warning("database trouble while checking a tab's login: %s",
                        str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return None
        login = token_hash(token) if facts is not None else ""
        guard = await root.get_state(SessionState)
        bound = guard._bound
        if bound is not None and bound != login:
            await clear_tab(root)
            # the tab belonged to a login that is no longer there: the page leaves
            guard.ended = bool(bound) and not login
            if bound:
                log.info("a tab's state was cleared: its login %s",
                         "changed" if login else "ended")
        if bound != login:  # assigned only when it moved: the state is saved only then
            guard._bound = login
        if facts is None:
            if guard.idle_ends_at:
                guard.idle_ends_at = 0
            return None
        active = facts.active_at
        if event.name not in _NOT_ACTIVITY and _stale(active):
            try:
                active = record_activity(token) or active
            except DB_TROUBLE:
                pass  # best effort: the next event records it
        ends = _ms(idle_ends_at(active)) if active is not None else 0
        if guard.idle_ends_at != ends:  # assigned only when it moved: sent only then
            guard.idle_ends_at = ends
        return None
