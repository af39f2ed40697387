"""Accounts and server-side sessions: login attempts, lockout, session lookup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.config import settings
from ip_app.kernel.passwords import new_token, token_hash, verify_password

from ip_app.kernel import db
from ip_app.kernel.db import param
from ip_app.kernel.models import Account, AuthSession, Organisation, utcnow


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    error: str = ""  # catalogue key when not ok
    token: str = ""  # the raw cookie token, only when ok
    account_id: Optional[int] = None


def failure_delay(failed_logins: int) -> float:
    """Seconds to wait before answering a failed login: grows with each failure."""
    return min(0.25 * (2 ** min(max(failed_logins - 1, 0), 4)), 4.0)


def attempt_login(s: Session, username: str, password: str, *, now: Optional[datetime] = None) -> LoginResult:
    """Check a password; count failures; lock the account after too many."""
    cfg = settings()
    now = now or utcnow()
    acct = s.exec(select(Account).where(Account.username == username.strip().lower())).first()
    if acct is None:
        verify_password(None, password)  # same work as for a real account
        return LoginResult(ok=False, error="login.error_wrong")
    if acct.locked_until is not None and acct.locked_until > now:
        verify_password(None, password)  # same work as any other answer
        return LoginResult(ok=False, error="login.error_locked", account_id=acct.id)
    # demo accounts (password "demo") log in only while demo mode is on; otherwise their
    # password is wrong, with the same answer and the same counting as any wrong password
    if not verify_password(acct.password_hash, password) or (acct.is_demo and not cfg.demo_mode):
        acct.failed_logins += 1
        if acct.failed_logins >= cfg.max_failed_logins:
            acct.locked_until = now + timedelta(minutes=cfg.lockout_minutes)
            acct.failed_logins = 0
            s.add(acct)
            return LoginResult(ok=False, error="login.error_locked", account_id=acct.id)
        s.add(acct)
        return LoginResult(ok=False, error="login.error_wrong", account_id=acct.id)
    if acct.deactivated_at is not None:  # issue 19: an administrator ended this account
        return LoginResult(ok=False, error="login.error_deactivated", account_id=acct.id)
    acct.failed_logins = 0
    acct.locked_until = None
    s.add(acct)
    return LoginResult(ok=True, token=start_session(s, acct.id, now=now), account_id=acct.id)


def start_session(s: Session, account_id: int, *, now: Optional[datetime] = None) -> str:
    """A new session with a fresh random token (a new id at every login)."""
    now = now or utcnow()
    token = new_token()
    s.add(AuthSession(
        account_id=account_id, token_hash=token_hash(token), created_at=now,
        expires_at=now + timedelta(hours=settings().session_hours),
    ))
    return token


def end_session(s: Session, token: str) -> None:
    row = s.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).first()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        s.add(row)


def account_for_token(s: Session, token: str) -> Optional[tuple[Account, Optional[Organisation]]]:
    """The account of a live session, or None if the token is unknown, ended or expired."""
    if not token:
        return None
    row = s.exec(  # the login routes' lookup; every event uses `session_facts`
        select(AuthSession, Account, Organisation)
        .join(Account, Account.id == AuthSession.account_id)
        .outerjoin(Organisation, Organisation.id == Account.organisation_id)
        .where(AuthSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    sess, acct, org = row
    if (not _live(sess.ended_at, sess.expires_at, sess.last_seen_at or sess.created_at)
            or not _allowed_now(acct.is_demo) or acct.deactivated_at is not None):
        return None
    return acct, org


def _allowed_now(is_demo: bool) -> bool:
    """A demo account's login holds only while demo mode is on: a session begun in demo
    mode ends when the server starts again with it off (issue 17, finding 6)."""
    return not is_demo or settings().demo_mode


def idle_ends_at(active_at: datetime) -> Optional[datetime]:
    """When a login last active at `active_at` ends for lack of activity (None: never)."""
    minutes = settings().idle_minutes
    return active_at + timedelta(minutes=minutes) if minutes > 0 else None


def _live(ended_at: Optional[datetime], expires_at: datetime, active_at: datetime) -> bool:
    now = utcnow()
    idle_end = idle_ends_at(active_at)
    return ended_at is None and expires_at > now and (idle_end is None or idle_end > now)


TOUCH_EVERY = timedelta(minutes=1)  # the last activity is written at most this often


def touch_session(conn: sa.Connection, token: str, *, force: bool = False) -> Optional[datetime]:
    """Record activity on a live session, if its last activity on record is older than
    `TOUCH_EVERY` (or at once with `force`): one indexed UPDATE, in the caller's
    transaction. Returns the new last activity, or None when nothing was written."""
    now = utcnow()
    cutoff = now if force else now - TOUCH_EVERY
    active = sa.func.coalesce(AuthSession.last_seen_at, AuthSession.created_at)
    live = [AuthSession.ended_at.is_(None), AuthSession.expires_at > now]
    minutes = settings().idle_minutes
    if minutes > 0:  # a login that has idled out stays out: activity cannot revive it
        live.append(active > now - timedelta(minutes=minutes))
    done = conn.execute(
        sa.update(AuthSession)
        .where(AuthSession.token_hash == token_hash(token), *live, active < cutoff)
        .values(last_seen_at=now))
    return now if done.rowcount else None


ACTIVITY_LOCK_WAIT_MS = 250  # activity is best effort: never hold an event up for long


def record_activity(token: str, *, force: bool = False) -> Optional[datetime]:
    """`touch_session` in its own short transaction, waiting at most
    `ACTIVITY_LOCK_WAIT_MS` for a lock held by another writer (the caller catches the
    database trouble and goes on: the next event records the activity)."""
    eng = db.engine()
    with eng.begin() as conn:
        if eng.dialect.name == "sqlite":
            before = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {ACTIVITY_LOCK_WAIT_MS}")
            try:
                return touch_session(conn, token, force=force)
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(before or 0)}")
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{ACTIVITY_LOCK_WAIT_MS}ms'")
        return touch_session(conn, token, force=force)


def facts_for_token(token: str) -> Optional["SessionFacts"]:
    """`session_facts` on a connection of its own."""
    if not token:
        return None
    with db.engine().connect() as conn:
        return session_facts(conn, token)


@dataclass(frozen=True)
class SessionFacts:
    """Who is behind a live session: what every event needs to know about the asker."""

    account_id: int
    kind: str
    display_name: str
    organisation_id: Optional[int]
    org_kind: str
    preferred_language: str
    active_at: Optional[datetime] = None  # the last activity on record (see touch_session)


# Asked for on every event: one plain statement (no ORM objects), compiled once.
_SESSION_FACTS = (
    sa.select(AuthSession.expires_at, AuthSession.ended_at, Account.id, Account.kind,
              Account.display_name, Account.organisation_id, Account.preferred_language,
              Organisation.kind,
              sa.func.coalesce(AuthSession.last_seen_at, AuthSession.created_at),
              Account.is_demo, Account.deactivated_at)
    .select_from(AuthSession)
    .join(Account, Account.id == AuthSession.account_id)
    .outerjoin(Organisation, Organisation.id == Account.organisation_id)
    .where(AuthSession.token_hash == param("token_hash"))
)


def session_facts(conn: sa.Connection, token: str) -> Optional[SessionFacts]:
    """`account_for_token` for the event path: None if the token is unknown, ended,
    expired or idle too long."""
    if not token:
        return None
    row = conn.execute(_SESSION_FACTS, {"token_hash": token_hash(token)}).first()
    if row is None:
        return None
    (expires_at, ended_at, account_id, kind, name, org_id, lang, org_kind, active_at, demo,
     deactivated_at) = row
    if (not _live(ended_at, expires_at, active_at) or not _allowed_now(demo)
            or deactivated_at is not None):
        return None
    return SessionFacts(account_id=account_id, kind=kind, display_name=name,
                        organisation_id=org_id, org_kind=org_kind or "",
                        preferred_language=lang, active_at=active_at)


def demo_accounts(s: Session) -> list[Account]:
    return list(s.exec(select(Account).where(Account.is_demo == True).order_by(Account.kind, Account.id)))  # noqa: E712


def by_username(s: Session, username: str) -> Optional[Account]:
    return s.exec(select(Account).where(Account.username == username)).first()


def set_preferred_language(s: Session, account_id: int, lang: str) -> None:
    """Remember the language the person chose (the caller checks it is one of ours)."""
    acct = s.get(Account, account_id)
    if acct is not None and acct.preferred_language != lang:
        acct.preferred_language = lang
        s.add(acct)


def display_names(s: Session, account_ids: set[int]) -> dict[int, str]:
    """Who wrote what: the display name of each account (one statement, none for no ids)."""
    ids = [i for i in account_ids if i]
    if not ids:
        return {}
    return dict(s.exec(select(Account.id, Account.display_name).where(Account.id.in_(ids))).all())
