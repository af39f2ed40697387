"""Staff accounts, invitation links and people by fødselsnummer, in the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ip_app.kernel import clock
from ip_app.auth import invitations
from ip_app.kernel.accounts import attempt_login, start_session, account_for_token
from ip_app.kernel.forms import FormError
from ip_app.kernel.models import Account, Organisation
from ip_app.kernel.passwords import verify_password
from ip_app.people import data as people
from ip_app.people.fnr import parse_fnr
from ip_app.staff import data as staff
from ip_app.staff.rules import NewStaff, StaffRole
from tests.unit.test_fnr import _valid


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("IP_FNR_KEY", "test key")


def _org(s) -> Organisation:
    return s.exec(select(Organisation).where(Organisation.name == "NAV Molde")).one()


def test_a_person_is_stored_with_the_hash_and_found_by_the_number_only(s):
    fnr = parse_fnr(_valid("140397"))
    a = people.create_person(s, fnr=fnr, name="Leila Test")
    assert a.birth_date == date(1997, 3, 14)
    stored = " ".join(str(v) for v in a.model_dump().values())
    assert fnr.value not in stored and fnr.value[6:] not in stored
    assert people.person_by_fnr(s, fnr).id == a.id
    assert people.person_by_fnr(s, parse_fnr(_valid("140397", 200))) is None
    assert [h.account_id for h in people.search(s, fnr=fnr)] == [a.id]
    assert a.id in [h.account_id for h in people.search(s, born=date(1997, 3, 14))]
    assert [h.name for h in people.search(s, name="leila")] == ["Leila Test"]
    amina = people.search(s, name="amina yusuf")
    assert len(amina) == 1 and amina[0].plan_id is not None
    assert people.search(s, name="%") == [] or all("%" in h.name for h in people.search(s, name="%"))


def test_a_staff_account_is_made_without_a_password_and_set_by_a_single_use_link(s):
    org = _org(s)
    admin = s.exec(select(Account).where(Account.username == "veileder")).one()
    new = NewStaff("Berit Ny", "berit", "Koordinator", "", frozenset({StaffRole.KOORDINATOR}))
    a = staff.create_staff(s, org_id=org.id, new=new)
    assert a.password_hash == "" and a.staff_roles == "koordinator"
    with pytest.raises(FormError):
        staff.create_staff(s, org_id=org.id, new=new)  # the username is taken
    assert not attempt_login(s, "berit", "").ok
    token = invitations.create_invitation(s, account_id=a.id, by_id=admin.id)
    assert invitations.use(s, token, "et langt passord") is not None
    assert verify_password(a.password_hash, "et langt passord")
    assert invitations.use(s, token, "et annet passord") is None  # used once
    assert verify_password(a.password_hash, "et langt passord")
    assert attempt_login(s, "berit", "et langt passord").ok


def test_an_expired_or_replaced_link_does_not_work(s):
    org = _org(s)
    admin = s.exec(select(Account).where(Account.username == "veileder")).one()
    a = staff.create_staff(s, org_id=org.id, new=NewStaff(
        "Per Ny", "perny", "", "", frozenset({StaffRole.VEILEDER})))
    old = invitations.create_invitation(s, account_id=a.id, by_id=admin.id)
    newer = invitations.create_invitation(s, account_id=a.id, by_id=admin.id)
    assert invitations.usable(s, old) is None
    later = invitations.usable(s, newer)[0].expires_at + timedelta(seconds=1)
    assert invitations.use(s, newer, "et langt passord", now=later) is None
    assert invitations.use(s, "no-such-token", "et langt passord") is None


def test_deactivation_ends_sessions_and_logins(s):
    a = s.exec(select(Account).where(Account.username == "laerer")).one()
    token = start_session(s, a.id)
    s.flush()
    assert account_for_token(s, token) is not None
    assert staff.deactivate(s, a) >= 1
    assert account_for_token(s, token) is None
    result = attempt_login(s, "laerer", "demo")
    assert not result.ok and result.error == "login.error_deactivated"


def test_a_plan_starts_once_per_person_with_the_starter_in_it(s):
    from ip_app.kernel.models import Consent, Goal, Participant, Plan, PlanBasis
    from ip_app.plan_start.data import PlanExists, start_plan
    from ip_app.plan_start.rules import check_plan_start
    from ip_app.kernel.roles import Role

    today = clock.today()
    form = {"basis_individuell_plan": "on", "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=365)).isoformat(),
            "first_evaluation": (today + timedelta(days=90)).isoformat(),
            "goal": "Jeg vil lære norsk.", "consent": "on"}
    start = check_plan_start(form, today)
    koord = s.exec(select(Account).where(Account.username == "koordinator")).one()
    person = people.create_person(s, fnr=parse_fnr(_valid("010190")), name="Leila Test")
    plan = start_plan(s, person=person, starter=koord, role=Role.KOORDINATOR, start=start,
                      today=today)
    parts = s.exec(select(Participant).where(Participant.plan_id == plan.id)).all()
    assert sorted(p.role for p in parts) == ["koordinator", "person"]
    mine = next(p for p in parts if p.role == "koordinator")
    assert plan.coordinator_participant_id == mine.id
    c = s.exec(select(Consent).where(Consent.participant_id == mine.id)).one()
    assert (c.status, c.valid_until) == ("granted", start.period_end)
    assert [b.basis for b in s.exec(select(PlanBasis).where(PlanBasis.plan_id == plan.id))] \
        == ["individuell_plan"]
    assert [g.text for g in s.exec(select(Goal).where(Goal.plan_id == plan.id))] \
        == ["Jeg vil lære norsk."]
    with pytest.raises(PlanExists) as e:
        start_plan(s, person=person, starter=koord, role=Role.KOORDINATOR, start=start,
                   today=today)
    assert e.value.plan_id == plan.id
    assert len(s.exec(select(Plan).where(Plan.person_id == person.id)).all()) == 1


def test_the_first_id_porten_login_finds_the_person_by_the_number(s, monkeypatch):
    from ip_app.auth.external_ids import account_for_subject

    monkeypatch.setenv("IP_OIDC_SUBJECT_KEY", "subject key")
    n = _valid("020202", 500)
    a = people.create_person(s, fnr=parse_fnr(n), name="Ida Test")
    assert people.link_started_person(s, _valid("030303", 500)) is None  # nobody has it
    assert people.link_started_person(s, "not a number") is None
    assert people.link_started_person(s, n).id == a.id
    assert account_for_subject(s, "person", "pid", n).id == a.id  # linked for later logins
