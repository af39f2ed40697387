"""The tiltak status lifecycle and who may change what (ip_app.measures.rules).

The expected outcomes are written down here as plain tables taken from the rules in
the module docstrings and DOMAIN.md, not computed with the code under test:

- Fullført and Avbrutt are final: nothing leaves them.
- Moving to the same status is refused.
- The person changes only their own items (made by them or with them responsible)
  and never an agreed ("avtalt") one.
- The koordinator changes every item.
- The NAV-veileder changes NAV's items, the person's own items and items they made.
- Another service provider (tjenesteyter) changes only items they are responsible for.
- Relatives (pårørende) and guardians (verge) change nothing.
- Finishing or stopping (fullført / avbrutt) an agreed tiltak needs a reason,
  at most REASON_MAX characters.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.roles import STAFF_ROLES, OrgKind, Role
from ip_app.measures.rules import (
    REASON_MAX, MeasureFacts, Status, check_status_change, initial_status, is_final, is_transition,
    may_mark_agreed, may_update, needs_reason, next_statuses,
)

# --------------------------------------------------------------------------- the cast
# account ids and participant ids of the people in one plan
PERSON_ACC, PERSON_PID = 1, 10
VEILEDER_ACC, VEILEDER_PID = 2, 20
KOORD_ACC, KOORD_PID = 3, 30
TJ_ACC, TJ_PID = 4, 40
PAR_ACC, PAR_PID = 5, 50
VERGE_ACC, VERGE_PID = 6, 60
OTHER_VEILEDER_ACC, OTHER_VEILEDER_PID = 7, 21  # another NAV-veileder in the same plan
OTHER_TJ_ACC, OTHER_TJ_PID = 8, 41  # another service provider (municipality)

ACTORS: dict[Role, Actor] = {
    Role.PERSON: Actor(PERSON_ACC, Role.PERSON, PERSON_PID),
    Role.VEILEDER: Actor(VEILEDER_ACC, Role.VEILEDER, VEILEDER_PID, org_kind=OrgKind.NAV, org_id=100),
    Role.KOORDINATOR: Actor(KOORD_ACC, Role.KOORDINATOR, KOORD_PID, org_kind=OrgKind.MUNICIPALITY),
    Role.TJENESTEYTER: Actor(TJ_ACC, Role.TJENESTEYTER, TJ_PID, org_kind=OrgKind.DPS, org_id=200),
    Role.PARORENDE: Actor(PAR_ACC, Role.PARORENDE, PAR_PID),
    Role.VERGE: Actor(VERGE_ACC, Role.VERGE, VERGE_PID),
}

# kind of tiltak -> (created_by account, responsible participant, responsible role, responsible org)
KINDS: dict[str, tuple[int, int | None, Role | None, str]] = {
    "person_created": (PERSON_ACC, None, None, ""),
    "person_created_for_provider": (PERSON_ACC, OTHER_TJ_PID, Role.TJENESTEYTER, OrgKind.MUNICIPALITY),
    "person_responsible": (KOORD_ACC, PERSON_PID, Role.PERSON, ""),
    "nav_item": (OTHER_VEILEDER_ACC, OTHER_VEILEDER_PID, Role.VEILEDER, OrgKind.NAV),
    "veileder_responsible": (KOORD_ACC, VEILEDER_PID, Role.VEILEDER, OrgKind.NAV),
    "veileder_created": (VEILEDER_ACC, OTHER_TJ_PID, Role.TJENESTEYTER, OrgKind.DPS),
    "provider_item": (KOORD_ACC, TJ_PID, Role.TJENESTEYTER, OrgKind.DPS),
    "other_provider_item": (OTHER_TJ_ACC, OTHER_TJ_PID, Role.TJENESTEYTER, OrgKind.MUNICIPALITY),
    "koordinator_unassigned": (KOORD_ACC, None, None, ""),
    "provider_created_unassigned": (TJ_ACC, None, None, ""),
}

P, V, K, T = Role.PERSON, Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER

# who may change a NOT agreed tiltak of each kind (relatives and guardians: never)
MAY_CHANGE: dict[str, set[Role]] = {
    "person_created": {P, K, V},
    "person_created_for_provider": {P, K, V},  # made by the person: still the person's own
    "person_responsible": {P, K, V},
    "nav_item": {K, V},
    "veileder_responsible": {K, V},
    "veileder_created": {K, V},
    "provider_item": {K, T},
    "other_provider_item": {K},
    "koordinator_unassigned": {K},
    "provider_created_unassigned": {K},  # a provider only changes what they are responsible for
}
assert set(MAY_CHANGE) == set(KINDS)

FINAL_STATUSES = {Status.FULLFORT, Status.AVBRUTT}
LIFECYCLE = ["forslag", "planlagt", "gjennomfores", "fullfort", "avbrutt"]


def facts(kind: str, status: Status, agreed: bool) -> MeasureFacts:
    created_by, resp_pid, resp_role, resp_org = KINDS[kind]
    return MeasureFacts(
        status=status, agreed=agreed, created_by_id=created_by,
        responsible_participant_id=resp_pid, responsible_role=resp_role,
        responsible_org_kind=resp_org, plan_person_id=PERSON_ACC,
    )


def expected_may_change(role: Role, kind: str, agreed: bool) -> bool:
    if agreed and role == Role.PERSON:
        return False
    return role in MAY_CHANGE[kind]


def expected_error(role: Role, kind: str, old: Status, new: Status, agreed: bool, reason: str) -> str | None:
    """The catalogue key of the refusal, or None when the change is allowed."""
    if agreed and role == Role.PERSON:
        return "error.measure_locked"
    if not expected_may_change(role, kind, agreed):
        return "error.not_allowed"
    if old in FINAL_STATUSES:
        return "error.status_final"
    if old == new:
        return "error.status_same"
    if len(reason.strip()) > 500:
        return "error.reason_too_long"
    if agreed and new in FINAL_STATUSES and not reason.strip():
        return "error.reason_required"
    return None


ALL_COMBOS = [
    pytest.param(role, kind, old, new, agreed,
                 id=f"{role.value}-{kind}-{old.value}->{new.value}-{'agreed' if agreed else 'free'}")
    for role, kind, old, new, agreed in itertools.product(
        Role, KINDS, Status, Status, (False, True))
]


# --------------------------------------------------------------------------- basics
def test_lifecycle_has_exactly_the_aktivitetsplan_statuses():
    assert [s.value for s in Status] == LIFECYCLE


@pytest.mark.parametrize("status", list(Status))
def test_is_final(status):
    assert is_final(status) is (status.value in ("fullfort", "avbrutt"))


@pytest.mark.parametrize("old,new", list(itertools.product(Status, Status)))
def test_is_transition(old, new):
    assert is_transition(old, new) is (old != new and old.value not in ("fullfort", "avbrutt"))


@pytest.mark.parametrize("agreed", [False, True])
@pytest.mark.parametrize("new", list(Status))
def test_needs_reason(new, agreed):
    m = facts("nav_item", Status.GJENNOMFORES, agreed)
    assert needs_reason(m, new) is (agreed and new.value in ("fullfort", "avbrutt"))


def test_reason_max_is_500():
    assert REASON_MAX == 500


# --------------------------------------------------------------------------- who may change
@pytest.mark.parametrize("agreed", [False, True])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("role", list(Role))
def test_may_update_table(role, kind, agreed):
    assert may_update(ACTORS[role], facts(kind, Status.PLANLAGT, agreed)) is expected_may_change(
        role, kind, agreed)


@pytest.mark.parametrize("role", [Role.PARORENDE, Role.VERGE])
def test_relatives_cannot_change_even_items_they_made_or_are_responsible_for(role):
    actor = ACTORS[role]
    m = MeasureFacts(status=Status.PLANLAGT, agreed=False, created_by_id=actor.account_id,
                     responsible_participant_id=actor.participant_id, responsible_role=role,
                     plan_person_id=PERSON_ACC)
    assert not may_update(actor, m)
    assert next_statuses(actor, m) == []
    with pytest.raises(RuleError) as exc:
        check_status_change(actor, m, Status.GJENNOMFORES)
    assert exc.value.key == "error.not_allowed"


def test_veileder_may_change_an_item_the_person_made_with_nobody_responsible():
    """Regression: 'the person's own items' includes items made by the person (the
    veileder's own account was compared with the creator before)."""
    m = facts("person_created", Status.FORSLAG, agreed=False)
    assert may_update(ACTORS[Role.VEILEDER], m)
    assert check_status_change(ACTORS[Role.VEILEDER], m, Status.PLANLAGT) == ""


