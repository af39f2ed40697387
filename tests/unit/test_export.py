"""The plan as PDF and calendar: what the viewer may see, in their language (#6)."""

from __future__ import annotations

import re

import io
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import Session, select

from ip_app.export.data import load_calendar, load_export

from ip_app.export.view import ExportOptions, plan_html, plan_ics, plan_pdf
from ip_app.kernel import db
from ip_app.kernel.models import Measure, Meeting, MeetingMinutes
from ip_app.kernel.plan_access import access_for


def _ctx(s, demo, viewer_name, person, today):
    viewer = demo.viewer(s, viewer_name)
    plan = demo.plan(s, person)
    _, access = access_for(s, viewer, plan.id, today)
    return viewer, plan, access


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_persons_pdf_has_goals_measures_people_and_consents(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
    doc = plan_html(load_export(s, plan, access, viewer, today, "nb", ExportOptions()),
                    viewer, today, "nb", ExportOptions())
    pdf = plan_pdf(doc, "nb", "Min plan")
    assert pdf.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf).split())
    for expected in ("Planen til Amina Yusuf", "Hovedmål", "helsefagarbeider", "Tiltak og aktiviteter",
                     "Hvem gjør hva", "Kari Nordmann", "Samtykker", "Hassan Yusuf",
                     "Neste evaluering"):
        assert expected in text, expected
    # the dialog only when asked for ("Samtalereferat", NAV's referat, is another section)
    assert not re.search(r"\bSamtaler\b", text) and "arbeidstøy" not in text
    opts = ExportOptions(with_dialog=True)
    with_dialog = " ".join(_pdf_text(plan_pdf(plan_html(
        load_export(s, plan, access, viewer, today, "nb", opts), viewer, today, "nb", opts),
        "nb", "x")).split())
    assert "Samtaler" in with_dialog and "arbeidstøy" in with_dialog


def test_a_tjenesteyter_gets_only_their_own_tiltak_and_no_consent_list(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "laerer", "amina", today)
    doc = plan_html(load_export(s, plan, access, viewer, today, "nb", ExportOptions(with_dialog=True)),
                    viewer, today, "nb", ExportOptions(with_dialog=True))
    own = {m.title for m in s.exec(select(Measure).where(Measure.plan_id == plan.id))
           if access.can_see_measure(m.responsible_participant_id, m.restricted_to_org_id,
                                     viewer.org_id)}
    others = {m.title for m in s.exec(select(Measure).where(Measure.plan_id == plan.id))} - own
    assert own and others
    for title in own:
        assert title in doc
    for title in others:
        assert title not in doc
    assert "<h2>Samtykker</h2>" not in doc  # the consent list is for the person and NAV/koordinator


def test_period_and_language(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
    measures = s.exec(select(Measure).where(Measure.plan_id == plan.id)).all()
    ended = [m for m in measures if m.end_date and m.end_date < today]
    undated = [m for m in measures if not m.start_date and not m.end_date]
    assert ended
    later = ExportOptions(start=today, end=today + timedelta(days=30))
    doc = plan_html(load_export(s, plan, access, viewer, today, "en", later),
                    viewer, today, "en", later)
    for m in ended:  # over before the period: left out
        assert m.title not in doc
    for m in undated:  # no dates: part of the plan whatever the period
        assert m.title in doc
    assert "Who does what" in doc and "<html lang='en'>" in doc


def test_text_people_wrote_is_escaped(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        m = s.exec(select(Measure).where(Measure.plan_id == plan.id)).first()
        m.title = "<script>alert(1)</script>"
        s.add(m)
        s.commit()
        doc = plan_html(load_export(s, plan, access, viewer, today, "nb", ExportOptions()),
                        viewer, today, "nb", ExportOptions())
        assert "<script>alert(1)" not in doc and "&lt;script&gt;alert(1)" in doc


def test_calendar_parses_and_holds_tiltak_and_evaluation_dates(s, demo, today):
    viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
    cal = Calendar.from_ical(plan_ics(load_calendar(s, plan, access, viewer), viewer, "nb"))
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["summary"]) for e in events]
    assert "Evaluering av planen" in summaries
    assert any(x.startswith("Start: ") for x in summaries)
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids))
    evaluation = next(e for e in events if str(e["summary"]) == "Evaluering av planen")
    assert evaluation.decoded("dtstart") == plan.next_evaluation
    # stable: the same file twice has the same events
    again = Calendar.from_ical(plan_ics(load_calendar(s, plan, access, viewer), viewer, "nb"))
    assert sorted(uids) == sorted(str(e["uid"]) for e in again.walk("VEVENT"))


