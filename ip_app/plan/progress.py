"""Progress of a plan: tiltak done of total, overall and per goal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from ip_app.measures.rules import Status


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        # floor: 100 % only when everything is done
        return 100 * self.done // self.total if self.total else 0


def progress(statuses: Iterable[Status]) -> Progress:
    """Fullført counts as done; avbrutt is left out of the total (it will not be done)."""
    done = total = 0
    for s in statuses:
        if s == Status.AVBRUTT:
            continue
        total += 1
        if s == Status.FULLFORT:
            done += 1
    return Progress(done=done, total=total)


def progress_by_goal(items: Iterable[tuple[Optional[int], Status]]) -> dict[Optional[int], Progress]:
    grouped: dict[Optional[int], list[Status]] = {}
    for goal_id, status in items:
        grouped.setdefault(goal_id, []).append(status)
    return {goal_id: progress(statuses) for goal_id, statuses in grouped.items()}


def evaluation_overdue(next_evaluation: Optional[date], today: date) -> bool:
    return next_evaluation is not None and next_evaluation < today
