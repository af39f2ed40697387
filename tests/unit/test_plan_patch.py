"""A page patched after a change to some tiltak (plan_view.patch) is the page `build` makes
from scratch, for every kind of viewer; where it cannot be, patch says so (None)."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlmodel import select

from ip_app.kernel.models import Measure
from ip_app.kernel.plan_access import access_for
from ip_app.measures import data as measure_data
from ip_app.measures.rules import Status
from ip_app.plan.data import load_page, load_patch, load_plan
from ip_app.plan.view import build, patch

VIEWERS = [("amina", "amina"), ("veileder", "amina"), ("koordinator", "amina"),
           ("laerer", "amina"), ("emil", "emil"), ("behandler", "emil"), ("sara", "sara"),
           ("fastlege", "sara"), ("noah", "noah")]


def _built(s, demo, viewer_name, person, today):
    viewer = demo.viewer(s, viewer_name)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    assert access.allowed
    return viewer, build(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                         viewer, today, "nb")


def _patch(s, old, plan, access, viewer, today, touched, dialog=False):
    """What the plan page's state does after a change to `touched` (plan/state.py)."""
    loaded = load_patch(s, old.data, old.viewer, plan, access, viewer, today, "nb", touched,
                        dialog=dialog, uses_dialog=bool(old.dialog_href), names=old.names,
                        requests=old.consent_requests)
    return patch(old, loaded, viewer, today, "nb") if loaded is not None else None


def _patched(s, demo, viewer, person, today, old, touched):
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    return _patch(s, old, plan, access, viewer, today, touched)


def _same_as_whole(s, demo, viewer_name, person, today, old, touched):
    viewer = demo.viewer(s, viewer_name)
    got = _patched(s, demo, viewer, person, today, old, touched)
    assert got is not None
    _, whole = _built(s, demo, viewer_name, person, today)
    assert asdict(got.page) == asdict(whole.page)
    assert [m.id for m in got.data.measures] == [m.id for m in whole.data.measures]
    return got


def _cards(page):
    return [c for g in page.by_status for c in g.cards]


def _measures(s, demo, person):
    return list(s.exec(select(Measure).where(Measure.plan_id == demo.plan(s, person).id)
                       .order_by(Measure.id)))


def _staff_actor(s, demo, person):
    return demo.actor(s, person, "koordinator" if person in ("amina", "noah", "sara")
                      else "veileder")


@pytest.mark.parametrize("viewer_name, person", VIEWERS)
def test_a_status_change_patched_is_the_page_built_whole(s, demo, today, viewer_name, person):
    _, old = _built(s, demo, viewer_name, person, today)
    moved = [m for m in _measures(s, demo, person)
             if m.kind != "ips" and m.status in ("planlagt", "gjennomfores", "forslag")]
    assert moved
    for m in moved[:3]:
        new = Status.GJENNOMFORES if m.status != "gjennomfores" else Status.FULLFORT
        measure_data.change_status(s, measure_id=m.id, based_on_version=m.version,
                                   actor=_staff_actor(s, demo, person), new=new, reason="Ferdig")
    s.flush()
    got = _same_as_whole(s, demo, viewer_name, person, today, old, {m.id for m in moved[:3]})
    # and a patch of a patch: the next change builds on it
    m = moved[0]
    cur = s.get(Measure, m.id)
    measure_data.update_measure(s, measure_id=m.id, based_on_version=cur.version,
                                actor=_staff_actor(s, demo, person), title="Nytt navn")
    s.flush()
    _same_as_whole(s, demo, viewer_name, person, today, got, {m.id})


@pytest.mark.parametrize("viewer_name, person", VIEWERS)
@pytest.mark.parametrize("start", [None, -400, 40])
def test_a_new_tiltak_lands_where_a_whole_build_puts_it(s, demo, today, viewer_name, person,
                                                        start):
    """Undated first, then by start date: the patch sorts as load_plan reads."""
    _, old = _built(s, demo, viewer_name, person, today)
    actor = _staff_actor(s, demo, person)
    m = measure_data.create_measure(
        s, plan_id=demo.plan(s, person).id, actor=actor, title="Ny aktivitet", kind="",
        description="", status="planlagt",
        start_date=None if start is None else today + timedelta(days=start),
        responsible_participant_id=actor.participant_id)
    s.flush()
    _same_as_whole(s, demo, viewer_name, person, today, old, {m.id})