def test_the_document_title_is_the_plans_not_a_meetings_topic(s, demo, today):
    """Sara's plan has meetings: the print page's and the PDF's title stay "Planen til …"
    (a meeting's topic once took over the variable that names the document)."""
    viewer, plan, access = _ctx(s, demo, "sara", "sara", today)
    doc = plan_html(load_export(s, plan, access, viewer, today, "nb", ExportOptions()),
                    viewer, today, "nb", ExportOptions(), for_print_page=True)
    title = doc.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Planen til ") and "Sara" in title, title
def test_the_referat_is_printed_for_those_who_may_read_it(s, demo, today):
    plan = demo.plan(s, "amina")
    agreed = s.exec(select(MeetingMinutes.agreed).join(
        Meeting, Meeting.id == MeetingMinutes.meeting_id).where(Meeting.plan_id == plan.id)).first()
    assert agreed
    opts = ExportOptions(start=today - timedelta(days=60), end=today + timedelta(days=60))
    for who, sees in (("amina", True), ("koordinator", True), ("laerer", False)):
        viewer, _, access = _ctx(s, demo, who, "amina", today)
        doc = plan_html(load_export(s, plan, access, viewer, today, "nb", opts),
                        viewer, today, "nb", opts)
        assert (agreed in doc) is sees, who
        assert ("<strong>Referat</strong>" in doc) is sees, who


def test_the_referat_prints_the_tiltak_made_and_changed_with_it(s, demo, today):
    """Issue 21: what a referat did to the plan ("Tiltak fra dette møtet": a tiltak made
    from it, a status changed with it) is printed under the referat, as on its page; a
    tiltak the reader may not see is not named there."""
    from ip_app.minutes import data as mind
    from ip_app.minutes import rules as minutes_rules

    now = datetime.now(timezone.utc)
    plan = demo.plan(s, "amina")
    held = next(m for m in s.exec(select(Meeting).where(Meeting.plan_id == plan.id)
                                  .order_by(Meeting.starts_at)) if m.starts_at < now)
    viewer = demo.viewer(s, "koordinator")
    _, access = access_for(s, viewer, plan.id, today)
    actor = access.actor(viewer)
    mentor = s.exec(select(Measure).where(Measure.plan_id == plan.id, Measure.title ==
                                          "Mentor fra Molde frivilligsentral")).one()
    changes = minutes_rules.changed_measures({
        "chg_1_measure": f"{mentor.id}:{mentor.version}", "chg_1_status": "gjennomfores"})
    checked = mind.check_changes(s, plan=plan, access=access, viewer=viewer, actor=actor,
                                 changes=changes)
    row = mind.save(s, meeting_id=held.id,
                    based_on_version=mind.versions(s, held.id)[-1].version, actor=actor,
                    attendees="", discussed="Mentor starter", agreed="Mentor fra neste uke")
    mind.apply_changes(s, checked=checked, actor=actor, meeting_id=held.id,
                       minutes_version=row.version, note="Fra referat")
    opts = ExportOptions(start=held.starts_at.date() - timedelta(days=1),
                         end=held.starts_at.date() + timedelta(days=1))

    def referat_of(who: str, lang: str = "nb") -> str:
        reader = demo.viewer(s, who)
        _, reader_access = access_for(s, reader, plan.id, today)
        doc = plan_html(load_export(s, plan, reader_access, reader, today, lang, opts), reader,
                        today, lang, opts)
        [referat] = [part.split("</div>", 1)[0] for part in doc.split("<div class='minutes'>")
                     if "Mentor starter" in part.split("</div>", 1)[0]]
        return referat

    printed = referat_of("koordinator")
    assert "Tiltak fra dette møtet" in printed
    assert "Mentor fra Molde frivilligsentral – endret til gjennomføres" in printed
    assert "Mentor fra Molde frivilligsentral" in referat_of("amina")  # the person too
    assert "Mentor fra Molde frivilligsentral – changed to in progress" in referat_of(
        "koordinator", "en")
    pdf = " ".join(_pdf_text(plan_pdf(plan_html(
        load_export(s, plan, access, viewer, today, "nb", opts), viewer, today, "nb", opts),
                                      "nb", "x")).split())
    assert "endret til gjennomføres" in pdf

    # kept to another organisation: the koordinator no longer sees the tiltak, nor its
    # name under the referat
    mentor.restricted_to_org_id = demo.viewer(s, "veileder").org_id
    s.add(mentor)
    s.flush()
    assert "Mentor fra Molde frivilligsentral" not in referat_of("koordinator")
