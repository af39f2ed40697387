"""What the print page, the PDF and the calendar file are built from (export/view.py), read
through the same policy and loaders as the plan page, so a printout shows exactly what the
viewer may see on screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlmodel import Session

from ip_app.consent import data as consent_data
from ip_app.consent.rules import may_request
from ip_app.conversation_records import data as records_data
from ip_app.dialog import data as dialog_data
from ip_app.export.rules import ExportOptions, overlaps
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.models import Meeting, Plan
from ip_app.meetings import data as meeting_data
from ip_app.meetings.rules import meeting_day
from ip_app.minutes import data as minutes_data
from ip_app.plan.data import PlanData, PlanPageData, load_page, load_plan


@dataclass
class ExportData:
    """The plan page's data, and what only the printout shows: the meetings in the chosen
    period with their current referat, the samtalereferat, the consents (for the person and
    the staff who answer for the plan) and, when asked for, the conversations."""
    page: PlanPageData
    meetings: list[Meeting] = field(default_factory=list)
    minutes: dict = field(default_factory=dict)  # meeting id -> current referat
    linked: dict = field(default_factory=dict)  # meeting id -> tiltak made from its referat
    records: records_data.RecordsData = field(default_factory=records_data.RecordsData)
    consents: Optional[list] = None  # (name, status, until); None: not shown to this viewer
    threads: list = field(default_factory=list)  # (thread info, [(message, sender name)])


def _meetings(s: Session, data: PlanData, viewer: Viewer) -> list[Meeting]:
    return meeting_data.visible_meetings(
        s, data.plan.id, data.access, viewer, person_protected=data.person_protected,
        coordinator_participant_id=data.plan.coordinator_participant_id)


def load_export(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer, today: date,
                lang: str, opts: ExportOptions) -> ExportData:
    data = load_plan(s, plan, access, viewer)
    out = ExportData(page=load_page(s, data, viewer, today, lang))
    out.meetings = [m for m in _meetings(s, data, viewer)
                    if overlaps(meeting_day(m.starts_at), meeting_day(m.ends_at), opts)]
    # the current referat of each; the view shows those the viewer may read (one query)
    out.minutes = meeting_data.current_of(s, [m.id for m in out.meetings])
    out.linked = minutes_data.linked_of(s, [m.id for m in out.meetings if m.id in out.minutes])
    out.records = records_data.load_page(s, plan.id, access, viewer.org_kind)
    if access.is_owner or may_request(access.role, None):
        out.consents = [  # (name, status or None without a consent, valid until)
            (line.account.display_name,
             consent_data.status_on(line.consent, today).value if line.consent else None,
             line.consent.valid_until if line.consent else None)
            for line in consent_data.overview(s, plan.id) if line.participant.left_at is None]
    if opts.with_dialog:  # only threads the viewer may read
        out.threads = [(info, dialog_data.messages(s, info.thread))
                       for info in dialog_data.visible_threads(s, plan, access, viewer)]
    return out


@dataclass
class CalendarData:
    data: PlanData
    meetings: list[Meeting] = field(default_factory=list)


def load_calendar(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer) -> CalendarData:
    data = load_plan(s, plan, access, viewer)
    return CalendarData(data, _meetings(s, data, viewer))
