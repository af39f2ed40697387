"""Referat: the minutes of a held meeting. Plain rules (no Reflex, no database).

- **Who reads it** (`may_read`): the meeting must have been held (it has started and is
  not cancelled), and the reader must be allowed to read the meeting's topic
  (`meetings.may_read_topic`: the person, whoever scheduled it, and participants whose
  consent covers the goals or all tiltak). A referat says what the topic only hints at,
  so it never reaches further than the topic does.
- **Who writes it** (`may_write`): the koordinator or the NAV-veileder who held the
  meeting (scheduled it or was invited to it) and may read it. Every save is a new
  version; a save based on an older version is refused (`check_version`), so nothing
  another wrote is lost, and every earlier text stays readable.
- **The person's answer** (`may_respond`): the person whose plan it is confirms "Jeg har
  lest referatet" or comments; each answer belongs to the version they read.
- **New tiltak from the meeting** (`new_measures`): the writer may add up to
  `NEW_MEASURE_ROWS` tiltak (title, responsible, dates) with the same save; they are made
  as the measures rules make a staff member's tiltak (`measures.rules.check_create`,
  `initial_status`: Planlagt) and linked to the meeting and the referat's version.
- **Changed tiltak from the meeting** (`changed_measures`, `check_change`): the writer may
  also move up to `CHANGE_ROWS` existing tiltak of the plan to another status, by the
  same rule as the plan page (`measures.rules.check_status_change`: transitions, who may
  change what, a reason where one is needed), based on the version the form showed. One
  refused row refuses the whole save: nothing is written, not the referat either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.forms import _text
from ip_app.kernel.roles import Role
from ip_app.kernel.forms import FormError, validate
from ip_app.measures.input import NewActivity
from ip_app.measures.rules import MeasureFacts, Status, check_status_change
from ip_app.meetings.rules import MeetingFacts, MeetingStatus, may_read_topic

ATTENDEES_MAX = 1000
TEXT_MAX = 5000
COMMENT_MAX = 2000
WRITING_ROLES = frozenset({Role.KOORDINATOR, Role.VEILEDER})
NEW_MEASURE_ROWS = 3  # rows for new tiltak in the referat form
_NEW_FIELDS = ("title", "responsible", "start_date", "end_date")
CHANGE_ROWS = 3  # rows for changing the status of existing tiltak
_CHANGE_FIELDS = ("measure", "status", "reason")
# where a refused status change is said in a change row
_CHANGE_FIELD = {"error.status_same": "status", "error.reason_required": "reason",
                 "error.reason_too_long": "reason"}


def held(facts: MeetingFacts, now: datetime) -> bool:
    return facts.status != MeetingStatus.CANCELLED and facts.starts_at <= now


def may_read(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int,
             now: datetime) -> bool:
    return held(facts, now) and may_read_topic(access, facts, viewer_account_id)


def may_write(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int,
              now: datetime) -> bool:
    took_part = (facts.created_by_id == viewer_account_id
                 or (access.participant_id is not None and access.participant_id in facts.invited))
    return (access.role in WRITING_ROLES and took_part
            and may_read(access, facts, viewer_account_id, now))


def may_respond(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int,
                now: datetime) -> bool:
    return access.is_owner and may_read(access, facts, viewer_account_id, now)


def check_version(current: int, based_on: int) -> None:
    """A save must be based on the newest text (0: there is none yet)."""
    if based_on != current:
        raise RuleError("error.minutes_stale")


class MinutesInput(BaseModel):
    """What the form sends: who took part, what was discussed, what was agreed."""

    model_config = ConfigDict(extra="ignore")

    attendees: str = ""
    discussed: str = ""
    agreed: str = ""

    @field_validator("attendees", mode="before")
    @classmethod
    def _attendees(cls, v: object) -> str:
        return _text(v, max_len=ATTENDEES_MAX, too_long_key="error.minutes_attendees_long")

    @field_validator("discussed", "agreed", mode="before")
    @classmethod
    def _long(cls, v: object) -> str:
        return _text(v, max_len=TEXT_MAX, too_long_key="error.minutes_text_long")

    @model_validator(mode="after")
    def _something(self) -> "MinutesInput":
        if not self.discussed and not self.agreed:
            raise ValueError("error.minutes_empty")
        return self


class CommentInput(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = ""

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, v: object) -> str:
        return _text(v, required_key="error.comment_required", max_len=COMMENT_MAX,
                     too_long_key="error.comment_too_long")


@dataclass(frozen=True)
class NewMeasure:
    """One tiltak to make from the referat (a row of the form that was filled in)."""

    row: int
    title: str
    responsible_participant_id: Optional[int]
    start_date: Optional[date]
    end_date: Optional[date]


def new_measures(form_data: dict, participant_ids: set[int]) -> list[NewMeasure]:
    """The filled rows of "Nye tiltak fra møtet" (`new_<row>_<field>`); a row left empty is
    skipped. FormError (field `new_<row>_<field>` -> catalogue key) for a row with no title,
    bad dates or a responsible who is not in the plan."""
    found: list[NewMeasure] = []
    errors: dict[str, str] = {}
    for row in range(1, NEW_MEASURE_ROWS + 1):
        raw = {f: form_data.get(f"new_{row}_{f}", "") for f in _NEW_FIELDS}
        if all(v in ("", None) for v in raw.values()):
            continue
        try:
            ok = validate(NewActivity, {"title": raw["title"], "start_date": raw["start_date"],
                                        "end_date": raw["end_date"]})
        except FormError as exc:
            errors.update({f"new_{row}_{k}": v for k, v in exc.errors.items()})
            continue
        responsible = _participant(raw["responsible"])
        if responsible is False or (responsible is not None
                                    and responsible not in participant_ids):
            errors[f"new_{row}_responsible"] = "error.invalid"
            continue
        found.append(NewMeasure(row=row, title=ok.title,  # type: ignore[attr-defined]
                                responsible_participant_id=responsible,
                                start_date=ok.start_date,  # type: ignore[attr-defined]
                                end_date=ok.end_date))  # type: ignore[attr-defined]
    if errors:
        raise FormError(errors)
    return found


def _participant(v: object):  # noqa: ANN202 - int, None (nobody chosen) or False (bad)
    if v in ("", None):
        return None
    try:
        return int(str(v))
    except ValueError:
        return False


@dataclass(frozen=True)
class ChangeRow:
    """One existing tiltak to move to another status (a filled row of the form):
    `version` is the tiltak's version the form showed."""

    row: int
    measure_id: int
    version: int
    status: Status
    reason: str


