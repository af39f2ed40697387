"""Meetings (møter) of a plan: reading the ones a viewer may see, scheduling, moving, cancelling.

Like tiltak: every change bumps `version` and writes a MeetingVersion row with a
snapshot, who and why; the version is the optimistic lock (a change based on an
older version is refused and nothing is written). Nothing is deleted: cancelling
sets the status, moving keeps the earlier time in the version rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.actor import Actor
from ip_app.kernel.disclosure import is_protected, may_see_meeting_place
from ip_app.meetings.rules import MeetingFacts, MeetingStatus, PlaceKind, check_times, may_see

from ip_app.kernel.db import param
from ip_app.kernel.guarded import guarded_update
from ip_app.kernel.models import Account, Meeting, MeetingMinutes, MeetingVersion, Plan, utcnow

SNAPSHOT_FIELDS = ("starts_at", "ends_at", "place_kind", "place", "link", "topic", "agenda",
                   "invited", "status")


class StaleMeeting(Exception):
    """Someone changed the meeting after the version this change was based on."""

    def __init__(self, current: Meeting):
        super().__init__(f"meeting {current.id} is at version {current.version}")
        self.current = current


def facts(m: Meeting) -> MeetingFacts:
    return MeetingFacts.of(m)


def snapshot(m: Meeting) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in SNAPSHOT_FIELDS:
        v = getattr(m, f)
        out[f] = v.isoformat() if isinstance(v, datetime) else v
    return out


def _write_version(s: Session, m: Meeting, actor: Actor, reason: str,
                   at: Optional[datetime] = None) -> None:
    s.add(MeetingVersion(meeting_id=m.id, version=m.version, snapshot=snapshot(m),
                         changed_by_id=actor.account_id, changed_by_role=str(actor.role),
                         reason=reason, changed_at=at or utcnow()))


def schedule(s: Session, *, plan_id: int, actor: Actor, starts_at: datetime, ends_at: datetime,
             place_kind: str, topic: str, place: str = "", link: str = "", agenda: str = "",
             invited: Optional[list[int]] = None, created_at: Optional[datetime] = None
             ) -> Meeting:
    check_times(starts_at, ends_at)
    now = created_at or utcnow()
    m = Meeting(plan_id=plan_id, starts_at=starts_at, ends_at=ends_at, place_kind=place_kind,
                place=place, link=link, topic=topic, agenda=agenda,
                invited=sorted(set(invited or [])), status=MeetingStatus.PLANNED.value,
                created_by_id=actor.account_id, created_at=now, updated_at=now, version=1)
    s.add(m)
    s.flush()
    _write_version(s, m, actor, "", now)
    return m


def _update(s: Session, *, meeting_id: int, based_on_version: int, actor: Actor, reason: str,
            **changes: Any) -> Meeting:
    m, won = guarded_update(s, Meeting, meeting_id, based_on_version, **changes,
                            updated_at=utcnow())
    if m is None:
        raise LookupError(meeting_id)
    if not won:
        raise StaleMeeting(m)
    _write_version(s, m, actor, reason)
    return m


def move(s: Session, *, meeting_id: int, based_on_version: int, actor: Actor,
         starts_at: datetime, ends_at: datetime, place_kind: str, place: str = "",
         link: str = "", reason: str = "") -> Meeting:
    """A new time (and place); the earlier ones stay in the meeting's versions."""
    check_times(starts_at, ends_at)
    return _update(s, meeting_id=meeting_id, based_on_version=based_on_version, actor=actor,
                   reason=reason, starts_at=starts_at, ends_at=ends_at, place_kind=place_kind,
                   place=place, link=link, status=MeetingStatus.MOVED.value)


def cancel(s: Session, *, meeting_id: int, based_on_version: int, actor: Actor,
           reason: str = "") -> Meeting:
    return _update(s, meeting_id=meeting_id, based_on_version=based_on_version, actor=actor,
                   reason=reason, status=MeetingStatus.CANCELLED.value)


def meetings_of(s: Session, plan_id: int) -> list[Meeting]:
    return list(s.exec(select(Meeting).where(Meeting.plan_id == plan_id)
                       .order_by(Meeting.starts_at, Meeting.id)))


