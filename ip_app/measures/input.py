"""The tiltak form's input shapes: the person's own activity and a tiltak as staff write it."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from ip_app.kernel.forms import TITLE_MAX, _parse_date, _text
from ip_app.measures import catalogue


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
