"""Referat of held meetings: every version kept, the person's answers kept. Nothing is
changed or deleted: a save adds the next version (the unique (meeting, version) key is
the guard when two save at once), an answer adds a row."""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.forms import FormError
from ip_app.measures import data as measure_data
from ip_app.minutes.rules import ChangeRow, check_change, check_version, history_reason
from ip_app.plan.data import measure_facts, visible_measure

from ip_app.kernel.models import (
    Account, Measure, MeetingMinutes, MinutesMeasure, MinutesResponse, Participant, Plan,
    utcnow,
)


class StaleMinutes(Exception):
    """Someone saved a newer text after the one this save was based on."""

    def __init__(self, current: Optional[MeetingMinutes]):
        super().__init__("stale minutes")
        self.current = current


def versions(s: Session, meeting_id: int) -> list[MeetingMinutes]:
    """Every text of the referat, oldest first (the last is the current one)."""
    return list(s.exec(select(MeetingMinutes).where(MeetingMinutes.meeting_id == meeting_id)
                       .order_by(MeetingMinutes.version)))


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


def responses(s: Session, meeting_id: int) -> list[tuple[MinutesResponse, str]]:
    """The person's answers, oldest first, with the name of who answered."""
    return list(s.exec(select(MinutesResponse, Account.display_name)
                       .join(Account, Account.id == MinutesResponse.by_id)
                       .where(MinutesResponse.meeting_id == meeting_id)
                       .order_by(MinutesResponse.id)).all())


def save(s: Session, *, meeting_id: int, based_on_version: int, actor: Actor, attendees: str,
         discussed: str, agreed: str) -> MeetingMinutes:
    """Add the next version; StaleMinutes when the text moved on since `based_on_version`."""
    found = versions(s, meeting_id)
    current = found[-1] if found else None
    try:
        check_version(current.version if current else 0, based_on_version)
    except RuleError as exc:
        raise StaleMinutes(current) from exc
    row = MeetingMinutes(meeting_id=meeting_id, version=based_on_version + 1,
                         attendees=attendees, discussed=discussed, agreed=agreed,
                         written_by_id=actor.account_id, written_by_role=str(actor.role),
                         written_at=utcnow())
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError as exc:  # another save took this version a moment before
        raise StaleMinutes(versions(s, meeting_id)[-1]) from exc
    return row


def respond(s: Session, *, meeting_id: int, minutes_version: int, kind: str, by_id: int,
            text: str = "") -> MinutesResponse:
    row = MinutesResponse(meeting_id=meeting_id, minutes_version=minutes_version, kind=kind,
                          text=text, by_id=by_id, at=utcnow())
    s.add(row)
    s.flush()
    return row


def names_of(s: Session, account_ids: set[int]) -> dict[int, str]:
    if not account_ids:
        return {}
    return dict(s.exec(select(Account.id, Account.display_name)
                       .where(Account.id.in_(list(account_ids)))).all())


def link_measure(s: Session, *, meeting_id: int, measure_id: int, minutes_version: int,
                 kind: str = "new", measure_version: int = 1, status: str = "") -> None:
    """Note that this tiltak was made ("new") or its status changed ("changed", to
    `status`, making its `measure_version`) from the meeting's referat (that version)."""
    s.add(MinutesMeasure(meeting_id=meeting_id, measure_id=measure_id,
                         minutes_version=minutes_version, kind=kind,
                         measure_version=measure_version, status=status,
                         created_at=utcnow()))
    s.flush()


def linked_of(s: Session, meeting_ids: list[int]) -> dict[int, list[MinutesMeasure]]:
    """`linked_measures` of several meetings in one query (the print page and the PDF)."""
    out: dict[int, list[MinutesMeasure]] = {}
    if not meeting_ids:
        return out
    for row in s.exec(select(MinutesMeasure)
                      .where(MinutesMeasure.meeting_id.in_(meeting_ids))
                      .order_by(MinutesMeasure.id)):
        out.setdefault(row.meeting_id, []).append(row)
    return out


def linked_measures(s: Session, meeting_id: int) -> list[MinutesMeasure]:
    """The tiltak made or changed from this meeting's referat, in the order it was done."""
    return list(s.exec(select(MinutesMeasure)
                       .where(MinutesMeasure.meeting_id == meeting_id)
                       .order_by(MinutesMeasure.id)))


def check_changes(s: Session, *, plan: Plan, access: PlanAccess, viewer: Viewer, actor: Actor,
                  changes: list[ChangeRow]) -> list[tuple[ChangeRow, Measure, str]]:
    """Every change of "Endre tiltak" checked before anything is written: the tiltak is in
    the plan and visible to the viewer, the measures rules allow the move, and it is still
    at the version the form showed. FormError with every refused row's field (one read per
    row, at most `CHANGE_ROWS`); else (change, tiltak, cleaned reason)."""
    checked, errors = [], {}
    for c in changes:
        found = visible_measure(s, plan, access, viewer, c.measure_id)
        facts = measure_facts(found[0], found[1], plan.person_id) if found else None
        try:
            reason = check_change(actor, facts, found[0].version if found else 0, c)
        except FormError as exc:
            errors.update(exc.errors)
            continue
        checked.append((c, found[0], reason))
    if errors:
        raise FormError(errors)
    return checked


def apply_changes(s: Session, *, checked: list[tuple[ChangeRow, Measure, str]], actor: Actor,
                  meeting_id: int, minutes_version: int, note: str) -> list[Measure]:
    """Move each checked tiltak to its new status through the measures data layer (a new
    version in its history, `note` "Fra referat <date>" as the reason) and link it to the
    referat. `measures.data.StaleVersion` when one was saved a moment before: the caller
    runs this in the referat's transaction and undoes it all."""
    done = []
    for c, m, reason in checked:
        made = measure_data.change_status(s, measure_id=m.id, based_on_version=c.version,
                                          actor=actor, new=c.status,
                                          reason=history_reason(note, reason))
        link_measure(s, meeting_id=meeting_id, measure_id=m.id, minutes_version=minutes_version,
                     kind="changed", measure_version=made.version, status=c.status.value)
        done.append(made)
    return done



def participant_choices(s: Session, plan_id: int) -> list[tuple[int, str, str]]:
    """(participant id, name, role) of everyone in the plan now, to make responsible."""
    return list(s.exec(select(Participant.id, Account.display_name, Participant.role)
                       .join(Account, Account.id == Participant.account_id)
                       .where(Participant.plan_id == plan_id, Participant.left_at.is_(None),
                              Participant.pending.is_(False))
                       .order_by(Participant.id)).all())