def changed_measures(form_data: dict) -> list[ChangeRow]:
    """The filled rows of "Endre tiltak fra møtet" (`chg_<row>_measure` = "<id>:<version>",
    `chg_<row>_status`, `chg_<row>_reason`); an empty row is skipped. FormError (field
    `chg_<row>_<field>`) for a row with no tiltak or no valid status, or a tiltak twice."""
    found: list[ChangeRow] = []
    errors: dict[str, str] = {}
    seen: set[int] = set()
    for row in range(1, CHANGE_ROWS + 1):
        raw = {f: str(form_data.get(f"chg_{row}_{f}", "") or "").strip()
               for f in _CHANGE_FIELDS}
        if not any(raw.values()):
            continue
        ident = _measure_ref(raw["measure"])
        if ident is None:
            errors[f"chg_{row}_measure"] = "error.minutes_change_measure"
            continue
        if ident[0] in seen:
            errors[f"chg_{row}_measure"] = "error.minutes_change_twice"
            continue
        seen.add(ident[0])
        try:
            status = Status(raw["status"])
        except ValueError:
            errors[f"chg_{row}_status"] = "error.status_invalid"
            continue
        found.append(ChangeRow(row=row, measure_id=ident[0], version=ident[1], status=status,
                               reason=raw["reason"]))
    if errors:
        raise FormError(errors)
    return found


def _measure_ref(v: str) -> Optional[tuple[int, int]]:
    head, sep, tail = v.partition(":")
    try:
        return (int(head), int(tail)) if sep else None
    except ValueError:
        return None


def check_change(actor: Actor, facts: Optional[MeasureFacts], current_version: int,
                 change: ChangeRow) -> str:
    """The cleaned reason of an allowed change; FormError at the row's field if not.
    `facts` None: not a tiltak of this plan the viewer may see. A tiltak saved since the
    form showed it (`current_version` moved on) is refused: the writer saw another one."""
    at = f"chg_{change.row}_"
    if facts is None:
        raise FormError({at + "measure": "error.not_allowed"})
    try:
        reason = check_status_change(actor, facts, change.status, change.reason)
    except RuleError as exc:
        raise FormError({at + _CHANGE_FIELD.get(exc.key, "measure"): exc.key}) from exc
    if current_version != change.version:
        raise FormError({at + "measure": "error.minutes_change_stale"})
    return reason


def history_reason(note: str, reason: str) -> str:
    """What the tiltak's history says about a change from the referat: "Fra referat
    7. desember 2026", and the writer's reason when they gave one."""
    return f"{note}: {reason}" if reason else note
