"""Issue 17, finding 5: who may create a tiltak is one domain rule (`check_create`), the
same for the plan page's "Legg til aktivitet" and the full tiltak form.

Not a restatement of the role list: the rule must agree with the rest of the domain.
A role that may change no tiltak at all (whatever the tiltak) takes no part in
changing the plan, so it may not add one either; a role that may change some tiltak may
add one. And only those who may mark a tiltak "avtalt" may create one marked so.
"""

from __future__ import annotations

import itertools

import pytest

from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.roles import OrgKind, Role
from ip_app.measures.rules import MeasureFacts, Status, check_create, may_mark_agreed, may_update

PERSON_ACCOUNT, ME, OTHER = 1, 2, 3
MY_PARTICIPANT, OTHER_PARTICIPANT = 20, 30


def _any_tiltak() -> list[MeasureFacts]:
    """Every kind of tiltak the rules tell apart: who made it, who is responsible, agreed."""
    out = []
    for created_by, (responsible, role, org), agreed in itertools.product(
            (PERSON_ACCOUNT, ME, OTHER),
            ((MY_PARTICIPANT, None, ""), (OTHER_PARTICIPANT, Role.VEILEDER, OrgKind.NAV),
             (OTHER_PARTICIPANT, Role.PERSON, ""), (OTHER_PARTICIPANT, Role.TJENESTEYTER,
                                                    OrgKind.DPS), (None, None, "")),
            (False, True)):
        out.append(MeasureFacts(status=Status.PLANLAGT, agreed=agreed, created_by_id=created_by,
                                responsible_participant_id=responsible, responsible_role=role,
                                responsible_org_kind=org, plan_person_id=PERSON_ACCOUNT))
    return out


def _actor(role: Role) -> Actor:
    account = PERSON_ACCOUNT if role == Role.PERSON else ME
    return Actor(account_id=account, role=role, participant_id=MY_PARTICIPANT)


def _allowed(actor: Actor, **kw) -> bool:
    try:
        check_create(actor, **kw)
    except RuleError as exc:
        assert exc.key == "error.not_allowed"
        return False
    return True


@pytest.mark.parametrize("role", list(Role))
def test_whoever_may_change_no_tiltak_may_not_add_one(role):
    actor = _actor(role)
    changes_some = any(may_update(actor, m) for m in _any_tiltak())
    assert _allowed(actor) == changes_some


@pytest.mark.parametrize("role", list(Role))
def test_only_who_may_mark_agreed_creates_an_agreed_tiltak(role):
    actor = _actor(role)
    assert _allowed(actor, agreed=True) == (_allowed(actor) and may_mark_agreed(actor))


def test_guardians_and_relatives_do_not_add_tiltak():
    """What the review reproduced: the foresatt added a tiltak on Noah's plan."""
    for role in (Role.VERGE, Role.PARORENDE):
        assert not _allowed(_actor(role))
    assert _allowed(_actor(Role.PERSON)) and _allowed(_actor(Role.KOORDINATOR))
