"""Full-time programmes: the introduction programme (integreringsloven) and KVP.

Both are full-time: the planned hours per week on each tiltak are summed and
compared with full time (37.5 h). The introduction programme lasts up to two
years, up to three with particular reasons (særlige grunner); time used and left
is counted in days from the programme start. Plain rules, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Optional

FULL_TIME_HOURS = 37.5
BASE_YEARS = 2
MAX_YEARS = 3


@dataclass(frozen=True)
class WeekLoad:
    """Planned hours per week against full time."""

    planned: float
    full_time: float = FULL_TIME_HOURS

    @property
    def missing(self) -> float:
        return max(0.0, round(self.full_time - self.planned, 2))

    @property
    def is_full_time(self) -> bool:
        return self.missing == 0

    @property
    def share(self) -> float:
        """0..1+ of full time (over 1 when more than full time is planned)."""
        return self.planned / self.full_time if self.full_time else 0.0


def weekly_hours(items: Iterable[tuple[Optional[float], bool, Optional[date], Optional[date]]],
                 week_of: date) -> WeekLoad:
    """Sum the hours of tiltak that are active in the week of `week_of`.

    Each item: (hours_per_week, is_active_status, start_date, end_date). A tiltak
    without hours, or not active, or not running that week, counts as 0.
    """
    monday = week_of - timedelta(days=week_of.weekday())
    sunday = monday + timedelta(days=6)
    total = 0.0
    for hours, active, start, end in items:
        if not hours or hours < 0 or not active:
            continue
        if start is not None and start > sunday:
            continue
        if end is not None and end < monday:
            continue
        total += hours
    return WeekLoad(planned=round(total, 2))


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@dataclass(frozen=True)
class ProgrammeTime:
    start: date
    end: date  # the last day the programme may run (two years, or three with an extension)
    used_days: int
    left_days: int
    extended: bool

    @property
    def total_days(self) -> int:
        return (self.end - self.start).days


class ProgrammeError(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def programme_time(start: date, today: date, *, extension_months: int = 0,
                   extension_reason: str = "") -> ProgrammeTime:
    """Time used and left in an introduction programme starting `start`.

    Two years; an extension of up to 12 months needs a reason (særlige grunner).
    """
    if extension_months < 0 or extension_months > 12:
        raise ProgrammeError("error.extension_too_long")
    if extension_months and not extension_reason.strip():
        raise ProgrammeError("error.extension_reason_required")
    base_end = add_years(start, BASE_YEARS)
    end = _add_months(base_end, extension_months)
    used = min(max(0, (today - start).days), (end - start).days)
    left = max(0, (end - max(today, start)).days)
    return ProgrammeTime(start=start, end=end, used_days=used, left_days=left,
                         extended=extension_months > 0)


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- who may read, and which plans have a programme --------------------------------

from ip_app.kernel.access import PlanAccess  # noqa: E402
from ip_app.kernel.scopes import Scope  # noqa: E402
from ip_app.measures.rules import Status  # noqa: E402
from ip_app.plan.rules import PlanBasis  # noqa: E402

PROGRAMME_BASES = (PlanBasis.INTEGRERINGSPLAN, PlanBasis.KVALIFISERINGSPROGRAM)
COUNTS_AS_ACTIVE = frozenset({Status.PLANLAGT, Status.GJENNOMFORES})


def programme_bases(bases: list[PlanBasis]) -> list[PlanBasis]:
    """The full-time programmes among a plan's legal bases."""
    return [b for b in bases if b in PROGRAMME_BASES]


def may_read_programme(access: PlanAccess) -> bool:
    """The person always; a participant whose consent covers the plan's goals."""
    return access.allowed and (access.is_owner or access.can(Scope.GOALS))


def counts_in_week(status: str) -> bool:
    return status in COUNTS_AS_ACTIVE
