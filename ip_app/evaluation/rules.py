"""Evaluation of the plan (IP item 7): who records one, and the rules for its dates.

An evaluation is recorded by staff who take part in the plan and may change it
(the NAV-veileder and the koordinator). Everyone who may read the plan's goals
(the person always) reads earlier evaluations. Recording one sets when the plan
is evaluated next, and may adjust the plan period.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ip_app.kernel import clock
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import RuleError
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope

from ip_app.kernel.forms import _parse_date, _text

EVALUATING_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR})


def may_evaluate(role: Optional[Role]) -> bool:
    """Only the veileder and the koordinator record evaluations and set the next date."""
    return role in EVALUATING_ROLES


def may_record_evaluation(access: PlanAccess) -> bool:
    return access.allowed and may_evaluate(access.role)


def may_read_evaluations(access: PlanAccess) -> bool:
    """The person always; a participant whose consent covers the plan's goals."""
    return access.allowed and (access.is_owner or access.can(Scope.GOALS))


def new_period(current_start: Optional[date], current_end: Optional[date],
               start: Optional[date], end: Optional[date]) -> tuple[Optional[date], Optional[date]]:
    """The plan period after a change: a blank field keeps the current value.

    Raises RuleError if the resulting period ends before it starts.
    """
    new_start = start if start is not None else current_start
    new_end = end if end is not None else current_end
    if new_start and new_end and new_end < new_start:
        raise RuleError("error.period_order")
    return new_start, new_end


def _today(info: ValidationInfo) -> date:
    ctx = info.context or {}
    return ctx.get("today") or clock.today()


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
