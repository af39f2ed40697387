"""Fixtures for the data-layer tests: a migrated SQLite database with the demo loaded.

The database is built ONCE per test run (Alembic `upgrade_to_head`, then `load_demo`,
which hashes the demo password with argon2 a single time) and copied as a file. The
stored hashes are then swapped for argon2id hashes of the same password with minimal
cost parameters (argon2 reads them from the hash), so each login check costs ~1 ms
instead of ~150 ms while still going through the real verification code.

- `demo_db`  (module scope): one copy per test module, `REFLEX_DB_URL` pointing at it,
  so `ip_app.kernel.db.session()` / `engine()` and `settings()` use it;
- `fresh_db` (function scope): a private copy for a test that commits changes.

`s` is a session on the current database whose changes are rolled back at the end,
so a test may change rows (withdraw a consent, ...) without committing them.
Tests that commit through `db.session()` must use `fresh_db`.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from hypothesis import settings
from sqlmodel import Session, select

from ip_app.kernel import clock
from ip_app.demo.seed import load_demo
from ip_app.kernel import db
from ip_app.kernel.access import Viewer
from ip_app.kernel.actor import Actor
from ip_app.kernel.migrate import upgrade_to_head
from ip_app.kernel.models import Account, Organisation, Participant, Plan
from ip_app.kernel.roles import Role

# The suite runs beside the browser tests on busy 2-core machines: a property's examples
# are not timed (a deadline failed a clean-clone run under load; speed is the benchmarks'
# business, not the unit tests').
settings.register_profile("minplan", deadline=None)
settings.load_profile("minplan")

DEMO_PASSWORD = "demo"
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database file with the demo data, built once per run."""
    path = tmp_path_factory.mktemp("demo-template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade_to_head(url)
    eng = sa.create_engine(url, poolclass=sa.pool.NullPool)

    @sa.event.listens_for(eng, "connect")
    def _fk(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    try:
        with Session(eng) as s:
            assert load_demo(s, password=DEMO_PASSWORD) is True
            s.execute(sa.update(Account).values(password_hash=CHEAP_HASHER.hash(DEMO_PASSWORD)))
            s.commit()
    finally:
        eng.dispose()  # no WAL on this engine: the file alone is the whole database
    return path


def _copy(template: Path, directory: Path) -> str:
    target = directory / f"minplan-{uuid.uuid4().hex}.db"  # a new URL: a new cached engine
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def demo_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of this module's own copy of the demo database (also in REFLEX_DB_URL)."""
    url = _copy(demo_template, tmp_path_factory.mktemp("demo-module"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFLEX_DB_URL", url)
        yield url
    db._engine_for(url).dispose()  # engines are cached per URL; close this one's connections


@pytest.fixture()
def fresh_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private copy of the demo database for one test that commits."""
    url = _copy(demo_template, tmp_path)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    yield url
    db._engine_for(url).dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The demo on a private SQLite copy (`fresh_db`), or on a fresh PostgreSQL database
    (IP_TEST_PG_URL, see test_migrations; fails when the server cannot be reached): for
    data tests whose SQL must hold on both."""
    if request.param == "sqlite":
        yield request.getfixturevalue("fresh_db")
        return
    from tests.unit.test_migrations import empty_pg_database

    with empty_pg_database() as url:
        upgrade_to_head(url)
        monkeypatch.setenv("REFLEX_DB_URL", url)
        with Session(db.engine()) as s:
            load_demo(s, password=DEMO_PASSWORD)
            s.commit()
        yield url
        db._engine_for(url).dispose()


@pytest.fixture()
def s(demo_db: str) -> Iterator[Session]:
    """A session on the module's database; everything it did is rolled back afterwards."""
    with Session(db.engine(), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()


class Demo:
    """Look-ups of demo people and plans by username."""

    @staticmethod
    def account(s: Session, username: str) -> Account:
        acct = s.exec(select(Account).where(Account.username == username)).one()
        return acct

    @classmethod
    def viewer(cls, s: Session, username: str) -> Viewer:
        """The Viewer the web layer would build from this account's session."""
        acct = cls.account(s, username)
        org: Optional[Organisation] = (
            s.get(Organisation, acct.organisation_id) if acct.organisation_id else None)
        return Viewer(account_id=acct.id, kind=acct.kind, display_name=acct.display_name,
                      org_id=acct.organisation_id, org_kind=org.kind if org else "")

    @classmethod
    def plan(cls, s: Session, person: str) -> Plan:
        """The person's plan as the app finds it (the open one first)."""
        from ip_app.kernel.plan_access import plan_of_person

        plan = plan_of_person(s, cls.account(s, person).id)
        assert plan is not None
        return plan

    @classmethod
    def participant(cls, s: Session, person: str, username: str) -> Participant:
        plan = cls.plan(s, person)
        acct = cls.account(s, username)
        return s.exec(select(Participant).where(
            Participant.plan_id == plan.id, Participant.account_id == acct.id)).one()

    @classmethod
    def actor(cls, s: Session, person: str, username: str) -> Actor:
        """The Actor of `username` in `person`'s plan."""
        part = cls.participant(s, person, username)
        org = s.get(Organisation, part.organisation_id) if part.organisation_id else None
        return Actor(account_id=part.account_id, role=Role(part.role), participant_id=part.id,
                     org_kind=org.kind if org else "", org_id=org.id if org else None)

    @staticmethod
    def org(s: Session, name: str) -> Organisation:
        return s.exec(select(Organisation).where(Organisation.name == name)).one()


@pytest.fixture()
def cheap_dummy_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dummy hash a login of an unknown user is checked against, with the cheap argon2
    parameters of CHEAP_HASHER (speed only: the real verification code still runs)."""
    from ip_app.kernel import passwords

    monkeypatch.setattr(passwords, "_DUMMY_HASH", CHEAP_HASHER.hash("not-a-real-password"))


@pytest.fixture(scope="session")
def demo() -> type[Demo]:
    return Demo


@pytest.fixture()
def today() -> date:
    return clock.today()  # the demo's dates are relative to Norway's date, like the app's


@pytest.fixture(autouse=True)
def _demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo accounts log in only in demo mode (issue 17): these tests use the demo
    data as `make run` does, with demo mode on; a test about demo mode off sets it to 0."""
    monkeypatch.setenv("IP_DEMO_MODE", "1")


@pytest.fixture(autouse=True)
def _forget_built_histories() -> Iterator[None]:
    """Tests copy the same demo database and roll changes back, so one (tiltak, version)
    can mean different rows from test to test; the history memo must not carry over."""
    import ip_app.plan.view  # noqa: F401 - makes the plan page's named memos
    from ip_app.kernel.common import Memo

    Memo.clear_named()
    yield
