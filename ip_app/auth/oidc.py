"""OpenID Connect login: ID-porten for the person, Microsoft Entra ID for staff (issue 9).

Authorization code flow with PKCE (S256), through Authlib. The browser posts to
/auth/oidc/<provider>; we keep state, nonce and the PKCE verifier in an `oidc_login`
row (keyed by a hash of the state) and bind the browser with a short-lived HttpOnly
cookie holding the state. The callback checks that state (single use, 10 minutes),
trades the code for tokens, and verifies the ID token: signature against the
provider's JWKS, iss, aud, exp/iat, nonce, and the security level (acr) against the
configured minimum. The account is found through `external_identity` (a keyed hash
of the pid / oid claim). Then the SAME server-side session and HttpOnly cookie as a
password login. Every login and refusal is audited with its exact reason; the person
sees a plain message. The ID token itself is not kept (its pid is the fødselsnummer):
logout at the provider needs only our client_id.

Configuration: environment variables, see `ProviderConfig.from_env` and README.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Optional
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.jose import JsonWebKey, jwt
from authlib.jose.errors import JoseError
from joserfc.errors import JoseError as RfcJoseError  # Authlib 1.9 raises these from claims checks
from authlib.oidc.core import CodeIDToken
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ip_app.auth import data as auth_data
from ip_app.kernel.i18n import known_lang
from ip_app.kernel import audit, db
from ip_app.kernel.accounts import start_session
from ip_app.people.data import link_started_person
from ip_app.auth.external_ids import account_for_subject, create_person_for_subject
from ip_app.kernel.models import OidcLogin, utcnow
from ip_app.auth.cookies import _same_origin, _with_session, secure_cookies  # one rule for every login
from ip_app.kernel.passwords import token_hash
from ip_app.auth.oidc_rules import DEFAULT_ACR_ORDER, account_kind_allowed, acr_ok

PROVIDERS = ("person", "staff")
STATE_COOKIE = "minplan_oidc"
STATE_TTL = timedelta(minutes=10)
LEEWAY_S = 60
_DEFAULT_CLAIM = {"person": "pid", "staff": "oid"}


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str
    acr_values: str  # asked for in the authorization request
    min_acr: str  # refused below this
    acr_order: tuple[str, ...]
    claim: str  # the ID token claim that identifies the account
    post_logout_redirect_uri: str
    auto_create: bool

    @classmethod
    def from_env(cls, name: str) -> Optional["ProviderConfig"]:
        p = f"IP_OIDC_{name.upper()}_"
        env = os.environ.get
        issuer = env(p + "ISSUER", "").rstrip("/")
        client_id = env(p + "CLIENT_ID", "")
        if not issuer or not client_id:
            return None
        order = tuple(env(p + "ACR_ORDER", "").split()) or DEFAULT_ACR_ORDER
        return cls(
            name=name, issuer=issuer, client_id=client_id,
            client_secret=env(p + "CLIENT_SECRET", ""),
            redirect_uri=env(p + "REDIRECT_URI", ""),
            scopes=env(p + "SCOPES", "openid profile"),
            acr_values=env(p + "ACR_VALUES", ""),
            min_acr=env(p + "MIN_ACR", ""),
            acr_order=order,
            claim=env(p + "CLAIM", _DEFAULT_CLAIM[name]),
            post_logout_redirect_uri=env(p + "POST_LOGOUT_REDIRECT_URI", ""),
            auto_create=env(p + "AUTO_CREATE", "").lower() in ("1", "true", "yes", "on"),
        )


def provider_config(name: str) -> Optional[ProviderConfig]:
    return ProviderConfig.from_env(name) if name in PROVIDERS else None


def configured_providers() -> list[str]:
    return [n for n in PROVIDERS if provider_config(n) is not None]


# --- provider metadata and keys (cached; keys refetched when a kid is unknown) ----

_META_TTL_S = 600
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


async def _get_json(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.get(url)
        r.raise_for_status()
        return r.json()


async def metadata(cfg: ProviderConfig, *, refresh: bool = False) -> dict[str, Any]:
    key = "meta:" + cfg.issuer
    hit = _cache.get(key)
    if hit and not refresh and time.monotonic() - hit[0] < _META_TTL_S:
        return hit[1]
    meta = await _get_json(cfg.issuer + "/.well-known/openid-configuration")
    if meta.get("issuer", "").rstrip("/") != cfg.issuer:
        raise ValueError("issuer in discovery document differs from the configured one")
    _cache[key] = (time.monotonic(), meta)
    return meta


async def jwks(cfg: ProviderConfig, *, refresh: bool = False) -> dict[str, Any]:
    key = "jwks:" + cfg.issuer
    hit = _cache.get(key)
    if hit and not refresh and time.monotonic() - hit[0] < _META_TTL_S:
        return hit[1]
    keys = await _get_json((await metadata(cfg))["jwks_uri"])
    _cache[key] = (time.monotonic(), keys)
    return keys


class Refused(Exception):
    """A login refused; `reason` is a key of domain.oidc_login.REFUSALS, `detail` for the audit log."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or reason


