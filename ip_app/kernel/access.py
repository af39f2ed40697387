"""The one access policy: who may read and change which part of a plan.

Every Reflex event handler and every HTTP endpoint asks this module; the data
layer gives it plain facts. Nothing here trusts an id sent from a browser: the
caller resolves the viewer from the server-side session and the plan from the
database, then asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ip_app.kernel.actor import Actor
from ip_app.kernel.roles import STAFF_ROLES, OrgKind, Role
from ip_app.kernel.scopes import ConsentFacts, Scope, active_scopes

ALL_SCOPES = frozenset(Scope)


@dataclass(frozen=True)
class Viewer:
    """The logged-in account, as resolved from the session on the server."""

    account_id: int
    kind: str  # "person" | "staff" | "relative"
    display_name: str = ""
    org_id: Optional[int] = None
    org_kind: str = ""
    lang: str = "nb"  # the language the viewer chose (Account.preferred_language)


@dataclass(frozen=True)
class Membership:
    """The viewer's place in one plan: participant row and consent, if any."""

    participant_id: int
    role: Role
    consent: Optional[ConsentFacts] = None
    left: bool = False


@dataclass(frozen=True)
class PlanAccess:
    """What a viewer may do in one plan. `allowed` False means: show nothing."""

    allowed: bool
    role: Optional[Role] = None
    participant_id: Optional[int] = None
    scopes: frozenset[Scope] = field(default_factory=frozenset)
    reason: str = ""  # why refused: an audit detail, not shown to the user

    @property
    def is_owner(self) -> bool:
        return self.role == Role.PERSON

    def can(self, scope: Scope) -> bool:
        return self.allowed and scope in self.scopes

    def can_see_measure(
        self, responsible_participant_id: Optional[int], restricted_to_org_id: Optional[int],
        viewer_org_id: Optional[int],
    ) -> bool:
        if not self.allowed:
            return False
        if self.is_owner:
            return True  # the person always sees all of their own plan
        if restricted_to_org_id is not None and restricted_to_org_id != viewer_org_id:
            return False  # e.g. kvalifiseringsprogram items kept to one NAV office
        if Scope.ALL_MEASURES in self.scopes:
            return True
        return (
            Scope.OWN_MEASURES in self.scopes
            and responsible_participant_id is not None
            and responsible_participant_id == self.participant_id
        )

    def actor(self, viewer: Viewer) -> Actor:
        assert self.allowed and self.role is not None
        return Actor(
            account_id=viewer.account_id,
            role=self.role,
            participant_id=self.participant_id,
            org_kind=viewer.org_kind,
            org_id=viewer.org_id,
        )


DENIED = PlanAccess(allowed=False, reason="not_participant")


def office_allows(viewer: Viewer, office_restriction: Optional[int]) -> bool:
    """Kontorsperre: a plan restricted to one NAV office (`office_restriction`, the
    organisation id of that office) is closed to NAV staff of every other office, even
    participants; staff of the office itself, other services and relatives are judged by
    their consent as before. The person is never shut out of their own plan
    (`plan_access` asks about the person first)."""
    if office_restriction is None:
        return True
    if viewer.kind != "staff" or viewer.org_kind != OrgKind.NAV:
        return True
    return viewer.org_id == office_restriction


def plan_access(
    viewer: Optional[Viewer],
    plan_person_id: int,
    membership: Optional[Membership],
    today: date,
    office_restriction: Optional[int] = None,
) -> PlanAccess:
    """Decide what `viewer` may see of the plan that belongs to `plan_person_id`
    (`office_restriction`: the NAV office of a kontorsperre on the plan, if any)."""
    if viewer is None:
        return PlanAccess(allowed=False, reason="not_logged_in")
    if viewer.account_id == plan_person_id:
        return PlanAccess(
            allowed=True, role=Role.PERSON, participant_id=membership.participant_id
            if membership else None, scopes=ALL_SCOPES,
        )
    if not office_allows(viewer, office_restriction):
        return PlanAccess(allowed=False, reason="office_restriction")
    if membership is None or membership.left:
        return DENIED
    if membership.role == Role.PERSON:
        # a participant row with the person role on someone else's plan is a data error
        return PlanAccess(allowed=False, reason="bad_membership")
    scopes = active_scopes(membership.consent, today)
    if membership.role not in STAFF_ROLES:
        scopes = scopes - {Scope.CONFIDENTIAL}  # relatives never see confidential notes
    if not scopes:
        return PlanAccess(
            allowed=False, role=membership.role, participant_id=membership.participant_id,
            reason="no_consent",
        )
    return PlanAccess(
        allowed=True, role=membership.role, participant_id=membership.participant_id,
        scopes=scopes,
    )
