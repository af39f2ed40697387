"""Issue 17, findings 1, 4 and the kode 6 part of 9: what of a plan a participant may see.

- 1: the dialog names a tiltak ("Om: …") only to those who may see it, and a thread about a
  hidden tiltak cannot be started;
- 4: "hvem gjør hva" follows the consent scopes (kernel/disclosure.py), in the data layer;
- 9: a protected address (kode 6) hides the relatives' contact details and meeting places.
The browser-level check of all of it is tests/e2e/test_leak_matrix.py.
"""

from __future__ import annotations

from sqlmodel import Session, select

from ip_app.dialog import data as dd
from test_dialog import _dialog_list, _dialog_thread
from ip_app.export.data import load_calendar
from ip_app.export.view import plan_ics
from ip_app.kernel import db
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.disclosure import may_read_contribution, may_see_contact, may_see_meeting_place
from ip_app.kernel.models import Consent, Measure, Meeting, Message, Thread
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.data import load_page, load_plan, visible_measure
from ip_app.plan.view import build_page

CID = "client-id-0001"
IPS_BEHANDLING = "Samtalebehandling ved DPS Molde"  # the behandler's tiltak in Emil's plan
BEHANDLER_PART = "Behandling for angst og søvnvansker ved DPS Molde"


def _ctx(s: Session, demo, viewer_name: str, person: str, today):
    viewer = demo.viewer(s, viewer_name)
    plan = demo.plan(s, person)
    _, access = access_for(s, viewer, plan.id, today)
    return viewer, plan, access


def _measure(s: Session, title: str) -> Measure:
    return s.exec(select(Measure).where(Measure.title == title)).one()


def _narrow(s: Session, demo, person: str, username: str, scopes: str) -> None:
    part = demo.participant(s, person, username)
    c = s.exec(select(Consent).where(Consent.participant_id == part.id)
               .order_by(Consent.id.desc())).first()
    c.scopes = scopes
    s.add(c)
    s.flush()


def _protect(s: Session, demo, username: str) -> None:
    a = demo.account(s, username)
    a.protection = "kode6"
    s.add(a)
    s.flush()


# --- the rules ------------------------------------------------------------------------


def _access(role: Role, *scopes: Scope, participant_id: int = 5) -> PlanAccess:
    return PlanAccess(allowed=True, role=role, participant_id=participant_id,
                      scopes=frozenset(scopes))


def test_contribution_rule():
    owner = PlanAccess(allowed=True, role=Role.PERSON, participant_id=1, scopes=frozenset(Scope))
    own_only = _access(Role.TJENESTEYTER, Scope.GOALS, Scope.OWN_MEASURES, Scope.DIALOG)
    assert may_read_contribution(owner, 9)
    assert may_read_contribution(own_only, 5)  # one's own part
    assert not may_read_contribution(own_only, 9)  # not another's, even with the goals
    assert may_read_contribution(_access(Role.KOORDINATOR, Scope.ALL_MEASURES), 9)
    assert not may_read_contribution(_access(Role.VEILEDER, Scope.DIALOG), 9)
    assert not may_read_contribution(PlanAccess(allowed=False), 9)


def test_contact_rule():
    dialog_only = _access(Role.TJENESTEYTER, Scope.DIALOG)
    working = _access(Role.TJENESTEYTER, Scope.OWN_MEASURES)
    owner = PlanAccess(allowed=True, role=Role.PERSON, participant_id=1, scopes=frozenset(Scope))

    def sees(access, role, *, protected=False, person_protected=False, who=2):
        return may_see_contact(access, viewer_account_id=1 if access is owner else 7,
                               account_id=who, role=role, protected=protected,
                               person_protected=person_protected)

    assert sees(dialog_only, Role.VEILEDER)  # a work phone
    assert not sees(dialog_only, Role.PERSON)  # "talk with me here", not "call me"
    assert sees(working, Role.PERSON) and sees(working, Role.PARORENDE)
    assert not sees(working, Role.PERSON, protected=True)
    # a protected person's relatives: only the person (and the relative themself)
    assert not sees(working, Role.PARORENDE, person_protected=True)
    assert not sees(_access(Role.VEILEDER, *Scope), Role.VERGE, person_protected=True)
    assert sees(owner, Role.VERGE, person_protected=True)
    assert may_see_contact(working, viewer_account_id=7, account_id=7, role=Role.PARORENDE,
                           protected=True, person_protected=True)