def visible_meetings(s: Session, plan_id: int, access: PlanAccess, viewer: Viewer, *,
                     person_protected: Optional[bool] = None,
                     coordinator_participant_id: Optional[int] = None) -> list[Meeting]:
    """The plan's meetings this viewer may see (domain.meetings.may_see), by start time,
    with the place blanked where the viewer may not see it (see `_place_rule`)."""
    if not access.allowed:
        return []
    hide = _place_rule(s, plan_id, access, viewer, person_protected, coordinator_participant_id)
    return [hide(m) for m in meetings_of(s, plan_id)
            if may_see(access, facts(m), viewer.account_id)]


_PROTECTION = (select(Account.protection, Plan.coordinator_participant_id)
               .join(Plan, Plan.person_id == Account.id).where(Plan.id == param("plan_id")))


def _place_rule(s: Session, plan_id: int, access: PlanAccess, viewer: Viewer,
                person_protected: Optional[bool], coordinator_participant_id: Optional[int]
                ) -> Callable[[Meeting], Meeting]:
    """What the viewer gets of each meeting: the row, or, where the plan's person has a
    protected address (kode 6/7) and the viewer has no need to know where an in-person
    meeting is held (domain.disclosure.may_see_meeting_place), a copy without the place
    (never added to the session, so nothing is written). `person_protected` None: read it
    (one statement)."""
    if person_protected is None:
        row = s.exec(_PROTECTION, params={"plan_id": plan_id}).first()
        person_protected = is_protected(row[0]) if row else True
        coordinator_participant_id = row[1] if row else None
    if not person_protected or access.is_owner:
        return lambda m: m

    def hide(m: Meeting) -> Meeting:
        if m.place_kind != PlaceKind.PLACE.value or not m.place or may_see_meeting_place(
                access, viewer_account_id=viewer.account_id, created_by_id=m.created_by_id,
                person_protected=True, coordinator_participant_id=coordinator_participant_id):
            return m
        return Meeting(**{**m.model_dump(), "place": ""})

    return hide


def versions_of(s: Session, meeting_ids: list[int]) -> dict[int, list[MeetingVersion]]:
    out: dict[int, list[MeetingVersion]] = {i: [] for i in meeting_ids}
    if meeting_ids:
        for v in s.exec(select(MeetingVersion).where(MeetingVersion.meeting_id.in_(meeting_ids))
                        .order_by(MeetingVersion.meeting_id, MeetingVersion.version)):
            out[v.meeting_id].append(v)
    return out


_WITH_HISTORY = (  # read with every plan page: built once, with a bound parameter
    select(Meeting, MeetingVersion, Account.display_name)
    .join(MeetingVersion, MeetingVersion.meeting_id == Meeting.id)
    .join(Account, Account.id == MeetingVersion.changed_by_id)
    .where(Meeting.plan_id == param("plan_id"))
    .order_by(Meeting.starts_at, Meeting.id, MeetingVersion.version))


def visible_with_history(s: Session, plan_id: int, access: PlanAccess, viewer: Viewer, *,
                         person_protected: Optional[bool] = None,
                         coordinator_participant_id: Optional[int] = None,
                         ) -> list[tuple[Meeting, list[tuple[MeetingVersion, str]]]]:
    """The meetings this viewer may see, each with its versions and who wrote each one:
    ONE statement (the plan page's statement count stays flat) when the caller says whether
    the person is protected; the place blanked as in `visible_meetings`."""
    if not access.allowed:
        return []
    hide = _place_rule(s, plan_id, access, viewer, person_protected, coordinator_participant_id)
    rows = s.exec(_WITH_HISTORY, params={"plan_id": plan_id}).all()
    out: dict[int, tuple[Meeting, list[tuple[MeetingVersion, str]]]] = {}
    for m, v, name in rows:
        out.setdefault(m.id, (m, []))[1].append((v, name))
    return [(hide(m), versions) for m, versions in out.values()
            if may_see(access, facts(m), viewer.account_id)]


def get(s: Session, meeting_id: int) -> Optional[Meeting]:
    return s.get(Meeting, meeting_id)


def current_of(s: Session, meeting_ids: list[int]) -> dict[int, MeetingMinutes]:
    """The current referat of each meeting that has one (one query)."""
    if not meeting_ids:
        return {}
    newest = (select(MeetingMinutes.meeting_id, sa.func.max(MeetingMinutes.version).label("v"))
              .where(MeetingMinutes.meeting_id.in_(meeting_ids))
              .group_by(MeetingMinutes.meeting_id).subquery())
    rows = s.exec(select(MeetingMinutes).join(newest, sa.and_(
        MeetingMinutes.meeting_id == newest.c.meeting_id, MeetingMinutes.version == newest.c.v)))
    return {m.meeting_id: m for m in rows}
