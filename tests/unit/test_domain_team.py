"""Rules of the ansvarsgruppe (team/rules.py)."""

from __future__ import annotations

import pytest

from ip_app.kernel.forms import FormError
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.team.rules import (
    check_reason, check_relative_invite, check_staff_invite, may_coordinate, may_manage,
    may_remove, may_take_nav_part,
)


def test_who_manages_the_group():
    assert may_manage("veileder") and may_manage("koordinator")
    assert not any(may_manage(r) for r in ("tjenesteyter", "person", "parorende", None))


def test_a_staff_invitation_needs_a_role_and_something_to_see():
    inv = check_staff_invite({"role": "tjenesteyter", "scope_goals": "on",
                              "scope_own_measures": "on"})
    assert inv.role == Role.TJENESTEYTER and inv.scopes == {Scope.GOALS, Scope.OWN_MEASURES}
    with pytest.raises(FormError) as e:
        check_staff_invite({"role": "person"})
    assert e.value.errors == {"role": "team.error_role", "scopes": "team.error_scopes"}


def test_a_relative_needs_a_name_and_a_way_to_be_reached_and_never_sees_confidential_notes():
    inv = check_relative_invite({"name": "Hassan", "phone": "+47 400 02 204", "role": "verge",
                                 "scope_goals": "on", "scope_confidential": "on"})
    assert inv.scopes == {Scope.GOALS} and inv.role == Role.VERGE
    with pytest.raises(FormError) as e:
        check_relative_invite({"name": " ", "role": "veileder", "scope_confidential": "on"})
    assert e.value.errors == {"name": "team.error_name", "phone": "team.error_contact",
                              "role": "team.error_role", "scopes": "team.error_scopes"}
    with pytest.raises(FormError) as e:
        check_relative_invite({"name": "A", "phone": "12", "email": "nei", "role": "parorende",
                               "scope_goals": "on"})
    assert set(e.value.errors) == {"phone", "email"}


def test_who_may_be_removed_coordinate_or_take_nav_part():
    assert not may_remove("person") and may_remove("parorende") and may_remove("veileder")
    assert may_coordinate("tjenesteyter") and not may_coordinate("parorende")
    assert may_take_nav_part("staff", "nav", frozenset({"veileder"}), False)
    assert not may_take_nav_part("staff", "kommune", frozenset({"veileder"}), False)
    assert not may_take_nav_part("staff", "nav", frozenset({"koordinator"}), False)
    assert not may_take_nav_part("staff", "nav", frozenset({"veileder"}), True)


def test_a_reason_is_needed():
    with pytest.raises(FormError):
        check_reason("  ")
    assert check_reason(" Bytter kontor. ") == "Bytter kontor."
