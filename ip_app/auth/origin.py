"""The websocket (`/_event`) only for pages of this site (issue 17).

A browser sends the Origin of the page that opens a websocket, and the socket carries
the session cookie: without a check, any site the person visits could open the app's
socket in their name (only SameSite=Strict stood in the way). The handshake is refused
unless Origin is this host (the Host header: scheme aside, a TLS proxy in front changes
it) or one of IP_ALLOWED_ORIGINS (space or comma separated, e.g. when a proxy rewrites
Host). A handshake without Origin is no browser's and carries nothing a browser holds.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable
from urllib.parse import urlsplit

from ip_app.kernel.config import LOCAL_HOSTS

log = logging.getLogger("ip_app.origin")
EVENT_PATH = "/_event"


def allowed_origins() -> frozenset[str]:
    raw = os.environ.get("IP_ALLOWED_ORIGINS", "").replace(",", " ").split()
    return frozenset(o.rstrip("/").lower() for o in raw)


def origin_allowed(origin: str | None, host: str | None) -> bool:
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin in allowed_origins():
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False  # "null" (sandboxed frames, file pages) and anything odd
    host = (host or "").strip().lower()
    if parts.netloc == host:
        return True
    # `reflex run` in development: the page on :3000, the socket on :8000, both local
    return (os.environ.get("REFLEX_ENV_MODE", "dev") == "dev"
            and parts.hostname in LOCAL_HOSTS and urlsplit("//" + host).hostname in LOCAL_HOSTS)


def _header(scope: dict, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k.lower() == name:
            return v.decode("latin-1")
    return None


def check_origin(app: Callable) -> Callable:
    """ASGI middleware (a Reflex api_transformer) guarding the event socket."""

    async def wrapped(scope: dict, receive: Callable, send: Callable) -> Any:
        if scope["type"] in ("websocket", "http") and scope.get("path", "").startswith(EVENT_PATH):
            origin = _header(scope, b"origin")
            if not origin_allowed(origin, _header(scope, b"host")):
                log.warning("refused %s to %s from Origin %r", scope["type"], EVENT_PATH,
                            (origin or "")[:200])
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})  # before accept: 403
                    return None
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body", "body": b"Forbidden"})
                return None
        return await app(scope, receive, send)

    return wrapped
