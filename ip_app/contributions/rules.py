"""Hvem gjør hva: what each participant contributes to the plan (IP item 4).

Who may change whose part:
- the koordinator and the NAV-veileder of the plan (and whoever the plan names as its
  coordinator) may edit every participant's part: they run the planning meetings;
- a tjenesteyter and the person may edit only their own part;
- pårørende and verge edit none (they may read what the person lets them).

Every change keeps the earlier text (see contributions/data.py). The IPS team
(individuell jobbstøtte: behandler, jobbspesialist, the person and NAV) is picked
out of the participants so the plan can show it as one group.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.forms import FormError, _text, validate
from ip_app.kernel.roles import OrgKind, Role

EDIT_ANY = frozenset({Role.KOORDINATOR, Role.VEILEDER})
EDIT_OWN = frozenset({Role.TJENESTEYTER, Role.PERSON})


def may_edit_contribution(actor: Actor, participant_id: Optional[int],
                          coordinator_participant_id: Optional[int] = None) -> bool:
    """May `actor` change the part of the participant `participant_id` in this plan?"""
    if participant_id is None:
        return False
    if actor.role in EDIT_ANY:
        return True
    if (coordinator_participant_id is not None and actor.participant_id is not None
            and actor.participant_id == coordinator_participant_id
            and actor.role == Role.TJENESTEYTER):
        return True  # a tjenesteyter named coordinator of the plan works as the koordinator
    if actor.role in EDIT_OWN:
        return actor.participant_id is not None and actor.participant_id == participant_id
    return False  # pårørende, verge


def check_contribution_edit(
    actor: Actor, participant_id: Optional[int], old_text: str, data: dict,
    coordinator_participant_id: Optional[int] = None,
) -> ContributionForm:
    """The validated form if the change is allowed.

    Raises RuleError("error.not_allowed") when the actor may not edit this part (checked
    first: a refused user learns nothing about the input), and FormError (field ->
    catalogue key) when the text is missing, too long, unchanged, or the reason too long."""
    if not may_edit_contribution(actor, participant_id, coordinator_participant_id):
        raise RuleError("error.not_allowed")
    form: ContributionForm = validate(ContributionForm, data)  # type: ignore[assignment]
    if form.text == (old_text or "").strip():
        raise FormError({"text": "error.contribution_same"})
    return form


# --- the IPS team ---------------------------------------------------------------

IPS_KIND = "ips"  # the tiltak catalogue key (measures/catalogue.py)
TEAM_ORDER = ("person", "jobbspesialist", "behandler", "nav")


@dataclass(frozen=True)
class MemberFacts:
    """What the IPS rule needs to know about one participant."""

    participant_id: int
    role: Role
    org_kind: str = ""
    title: str = ""  # the account's job title, e.g. "Jobbspesialist (IPS)"


def _is_jobbspesialist_title(title: str) -> bool:
    return "jobbspesialist" in (title or "").lower()


def ips_team(members: Iterable[MemberFacts], ips_responsible_ids: Iterable[Optional[int]] = (),
             has_ips_measure: bool = False) -> list[tuple[int, str]]:
    """The IPS team of a plan as (participant id, part) in a fixed order, or [] without IPS.

    A plan has IPS when it has a tiltak of the catalogue kind "ips" or a participant
    who is a jobbspesialist at DPS. The jobbspesialist is the one responsible for an
    IPS tiltak (or a DPS tjenesteyter with that title); the behandler is any other
    tjenesteyter at DPS; NAV is the NAV-veileder (or anyone from a NAV office); the
    person is the one the plan belongs to. A koordinator from the municipality or a
    relative is not part of the team."""
    members = list(members)
    responsible = {i for i in ips_responsible_ids if i is not None}
    parts: dict[int, str] = {}
    for m in members:
        if m.role == Role.TJENESTEYTER and (
                m.participant_id in responsible
                or (m.org_kind == OrgKind.DPS and _is_jobbspesialist_title(m.title))):
            parts[m.participant_id] = "jobbspesialist"
    if not parts and not has_ips_measure:
        return []
    for m in members:
        if m.participant_id in parts:
            continue
        if m.role == Role.PERSON:
            parts[m.participant_id] = "person"
        elif m.role == Role.TJENESTEYTER and m.org_kind == OrgKind.DPS:
            parts[m.participant_id] = "behandler"
        elif m.role == Role.VEILEDER or (m.role in (Role.KOORDINATOR, Role.TJENESTEYTER)
                                         and m.org_kind == OrgKind.NAV):
            parts[m.participant_id] = "nav"
    order = {p: n for n, p in enumerate(TEAM_ORDER)}
    ids = [m.participant_id for m in members if m.participant_id in parts]
    ids.sort(key=lambda i: order[parts[i]])  # stable: participants keep their order within a part
    return [(i, parts[i]) for i in ids]


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
