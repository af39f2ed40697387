"""OpenID Connect login (issue 9) against a REAL provider: npm `oidc-provider` on 127.0.0.1.

Every flow goes through the provider's authorization endpoint, its login form
(tests/oidc/provider.mjs), its token endpoint and its signed ID token; only the
expired-token and wrong-audience checks also call the verifier directly with a real
token from the provider (the provider will not issue those itself).
"""

from __future__ import annotations

import re
import time
from typing import Iterator
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest
import sqlalchemy as sa
from authlib.jose import JsonWebKey, jwt
from sqlmodel import select
from starlette.testclient import TestClient

from ip_app.auth import oidc
from ip_app.auth.external_ids import link
from ip_app.auth.oidc_rules import REFUSALS, acr_ok
from ip_app.auth.routes import routes_app
from ip_app.kernel import db
from ip_app.kernel.accounts import account_for_token, by_username
from ip_app.kernel.i18n import t
from ip_app.kernel.models import AuditEvent, AuthSession, ExternalIdentity, OidcLogin
from ip_app.kernel.session import COOKIE_NAME
from tests.utils.oidc_provider import (
    PERSON_PID, STAFF_OID, UNKNOWN_PID, provider_env, running_provider,
)

APP = "http://127.0.0.1:8000"  # plain http on this machine: cookies without Secure


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_provider(APP) as iss:
        yield iss


