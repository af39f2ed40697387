"""Writing samtykke (ip_app.consent.data): decisions, events, locks, minors, expiry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.consent import data as cd
from ip_app.consent.rules import may_decide
from ip_app.kernel import db
from ip_app.kernel.models import Account, Consent, ConsentEvent, Participant, Plan
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus, Scope


def _count(s: Session, model) -> int:
    return s.exec(select(sa.func.count()).select_from(model)).one()


def _consent(s, demo, person: str, username: str) -> Consent:
    return cd.latest_for(s, demo.participant(s, person, username).id)


def _events(s, consent_id: int) -> list[ConsentEvent]:
    return cd.events_for(s, [consent_id])[consent_id]


def _ids(s, demo, *names):
    return [demo.account(s, n).id for n in names]


# --- approving, all or fewer -------------------------------------------------------------


def test_relative_request_is_pending_in_the_demo(s, demo):
    c = _consent(s, demo, "amina", "parorende")
    assert c.status == ConsentStatus.REQUESTED and c.version == 1
    assert c.scopes == "dialog,goals"
    lines = cd.pending(s, demo.plan(s, "amina").id)
    assert [ln.account.username for ln in lines] == ["parorende"]
    assert [e.action for e in lines[0].history] == ["requested"]


def test_person_approves_everything_asked(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "parorende")
    events_before = _count(s, ConsentEvent)
    got = cd.approve(s, consent_id=c.id, based_on_version=1, by_id=amina, today=today)
    assert got.status == ConsentStatus.GRANTED and got.version == 2
    assert got.scopes == "dialog,goals" and got.decided_by_id == amina
    assert got.decided_at is not None
    assert _count(s, ConsentEvent) == events_before + 1
    last = _events(s, c.id)[-1]
    assert (last.action, last.scopes, last.by_id) == ("granted", "dialog,goals", amina)
    _, access = access_for(s, demo.viewer(s, "parorende"), c.plan_id, today)
    assert access.allowed and access.scopes == {Scope.GOALS, Scope.DIALOG}
    assert cd.pending(s, c.plan_id) == []


def test_person_approves_fewer_scopes(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "parorende")
    got = cd.approve(s, consent_id=c.id, based_on_version=1, by_id=amina, today=today,
                     scopes=["goals"])
    assert got.scopes == "goals" and got.status == ConsentStatus.GRANTED
    assert _events(s, c.id)[-1].scopes == "goals"
    _, access = access_for(s, demo.viewer(s, "parorende"), c.plan_id, today)
    assert access.scopes == {Scope.GOALS}


@pytest.mark.parametrize("scopes,key", [
    ([], "error.consent_no_scopes"),
    (["goals", "all_measures"], "error.consent_more_than_asked"),
    (["goals", "admin"], "error.consent_scope_unknown"),
])
def test_approving_with_bad_scopes_changes_nothing(s, demo, today, scopes, key):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "parorende")
    events_before = _count(s, ConsentEvent)
    with pytest.raises(cd.ConsentError) as err:
        cd.approve(s, consent_id=c.id, based_on_version=1, by_id=amina, today=today,
                   scopes=scopes)
    assert err.value.key == key
    s.refresh(c)
    assert (c.status, c.version, c.scopes) == ("requested", 1, "dialog,goals")
    assert _count(s, ConsentEvent) == events_before


def test_decline(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "parorende")
    got = cd.decline(s, consent_id=c.id, based_on_version=1, by_id=amina, today=today)
    assert got.status == ConsentStatus.DECLINED and got.version == 2
    assert [e.action for e in _events(s, c.id)] == ["requested", "declined"]
    _, access = access_for(s, demo.viewer(s, "parorende"), c.plan_id, today)
    assert not access.allowed
    # an answered request cannot be answered again
    with pytest.raises(cd.ConsentError) as err:
        cd.approve(s, consent_id=c.id, based_on_version=2, by_id=amina, today=today)
    assert err.value.key == "error.consent_not_pending"


# --- withdrawing and changing -----------------------------------------------------------


def test_withdraw_takes_effect_at_once_and_keeps_history(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "veileder")
    consents_before = _count(s, Consent)
    got = cd.withdraw(s, consent_id=c.id, based_on_version=c.version, by_id=amina, today=today)
    assert got.status == ConsentStatus.WITHDRAWN
    assert [e.action for e in _events(s, c.id)] == ["requested", "granted", "withdrawn"]
    assert _count(s, Consent) == consents_before  # nothing deleted, nothing added
    _, access = access_for(s, demo.viewer(s, "veileder"), c.plan_id, today)
    assert not access.allowed and access.reason == "no_consent"
    with pytest.raises(cd.ConsentError) as err:
        cd.withdraw(s, consent_id=c.id, based_on_version=got.version, by_id=amina, today=today)
    assert err.value.key == "error.consent_not_active"


def test_change_scopes_and_end_date(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "laerer")
    until = today + timedelta(days=30)
    got = cd.change(s, consent_id=c.id, based_on_version=c.version, by_id=amina, today=today,
                    scopes=["goals"], valid_until=until)
    assert got.scopes == "goals" and got.valid_until == until and got.status == "granted"
    last = _events(s, c.id)[-1]
    assert (last.action, last.scopes, last.valid_until) == ("changed", "goals", until)
    with pytest.raises(cd.ConsentError) as err:
        cd.change(s, consent_id=c.id, based_on_version=got.version, by_id=amina, today=today,
                  scopes=["goals"], valid_until=until)
    assert err.value.key == "error.consent_nothing_changed"


def test_change_refuses_an_end_date_in_the_past(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "laerer")
    with pytest.raises(cd.ConsentError) as err:
        cd.change(s, consent_id=c.id, based_on_version=c.version, by_id=amina, today=today,
                  valid_until=today - timedelta(days=1))
    assert err.value.key == "error.consent_until_past"
    s.refresh(c)
    assert c.valid_until is not None and c.valid_until > today


def test_stale_version_is_refused(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "parorende")
    cd.approve(s, consent_id=c.id, based_on_version=1, by_id=amina, today=today,
               scopes=["goals"])
    events_before = _count(s, ConsentEvent)
    # a second tab still showing version 1
    with pytest.raises(cd.StaleConsent) as err:
        cd.decline(s, consent_id=c.id, based_on_version=1, by_id=amina, today=today)
    assert err.value.key == "error.consent_stale" and err.value.current.version == 2
    s.refresh(c)
    assert (c.status, c.version) == ("granted", 2)
    assert _count(s, ConsentEvent) == events_before


def test_racing_writers_cannot_both_win(fresh_db, demo, today):
    """Two sessions read version 2 and both try: the UPDATE ... WHERE version guard wins."""
    with db.session() as s:
        c = _consent(s, demo, "amina", "veileder")
        amina = demo.account(s, "amina").id
        cid, v = c.id, c.version
    with Session(db.engine()) as s1:
        cd.withdraw(s1, consent_id=cid, based_on_version=v, by_id=amina, today=today)
        s1.commit()
    with Session(db.engine()) as s2:
        c2 = s2.get(Consent, cid)
        # bypass the early check to hit the atomic guard, as a second worker could
        with pytest.raises(cd.StaleConsent):
            cd._update(s2, c2, v, status="granted")
        s2.rollback()
    with Session(db.engine()) as s:
        assert s.get(Consent, cid).status == "withdrawn"
        assert [e.action for e in _events(s, cid)] == ["requested", "granted", "withdrawn"]


# --- who may decide ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["veileder", "koordinator", "parorende", "emil"])
def test_others_may_not_decide(s, demo, today, who):
    c = _consent(s, demo, "amina", "parorende")
    with pytest.raises(cd.ConsentError) as err:
        cd.approve(s, consent_id=c.id, based_on_version=1, by_id=demo.account(s, who).id,
                   today=today)
    assert err.value.key == "error.not_allowed"
    s.refresh(c)
    assert (c.status, c.version) == ("requested", 1)


def _minor_with_guardian(s, demo, today, age: int):
    """A young person of `age` with a plan, a guardian (verge) and a pending request."""
    amina = demo.account(s, "amina")
    young = Account(username=f"ung{age}", display_name="Ung Person", kind="person",
                    birth_date=date(today.year - age, 1, 1))  # exactly `age` today
    mother = Account(username=f"mor{age}", display_name="Mor Person", kind="relative")
    s.add(young)
    s.add(mother)
    s.flush()
    plan = Plan(person_id=young.id, title="Ung")
    s.add(plan)
    s.flush()
    for acct, role in ((young, Role.PERSON), (mother, Role.VERGE),
                       (demo.account(s, "veileder"), Role.VEILEDER)):
        s.add(Participant(plan_id=plan.id, account_id=acct.id, role=str(role)))
    s.flush()
    veil = s.exec(select(Participant).where(Participant.plan_id == plan.id,
                                            Participant.role == "veileder")).one()
    c = cd.request_consent(s, participant_id=veil.id, scopes=["goals", "all_measures"],
                           valid_until=today + timedelta(days=90), by_id=amina.id, today=today)
    return young, mother, plan, c


def test_below_16_only_the_guardian_decides(s, demo, today):
    young, mother, plan, c = _minor_with_guardian(s, demo, today, 14)
    assert not cd.may_decide_for(s, plan, young.id, today)
    assert cd.may_decide_for(s, plan, mother.id, today)
    with pytest.raises(cd.ConsentError) as err:
        cd.approve(s, consent_id=c.id, based_on_version=1, by_id=young.id, today=today)
    assert err.value.key == "error.not_allowed"
    got = cd.approve(s, consent_id=c.id, based_on_version=1, by_id=mother.id, today=today,
                     scopes=["goals"])
    assert got.status == "granted" and got.decided_by_id == mother.id
    # the young person sees what was agreed
    [line] = [ln for ln in cd.overview(s, plan.id) if ln.participant.role == "veileder"]
    assert line.consent.scopes == "goals"
    assert [(e.action, e.by_id) for e in line.history] == [
        ("requested", demo.account(s, "amina").id), ("granted", mother.id)]


def test_from_16_the_person_decides_and_the_guardian_no_longer(s, demo, today):
    young, mother, plan, c = _minor_with_guardian(s, demo, today, 16)
    assert cd.may_decide_for(s, plan, young.id, today)
    assert not cd.may_decide_for(s, plan, mother.id, today)
    with pytest.raises(cd.ConsentError):
        cd.decline(s, consent_id=c.id, based_on_version=1, by_id=mother.id, today=today)
    assert cd.decline(s, consent_id=c.id, based_on_version=1, by_id=young.id,
                      today=today).status == "declined"


def test_may_decide_rule():
    assert may_decide(is_person=True, is_guardian=False, person_consents_for_self=True)
    assert not may_decide(is_person=False, is_guardian=True, person_consents_for_self=True)
    assert may_decide(is_person=False, is_guardian=True, person_consents_for_self=False)
    assert not may_decide(is_person=True, is_guardian=False, person_consents_for_self=False)


# --- requests and expiry ------------------------------------------------------------------


def test_request_while_one_is_in_force_is_refused(s, demo, today):
    part = demo.participant(s, "amina", "veileder")
    with pytest.raises(cd.ConsentError) as err:
        cd.request_consent(s, participant_id=part.id, scopes=["goals"], valid_until=None,
                           by_id=demo.account(s, "veileder").id, today=today)
    assert err.value.key == "error.consent_exists"


def test_new_request_after_withdrawal_keeps_the_old_history(s, demo, today):
    amina, veil = _ids(s, demo, "amina", "veileder")
    old = _consent(s, demo, "amina", "veileder")
    cd.withdraw(s, consent_id=old.id, based_on_version=old.version, by_id=amina, today=today)
    new = cd.request_consent(s, participant_id=old.participant_id, scopes=["goals", "dialog"],
                             valid_until=today + timedelta(days=10), by_id=veil, today=today)
    assert new.id != old.id and new.status == "requested"
    line = next(ln for ln in cd.overview(s, old.plan_id) if ln.participant.id == old.participant_id)
    assert line.consent.id == new.id
    assert [e.action for e in line.history] == ["requested", "granted", "withdrawn", "requested"]


def test_expired_consent_is_computed_and_can_be_renewed(s, demo, today):
    amina, = _ids(s, demo, "amina")
    c = _consent(s, demo, "amina", "laerer")
    c.valid_until = today - timedelta(days=1)
    s.add(c)
    s.flush()
    assert c.status == "granted" and cd.status_on(c, today) == ConsentStatus.EXPIRED
    _, access = access_for(s, demo.viewer(s, "laerer"), c.plan_id, today)
    assert not access.allowed
    # a new request is possible once it has expired; so is renewing the old one
    got = cd.change(s, consent_id=c.id, based_on_version=c.version, by_id=amina, today=today,
                    valid_until=today + timedelta(days=60))
    assert cd.status_on(got, today) == ConsentStatus.GRANTED
    _, access = access_for(s, demo.viewer(s, "laerer"), c.plan_id, today)
    assert access.allowed


def test_request_with_a_past_end_date_is_refused(s, demo, today):
    amina, = _ids(s, demo, "amina")
    old = _consent(s, demo, "amina", "laerer")
    cd.withdraw(s, consent_id=old.id, based_on_version=old.version, by_id=amina, today=today)
    with pytest.raises(cd.ConsentError) as err:
        cd.request_consent(s, participant_id=old.participant_id, scopes=["goals"],
                           valid_until=today - timedelta(days=3), by_id=amina, today=today)
    assert err.value.key == "error.consent_until_past"


def test_unknown_consent_is_refused_like_a_foreign_one(s, demo, today):
    with pytest.raises(cd.ConsentError) as err:
        cd.withdraw(s, consent_id=999_999, based_on_version=1,
                    by_id=demo.account(s, "amina").id, today=today)
    assert err.value.key == "error.not_allowed"


def test_person_cannot_decide_on_another_persons_plan(s, demo, today):
    c = _consent(s, demo, "emil", "veileder")
    with pytest.raises(cd.ConsentError):
        cd.withdraw(s, consent_id=c.id, based_on_version=c.version,
                    by_id=demo.account(s, "amina").id, today=today)
    s.refresh(c)
    assert c.status == "granted"
