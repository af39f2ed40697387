"""The event websocket accepts only this site's pages (issue 17, finding 8): the
handshake's Origin must be this host or one of IP_ALLOWED_ORIGINS. The live server is
tested with a raw socket.io client in tests/e2e/test_production_settings.py."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from ip_app.auth.origin import check_origin, origin_allowed

HOST = "testserver"  # what Starlette's test client sends as Host, for websockets too


async def _echo(ws: WebSocket) -> None:
    await ws.accept()
    await ws.send_text("hei")
    await ws.close()


def _client() -> TestClient:
    inner = Starlette(routes=[WebSocketRoute("/_event/", _echo),
                              Route("/_event/", lambda r: PlainTextResponse("poll")),
                              Route("/login", lambda r: PlainTextResponse("side"))])
    return TestClient(check_origin(inner), base_url=f"https://{HOST}")


@pytest.fixture(autouse=True)
def _no_extra(monkeypatch):
    monkeypatch.delenv("IP_ALLOWED_ORIGINS", raising=False)


@pytest.mark.parametrize("origin", [f"https://{HOST}", f"http://{HOST}", None])
def test_same_origin_or_no_origin_connects(origin):
    headers = {"origin": origin} if origin else {}
    with _client().websocket_connect("/_event/?EIO=4&transport=websocket", headers=headers) as ws:
        assert ws.receive_text() == "hei"


@pytest.mark.parametrize("origin", ["https://evil.example", f"https://{HOST}.evil.example",
                                    f"https://{HOST}:8443", "null", "file://"])
def test_foreign_origin_is_refused(origin):
    with pytest.raises(WebSocketDisconnect) as refused:
        with _client().websocket_connect("/_event/?EIO=4&transport=websocket",
                                         headers={"origin": origin}):
            pass
    assert refused.value.code == 1008
    r = _client().get("/_event/?EIO=4&transport=polling", headers={"origin": origin})
    assert r.status_code == 403


def test_other_paths_are_not_affected():
    assert _client().get("/login", headers={"origin": "https://evil.example"}).text == "side"


def test_configured_origins(monkeypatch):
    monkeypatch.setenv("IP_ALLOWED_ORIGINS", "https://minplan.example.no, https://Other.example/")
    assert origin_allowed("https://minplan.example.no", "backend:8000")
    assert origin_allowed("https://other.example", "backend:8000")
    assert not origin_allowed("https://evil.example", "backend:8000")
    assert origin_allowed("http://backend:8000", "backend:8000")


def test_local_ports_only_in_development(monkeypatch):
    """`reflex run` (dev) serves the page on :3000 and the socket on :8000."""
    monkeypatch.setenv("REFLEX_ENV_MODE", "dev")
    assert origin_allowed("http://localhost:3000", "localhost:8000")
    assert not origin_allowed("https://evil.example", "localhost:8000")
    monkeypatch.setenv("REFLEX_ENV_MODE", "prod")
    assert not origin_allowed("http://localhost:3000", "localhost:8000")
    assert origin_allowed("http://127.0.0.1:3000", "127.0.0.1:3000")
