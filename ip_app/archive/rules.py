"""When a plan is archived, what a snapshot says about itself, and who reads the list.

- **When** (`Reason`): a snapshot is written when the plan closes, after each evaluation
  and on a schedule. NAV journalfører the aktivitetsplan; a municipality archives the IP
  (arkivlova) at least twice a year and when the plan closes (SamPro), so the schedule
  (`scheduled_reason`) takes a plan whose newest snapshot is older than `SCHEDULE_DAYS`
  (or that has none), and a closed plan that has no snapshot since it closed (the hook
  at the closing failed, say): the runner is also the retry.
- **What it says** (`SnapshotMeta`): title, person, period, document date, the plans it
  serves; written into the PDF's XMP and document info and into the sidecar.
- **Names** (`file_stem`): by plan and date, so a folder reads in order.
- **Who sees the list** (`may_read_archive`): the person (and a verge: the plan's owner
  side, innsyn in their own records), the koordinator and the NAV-veileder, who answer for
  the plan. A tjenesteyter or pårørende does not; the list shows dates and reasons only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Iterable, Optional

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.roles import Role

SCHEDULE_DAYS = 182  # twice a year at least (SamPro archives the IP as often)
PDF_VARIANT = "pdf/a-2a"  # PDF/A-2 level A: tagged (the structure of our PDF/UA export)
READERS = frozenset({Role.PERSON, Role.VERGE, Role.KOORDINATOR, Role.VEILEDER})


class Reason(StrEnum):
    CLOSED = "closed"  # the plan was closed
    EVALUATION = "evaluation"  # an evaluation was recorded
    SCHEDULED = "scheduled"  # the operator's schedule (python -m ip_app.archive)


@dataclass(frozen=True)
class SnapshotMeta:
    """What an archive copy says about itself (XMP / document info / sidecar)."""

    plan_id: int
    title: str
    person: str
    period_start: Optional[date]
    period_end: Optional[date]
    document_date: date
    serves: tuple[str, ...]  # PlanBasis values: aktivitetsplan, individuell_plan, ...
    reason: Reason

    def as_json(self) -> dict:
        d = asdict(self)
        d["reason"] = self.reason.value
        d["serves"] = list(self.serves)
        for k in ("period_start", "period_end", "document_date"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def scheduled_reason(*, last_snapshot_at: Optional[datetime], closed_at: Optional[datetime],
                     closed_snapshot_at: Optional[datetime], now: datetime,
                     every: timedelta = timedelta(days=SCHEDULE_DAYS)) -> Optional[Reason]:
    """Is the plan due on the schedule, and as what? None: not due.

    `last_snapshot_at`: the newest snapshot of any reason; `closed_snapshot_at`: the newest
    with the reason "closed"; `closed_at`: when the plan was closed (None: open)."""
    if closed_at is not None:
        # a closed plan changes no more: one snapshot after the closing is its record
        if closed_snapshot_at is None or closed_snapshot_at < closed_at:
            return Reason.CLOSED
        return None
    if last_snapshot_at is None or now - last_snapshot_at >= every:
        return Reason.SCHEDULED
    return None


def file_stem(plan_id: int, made_at: datetime, reason: Reason) -> str:
    """`plan-12_2026-12-07T101500Z_closed`: by plan, then time, sortable."""
    return f"plan-{plan_id}_{made_at.strftime('%Y-%m-%dT%H%M%SZ')}_{reason.value}"


_SAFE = re.compile(r"^plan-\d+_\d{4}-\d\d-\d\dT\d{6}Z_[a-z]+(-\d+)?\.pdf$")


def safe_file_name(name: str) -> bool:
    """A reference the folder target accepts back: one of its own names, no path."""
    return bool(_SAFE.match(name))


def may_read_archive(access: Optional[PlanAccess]) -> bool:
    return access is not None and access.allowed and access.role in READERS


def document_keywords(serves: Iterable[str], labels: dict[str, str]) -> list[str]:
    """The plans the snapshot serves, in words (the PDF's keywords)."""
    return [labels.get(b, b) for b in serves]
