"""What the referat page shows (no Reflex): the current text, every earlier text, the
person's answers, formatted in the viewer's language. Built only for a meeting the
viewer may read the referat of (`minutes.rules.may_read`, checked by the caller)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.models import Meeting, MeetingMinutes
from ip_app.meetings.rules import MeetingFacts
from ip_app.meetings.view import fmt_when
from ip_app.minutes.data import MinutesData
from ip_app.measures.rules import ORDER, next_statuses
from ip_app.minutes.rules import CHANGE_ROWS, NEW_MEASURE_ROWS, may_respond, may_write
from ip_app.plan.rules import measure_facts


@dataclass
class MinutesText:
    attendees: str = ""
    discussed: str = ""
    agreed: str = ""
    written: str = ""  # "Skrevet av Ola Hansen (koordinator) 3. desember 2026 kl. 14:02"
    version: int = 0


@dataclass
class AnswerRow:
    text: str
    when: str
    comment: str = ""


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class LinkedMeasure:
    title: str
    status: str
    changed: bool = False  # its status was changed from the referat (else: made from it)


@dataclass
class MinutesPage:
    mode: str = "loading"  # loading | page | denied | ended
    title: str = ""
    when: str = ""
    plan_href: str = ""
    current: MinutesText = field(default_factory=MinutesText)
    earlier: list[MinutesText] = field(default_factory=list)  # newest first
    answers: list[AnswerRow] = field(default_factory=list)  # newest first
    can_write: bool = False
    can_respond: bool = False
    confirmed: bool = False  # the person has confirmed the current text
    # "Nye tiltak fra møtet": who may be made responsible (writers only), what was made
    responsible_options: list[Choice] = field(default_factory=list)
    new_rows: list[int] = field(default_factory=list)  # the form's rows: 1, 2, 3
    measures: list[LinkedMeasure] = field(default_factory=list)
    # "Endre status på tiltak": the tiltak the writer may move ("<id>:<version>"), statuses
    change_options: list[Choice] = field(default_factory=list)
    status_options: list[Choice] = field(default_factory=list)
    change_rows: list[int] = field(default_factory=list)


def _written(v: MeetingMinutes, viewer: Viewer, names: dict[int, str], lang: str) -> str:
    who = (t("people.you_written", lang) if v.written_by_id == viewer.account_id else
           t("history.actor", lang, name=names.get(v.written_by_id, "?"),
             role=t(f"role.{v.written_by_role}", lang)))
    return t("minutes.written", lang, who=who, when=fmt_datetime(v.written_at, lang))


def _text(v: MeetingMinutes, viewer: Viewer, names: dict[int, str], lang: str) -> MinutesText:
    return MinutesText(attendees=v.attendees, discussed=v.discussed, agreed=v.agreed,
                       written=_written(v, viewer, names, lang), version=v.version)


def build_minutes_page(loaded: MinutesData, meeting: Meeting, facts: MeetingFacts,
                       access: PlanAccess, viewer: Viewer, now: datetime, lang: str
                       ) -> MinutesPage:
    """The referat page, from what `minutes.data.load_page` read."""
    versions, answers, names = loaded.versions, loaded.answers, loaded.names
    page = MinutesPage(mode="page", title=meeting.topic,
                       when=fmt_when(meeting.starts_at, meeting.ends_at, lang),
                       plan_href=f"/plan/{meeting.plan_id}",
                       can_write=may_write(access, facts, viewer.account_id, now),
                       can_respond=may_respond(access, facts, viewer.account_id, now))
    if versions:
        page.current = _text(versions[-1], viewer, names, lang)
        page.earlier = [_text(v, viewer, names, lang) for v in reversed(versions[:-1])]
    rows = []
    for r, name in answers:
        who = t("history.you", lang) if r.by_id == viewer.account_id else name
        if r.kind == "read":
            text = t("minutes.answer_read", lang, who=who, version=r.minutes_version)
        else:
            text = t("minutes.answer_comment", lang, who=who, version=r.minutes_version)
        rows.insert(0, AnswerRow(text=text, when=fmt_datetime(r.at, lang),
                                 comment=r.text if r.kind == "comment" else ""))
        if r.kind == "read" and versions and r.minutes_version == versions[-1].version:
            page.confirmed = True
    page.answers = rows
    if page.can_write:
        page.new_rows = list(range(1, NEW_MEASURE_ROWS + 1))
        page.responsible_options = [
            Choice(value=str(pid), label=f"{name} ({t(f'role.{role}', lang)})")
            for pid, name, role in loaded.choices]
    data = loaded.plan_data
    if data is not None and page.can_write:
        actor = access.actor(viewer)
        for m in data.measures:
            facts = measure_facts(m, data.participant(m.responsible_participant_id),
                                  data.plan.person_id)
            if next_statuses(actor, facts):
                page.change_options.append(Choice(
                    value=f"{m.id}:{m.version}",
                    label=f"{m.title} ({t(f'status.{m.status}', lang)})"))
        if page.change_options:
            page.change_rows = list(range(1, CHANGE_ROWS + 1))
            page.status_options = [Choice(value=st.value, label=t(f"status.{st.value}", lang))
                                   for st in ORDER]
    for link, m in loaded.linked:
        if link.kind == "changed":
            page.measures.append(LinkedMeasure(
                title=m.title, changed=True,
                status=t("minutes.changed_to", lang,
                         status=t(f"status.{link.status}", lang).lower())))
        else:
            page.measures.append(LinkedMeasure(
                title=m.title, status=t(f"status.{m.status}", lang)))
    return page
