"""A worker's warm-up (ip_app.warm): it runs the statements of the plan page and of a
conversation once, reads nobody's data, writes nothing, and a database that cannot be
reached does not stop the worker from starting. After it, the first open of a real plan
finds every statement it reads with compiled already, and every type the pages send
with its serializer known."""

from __future__ import annotations

import asyncio
import gc
import logging

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.engine.interfaces import CacheStats
from sqlmodel import Session
from test_data_queries import statements

from ip_app import warm
from ip_app.consent import data as consent_data
from ip_app.first_screen.data import last_visit, load_news
from ip_app.kernel import db
from ip_app.kernel.accounts import session_facts
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.server_opts import GC_THRESHOLDS
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import _HISTORY, build


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


def _compiled_afresh(engine: sa.Engine):
    """The statements sent inside the block that SQLAlchemy had to compile (not found in
    its cache of compiled statements)."""
    return statements(engine, lambda context: getattr(context, "cache_hit", None)
                      is CacheStats.CACHE_MISS)


@pytest.mark.parametrize("viewer_name", ["amina", "veileder"])
def test_after_the_warm_up_opening_a_plan_compiles_no_read(fresh_db, demo, today, viewer_name):
    """What opening a plan reads (the policy, the plan, its page, the news, her consents)
    is compiled by the warm-up, from a plan no one has: the first person after a start
    does not pay for it."""
    _HISTORY.clear()
    warm.warm_up()
    eng = db.engine()
    with Session(eng) as s:
        viewer = demo.viewer(s, viewer_name)
        plan_id = demo.plan(s, "amina").id
    with Session(eng) as s, _compiled_afresh(eng) as missed:
        with eng.connect() as conn:
            session_facts(conn, "no-such-token")
        plan, access = access_for(s, viewer, plan_id, today)
        last_visit(s, plan_id=plan_id, account_id=viewer.account_id)
        data = load_plan(s, plan, access, viewer)
        loaded = load_page(s, data, viewer, today)
        build(loaded, viewer, today)
        load_news(s, data, viewer, datetime(2000, 1, 1, tzinfo=timezone.utc),
                  meetings=loaded.meetings)
        if viewer.kind == "person":  # her consent requests come with her own plan
            consent_data.managed_plan(s, viewer)
            consent_data.load_page(s, plan, today)
            consent_data.may_decide_for(s, plan, viewer.account_id, today)
        s.rollback()
    assert access.allowed
    assert len(data.measures) > 3 and data.goals and data.participants  # a plan with rows
    assert [" ".join(q.split())[:120] for q in missed] == []


def test_after_the_warm_up_every_type_a_page_sends_has_its_serializer(monkeypatch):
    """Reflex finds how to serialise a type by trying every registered serializer (~1 ms
    per type, paid by the first tab that is sent one); the warm-up finds them for every
    type a state of the app holds, the views' dataclasses and what is inside them."""
    import reflex as rx
    from reflex_base.utils import serializers

    import ip_app.ip_app  # noqa: F401 - every page's states
    from ip_app.plan.view import Card, Group, PlanPage

    serializers.get_serializer.cache_clear()
    serializers._dataclass_serializer.cache_clear()
    warm.warm_reflex()
    known = serializers.get_serializer.cache_info().currsize
    for tp in (PlanPage, Group, Card):
        serializers.get_serializer(tp)
        serializers._dataclass_serializer(tp)
    assert serializers.get_serializer.cache_info().currsize == known  # nothing new
    assert serializers.get_serializer.cache_info().maxsize is None or \
        known < serializers.get_serializer.cache_info().maxsize  # none pushed out again
    assert rx.State.get_substates()


def test_a_worker_takes_its_first_connection_only_once_warm(monkeypatch):
    """The warm-up is a lifespan context Reflex enters before the server starts serving
    (not a task beside the first requests, whose thread held the interpreter while the
    first page after a start was opened)."""
    import contextlib

    import ip_app.ip_app as the_app

    assert warm.warm_worker in the_app.app.get_lifespan_tasks()
    assert isinstance(warm.warm_worker(), contextlib.AbstractAsyncContextManager)
    done = []
    monkeypatch.setattr(warm, "warm_up", lambda: done.append("warm"))
    monkeypatch.setenv("IP_GC_TUNING", "0")

    async def start() -> None:
        async with warm.warm_worker():
            done.append("serving")

    asyncio.run(start())
    assert done == ["warm", "serving"]
