"""What of other participants a viewer may see: parts, contact details, meeting places.

Plain rules (no Reflex, no database), asked by the data layer before anything is
loaded for a page, the print page, the PDF or the calendar file:

- **Hvem gjør hva** (`may_read_contribution`): a participant's part describes the help
  they give, as the tiltak do. The person sees every part of their own plan; everyone
  sees their own part; another participant's part (and every earlier text of it) only
  with consent to every tiltak (`Scope.ALL_MEASURES`). Consent to one's own tiltak, to
  the goals or to the dialog alone does not show what the others do (a jobbspesialist
  does not read the behandler's "behandling for angst ved DPS").
- **Contact details** (`may_see_contact`): staff's work phone and e-mail reach every
  participant the access policy lets in. The private phone and e-mail of the person and
  of relatives (pårørende, verge) reach the person, the account itself, and participants
  whose consent covers work on the plan (goals or tiltak); a consent to the dialog alone
  means "talk with me here", not "call me".
- **Protected address** (kode 6 strengt fortrolig / kode 7 fortrolig, `Account.protection`):
  the protected account's own contact details reach only that account (as before).
  When the PERSON of the plan is protected, the contact details of their relatives in the
  plan reach only the person and the relative (they may share the address), and the place
  of an in-person meeting (`may_see_meeting_place`) reaches only those who need it to
  hold the meeting: the person, a guardian (verge) acting for them, the NAV-veileder and
  the koordinator of the plan (and whoever the plan names as coordinator), and whoever
  scheduled the meeting. Everyone else who sees the meeting sees its time and that the
  place is given by the koordinator. A video link or a phone meeting is no location.
"""

from __future__ import annotations

from typing import Optional

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope

# roles whose phone and e-mail are private (not a work contact)
PRIVATE_CONTACT_ROLES = frozenset({Role.PERSON, Role.PARORENDE, Role.VERGE})
RELATIVE_ROLES = frozenset({Role.PARORENDE, Role.VERGE})
# consent that covers work on the plan (not the dialog alone)
WORK_SCOPES = frozenset({Scope.GOALS, Scope.OWN_MEASURES, Scope.ALL_MEASURES})
# who needs a protected person's meeting place to hold the meeting
PLACE_NEED_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR, Role.VERGE})


def is_protected(protection: Optional[str]) -> bool:
    """Kode 6 or kode 7 (any value in `Account.protection`)."""
    return bool((protection or "").strip())


def may_read_contribution(access: PlanAccess, participant_id: Optional[int]) -> bool:
    """May the viewer read the part ("hvem gjør hva") of participant `participant_id`?"""
    if not access.allowed or participant_id is None:
        return False
    if access.is_owner or participant_id == access.participant_id:
        return True
    return Scope.ALL_MEASURES in access.scopes


def may_see_contact(access: PlanAccess, *, viewer_account_id: int, account_id: int,
                    role: Role | str, protected: bool, person_protected: bool) -> bool:
    """May the viewer see the phone and e-mail of the participant with `account_id`
    (their role in the plan `role`, their own protection, the plan's person's)?"""
    if not access.allowed:
        return False
    if account_id == viewer_account_id:
        return True  # one's own contact details
    if protected:
        return False  # kode 6/7 on the account itself
    role = Role(role)
    if role not in PRIVATE_CONTACT_ROLES:
        return True  # a work phone and e-mail
    if role in RELATIVE_ROLES and person_protected:
        return access.is_owner  # a protected person's relatives: only the person
    return access.is_owner or bool(WORK_SCOPES & access.scopes)


def may_see_meeting_place(access: PlanAccess, *, viewer_account_id: int, created_by_id: int,
                          person_protected: bool,
                          coordinator_participant_id: Optional[int] = None) -> bool:
    """May the viewer (who sees the meeting) see where an in-person meeting is held?"""
    if not access.allowed:
        return False
    if not person_protected or access.is_owner or created_by_id == viewer_account_id:
        return True
    if access.role in PLACE_NEED_ROLES:
        return True
    return (coordinator_participant_id is not None
            and access.participant_id == coordinator_participant_id)
