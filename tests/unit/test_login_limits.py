"""Login limits (issue 17, finding 8): per account and per client address, the address
found through trusted proxies only, and one answer for every refusal, so a known name,
an unknown name and a locked account cannot be told apart by text or by time."""

from __future__ import annotations

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from ip_app.auth import routes
from ip_app.auth.client_address import client_address
from ip_app.kernel import passwords, db
from ip_app.kernel.models import Account

PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _setup(monkeypatch, cheap_dummy_hash):
    monkeypatch.setattr(routes, "_failures", {})
    monkeypatch.setenv("IP_MAX_FAILED_LOGINS", "3")
    monkeypatch.delenv("IP_TRUSTED_PROXIES", raising=False)


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The delays the login answers would wait (recorded instead of slept)."""
    seen: list[float] = []

    async def pause(seconds: float) -> None:
        seen.append(seconds)

    monkeypatch.setattr(routes, "_pause", pause)
    return seen


@pytest.fixture
def verifications(monkeypatch) -> list[bool]:
    """One entry per argon2 verification (real or dummy hash)."""
    seen: list[bool] = []
    real = passwords.verify_password

    def spy(password_hash, password):
        seen.append(password_hash is None)
        return real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", spy)
    monkeypatch.setattr(routes, "verify_password", spy)
    import ip_app.kernel.accounts as accounts
    monkeypatch.setattr(accounts, "verify_password", spy)
    return seen


def _client(peer: str = "198.51.100.7") -> TestClient:
    return TestClient(routes.routes_app(), base_url="http://127.0.0.1:3000", client=(peer, 40000))


def _login(client: TestClient, username: str, password: str, forwarded_for: str = "") -> str:
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    r = client.post("/auth/login", data={"username": username, "password": password},
                    headers=headers, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


# --- the client address -------------------------------------------------------------


def test_forwarded_for_ignored_unless_the_peer_is_a_trusted_proxy(monkeypatch):
    assert client_address("203.0.113.9", "1.2.3.4") == "203.0.113.9"
    monkeypatch.setenv("IP_TRUSTED_PROXIES", PROXY)
    assert client_address("203.0.113.9", "1.2.3.4") == "203.0.113.9"  # not our proxy


def test_forwarded_for_from_a_trusted_proxy(monkeypatch):
    monkeypatch.setenv("IP_TRUSTED_PROXIES", "10.0.0.0/24, 192.168.1.1")
    assert client_address(PROXY, "203.0.113.9") == "203.0.113.9"
    # what the client wrote itself (left) does not count: the right-most untrusted hop does
    assert client_address(PROXY, "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    assert client_address(PROXY, "203.0.113.9, 192.168.1.1") == "203.0.113.9"
    assert client_address(PROXY, "") == PROXY
    assert client_address(PROXY, "not-an-address") == PROXY
    assert client_address(PROXY, "[2001:db8::1]:443") == "2001:db8::1"


def test_malformed_trusted_proxies_stops_the_start(monkeypatch):
    monkeypatch.setenv("IP_TRUSTED_PROXIES", "10.0.0.300")
    with pytest.raises(ValueError):
        client_address(PROXY, "203.0.113.9")
    with pytest.raises(ValueError):
        routes.routes_app()


# --- limits per address behind a proxy, per account ---------------------------------


def test_failures_behind_a_proxy_do_not_lock_out_the_others(fresh_db, monkeypatch, pauses):
    """50 wrong logins from one person behind the office proxy: that person's address is
    stopped, a colleague behind the same proxy still logs in."""
    monkeypatch.setenv("IP_TRUSTED_PROXIES", PROXY)
    office = _client(PROXY)
    for i in range(routes._IP_MAX_FAILURES):
        assert _login(office, f"gjetter{i}", "feil", "203.0.113.9") == "/login?feil=wrong"
    assert _login(office, "veileder", "demo", "203.0.113.9") == "/login?feil=wrong"
    assert _login(office, "veileder", "demo", "203.0.113.10") == "/"


def test_forged_forwarded_for_does_not_escape_the_address_limit(fresh_db, pauses):
    attacker = _client("203.0.113.66")  # no trusted proxy: the header is ignored
    for i in range(routes._IP_MAX_FAILURES):
        _login(attacker, f"gjetter{i}", "feil", f"192.0.2.{i}")
    assert _login(attacker, "veileder", "demo", "192.0.2.200") == "/login?feil=wrong"
    assert _login(_client("203.0.113.67"), "veileder", "demo") == "/"


def test_an_account_locks_after_its_own_failures_from_many_addresses(fresh_db, pauses):
    for i in range(3):
        _login(_client(f"198.51.100.{i + 1}"), "emil", "feil")
    assert _login(_client("198.51.100.99"), "emil", "demo") == "/login?feil=wrong"
    with db.session() as s:
        emil = s.exec(select(Account).where(Account.username == "emil")).one()
        assert emil.locked_until is not None


# --- one answer -----------------------------------------------------------------------


def test_known_unknown_and_locked_names_get_the_same_answer(fresh_db, pauses, verifications):
    for i in range(3):  # lock sara (from other addresses)
        _login(_client(f"198.51.100.{i + 1}"), "sara", "feil")
    answers = {}
    for case, user, pw, peer in [
        ("known, wrong password", "emil", "feil", "192.0.2.1"),
        ("unknown name", "ingen-slik-bruker", "feil", "192.0.2.2"),
        ("locked, wrong password", "sara", "feil", "192.0.2.3"),
        ("locked, right password", "sara", "demo", "192.0.2.4"),
    ]:
        pauses.clear()
        verifications.clear()
        answers[case] = (_login(_client(peer), user, pw), tuple(pauses), len(verifications))
    assert len(set(answers.values())) == 1, answers
    location, waited, verified = next(iter(answers.values()))
    assert location == "/login?feil=wrong" and verified == 1 and waited


def test_a_stopped_address_gets_the_same_answer_too(fresh_db, pauses, verifications):
    noisy = _client("203.0.113.66")
    for i in range(routes._IP_MAX_FAILURES):
        _login(noisy, f"gjetter{i}", "feil")
    verifications.clear()
    assert _login(noisy, "emil", "demo") == "/login?feil=wrong"
    assert len(verifications) == 1  # the same work as a checked password
