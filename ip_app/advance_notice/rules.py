"""Forhåndsorientering (advance notice) on an agreed tiltak: the rules, no Reflex.

Before NAV may stop or reduce a benefit because an agreed activity is not followed, the
NAV-veileder tells the person in advance what is required, what happens if not, and
their rights. It stands apart from ordinary notes: the person confirms having read it
("Jeg har lest dette"), staff see read or not read with the time. Once sent it is never
changed: a correction is a new one that replaces it (the earlier stays).
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import _text
from ip_app.kernel.roles import OrgKind, Role
from ip_app.measures.rules import FINAL, Status

TEXT_MAX = 2000


def may_send(access: PlanAccess, org_kind: str, *, agreed: bool, status: str) -> bool:
    """The NAV-veileder of the plan, on a tiltak agreed with NAV that is not finished."""
    return (access.allowed and access.role == Role.VEILEDER and org_kind == OrgKind.NAV.value
            and agreed and Status(status) not in FINAL)


def may_read(access: PlanAccess, sees_measure: bool) -> bool:
    """The person, their verge, and NAV's veileder or the koordinator who see the tiltak;
    not other helpers or relatives (it is about the person's benefits)."""
    return access.allowed and sees_measure and (
        access.is_owner or access.role in (Role.VERGE, Role.VEILEDER, Role.KOORDINATOR))


def may_confirm(access: PlanAccess, *, read_at: Optional[object], replaced: bool) -> bool:
    """Only the person confirms, once, and only the one in force."""
    return access.allowed and access.is_owner and read_at is None and not replaced


class AdvanceNoticeForm(BaseModel):
    """What is required, what happens if not, and the rights (all three are needed)."""

    model_config = ConfigDict(extra="ignore")

    required: str = Field(default="", validate_default=True)
    consequence: str = Field(default="", validate_default=True)
    rights: str = Field(default="", validate_default=True)

    @field_validator("required", mode="before")
    @classmethod
    def _required(cls, v: object) -> str:
        return _text(v, required_key="error.fho_required", max_len=TEXT_MAX)

    @field_validator("consequence", mode="before")
    @classmethod
    def _consequence(cls, v: object) -> str:
        return _text(v, required_key="error.fho_consequence", max_len=TEXT_MAX)

    @field_validator("rights", mode="before")
    @classmethod
    def _rights(cls, v: object) -> str:
        return _text(v, required_key="error.fho_rights", max_len=TEXT_MAX)
