"""Meetings (møter): the rules over roles and consent, the form's validation, the data
(versions, no lost update, nothing deleted), the plan page, the .ics and the PDF."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta, timezone

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import Session, select

from ip_app.export.data import load_calendar, load_export

from ip_app.export.view import ExportOptions, plan_html, plan_ics, plan_pdf
from ip_app.kernel import db
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import RuleError
from ip_app.kernel.forms import FormError
from ip_app.kernel.models import Meeting, MeetingVersion
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.meetings import data as md
from ip_app.meetings.rules import (
    MeetingFacts, MeetingStatus, MoveMeeting, NewMeeting, check_change, check_invitees,
    check_times, local_start, may_read_topic, may_schedule, may_see, validate_meeting,
)
from ip_app.meetings.view import fmt_when
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import build_page

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)
SOON = NOW + timedelta(days=3)
ME = 100


def _access(role: Role | None, scopes=frozenset(), participant_id: int = 7) -> PlanAccess:
    if role is None:
        return PlanAccess(allowed=False, reason="not_participant")
    if role == Role.PERSON:
        return PlanAccess(allowed=True, role=role, participant_id=participant_id,
                          scopes=frozenset(Scope))
    return PlanAccess(allowed=True, role=role, participant_id=participant_id,
                      scopes=frozenset(scopes))


def _facts(created_by=1, invited=(), status=MeetingStatus.PLANNED, start=SOON) -> MeetingFacts:
    return MeetingFacts(created_by_id=created_by, invited=frozenset(invited), status=status,
                        starts_at=start, ends_at=start + timedelta(hours=1))


STAFF_SCOPES = {Scope.GOALS, Scope.ALL_MEASURES, Scope.DIALOG}


# --- who may schedule, see, move and cancel ------------------------------------------


@pytest.mark.parametrize("role,expected", [
    (Role.KOORDINATOR, True), (Role.VEILEDER, True), (Role.TJENESTEYTER, True),
    (Role.PERSON, False), (Role.PARORENDE, False), (Role.VERGE, False), (None, False),
])
def test_who_may_schedule(role, expected):
    assert may_schedule(_access(role, STAFF_SCOPES)) is expected


def test_the_person_sees_every_meeting_of_their_plan():
    assert may_see(_access(Role.PERSON), _facts(invited=()), ME)


def test_a_participant_sees_meetings_they_are_invited_to_or_scheduled():
    narrow = _access(Role.TJENESTEYTER, {Scope.OWN_MEASURES}, participant_id=7)
    assert may_see(narrow, _facts(invited=(7,)), ME)
    assert may_see(narrow, _facts(created_by=ME), ME)
    assert not may_see(narrow, _facts(invited=(8,)), ME)
    # a consent that covers all tiltak covers the plan's whole schedule
    assert may_see(_access(Role.TJENESTEYTER, {Scope.ALL_MEASURES}), _facts(invited=(8,)), ME)
    # no access at all (no consent, left the plan): nothing
    assert not may_see(_access(None), _facts(invited=(7,)), ME)


def test_the_topic_follows_the_consent():
    dialog_only = _access(Role.PARORENDE, {Scope.DIALOG}, participant_id=7)
    f = _facts(invited=(7,))
    assert may_see(dialog_only, f, ME) and not may_read_topic(dialog_only, f, ME)
    assert may_read_topic(_access(Role.PARORENDE, {Scope.GOALS}, participant_id=7), f, ME)
    assert may_read_topic(_access(Role.PERSON), f, ME)
    assert may_read_topic(dialog_only, _facts(created_by=ME), ME)


def test_who_may_move_or_cancel():
    coord = _access(Role.KOORDINATOR, STAFF_SCOPES)
    check_change(coord, _facts(created_by=1), ME, NOW)  # any meeting of the plan
    check_change(_access(Role.VEILEDER, STAFF_SCOPES), _facts(created_by=1), ME, NOW)
    provider = _access(Role.TJENESTEYTER, STAFF_SCOPES)
    check_change(provider, _facts(created_by=ME), ME, NOW)  # their own
    with pytest.raises(RuleError, match="error.not_allowed"):
        check_change(provider, _facts(created_by=1), ME, NOW)  # not someone else's
    for role in (Role.PERSON, Role.PARORENDE, Role.VERGE):
        with pytest.raises(RuleError, match="error.not_allowed"):
            check_change(_access(role, STAFF_SCOPES), _facts(created_by=ME, invited=(7,)), ME, NOW)
    with pytest.raises(RuleError, match="error.meeting_cancelled"):
        check_change(coord, _facts(status=MeetingStatus.CANCELLED), ME, NOW)
    with pytest.raises(RuleError, match="error.meeting_past"):
        check_change(coord, _facts(start=NOW - timedelta(minutes=1)), ME, NOW)
    with pytest.raises(RuleError, match="error.not_allowed"):  # cannot see it: cannot change it
        check_change(_access(Role.TJENESTEYTER, {Scope.OWN_MEASURES}), _facts(), ME, NOW)


# --- validation ------------------------------------------------------------------------


def _form(**over):
    data = {"day": "2027-03-10", "at": "10:00", "minutes": "60", "place_kind": "place",
            "place": "NAV Fjordvik", "link": "", "topic": "Samarbeidsmøte", "agenda": "",
            "invitees": ["3", "1"]}
    data.update(over)
    return data


def test_a_valid_meeting_in_norwegian_time_is_stored_in_utc():
    m = validate_meeting(NewMeeting, _form(), NOW)
    assert m.starts_at == datetime(2027, 3, 10, 9, 0, tzinfo=timezone.utc)  # CET, UTC+1
    assert m.ends_at - m.starts_at == timedelta(hours=1)
    assert m.invitees == [1, 3]
    summer = validate_meeting(NewMeeting, _form(day="2027-07-01"), NOW)
    assert summer.starts_at == datetime(2027, 7, 1, 8, 0, tzinfo=timezone.utc)  # CEST, UTC+2
    assert local_start(date(2027, 7, 1), time(10, 0)).tzinfo is not None


@pytest.mark.parametrize("over,field,key", [
    ({"day": ""}, "day", "error.date_required"),
    ({"day": "32.13.2027"}, "day", "error.date_invalid"),
    ({"at": ""}, "at", "error.time_required"),
    ({"at": "25:61"}, "at", "error.time_invalid"),
    ({"minutes": "0"}, "minutes", "error.meeting_length"),
    ({"minutes": "600"}, "minutes", "error.meeting_length"),
    ({"minutes": "lang"}, "minutes", "error.meeting_length"),
    ({"place_kind": "moon"}, "place_kind", "error.place_kind"),
    ({"place": ""}, "place", "error.place_required"),
    ({"place": "x" * 201}, "place", "error.place_too_long"),
    ({"topic": "  "}, "topic", "error.topic_required"),
    ({"topic": "x" * 201}, "topic", "error.title_too_long"),
    ({"agenda": "x" * 2001}, "agenda", "error.text_too_long"),
    ({"link": "javascript:alert(1)"}, "link", "error.link_invalid"),
    ({"link": "ftp://example.no/x"}, "link", "error.link_invalid"),
    ({"link": "https://"}, "link", "error.link_invalid"),
    ({"link": "https://ex ample.no"}, "link", "error.link_invalid"),
    ({"link": "https://x.no/" + "a" * 500}, "link", "error.link_invalid"),
    ({"day": "2027-03-01", "at": "12:30"}, "at", "error.meeting_in_past"),  # 11:30 UTC < now
    ({"invitees": ["x"]}, "invitees", "error.invalid"),
])
def test_bad_input_names_the_field(over, field, key):
    with pytest.raises(FormError) as exc:
        validate_meeting(NewMeeting, _form(**over), NOW)
    assert exc.value.errors.get(field) == key, exc.value.errors


def test_video_and_phone_need_no_place_and_links_are_http_only():
    m = validate_meeting(NewMeeting, _form(place_kind="video", place="",
                                           link="https://video.example.no/m/1"), NOW)
    assert m.link == "https://video.example.no/m/1"
    assert validate_meeting(NewMeeting, _form(place_kind="telefon", place=""), NOW).place == ""
    moved = validate_meeting(MoveMeeting, _form(reason="Tolken kunne ikke"), NOW)
    assert moved.reason == "Tolken kunne ikke"


def test_end_after_start_and_invitees_from_the_plan():
    with pytest.raises(RuleError, match="error.meeting_end_order"):
        check_times(SOON, SOON)
    with pytest.raises(RuleError, match="error.meeting_length"):
        check_times(SOON, SOON + timedelta(hours=9))
    check_invitees([1, 2], {1, 2, 3})
    with pytest.raises(RuleError):
        check_invitees([1, 99], {1, 2, 3})


# --- data: versions, no lost update, nothing deleted --------------------------------------


def test_schedule_move_cancel_keep_every_version(fresh_db, demo):
    with Session(db.engine()) as s:
        plan = demo.plan(s, "amina")
        actor = demo.actor(s, "amina", "koordinator")
        start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=20)
        m = md.schedule(s, plan_id=plan.id, actor=actor, starts_at=start,
                        ends_at=start + timedelta(hours=1), place_kind="place", place="Rom 1",
                        topic="Test", invited=[demo.participant(s, "amina", "amina").id])
        assert (m.version, m.status) == (1, "planned")
        later = start + timedelta(days=1)
        moved = md.move(s, meeting_id=m.id, based_on_version=1, actor=actor, starts_at=later,
                        ends_at=later + timedelta(minutes=30), place_kind="video",
                        reason="Tolken kunne ikke")
        assert (moved.version, moved.status, moved.starts_at) == (2, "moved", later)
        with pytest.raises(md.StaleMeeting) as stale:  # based on the old version: refused
            md.cancel(s, meeting_id=m.id, based_on_version=1, actor=actor)
        assert stale.value.current.version == 2
        cancelled = md.cancel(s, meeting_id=m.id, based_on_version=2, actor=actor, reason="Syk")
        s.commit()
        assert cancelled.status == "cancelled" and s.get(Meeting, m.id) is not None
        versions = md.versions_of(s, [m.id])[m.id]
        assert [v.version for v in versions] == [1, 2, 3]
        assert versions[0].snapshot["starts_at"] == start.isoformat()  # the old time is kept
        assert versions[1].reason == "Tolken kunne ikke" and versions[2].reason == "Syk"
        assert s.exec(select(MeetingVersion).where(MeetingVersion.meeting_id == m.id)).all()


def test_demo_plans_have_an_upcoming_and_a_past_meeting(s, demo):
    now = datetime.now(timezone.utc)
    for person in ("amina", "emil", "sara", "noah"):
        plan = demo.plan(s, person)
        meetings = md.meetings_of(s, plan.id)
        assert any(m.starts_at > now for m in meetings), person
        assert any(m.ends_at < now for m in meetings), person


def _ctx(s, demo, username, person, today):
    viewer = demo.viewer(s, username)
    plan = demo.plan(s, person)
    _, access = access_for(s, viewer, plan.id, today)
    return viewer, plan, access


def test_who_sees_which_demo_meeting(s, demo, today):
    topics = {}
    for user in ("amina", "koordinator", "veileder", "laerer", "parorende", "emil"):
        viewer, plan, access = _ctx(s, demo, user, "amina", today)
        topics[user] = {m.topic for m in md.visible_meetings(s, plan.id, access, viewer)}
    both = {"Samarbeidsmøte om praksisplassen", "Oppfølging etter oppstart i praksis"}
    assert topics["amina"] == topics["koordinator"] == topics["veileder"] == both
    assert topics["laerer"] == {"Samarbeidsmøte om praksisplassen"}  # invited; own tiltak only
    assert topics["parorende"] == set() and topics["emil"] == set()  # no consent / not in it


def test_the_plan_page_shows_upcoming_first_and_past_apart(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
    page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")
    assert not page.can_schedule
    assert [m.title for m in page.meetings] == ["Samarbeidsmøte om praksisplassen"]
    assert [m.title for m in page.past_meetings] == ["Oppfølging etter oppstart i praksis"]
    up = page.meetings[0]
    assert "kl. 10:00–11:00" in up.when and up.place.startswith("Oppmøte: NAV Fjordvik")
    assert "Deg" in up.invited and not up.can_change
    viewer, plan, access = _ctx(s, demo, "koordinator", "amina", today)
    staff = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "en"),
                       viewer, today, "en")
    assert staff.can_schedule and staff.meetings[0].can_change
    assert staff.meetings[0].created_by == "Scheduled by you"
    assert not staff.past_meetings[0].can_change  # held: history
    assert ", 10:00–11:00" in staff.meetings[0].when


def test_fmt_when_in_every_language():
    start = datetime(2027, 12, 2, 9, 0, tzinfo=timezone.utc)
    end = start + timedelta(hours=1)
    assert fmt_when(start, end, "nb") == "torsdag 2. desember 2027 kl. 10:00–11:00"
    assert fmt_when(start, end, "en") == "Thursday 2 December 2027, 10:00–11:00"
    assert "10:00–11:00" in fmt_when(start, end, "nn") and "10:00" in fmt_when(start, end, "uk")


# --- calendar file and PDF --------------------------------------------------------------


def _moved_and_cancelled(s, demo):
    """The upcoming demo meeting of Amina's plan, moved once and then cancelled."""
    plan = demo.plan(s, "amina")
    actor = demo.actor(s, "amina", "koordinator")
    m = next(m for m in md.meetings_of(s, plan.id) if m.topic.startswith("Samarbeidsmøte"))
    start = m.starts_at + timedelta(days=1)
    moved = md.move(s, meeting_id=m.id, based_on_version=m.version, actor=actor, starts_at=start,
                    ends_at=start + timedelta(hours=1), place_kind="place", place="Rom 2")
    md.cancel(s, meeting_id=m.id, based_on_version=moved.version, actor=actor)
    s.commit()
    return m.id, start


