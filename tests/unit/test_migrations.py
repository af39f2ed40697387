"""The Alembic migrations and the SQLModel tables describe the same schema.

Runs against SQLite (a temp file) and PostgreSQL (a fresh, uniquely named database
per test on the server at IP_TEST_PG_URL, default
postgresql://postgres@127.0.0.1:5432/test; it is dropped afterwards). The
PostgreSQL tests fail, not skip, when the server cannot be reached.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import ip_app.kernel.models  # noqa: F401  (registers every table)
from ip_app.kernel.migrate import alembic_config, upgrade_to_head, with_installed_driver

PG_URL_SETTING = os.environ.get("IP_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
PG_URL = with_installed_driver(PG_URL_SETTING)


# --- helpers ------------------------------------------------------------------


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(with_installed_driver(url), poolclass=sa.pool.NullPool)


def _schema_diff(url: str) -> list[Any]:
    """What autogenerate would put in a new migration: must be nothing."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(ctx, SQLModel.metadata)
    finally:
        engine.dispose()


def _current_revision(url: str) -> str | None:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _tables(url: str) -> set[str]:
    engine = _engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


# --- databases ----------------------------------------------------------------


def _pg_admin_engine() -> sa.Engine:
    admin_url = sa.engine.make_url(PG_URL).set(database="postgres")
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        pytest.fail(
            f"PostgreSQL is not reachable at {admin_url.render_as_string(hide_password=True)} "
            f"(IP_TEST_PG_URL={PG_URL_SETTING!r}). The migration tests need it; start the server "
            f"or point IP_TEST_PG_URL at one.\n{exc}",
            pytrace=False,
        )
    return engine


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database; yields its URL and drops it afterwards."""
    with empty_pg_database() as url:
        yield url


@contextmanager
def empty_pg_database() -> Iterator[str]:
    """`pg_database` for code that is not a fixture."""
    admin = _pg_admin_engine()
    name = f"minplan_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path) -> str:  # noqa: ANN001
    # a directory that does not exist yet: upgrade_to_head must create it
    return f"sqlite:///{tmp_path / 'new-dir' / 'minplan.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:  # noqa: ANN001
    fixture = {"sqlite": "sqlite_database", "postgresql": "pg_database"}[request.param]
    return request.getfixturevalue(fixture)


# --- tests --------------------------------------------------------------------


def test_upgrade_to_head_matches_models(db_url: str) -> None:
    upgrade_to_head(db_url)

    assert _current_revision(db_url) == _head()
    assert _schema_diff(db_url) == []


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    upgrade_to_head(db_url)
    model_tables = set(SQLModel.metadata.tables)
    assert model_tables <= _tables(db_url)

    # this time through a connection handed to env.py, as a test harness would
    engine = _engine(db_url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(db_url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
    finally:
        engine.dispose()
    assert _tables(db_url) == {"alembic_version"}
    assert _current_revision(db_url) is None

    upgrade_to_head(db_url)
    assert _current_revision(db_url) == _head()
    assert _schema_diff(db_url) == []


def _constraint_names(url: str) -> dict[str, set[tuple[str, str | None]]]:
    engine = _engine(url)
    try:
        insp = sa.inspect(engine)
        out: dict[str, set[tuple[str, str | None]]] = {}
        for table in SQLModel.metadata.tables:
            names: set[tuple[str, str | None]] = set()
            names |= {("uq", c["name"]) for c in insp.get_unique_constraints(table)}
            names |= {("fk", c["name"]) for c in insp.get_foreign_keys(table)}
            names |= {("ix", i["name"]) for i in insp.get_indexes(table)}
            names.add(("pk", insp.get_pk_constraint(table)["name"]))
            out[table] = names
        return out
    finally:
        engine.dispose()


def test_postgres_constraint_names_match_create_all(pg_database: str) -> None:
    """The migration names its constraints as PostgreSQL would by itself, so a
    database built by the migrations and one built by create_all look the same."""
    upgrade_to_head(pg_database)

    admin = _pg_admin_engine()
    other = f"minplan_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{other}"'))
    try:
        other_url = sa.engine.make_url(pg_database).set(database=other).render_as_string(
            hide_password=False
        )
        engine = _engine(other_url)
        try:
            SQLModel.metadata.create_all(engine)
        finally:
            engine.dispose()
        assert _constraint_names(pg_database) == _constraint_names(other_url)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)'))
        admin.dispose()