def test_meeting_place_rule():
    def sees(access, *, created_by=3, protected=True, coordinator=None):
        return may_see_meeting_place(access, viewer_account_id=7, created_by_id=created_by,
                                     person_protected=protected,
                                     coordinator_participant_id=coordinator)

    provider = _access(Role.TJENESTEYTER, *Scope)
    assert sees(provider, protected=False)
    assert not sees(provider)
    assert sees(provider, created_by=7)  # they chose the place
    assert sees(provider, coordinator=5)  # named the plan's coordinator
    assert sees(_access(Role.VEILEDER, Scope.DIALOG)) and sees(_access(Role.KOORDINATOR))
    assert sees(_access(Role.VERGE, Scope.GOALS))
    assert not sees(_access(Role.PARORENDE, *Scope))


# --- finding 1: the dialog ---------------------------------------------------------------


def test_dialog_names_only_tiltak_the_viewer_may_see(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "jobbspesialist", "emil", today)
    hidden = _measure(s, IPS_BEHANDLING)
    assert visible_measure(s, plan, access, viewer, hidden.id) is None
    page = _dialog_list(s, plan, access, viewer, today, hidden.id)
    assert page.about == "" and page.about_measure_id == 0
    assert IPS_BEHANDLING not in repr(page)
    own = _measure(s, "Individuell jobbstøtte (IPS) med jobbspesialist")
    page = _dialog_list(s, plan, access, viewer, today, own.id)
    assert page.about == "Om: Individuell jobbstøtte (IPS) med jobbspesialist"
    # the person sees every tiltak of their plan
    emil, _, emil_access = _ctx(s, demo, "emil", "emil", today)
    assert _dialog_list(s, plan, emil_access, emil, today, hidden.id).about == \
        f"Om: {IPS_BEHANDLING}"


def test_kvp_tiltak_kept_to_nav_are_not_named_to_the_koordinator(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "koordinator", "sara", today)
    for title in ("KVP-kurs i jobbsøking og CV", "Økonomisk rådgivning og søknad om gjeldsordning"):
        page = _dialog_list(s, plan, access, viewer, today, _measure(s, title).id)
        assert page.about == "", title
    fastlege, _, fastlege_access = _ctx(s, demo, "fastlege", "sara", today)
    aft = _measure(s, "Arbeidsforberedende trening hos Romsdal Arbeid")
    assert _dialog_list(s, plan, fastlege_access, fastlege, today, aft.id).about == ""


def test_a_thread_about_a_hidden_tiltak_does_not_name_it(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "jobbspesialist", "emil", today)
    hidden = _measure(s, IPS_BEHANDLING)
    thread = dd.get_thread(s, plan, access, viewer, s.exec(select(Thread).where(
        Thread.plan_id == plan.id, Thread.measure_id.is_not(None))).first().id)
    assert thread is not None  # he is in the thread about the job interview
    interview = s.get(Measure, thread.measure_id)
    # now the thread's tiltak becomes one he may not see (the behandler answers for it)
    interview.responsible_participant_id = demo.participant(s, "emil", "behandler").id
    s.add(interview)
    s.flush()
    page = _dialog_thread(s, plan, access, viewer, thread)
    assert page.about == "" and interview.title not in repr(page)
    assert interview.id not in dd.threads_by_measure(s, plan, access, viewer)
    assert dd.get_thread(s, plan, access, viewer, thread.id) is not None  # still his thread
    emil, _, emil_access = _ctx(s, demo, "emil", "emil", today)
    assert _dialog_thread(s, plan, emil_access, emil, thread).about == f"Om: {interview.title}"
    assert hidden.id not in dd.threads_by_measure(s, plan, access, viewer)