def test_calendar_has_meetings_at_the_right_time(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        m = next(m for m in md.meetings_of(s, plan.id) if m.topic.startswith("Samarbeidsmøte"))
        cal = Calendar.from_ical(plan_ics(load_calendar(s, plan, access, viewer), viewer, "nb"))
        ev = next(e for e in cal.walk("VEVENT") if str(e["uid"]) == f"plan{plan.id}-meeting{m.id}@minplan")
        assert ev.decoded("dtstart") == m.starts_at and ev.decoded("dtend") == m.ends_at
        assert ev.decoded("dtstart").utcoffset() == timedelta(0)
        assert str(ev["summary"]) == "Samarbeidsmøte om praksisplassen"
        assert str(ev["location"]).startswith("Oppmøte: NAV Fjordvik")
        assert str(ev["status"]) == "CONFIRMED" and int(ev["sequence"]) == 0
        mid, start = _moved_and_cancelled(s, demo)
        again = Calendar.from_ical(plan_ics(load_calendar(s, plan, access, viewer), viewer, "nb"))
        ev = next(e for e in again.walk("VEVENT") if str(e["uid"]).startswith(f"plan{plan.id}-meeting{mid}@"))
        assert str(ev["status"]) == "CANCELLED" and int(ev["sequence"]) == 2
        assert ev.decoded("dtstart") == start and str(ev["summary"]).startswith("Avlyst: ")
        # the lærer sees only the meeting they are invited to; the emil account nothing
        viewer, plan, access = _ctx(s, demo, "laerer", "amina", today)
        summaries = [str(e["summary"]) for e in Calendar.from_ical(
            plan_ics(load_calendar(s, plan, access, viewer), viewer, "nb")).walk("VEVENT")]
        assert not any("Oppfølging etter oppstart" in x for x in summaries)


def _pdf_text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_pdf_lists_meetings_in_the_chosen_period(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
    text = _pdf_text(plan_pdf(plan_html(load_export(s, plan, access, viewer, today, "nb", ExportOptions()),
                                        viewer, today, "nb", ExportOptions()),
                              "nb", "x"))
    assert "Møter" in text and "Samarbeidsmøte om praksisplassen" in text
    assert "Oppfølging etter oppstart i praksis" in text
    upcoming = ExportOptions(start=today, end=today + timedelta(days=30))
    doc = plan_html(load_export(s, plan, access, viewer, today, "nb", upcoming),
                    viewer, today, "nb", upcoming)
    assert "Samarbeidsmøte om praksisplassen" in doc
    assert "Oppfølging etter oppstart i praksis" not in doc  # held before the period
