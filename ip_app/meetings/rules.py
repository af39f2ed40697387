"""Møter i planen: who schedules, moves and cancels a meeting, who sees it, and its input.

Plain rules (no Reflex, no database), decided here once for the page, the calendar
file and the PDF:

- **Scheduling** (`may_schedule`): staff who take part in the plan: the koordinator,
  the NAV-veileder, and a tjenesteyter. The person (and relatives) may not schedule;
  they ask for a meeting in the dialog.
- **Moving and cancelling** (`check_change`): the koordinator and the NAV-veileder for
  every meeting of the plan they can see; a tjenesteyter only for meetings they
  scheduled themselves. A cancelled meeting is final; a meeting that has already
  started is not moved or cancelled (it is history). Nothing is deleted: cancelling
  keeps the row with status `cancelled`, moving keeps the old time in the history.
- **Seeing** (`may_see`): the person always (it is their plan). Another participant
  (whose consent is active, or the access policy would not let them in at all) sees a
  meeting they are invited to or scheduled, and every meeting of the plan if their
  consent covers all tiltak (the plan's whole schedule).
- **The topic** (`may_read_topic`): what a meeting is about is plan content. It is
  shown to the person, to whoever scheduled it, and to participants whose consent
  covers the goals or all tiltak. An invited participant with a narrower consent
  (e.g. only their own tiltak, or only the dialog) sees when and where, under a
  neutral heading ("Møte om planen").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Optional
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import RuleError
from ip_app.kernel.forms import _parse_date, _text
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope

OSLO = ZoneInfo("Europe/Oslo")

TOPIC_MAX = 200
PLACE_MAX = 200
LINK_MAX = 500
AGENDA_MAX = 2000
REASON_MAX = 500
LENGTHS = (15, 30, 45, 60, 90, 120, 180)  # minutes offered in the form
MIN_MINUTES, MAX_MINUTES = 5, 8 * 60

SCHEDULING_ROLES = frozenset({Role.KOORDINATOR, Role.VEILEDER, Role.TJENESTEYTER})
CHANGING_ANY_ROLES = frozenset({Role.KOORDINATOR, Role.VEILEDER})


class MeetingStatus(StrEnum):
    PLANNED = "planned"  # planlagt
    MOVED = "moved"  # flyttet (the old time is in the history)
    CANCELLED = "cancelled"  # avlyst (kept, shown as cancelled)


class PlaceKind(StrEnum):
    PLACE = "place"  # oppmøte: an address or a room
    VIDEO = "video"
    PHONE = "telefon"


@dataclass(frozen=True)
class MeetingFacts:
    created_by_id: int
    invited: frozenset[int]  # participant ids
    status: MeetingStatus
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def of(cls, m) -> "MeetingFacts":  # noqa: ANN001 - a Meeting row (kernel.models)
        return cls(created_by_id=m.created_by_id, invited=frozenset(m.invited or []),
                   status=MeetingStatus(m.status), starts_at=m.starts_at, ends_at=m.ends_at)


def may_schedule(access: PlanAccess) -> bool:
    """Koordinator, NAV-veileder and tjenesteyter of the plan; never the person."""
    return access.allowed and access.role in SCHEDULING_ROLES


def may_see(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int) -> bool:
    if not access.allowed:
        return False
    if access.is_owner:
        return True
    if facts.created_by_id == viewer_account_id:
        return True
    if access.participant_id is not None and access.participant_id in facts.invited:
        return True
    return Scope.ALL_MEASURES in access.scopes


def may_read_topic(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int) -> bool:
    if not may_see(access, facts, viewer_account_id):
        return False
    if access.is_owner or facts.created_by_id == viewer_account_id:
        return True
    return bool({Scope.GOALS, Scope.ALL_MEASURES} & access.scopes)


def check_change(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int,
                 now: datetime) -> None:
    """Raise RuleError unless the viewer may move or cancel this meeting now."""
    if not may_see(access, facts, viewer_account_id):
        raise RuleError("error.not_allowed")
    if access.role not in CHANGING_ANY_ROLES and not (
            access.role == Role.TJENESTEYTER and facts.created_by_id == viewer_account_id):
        raise RuleError("error.not_allowed")
    if facts.status == MeetingStatus.CANCELLED:
        raise RuleError("error.meeting_cancelled")
    if facts.starts_at <= now:
        raise RuleError("error.meeting_past")


def may_change(access: PlanAccess, facts: MeetingFacts, viewer_account_id: int,
               now: datetime) -> bool:
    try:
        check_change(access, facts, viewer_account_id, now)
    except RuleError:
        return False
    return True


def check_times(starts_at: datetime, ends_at: datetime) -> None:
    """Aware datetimes, the end after the start, not longer than a working day."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("naive datetime")
    if ends_at <= starts_at:
        raise RuleError("error.meeting_end_order")
    if ends_at - starts_at > timedelta(minutes=MAX_MINUTES):
        raise RuleError("error.meeting_length")


