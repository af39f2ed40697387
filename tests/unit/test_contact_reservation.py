"""Reserved against digital contact in KRR, set and lifted by staff (issue 22): who may,
what a form must say, and that every change is kept beside the current value."""

from __future__ import annotations


import pytest
from sqlmodel import select

from ip_app.kernel import clock
from ip_app.kernel.forms import FormError
from ip_app.kernel.models import Account, ContactReservationEvent
from ip_app.kernel.plan_access import access_for
from ip_app.notify import data as notify_data
from ip_app.team import data as team
from ip_app.team.rules import check_reservation, may_set_contact_reservation
from ip_app.team.view import build_team_page


@pytest.mark.parametrize("username,may", [
    ("veileder", True),  # NAV's veileder in Amina's plan
    ("koordinator", False),  # manages the ansvarsgruppe, but answers not for NAV's contact
    ("laerer", False), ("parorende", False), ("amina", False), ("veileder2", False),
])
def test_only_navs_veileder_in_the_plan_may_set_it(s, demo, username, may):
    viewer = demo.viewer(s, username)
    _, access = access_for(s, viewer, demo.plan(s, "amina").id, clock.today())
    assert may_set_contact_reservation(access.role if access.allowed else None,
                                       viewer.org_kind) is may


@pytest.mark.parametrize("form,current,errors", [
    ({"reserved": "1", "reason": ""}, False, {"krr_reason": "team.error_reason"}),
    ({"reserved": "1", "reason": "Sjekket KRR"}, True, {"krr": "team.krr_error_same"}),
    ({"reserved": "ja", "reason": "Sjekket KRR"}, False, {"krr": "team.krr_error_choice"}),
    ({"reason": "Sjekket KRR"}, False, {"krr": "team.krr_error_choice"}),
])
def test_a_form_that_says_nothing_new_or_no_reason_is_refused(form, current, errors):
    with pytest.raises(FormError) as exc:
        check_reservation(form, current)
    assert exc.value.errors == errors



def _team_page(s, plan, access, org_kind=""):
    """The ansvarsgruppe page as its state builds it (team/state.py)."""
    from ip_app.team.data import load_page
    person = s.get(Account, plan.person_id)
    return build_team_page(load_page(s, plan, clock.today()), access, person.display_name,
                           "nb", org_kind)

def test_set_and_lifted_each_leave_a_row_and_the_flag_follows(s, demo):
    plan = demo.plan(s, "amina")
    veileder = demo.viewer(s, "veileder")
    amina = s.get(Account, plan.person_id)
    assert not amina.contact_reserved
    wanted, reason = check_reservation({"reserved": "1", "reason": " Sjekket KRR i dag "},
                                       amina.contact_reserved)
    team.set_contact_reserved(s, plan=plan, reserved=wanted, reason=reason,
                              by_id=veileder.account_id, by_role="veileder")
    assert s.get(Account, plan.person_id).contact_reserved
    # what the notifier reads about her before it sends (a letter instead of e-mail/SMS)
    assert notify_data.contacts(s, [amina.id])[amina.id].reserved
    wanted, reason = check_reservation({"reserved": "0", "reason": "Ikke lenger reservert"},
                                       True)
    team.set_contact_reserved(s, plan=plan, reserved=wanted, reason=reason,
                              by_id=veileder.account_id, by_role="veileder")
    assert not s.get(Account, plan.person_id).contact_reserved
    rows = s.exec(select(ContactReservationEvent)
                  .where(ContactReservationEvent.account_id == amina.id)
                  .order_by(ContactReservationEvent.id)).all()
    assert [(r.reserved, r.reason, r.by_id, r.plan_id) for r in rows] == [
        (True, "Sjekket KRR i dag", veileder.account_id, plan.id),
        (False, "Ikke lenger reservert", veileder.account_id, plan.id)]

    # the page: the person reads what holds now and both changes, who and why
    _, access = access_for(s, demo.viewer(s, "amina"), plan.id, clock.today())
    page = _team_page(s, plan, access)
    assert page.reserved is False and not page.can_set_reserved
    assert page.reserved_text.startswith("Du får varsler på e-post eller SMS")
    assert [h.reason for h in page.reserved_history] == [
        "Grunn: Ikke lenger reservert", "Grunn: Sjekket KRR i dag"]
    assert page.reserved_history[0].text.startswith("Kari Nordmann (NAV-veileder) fjernet")
    _, access = access_for(s, veileder, plan.id, clock.today())
    assert _team_page(s, plan, access, veileder.org_kind).can_set_reserved