@pytest.mark.parametrize("viewer_name, person", [("laerer", "amina"), ("fastlege", "sara")])
def test_a_change_the_viewer_may_not_see_stays_out(s, demo, today, viewer_name, person):
    viewer, old = _built(s, demo, viewer_name, person, today)
    seen = {m.id for m in old.data.measures}
    hidden = [m for m in _measures(s, demo, person) if m.id not in seen
              and m.status in ("planlagt", "gjennomfores", "forslag")]
    assert hidden, "the demo gives this viewer tiltak they cannot see"
    m = hidden[0]
    measure_data.update_measure(s, measure_id=m.id, based_on_version=m.version,
                                actor=_staff_actor(s, demo, person), title="Hemmelig")
    s.flush()
    got = _same_as_whole(s, demo, viewer_name, person, today, old, {m.id})
    assert "Hemmelig" not in str(asdict(got.page))


def test_a_moved_start_date_reorders_the_cards(s, demo, today):
    _, old = _built(s, demo, "amina", "amina", today)
    first, last = old.data.measures[0], old.data.measures[-1]
    m = s.get(Measure, first.id)
    measure_data.update_measure(s, measure_id=m.id, based_on_version=m.version,
                                actor=_staff_actor(s, demo, "amina"),
                                start_date=(last.start_date or today) + timedelta(days=1))
    s.flush()
    got = _same_as_whole(s, demo, "amina", "amina", today, old, {m.id})
    assert got.data.measures[-1].id == m.id


def test_no_patch_when_access_changed_or_the_ips_team_may_move(s, demo, today):
    viewer, old = _built(s, demo, "emil", "emil", today)
    ips = next(m for m in old.data.measures if m.kind == "ips")
    assert _patched(s, demo, viewer, "emil", today, old, {ips.id}) is None
    other = next(m for m in old.data.measures if m.kind != "ips")
    assert _patched(s, demo, viewer, "emil", today, old, {other.id}) is not None
    # built for another viewer: never reused
    veileder = demo.viewer(s, "veileder")
    plan, access = access_for(s, veileder, demo.plan(s, "emil").id, today)
    assert _patch(s, old, plan, access, veileder, today, {other.id}) is None


def test_a_patch_reads_only_the_touched_tiltak(s, demo, today):
    """The touched tiltak and their new versions; the name of who changed it and Amina's
    programme facts (its weekly hours come from the tiltak) are known from the page
    already. Nothing else of the plan is read again, however many tiltak it has."""
    from test_data_queries import statements

    viewer, old = _built(s, demo, "veileder", "amina", today)
    m = next(x for x in old.data.measures if x.status == "planlagt" and x.kind != "ips")
    measure_data.change_status(s, measure_id=m.id, based_on_version=m.version,
                               actor=_staff_actor(s, demo, "amina"), new=Status.GJENNOMFORES,
                               reason="")
    s.flush()
    plan, access = access_for(s, viewer, demo.plan(s, "amina").id, today)
    with statements(s.get_bind()) as seen:
        got = _patch(s, old, plan, access, viewer, today, {m.id})
    assert got is not None
    tables = [q.split("FROM")[1].split()[0] for q in seen]
    assert sorted(tables) == ["measure", "measure_version"], seen
    assert got.page.programme and got.page.programme[0].hours  # redone from the tiltak
    assert any("Ola Hansen" in r.text for c in _cards(got.page) if c.id == m.id
               for r in c.history), "the koordinator's change is in the history, by name"
    assert any("measure_version" in q.lower() for q in seen)


@pytest.mark.parametrize("viewer_name, person", [("amina", "amina"), ("veileder", "amina"),
                                                 ("emil", "emil"), ("veileder", "emil")])
