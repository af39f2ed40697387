"""The database engine and sessions. One engine per process and URL."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator

import sqlalchemy as sa
from sqlmodel import Session

from ip_app.config import settings


@lru_cache(maxsize=4)
def _engine_for(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        # How long a write waits for another writer's lock before giving up with "database
        # is locked" (the page then says so and the action can be retried; web/common.py).
        busy = float(os.environ.get("IP_DB_BUSY_TIMEOUT", "15"))
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": busy})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def engine() -> sa.Engine:
    return _engine_for(settings().db_url)


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
