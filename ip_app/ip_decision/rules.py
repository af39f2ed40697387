"""Right to an individuell plan: the decision tree used by Statsforvalteren."""

from __future__ import annotations

from enum import StrEnum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ip_app.kernel.roles import Role

from ip_app.kernel.forms import _clean, _text


class IpOutcome(StrEnum):
    JOIN_EXISTING = "join_existing"  # already has an IP: a new service joins that plan
    RIGHT = "right"  # right to an IP
    NO_RIGHT_SHORT_TERM = "no_right_short_term"
    NO_RIGHT_SINGLE_PROVIDER = "no_right_single_provider"


def ip_outcome(has_ip_already: bool, long_term_need: bool, several_providers: bool) -> IpOutcome:
    if has_ip_already:
        return IpOutcome.JOIN_EXISTING
    if not long_term_need:
        return IpOutcome.NO_RIGHT_SHORT_TERM
    if not several_providers:
        return IpOutcome.NO_RIGHT_SINGLE_PROVIDER
    return IpOutcome.RIGHT


DECIDING_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR})


def may_decide_ip(role: Optional[Role]) -> bool:
    """The NAV-veileder and the koordinator take part in a plan and run the check."""
    return role in DECIDING_ROLES


def effective_has_ip(recorded: bool, answered: bool) -> bool:
    """Question 1 of the tree: an IP recorded on the person's plan is a fact the
    answer cannot undo; without one, staff may still know of an IP elsewhere."""
    return recorded or answered


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


def may_check_without_plan(kind: str, starts_plans: bool, deactivated: bool) -> bool:
    """A person without an open plan (found in the person search): the staff who may start
    plans (veileder, koordinator: staff.rules.plan_role) run the check, so the IP can start
    from its outcome."""
    return kind == "staff" and starts_plans and not deactivated