def test_starting_a_thread_about_a_hidden_tiltak_is_refused(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "jobbspesialist", "emil", today)
        before = len(s.exec(select(Message)).all())
        for measure_id in (_measure(s, IPS_BEHANDLING).id,  # hidden from him
                           _measure(s, "Norskopplæring spor 2 mot B1").id):  # another plan
            try:
                dd.start_thread(s, plan, access, viewer, subject="Om timene", member_ids=[],
                                body="Hei", client_id=CID, today=today, measure_id=measure_id)
            except dd.DialogError as exc:
                assert exc.key == "dialog.error_measure"
            else:
                raise AssertionError("a thread about a hidden tiltak was started")
        s.commit()
    with Session(db.engine()) as s:
        assert len(s.exec(select(Message)).all()) == before
        assert s.exec(select(Message).where(Message.client_id == CID)).first() is None


# --- finding 4: hvem gjør hva -------------------------------------------------------------


def test_parts_follow_the_consent_scopes(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "jobbspesialist", "emil", today)
    data = load_plan(s, plan, access, viewer)
    parts = {p.account_id: p for p in data.participants}
    behandler = parts[demo.account(s, "behandler").id]
    assert behandler.contribution == "" and not behandler.contribution_readable
    assert parts[viewer.account_id].contribution.startswith("Jobbspesialist i IPS-teamet")
    page = build_page(load_page(s, data, viewer, today, "nb"), viewer, today, "nb")
    assert BEHANDLER_PART not in repr(page)
    row = next(r for r in page.people if r.id == behandler.id)
    assert row.contribution == "" and row.history == [] and not row.can_edit
    # the veileder, with consent to every tiltak, reads it
    kari, _, kari_access = _ctx(s, demo, "veileder", "emil", today)
    assert BEHANDLER_PART in repr(build_page(load_page(s, load_plan(s, plan, kari_access, kari), kari, today, "nb"),
                                             kari, today, "nb"))


def test_dialog_only_consent_sees_no_parts_and_no_private_phone(s, demo, today):
    _narrow(s, demo, "amina", "laerer", "dialog")
    viewer, plan, access = _ctx(s, demo, "laerer", "amina", today)
    data = load_plan(s, plan, access, viewer)
    amina, ola = demo.account(s, "amina"), demo.account(s, "koordinator")
    for p in data.participants:
        if p.account_id != viewer.account_id:
            assert p.contribution == "", p.name
    info = {p.account_id: p for p in data.participants}
    assert (info[amina.id].phone, info[amina.id].email) == ("", "")
    assert info[ola.id].phone == ola.phone  # the koordinator's work phone
    assert amina.phone not in repr(build_page(load_page(s, data, viewer, today, "nb"),
                                              viewer, today, "nb"))


# --- finding 9 (part): protected address -------------------------------------------------


def test_protected_persons_relatives_contact_is_only_for_the_person(s, demo, today):
    _protect(s, demo, "noah")
    lene = demo.account(s, "foresatt")
    viewer, plan, access = _ctx(s, demo, "koordinator", "noah", today)
    info = {p.account_id: p for p in load_plan(s, plan, access, viewer).participants}
    assert (info[lene.id].phone, info[lene.id].email) == ("", "")
    noah, _, noah_access = _ctx(s, demo, "noah", "noah", today)
    info = {p.account_id: p for p in load_plan(s, plan, noah_access, noah).participants}
    assert info[lene.id].phone == lene.phone


def test_protected_persons_meeting_place_only_to_those_who_need_it(s, demo, today):
    place = "Kafé Brygga, Strandgata 4"  # Emil's meeting, scheduled by the veileder
    _protect(s, demo, "emil")
    viewer, plan, access = _ctx(s, demo, "jobbspesialist", "emil", today)
    page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")
    rows = page.meetings + page.past_meetings
    assert rows and place not in repr(page)
    assert any(r.place.startswith("Oppmøte: stedet er skjermet") for r in rows)
    assert place.encode() not in plan_ics(load_calendar(s, plan, access, viewer), viewer, "nb")
    for who in ("veileder", "emil"):
        v, _, a = _ctx(s, demo, who, "emil", today)
        assert place in repr(build_page(load_page(s, load_plan(s, plan, a, v), v, today, "nb"),
                                        v, today, "nb")), who
    # nothing was changed in the database by blanking it
    s.expire_all()
    assert any(m.place == place for m in s.exec(select(Meeting)))
