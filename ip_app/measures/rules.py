"""The tiltak (aktivitet) status lifecycle and who may change what.

Mirrors NAV's aktivitetsplan: Forslag -> Planlagt -> Gjennomføres -> Fullført /
Avbrutt. Fullført and Avbrutt are final. A tiltak marked "avtalt" (agreed with
NAV) is locked for the person, and finishing or stopping it needs a short reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Optional

from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.roles import OrgKind, Role

REASON_MAX = 500


class Status(StrEnum):
    FORSLAG = "forslag"
    PLANLAGT = "planlagt"
    GJENNOMFORES = "gjennomfores"
    FULLFORT = "fullfort"
    AVBRUTT = "avbrutt"


ORDER = [Status.FORSLAG, Status.PLANLAGT, Status.GJENNOMFORES, Status.FULLFORT, Status.AVBRUTT]
FINAL = frozenset({Status.FULLFORT, Status.AVBRUTT})


@dataclass(frozen=True)
class MeasureFacts:
    """What the rules need to know about a tiltak."""

    status: Status
    agreed: bool
    created_by_id: int
    responsible_participant_id: Optional[int]
    responsible_role: Optional[Role]
    responsible_org_kind: str = ""
    plan_person_id: Optional[int] = None  # account of the person the plan belongs to


def is_final(status: Status) -> bool:
    return status in FINAL


def is_transition(old: Status, new: Status) -> bool:
    """Any move out of a non-final status to another status; nothing leaves a final one."""
    return old != new and not is_final(old)


def may_update(actor: Actor, m: MeasureFacts) -> bool:
    """May this actor change this tiltak at all (fields or status)?

    - the person: their own items (made by them or with them responsible), never agreed ones;
    - the koordinator: every item, being responsible for the plan's progress;
    - the NAV-veileder: NAV's items and the person's own items;
    - another service provider: only items they are responsible for;
    - relatives and guardians: nothing (they take part through the dialog).
    """
    own_by_person = m.responsible_role == Role.PERSON or (
        m.plan_person_id is not None and m.created_by_id == m.plan_person_id
    )
    if actor.role == Role.PERSON:
        mine = m.created_by_id == actor.account_id or (
            actor.participant_id is not None
            and m.responsible_participant_id == actor.participant_id
        )
        return mine and not m.agreed
    if actor.role == Role.KOORDINATOR:
        return True
    if actor.role == Role.VEILEDER:
        return (
            m.responsible_org_kind == OrgKind.NAV
            or m.created_by_id == actor.account_id
            or own_by_person
            or (actor.participant_id is not None
                and m.responsible_participant_id == actor.participant_id)
        )
    if actor.role == Role.TJENESTEYTER:
        return (
            actor.participant_id is not None
            and m.responsible_participant_id == actor.participant_id
        )
    return False


def needs_reason(m: MeasureFacts, new: Status) -> bool:
    return m.agreed and new in FINAL


def _check_may_change(actor: Actor, m: MeasureFacts) -> None:
    """The checks every change of a tiltak starts with, most telling message first."""
    if m.agreed and actor.role == Role.PERSON:
        raise RuleError("error.measure_locked")
    if not may_update(actor, m):
        raise RuleError("error.not_allowed")
    if is_final(m.status):
        raise RuleError("error.status_final")


def check_status_change(actor: Actor, m: MeasureFacts, new: Status, reason: str = "") -> str:
    """Return the cleaned reason if the change is allowed, else raise RuleError."""
    _check_may_change(actor, m)
    if not is_transition(m.status, new):
        raise RuleError("error.status_same")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise RuleError("error.reason_too_long")
    if needs_reason(m, new) and not reason:
        raise RuleError("error.reason_required")
    return reason


def next_statuses(actor: Actor, m: MeasureFacts) -> list[Status]:
    """The statuses this actor may move this tiltak to, in lifecycle order."""
    if is_final(m.status) or not may_update(actor, m):
        return []
    return [s for s in ORDER if is_transition(m.status, s)]


def may_mark_agreed(actor: Actor) -> bool:
    """Only NAV (veileder) and the koordinator mark a tiltak as agreed ("avtalt")."""
    return actor.role in (Role.VEILEDER, Role.KOORDINATOR)


def initial_status(actor: Actor) -> Status:
    """A person's own new activity starts as a proposal; staff plan theirs directly."""
    return Status.FORSLAG if actor.role == Role.PERSON else Status.PLANLAGT


def may_create(actor: Actor) -> bool:
    """Who may add a tiltak: the person (their own activity) and every staff participant.
    Relatives and guardians take part through the dialog; they do not change the plan."""
    return actor.role in (Role.PERSON, Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER)


def check_create(actor: Actor, *, agreed: bool = False) -> None:
    """May this actor add a tiltak (marked "avtalt" when `agreed`)? Raise RuleError if not.

    The one gate of every way a tiltak is made: the plan page's "Legg til aktivitet" and
    the full tiltak form."""
    if not may_create(actor) or (agreed and not may_mark_agreed(actor)):
        raise RuleError("error.not_allowed")


def check_edit(actor: Actor, m: MeasureFacts, *, agreed_changes: bool) -> None:
    """May this actor change the fields of this tiltak? Raise RuleError if not.

    A finished or stopped tiltak is kept as it was (history); only NAV and the
    koordinator set or remove "avtalt".
    """
    _check_may_change(actor, m)
    if agreed_changes and not may_mark_agreed(actor):
        raise RuleError("error.not_allowed")


def may_assign_to_others(actor: Actor) -> bool:
    """The person's own activities are theirs; staff may make anyone on the plan responsible."""
    return actor.role != Role.PERSON
