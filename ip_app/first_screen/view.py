"""The first screen of a plan as finished text (no Reflex): what waits for the viewer, the
next step, whom to write to, and "Nytt siden sist". The rules are in
`first_screen/rules.py`; this module gathers the facts the viewer may see and words them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

from ip_app.first_screen import rules as fs
from ip_app.first_screen.data import FirstData, NewsData
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t, tn
from ip_app.kernel.roles import Role
from ip_app.kernel.voice import voice_for
from ip_app.measures.rules import Status
from ip_app.meetings.rules import MeetingFacts, MeetingStatus, may_read_topic
from ip_app.plan.data import PlanData


@dataclass
class WaitRow:
    text: str
    href: str
    kind: str = ""


@dataclass
class NewsRow:
    text: str
    when: str
    href: str = ""


@dataclass
class FirstScreen:
    waiting: list[WaitRow] = field(default_factory=list)
    next_title: str = ""  # "" when nothing lies ahead
    next_when: str = ""
    next_bring: str = ""
    next_href: str = ""
    write_label: str = ""  # "Skriv til Kari Nordmann"
    write_href: str = ""


def _n(key: str, count: int, lang: str, **kw) -> str:
    return tn(key, count, lang, **kw)


def measure_facts(data: PlanData) -> list[fs.MeasureFacts]:
    return [fs.MeasureFacts(id=m.id, title=m.title, status=Status(m.status), start=m.start_date,
                            end=m.end_date, proposed_by_other=m.created_by_id != data.plan.person_id)
            for m in data.measures]


def build_first(data: PlanData, loaded: FirstData, viewer: Viewer, *, today: date,
                now: datetime, unread: int, dialog_href: str, meetings: list, lang: str
                ) -> FirstScreen:
    """`loaded`: the counts `first_screen.data.load_first` read; `meetings`: as
    `meetings.data.visible_with_history` gave them (already read)."""
    out = FirstScreen()
    decides = fs.decides_consent(data.access, data.person_birth_date, today)
    requests, records = loaded.consent_requests, loaded.unread_records
    measures = measure_facts(data)
    for w in fs.waiting_for(decides_consent=decides, consent_requests=requests,
                            measures=measures, unread=unread, unread_records=records):
        if w.kind == "consent":
            if not data.access.is_owner:  # the person answers the requests shown right here
                v = voice_for(viewer_is_owner=False, viewer_role=data.access.role,
                              owner_name=data.person_name)
                whose = v.owner_gen if lang in ("nb", "nn") else v.owner
                out.waiting.append(WaitRow(_n("first.wait_consent_child", w.count, lang,
                                              name=whose), "/samtykker", w.kind))
        elif w.kind == "proposal":
            out.waiting.append(WaitRow(_n("first.wait_proposal", w.count, lang),
                                       "#measures-heading", w.kind))
        elif w.kind == "record":
            out.waiting.append(WaitRow(_n("first.wait_record", w.count, lang),
                                       f"/plan/{data.plan.id}/samtalereferat", w.kind))
        elif w.kind == "unread" and dialog_href:
            out.waiting.append(WaitRow(_n("first.wait_unread", w.count, lang), dialog_href,
                                       w.kind))
    facts = []
    for m, _versions in meetings:
        topic_ok = may_read_topic(data.access, MeetingFacts.of(m), viewer.account_id)
        facts.append(fs.MeetingFacts(
            id=m.id, starts_at=m.starts_at,
            title=m.topic if topic_ok else t("meeting.neutral_title", lang),
            cancelled=m.status == MeetingStatus.CANCELLED.value,
            agenda=m.agenda if topic_ok else ""))
    step = fs.next_step(today=today, now=now, measures=measures, meetings=facts,
                        next_evaluation=data.plan.next_evaluation)
    if step is not None:
        if step.kind == "meeting":
            out.next_title = t("first.next_meeting", lang, title=step.title)
            out.next_when = fmt_datetime(step.at, lang)
            out.next_bring = step.bring
            out.next_href = "#meetings-heading"
        elif step.kind == "evaluation":
            out.next_title = t("first.next_evaluation", lang)
            out.next_when = fmt_date(step.on, lang)
            out.next_href = "#progress-heading"
        else:
            out.next_title = t(f"first.next_{step.kind}", lang, title=step.title)
            out.next_when = fmt_date(step.on, lang)
            out.next_href = "#measures-heading"
    if dialog_href:
        helper = _helper(data, viewer)
        if helper:
            out.write_label = t("first.write_to", lang, name=helper[1])
            out.write_href = f"{dialog_href}?til={helper[0]}"
    return out


def _helper(data: PlanData, viewer: Viewer) -> Optional[tuple[int, str]]:
    """Whom the viewer writes to first: the NAV-veileder, else the koordinator."""
    for role in (Role.VEILEDER, Role.KOORDINATOR):
        for p in data.participants:
            if p.role == role and p.account_id != viewer.account_id:
                return p.account_id, p.name
    return None


def news_rows(loaded: NewsData, data: PlanData, viewer: Viewer, *, lang: str) -> list[NewsRow]:
    """'Nytt siden sist': what others changed after `loaded.since`, in plain words."""
    shown = []
    for m, versions in loaded.meetings:
        if not may_read_topic(data.access, MeetingFacts.of(m), viewer.account_id):
            m = m.model_copy(update={"topic": t("meeting.neutral_title", lang)})
        shown.append((m, versions))
    changes = loaded.changes + fs.meeting_changes(loaded.since, shown)
    since = loaded.since
    rows = []
    for c in fs.new_since(changes, since=since, viewer_id=viewer.account_id):
        if c.subject == "measure" and c.what == "changed" and c.status:
            text = t("news.measure_status", lang, who=c.who, title=c.title,
                     status=t(f"status.{c.status}", lang).lower())
        else:
            text = t(f"news.{c.subject}_{c.what}", lang, who=c.who, title=c.title)
        href = {"measure": "#measures-heading", "goal": "#goal-heading",
                "meeting": "#meetings-heading"}[c.subject]
        rows.append(NewsRow(text=text, when=fmt_datetime(c.when, lang), href=href))
    return rows
