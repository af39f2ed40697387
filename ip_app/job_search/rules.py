"""Job search: the person's own "Stilling" cards and the søkeavtale with NAV. No Reflex.

A stilling is kept by the person themselves: employer, title, link, deadline and status
interessert -> søkt -> intervju -> fått jobb / ikke fått jobb (the last two are final;
a stilling may also end as ikke fått jobb straight after søkt). Every change is a new
version (nothing is overwritten or deleted). A søkeavtale says how many applications the
person sends per week or month; progress counts the stillinger marked søkt in the
period now running.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import _parse_date, _text
from ip_app.kernel.roles import Role


class JobStatus(StrEnum):
    INTERESTED = "interessert"
    APPLIED = "sokt"
    INTERVIEW = "intervju"
    GOT_JOB = "fatt_jobb"
    NO_JOB = "ikke_fatt_jobb"


FINAL = frozenset({JobStatus.GOT_JOB, JobStatus.NO_JOB})
_NEXT = {
    JobStatus.INTERESTED: (JobStatus.APPLIED,),
    JobStatus.APPLIED: (JobStatus.INTERVIEW, JobStatus.NO_JOB),
    JobStatus.INTERVIEW: (JobStatus.GOT_JOB, JobStatus.NO_JOB),
    JobStatus.GOT_JOB: (),
    JobStatus.NO_JOB: (),
}
APPLIED_OR_LATER = frozenset({JobStatus.APPLIED, JobStatus.INTERVIEW, JobStatus.GOT_JOB,
                              JobStatus.NO_JOB})


def next_statuses(current: JobStatus) -> tuple[JobStatus, ...]:
    return _NEXT[current]


def may_move(current: JobStatus, to: JobStatus) -> bool:
    return to in _NEXT[current]


class Period(StrEnum):
    WEEK = "uke"
    MONTH = "maned"


def period_bounds(period: Period, today: date) -> tuple[date, date]:
    """The period running today: Monday to Sunday, or the calendar month."""
    if period == Period.WEEK:
        start = today - timedelta(days=today.weekday())
        return start, start + timedelta(days=6)
    start = today.replace(day=1)
    nxt = (start.replace(year=start.year + 1, month=1) if start.month == 12
           else start.replace(month=start.month + 1))
    return start, nxt - timedelta(days=1)


def applied_in_period(applied_on: Iterable[Optional[date]], period: Period, today: date) -> int:
    """How many applications were sent in the period running today."""
    start, end = period_bounds(period, today)
    return sum(1 for d in applied_on if d is not None and start <= d <= end)


def may_keep(access: PlanAccess) -> bool:
    """The person keeps their own stillinger."""
    return access.allowed and access.is_owner


def may_read(access: PlanAccess) -> bool:
    """The person, a verge, NAV's veileder and the koordinator."""
    return access.allowed and (access.is_owner or access.role in (
        Role.VERGE, Role.VEILEDER, Role.KOORDINATOR))


def may_set_agreement(access: PlanAccess) -> bool:
    """The NAV-veileder sets the søkeavtale (with the person)."""
    return access.allowed and access.role == Role.VEILEDER


class JobForm(BaseModel):
    """A new stilling: employer and title are needed; the link is http(s); the deadline
    (søknadsfrist) is not in the past."""

    model_config = ConfigDict(extra="ignore")

    employer: str = Field(default="", validate_default=True)
    title: str = Field(default="", validate_default=True)
    link: str = Field(default="", validate_default=True)
    deadline: Optional[date] = Field(default=None, validate_default=True)

    @field_validator("employer", mode="before")
    @classmethod
    def _employer(cls, v: object) -> str:
        return _text(v, required_key="error.job_employer", max_len=200)

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v: object) -> str:
        return _text(v, required_key="error.job_title", max_len=200)

    @field_validator("link", mode="before")
    @classmethod
    def _link(cls, v: object) -> str:
        link = _text(v, max_len=500)
        if link and not link.lower().startswith(("https://", "http://")):
            raise ValueError("error.job_link")
        return link

    @field_validator("deadline", mode="before")
    @classmethod
    def _deadline(cls, v: object, info: ValidationInfo) -> Optional[date]:
        d = _parse_date(v)
        today = (info.context or {}).get("today")
        if d is not None and today is not None and d < today:
            raise ValueError("error.job_deadline_past")
        return d


class AgreementForm(BaseModel):
    """The søkeavtale: 1-50 applications per week or month."""

    model_config = ConfigDict(extra="ignore")

    count: int = Field(default=0, validate_default=True)
    period: Period = Field(default=None, validate_default=True)

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, v: object) -> int:
        raw = _text(v, max_len=5)
        if not raw.isdigit() or not 1 <= int(raw) <= 50:
            raise ValueError("error.agreement_count")
        return int(raw)

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, v: object) -> Period:
        raw = _text(v, max_len=10)
        if raw not in {p.value for p in Period}:
            raise ValueError("error.choose_one")
        return Period(raw)
