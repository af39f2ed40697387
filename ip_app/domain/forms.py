"""Validated input shapes for every form (pydantic). Errors carry catalogue keys."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

TITLE_MAX = 200
TEXT_MAX = 2000


class FormError(Exception):
    """Field -> translation key of what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def _clean(text: Optional[str]) -> str:
    # strip surrounding space and the NUL byte, which PostgreSQL refuses in text
    return (text or "").replace("\x00", "").strip()


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

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: object) -> str:
        v = _clean(str(v) if v is not None else "")
        if not v:
            raise ValueError("error.title_required")
        if len(v) > TITLE_MAX:
            raise ValueError("error.title_too_long")
        return v

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, v: object) -> str:
        v = _clean(str(v) if v is not None else "")
        if len(v) > TEXT_MAX:
            raise ValueError("error.text_too_long")
        return v

    @field_validator("start_date", "end_date", mode="before")
    @classmethod
    def _dates(cls, v: object) -> Optional[date]:
        return _parse_date(v)

    @model_validator(mode="after")
    def _order(self) -> "NewActivity":
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("error.end_before_start")
        return self


def validate(model: type[BaseModel], data: dict) -> BaseModel:
    """Validate `data`; raise FormError mapping field name to a catalogue key."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            loc = str(err["loc"][0]) if err.get("loc") else "_form"
            msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
            key = msg if msg.startswith("error.") else "error.invalid"
            if loc == "_form" or not err.get("loc"):
                loc = "end_date" if key == "error.end_before_start" else "_form"
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
        v = _clean(str(v) if v is not None else "")
        if len(v) > 200:
            raise ValueError("error.extent_too_long")
        return v

    @field_validator("how", mode="before")
    @classmethod
    def _how(cls, v: object) -> str:
        v = _clean(str(v) if v is not None else "")
        if len(v) > TEXT_MAX:
            raise ValueError("error.text_too_long")
        return v

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
        return [str(p) for p in v]  # type: ignore[union-attr]

    @field_validator("agreed", mode="before")
    @classmethod
    def _agreed(cls, v: object) -> bool:
        return str(v).lower() in ("1", "true", "on", "yes")
