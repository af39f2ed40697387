"""The access policy (ip_app.kernel.access): who may see which part of a plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ip_app.kernel.access import DENIED, Membership, PlanAccess, Viewer, plan_access
from ip_app.kernel.actor import Actor
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentFacts, ConsentStatus, Scope

TODAY = date(2025, 3, 15)
PERSON_ACC = 1
PERSON_PID = 10
NAV_OFFICE = 100
OTHER_OFFICE = 101

OWNER = Viewer(account_id=PERSON_ACC, kind="person", display_name="Kari")
VEILEDER = Viewer(account_id=2, kind="staff", org_id=NAV_OFFICE, org_kind="nav")
RELATIVE = Viewer(account_id=5, kind="relative")
STRANGER = Viewer(account_id=99, kind="staff", org_id=OTHER_OFFICE, org_kind="nav")

EVERY_SCOPE = frozenset({Scope.GOALS, Scope.OWN_MEASURES, Scope.ALL_MEASURES, Scope.DIALOG,
                         Scope.CONFIDENTIAL})
STAFF = [Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER]
RELATIVES = [Role.PARORENDE, Role.VERGE]


def granted(*scopes: Scope, until: date | None = None) -> ConsentFacts:
    return ConsentFacts(status=ConsentStatus.GRANTED, scopes=frozenset(scopes), valid_until=until)


def member(role: Role, consent: ConsentFacts | None, pid: int = 20, left: bool = False) -> Membership:
    return Membership(participant_id=pid, role=role, consent=consent, left=left)


# --------------------------------------------------------------------------- owner
def test_owner_sees_everything():
    acc = plan_access(OWNER, PERSON_ACC, member(Role.PERSON, None, pid=PERSON_PID), TODAY)
    assert acc.allowed and acc.is_owner
    assert acc.role == Role.PERSON
    assert acc.participant_id == PERSON_PID
    assert acc.scopes == EVERY_SCOPE
    assert all(acc.can(s) for s in Scope)


def test_owner_without_participant_row_still_sees_everything():
    acc = plan_access(OWNER, PERSON_ACC, None, TODAY)
    assert acc.allowed and acc.is_owner and acc.participant_id is None
    assert acc.scopes == EVERY_SCOPE


@pytest.mark.parametrize("status", list(ConsentStatus))
def test_owner_is_not_limited_by_any_consent_row(status):
    # consent is what the person gives others; it never limits the person
    m = member(Role.PERSON, ConsentFacts(status, frozenset(), valid_until=TODAY - timedelta(days=9)),
               pid=PERSON_PID, left=True)
    acc = plan_access(OWNER, PERSON_ACC, m, TODAY)
    assert acc.allowed and acc.is_owner and acc.scopes == EVERY_SCOPE


def test_owner_sees_every_measure_even_office_restricted_ones():
    acc = plan_access(OWNER, PERSON_ACC, None, TODAY)
    assert acc.can_see_measure(None, None, None)
    assert acc.can_see_measure(77, None, None)
    assert acc.can_see_measure(77, NAV_OFFICE, None)
    assert acc.can_see_measure(None, NAV_OFFICE, OTHER_OFFICE)


# --------------------------------------------------------------------------- refused
def test_not_logged_in():
    acc = plan_access(None, PERSON_ACC, None, TODAY)
    assert not acc.allowed
    assert acc.reason == "not_logged_in"
    assert acc.role is None and acc.scopes == frozenset()
    assert not any(acc.can(s) for s in Scope)
    assert not acc.can_see_measure(None, None, None)


def test_not_logged_in_even_with_a_membership_passed():
    acc = plan_access(None, PERSON_ACC, member(Role.KOORDINATOR, granted(*EVERY_SCOPE)), TODAY)
    assert not acc.allowed and acc.reason == "not_logged_in"


def test_viewer_who_is_not_a_participant():
    acc = plan_access(STRANGER, PERSON_ACC, None, TODAY)
    assert acc == DENIED
    assert not acc.allowed and acc.reason == "not_participant"
    assert not any(acc.can(s) for s in Scope)
    assert not acc.can_see_measure(None, None, None)


@pytest.mark.parametrize("role", STAFF + RELATIVES)
def test_participant_who_left_sees_nothing(role):
    acc = plan_access(VEILEDER, PERSON_ACC, member(role, granted(*EVERY_SCOPE), left=True), TODAY)
    assert not acc.allowed and acc.reason == "not_participant"


def test_person_role_on_someone_elses_plan_is_refused():
    other_person = Viewer(account_id=3, kind="person")
    acc = plan_access(other_person, PERSON_ACC, member(Role.PERSON, granted(*EVERY_SCOPE)), TODAY)
    assert not acc.allowed and acc.reason == "bad_membership"
    assert not acc.is_owner


@pytest.mark.parametrize("role", STAFF + RELATIVES)
@pytest.mark.parametrize("consent", [
    None,
    ConsentFacts(ConsentStatus.REQUESTED, EVERY_SCOPE),
    ConsentFacts(ConsentStatus.DECLINED, EVERY_SCOPE),
    ConsentFacts(ConsentStatus.WITHDRAWN, EVERY_SCOPE),
    ConsentFacts(ConsentStatus.EXPIRED, EVERY_SCOPE),
    ConsentFacts(ConsentStatus.GRANTED, EVERY_SCOPE, valid_until=TODAY - timedelta(days=1)),
    ConsentFacts(ConsentStatus.GRANTED, frozenset()),
], ids=["none", "requested", "declined", "withdrawn", "expired", "granted_past_end", "granted_empty"])
def test_participant_without_active_consent_sees_nothing(role, consent):
    acc = plan_access(VEILEDER, PERSON_ACC, member(role, consent, pid=20), TODAY)
    assert not acc.allowed
    assert acc.reason == "no_consent"
    # the policy still says who they are (for the audit log / consent request UI)
    assert acc.role == role and acc.participant_id == 20
    assert acc.scopes == frozenset()
    assert not any(acc.can(s) for s in Scope)
    assert not acc.can_see_measure(20, None, NAV_OFFICE)


def test_consent_is_active_through_its_last_day():
    m = member(Role.VEILEDER, granted(Scope.GOALS, until=TODAY))
    assert plan_access(VEILEDER, PERSON_ACC, m, TODAY).allowed
    assert not plan_access(VEILEDER, PERSON_ACC, m, TODAY + timedelta(days=1)).allowed


# --------------------------------------------------------------------------- granted
@pytest.mark.parametrize("role", STAFF)
def test_staff_get_exactly_the_granted_scopes(role):
    scopes = (Scope.GOALS, Scope.DIALOG, Scope.CONFIDENTIAL)
    acc = plan_access(VEILEDER, PERSON_ACC, member(role, granted(*scopes), pid=20), TODAY)
    assert acc.allowed and not acc.is_owner
    assert acc.role == role and acc.participant_id == 20
    assert acc.scopes == frozenset(scopes)
    assert acc.can(Scope.CONFIDENTIAL) and acc.can(Scope.GOALS) and acc.can(Scope.DIALOG)
    assert not acc.can(Scope.ALL_MEASURES) and not acc.can(Scope.OWN_MEASURES)


@pytest.mark.parametrize("role", RELATIVES)
def test_relatives_never_get_the_confidential_scope(role):
    acc = plan_access(RELATIVE, PERSON_ACC, member(role, granted(*EVERY_SCOPE), pid=50), TODAY)
    assert acc.allowed
    assert acc.scopes == EVERY_SCOPE - {Scope.CONFIDENTIAL}
    assert not acc.can(Scope.CONFIDENTIAL)
    assert acc.can(Scope.DIALOG) and acc.can(Scope.GOALS)


@pytest.mark.parametrize("role", RELATIVES)
def test_relative_consented_only_confidential_gets_nothing_to_see(role):
    acc = plan_access(RELATIVE, PERSON_ACC, member(role, granted(Scope.CONFIDENTIAL), pid=50), TODAY)
    assert Scope.CONFIDENTIAL not in acc.scopes
    assert not any(acc.can(s) for s in Scope)
    assert not acc.can_see_measure(50, None, None)
    assert not acc.can_see_measure(None, None, None)


def test_can_is_false_when_not_allowed_whatever_the_scopes():
    acc = PlanAccess(allowed=False, role=Role.VEILEDER, participant_id=20, scopes=EVERY_SCOPE)
    assert not any(acc.can(s) for s in Scope)
    assert not acc.can_see_measure(20, None, None)


# --------------------------------------------------------------------------- measures
def access_with(*scopes: Scope, pid: int = 20, role: Role = Role.TJENESTEYTER) -> PlanAccess:
    return plan_access(VEILEDER, PERSON_ACC, member(role, granted(*scopes), pid=pid), TODAY)


def test_own_measures_scope_sees_only_own_measures():
    acc = access_with(Scope.OWN_MEASURES, pid=20)
    assert acc.can_see_measure(20, None, None)
    assert not acc.can_see_measure(21, None, None)
    assert not acc.can_see_measure(None, None, None)  # nobody responsible is not "own"


def test_all_measures_scope_sees_every_measure():
    acc = access_with(Scope.ALL_MEASURES, pid=20)
    for responsible in (20, 21, None):
        assert acc.can_see_measure(responsible, None, None)


def test_no_measure_scope_sees_no_measure():
    acc = access_with(Scope.GOALS, Scope.DIALOG, Scope.CONFIDENTIAL, pid=20)
    assert acc.allowed
    for responsible in (20, 21, None):
        assert not acc.can_see_measure(responsible, None, NAV_OFFICE)


@pytest.mark.parametrize("scope", [Scope.ALL_MEASURES, Scope.OWN_MEASURES])
def test_office_restriction(scope):
    acc = access_with(scope, pid=20, role=Role.VEILEDER)
    assert acc.can_see_measure(20, NAV_OFFICE, NAV_OFFICE)
    assert not acc.can_see_measure(20, NAV_OFFICE, OTHER_OFFICE)
    assert not acc.can_see_measure(20, NAV_OFFICE, None)  # no office: not that office


def test_office_restriction_beats_all_measures_and_own_responsibility():
    acc = access_with(*EVERY_SCOPE, pid=20, role=Role.KOORDINATOR)
    assert not acc.can_see_measure(20, NAV_OFFICE, OTHER_OFFICE)


def test_actor_from_access():
    acc = access_with(Scope.GOALS, pid=20, role=Role.KOORDINATOR)
    assert acc.actor(VEILEDER) == Actor(account_id=2, role=Role.KOORDINATOR, participant_id=20,
                                        org_kind="nav", org_id=NAV_OFFICE)
    owner = plan_access(OWNER, PERSON_ACC, member(Role.PERSON, None, pid=PERSON_PID), TODAY)
    assert owner.actor(OWNER) == Actor(account_id=PERSON_ACC, role=Role.PERSON,
                                       participant_id=PERSON_PID)


def test_actor_refused_without_access():
    with pytest.raises(AssertionError):
        DENIED.actor(STRANGER)


# --------------------------------------------------------------------------- properties
scope_sets = st.frozensets(st.sampled_from(list(Scope)))
consent_statuses = st.sampled_from(list(ConsentStatus))
offsets = st.one_of(st.none(), st.integers(min_value=-400, max_value=400))


@settings(max_examples=400, deadline=None)
@given(role=st.sampled_from(STAFF + RELATIVES), status=consent_statuses, scopes=scope_sets,
       offset=offsets, left=st.booleans())
def test_participant_scopes_never_exceed_active_consent(role, status, scopes, offset, left):
    until = None if offset is None else TODAY + timedelta(days=offset)
    consent = ConsentFacts(status, scopes, until)
    acc = plan_access(VEILEDER, PERSON_ACC, member(role, consent, left=left), TODAY)
    active = (status == ConsentStatus.GRANTED and (until is None or until >= TODAY)
              and not left)
    if not active or not scopes:
        assert not acc.allowed
        assert not any(acc.can(s) for s in Scope)
        return
    expected = scopes if role in STAFF else scopes - {Scope.CONFIDENTIAL}
    assert acc.scopes == expected
    assert acc.role == role and not acc.is_owner
    assert all(acc.can(s) == (s in expected) for s in Scope)


@settings(max_examples=200, deadline=None)
@given(role=st.sampled_from(RELATIVES), scopes=scope_sets)
def test_relatives_never_confidential_property(role, scopes):
    acc = plan_access(RELATIVE, PERSON_ACC, member(role, granted(*scopes)), TODAY)
    assert Scope.CONFIDENTIAL not in acc.scopes
    assert not acc.can(Scope.CONFIDENTIAL)


@settings(max_examples=300, deadline=None)
@given(scopes=scope_sets.filter(bool), responsible=st.one_of(st.none(), st.integers(18, 22)),
       restricted=st.one_of(st.none(), st.sampled_from([NAV_OFFICE, OTHER_OFFICE])),
       viewer_org=st.one_of(st.none(), st.sampled_from([NAV_OFFICE, OTHER_OFFICE])))
def test_can_see_measure_table(scopes, responsible, restricted, viewer_org):
    acc = access_with(*scopes, pid=20, role=Role.VEILEDER)
    if restricted is not None and restricted != viewer_org:
        want = False
    elif Scope.ALL_MEASURES in scopes:
        want = True
    else:
        want = Scope.OWN_MEASURES in scopes and responsible == 20
    assert acc.can_see_measure(responsible, restricted, viewer_org) is want