def test_veileder_of_another_office_may_still_change_nav_items():
    # NAV's items are NAV's, whoever in NAV is the responsible veileder
    m = facts("nav_item", Status.PLANLAGT, agreed=True)
    assert may_update(ACTORS[Role.VEILEDER], m)


def test_tjenesteyter_without_participant_row_changes_nothing():
    actor = Actor(TJ_ACC, Role.TJENESTEYTER, participant_id=None)
    unassigned = MeasureFacts(Status.PLANLAGT, False, created_by_id=KOORD_ACC,
                              responsible_participant_id=None, responsible_role=None)
    assert not may_update(actor, unassigned)


def test_person_without_participant_row_still_changes_what_they_made():
    actor = Actor(PERSON_ACC, Role.PERSON, participant_id=None)
    assert may_update(actor, facts("person_created", Status.FORSLAG, False))
    # ...but not someone else's unassigned item (None must not match None)
    assert not may_update(actor, facts("koordinator_unassigned", Status.FORSLAG, False))


# --------------------------------------------------------------------------- full lifecycle
@pytest.mark.parametrize("role,kind,old,new,agreed", ALL_COMBOS)
def test_check_status_change_every_combination(role, kind, old, new, agreed):
    actor = ACTORS[role]
    m = facts(kind, old, agreed)
    for reason in ("", "   ", "  Kurset er ferdig  "):
        want = expected_error(role, kind, old, new, agreed, reason)
        if want is None:
            assert check_status_change(actor, m, new, reason) == reason.strip()
        else:
            with pytest.raises(RuleError) as exc:
                check_status_change(actor, m, new, reason)
            assert exc.value.key == want
            assert str(exc.value) == want


