"""The plan's live signal on one worker (ip_app/kernel/live.py, issue 23): who is woken.

A write that moves the signal wakes the plan's other tabs on this worker once, after the
lock is released, and no tab of another plan; a write that changes nothing wakes nobody;
a tab follows one plan; a tab whose socket closed is not woken again; writes of one
plan queue on its lock. (Across workers: tests/e2e/test_scaleout.py.)
"""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest

from ip_app.kernel import live


def _tab(token: str) -> SimpleNamespace:
    return SimpleNamespace(router=SimpleNamespace(session=SimpleNamespace(client_token=token)))


@pytest.fixture(autouse=True)
def woken(monkeypatch):
    live.reset()
    calls: list[tuple[int, str]] = []
    monkeypatch.setattr(live, "wake", lambda plan_id, but="": calls.append((plan_id, but)))
    yield calls
    live.reset()


def test_a_write_that_moves_the_signal_wakes_the_plans_tabs_once_after_the_lock(woken):
    writer = _tab("a")

    async def write() -> None:
        await live.follow_plan(writer, 1)
        await live.follow_plan(_tab("b"), 1)
        await live.follow_plan(_tab("c"), 2)
        async with live.plan_lock(1) as sig:
            live.changed(sig, writer, measures=[7])
            assert woken == [], "nobody is woken while the lock is held"
            assert live.signal(1).version == 0, "nor does anyone see the new version yet"
        assert woken == [(1, "a")]

    asyncio.run(write())
    sig = live.signal(1)
    assert (sig.version, sig._changed_by, sig._touched) == (1, "a", [(1, (7,), False)])
    assert live.signal(2).version == 0


def test_a_write_that_changes_nothing_wakes_nobody(woken):
    async def write() -> None:
        await live.follow_plan(_tab("a"), 1)
        await live.follow_plan(_tab("b"), 1)
        async with live.plan_lock(1):
            pass  # refused, or a ui-only answer

    asyncio.run(write())
    assert woken == [] and live.signal(1).version == 0


def test_a_tab_follows_one_plan_and_a_gone_tab_is_forgotten():
    async def follow() -> None:
        await live.follow_plan(_tab("a"), 1)
        await live.follow_plan(_tab("a"), 2)
        await live.follow_plan(_tab("b"), 2)

    asyncio.run(follow())
    assert live.following("a") == 2 and 1 not in live._TABS
    live.gone("a")
    assert live.following("a") is None and set(live._TABS[2]) == {"b"}
    live.unfollow(_tab("b"))
    assert live._TABS == {}


def test_writes_of_one_plan_queue_and_none_is_lost():
    async def one(i: int) -> None:
        async with live.plan_lock(1) as sig:
            seen = sig.version
            await asyncio.sleep(0)  # another write would run here without the lock
            live.changed(sig, _tab(str(i)))
            assert sig.version == seen + 1

    async def many() -> None:
        await asyncio.gather(*(one(i) for i in range(20)))

    asyncio.run(many())
    assert live.signal(1).version == 20
    assert [v for v, _, _ in live.signal(1)._touched] == list(range(5, 21))  # the last 16


def test_the_signal_travels_between_workers_as_it_is():
    sig = live.PlanSignal(3, "tab", [(2, (4, 5), False), (3, None, False), (3, (), True)])
    assert live.PlanSignal.from_json(sig.to_json()) == sig


def test_two_apps_on_one_redis_server_do_not_hear_each_other(monkeypatch):
    """Redis pub/sub spans the server, not a database number: each app (its own database)
    has its own channel, so another app's higher plan version cannot drown this one's."""
    import random

    import redis.asyncio as aioredis

    plan_id = random.randrange(10**8, 10**9)
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:6379/13")
    monkeypatch.setattr(live, "_redis", None)

    async def heard_on(db: int) -> list:
        listener = aioredis.from_url(f"redis://127.0.0.1:6379/{db}")
        ps = listener.pubsub()
        await ps.subscribe(live._channel(listener))
        await ps.get_message(timeout=1.0)  # the subscription's confirmation
        async with live.plan_lock(plan_id) as sig:
            live.changed(sig, _tab("writer"))
        got = []
        while (msg := await ps.get_message(ignore_subscribe_messages=True, timeout=0.5)):
            got.append(msg)
        await ps.aclose()
        await listener.delete(live._key(plan_id))
        await listener.aclose()
        return got

    async def both() -> tuple[list, list]:
        try:
            return await heard_on(13), await heard_on(12)
        finally:
            await live._redis_client().aclose()

    same_app, other_app = asyncio.run(both())
    assert [json.loads(m["data"])["p"] for m in same_app] == [plan_id]
    assert other_app == []
