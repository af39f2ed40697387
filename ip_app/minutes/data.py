"""Referat of held meetings: every version kept, the person's answers kept. Nothing is
changed or deleted: a save adds the next version (the unique (meeting, version) key is
the guard when two save at once), an answer adds a row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.accounts import display_names
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.forms import FormError
from ip_app.measures import data as measure_data
from ip_app.minutes.rules import ChangeRow, check_change, check_version, history_reason
from ip_app.meetings.data import current_of  # noqa: F401 - the referat of meetings, read there
from ip_app.plan.data import PlanData, load_plan, measure_facts, visible_measure

from ip_app.kernel.models import (
    Account, Measure, Meeting, MeetingMinutes, MinutesMeasure, MinutesResponse, Participant, Plan,
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


names_of = display_names


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


@dataclass
class MinutesData:
    """What the referat page is built from: every version, the person's answers, the names
    of who wrote them; for who may write, whom a new tiltak may be given to and the plan as
    they see it (its tiltak to change); the tiltak made or changed from the referat that the
    viewer may see, with their link."""
    versions: list[MeetingMinutes] = field(default_factory=list)
    answers: list[tuple[MinutesResponse, str]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    choices: list[tuple[int, str, str]] = field(default_factory=list)
    plan_data: Optional[PlanData] = None
    linked: list[tuple[MinutesMeasure, Measure]] = field(default_factory=list)


def load_page(s: Session, meeting: Meeting, plan: Optional[Plan], access: PlanAccess,
              viewer: Viewer, *, can_write: bool) -> MinutesData:
    """`plan`: to list the tiltak made from the referat that the viewer may see."""
    out = MinutesData(versions=versions(s, meeting.id), answers=responses(s, meeting.id))
    for r, name in out.answers:
        out.names.setdefault(r.by_id, name)
    missing = {v.written_by_id for v in out.versions} - out.names.keys()
    if missing:
        out.names.update(names_of(s, missing))
    if can_write:
        out.choices = participant_choices(s, meeting.plan_id)
        if plan is not None:
            out.plan_data = load_plan(s, plan, access, viewer)
    if plan is not None:
        seen = ({m.id: m for m in out.plan_data.measures} if out.plan_data is not None
                else None)  # the plan read already: the tiltak the viewer sees are in it
        for link in linked_measures(s, meeting.id):
            if seen is not None:
                m = seen.get(link.measure_id)
            else:
                found = visible_measure(s, plan, access, viewer, link.measure_id)
                m = found[0] if found is not None else None
            if m is not None:
                out.linked.append((link, m))
    return out