@pytest.mark.parametrize("agreed", [False, True])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("old", list(Status))
@pytest.mark.parametrize("role", list(Role))
def test_next_statuses_table(role, old, kind, agreed):
    got = next_statuses(ACTORS[role], facts(kind, old, agreed))
    if old in FINAL_STATUSES or not expected_may_change(role, kind, agreed):
        assert got == []
    else:
        assert [s.value for s in got] == [s for s in LIFECYCLE if s != old.value]


@pytest.mark.parametrize("agreed", [False, True])
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("old", list(Status))
@pytest.mark.parametrize("role", list(Role))
def test_next_statuses_agrees_with_check_status_change(role, old, kind, agreed):
    actor, m = ACTORS[role], facts(kind, old, agreed)
    accepted = []
    for new in Status:
        try:
            check_status_change(actor, m, new, "grunn")
        except RuleError:
            continue
        accepted.append(new)
    assert next_statuses(actor, m) == accepted


# --------------------------------------------------------------------------- reasons
@pytest.mark.parametrize("new", [Status.FULLFORT, Status.AVBRUTT])
def test_agreed_finish_or_stop_needs_a_reason(new):
    actor, m = ACTORS[Role.VEILEDER], facts("nav_item", Status.GJENNOMFORES, agreed=True)
    for empty in ("", "   ", "\n\t", None):
        with pytest.raises(RuleError) as exc:
            check_status_change(actor, m, new, empty)
        assert exc.value.key == "error.reason_required"
    assert check_status_change(actor, m, new, " Flyttet ") == "Flyttet"


@pytest.mark.parametrize("new", [Status.FULLFORT, Status.AVBRUTT])
def test_not_agreed_finish_or_stop_needs_no_reason(new):
    actor, m = ACTORS[Role.PERSON], facts("person_created", Status.GJENNOMFORES, agreed=False)
    assert check_status_change(actor, m, new) == ""
    assert check_status_change(actor, m, new, None) == ""


