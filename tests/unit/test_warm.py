"""A worker's warm-up (ip_app.warm): it runs the statements of the plan page and of a
conversation once, reads nobody's data, writes nothing, and a database that cannot be
reached does not stop the worker from starting."""

from __future__ import annotations

import asyncio
import gc
import logging

import sqlalchemy as sa
from test_data_queries import statements

from ip_app import warm
from ip_app.kernel import db
from ip_app.kernel.server_opts import GC_THRESHOLDS


def _row_counts() -> dict[str, int]:
    eng = db.engine()
    with eng.connect() as conn:
        tables = sa.inspect(conn).get_table_names()
        return {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def test_the_warm_up_sends_the_page_statements_and_writes_nothing(fresh_db):
    before = _row_counts()
    with statements(db.engine()) as seen:
        warm.warm_up()
    selects = [q for q in seen if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 15  # session, access, a tiltak, the plan page, a conversation
    assert all(not q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for q in seen)
    assert _row_counts() == before  # no audit row either: nobody's plan was read


def test_a_worker_starts_even_if_the_warm_up_fails(monkeypatch, caplog):
    def broken():
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("database is down"))

    monkeypatch.setattr(warm, "warm_up", broken)
    monkeypatch.setenv("IP_GC_TUNING", "1")
    before = gc.get_threshold()
    try:
        with caplog.at_level(logging.WARNING, logger="ip_app.warm"):
            asyncio.run(warm.prepare_worker())
        assert "warm-up skipped" in caplog.text
        assert gc.get_threshold() == GC_THRESHOLDS  # and the worker went on to start
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
