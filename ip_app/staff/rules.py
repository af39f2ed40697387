"""Staff accounts of an organisation: who may administer them, and what a new one needs.

An administrator belongs to one organisation (a NAV office, a municipal service, a DPS,
a school) and manages the staff accounts of that organisation only: creates them, sets
their roles, deactivates them. A new account has no password: its owner sets one through
a one-time invitation link (see `invitation_usable`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Iterable, Mapping, Optional

from ip_app.kernel.forms import FormError, clean_text
from ip_app.kernel.roles import Role


class StaffRole(StrEnum):
    ADMINISTRATOR = "administrator"  # manages the organisation's staff accounts
    VEILEDER = "veileder"  # NAV-veileder: starts plans, follows people
    KOORDINATOR = "koordinator"  # koordinator: starts plans, gathers the ansvarsgruppe
    TJENESTEYTER = "tjenesteyter"  # other service provider: takes part when invited


# the roles that start a plan, and the role they then have in it
PLAN_STARTERS = {StaffRole.VEILEDER: Role.VEILEDER, StaffRole.KOORDINATOR: Role.KOORDINATOR}

INVITATION_DAYS = 7
PASSWORD_MIN = 10
NAME_MAX = 200
TITLE_MAX = 120
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")


def parse_roles(raw: str | Iterable[str]) -> frozenset[StaffRole]:
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    valid = {r.value for r in StaffRole}
    return frozenset(StaffRole(p.strip()) for p in parts if p.strip() in valid)


def format_roles(roles: Iterable[StaffRole | str]) -> str:
    return ",".join(r.value for r in StaffRole if r.value in {str(x) for x in roles})


def is_admin_of(kind: str, roles: str, org_id: Optional[int], target_org_id: Optional[int]
                ) -> bool:
    """Whether an account (its kind, roles and organisation) administers `target_org_id`."""
    return (kind == "staff" and org_id is not None and org_id == target_org_id
            and StaffRole.ADMINISTRATOR in parse_roles(roles))


def plan_role(roles: str) -> Optional[Role]:
    """The role a staff member has in a plan they start (None: they may not start one).
    A koordinator who is also a veileder starts it as koordinator."""
    have = parse_roles(roles)
    for staff_role in (StaffRole.KOORDINATOR, StaffRole.VEILEDER):
        if staff_role in have:
            return PLAN_STARTERS[staff_role]
    return None


@dataclass(frozen=True)
class NewStaff:
    display_name: str
    username: str
    title: str
    email: str
    roles: frozenset[StaffRole]


def _roles_from(form: Mapping[str, object]) -> frozenset[StaffRole]:
    return frozenset(r for r in StaffRole if form.get(f"role_{r.value}"))


def check_new_staff(form: Mapping[str, object]) -> NewStaff:
    """The form of a new staff account, or FormError (field -> catalogue key)."""
    errors: dict[str, str] = {}
    name = clean_text(str(form.get("display_name") or "")).strip()
    username = clean_text(str(form.get("username") or "")).strip().lower()
    title = clean_text(str(form.get("title") or "")).strip()
    email = clean_text(str(form.get("email") or "")).strip()
    roles = _roles_from(form)
    if not name:
        errors["display_name"] = "staff.error_name"
    elif len(name) > NAME_MAX:
        errors["display_name"] = "error.text_too_long"
    if not USERNAME.match(username):
        errors["username"] = "staff.error_username"
    if len(title) > TITLE_MAX:
        errors["title"] = "error.text_too_long"
    if email and (len(email) > 200 or not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email)):
        errors["email"] = "staff.error_email"
    if not roles:
        errors["roles"] = "staff.error_roles"
    if errors:
        raise FormError(errors)
    return NewStaff(display_name=name, username=username, title=title, email=email, roles=roles)


def check_role_change(form: Mapping[str, object], *, own_account: bool) -> frozenset[StaffRole]:
    """New roles for an account; an administrator cannot take away their own
    administrator role (the organisation would be left without one by a slip)."""
    roles = _roles_from(form)
    if not roles:
        raise FormError({"roles": "staff.error_roles"})
    if own_account and StaffRole.ADMINISTRATOR not in roles:
        raise FormError({"roles": "staff.error_own_admin"})
    return roles


def check_reason(raw: object) -> str:
    reason = clean_text(str(raw or "")).strip()
    if not reason:
        raise FormError({"reason": "staff.error_reason"})
    if len(reason) > 500:
        raise FormError({"reason": "error.text_too_long"})
    return reason


def check_deactivation(*, own_account: bool, already: bool) -> None:
    if own_account:
        raise FormError({"reason": "staff.error_own_deactivate"})
    if already:
        raise FormError({"reason": "staff.error_already_deactivated"})


def invitation_expires(now: datetime) -> datetime:
    return now + timedelta(days=INVITATION_DAYS)


def invitation_usable(*, expires_at: datetime, used_at: Optional[datetime],
                      ended_at: Optional[datetime], deactivated: bool, now: datetime) -> bool:
    """A link works once, until it expires, while no newer link replaced it and the
    account is active."""
    return used_at is None and ended_at is None and not deactivated and now < expires_at


def check_new_password(password: object, repeat: object) -> str:
    pw = str(password or "")
    if len(pw) < PASSWORD_MIN:
        raise FormError({"password": "invite.error_short"})
    if pw != str(repeat or ""):
        raise FormError({"repeat": "invite.error_repeat"})
    return pw


def may_restrict_office(org_kind: str) -> bool:
    """Kontorsperre is a NAV office's (only its own NAV staff then see the plan): the
    administrator of a NAV office sets and lifts it on the office's plans."""
    return org_kind == "nav"
