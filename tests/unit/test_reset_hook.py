"""The browser tests' reset route (ip_app/kernel/reset.py) exists only on the tests' server:
without IP_TEST_RESET_KEY the app has no such route, and with it the route answers only the
same machine with the key. What it forgets is what the worker built from the database."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from ip_app.auth import routes
from ip_app.kernel import live, reset
from ip_app.kernel.common import Memo

ROOT = Path(__file__).resolve().parents[2]
KEY = "k" * 32


def _client(peer: str = "127.0.0.1") -> TestClient:
    return TestClient(routes.routes_app(), base_url="http://127.0.0.1:3000", client=(peer, 40000))


@pytest.fixture
def remembered(monkeypatch) -> Memo:
    """A memo with an entry, a cached viewer and a failed login, as a worker has them."""
    monkeypatch.setattr(routes, "_failures", routes._failures)
    memo = Memo()
    memo.put("tab", ("key", "page"))
    Memo.named("plan.history").put((1, 2), "rows")
    live._VIEWERS["tab"] = ("cookie", 0.0, None)
    routes._failures.setdefault("203.0.113.9", __import__("collections").deque()).append(0.0)
    yield memo
    memo.clear()
    Memo.clear_named()
    live._VIEWERS.pop("tab", None)
    routes._failures.pop("203.0.113.9", None)


def _kept(memo: Memo) -> bool:
    return (memo.get("tab") is not None and Memo.named("plan.history").get((1, 2)) == "rows"
            and "tab" in live._VIEWERS and "203.0.113.9" in routes._failures)


def test_without_the_variable_there_is_no_route(monkeypatch, remembered):
    monkeypatch.delenv(reset.ENV, raising=False)
    assert reset.routes() == []
    paths = {getattr(r, "path", "") for r in routes.routes_app().routes}
    assert reset.PATH not in paths
    resp = _client().post(reset.PATH, headers={"X-Test-Reset-Key": ""})
    assert resp.status_code == 404
    assert _kept(remembered)


def test_an_empty_variable_is_no_key(monkeypatch, remembered):
    monkeypatch.setenv(reset.ENV, "  ")
    assert reset.routes() == []
    assert _client().post(reset.PATH).status_code == 404
    assert _kept(remembered)


@pytest.mark.parametrize("peer,key", [("127.0.0.1", ""), ("127.0.0.1", "wrong"),
                                      ("198.51.100.7", KEY)],
                         ids=["no key", "wrong key", "other machine"])
def test_the_route_refuses_without_the_key_or_from_elsewhere(monkeypatch, remembered, peer, key):
    monkeypatch.setenv(reset.ENV, KEY)
    resp = _client(peer).post(reset.PATH, headers={"X-Test-Reset-Key": key})
    assert resp.status_code == 403
    assert _kept(remembered)


def test_with_the_key_the_worker_forgets_what_it_built_from_the_rows(monkeypatch, remembered):
    monkeypatch.setenv(reset.ENV, KEY)
    resp = _client().post(reset.PATH, headers={"X-Test-Reset-Key": KEY})
    assert resp.status_code == 200
    assert remembered.get("tab") is None
    assert Memo.named("plan.history").get((1, 2)) is None
    assert "tab" not in live._VIEWERS and "203.0.113.9" not in routes._failures


def test_only_the_tests_server_sets_the_variable():
    """Nothing the app ships with (Makefile, CI, config, the app's code) sets it: only
    tests/utils/server.py's `start_app` does, for the browser tests' own server."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    setting = [f for f in files if not f.endswith(".md") and f != "ip_app/kernel/reset.py"
               and not f.startswith("tests/") and (ROOT / f).is_file()
               and reset.ENV in (ROOT / f).read_text(errors="replace")]
    assert setting == []
    assert "IP_TEST_RESET_KEY=reset_key" in (ROOT / "tests/utils/server.py").read_text()
