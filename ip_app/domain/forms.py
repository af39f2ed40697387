"""Validated input shapes for every form (pydantic). Errors carry catalogue keys."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from . import catalogue

TITLE_MAX = 200
TEXT_MAX = 2000


class FormError(Exception):
    """Field -> translation key of what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as the database and the page can take it, whoever sent it: the NUL character
    removed (PostgreSQL refuses it in text) and a lone surrogate (half of a UTF-16 pair,
    which no UTF-8 encoder accepts) replaced by U+FFFD. A decoded JSON string holds a
    surrogate code point only when it was alone: a whole pair decodes to one character."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _LONE_SURROGATE.sub("\ufffd", text)


def _clean(text: Optional[str]) -> str:
    # strip surrounding space, the NUL byte and lone surrogates (see clean_text)
    return clean_text(text or "").strip()


def _text(v: object, *, required_key: str = "", max_len: int = TEXT_MAX,
          too_long_key: str = "error.text_too_long") -> str:
    """Cleaned text of a form field, or ValueError with the catalogue key of what is wrong.
    A field is text: a list or a dict sent in its place is refused, never stored as its
    Python repr ("['x', 'y']")."""
    if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
        raise ValueError("error.invalid")
    v = _clean(str(v) if v is not None else "")
    if required_key and not v:
        raise ValueError(required_key)
    if len(v) > max_len:
        raise ValueError(too_long_key)
    return v


def _parse_date(raw: object) -> Optional[date]:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValueError("error.date_invalid") from exc


class NewActivity(BaseModel):
    """The person's own activity (or a staff member's new tiltak)."""

    model_config = ConfigDict(extra="ignore")

    title: str
    description: str = ""
    start_date: Optional[date] = None
    end_date: Optional[date] = None
    kind: str = ""  # tiltak catalogue key, "" for an own free-text tiltak

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: object) -> str:
        key = _text(v, max_len=60, too_long_key="error.invalid")
        if key and not catalogue.is_known(key):
            raise ValueError("error.invalid")
        return key

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: object) -> str:
        return _text(v, required_key="error.title_required", max_len=TITLE_MAX,
                     too_long_key="error.title_too_long")

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, v: object) -> str:
        return _text(v)

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _dates(cls, v: object) -> Optional[date]:
        return _parse_date(v)

    @model_validator(mode="after")
    def _order(self) -> "NewActivity":
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("error.end_before_start")
        return self


def _today(info: ValidationInfo) -> date:
    ctx = info.context or {}
    return ctx.get("today") or date.today()


class EvaluationForm(BaseModel):
    """An evaluation of the plan (IP item 7), with the next date and the plan period.

    `validate(EvaluationForm, data, context={"today": today})`: the held date may
    not be in the future; the next evaluation comes after it and not in the past.
    A blank period field keeps the plan's current value.
    """

    model_config = ConfigDict(extra="ignore")

    # required fields default to None/"" so a missing field gets its own message
    held_on: date = Field(default=None, validate_default=True)
    went_well: str = ""
    changes: str = ""
    attendees: str = Field(default="", validate_default=True)
    next_date: date = Field(default=None, validate_default=True)
    period_start: Optional[date] = None
    period_end: Optional[date] = None

    @field_validator("held_on", "next_date", mode="before")
    @classmethod
    def _required_dates(cls, v: object) -> date:
        d = _parse_date(v)
        if d is None:
            raise ValueError("error.date_required")
        return d

    @field_validator("period_start", "period_end", mode="before")
    @classmethod
    def _optional_dates(cls, v: object) -> Optional[date]:
        return _parse_date(v)

    @field_validator("went_well", "changes", mode="before")
    @classmethod
    def _texts(cls, v: object) -> str:
        return _text(v)

    @field_validator("attendees", mode="before")
    @classmethod
    def _attendees(cls, v: object) -> str:
        return _text(v, required_key="error.attendees_required")

    @field_validator("held_on", mode="after")
    @classmethod
    def _held_not_future(cls, v: date, info: ValidationInfo) -> date:
        if v > _today(info):
            raise ValueError("error.held_in_future")
        return v

    @field_validator("next_date", mode="after")
    @classmethod
    def _next_not_past(cls, v: date, info: ValidationInfo) -> date:
        if v < _today(info):
            raise ValueError("error.next_in_past")
        return v

    @model_validator(mode="after")
    def _rules(self) -> "EvaluationForm":
        if not self.went_well and not self.changes:
            raise ValueError("error.evaluation_empty")
        if self.next_date <= self.held_on:
            raise ValueError("error.next_before_held")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError("error.period_order")
        return self


