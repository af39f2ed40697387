"""The first screen's rules (first_screen/rules.py) and its data (first_screen/data.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ip_app.first_screen.rules import (
    FIRST_VISIT_WINDOW, Change, MeasureFacts, MeetingFacts, new_since, next_step, since_of,
    waiting_for,
)
from ip_app.measures.rules import Status

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


def m(id_, status=Status.PLANLAGT, start=None, end=None, other=False, title=None):
    return MeasureFacts(id=id_, title=title or f"T{id_}", status=status, start=start, end=end,
                        proposed_by_other=other)


# ---------------------------------------------------------------- waiting_for

def test_nothing_waiting():
    assert waiting_for(decides_consent=True, consent_requests=0, measures=[], unread=0) == []


def test_waiting_in_order_consent_proposal_unread():
    got = waiting_for(decides_consent=True, consent_requests=2,
                      measures=[m(1, Status.FORSLAG, other=True)], unread=3)
    assert [(w.kind, w.count) for w in got] == [("consent", 2), ("proposal", 1), ("unread", 3)]
    assert got[1].ref == 1


def test_a_consent_request_waits_only_for_who_decides():
    got = waiting_for(decides_consent=False, consent_requests=2, measures=[], unread=0)
    assert got == []


def test_own_proposals_do_not_wait_for_an_answer_from_oneself():
    got = waiting_for(decides_consent=False, consent_requests=0,
                      measures=[m(1, Status.FORSLAG, other=False), m(2, Status.PLANLAGT, other=True)],
                      unread=0)
    assert got == []


def test_several_proposals_point_at_the_list():
    got = waiting_for(decides_consent=False, consent_requests=0,
                      measures=[m(1, Status.FORSLAG, other=True), m(2, Status.FORSLAG, other=True)],
                      unread=0)
    assert [(w.kind, w.count, w.ref) for w in got] == [("proposal", 2, 0)]


# ---------------------------------------------------------------- next_step

def test_no_next_step_without_dates():
    assert next_step(today=TODAY, now=NOW, measures=[m(1)], meetings=[],
                     next_evaluation=None) is None


def test_nearest_date_wins():
    step = next_step(today=TODAY, now=NOW,
                     measures=[m(1, start=TODAY + timedelta(days=9)),
                               m(2, start=TODAY - timedelta(days=30), end=TODAY + timedelta(days=4))],
                     meetings=[MeetingFacts(1, NOW + timedelta(days=6), "Møte")],
                     next_evaluation=TODAY + timedelta(days=20))
    assert (step.kind, step.ref, step.on) == ("end", 2, TODAY + timedelta(days=4))


def test_a_meeting_comes_first_on_the_same_day_and_says_what_it_is_about():
    day = TODAY + timedelta(days=3)
    step = next_step(today=TODAY, now=NOW, measures=[m(1, start=day)],
                     meetings=[MeetingFacts(5, datetime(2026, 12, 10, 9, tzinfo=timezone.utc),
                                            "Oppfølging", agenda="Ta med timelisten")],
                     next_evaluation=day)
    assert (step.kind, step.ref, step.bring) == ("meeting", 5, "Ta med timelisten")


def test_cancelled_and_past_meetings_and_finished_tiltak_are_not_next():
    step = next_step(today=TODAY, now=NOW,
                     measures=[m(1, Status.FULLFORT, start=TODAY + timedelta(days=1)),
                               m(2, Status.AVBRUTT, end=TODAY + timedelta(days=1))],
                     meetings=[MeetingFacts(1, NOW + timedelta(days=1), "A", cancelled=True),
                               MeetingFacts(2, NOW - timedelta(hours=1), "B")],
                     next_evaluation=TODAY + timedelta(days=40))
    assert (step.kind, step.on) == ("evaluation", TODAY + timedelta(days=40))


def test_an_overdue_evaluation_is_not_a_next_step():
    assert next_step(today=TODAY, now=NOW, measures=[], meetings=[],
                     next_evaluation=TODAY - timedelta(days=1)) is None


# ---------------------------------------------------------------- new_since

def ch(minutes, who=2, subject="measure", sid=1, what="changed"):
    return Change(when=NOW - timedelta(minutes=minutes), who_id=who, who=f"P{who}",
                  subject=subject, subject_id=sid, title="T", what=what)


def test_news_leaves_out_own_changes_and_older_ones():
    since = NOW - timedelta(hours=1)
    got = new_since([ch(10, who=1), ch(90), ch(5, sid=2)], since=since, viewer_id=1)
    assert [(c.who_id, c.subject_id) for c in got] == [(2, 2)]


def test_news_is_newest_first_one_line_per_person_and_thing():
    since = NOW - timedelta(days=1)
    got = new_since([ch(30, sid=1), ch(10, sid=1), ch(20, sid=2), ch(5, who=3, sid=1)],
                    since=since, viewer_id=1)
    assert [(c.who_id, c.subject_id, c.when) for c in got] == [
        (3, 1, NOW - timedelta(minutes=5)), (2, 1, NOW - timedelta(minutes=10)),
        (2, 2, NOW - timedelta(minutes=20))]


def test_news_has_a_limit():
    got = new_since([ch(i, sid=i) for i in range(1, 30)], since=NOW - timedelta(days=1),
                    viewer_id=1, limit=5)
    assert len(got) == 5


def test_first_visit_looks_back_a_while():
    assert since_of(None, NOW) == NOW - FIRST_VISIT_WINDOW
    assert since_of(NOW - timedelta(days=40), NOW) == NOW - timedelta(days=40)


# ---------------------------------------------------------------- the visit, stored

def test_a_visit_returns_the_one_before(fresh_db, demo):
    from ip_app.kernel import db
    from ip_app.first_screen import data as visits
    from ip_app.kernel.plan_access import plan_of_person
    with db.session() as s:
        amina = demo.account(s, "amina")
        plan = plan_of_person(s, amina.id)
        first = visits.visit(s, plan_id=plan.id, account_id=amina.id, now=NOW)
        second = visits.visit(s, plan_id=plan.id, account_id=amina.id,
                              now=NOW + timedelta(hours=2))
        assert first is None and second == NOW


# ---------------------------------------------------------------- the access log, grouped

def test_log_lines_group_by_who_day_and_refusal_newest_first():
    from ip_app.access_log.rules import LogFact, group_log

    def f(id_, actor, day, action="read_plan", allowed=True):
        return LogFact(id=id_, at=NOW, day=day, actor=actor, action=action, allowed=allowed)
    d1, d2 = TODAY, TODAY - timedelta(days=1)
    facts = [f(9, 2, d1), f(8, 3, d1, allowed=False), f(7, 2, d1), f(6, 2, d2),
             f(5, 2, d1, "read_thread")]
    groups = group_log(facts)
    assert [(g.actor, g.day, g.allowed, [x.id for x in g.facts]) for g in groups] == [
        (2, d1, True, [9, 7, 5]), (3, d1, False, [8]), (2, d2, True, [6])]
    assert not groups[0].only_reads and groups[2].only_reads


def test_log_targets_and_days():
    from ip_app.access_log.rules import day_word, target_of
    assert target_of("measure:12") == ("measure", 12)
    assert target_of("thread:x") == ("thread", None) and target_of("") == ("", None)
    assert day_word(TODAY, TODAY) == "today"
    assert day_word(TODAY - timedelta(days=1), TODAY) == "yesterday"
    assert day_word(TODAY - timedelta(days=5), TODAY) == ""


# ---------------------------------------------------------------- plurals through Babel

def test_plurals_follow_each_language():
    from ip_app.kernel.i18n import tn
    assert tn("programme.months", 1, "nb") == "1 måned"
    assert tn("programme.months", 2, "nb") == "2 måneder"
    assert tn("programme.months", 1, "en") == "1 month"
    assert tn("programme.months", 3, "uk") == "3 місяці"
    assert tn("programme.months", 5, "uk") == "5 місяців"
    assert tn("programme.extended", 1, "nn", reason="x") == "Forlengt med 1 månad: x"


# ---------------------------------------------------------------- an unread samtalereferat


def test_an_unread_samtalereferat_waits_after_the_messages():
    got = waiting_for(decides_consent=False, consent_requests=0, measures=[], unread=2,
                      unread_records=1)
    assert [(w.kind, w.count) for w in got] == [("unread", 2), ("record", 1)]


def test_a_new_samtalereferat_version_waits_for_amina_until_she_has_read_it(s, demo, today):
    from ip_app.conversation_records import data as crd
    from ip_app.first_screen.data import load_first
    from ip_app.first_screen.view import build_first
    from ip_app.kernel.plan_access import access_for
    from ip_app.plan.data import load_plan

    def waiting(who: str) -> list[tuple[str, str]]:
        viewer = demo.viewer(s, who)
        plan, access = access_for(s, viewer, demo.plan(s, "amina").id, today)
        data = load_plan(s, plan, access, viewer)
        first = build_first(data, load_first(s, data, viewer, today, requests=0), viewer,
                            today=today, now=datetime.now(timezone.utc), unread=0,
                            dialog_href="", meetings=[], lang="nb")
        return [(w.text, w.href) for w in first.waiting if w.kind == "record"]

    plan = demo.plan(s, "amina")
    assert waiting("amina") == []  # the demo's referat is read
    (record, versions), = crd.of_plan(s, plan.id)
    crd.save_version(s, record=record, based_on_version=versions[-1].version,
                     actor=demo.actor(s, "amina", "veileder"), topic=versions[-1].topic,
                     text="Rettet: Fjordly gir kortere vakter i tre uker.")
    href = f"/plan/{plan.id}/samtalereferat"
    assert waiting("amina") == [("1 samtalereferat du ikke har lest", href)]
    assert waiting("veileder") == []  # only the person says "Jeg har lest"
    crd.confirm(s, record_id=record.id, version=versions[-1].version + 1,
                by_id=demo.account(s, "amina").id)
    assert waiting("amina") == []
