"""The first screen of a plan: what waits for me, my next step, and what is new since my
last visit. Plain rules over plain facts (no database, no Reflex): the web layer gathers
the facts the viewer may see and formats what these functions pick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Optional

from ip_app.consent.rules import consents_for_self, may_decide
from ip_app.kernel.roles import Role
from ip_app.measures.rules import Status

# With no visit recorded yet, "new since last time" looks this far back.
FIRST_VISIT_WINDOW = timedelta(days=14)
# At most this many lines of "new since last time"; the rest is in each card's history.
NEWS_LIMIT = 8

# ---------------------------------------------------------------- what waits for me


@dataclass(frozen=True)
class MeasureFacts:
    """A tiltak as the first screen needs it."""

    id: int
    title: str
    status: Status
    start: Optional[date] = None
    end: Optional[date] = None
    proposed_by_other: bool = False  # the first version was made by someone else


@dataclass(frozen=True)
class Waiting:
    """One thing the viewer should answer: kind consent | proposal | unread."""

    kind: str
    count: int
    ref: int = 0  # the tiltak, for a single proposal


def waiting_for(*, decides_consent: bool, consent_requests: int,
                measures: Iterable[MeasureFacts], unread: int,
                unread_records: int = 0) -> list[Waiting]:
    """What waits for the viewer, most pressing first: consent requests they decide on,
    tiltak someone else proposed that are still a proposal, unread messages, samtalereferat
    whose current version they have not said "Jeg har lest" to."""
    out: list[Waiting] = []
    if decides_consent and consent_requests > 0:
        out.append(Waiting("consent", consent_requests))
    proposals = [m for m in measures if m.status == Status.FORSLAG and m.proposed_by_other]
    if proposals:
        out.append(Waiting("proposal", len(proposals),
                           proposals[0].id if len(proposals) == 1 else 0))
    if unread > 0:
        out.append(Waiting("unread", unread))
    if unread_records > 0:
        out.append(Waiting("record", unread_records))
    return out


# ---------------------------------------------------------------- my next step


@dataclass(frozen=True)
class MeetingFacts:
    id: int
    starts_at: datetime
    title: str
    cancelled: bool = False
    agenda: str = ""


@dataclass(frozen=True)
class NextStep:
    """The nearest thing ahead: kind meeting | start | end | evaluation."""

    kind: str
    on: date
    title: str = ""
    ref: int = 0  # the meeting or tiltak
    at: Optional[datetime] = None  # a meeting's time
    bring: str = ""  # what to bring or think about, when known (a meeting's agenda)


_KIND_ORDER = {"meeting": 0, "evaluation": 1, "start": 2, "end": 3}


def next_step(*, today: date, now: datetime, measures: Iterable[MeasureFacts],
              meetings: Iterable[MeetingFacts], next_evaluation: Optional[date],
              day_of=lambda dt: dt.date()) -> Optional[NextStep]:
    """The nearest date from today on: a meeting not cancelled and not begun, the start or
    end of a tiltak not finished or stopped, the next evaluation. On the same day a meeting
    comes first, then the evaluation, then tiltak starts, then ends. `day_of` turns a
    meeting's time into its local day."""
    found: list[NextStep] = []
    for mt in meetings:
        if not mt.cancelled and mt.starts_at >= now:
            found.append(NextStep("meeting", day_of(mt.starts_at), mt.title, mt.id,
                                  mt.starts_at, mt.agenda))
    for m in measures:
        if m.status in (Status.FULLFORT, Status.AVBRUTT):
            continue
        if m.start is not None and m.start >= today:
            found.append(NextStep("start", m.start, m.title, m.id))
        elif m.end is not None and m.end >= today:
            found.append(NextStep("end", m.end, m.title, m.id))
    if next_evaluation is not None and next_evaluation >= today:
        found.append(NextStep("evaluation", next_evaluation))
    if not found:
        return None
    return min(found, key=lambda x: (x.on, _KIND_ORDER[x.kind], x.at or now, x.ref))


# ---------------------------------------------------------------- new since last time


@dataclass(frozen=True)
class Change:
    """One change someone made: subject measure | goal | meeting; what created | changed |
    status | cancelled (with `status` the new tiltak status)."""

    when: datetime
    who_id: int
    who: str
    subject: str
    subject_id: int
    title: str
    what: str
    status: str = ""


def since_of(last_visit: Optional[datetime], now: datetime) -> datetime:
    """From when "new since last time" counts: the last visit, or a while back the first time."""
    return last_visit if last_visit is not None else now - FIRST_VISIT_WINDOW


def new_since(changes: Iterable[Change], *, since: datetime, viewer_id: int,
              limit: int = NEWS_LIMIT) -> list[Change]:
    """What others changed after `since`, newest first, one line per person and thing
    (their latest change of it), at most `limit` lines. The viewer's own changes are left out."""
    seen: set[tuple] = set()
    out: list[Change] = []
    for c in sorted(changes, key=lambda c: c.when, reverse=True):
        if c.when <= since or c.who_id == viewer_id:
            continue
        key = (c.who_id, c.subject, c.subject_id)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
        if len(out) >= limit:
            break
    return out


def meeting_changes(since: datetime, meetings: Iterable[tuple]) -> list[Change]:
    """The versions of meetings written after `since` as changes (`(meeting, [(version,
    author name)])`, as `meetings.data.visible_with_history` gives them; the title is the
    meeting's `topic` as given)."""
    out: list[Change] = []
    for m, versions in meetings:
        for v, name in versions:
            if v.changed_at <= since:
                continue
            cancelled = (v.snapshot or {}).get("status") == "cancelled"
            what = "created" if v.version == 1 else ("cancelled" if cancelled else "changed")
            out.append(Change(when=v.changed_at, who_id=v.changed_by_id, who=name or "",
                              subject="meeting", subject_id=m.id, title=m.topic, what=what))
    return out


def decides_consent(access, birth_date: Optional[date], today: date) -> bool:  # noqa: ANN001
    """Whether the viewer answers the plan's consent requests: the person (from 16), or a
    guardian (under 16). `access`: the viewer's `PlanAccess`."""
    return may_decide(is_person=access.is_owner, is_guardian=access.role == Role.VERGE,
                      person_consents_for_self=consents_for_self(birth_date, today))
