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
