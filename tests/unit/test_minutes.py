"""Referat of a held meeting: who reads, writes and answers it (minutes/rules.py), the
form's input, and versions that are never lost (minutes/data.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.models import Meeting, MeetingMinutes
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.meetings.data import facts
from ip_app.meetings.rules import MeetingFacts, MeetingStatus, may_read_topic
from ip_app.minutes import data as mind, rules as rules

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
HELD = MeetingFacts(created_by_id=10, invited=frozenset({1, 2}), status=MeetingStatus.PLANNED,
                    starts_at=NOW - timedelta(days=1), ends_at=NOW - timedelta(days=1, hours=-1))
COMING = MeetingFacts(created_by_id=10, invited=frozenset({1, 2}),
                      status=MeetingStatus.PLANNED, starts_at=NOW + timedelta(days=1),
                      ends_at=NOW + timedelta(days=1, hours=1))
CANCELLED = MeetingFacts(created_by_id=10, invited=frozenset({1, 2}),
                         status=MeetingStatus.CANCELLED, starts_at=HELD.starts_at,
                         ends_at=HELD.ends_at)
ALL = frozenset({Scope.GOALS, Scope.ALL_MEASURES, Scope.DIALOG})
PERSON = PlanAccess(allowed=True, role=Role.PERSON, participant_id=1, scopes=ALL)
KOORDINATOR = PlanAccess(allowed=True, role=Role.KOORDINATOR, participant_id=2, scopes=ALL)
VEILEDER_NOT_THERE = PlanAccess(allowed=True, role=Role.VEILEDER, participant_id=3, scopes=ALL)
TJENESTEYTER = PlanAccess(allowed=True, role=Role.TJENESTEYTER, participant_id=4,
                          scopes=frozenset({Scope.OWN_MEASURES, Scope.DIALOG}))
INVITED_DIALOG_ONLY = PlanAccess(allowed=True, role=Role.TJENESTEYTER, participant_id=2,
                                 scopes=frozenset({Scope.DIALOG}))


@pytest.mark.parametrize("access", [PERSON, KOORDINATOR, VEILEDER_NOT_THERE, TJENESTEYTER,
                                    INVITED_DIALOG_ONLY])
def test_a_held_meetings_referat_is_read_by_the_rule_of_its_topic(access):
    assert rules.may_read(access, HELD, 99, NOW) == may_read_topic(access, HELD, 99)


def test_no_referat_before_the_meeting_or_of_a_cancelled_one():
    for f in (COMING, CANCELLED):
        assert not rules.may_read(PERSON, f, 1, NOW)
        assert not rules.may_write(KOORDINATOR, f, 20, NOW)


def test_the_koordinator_or_veileder_who_held_it_writes_it():
    assert rules.may_write(KOORDINATOR, HELD, 20, NOW)  # invited
    assert rules.may_write(VEILEDER_NOT_THERE, HELD, 10, NOW)  # scheduled it
    assert not rules.may_write(VEILEDER_NOT_THERE, HELD, 30, NOW)  # neither
    assert not rules.may_write(PERSON, HELD, 1, NOW)
    tjenesteyter_there = PlanAccess(allowed=True, role=Role.TJENESTEYTER, participant_id=2,
                                    scopes=ALL)
    assert not rules.may_write(tjenesteyter_there, HELD, 40, NOW)


def test_only_the_person_answers():
    assert rules.may_respond(PERSON, HELD, 1, NOW)
    assert not rules.may_respond(KOORDINATOR, HELD, 20, NOW)
    assert not rules.may_respond(PERSON, COMING, 1, NOW)


def test_a_save_must_build_on_the_newest_text():
    rules.check_version(0, 0)
    rules.check_version(3, 3)
    with pytest.raises(rules.RuleError):
        rules.check_version(3, 2)


@pytest.mark.parametrize("data, errors", [
    ({"attendees": "Ola", "discussed": " ", "agreed": ""}, {"discussed": "error.minutes_empty"}),
    ({"discussed": "x" * (rules.TEXT_MAX + 1)}, {"discussed": "error.minutes_text_long"}),
    ({"agreed": "ok", "attendees": "x" * (rules.ATTENDEES_MAX + 1)},
     {"attendees": "error.minutes_attendees_long"}),
    ({"agreed": ["a", "list"]}, {"agreed": "error.invalid"}),
])
def test_bad_input_is_refused_at_the_field(data, errors):
    with pytest.raises(FormError) as exc:
        validate(rules.MinutesInput, data)
    assert exc.value.errors == errors


def test_good_input_is_cleaned():
    form = validate(rules.MinutesInput, {"discussed": "  Praksis\x00 ", "agreed": ""})
    assert form.discussed == "Praksis" and form.attendees == ""
    with pytest.raises(FormError) as exc:
        validate(rules.CommentInput, {"text": "  "})
    assert exc.value.errors == {"text": "error.comment_required"}


def _held_meeting(s, demo):
    plan = demo.plan(s, "amina")
    now = datetime.now(timezone.utc)
    return next(m for m in s.exec(select(Meeting).where(Meeting.plan_id == plan.id))
                if m.starts_at < now)


def test_every_version_is_kept_and_a_stale_save_is_refused(s, demo, today):
    m = _held_meeting(s, demo)
    before = mind.versions(s, m.id)
    assert len(before) == 1  # the demo's referat
    actor = demo.actor(s, "amina", "koordinator")
    row = mind.save(s, meeting_id=m.id, based_on_version=1, actor=actor, attendees="A",
                    discussed="Ny tekst", agreed="")
    assert row.version == 2
    with pytest.raises(mind.StaleMinutes) as exc:
        mind.save(s, meeting_id=m.id, based_on_version=1, actor=actor, attendees="",
                  discussed="Gammel base", agreed="")
    assert exc.value.current.version == 2
    texts = [v.discussed for v in mind.versions(s, m.id)]
    assert texts == [before[0].discussed, "Ny tekst"]
    assert mind.current_of(s, [m.id])[m.id].version == 2


def test_the_demo_referat_is_hidden_from_the_teacher_and_shown_to_amina(s, demo, today):
    m = _held_meeting(s, demo)
    now = datetime.now(timezone.utc)
    for who, sees in (("amina", True), ("koordinator", True), ("laerer", False)):
        viewer = demo.viewer(s, who)
        _, access = access_for(s, viewer, m.plan_id, today)
        assert rules.may_read(access, facts(m), viewer.account_id, now) is sees, who
    assert s.exec(select(MeetingMinutes).where(MeetingMinutes.meeting_id == m.id)).first()


# -- "Nye tiltak fra møtet" (issue 21) ------------------------------------------------


def test_new_measures_skip_empty_rows_and_read_the_filled_ones():
    from datetime import date

    from ip_app.minutes.rules import new_measures

    found = new_measures({"new_1_title": " Arbeidspraksis ", "new_1_responsible": "7",
                          "new_1_start_date": "2026-12-14", "new_1_end_date": "",
                          "new_2_title": "", "new_3_title": "Norskkurs"}, {7})
    assert [(n.row, n.title, n.responsible_participant_id, n.start_date) for n in found] == [
        (1, "Arbeidspraksis", 7, date(2026, 12, 14)), (3, "Norskkurs", None, None)]


def test_new_measures_say_what_is_wrong_at_each_field():
    from ip_app.kernel.forms import FormError
    from ip_app.minutes.rules import new_measures

    with pytest.raises(FormError) as exc:
        new_measures({"new_1_start_date": "2026-12-14", "new_2_title": "A",
                      "new_2_responsible": "99", "new_3_title": "B",
                      "new_3_start_date": "2026-12-14", "new_3_end_date": "2026-12-01"}, {7})
    assert exc.value.errors == {"new_1_title": "error.title_required",
                                "new_2_responsible": "error.invalid",
                                "new_3_end_date": "error.end_before_start"}


# -- "Endre status på tiltak" from the referat (issue 21) -------------------------------


def test_changed_measures_skip_empty_rows_and_say_what_is_wrong_at_each_field():
    from ip_app.measures.rules import Status

    found = rules.changed_measures({"chg_1_measure": "12:3", "chg_1_status": "fullfort",
                                    "chg_1_reason": " Ferdig ", "chg_2_measure": ""})
    assert found == [rules.ChangeRow(row=1, measure_id=12, version=3, status=Status.FULLFORT,
                                     reason="Ferdig")]
    with pytest.raises(FormError) as exc:
        rules.changed_measures({"chg_1_status": "fullfort", "chg_2_measure": "12:3",
                                "chg_2_status": "nope", "chg_3_measure": "12:3",
                                "chg_3_status": "avbrutt"})
    assert exc.value.errors == {"chg_1_measure": "error.minutes_change_measure",
                                "chg_2_status": "error.status_invalid",
                                "chg_3_measure": "error.minutes_change_twice"}


def test_a_refused_change_is_said_at_its_field():
    from ip_app.kernel.actor import Actor
    from ip_app.measures.rules import MeasureFacts, Status

    koord = Actor(account_id=20, role=Role.KOORDINATOR, participant_id=2)
    agreed = MeasureFacts(status=Status.GJENNOMFORES, agreed=True, created_by_id=20,
                          responsible_participant_id=2, responsible_role=Role.KOORDINATOR)
    done = MeasureFacts(status=Status.FULLFORT, agreed=False, created_by_id=20,
                        responsible_participant_id=2, responsible_role=Role.KOORDINATOR)

    def said(facts, status, reason="", version=4):
        change = rules.ChangeRow(row=2, measure_id=9, version=version, status=status,
                                 reason=reason)
        with pytest.raises(FormError) as exc:
            rules.check_change(koord, facts, 4, change)
        return exc.value.errors

    assert said(agreed, Status.FULLFORT) == {"chg_2_reason": "error.reason_required"}
    assert said(agreed, Status.GJENNOMFORES) == {"chg_2_status": "error.status_same"}
    assert said(done, Status.PLANLAGT) == {"chg_2_measure": "error.status_final"}
    assert said(None, Status.PLANLAGT) == {"chg_2_measure": "error.not_allowed"}
    assert said(agreed, Status.AVBRUTT, "Flyttet", version=3) == {
        "chg_2_measure": "error.minutes_change_stale"}
    ok = rules.ChangeRow(row=2, measure_id=9, version=4, status=Status.FULLFORT,
                         reason=" Bestått ")
    assert rules.check_change(koord, agreed, 4, ok) == "Bestått"
    assert rules.history_reason("Fra referat 1. desember 2026", "Bestått") == \
        "Fra referat 1. desember 2026: Bestått"
    assert rules.history_reason("Fra referat 1. desember 2026", "") == \
        "Fra referat 1. desember 2026"


def _measure(s, plan_id: int, title: str):
    from ip_app.kernel.models import Measure

    return s.exec(select(Measure).where(Measure.plan_id == plan_id,
                                        Measure.title == title)).one()


def _counts(s):
    from sqlmodel import func

    from ip_app.kernel.models import MeasureVersion, MinutesMeasure

    return tuple(s.exec(select(func.count()).select_from(t)).one()
                 for t in (MeetingMinutes, MeasureVersion, MinutesMeasure))


def test_a_change_from_the_referat_is_a_new_version_linked_to_the_meeting(s, demo, today):
    from ip_app.measures import data as measure_data
    from ip_app.measures.rules import Status

    m = _held_meeting(s, demo)
    viewer = demo.viewer(s, "koordinator")
    plan, access = access_for(s, viewer, m.plan_id, today)
    actor = access.actor(viewer)
    norsk = _measure(s, plan.id, "Norskopplæring spor 2 mot B1")  # agreed: needs a reason
    mentor = _measure(s, plan.id, "Mentor fra Molde frivilligsentral")
    changes = rules.changed_measures({
        "chg_1_measure": f"{norsk.id}:{norsk.version}", "chg_1_status": "fullfort",
        "chg_1_reason": "Bestått B1",
        "chg_2_measure": f"{mentor.id}:{mentor.version}", "chg_2_status": "gjennomfores"})
    checked = mind.check_changes(s, plan=plan, access=access, viewer=viewer, actor=actor,
                                 changes=changes)
    row = mind.save(s, meeting_id=m.id, based_on_version=mind.versions(s, m.id)[-1].version,
                    actor=actor, attendees="", discussed="Status", agreed="")
    mind.apply_changes(s, checked=checked, actor=actor, meeting_id=m.id,
                       minutes_version=row.version, note="Fra referat 1. desember 2026")
    history = measure_data.versions(s, norsk.id)
    assert history[-1].snapshot["status"] == Status.FULLFORT
    assert history[-1].reason == "Fra referat 1. desember 2026: Bestått B1"
    assert len(history) >= 2 and history[-2].snapshot["status"] == Status.GJENNOMFORES  # kept
    assert measure_data.versions(s, mentor.id)[-1].reason == "Fra referat 1. desember 2026"
    links = [(x.measure_id, x.kind, x.status, x.minutes_version, x.measure_version)
             for x in mind.linked_measures(s, m.id)]
    assert links == [(norsk.id, "changed", "fullfort", row.version, history[-1].version),
                     (mentor.id, "changed", "gjennomfores", row.version,
                      measure_data.get(s, mentor.id).version)]


def test_refused_changes_are_all_said_and_nothing_is_written(s, demo, today):
    from ip_app.kernel.models import Measure, Plan

    m = _held_meeting(s, demo)
    viewer = demo.viewer(s, "veileder")  # NAV: not the koordinator's own tiltak
    plan, access = access_for(s, viewer, m.plan_id, today)
    norsk = _measure(s, plan.id, "Norskopplæring spor 2 mot B1")
    fagbrev = _measure(s, plan.id, "Søke helsefagarbeiderutdanning for voksne")  # planlagt
    sykehjem = _measure(s, plan.id, "Arbeidstrening på Fjordly sykehjem")
    other = next(p for p in s.exec(select(Plan)) if p.id != plan.id)
    elsewhere = s.exec(select(Measure).where(Measure.plan_id == other.id)).first()
    before = _counts(s)
    changes = rules.changed_measures({
        "chg_1_measure": f"{norsk.id}:{norsk.version}", "chg_1_status": "avbrutt",
        "chg_2_measure": f"{fagbrev.id}:{fagbrev.version}", "chg_2_status": "planlagt",
        "chg_3_measure": f"{sykehjem.id}:{sykehjem.version - 1}", "chg_3_status": "fullfort",
        "chg_3_reason": "Ferdig"})
    with pytest.raises(FormError) as exc:
        mind.check_changes(s, plan=plan, access=access, viewer=viewer,
                           actor=access.actor(viewer), changes=changes)
    assert exc.value.errors == {"chg_1_measure": "error.not_allowed",
                                "chg_2_status": "error.status_same",
                                "chg_3_measure": "error.minutes_change_stale"}
    with pytest.raises(FormError) as exc:  # a tiltak of another plan: not found here
        mind.check_changes(s, plan=plan, access=access, viewer=viewer,
                           actor=access.actor(viewer), changes=rules.changed_measures({
                               "chg_1_measure": f"{elsewhere.id}:{elsewhere.version}",
                               "chg_1_status": "avbrutt"}))
    assert exc.value.errors == {"chg_1_measure": "error.not_allowed"}
    assert _counts(s) == before


def test_a_change_that_loses_a_race_undoes_the_referat_too(s, demo, today):
    """As the save handler does: the referat and its changes in one savepoint."""
    from ip_app.measures import data as measure_data

    m = _held_meeting(s, demo)
    viewer = demo.viewer(s, "koordinator")
    plan, access = access_for(s, viewer, m.plan_id, today)
    actor = access.actor(viewer)
    mentor = _measure(s, plan.id, "Mentor fra Molde frivilligsentral")
    checked = mind.check_changes(s, plan=plan, access=access, viewer=viewer, actor=actor,
                                 changes=rules.changed_measures({
                                     "chg_1_measure": f"{mentor.id}:{mentor.version}",
                                     "chg_1_status": "gjennomfores"}))
    # another tab moves it between the check and the write
    measure_data.change_status(s, measure_id=mentor.id, based_on_version=mentor.version,
                               actor=actor, new=rules.Status.AVBRUTT, reason="")
    before = _counts(s)
    with pytest.raises(measure_data.StaleVersion):
        with s.begin_nested():
            row = mind.save(s, meeting_id=m.id,
                            based_on_version=mind.versions(s, m.id)[-1].version, actor=actor,
                            attendees="", discussed="Tapt", agreed="")
            mind.apply_changes(s, checked=checked, actor=actor, meeting_id=m.id,
                               minutes_version=row.version, note="Fra referat")
    assert _counts(s) == before