def local_start(day: date, at: time) -> datetime:
    """A wall-clock time in Norway as an aware UTC datetime (summer time handled)."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(timezone.utc)


def _link(v: object) -> str:
    raw = _text(v, max_len=LINK_MAX, too_long_key="error.link_invalid")
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(
            c.isspace() for c in raw):
        raise ValueError("error.link_invalid")
    return raw


def _now(info: ValidationInfo) -> datetime:
    ctx = info.context or {}
    return ctx.get("now") or datetime.now(timezone.utc)


class MeetingTime(BaseModel):
    """When and where: the part of the form that scheduling and moving share.

    `validate(MeetingTime, data, context={"now": aware_now})`: the start must be in
    the future; the length is minutes (the end is computed, so it is after the start).
    """

    model_config = ConfigDict(extra="ignore")

    day: date = Field(default=None, validate_default=True)
    at: time = Field(default=None, validate_default=True)
    minutes: int = Field(default=None, validate_default=True)
    place_kind: PlaceKind = Field(default=None, validate_default=True)
    place: str = ""
    link: str = ""

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, v: object) -> date:
        d = _parse_date(v)
        if d is None:
            raise ValueError("error.date_required")
        return d

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, v: object) -> time:
        raw = _text(v, max_len=8, too_long_key="error.time_invalid")
        if not raw:
            raise ValueError("error.time_required")
        try:
            parsed = time.fromisoformat(raw)
        except ValueError as exc:
            raise ValueError("error.time_invalid") from exc
        return parsed.replace(second=0, microsecond=0, tzinfo=None)

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, v: object) -> int:
        try:
            n = int(str(v).strip())
        except (TypeError, ValueError) as exc:
            raise ValueError("error.meeting_length") from exc
        if not MIN_MINUTES <= n <= MAX_MINUTES:
            raise ValueError("error.meeting_length")
        return n

    @field_validator("place_kind", mode="before")
    @classmethod
    def _kind(cls, v: object) -> PlaceKind:
        try:
            return PlaceKind(str(v or ""))
        except ValueError as exc:
            raise ValueError("error.place_kind") from exc

    @field_validator("place", mode="before")
    @classmethod
    def _place(cls, v: object) -> str:
        return _text(v, max_len=PLACE_MAX, too_long_key="error.place_too_long")

    @field_validator("link", mode="before")
    @classmethod
    def _link(cls, v: object) -> str:
        return _link(v)

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> "MeetingTime":
        if self.place_kind == PlaceKind.PLACE and not self.place:
            raise ValueError("error.place_required")
        if self.starts_at <= _now(info):
            raise ValueError("error.meeting_in_past")
        return self

    @property
    def starts_at(self) -> datetime:
        return local_start(self.day, self.at)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class NewMeeting(MeetingTime):
    """A meeting as staff schedule it: when, where, what about and who is invited."""

    topic: str = Field(default="", validate_default=True)
    agenda: str = ""
    invitees: list[int] = []

    @field_validator("topic", mode="before")
    @classmethod
    def _topic(cls, v: object) -> str:
        return _text(v, required_key="error.topic_required", max_len=TOPIC_MAX,
                     too_long_key="error.title_too_long")

    @field_validator("agenda", mode="before")
    @classmethod
    def _agenda(cls, v: object) -> str:
        return _text(v, max_len=AGENDA_MAX)

    @field_validator("invitees", mode="before")
    @classmethod
    def _invitees(cls, v: object) -> list[int]:
        if v in (None, ""):
            return []
        items = v.split(",") if isinstance(v, str) else list(v)  # type: ignore[arg-type]
        try:
            return sorted({int(str(i)) for i in items if str(i).strip()})
        except ValueError as exc:
            raise ValueError("error.invalid") from exc


class MoveMeeting(MeetingTime):
    reason: str = ""

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, v: object) -> str:
        return _text(v, max_len=REASON_MAX)


def cancel_reason(raw: object) -> str:
    """The optional reason given when cancelling; RuleError if too long."""
    try:
        return _text(raw, max_len=REASON_MAX)
    except ValueError as exc:
        raise RuleError(str(exc)) from exc


def check_invitees(invitees: list[int], plan_participants: set[int]) -> None:
    """Only participants of this plan can be invited (ids from a form are only looked up)."""
    if not set(invitees) <= plan_participants:
        raise RuleError("error.invalid")


# model-level errors shown beside one field of the form
MEETING_ERROR_FIELD = {
    "error.place_required": "place",
    "error.meeting_in_past": "at",
}


def validate_meeting(model: type[MeetingTime], data: dict, now: datetime) -> MeetingTime:
    """Validate a meeting form; FormError maps each field (model rules too) to a key."""
    from ip_app.kernel.forms import FormError, validate

    try:
        return validate(model, data, context={"now": now})  # type: ignore[return-value]
    except FormError as exc:
        errors = dict(exc.errors)
        if "_form" in errors:
            key = errors.pop("_form")
            errors.setdefault(MEETING_ERROR_FIELD.get(key, "_form"), key)
        raise FormError(errors) from exc


def split_upcoming(starts_and_ends: list[tuple[datetime, datetime]], now: datetime
                   ) -> tuple[list[int], list[int]]:
    """Indexes of upcoming (not yet ended, soonest first) and past (latest first) meetings."""
    upcoming = [i for i, (_, e) in enumerate(starts_and_ends) if e > now]
    past = [i for i, (_, e) in enumerate(starts_and_ends) if e <= now]
    upcoming.sort(key=lambda i: starts_and_ends[i][0])
    past.sort(key=lambda i: starts_and_ends[i][0], reverse=True)
    return upcoming, past


def local(dt: datetime) -> datetime:
    return dt.astimezone(OSLO)


def meeting_day(dt: datetime) -> date:
    """The day a meeting is on, in Norway (for choosing a period)."""
    return local(dt).date()


def place_text_key(kind: str) -> Optional[str]:
    return {PlaceKind.VIDEO.value: "meeting.video", PlaceKind.PHONE.value: "meeting.phone"}.get(kind)
