"""The cookies a login sets, and the same-origin rule every login form and callback keeps.

Used by the password login (routes.py) and the OpenID Connect callback (oidc.py): one
rule for every way in.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlparse

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ip_app.kernel.config import cookie_secure_for, settings
from ip_app.kernel.lang import LANG_COOKIE, LANG_COOKIE_MAX_AGE
from ip_app.kernel.session import COOKIE_NAME


def _same_origin(request: Request) -> bool:
    """Refuse cross-site posts (login CSRF): Origin, when sent, must be this host."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlparse(origin).netloc == request.headers.get("host", "")


def secure_cookies(request: Optional[Request]) -> bool:
    """The Secure flag for the cookies of this answer (config.cookie_secure_for)."""
    return cookie_secure_for(request.url.hostname if request is not None else None)


def _set_lang_cookie(resp: Response, lang: str, request: Optional[Request]) -> None:
    # not HttpOnly: assets/lang-boot.js reads it before the first paint (a language is no
    # secret), and the page writes it when the account's language was changed elsewhere
    resp.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_MAX_AGE, path="/", httponly=False,
                    samesite="lax", secure=secure_cookies(request))


def _with_session(token: str, lang: str, request: Optional[Request] = None) -> Response:
    cfg = settings()
    resp = RedirectResponse("/", status_code=303)
    resp.set_cookie(COOKIE_NAME, token, max_age=int(cfg.session_hours * 3600), path="/",
                    httponly=True, samesite="strict", secure=secure_cookies(request))
    _set_lang_cookie(resp, lang, request)
    resp.headers["Cache-Control"] = "no-store"
    return resp
