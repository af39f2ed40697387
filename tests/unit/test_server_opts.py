"""The worker's garbage-collector tuning (ip_app.kernel.server_opts.tune_gc)."""

from __future__ import annotations

import asyncio
import gc

import pytest

from ip_app.kernel.server_opts import GC_THRESHOLDS, tune_gc


@pytest.fixture
def restore_gc():
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_tuning_freezes_the_started_heap_and_collects_less_often(restore_gc, monkeypatch):
    monkeypatch.delenv("IP_GC_TUNING", raising=False)
    gc.unfreeze()
    asyncio.run(tune_gc())
    assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_freeze_count() > 10_000  # the imported app and test modules


@pytest.mark.parametrize("off", ["0", "false", "no"])
def test_tuning_can_be_turned_off(restore_gc, monkeypatch, off):
    monkeypatch.setenv("IP_GC_TUNING", off)
    gc.unfreeze()
    before = gc.get_threshold()
    asyncio.run(tune_gc())
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_one_worker_keeps_tab_state_in_memory_and_several_in_redis():
    from ip_app.kernel.server_opts import state_manager_mode

    assert state_manager_mode({}) == "memory"  # not Reflex's default disk copy
    assert state_manager_mode({"REFLEX_REDIS_URL": "redis://127.0.0.1:6379/0"}) == "redis"
    assert state_manager_mode({"REFLEX_STATE_MANAGER_MODE": "Disk"}) == "disk"
    assert state_manager_mode({"REFLEX_REDIS_URL": "", "REFLEX_STATE_MANAGER_MODE": " "}) == "memory"
