"""Rules for an organisation's staff accounts (staff/rules.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ip_app.kernel.forms import FormError
from ip_app.kernel.roles import Role
from ip_app.staff.rules import (
    StaffRole, check_deactivation, check_new_password, check_new_staff, check_reason,
    check_role_change, invitation_usable, is_admin_of, plan_role,
)

GOOD = {"display_name": "Berit Ny", "username": "Berit.Ny", "title": "Koordinator",
        "email": "berit@example.no", "role_koordinator": "on"}


def test_a_good_form_gives_a_new_account():
    new = check_new_staff(GOOD)
    assert (new.username, new.roles) == ("berit.ny", frozenset({StaffRole.KOORDINATOR}))


@pytest.mark.parametrize("field,value,error", [
    ("display_name", "  ", "staff.error_name"),
    ("username", "b", "staff.error_username"),
    ("username", "berit ny", "staff.error_username"),
    ("username", "<script>", "staff.error_username"),
    ("email", "ikke-en-adresse", "staff.error_email"),
    ("role_koordinator", "", "staff.error_roles"),
])
def test_bad_fields_are_named(field, value, error):
    with pytest.raises(FormError) as e:
        check_new_staff({**GOOD, field: value})
    assert e.value.errors[field if not field.startswith("role_") else "roles"] == error


def test_unknown_roles_are_ignored():
    with pytest.raises(FormError):
        check_new_staff({**GOOD, "role_koordinator": "", "role_superuser": "on"})


def test_who_administers_which_organisation():
    assert is_admin_of("staff", "administrator", 1, 1)
    assert not is_admin_of("staff", "administrator", 1, 2)
    assert not is_admin_of("staff", "veileder,koordinator", 1, 1)
    assert not is_admin_of("person", "administrator", 1, 1)
    assert not is_admin_of("staff", "administrator", None, None)


def test_the_role_a_starter_gets_in_the_plan():
    assert plan_role("veileder") == Role.VEILEDER
    assert plan_role("veileder,koordinator") == Role.KOORDINATOR
    assert plan_role("tjenesteyter") is None and plan_role("administrator") is None


def test_an_administrator_keeps_their_own_administrator_role_and_account():
    with pytest.raises(FormError):
        check_role_change({"role_veileder": "on"}, own_account=True)
    assert check_role_change({"role_veileder": "on"}, own_account=False) == {StaffRole.VEILEDER}
    with pytest.raises(FormError):
        check_deactivation(own_account=True, already=False)
    with pytest.raises(FormError):
        check_deactivation(own_account=False, already=True)
    with pytest.raises(FormError):
        check_reason("   ")


def test_an_invitation_works_once_until_it_expires():
    now = datetime(2026, 12, 7, tzinfo=timezone.utc)
    later = now + timedelta(days=1)
    kw = dict(expires_at=later, used_at=None, ended_at=None, deactivated=False)
    assert invitation_usable(**kw, now=now)
    assert not invitation_usable(**kw, now=later)
    assert not invitation_usable(**{**kw, "used_at": now}, now=now)
    assert not invitation_usable(**{**kw, "ended_at": now}, now=now)
    assert not invitation_usable(**{**kw, "deactivated": True}, now=now)


def test_a_new_password():
    assert check_new_password("langt nok passord", "langt nok passord")
    with pytest.raises(FormError):
        check_new_password("kort", "kort")
    with pytest.raises(FormError):
        check_new_password("langt nok passord", "annet passord!")