@pytest.fixture
def app(issuer: str, fresh_db: str, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    for k, v in provider_env(issuer, APP).items():
        monkeypatch.setenv(k, v)
    with db.session() as s:
        link(s, by_username(s, "amina").id, "person", "pid", PERSON_PID)
        link(s, by_username(s, "veileder").id, "staff", "oid", STAFF_OID)
    return TestClient(routes_app(), base_url=APP)


def _through_provider(app: TestClient, provider: str, account: str,
                      acr: str = "idporten-loa-high") -> str:
    """Start at Min plan, log in on the provider's own form; the callback URL it sends us to."""
    r = app.post(f"/auth/oidc/{provider}", follow_redirects=False)
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    query = parse_qs(urlparse(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    with httpx.Client(follow_redirects=False, timeout=10) as idp:
        r = idp.get(url)
        while r.status_code in (302, 303):
            url = urljoin(url, r.headers["location"])
            r = idp.get(url)
        assert r.status_code == 200 and "Testinnlogging" in r.text, r.text[:300]
        action = re.search(r'action="([^"]+)"', r.text).group(1)
        r = idp.post(urljoin(url, action), data={"account": account, "acr": acr})
        url = urljoin(url, r.headers["location"])
        while not url.startswith(APP):
            r = idp.get(url)
            assert r.status_code in (302, 303), r.text[:300]
            url = urljoin(url, r.headers["location"])
    return url[len(APP):]


def _sessions() -> int:
    with db.session() as s:
        return s.exec(sa.select(sa.func.count()).select_from(AuthSession)).one()[0]


def _last_login_audit() -> AuditEvent:
    with db.session() as s:
        return s.exec(select(AuditEvent).where(AuditEvent.action == "login")
                      .order_by(AuditEvent.id.desc())).first()


def _refused(app: TestClient, callback: str, reason: str) -> AuditEvent:
    before = _sessions()
    r = app.get(callback, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/login?feil=oidc_{reason}"
    assert COOKIE_NAME not in r.cookies
    assert _sessions() == before
    ev = _last_login_audit()
    assert ev.allowed is False and ev.detail.startswith(f"oidc:") and reason in ev.detail
    return ev


def test_person_logs_in_with_id_porten(app: TestClient) -> None:
    r = app.get(_through_provider(app, "person", "amina"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert f"{COOKIE_NAME}=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    with db.session() as s:
        acct, _ = account_for_token(s, r.cookies[COOKIE_NAME])
        assert acct.username == "amina"
    ev = _last_login_audit()
    assert ev.allowed and ev.actor_id == acct.id and ev.detail == "oidc:person:acr=idporten-loa-high"


def test_staff_logs_in_with_entra(app: TestClient) -> None:
    r = app.get(_through_provider(app, "staff", "veileder"), follow_redirects=False)
    assert r.headers["location"] == "/"
    with db.session() as s:
        acct, org = account_for_token(s, r.cookies[COOKIE_NAME])
        assert acct.username == "veileder" and acct.kind == "staff"


def test_wrong_state_is_refused(app: TestClient) -> None:
    callback = _through_provider(app, "person", "amina")
    forged = re.sub(r"state=[^&]+", "state=forged-state", callback)
    assert "does not match" in _refused(app, forged, "state").detail


def test_state_from_another_browser_is_refused(app: TestClient, issuer: str) -> None:
    callback = _through_provider(app, "person", "amina")
    other_browser = TestClient(routes_app(), base_url=APP)  # no state cookie: login CSRF
    before = _sessions()
    r = other_browser.get(callback, follow_redirects=False)
    assert r.headers["location"] == "/login?feil=oidc_state" and _sessions() == before


def test_state_cannot_be_used_twice(app: TestClient) -> None:
    callback = _through_provider(app, "person", "amina")
    assert app.get(callback, follow_redirects=False).headers["location"] == "/"
    app.cookies.set(oidc.STATE_COOKIE, parse_qs(urlparse(callback).query)["state"][0])
    assert "used before" in _refused(app, callback, "state").detail


def test_wrong_nonce_is_refused(app: TestClient) -> None:
    callback = _through_provider(app, "person", "amina")
    with db.session() as s:  # the nonce we expect is no longer the one the provider put in the token
        row = s.exec(select(OidcLogin).order_by(OidcLogin.id.desc())).first()
        row.nonce = "another-nonce"
        s.add(row)
    ev = _refused(app, callback, "invalid")
    assert "nonce" in ev.detail.lower()


def test_too_low_security_level_is_refused(app: TestClient) -> None:
    ev = _refused(app, _through_provider(app, "person", "amina", acr="idporten-loa-substantial"), "acr")
    assert "idporten-loa-substantial below idporten-loa-high" in ev.detail


def test_lower_level_accepted_when_configured(app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IP_OIDC_PERSON_MIN_ACR", "idporten-loa-substantial")
    r = app.get(_through_provider(app, "person", "amina", acr="idporten-loa-substantial"),
                follow_redirects=False)
    assert r.headers["location"] == "/"


def test_unknown_person_is_refused_and_no_account_made(app: TestClient) -> None:
    with db.session() as s:
        accounts = s.exec(sa.text("select count(*) from account")).one()[0]
    _refused(app, _through_provider(app, "person", "ukjent"), "unknown")
    with db.session() as s:
        assert s.exec(sa.text("select count(*) from account")).one()[0] == accounts


def test_staff_identity_cannot_log_in_as_person(app: TestClient) -> None:
    with db.session() as s:  # a pid linked by mistake to a staff account
        link(s, by_username(s, "koordinator").id, "person", "pid", UNKNOWN_PID)
    _refused(app, _through_provider(app, "person", "ukjent"), "wrong_kind")


@pytest.fixture
def seen_id_tokens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every ID token the callback verified (Min plan itself no longer keeps them)."""
    seen: list[str] = []
    real = oidc.verify_id_token

    def spy(id_token: str, *args, **kwargs):
        seen.append(id_token)
        return real(id_token, *args, **kwargs)

    monkeypatch.setattr(oidc, "verify_id_token", spy)
    return seen


def _real_id_token(app: TestClient, seen: list[str]) -> tuple[str, str]:
    r = app.get(_through_provider(app, "person", "amina"), follow_redirects=False)
    assert r.headers["location"] == "/"
    with db.session() as s:
        row = s.exec(select(OidcLogin).where(OidcLogin.outcome == "ok")
                     .order_by(OidcLogin.id.desc())).first()
        return seen[-1], row.nonce


def test_expired_token_and_wrong_audience_are_refused(app: TestClient, issuer: str,
                                                      seen_id_tokens: list[str]) -> None:
    id_token, nonce = _real_id_token(app, seen_id_tokens)
    cfg = oidc.provider_config("person")
    keys = httpx.get(issuer + "/jwks").json()
    common = dict(issuer=issuer, nonce=nonce, min_acr="idporten-loa-high")
    claims = oidc.verify_id_token(id_token, keys, client_id=cfg.client_id, **common)
    assert claims["pid"] == PERSON_PID
    with pytest.raises(oidc.Refused) as exc:
        oidc.verify_id_token(id_token, keys, client_id=cfg.client_id, now=claims["exp"] + 61, **common)
    assert exc.value.reason == "invalid" and "expired" in exc.value.detail.lower()
    with pytest.raises(oidc.Refused) as exc:
        oidc.verify_id_token(id_token, keys, client_id="another-service", **common)
    assert "aud" in exc.value.detail.lower()
    with pytest.raises(oidc.Refused):
        oidc.verify_id_token(id_token, keys, client_id=cfg.client_id,
                             **{**common, "issuer": "https://idporten.example"})


def test_token_signed_with_another_key_is_refused(app: TestClient, issuer: str,
                                                  seen_id_tokens: list[str]) -> None:
    id_token, nonce = _real_id_token(app, seen_id_tokens)
    claims = jwt.decode(id_token, JsonWebKey.import_key_set(httpx.get(issuer + "/jwks").json()))
    rogue = JsonWebKey.generate_key("RSA", 2048, is_private=True)
    forged = jwt.encode({"alg": "RS256", "kid": "rogue"}, dict(claims), rogue).decode()
    with pytest.raises(oidc.Refused):
        oidc.verify_id_token(forged, httpx.get(issuer + "/jwks").json(), issuer=issuer,
                             client_id="minplan-person", nonce=nonce)


def test_logout_ends_the_session_at_the_provider(app: TestClient, issuer: str) -> None:
    r = app.get(_through_provider(app, "person", "amina"), follow_redirects=False)
    token = r.cookies[COOKIE_NAME]
    r = app.post("/auth/logout", follow_redirects=False)
    loc = r.headers["location"]
    assert loc.startswith(issuer + "/session/end?")
    q = parse_qs(urlparse(loc).query)
    # RP-initiated logout by client_id: no ID token (with the fødselsnummer) is kept for a hint
    assert q == {"client_id": ["minplan-person"], "post_logout_redirect_uri": [f"{APP}/login"]}
    with db.session() as s:
        assert account_for_token(s, token) is None
    with httpx.Client(follow_redirects=False, timeout=10) as idp:  # the provider accepts it
        page = idp.get(loc)
        assert page.status_code == 200 and "logout" in page.text.lower(), page.text[:300]
        # confirming at the provider sends the browser back to our login page
        form = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
        done = idp.post(urljoin(loc, form.group(1)), data={**fields, "logout": "yes"})
        while done.status_code in (302, 303) and not done.headers["location"].startswith(APP):
            done = idp.get(urljoin(loc, done.headers["location"]))
        assert done.status_code in (302, 303) and done.headers["location"] == f"{APP}/login"


def test_local_login_logout_stays_here(app: TestClient) -> None:
    r = app.post("/auth/login", data={"username": "veileder", "password": "demo"},
                 follow_redirects=False)
    assert r.headers["location"] == "/"
    assert app.post("/auth/logout", follow_redirects=False).headers["location"] == "/login"


def _every_stored_value() -> str:
    """Every value in every column of every table, as text (a database dump)."""
    with db.session() as s:
        return "\n".join(s.connection().connection.driver_connection.iterdump())


def test_neither_pid_nor_id_token_is_stored_after_login(app: TestClient,
                                                       seen_id_tokens: list[str]) -> None:
    """After a login and while the session lives, no column of any table holds the
    fødselsnummer or the ID token (or its claims part, which carries the pid)."""
    for provider, account in (("person", "amina"), ("staff", "veileder")):
        r = app.get(_through_provider(app, provider, account), follow_redirects=False)
        assert r.headers["location"] == "/"
    assert len(seen_id_tokens) == 2
    dump = _every_stored_value()
    assert PERSON_PID not in dump and STAFF_OID not in dump
    assert not re.search(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", dump)  # no JWT of any kind
    for id_token in seen_id_tokens:
        header, claims, signature = id_token.split(".")
        assert claims not in dump and signature not in dump



def test_provider_not_configured(app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IP_OIDC_STAFF_ISSUER")
    assert oidc.configured_providers() == ["person"]
    r = app.post("/auth/oidc/staff", follow_redirects=False)
    assert r.headers["location"] == "/login?feil=oidc_off"
    assert app.post("/auth/oidc/nobody", follow_redirects=False).headers["location"] == "/login?feil=oidc_off"


def test_cross_site_start_is_forbidden(app: TestClient) -> None:
    r = app.post("/auth/oidc/person", headers={"origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code == 403


def test_fodselsnummer_is_not_stored(app: TestClient) -> None:
    with db.session() as s:
        rows = s.exec(select(ExternalIdentity)).all()
        assert rows and all(PERSON_PID not in r.subject_hash for r in rows)
        dump = "\n".join(s.connection().connection.driver_connection.iterdump())
    assert PERSON_PID not in dump


def test_acr_levels() -> None:
    assert acr_ok("idporten-loa-high", "idporten-loa-high")
    assert acr_ok("idporten-loa-high", "idporten-loa-substantial")
    assert not acr_ok("idporten-loa-substantial", "idporten-loa-high")
    assert not acr_ok("", "idporten-loa-high") and not acr_ok("Level4", "idporten-loa-high")
    assert acr_ok("", "")


def test_every_refusal_has_a_plain_message() -> None:
    for key in set(REFUSALS.values()):
        assert t(key, "nb") and t(key, "nb") != key


def test_csp_lets_login_and_logout_forms_reach_the_providers(app: TestClient, issuer: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ip_app.auth.headers import csp
    monkeypatch.setenv("IP_OIDC_FORM_ACTION", "https://login.idporten.no")
    form_action = next(d for d in csp().split("; ") if d.startswith("form-action"))
    assert form_action == f"form-action 'self' {issuer} https://login.idporten.no"
    monkeypatch.delenv("IP_OIDC_PERSON_ISSUER")
    monkeypatch.delenv("IP_OIDC_STAFF_ISSUER")
    monkeypatch.delenv("IP_OIDC_FORM_ACTION")
    assert "form-action 'self'; " in csp() + "; "


def test_unknown_person_gets_an_account_only_when_configured(app: TestClient,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IP_OIDC_PERSON_AUTO_CREATE", "1")
    r = app.get(_through_provider(app, "person", "ukjent"), follow_redirects=False)
    assert r.headers["location"] == "/"
    with db.session() as s:
        acct, _ = account_for_token(s, r.cookies[COOKIE_NAME])
        assert acct.kind == "person" and acct.display_name == "Ukjent Person"
        assert acct.password_hash == ""  # no password login for it


def test_state_cookie_is_secure_outside_localhost(app: TestClient) -> None:
    """Issue 17: the state cookie follows the same Secure rule as the session cookie (on
    for every host but localhost/127.0.0.1), also behind a proxy that ends TLS."""
    public = TestClient(routes_app(), base_url="http://minplan.example.no")
    r = public.post("/auth/oidc/person", follow_redirects=False)
    assert r.status_code == 303
    state_cookie = next(c for c in r.headers.get_list("set-cookie")
                        if c.startswith(oidc.STATE_COOKIE + "="))
    assert "secure" in state_cookie.lower() and "httponly" in state_cookie.lower()
    local = app.post("/auth/oidc/person", follow_redirects=False)
    assert "secure" not in local.headers["set-cookie"].lower()
