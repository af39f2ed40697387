"""Who is asking: resolved on the server from the HttpOnly session cookie, every event.

The websocket keeps the Cookie header of its handshake, so a state reads it from
its router headers; the browser never sees the token. A cached user in the state
is never trusted: the session row is looked up again for each event, so logout or
expiry takes effect at once.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any, Optional

from ip_app.kernel import db
from ip_app.kernel.access import Viewer
from ip_app.kernel.accounts import session_facts
from ip_app.kernel.i18n import known_lang

COOKIE_NAME = "minplan_session"


def token_from_cookie_header(header: str) -> str:
    """Our cookie's value. Parsed by hand: SimpleCookie stops silently at the first
    cookie it dislikes (JSON values, spaces), which would log people out."""
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == COOKIE_NAME:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            return "" if '"' in value else value
    return ""


# The session row the SessionGuard middleware (kernel/session_guard.py) read for the event
# being handled, before its handler: (token, when, facts). The handler's own look-up of the
# same token in the same event takes it instead of reading the row a second time; a context
# variable, so it is the event's own (and a copy inherited by a task started from it is
# too old to count after `EVENT_FACTS_TTL`).
_EVENT_FACTS: ContextVar[Optional[tuple[str, float, Any]]] = ContextVar("event_facts",
                                                                        default=None)
EVENT_FACTS_TTL = 0.5  # seconds


def read_for_event(token: str, facts: Any) -> None:
    """The SessionGuard read `facts` (None: no live session) for `token` in this event."""
    _EVENT_FACTS.set((token, time.monotonic(), facts))


def _facts(token: str) -> Any:
    hit = _EVENT_FACTS.get()
    if hit is not None and hit[0] == token and time.monotonic() - hit[1] < EVENT_FACTS_TTL:
        return hit[2]
    with db.engine().connect() as conn:  # a read, on every event: no ORM session needed
        return session_facts(conn, token)


def viewer_for_token(token: str) -> Optional[Viewer]:
    f = _facts(token) if token else None
    if f is None:
        return None
    return Viewer(account_id=f.account_id, kind=f.kind, display_name=f.display_name,
                  org_id=f.organisation_id, org_kind=f.org_kind,
                  lang=known_lang(f.preferred_language))


def current_viewer(state: Any) -> Optional[Viewer]:
    """The viewer behind the event being handled by `state` (any rx.State)."""
    header = state.router.headers.raw_headers.get("cookie", "")
    return viewer_for_token(token_from_cookie_header(header))
