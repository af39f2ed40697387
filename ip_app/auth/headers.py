"""Security headers on every response, the static frontend included.

The Content-Security-Policy allows only our own scripts plus the inline scripts
of the prerendered pages, by hash (computed once from the production build).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from ip_app.kernel.config import ROOT

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
# The build's scripts and styles carry a hash of their content in the name (Vite:
# /assets/Box-hDWzTK_d.js): a new build has new names, so a browser may keep them a year
# without asking again. Pages, app.css and the favicon keep their names: not these.
_HASHED_ASSET = re.compile(r"/assets/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css|woff2?)(?:\.gz)?")
IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")


def _build_dir() -> Path:
    """Where Reflex serves the built frontend from (honours REFLEX_WEB_WORKDIR)."""
    try:
        from reflex.utils.prerequisites import get_web_dir

        return Path(get_web_dir()) / "build" / "client"
    except Exception:  # outside a Reflex process (unit tests): the default location
        return ROOT / ".web" / "build" / "client"


@lru_cache(maxsize=1)
def inline_script_hashes(build_dir: Path | None = None) -> tuple[str, ...]:
    build_dir = build_dir or _build_dir()
    hashes: set[str] = set()
    for html in build_dir.rglob("*.html"):
        for body in _INLINE_SCRIPT.findall(html.read_text(encoding="utf-8", errors="replace")):
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return tuple(sorted(hashes))


def csp() -> str:
    scripts = " ".join(("'self'",) + inline_script_hashes())
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'",
        "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
        " ".join(("form-action 'self'",) + oidc_form_action_origins()),
    ])


def oidc_form_action_origins() -> tuple[str, ...]:
    """Login and logout posts redirect to the OpenID providers (issue 9); Chromium checks
    form-action on redirects too. The issuers' origins, plus IP_OIDC_FORM_ACTION for
    providers whose login page sits on another host (ID-porten: https://login.idporten.no)."""
    from urllib.parse import urlparse

    origins = []
    for name in ("PERSON", "STAFF"):
        issuer = os.environ.get(f"IP_OIDC_{name}_ISSUER", "")
        if issuer and os.environ.get(f"IP_OIDC_{name}_CLIENT_ID"):
            u = urlparse(issuer)
            origins.append(f"{u.scheme}://{u.netloc}")
    origins += os.environ.get("IP_OIDC_FORM_ACTION", "").split()
    return tuple(dict.fromkeys(origins))


def security_headers(app: Callable) -> Callable:
    """ASGI middleware (used as a Reflex api_transformer) adding the headers."""
    hsts_value()  # a malformed IP_HSTS stops the start instead of every answer

    async def wrapped(scope: dict, receive: Callable, send: Callable) -> Any:
        if scope["type"] != "http":
            return await app(scope, receive, send)

        hashed = bool(_HASHED_ASSET.fullmatch(scope.get("path", "")))

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                keep_for_a_year = hashed and message.get("status") == 200
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in _NAMES
                           and not (keep_for_a_year and k.lower() == b"cache-control")]
                headers += _headers_cached()
                if keep_for_a_year:
                    headers.append(IMMUTABLE)
                message = dict(message, headers=headers)
            await send(message)

        return await app(scope, receive, send_with_headers)

    return wrapped


@lru_cache(maxsize=1)
def _headers_cached() -> list[tuple[bytes, bytes]]:
    return [(k.encode(), v.encode()) for k, v in {
        "content-security-policy": csp(),
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null"
        # on our own form posts, which the login routes must refuse
        "referrer-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=()",
        "cross-origin-opener-policy": "same-origin",
        **({"strict-transport-security": hsts_value()} if hsts_value() else {}),
    }.items()]


def hsts_value() -> str:
    """Strict-Transport-Security from IP_HSTS (issue 17): a number is the max-age in
    seconds ("31536000"); anything else is sent as written ("max-age=31536000;
    includeSubDomains"). Unset or empty: no header (plain http on localhost)."""
    raw = " ".join(os.environ.get("IP_HSTS", "").split())
    if not raw:
        return ""
    if raw.isdigit():
        return f"max-age={int(raw)}"
    if not re.fullmatch(r"max-age=\d+(\s*;\s*(includeSubDomains|preload))*", raw, re.I):
        raise ValueError(f"IP_HSTS must be seconds or a Strict-Transport-Security value: {raw!r}")
    return raw


_NAMES = {b"content-security-policy", b"x-content-type-options", b"x-frame-options",
          b"referrer-policy", b"permissions-policy", b"cross-origin-opener-policy",
          b"strict-transport-security"}
