"""HTTP endpoints for login and logout: the only place the session cookie is set.

Plain HTML form posts (no JavaScript needed). The token goes only into an
HttpOnly, SameSite=Strict cookie; the database stores its SHA-256. Failures are
answered after a delay that grows with repeated failures, and accounts lock
after too many (see data.accounts).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ip_app.auth import oidc
from ip_app.auth.client_address import client_address, trusted_proxies
from ip_app.auth.cookies import _same_origin, _set_lang_cookie, _with_session
from ip_app.kernel import audit, db, reset
from ip_app.kernel.accounts import (
    account_for_token, attempt_login, by_username, end_session, failure_delay,
    set_preferred_language, start_session,
)
from ip_app.kernel.config import settings
from ip_app.kernel.i18n import LANGUAGES, known_lang
from ip_app.kernel.lang import cookie_lang
from ip_app.kernel.models import Account
from ip_app.kernel.passwords import verify_password
from ip_app.kernel.session import COOKIE_NAME, token_from_cookie_header

MAX_FORM_BYTES = 4096
_IP_WINDOW_S = 300
_IP_MAX_FAILURES = 50
_failures: dict[str, deque[float]] = {}
reset.on_reset(lambda: _failures.clear())  # the tests' server, between tests (kernel/reset.py)


def _recent_failures(ip: str, *, add: bool = False) -> int:
    """Failed logins from the address in the window (per worker), counting this one if `add`.

    Only failures count: a whole office behind one address logging in every morning
    must not be locked out, while guessing from one address slows down and stops. The
    address is the real client's behind the proxies in IP_TRUSTED_PROXIES.
    """
    now = time.monotonic()
    q = _failures.setdefault(ip, deque())
    while q and now - q[0] > _IP_WINDOW_S:
        q.popleft()
    if add:
        q.append(now)
    if len(_failures) > 10_000:  # bound memory under a spray of addresses
        _failures.clear()
    return len(q)


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items() if v}


def _login_lang(s, request: Request, account_id: int) -> str:
    """The language after login: one chosen on the login page is saved to the account;
    otherwise the account's remembered choice comes back (on a new device too)."""
    chosen = cookie_lang(request.headers.get("cookie", ""))
    if chosen is not None:
        set_preferred_language(s, account_id, chosen)
        return chosen
    acct = s.get(Account, account_id)
    return known_lang(acct.preferred_language if acct else None)


def _back_to_login(code: str) -> Response:
    resp = RedirectResponse(f"/login?feil={code}", status_code=303)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def request_address(request: Request) -> str:
    """The client's address, through the proxies in IP_TRUSTED_PROXIES (client_address)."""
    return client_address(request.client.host if request.client else None,
                          request.headers.get("x-forwarded-for", ""))


