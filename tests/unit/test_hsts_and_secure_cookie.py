"""HSTS and the Secure cookie flag (issue 17, finding 9): `IP_HSTS` sends
Strict-Transport-Security; cookies are Secure by default except on localhost /
127.0.0.1 (where `make run` and the tests use plain http); IP_COOKIE_SECURE forces
either way."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from ip_app.auth import headers
from ip_app.auth.routes import routes_app
from ip_app.kernel import passwords
from ip_app.kernel.lang import LANG_COOKIE
from ip_app.kernel.session import COOKIE_NAME


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, cheap_dummy_hash):
    monkeypatch.delenv("IP_HSTS", raising=False)
    monkeypatch.delenv("IP_COOKIE_SECURE", raising=False)
    headers._headers_cached.cache_clear()
    yield
    headers._headers_cached.cache_clear()


def _page_headers() -> dict[str, str]:
    inner = Starlette(routes=[Route("/", lambda r: PlainTextResponse("ok"))])
    headers._headers_cached.cache_clear()
    return dict(TestClient(headers.security_headers(inner)).get("/").headers)


def _answer(path: str, status: int = 200) -> dict[str, str]:
    inner = Starlette(routes=[Route("/{rest:path}", lambda r: PlainTextResponse(
        "x", status_code=status, headers={"cache-control": "no-cache"}))])
    return dict(TestClient(headers.security_headers(inner)).get(path).headers)


@pytest.mark.parametrize("path", ["/assets/Box-hDWzTK_d.js", "/assets/BodyShort-D68QtI-g.js.gz",
                                  "/assets/index-Ab12Cd34.css"])
def test_hashed_build_files_are_kept_a_year(path):
    """A file whose name holds its content's hash never changes under that name."""
    assert _answer(path)["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path", ["/", "/plan/1", "/app.css", "/favicon.svg", "/assets/app.js",
                                  "/assets/Box-hDWzTK_d.js/../../plan"])
def test_pages_and_unhashed_files_are_asked_for_again(path):
    assert "immutable" not in _answer(path).get("cache-control", "")


def test_a_missing_hashed_file_is_not_kept():
    assert "immutable" not in _answer("/assets/Gone-hDWzTK_d.js", status=404)["cache-control"]


def test_no_hsts_unless_configured():
    assert "strict-transport-security" not in _page_headers()


@pytest.mark.parametrize("value, sent", [
    ("31536000", "max-age=31536000"),
    ("max-age=63072000; includeSubDomains", "max-age=63072000; includeSubDomains"),
    ("max-age=63072000; includeSubDomains; preload", "max-age=63072000; includeSubDomains; preload"),
])
def test_hsts_when_configured(monkeypatch, value, sent):
    monkeypatch.setenv("IP_HSTS", value)
    assert _page_headers()["strict-transport-security"] == sent


def test_malformed_hsts_stops_the_start(monkeypatch):
    monkeypatch.setenv("IP_HSTS", "forever")
    with pytest.raises(ValueError):
        headers.security_headers(Starlette())


def _cookies_after_login(base_url: str) -> dict[str, str]:
    client = TestClient(routes_app(), base_url=base_url)
    r = client.post("/auth/login", data={"username": "amina", "password": "demo"},
                    headers={"cookie": f"{LANG_COOKIE}=nn"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/", r.headers
    return {c.split("=", 1)[0]: c for c in r.headers.get_list("set-cookie")}


@pytest.mark.parametrize("base_url", ["https://minplan.nav.no", "http://minplan.kommune.no"])
def test_cookies_are_secure_by_default(fresh_db, base_url):
    cookies = _cookies_after_login(base_url)
    assert "secure" in cookies[COOKIE_NAME].lower()
    assert "secure" in cookies[LANG_COOKIE].lower()


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:3000", "http://localhost:3000"])
def test_cookies_not_secure_on_localhost(fresh_db, base_url):
    cookies = _cookies_after_login(base_url)
    assert "secure" not in cookies[COOKIE_NAME].lower()
    assert "httponly" in cookies[COOKIE_NAME].lower()


def test_cookie_secure_setting_forces_either_way(fresh_db, monkeypatch):
    monkeypatch.setenv("IP_COOKIE_SECURE", "1")
    assert "secure" in _cookies_after_login("http://127.0.0.1:3000")[COOKIE_NAME].lower()
    monkeypatch.setenv("IP_COOKIE_SECURE", "0")
    assert "secure" not in _cookies_after_login("https://minplan.nav.no")[COOKIE_NAME].lower()
