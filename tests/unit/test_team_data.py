"""The ansvarsgruppe in the database: an invited participant shows in the plan only after
the person's yes; a removed one loses access at once; NAV's part moves with its consent."""

from __future__ import annotations


from sqlmodel import select

from ip_app.kernel import clock
from ip_app.consent import data as dc
from ip_app.kernel.models import Participant, TeamEvent
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.data import load_plan
from ip_app.team import data as team


def _names(s, demo, username: str, person: str = "amina") -> set[str]:
    plan = demo.plan(s, person)
    viewer = demo.viewer(s, username)
    p, access = access_for(s, viewer, plan.id, clock.today())
    return {x.name for x in load_plan(s, p, access, viewer).participants} if access.allowed \
        else set()


def test_invited_shows_after_the_yes_and_leaves_at_once(s, demo):
    plan, today = demo.plan(s, "amina"), clock.today()
    nils = demo.account(s, "veileder2")
    koord = demo.account(s, "koordinator")
    c = team.invite(s, plan=plan, account=nils, role=Role.TJENESTEYTER,
                    scopes=frozenset({Scope.GOALS}), by_id=koord.id, by_role="koordinator",
                    today=today)
    assert "Nils Vik" not in _names(s, demo, "amina")
    assert not access_for(s, demo.viewer(s, "veileder2"), plan.id, today)[1].allowed
    dc.approve(s, consent_id=c.id, based_on_version=c.version, by_id=plan.person_id, today=today)
    assert "Nils Vik" in _names(s, demo, "amina")
    assert access_for(s, demo.viewer(s, "veileder2"), plan.id, today)[1].allowed
    part = s.get(Participant, c.participant_id)
    team.remove(s, plan=plan, participant=part, by_id=koord.id, by_role="koordinator",
                reason="Trengs ikke lenger.")
    assert not access_for(s, demo.viewer(s, "veileder2"), plan.id, today)[1].allowed
    assert "Nils Vik" not in _names(s, demo, "amina")
    kinds = [e.kind for e in s.exec(select(TeamEvent).where(TeamEvent.plan_id == plan.id))]
    assert kinds == ["invited", "removed"]
    assert s.get(Participant, part.id) is not None  # kept, with left_at


def test_nav_part_moves_to_another_veileder_with_its_consent(s, demo):
    plan, today = demo.plan(s, "amina"), clock.today()
    old = demo.participant(s, "amina", "veileder")
    nils = demo.account(s, "veileder2")
    koord = demo.account(s, "koordinator")
    assert not access_for(s, demo.viewer(s, "veileder2"), plan.id, today)[1].allowed
    new = team.hand_over(s, plan=plan, old=old, new_account=nils, by_id=koord.id,
                         by_role="koordinator", reason="Kari slutter.", today=today)
    assert new.contribution == old.contribution
    assert access_for(s, demo.viewer(s, "veileder2"), plan.id, today)[1].allowed
    assert not access_for(s, demo.viewer(s, "veileder"), plan.id, today)[1].allowed
    line = team.events(s, plan.id)[0]
    assert (line.kind, line.name, line.previous_name, line.reason) == (
        "nav_handover", "Nils Vik", "Kari Nordmann", "Kari slutter.")