async def _pause(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def login(request: Request) -> Response:
    """Limits per account (data.accounts: lockout after IP_MAX_FAILED_LOGINS) and per
    client address (here, behind trusted proxies the real client's). Every refusal is
    the same answer ("wrong": wrong password, unknown name, locked account, too many
    tries from the address) after the same work and a delay that depends only on the
    address, so neither the text nor the time tells whether a user name exists or is
    locked; the audit log keeps the real reason."""
    if not _same_origin(request):
        return PlainTextResponse("Forbidden", status_code=403)
    ip = request_address(request)
    form = await _form(request)
    username = form.get("username", "")[:80]
    password = form.get("password", "")[:256]
    if _recent_failures(ip) >= _IP_MAX_FAILURES:
        verify_password(None, password)  # the same work as any other answer
        await _pause(failure_delay(_recent_failures(ip) + 1))  # not stored: bounded memory
        return _back_to_login("wrong")
    with db.session() as s:
        result = attempt_login(s, username, password)
        audit.record(s, actor_id=result.account_id, action="login", allowed=result.ok,
                     detail="" if result.ok else result.error)
        lang = _login_lang(s, request, result.account_id) if result.ok else ""
    if result.ok:
        return _with_session(result.token, lang, request)
    # the delay grows with failures from the address, not with the account's failures,
    # so how long an answer takes does not tell whether a username exists
    await _pause(failure_delay(_recent_failures(ip, add=True)))
    return _back_to_login("wrong")


async def demo_login(request: Request) -> Response:
    """One-click login as a demo person; exists only while demo mode is on."""
    if not settings().demo_mode:
        return _back_to_login("demo_off")
    if not _same_origin(request):
        return PlainTextResponse("Forbidden", status_code=403)
    form = await _form(request)
    with db.session() as s:
        acct = by_username(s, form.get("username", "")[:80])
        if acct is None or not acct.is_demo or acct.deactivated_at is not None:
            return _back_to_login("wrong")
        token = start_session(s, acct.id)
        audit.record(s, actor_id=acct.id, action="login", detail="demo")
        lang = _login_lang(s, request, acct.id)
    return _with_session(token, lang, request)


async def logout(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("Forbidden", status_code=403)
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    provider_logout = None
    if token:
        provider_logout = await oidc.end_session_url(token)  # issue 9: end it at ID-porten/Entra too
        with db.session() as s:
            end_session(s, token)
        await _clear_tab((await _form(request)).get("tab", ""), token)  # issue 17, finding 3
    resp = RedirectResponse(provider_logout or "/login", status_code=303)
    resp.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    resp.headers["Cache-Control"] = "no-store"
    return resp


async def _clear_tab(tab: str, token: str) -> None:
    """The tab's state on the server (kernel/session_guard.py); never stands in logout's way."""
    from ip_app.kernel.session_guard import clear_tab_at_logout

    try:
        await clear_tab_at_logout(tab, token)
    except Exception:  # noqa: BLE001 - the guard clears it at the tab's next event anyway
        logging.getLogger(__name__).warning("clearing the tab at logout failed", exc_info=True)


def _local_path(value: str) -> str:
    """Where to go back to after choosing a language: a path on this site, else '/'."""
    if (not value.startswith("/") or value.startswith("//") or "\\" in value
            or any(c in value for c in "\r\n") or len(value) > 500):
        return "/"
    return value


async def choose_language(request: Request) -> Response:
    """The language menu (every page, login page too): remember the choice in a cookie,
    and on the account when logged in, then go back to the page the person was on."""
    if not _same_origin(request):
        return PlainTextResponse("Forbidden", status_code=403)
    form = await _form(request)
    lang = form.get("lang", "")
    back = _local_path(form.get("next", "/"))
    resp = RedirectResponse(back, status_code=303)
    resp.headers["Cache-Control"] = "no-store"
    if lang not in LANGUAGES:
        return resp
    token = token_from_cookie_header(request.headers.get("cookie", ""))
    if token:
        with db.session() as s:
            found = account_for_token(s, token)
            if found is not None:
                set_preferred_language(s, found[0].id, lang)
    _set_lang_cookie(resp, lang, request)
    return resp


def routes_app() -> Starlette:
    from ip_app.decisions.letter import DECISION_ROUTES
    from ip_app.export.routes import EXPORT_ROUTES

    trusted_proxies()  # a malformed IP_TRUSTED_PROXIES stops the start, not every login
    return Starlette(routes=[
        Route("/auth/login", login, methods=["POST"]),
        Route("/auth/demo", demo_login, methods=["POST"]),
        Route("/auth/logout", logout, methods=["POST"]),
        Route("/lang", choose_language, methods=["POST"]),
        *EXPORT_ROUTES,  # the plan as print page, PDF and calendar (export/routes.py)
        *DECISION_ROUTES,  # a vedtak as a letter PDF (decisions/letter.py)
        Route("/auth/oidc/{provider}", oidc.start, methods=["POST"]),
        Route("/auth/oidc/{provider}/callback", oidc.callback, methods=["GET"]),
        *reset.routes(),  # none, except on the browser tests' own server (kernel/reset.py)
    ])
