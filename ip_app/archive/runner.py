"""The archive's schedule: one pass writes a snapshot of every plan that is due
(`rules.scheduled_reason`), and a loop runs a pass now and then."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Optional

from ip_app.archive import data as archive_data
from ip_app.archive.rules import SCHEDULE_DAYS, scheduled_reason
from ip_app.archive.snapshot import write
from ip_app.archive.targets import ArchiveTarget, configured_target
from ip_app.kernel import db
from ip_app.kernel.models import utcnow

log = logging.getLogger("ip_app.archive")


@dataclass
class PassResult:
    written: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def due(now: datetime, every: timedelta = timedelta(days=SCHEDULE_DAYS)) -> list[tuple[int, object]]:
    """(plan id, reason) of every plan due now."""
    with db.session() as s:
        facts = archive_data.schedule_facts(s)
    out = []
    for plan_id, closed_at, last_at, closed_snap in facts:
        reason = scheduled_reason(last_snapshot_at=last_at, closed_at=closed_at,
                                  closed_snapshot_at=closed_snap, now=now, every=every)
        if reason is not None:
            out.append((plan_id, reason))
    return out


def run_once(*, target: Optional[ArchiveTarget] = None, clock: Callable[[], datetime] = utcnow,
             every: timedelta = timedelta(days=SCHEDULE_DAYS)) -> PassResult:
    """Archive every plan that is due; one failing plan does not stop the others."""
    target = target or configured_target()
    result = PassResult()
    for plan_id, reason in due(clock(), every):
        try:
            write(plan_id, reason, target=target, clock=clock)
            result.written += 1
        except Exception as exc:  # noqa: BLE001 - the next pass tries again
            result.failed += 1
            result.errors.append(f"plan {plan_id}: {type(exc).__name__}: {exc}")
            log.warning("plan %s not archived: %s", plan_id, exc)
    return result


async def run_forever(interval: float, stop: Optional[asyncio.Event] = None) -> None:
    """A pass every `interval` seconds until `stop` is set; a failing pass is logged."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            res = await asyncio.to_thread(run_once)
            if res.written or res.failed:
                log.info("archive pass: %s", res)
        except Exception:  # noqa: BLE001
            log.exception("archive pass failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=interval)
        except asyncio.TimeoutError:
            pass


def interval_from_env() -> float:
    return float(os.environ.get("IP_ARCHIVE_INTERVAL", "3600"))