ANSWERS = {"ja": True, "nei": False}


def _answer(v: object) -> bool:
    if isinstance(v, bool):
        return v
    key = _clean(str(v) if v is not None else "").lower()
    if key not in ANSWERS:
        raise ValueError("error.answer_required")
    return ANSWERS[key]


class IpCheckForm(BaseModel):
    """The three questions of the right-to-IP decision tree, with the reasons."""

    model_config = ConfigDict(extra="ignore")

    has_ip: bool = Field(default=None, validate_default=True)
    long_term: bool = Field(default=None, validate_default=True)
    several_providers: bool = Field(default=None, validate_default=True)
    reasons: str = Field(default="", validate_default=True)

    @field_validator("has_ip", "long_term", "several_providers", mode="before")
    @classmethod
    def _answers(cls, v: object) -> bool:
        return _answer(v)

    @field_validator("reasons", mode="before")
    @classmethod
    def _reasons(cls, v: object) -> str:
        return _text(v, required_key="error.reasons_required")


CONTRIBUTION_MAX = 500
REASON_MAX = 500


class ContributionForm(BaseModel):
    """What one participant contributes to the plan ("hvem gjør hva"), and why it changed."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(default="", validate_default=True)
    reason: str = ""

    @field_validator("text", mode="before")
    @classmethod
    def _contribution(cls, v: object) -> str:
        return _text(v, required_key="error.contribution_required", max_len=CONTRIBUTION_MAX,
                     too_long_key="error.contribution_too_long")

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, v: object) -> str:
        return _text(v, max_len=REASON_MAX, too_long_key="error.reason_too_long")


# model-level errors belong to one field, so the message shows beside it
MODEL_ERROR_FIELD = {
    "error.end_before_start": "end_date",
    "error.evaluation_empty": "went_well",
    "error.next_before_held": "next_date",
    "error.period_order": "period_end",
    "error.minutes_empty": "discussed",
}


def validate(model: type[BaseModel], data: dict, context: Optional[dict] = None) -> BaseModel:
    """Validate `data`; raise FormError mapping field name to a catalogue key."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            loc = str(err["loc"][0]) if err.get("loc") else "_form"
            msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
            key = msg if msg.startswith("error.") else "error.invalid"
            if loc == "_form" or not err.get("loc"):
                loc = MODEL_ERROR_FIELD.get(key, "_form")
            errors.setdefault(loc, key)
        raise FormError(errors) from exc


class MeasureInput(NewActivity):
    """A tiltak as staff (or the person, for their own) create or edit it."""

    extent: str = ""
    hours_per_week: Optional[float] = None
    how: str = ""
    responsible_participant_id: Optional[int] = None
    goal_id: Optional[int] = None
    serves: list[str] = []
    agreed: bool = False

    @field_validator("extent", mode="before")
    @classmethod
    def _extent(cls, v: object) -> str:
        return _text(v, max_len=200, too_long_key="error.extent_too_long")

    @field_validator("how", mode="before")
    @classmethod
    def _how(cls, v: object) -> str:
        return _text(v)

    @field_validator("hours_per_week", mode="before")
    @classmethod
    def _hours(cls, v: object) -> Optional[float]:
        if v in (None, ""):
            return None
        try:
            hours = float(str(v).replace(",", "."))
        except ValueError as exc:
            raise ValueError("error.hours_invalid") from exc
        if not 0 <= hours <= 60:
            raise ValueError("error.hours_invalid")
        return hours

    @field_validator("responsible_participant_id", "goal_id", mode="before")
    @classmethod
    def _optional_id(cls, v: object) -> Optional[int]:
        if v in (None, ""):
            return None
        try:
            return int(str(v))
        except ValueError as exc:
            raise ValueError("error.invalid") from exc

    @field_validator("serves", mode="before")
    @classmethod
    def _serves(cls, v: object) -> list[str]:
        if v in (None, ""):
            return []
        if isinstance(v, str):
            return [p for p in v.split(",") if p]
        if not isinstance(v, (list, tuple, set, frozenset)):
            raise ValueError("error.invalid")  # a number, a dict …: never a crash (#8)
        return [str(p) for p in v]

    @field_validator("agreed", mode="before")
    @classmethod
    def _agreed(cls, v: object) -> bool:
        return str(v).lower() in ("1", "true", "on", "yes")