def verify_id_token(id_token: str, keys: dict[str, Any], *, issuer: str, client_id: str,
                    nonce: str, min_acr: str = "", acr_order: tuple[str, ...] = DEFAULT_ACR_ORDER,
                    now: Optional[int] = None) -> dict[str, Any]:
    """The verified claims of an ID token, or Refused.

    Checks the signature (keys of the provider only; `alg: none` and HMAC are refused),
    iss, aud (and azp when several audiences), exp and iat (60 s leeway), nonce, acr.
    """
    try:
        claims = jwt.decode(
            id_token, JsonWebKey.import_key_set(keys), claims_cls=CodeIDToken,
            claims_options={"iss": {"essential": True, "value": issuer},
                            "aud": {"essential": True, "value": client_id},
                            "exp": {"essential": True}, "sub": {"essential": True}},
            claims_params={"nonce": nonce, "client_id": client_id},
        )
        if claims.header.get("alg", "").upper() in ("NONE", "HS256", "HS384", "HS512"):
            raise Refused("invalid", "alg")
        claims.validate(now=now, leeway=LEEWAY_S)
    except Refused:
        raise
    except (JoseError, RfcJoseError) as exc:
        raise Refused("invalid", f"{type(exc).__name__}: {exc}"[:200]) from exc
    except ValueError as exc:  # bad token format, no matching key
        raise Refused("invalid", f"token: {exc}"[:200]) from exc
    acr = str(claims.get("acr", ""))
    if not acr_ok(acr, min_acr, acr_order):
        raise Refused("acr", f"acr {acr or '-'} below {min_acr}")
    return dict(claims)


# --- HTTP endpoints ---------------------------------------------------------------


def _refuse(reason: str) -> Response:
    resp = RedirectResponse(f"/login?feil=oidc_{reason}", status_code=303)
    resp.headers["Cache-Control"] = "no-store"
    resp.delete_cookie(STATE_COOKIE, path="/auth/oidc")
    return resp


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _audit(actor_id: Optional[int], allowed: bool, provider: str, detail: str) -> None:
    with db.session() as s:
        audit.record(s, actor_id=actor_id, action="login", allowed=allowed,
                     detail=f"oidc:{provider}:{detail}"[:500])


def _client(cfg: ProviderConfig, meta: dict[str, Any], **kw: Any) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=cfg.client_id, client_secret=cfg.client_secret or None, scope=cfg.scopes,
        redirect_uri=cfg.redirect_uri, code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic" if cfg.client_secret else "none",
        timeout=10, **kw)


async def start(request: Request) -> Response:
    """POST /auth/oidc/<provider>: off to the provider's login page."""

    name = request.path_params["provider"]
    cfg = provider_config(name)
    if cfg is None:
        return _refuse("off")
    if not _same_origin(request):
        return Response("Forbidden", status_code=403)
    try:
        meta = await metadata(cfg)
    except (httpx.HTTPError, ValueError) as exc:
        _audit(None, False, name, f"provider: {exc}"[:200])
        return _refuse("provider")
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    with db.session() as s:
        s.add(OidcLogin(provider=name, state_hash=_sha(state), nonce=nonce, code_verifier=verifier))
    extra = {"nonce": nonce}
    if cfg.acr_values:
        extra["acr_values"] = cfg.acr_values
    async with _client(cfg, meta) as client:
        url, _ = client.create_authorization_url(
            meta["authorization_endpoint"], state=state, code_verifier=verifier, **extra)
    resp = RedirectResponse(url, status_code=303)
    # Lax: the provider's redirect back is a cross-site top-level GET
    resp.set_cookie(STATE_COOKIE, state, max_age=int(STATE_TTL.total_seconds()), path="/auth/oidc",
                    httponly=True, samesite="lax", secure=secure_cookies(request))
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _take_login(s: Session, provider: str, state: str, cookie_state: str) -> OidcLogin:
    """The pending login of this state, marked used; Refused unless it is fresh and this browser's."""
    if not state or not cookie_state or state != cookie_state:
        raise Refused("state", "state does not match this browser")
    row = auth_data.login_by_state(s, _sha(state))
    if row is None or row.provider != provider:
        raise Refused("state", "unknown state")
    if row.used_at is not None:
        raise Refused("state", "state used before")
    row.used_at = utcnow()
    s.add(row)
    if row.created_at + STATE_TTL < row.used_at:
        raise Refused("state", "login took too long")
    return row


