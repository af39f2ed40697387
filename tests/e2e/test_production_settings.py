"""Production settings against real servers (issue 17, findings 6, 8 and 9).

- A second server on the session's production build, started with IP_DEMO_MODE=0 (and
  IP_HSTS) on a database that holds the demo accounts: the demo password is refused
  exactly as a wrong one, over HTTP, and every answer carries Strict-Transport-Security.
- The event websocket of the normal test server refuses a handshake from a foreign
  Origin, through a raw socket.io client, and still serves its own pages' Origin.
"""

from __future__ import annotations

import urllib.request
from typing import Iterator

import pytest
import socketio

from tests.utils.db import scalar
from tests.utils.http import login_cookie, post_form
from tests.utils.rxclient import RxClient, run_async
from tests.utils.server import RunningApp, cleanup, start_restartable

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_off_app() -> Iterator[RunningApp]:
    """The same build, demo mode OFF, on a database where the demo accounts exist (as when
    an operator turns demo mode off on a database that has them)."""
    running = start_restartable(IP_DEMO_MODE="0", IP_HSTS="31536000")  # demo data loaded
    yield running
    cleanup(running)


def test_demo_password_is_refused_when_demo_mode_is_off(demo_off_app: RunningApp) -> None:
    url = demo_off_app.url
    sessions = scalar(demo_off_app.db_url, "SELECT count(*) FROM auth_session")
    demo = post_form(url, "/auth/login", {"username": "veileder", "password": "demo"})
    wrong = post_form(url, "/auth/login", {"username": "veileder", "password": "feil-passord"})
    unknown = post_form(url, "/auth/login", {"username": "ingen-her", "password": "demo"})
    for resp in (demo, wrong, unknown):
        assert resp.status == 303 and resp.getheader("location") == "/login?feil=wrong"
        assert "minplan_session" not in (resp.getheader("set-cookie") or "")
    one_click = post_form(url, "/auth/demo", {"username": "veileder"})
    assert one_click.getheader("location") == "/login?feil=demo_off"
    assert scalar(demo_off_app.db_url, "SELECT count(*) FROM auth_session") == sessions


def test_hsts_on_every_answer_when_configured(demo_off_app: RunningApp, app: RunningApp) -> None:
    for path in ("/login", "/ping"):
        with urllib.request.urlopen(demo_off_app.url + path, timeout=10) as r:
            assert r.headers["strict-transport-security"] == "max-age=31536000"
    with urllib.request.urlopen(app.url + "/login", timeout=10) as r:  # not set: not sent
        assert r.headers["strict-transport-security"] is None


def test_websocket_refuses_a_foreign_origin(app: RunningApp) -> None:
    cookie = login_cookie(app.url, "amina")

    async def foreign() -> RxClient:
        c = RxClient(app.url, cookie, origin="https://evil.example")
        await c.connect()
        return c

    with pytest.raises(socketio.exceptions.ConnectionError):
        run_async(foreign())

    async def own_page() -> RxClient:
        c = RxClient(app.url, cookie, origin=app.url)
        await c.connect()
        await c.close()
        return c

    c = run_async(own_page())
    assert c.seen("is_hydrated")  # the app's own origin still gets its state
