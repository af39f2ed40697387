"""The database engine and sessions. One engine per process and URL."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import sqlalchemy as sa
from sqlmodel import Session

from ip_app.kernel.config import db_url


@lru_cache(maxsize=4)
def _engine_for(url: str) -> sa.Engine:
    # How long a write waits for a lock held by someone else (another writer, a migration,
    # a maintenance job) before it gives up; the page then says so and the same action can
    # be tried again (kernel/common.py `db_trouble`). Seconds.
    busy = float(os.environ.get("IP_DB_BUSY_TIMEOUT", "15"))
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": busy})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    connect_args = {}
    if url.startswith("postgresql"):  # a lock wait ends in LockNotAvailable, not a hang
        connect_args["options"] = f"-c lock_timeout={int(busy * 1000)}"
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10,
                            connect_args=connect_args)


def engine() -> sa.Engine:
    return _engine_for(db_url())


# The statements run on every event or page load are built once, at import, with bound
# parameters: building a select with its joins costs several times what SQLAlchemy then
# needs to run it (the compiled form is cached either way), e.g. 0.27 of the 0.35 ms that
# `plans.access_for` took.
def param(name: str) -> sa.BindParameter:
    """A value given when a prebuilt statement runs (`params={name: ...}`)."""
    return sa.bindparam(name)


def param_list(name: str) -> sa.BindParameter:
    """A list of values for `IN` in a prebuilt statement, expanded when it runs."""
    return sa.bindparam(name, expanding=True)


@contextmanager
def session() -> Iterator[Session]:
    """A unit of work: commits at the end, rolls back on any error."""
    with Session(engine(), expire_on_commit=False) as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