def test_a_dialog_change_patched_is_the_page_built_whole(s, demo, today, viewer_name, person):
    """A message (unread for the others) and a thread read: the unread count and the
    cards' conversation links are read again; nothing else of the page moves."""
    from ip_app.dialog import data as dialog_data
    from ip_app.kernel.models import Account, Thread, ThreadMember

    viewer, old = _built(s, demo, viewer_name, person, today)
    plan = demo.plan(s, person)
    # a conversation (about a tiltak if there is one) with the viewer and someone who writes
    thread, writer_id = s.exec(
        select(Thread, ThreadMember.account_id)
        .join(ThreadMember, ThreadMember.thread_id == Thread.id)
        .where(Thread.plan_id == plan.id, ThreadMember.account_id != viewer.account_id,
               Thread.id.in_(select(ThreadMember.thread_id)
                             .where(ThreadMember.account_id == viewer.account_id)))
        .order_by(Thread.measure_id.is_(None), Thread.id)).first()
    writer = demo.viewer(s, s.get(Account, writer_id).username)
    _, access = access_for(s, writer, plan.id, today)
    dialog_data.send(s, plan, access, writer, thread, body="Hei igjen",
                     client_id=secrets.token_urlsafe(18))
    s.flush()
    plan_, access_ = access_for(s, viewer, plan.id, today)
    patched = _patch(s, old, plan_, access_, viewer, today, set(), dialog=True)
    _, whole = _built(s, demo, viewer_name, person, today)
    assert asdict(patched.page) == asdict(whole.page)
    assert whole.page.unread == old.page.unread + 1, "the new message is unread for them"
    dialog_data.mark_read(s, thread, viewer.account_id)
    s.flush()
    again = _patch(s, patched, plan_, access_, viewer, today, set(), dialog=True)
    _, whole = _built(s, demo, viewer_name, person, today)
    assert asdict(again.page) == asdict(whole.page)
    assert again.page.unread < patched.page.unread


def test_the_rows_of_a_change_are_read_once_per_version_and_each_viewer_keeps_its_own(
        s, demo, today):
    """Every open page patched at one plan version takes the tiltak rows the first one
    read (`load_patch(version=…)`); each still shows only what its viewer may see."""
    from ip_app.plan import data as plan_data

    olds = {name: _built(s, demo, name, "amina", today) for name in ("veileder", "laerer")}
    hidden = [m for m in _measures(s, demo, "amina")
              if m.id not in {x.id for x in olds["laerer"][1].data.measures}
              and m.status in ("planlagt", "gjennomfores", "forslag")]
    assert hidden
    m = hidden[0]
    measure_data.update_measure(s, measure_id=m.id, based_on_version=m.version,
                                actor=_staff_actor(s, demo, "amina"), title="Hemmelig")
    s.flush()
    version = 10_000 + secrets.randbelow(10**6)  # a version no other test used
    statements = []
    from sqlalchemy import event

    def count(*_a):  # noqa: ANN002
        statements.append(1)

    pages = {}
    for name in ("veileder", "laerer"):
        viewer, old = olds[name]
        plan, access = access_for(s, viewer, demo.plan(s, "amina").id, today)
        event.listen(s.bind, "before_cursor_execute", count)
        before = len(statements)
        loaded = load_patch(s, old.data, old.viewer, plan, access, viewer, today, "nb", {m.id},
                            dialog=False, uses_dialog=bool(old.dialog_href), names=old.names,
                            requests=old.consent_requests, version=version)
        event.remove(s.bind, "before_cursor_execute", count)
        pages[name] = (patch(old, loaded, viewer, today, "nb"), len(statements) - before)
        _, whole = _built(s, demo, name, "amina", today)
        assert asdict(pages[name][0].page) == asdict(whole.page)
    assert pages["veileder"][1] > 0 and pages["laerer"][1] == 0  # read once, then taken
    assert "Hemmelig" in str(asdict(pages["veileder"][0].page))
    assert "Hemmelig" not in str(asdict(pages["laerer"][0].page))
    assert plan_data._FRESH.get((demo.plan(s, "amina").id, version, (m.id,))) is not None
