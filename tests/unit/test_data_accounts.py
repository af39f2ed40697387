"""Accounts and server-side sessions (ip_app.kernel.accounts, ip_app.kernel.session)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel import db
from ip_app.kernel.accounts import (
    account_for_token, attempt_login, end_session, failure_delay, session_facts, start_session,
    touch_session,
)
from ip_app.kernel.models import Account, AuthSession, utcnow
from ip_app.kernel.session import COOKIE_NAME, token_from_cookie_header, viewer_for_token

PW = "demo"  # the demo password (see conftest.py)


@pytest.fixture(autouse=True)
def _login_settings(monkeypatch, cheap_dummy_hash):
    monkeypatch.setenv("IP_MAX_FAILED_LOGINS", "3")
    monkeypatch.setenv("IP_LOCKOUT_MINUTES", "15")
    monkeypatch.setenv("IP_SESSION_HOURS", "8")


def _sessions_of(s: Session, account_id: int) -> list[AuthSession]:
    return list(s.exec(select(AuthSession).where(AuthSession.account_id == account_id)))


# --- attempt_login ---------------------------------------------------------------


def test_login_ok_starts_a_session(s, demo):
    amina = demo.account(s, "amina")
    before = len(_sessions_of(s, amina.id))
    r = attempt_login(s, "amina", PW)
    assert r.ok and r.error == "" and r.account_id == amina.id
    assert len(r.token) >= 32
    s.flush()
    assert len(_sessions_of(s, amina.id)) == before + 1
    acct, org = account_for_token(s, r.token)
    assert acct.id == amina.id and org is None  # a person belongs to no organisation


def test_wrong_password_and_unknown_user_give_the_same_error(s, demo):
    wrong = attempt_login(s, "amina", "not-the-password")
    unknown = attempt_login(s, "nobody-here", PW)
    assert not wrong.ok and not unknown.ok
    assert wrong.error == unknown.error == "login.error_wrong"
    assert wrong.token == unknown.token == ""
    assert unknown.account_id is None
    s.flush()
    assert _sessions_of(s, demo.account(s, "amina").id) == []


@pytest.mark.parametrize("username", ["Amina", "AMINA", "  amina ", "\tAmina\n"])
def test_username_is_trimmed_and_case_insensitive(s, demo, username):
    r = attempt_login(s, username, PW)
    assert r.ok and r.account_id == demo.account(s, "amina").id


def test_password_is_not_trimmed_or_case_folded(s):
    assert not attempt_login(s, "amina", " demo").ok
    assert not attempt_login(s, "amina", "DEMO").ok
    assert not attempt_login(s, "amina", "").ok


def test_failed_logins_are_counted_and_reset_by_a_good_login(s, demo):
    emil = demo.account(s, "emil")
    assert emil.failed_logins == 0
    attempt_login(s, "emil", "wrong-1")
    assert emil.failed_logins == 1
    attempt_login(s, "EMIL", "wrong-2")
    assert emil.failed_logins == 2
    assert emil.locked_until is None
    assert attempt_login(s, "emil", PW).ok
    assert emil.failed_logins == 0 and emil.locked_until is None


def test_unknown_user_touches_no_account(s):
    before = {a.username: a.failed_logins for a in s.exec(select(Account))}
    for _ in range(5):
        attempt_login(s, "ghost", "x")
    s.flush()
    assert {a.username: a.failed_logins for a in s.exec(select(Account))} == before


def test_lockout_after_max_failed_logins(s, demo):
    sara = demo.account(s, "sara")
    now = utcnow()
    assert attempt_login(s, "sara", "x", now=now).error == "login.error_wrong"
    assert attempt_login(s, "sara", "x", now=now).error == "login.error_wrong"
    third = attempt_login(s, "sara", "x", now=now)
    assert not third.ok and third.error == "login.error_locked"
    assert sara.locked_until == now + timedelta(minutes=15)

    # while locked, even the right password is refused, and no session is started
    n_sessions = len(_sessions_of(s, sara.id))
    for later in (now, now + timedelta(minutes=1), now + timedelta(minutes=14, seconds=59)):
        r = attempt_login(s, "sara", PW, now=later)
        assert (r.ok, r.error, r.token) == (False, "login.error_locked", "")
    s.flush()
    assert len(_sessions_of(s, sara.id)) == n_sessions

    # the lock lifts by itself once locked_until has passed
    r = attempt_login(s, "sara", PW, now=now + timedelta(minutes=15, seconds=1))
    assert r.ok and r.token
    assert sara.locked_until is None and sara.failed_logins == 0


def test_lock_is_stored_and_holds_across_sessions(fresh_db, demo):
    now = utcnow()
    for _ in range(3):
        with db.session() as s:
            attempt_login(s, "laerer", "nope", now=now)
    with db.session() as s:
        acct = demo.account(s, "laerer")
        assert acct.locked_until is not None and acct.locked_until > now
        assert attempt_login(s, "laerer", PW, now=now + timedelta(minutes=5)).error == \
            "login.error_locked"
    with db.session() as s:
        assert attempt_login(s, "laerer", PW, now=now + timedelta(minutes=16)).ok


def test_after_a_lock_expires_the_count_starts_again(s, demo):
    now = utcnow()
    for _ in range(3):
        attempt_login(s, "emil", "x", now=now)
    later = now + timedelta(minutes=20)
    r = attempt_login(s, "emil", "x", now=later)
    assert r.error == "login.error_wrong"  # one new failure, not an instant re-lock
    assert demo.account(s, "emil").failed_logins == 1


def test_every_login_gets_a_new_token(s, demo):
    tokens = [attempt_login(s, "veileder", PW).token for _ in range(3)]
    assert len(set(tokens)) == 3
    s.flush()
    rows = _sessions_of(s, demo.account(s, "veileder").id)
    assert {hashlib.sha256(t.encode()).hexdigest() for t in tokens} <= {r.token_hash for r in rows}
    for t in tokens:  # all three are live at once (several devices)
        assert account_for_token(s, t)[0].username == "veileder"


# --- account_for_token -------------------------------------------------------------


def test_account_for_valid_token_with_organisation(s, demo):
    token = attempt_login(s, "veileder", PW).token
    acct, org = account_for_token(s, token)
    assert acct.username == "veileder"
    assert org is not None and org.name == "NAV Molde" and org.kind == "nav"


def _facts(s, token):
    """The event path's lookup (web.session.viewer_for_token), on the test's session."""
    s.flush()
    return session_facts(s.connection(), token)


# both lookups of a session token follow the same rules (login routes / every event)
LOOKUPS = pytest.mark.parametrize("lookup", [account_for_token, _facts],
                                  ids=["account_for_token", "session_facts"])


def test_session_facts_of_a_valid_token(s, demo):
    token = attempt_login(s, "veileder", PW).token
    f = _facts(s, token)
    acct = demo.account(s, "veileder")
    assert (f.account_id, f.kind, f.display_name, f.organisation_id, f.org_kind) == (
        acct.id, "staff", acct.display_name, acct.organisation_id, "nav")
    person = _facts(s, attempt_login(s, "amina", PW).token)
    assert (person.organisation_id, person.org_kind) == (None, "")


@LOOKUPS
def test_ended_session_is_no_longer_valid(s, demo, lookup):
    token = attempt_login(s, "amina", PW).token
    other = attempt_login(s, "amina", PW).token
    s.flush()
    end_session(s, token)
    s.flush()
    assert lookup(s, token) is None
    assert lookup(s, other) is not None  # only that one session ended
    row = s.exec(select(AuthSession).where(
        AuthSession.token_hash == hashlib.sha256(token.encode()).hexdigest())).one()
    ended = row.ended_at
    assert ended is not None
    end_session(s, token)  # ending twice keeps the first end time
    assert row.ended_at == ended
    end_session(s, "no-such-token")  # no error


@LOOKUPS
def test_expired_session_is_not_valid(s, demo, lookup):
    token = attempt_login(s, "amina", PW).token
    s.flush()
    row = s.exec(select(AuthSession).where(
        AuthSession.token_hash == hashlib.sha256(token.encode()).hexdigest())).one()
    assert row.expires_at - row.created_at == timedelta(hours=8)
    row.expires_at = utcnow() - timedelta(seconds=1)
    s.add(row)
    s.flush()
    assert lookup(s, token) is None


@LOOKUPS
def test_session_started_long_ago_has_expired(s, demo, lookup):
    amina = demo.account(s, "amina")
    token = start_session(s, amina.id, now=utcnow() - timedelta(hours=8, minutes=1))
    s.flush()
    assert lookup(s, token) is None
    assert lookup(s, start_session(s, amina.id)) is not None


def _row(s, token) -> AuthSession:
    return s.exec(select(AuthSession).where(
        AuthSession.token_hash == hashlib.sha256(token.encode()).hexdigest())).one()


@LOOKUPS
def test_a_session_idle_longer_than_the_idle_timeout_has_ended(s, demo, lookup, monkeypatch):
    """IP_IDLE_MINUTES (issue 17, finding 9): the last activity on record, or the start."""
    monkeypatch.setenv("IP_IDLE_MINUTES", "30")
    amina = demo.account(s, "amina")
    assert lookup(s, start_session(s, amina.id, now=utcnow() - timedelta(minutes=31))) is None
    token = attempt_login(s, "amina", PW).token
    s.flush()
    row = _row(s, token)
    for idle, alive in ((29, True), (31, False)):
        row.last_seen_at = utcnow() - timedelta(minutes=idle)
        s.add(row)
        s.flush()
        assert (lookup(s, token) is not None) is alive, idle
    monkeypatch.setenv("IP_IDLE_MINUTES", "0")  # 0: no idle timeout
    assert lookup(s, token) is not None


def test_activity_is_written_at_most_once_a_minute(s, demo, monkeypatch):
    monkeypatch.setenv("IP_IDLE_MINUTES", "30")
    token = attempt_login(s, "amina", PW).token
    s.flush()
    conn = s.connection()
    assert touch_session(conn, token) is None, "just started: nothing to write"
    row = _row(s, token)
    row.last_seen_at = utcnow() - timedelta(seconds=61)
    s.add(row)
    s.flush()
    written = touch_session(conn, token)
    assert written is not None
    s.refresh(row)
    assert row.last_seen_at == written
    assert touch_session(conn, token) is None, "within the minute: no second write"
    assert touch_session(conn, token, force=True) is not None, "'stay logged in' writes now"
    row.last_seen_at = utcnow() - timedelta(minutes=31)  # idle past IP_IDLE_MINUTES (30)
    s.add(row)
    s.flush()
    assert touch_session(conn, token, force=True) is None, "an idled-out login stays out"
    row.last_seen_at = utcnow() - timedelta(minutes=2)
    s.add(row)
    s.flush()
    end_session(s, token)
    s.flush()
    assert touch_session(conn, token, force=True) is None, "an ended login stays ended"


@LOOKUPS
@pytest.mark.parametrize("token", ["", "unknown-token", "x" * 43])
def test_unknown_token_gives_nothing(s, token, lookup):
    assert lookup(s, token) is None


def test_only_the_sha256_of_the_token_is_stored(s, demo):
    token = attempt_login(s, "koordinator", PW).token
    s.flush()
    digest = hashlib.sha256(token.encode()).hexdigest()
    rows = s.execute(sa.text("SELECT * FROM auth_session")).mappings().all()
    assert any(r["token_hash"] == digest for r in rows)
    for r in rows:
        for value in r.values():
            assert token not in str(value)
    # nor anywhere else in the database
    for table in ("account", "audit_event"):
        for r in s.execute(sa.text(f"SELECT * FROM {table}")).mappings().all():
            assert all(token not in str(v) for v in r.values())


# --- failure_delay -------------------------------------------------------------------


def test_failure_delay_grows_and_is_capped():
    delays = [failure_delay(n) for n in range(0, 40)]
    assert delays[1] == 0.25
    assert delays[2] > delays[1] and delays[3] > delays[2]
    assert all(b >= a for a, b in zip(delays, delays[1:]))
    assert max(delays) == 4.0
    assert delays[-1] == 4.0
    assert all(0 < d <= 4.0 for d in delays)


def test_failure_delay_is_capped_for_huge_counts():
    assert failure_delay(5000) == 4.0


# --- the cookie and the viewer --------------------------------------------------------


@pytest.mark.parametrize("header, expected", [
    (f"{COOKIE_NAME}=tok123", "tok123"),
    (f"theme=dark; {COOKIE_NAME}=tok123; lang=nb", "tok123"),
    (f"a=1;{COOKIE_NAME}=tok123", "tok123"),
    (f"{COOKIE_NAME}=tok123; other=x", "tok123"),
    (f"{COOKIE_NAME}=\"tok123\"", "tok123"),
    (f"{COOKIE_NAME}=tok-_123; x={{\"j\":1}}", "tok-_123"),
    ("theme=dark; lang=nb", ""),
    (f"x{COOKIE_NAME}=tok123", ""),
    ("", ""),
    (None, ""),
])
def test_token_from_cookie_header(header, expected):
    assert token_from_cookie_header(header) == expected


@pytest.mark.parametrize("header", [
    "garbage", ";;;", "=", "==;=", COOKIE_NAME, f"{COOKIE_NAME}=", "\x00\x01\xff",
    f"{COOKIE_NAME}=\"unterminated", "a=\"x; b", "\\", "a=b=c=d; ; ;",
])
def test_token_from_malformed_cookie_header_is_empty_not_an_error(header):
    assert token_from_cookie_header(header) == ""


@pytest.mark.parametrize("other", ['prefs={"a":1}', "note=hello world", 'q=a"b'])
def test_session_cookie_survives_an_odd_cookie_before_it(other):
    assert token_from_cookie_header(f"{other}; {COOKIE_NAME}=tok123") == "tok123"


def test_viewer_for_token(fresh_db, demo):
    with db.session() as s:
        token = attempt_login(s, "veileder", PW).token
        person_token = attempt_login(s, "amina", PW).token
        nav = demo.org(s, "NAV Molde")
        veileder = demo.account(s, "veileder")
    v = viewer_for_token(token)
    assert v is not None
    assert (v.account_id, v.kind, v.display_name, v.org_id, v.org_kind) == (
        veileder.id, "staff", "Kari Nordmann", nav.id, "nav")
    p = viewer_for_token(person_token)
    assert p is not None and p.kind == "person" and p.org_id is None and p.org_kind == ""
    assert viewer_for_token("") is None
    assert viewer_for_token("not-a-token") is None
    # the cookie round trip, as the web layer does it
    assert viewer_for_token(token_from_cookie_header(f"a=1; {COOKIE_NAME}={token}")) == v
    # logging out takes effect at once
    with db.session() as s:
        end_session(s, token)
    assert viewer_for_token(token) is None
    assert viewer_for_token(person_token) == p
