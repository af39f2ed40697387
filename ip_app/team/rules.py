"""The ansvarsgruppe (issue 19): who is invited, removed, made koordinator, or given
NAV's part, and by whom. Plain rules, no I/O.

The veileder or koordinator of the plan manages the group. An invitation IS a consent
request: the person (or guardian) answers it inline, and the participant appears in the
plan only once approved. Every change has a reason, and the person reads who did what,
when and why in plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping, Optional

from ip_app.consent.rules import REQUESTER_ROLES
from ip_app.kernel.forms import FormError, clean_text
from ip_app.kernel.roles import STAFF_ROLES, OrgKind, Role
from ip_app.kernel.scopes import Scope

REASON_MAX = 500
STAFF_INVITE_ROLES = (Role.TJENESTEYTER, Role.VEILEDER, Role.KOORDINATOR)
RELATIVE_ROLES = (Role.PARORENDE, Role.VERGE)


class TeamEventKind(StrEnum):
    INVITED = "invited"
    REMOVED = "removed"
    COORDINATOR = "coordinator"
    NAV_HANDOVER = "nav_handover"


def may_manage(role: Optional[str]) -> bool:
    """Who gathers and changes the ansvarsgruppe: the plan's veileder or koordinator."""
    return role is not None and str(role) in REQUESTER_ROLES


def may_set_contact_reservation(role: Optional[str], org_kind: str) -> bool:
    """Who marks the person as reserved against digital contact in KRR (or lifts it):
    NAV's veileder in the plan, the one who answers for NAV's contact with the person
    (issue 22). Until there is a real KRR lookup this is what the letters go by."""
    return role is not None and str(role) == Role.VEILEDER and org_kind == OrgKind.NAV


def check_reservation(form: Mapping[str, object], current: bool) -> tuple[bool, str]:
    """The value asked for ("1" reserved, "0" not) and why; the same value as now is
    refused (nothing to record), and a reason is required."""
    raw = str(form.get("reserved", ""))
    if raw not in ("0", "1"):
        raise FormError({"krr": "team.krr_error_choice"})
    wanted = raw == "1"
    if wanted == current:
        raise FormError({"krr": "team.krr_error_same"})
    try:
        return wanted, check_reason(form.get("reason"))
    except FormError as exc:
        raise FormError({"krr_reason": exc.errors["reason"]}) from None


def check_reason(raw: object) -> str:
    reason = clean_text(str(raw or "")).strip()
    if not reason:
        raise FormError({"reason": "team.error_reason"})
    if len(reason) > REASON_MAX:
        raise FormError({"reason": "error.text_too_long"})
    return reason


def _scopes(form: Mapping[str, object], relative: bool) -> frozenset[Scope]:
    chosen = frozenset(s for s in Scope if form.get(f"scope_{s.value}"))
    if relative:
        chosen -= {Scope.CONFIDENTIAL}  # relatives never see confidential notes
    return chosen


@dataclass(frozen=True)
class Invite:
    role: Role
    scopes: frozenset[Scope]


def check_staff_invite(form: Mapping[str, object]) -> Invite:
    errors: dict[str, str] = {}
    role = str(form.get("role") or "")
    if role not in {r.value for r in STAFF_INVITE_ROLES}:
        errors["role"] = "team.error_role"
    scopes = _scopes(form, relative=False)
    if not scopes:
        errors["scopes"] = "team.error_scopes"
    if errors:
        raise FormError(errors)
    return Invite(Role(role), scopes)


@dataclass(frozen=True)
class RelativeInvite:
    name: str
    phone: str
    email: str
    role: Role
    scopes: frozenset[Scope]


def check_relative_invite(form: Mapping[str, object]) -> RelativeInvite:
    errors: dict[str, str] = {}
    name = clean_text(str(form.get("name") or "")).strip()
    phone = clean_text(str(form.get("phone") or "")).strip()
    email = clean_text(str(form.get("email") or "")).strip()
    if not name:
        errors["name"] = "team.error_name"
    elif len(name) > 200:
        errors["name"] = "error.text_too_long"
    if phone and not re.fullmatch(r"\+?[0-9 ]{8,20}", phone):
        errors["phone"] = "team.error_phone"
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email[:200]):
        errors["email"] = "team.error_email"
    if not phone and not email and "phone" not in errors and "email" not in errors:
        errors["phone"] = "team.error_contact"
    role = str(form.get("role") or "")
    if role not in {r.value for r in RELATIVE_ROLES}:
        errors["role"] = "team.error_role"
    scopes = _scopes(form, relative=True)
    if not scopes:
        errors["scopes"] = "team.error_scopes"
    if errors:
        raise FormError(errors)
    return RelativeInvite(name, phone, email, Role(role), scopes)


def may_remove(target_role: str) -> bool:
    """Anyone in the group but the person whose plan it is."""
    return target_role != Role.PERSON


def may_coordinate(target_role: str) -> bool:
    """The koordinator is one of the helpers (any service), never the person or a relative."""
    return target_role in {r.value for r in STAFF_ROLES}


def may_take_nav_part(kind: str, org_kind: str, staff_roles: frozenset[str],
                      deactivated: bool) -> bool:
    """Who can take over NAV's part: an active veileder at a NAV office."""
    return (kind == "staff" and org_kind == OrgKind.NAV and "veileder" in staff_roles
            and not deactivated)
