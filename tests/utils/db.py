"""Read the test server's database directly, to check what really was stored."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Collection

import sqlalchemy as sa

from ip_app.kernel.config import normalise_db_url


def query(db_url: str, sql: str, **params: Any) -> list[tuple]:
    engine = sa.create_engine(normalise_db_url(db_url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def execute(db_url: str, sql: str, **params: Any) -> None:
    """Change the test server's data directly (test set-up only)."""
    engine = sa.create_engine(normalise_db_url(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(sql), params)
    finally:
        engine.dispose()


def scalar(db_url: str, sql: str, **params: Any) -> Any:
    rows = query(db_url, sql, **params)
    return rows[0][0] if rows else None


def plan_id_of(db_url: str, username: str) -> int:
    """The person's plan: the open one, else the one closed last (one open plan per person)."""
    return scalar(db_url, "SELECT plan.id FROM plan JOIN account ON account.id = plan.person_id "
                          "WHERE account.username = :u ORDER BY (plan.closed_at IS NULL) DESC, "
                          "plan.closed_at DESC, plan.id DESC", u=username)


def person_without_plan(db_url: str, name: str, born) -> int:  # noqa: ANN001 - a date
    """A person account with no plan (as a search by staff finds one), through the model
    so the stored values are the app's own; its id."""
    import uuid

    from sqlmodel import Session

    from ip_app.kernel.models import Account, utcnow

    eng = sa.create_engine(normalise_db_url(db_url))
    try:
        with Session(eng) as s:
            a = Account(username=f"p-{uuid.uuid4().hex[:16]}", display_name=name, kind="person",
                        birth_date=born, created_at=utcnow())
            s.add(a)
            s.commit()
            return a.id
    finally:
        eng.dispose()


def new_measure(db_url: str, *, agreed: bool = False, owner: str = "amina",
                by: str = "koordinator") -> tuple[int, str]:
    """A tiltak of its own (Planlagt, unique title) in `owner`'s plan, made by `by` (the
    koordinator) through the measures data layer, with its first version."""
    import uuid
    from datetime import date

    from sqlmodel import Session

    from ip_app.kernel.actor import Actor
    from ip_app.kernel.roles import Role
    from ip_app.measures import data as measure_data

    title = f"Tavletest {uuid.uuid4().hex[:6]}"
    plan = plan_id_of(db_url, owner)
    account = scalar(db_url, "SELECT id FROM account WHERE username = :u", u=by)
    engine = sa.create_engine(normalise_db_url(db_url))
    try:
        with Session(engine) as s:
            m = measure_data.create_measure(
                s, plan_id=plan, actor=Actor(account_id=account, role=Role.KOORDINATOR),
                title=title, status="planlagt", agreed=agreed, start_date=date(2026, 12, 14))
            s.commit()
            return m.id, title
    finally:
        engine.dispose()


def copy_sqlite(src: Path, dst: Path) -> float:
    """Copy the SQLite database `src` over `dst` with SQLite's online backup, also while a
    server has `dst` open: the copy is one write transaction on `dst` (it waits for the
    server's writer, and the server's next transaction sees all of it), it goes through
    `dst`'s WAL like any write, and `dst` stays in WAL mode. ms taken (~5-25 ms for the
    demo database, 0.7 MB)."""
    start = time.perf_counter()
    source, target = sqlite3.connect(src, timeout=60), sqlite3.connect(dst, timeout=60)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return (time.perf_counter() - start) * 1000


def digest(db_url: str, skip: Collection[str] = ()) -> str:
    """A hash of every row of every table (but those in `skip`): equal for two databases
    with the same content."""
    import hashlib

    engine = sa.create_engine(normalise_db_url(db_url))
    h = hashlib.sha256()
    try:
        with engine.connect() as conn:
            for table in sorted(sa.inspect(conn).get_table_names()):
                if table in skip:
                    continue
                for row in conn.execute(sa.text(f'SELECT * FROM "{table}" ORDER BY 1')):
                    h.update(repr((table, tuple(row))).encode())
    finally:
        engine.dispose()
    return h.hexdigest()