async def callback(request: Request) -> Response:
    """GET /auth/oidc/<provider>/callback?code=..&state=.. from the provider."""

    name = request.path_params["provider"]
    cfg = provider_config(name)
    if cfg is None:
        return _refuse("off")
    q = request.query_params
    login_id: Optional[int] = None
    try:
        with db.session() as s:
            row = _take_login(s, name, q.get("state", ""), request.cookies.get(STATE_COOKIE, ""))
            login_id, nonce, verifier = row.id, row.nonce, row.code_verifier
        if q.get("error"):
            raise Refused("cancelled", f"provider error: {q.get('error')}"[:200])
        code = q.get("code", "")
        if not code:
            raise Refused("invalid", "no code")
        meta = await metadata(cfg)
        try:
            async with _client(cfg, meta) as client:
                token = await client.fetch_token(
                    meta["token_endpoint"], grant_type="authorization_code", code=code,
                    code_verifier=verifier)
        except Exception as exc:  # noqa: BLE001 - any failure at the token endpoint is a refusal
            raise Refused("invalid", f"token endpoint: {exc}"[:200]) from exc
        id_token = token.get("id_token", "")
        if not id_token:
            raise Refused("invalid", "no id_token")
        try:
            claims = verify_id_token(id_token, await jwks(cfg), issuer=cfg.issuer,
                                     client_id=cfg.client_id, nonce=nonce, min_acr=cfg.min_acr,
                                     acr_order=cfg.acr_order)
        except Refused as first:
            if "kid" not in first.detail.lower() and "key" not in first.detail.lower():
                raise
            claims = verify_id_token(id_token, await jwks(cfg, refresh=True), issuer=cfg.issuer,
                                     client_id=cfg.client_id, nonce=nonce, min_acr=cfg.min_acr,
                                     acr_order=cfg.acr_order)
        value = str(claims.get(cfg.claim, ""))
        if not value:
            raise Refused("unknown", f"no {cfg.claim} claim")
        with db.session() as s:
            acct = account_for_subject(s, name, cfg.claim, value)
            if acct is None and name == "person" and cfg.claim == "pid":
                # issue 19: a person whose plan staff started, by the fødselsnummer's hash
                acct = link_started_person(s, value)
            if acct is not None and acct.deactivated_at is not None:
                raise Refused("unknown", "account deactivated")
            if acct is None and cfg.auto_create and name == "person":
                acct = create_person_for_subject(s, name, cfg.claim, value,
                                                 display_name=str(claims.get("name", "")))
            if acct is None:
                raise Refused("unknown", f"no account for this {cfg.claim}")
            if not account_kind_allowed(name, acct.kind):
                raise Refused("wrong_kind", f"account kind {acct.kind}")
            session_token = start_session(s, acct.id)
            lang = acct.preferred_language  # the language the person chose before
            row = s.get(OidcLogin, login_id)
            row.outcome = "ok"
            row.session_token_hash = token_hash(session_token)
            s.add(row)  # the ID token is not kept: its pid is the fødselsnummer (issue 17)
            audit.record(s, actor_id=acct.id, action="login", allowed=True,
                         detail=f"oidc:{name}:acr={claims.get('acr', '')}"[:500])
    except Refused as r:
        if login_id is not None:
            with db.session() as s:
                row = s.get(OidcLogin, login_id)
                if row is not None:
                    row.outcome = r.reason
                    s.add(row)
        _audit(None, False, name, f"{r.reason}: {r.detail}")
        return _refuse(r.reason)
    except (httpx.HTTPError, ValueError) as exc:
        _audit(None, False, name, f"provider: {exc}"[:200])
        return _refuse("provider")
    resp = _with_session(session_token, known_lang(lang), request)
    resp.delete_cookie(STATE_COOKIE, path="/auth/oidc")
    return resp


async def end_session_url(session_token: str) -> Optional[str]:
    """Where to send the browser to end the session at the provider too, or None when the
    login was local or the provider has no end_session_endpoint.

    OpenID Connect RP-Initiated Logout with `client_id` (and the registered
    post_logout_redirect_uri), without `id_token_hint`: the hint is optional there, and
    keeping the ID token for it would keep the fødselsnummer (its pid claim) in the
    database for as long as the session row lives, and in every backup (issue 17)."""
    with db.session() as s:
        provider = auth_data.provider_of_session(s, token_hash(session_token))
    if provider is None:
        return None
    cfg = provider_config(provider)
    if cfg is None:
        return None
    try:
        endpoint = (await metadata(cfg)).get("end_session_endpoint")
    except (httpx.HTTPError, ValueError):
        return None
    if not endpoint:
        return None
    params = {"client_id": cfg.client_id}
    if cfg.post_logout_redirect_uri:
        params["post_logout_redirect_uri"] = cfg.post_logout_redirect_uri
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}{urlencode(params)}"