def test_agreed_non_final_move_needs_no_reason():
    actor, m = ACTORS[Role.KOORDINATOR], facts("provider_item", Status.PLANLAGT, agreed=True)
    assert check_status_change(actor, m, Status.GJENNOMFORES) == ""


@pytest.mark.parametrize("agreed", [False, True])
def test_reason_length_boundary(agreed):
    actor, m = ACTORS[Role.KOORDINATOR], facts("provider_item", Status.GJENNOMFORES, agreed)
    assert check_status_change(actor, m, Status.AVBRUTT, "x" * 500) == "x" * 500
    # surrounding space is cleaned before counting
    assert check_status_change(actor, m, Status.AVBRUTT, "  " + "x" * 500 + "\n") == "x" * 500
    with pytest.raises(RuleError) as exc:
        check_status_change(actor, m, Status.AVBRUTT, "x" * 501)
    assert exc.value.key == "error.reason_too_long"
    # a too long reason is refused even where no reason is needed at all
    with pytest.raises(RuleError) as exc:
        check_status_change(actor, m, Status.PLANLAGT, "y" * 501)
    assert exc.value.key == "error.reason_too_long"


# --------------------------------------------------------------------------- agreeing / creating
@pytest.mark.parametrize("role", list(Role))
def test_may_mark_agreed(role):
    assert may_mark_agreed(ACTORS[role]) is (role in (Role.VEILEDER, Role.KOORDINATOR))


def test_initial_status_person_proposes():
    assert initial_status(ACTORS[Role.PERSON]) == Status.FORSLAG


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_initial_status_staff_plan_directly(role):
    assert initial_status(ACTORS[role]) == Status.PLANLAGT


# --------------------------------------------------------------------------- properties
roles = st.sampled_from(list(Role))
kinds = st.sampled_from(list(KINDS))
statuses = st.sampled_from(list(Status))
reasons = st.one_of(st.just(""), st.text(max_size=20), st.text(min_size=495, max_size=510))
steps = st.lists(st.tuples(roles, statuses, reasons), max_size=30)


@settings(max_examples=300, deadline=None)
@given(kind=kinds, final=st.sampled_from([Status.FULLFORT, Status.AVBRUTT]),
       agreed=st.booleans(), attempts=steps)
def test_nothing_leaves_a_final_status(kind, final, agreed, attempts):
    m = facts(kind, final, agreed)
    for role, new, reason in attempts:
        with pytest.raises(RuleError):
            check_status_change(ACTORS[role], m, new, reason)
        assert next_statuses(ACTORS[role], m) == []


@settings(max_examples=300, deadline=None)
@given(kind=kinds, start=statuses, agreed=st.booleans(), attempts=steps)
def test_random_walk_final_is_absorbing(kind, start, agreed, attempts):
    """Apply every change the rules accept; once final, the status never moves again."""
    status = start
    reached_final_at = None
    for i, (role, new, reason) in enumerate(attempts):
        m = facts(kind, status, agreed)
        try:
            check_status_change(ACTORS[role], m, new, reason)
        except RuleError:
            continue
        assert reached_final_at is None, "a change was accepted after a final status"
        assert new != status
        assert role in MAY_CHANGE[kind] and not (agreed and role == Role.PERSON)
        status = new
        if status in FINAL_STATUSES:
            reached_final_at = i
    if start in FINAL_STATUSES:
        assert status == start


@settings(max_examples=200, deadline=None)
@given(kind=kinds, old=statuses, new=statuses, reason=reasons)
def test_person_never_changes_an_agreed_tiltak(kind, old, new, reason):
    with pytest.raises(RuleError) as exc:
        check_status_change(ACTORS[Role.PERSON], facts(kind, old, True), new, reason)
    assert exc.value.key == "error.measure_locked"


@settings(max_examples=200, deadline=None)
@given(role=roles, kind=kinds, old=statuses, new=statuses, agreed=st.booleans(), reason=reasons)
def test_accepted_reason_is_clean_and_short(role, kind, old, new, agreed, reason):
    try:
        out = check_status_change(ACTORS[role], facts(kind, old, agreed), new, reason)
    except RuleError:
        return
    assert out == reason.strip()
    assert len(out) <= REASON_MAX
    if agreed and new in FINAL_STATUSES:
        assert out
