"""The § 14 a assessment (NAV-loven § 14 a): NAV's written assessment of the person's
need for help to get or keep work, and the person's own view of it.

Rules:
- NAV staff (a veileder, or a koordinator working at NAV) write and update it;
- every wording is kept as a version, nothing is overwritten;
- the person reads it in their plan and may add their own view or disagree, also versioned;
- it is confidential: the person and NAV staff on the plan read it; any other participant
  only with the consent scope `confidential` (relatives never, see access.plan_access).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Optional

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.roles import OrgKind, Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.rules import PlanBasis


class AuthorKind(StrEnum):
    NAV = "nav"
    PERSON = "person"


class Ability(StrEnum):
    """Whether, and how much, the ability to work is reduced."""

    NOT_REDUCED = "ikke_nedsatt"
    SOMEWHAT = "noe_nedsatt"
    MUCH = "betydelig_nedsatt"
    LASTING = "varig_nedsatt"


class Innsatsgruppe(StrEnum):
    """The kind of help that fits (NAV's innsatsgrupper)."""

    STANDARD = "standard"
    SITUASJONSBESTEMT = "situasjonsbestemt"
    SPESIELT_TILPASSET = "spesielt_tilpasset"
    GRADERT_VARIG = "gradert_varig"
    VARIG_TILPASSET = "varig_tilpasset"


def is_nav_staff(access: PlanAccess, viewer: Viewer) -> bool:
    return (access.allowed and viewer.org_kind == OrgKind.NAV
            and access.role in (Role.VEILEDER, Role.KOORDINATOR))


def may_read_assessment(access: PlanAccess, viewer: Optional[Viewer]) -> bool:
    if viewer is None or not access.allowed:
        return False
    if access.is_owner or is_nav_staff(access, viewer):
        return True
    return access.can(Scope.CONFIDENTIAL)


def may_write_assessment(access: PlanAccess, viewer: Optional[Viewer]) -> bool:
    return viewer is not None and is_nav_staff(access, viewer)


def may_add_own_view(access: PlanAccess) -> bool:
    return access.allowed and access.is_owner


def applies(bases: list[PlanBasis]) -> bool:
    """The assessment belongs to plans with the aktivitetsplan (§ 14 a) basis."""
    return PlanBasis.AKTIVITETSPLAN in bases


def next_version(existing: list[int]) -> int:
    return max(existing, default=0) + 1


# --- forms -------------------------------------------------------------------------

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator  # noqa: E402

from ip_app.kernel.forms import _text  # noqa: E402


class AssessmentForm(BaseModel):
    """NAV's assessment as staff write it. Possibilities and the kind of help are required."""

    model_config = ConfigDict(extra="ignore")

    possibilities: str
    work_goal: str = ""
    ability: Ability
    ability_note: str = ""
    innsatsgruppe: Innsatsgruppe
    help_note: str = ""

    @field_validator("possibilities", mode="before")
    @classmethod
    def _required(cls, v: object) -> str:
        return _text(v, required_key="error.assessment_required")

    @field_validator("work_goal", "ability_note", "help_note", mode="before")
    @classmethod
    def _texts(cls, v: object) -> str:
        return _text(v)

    @field_validator("ability", "innsatsgruppe", mode="before")
    @classmethod
    def _choice(cls, v: object) -> str:
        v = _text(v, required_key="error.choose_one", max_len=40)
        return v


class OwnViewForm(BaseModel):
    """The person's own view: agree or not, and their words (needed when they disagree)."""

    model_config = ConfigDict(extra="ignore")

    agrees: bool
    text: str = ""

    @field_validator("agrees", mode="before")
    @classmethod
    def _agrees(cls, v: object) -> bool:
        v = _text(v, max_len=10)
        if v not in ("ja", "nei"):
            raise ValueError("error.choose_one")
        return v == "ja"

    @field_validator("text", mode="before")
    @classmethod
    def _words(cls, v: object, info: ValidationInfo) -> str:
        text = _text(v)
        if info.data.get("agrees") is False and not text:
            raise ValueError("error.own_view_required")  # say what you disagree with
        return text
