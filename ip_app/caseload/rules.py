"""Til oppfølging: what waits for a staff member across the people they follow, and how
the caseload is sorted and narrowed. Plain rules (no Reflex, no database).

What needs follow-up in one plan (`follow_ups`), from the facts the viewer may see:

- the evaluation is overdue (the date has passed) or due within `EVALUATION_SOON_DAYS`;
- proposals (forslag) wait for staff to plan them;
- conversations are marked "venter på svar fra NAV";
- the viewer's own consent to the plan runs out within `CONSENT_SOON_DAYS` (then they
  lose access unless the person renews it);
- a meeting of the plan the viewer may see is held this week (from today to Sunday,
  Norwegian time), and it is not cancelled.

The most pressing first: overdue evaluations, then messages waiting for NAV, then by date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Iterable, Optional, Protocol, Sequence, TypeVar
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

EVALUATION_SOON_DAYS = 14
CONSENT_SOON_DAYS = 30


class Kind(StrEnum):
    EVALUATION_OVERDUE = "evaluation_overdue"
    EVALUATION_DUE = "evaluation_due"
    ANSWER_NAV = "answer_nav"
    PROPOSALS = "proposals"
    CONSENT_EXPIRING = "consent_expiring"
    MEETING = "meeting"


# the order the list shows on one day: what is late or waits for an answer first
_RANK = {Kind.EVALUATION_OVERDUE: 0, Kind.ANSWER_NAV: 1, Kind.PROPOSALS: 2,
         Kind.MEETING: 3, Kind.EVALUATION_DUE: 4, Kind.CONSENT_EXPIRING: 5}


@dataclass(frozen=True)
class CaseFacts:
    """What the viewer may see of one plan in their caseload (only plans with access)."""

    plan_id: int
    name: str
    next_evaluation: Optional[date] = None
    proposals: int = 0
    answer_nav: int = 0
    consent_valid_until: Optional[date] = None
    meetings: tuple[datetime, ...] = ()  # starts (aware), only visible and not cancelled


@dataclass(frozen=True)
class FollowUp:
    plan_id: int
    name: str
    kind: Kind
    on: Optional[date] = None  # the day it is about (evaluation, consent end, meeting)
    at: Optional[datetime] = None  # a meeting's start
    count: int = 0  # proposals or conversations


def evaluation_follow_up(next_evaluation: Optional[date], today: date) -> Optional[Kind]:
    if next_evaluation is None:
        return None
    if next_evaluation < today:
        return Kind.EVALUATION_OVERDUE
    if next_evaluation <= today + timedelta(days=EVALUATION_SOON_DAYS):
        return Kind.EVALUATION_DUE
    return None


def consent_expiring(valid_until: Optional[date], today: date) -> bool:
    """A consent without an end date never runs out; one already ended is not 'expiring'."""
    return valid_until is not None and today <= valid_until <= today + timedelta(
        days=CONSENT_SOON_DAYS)


def rest_of_week(today: date) -> tuple[date, date]:
    """From today to the Sunday of this week (weeks start on Monday in Norway)."""
    return today, today + timedelta(days=6 - today.weekday())


def meeting_this_week(starts_at: datetime, today: date) -> bool:
    if starts_at.tzinfo is None:
        raise ValueError("naive datetime")
    first, last = rest_of_week(today)
    return first <= starts_at.astimezone(OSLO).date() <= last


def follow_ups(cases: Iterable[CaseFacts], today: date) -> list[FollowUp]:
    out: list[FollowUp] = []
    for c in cases:
        kind = evaluation_follow_up(c.next_evaluation, today)
        if kind is not None:
            out.append(FollowUp(c.plan_id, c.name, kind, on=c.next_evaluation))
        if c.answer_nav > 0:
            out.append(FollowUp(c.plan_id, c.name, Kind.ANSWER_NAV, count=c.answer_nav))
        if c.proposals > 0:
            out.append(FollowUp(c.plan_id, c.name, Kind.PROPOSALS, count=c.proposals))
        if consent_expiring(c.consent_valid_until, today):
            out.append(FollowUp(c.plan_id, c.name, Kind.CONSENT_EXPIRING,
                                on=c.consent_valid_until))
        for start in sorted(c.meetings):
            if meeting_this_week(start, today):
                out.append(FollowUp(c.plan_id, c.name, Kind.MEETING,
                                    on=start.astimezone(OSLO).date(), at=start))
    return sorted(out, key=lambda f: (_RANK[f.kind], f.on or date.min,
                                      f.at.timestamp() if f.at else 0.0, f.name.casefold()))


# -- sorting and narrowing the caseload -----------------------------------------------

SORTS = ("name", "evaluation", "changed", "unread")
SCOPES = ("all", "mine", "office")  # alle jeg følger / der jeg er koordinator eller veileder / mitt kontor
ALL = "all"


class Row(Protocol):
    name: str
    evaluation_on: str  # ISO date, "" when none or not visible
    changed_at: str  # ISO timestamp (UTC), "" when not visible
    unread: int


R = TypeVar("R", bound=Row)


def sort_rows(rows: Sequence[R], by: str) -> list[R]:
    """name A–Å; next evaluation soonest first (none last); last change newest first
    (none last); most unread first. Ties by name, so the order is stable."""
    by_name = sorted(rows, key=lambda r: r.name.casefold())
    if by == "evaluation":
        return sorted(by_name, key=lambda r: (r.evaluation_on == "", r.evaluation_on))
    if by == "changed":
        dated = sorted((r for r in by_name if r.changed_at), key=lambda r: r.changed_at,
                       reverse=True)
        return dated + [r for r in by_name if not r.changed_at]
    if by == "unread":
        return sorted(by_name, key=lambda r: -r.unread)
    return by_name

