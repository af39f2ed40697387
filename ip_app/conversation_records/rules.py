"""Samtalereferat: the referat of a conversation between NAV's veileder and the person
(not a meeting). Plain rules (no Reflex, no database).

- **Who reads it** (`may_read`): the person, their verge, and NAV's veileder in the plan;
  nobody else (a conversation with NAV about the person's own situation: the other
  helpers and relatives never see it, whatever their consent).
- **Who writes it** (`may_write`): NAV's veileder in the plan. Every save is a new
  version; a save based on an older version is refused (`minutes.rules.check_version`).
- **"Jeg har lest"** (`may_confirm`): the person, for the current version.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import TITLE_MAX, _parse_date, _text
from ip_app.kernel.roles import OrgKind, Role

TEXT_MAX = 5000


def may_read(access: PlanAccess, org_kind: str) -> bool:
    return access.allowed and (access.is_owner or access.role == Role.VERGE
                               or is_nav_veileder(access, org_kind))


def is_nav_veileder(access: PlanAccess, org_kind: str) -> bool:
    return access.allowed and access.role == Role.VEILEDER and org_kind == OrgKind.NAV.value


def may_write(access: PlanAccess, org_kind: str) -> bool:
    return is_nav_veileder(access, org_kind)


def may_confirm(access: PlanAccess) -> bool:
    return access.allowed and access.is_owner


class RecordInput(BaseModel):
    """When the conversation was held (not in the future), what it was about, the referat."""

    model_config = ConfigDict(extra="ignore")

    held_on: Optional[date] = Field(default=None, validate_default=True)
    topic: str = Field(default="", validate_default=True)
    text: str = Field(default="", validate_default=True)

    @field_validator("held_on", mode="before")
    @classmethod
    def _held_on(cls, v: object, info) -> Optional[date]:  # noqa: ANN001
        d = _parse_date(v)
        if d is None:
            raise ValueError("error.record_date_required")
        today = (info.context or {}).get("today")
        if today is not None and d > today:
            raise ValueError("error.record_date_future")
        return d

    @field_validator("topic", mode="before")
    @classmethod
    def _topic(cls, v: object) -> str:
        return _text(v, required_key="error.record_topic_required", max_len=TITLE_MAX,
                     too_long_key="error.title_too_long")

    @field_validator("text", mode="before")
    @classmethod
    def _record_text(cls, v: object) -> str:  # not `_text`: that name is kernel.forms' helper
        return _text(v, required_key="error.record_text_required", max_len=TEXT_MAX,
                     too_long_key="error.minutes_text_long")
