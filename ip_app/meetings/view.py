"""What the plan page, the print page and the PDF show of the plan's meetings (no Reflex).

Called only with the meetings the access policy let the viewer see
(`meetings.data.visible_with_history`); every text is formatted here in the viewer's
language, times in Norwegian time (Europe/Oslo) through Babel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from babel.dates import format_datetime, format_time, get_timezone

from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import _BABEL_LOCALE, fmt_datetime, t
from ip_app.kernel.models import Meeting, MeetingVersion
from ip_app.meetings.rules import (
    MeetingFacts, MeetingStatus, may_change, may_read_topic, place_text_key, split_upcoming,
)
from ip_app.minutes.rules import may_read as may_read_minutes
from ip_app.plan.data import PlanData

TZ = get_timezone("Europe/Oslo")


@dataclass
class MeetingHistoryRow:
    text: str
    when: str
    reason: str = ""


@dataclass
class MeetingRow:
    id: int
    version: int
    title: str
    when: str
    place: str
    link: str = ""
    agenda: str = ""
    invited: str = ""
    status: str = "planned"
    status_label: str = ""
    cancelled: bool = False
    created_by: str = ""
    can_change: bool = False
    history: list[MeetingHistoryRow] = field(default_factory=list)
    minutes_href: str = ""  # the referat of a held meeting, for those who may read it
    # its current text on the card (the same readers), so a saved referat shows live
    minutes_discussed: str = ""
    minutes_agreed: str = ""


def fmt_when(starts_at: datetime, ends_at: datetime, lang: str) -> str:
    """'torsdag 3. desember 2026 kl. 10:00–11:00' in the viewer's language, Norwegian time."""
    loc = _BABEL_LOCALE.get(lang, "nb_NO")
    day = format_datetime(starts_at, format=t("format.meeting_day", lang), tzinfo=TZ, locale=loc)
    start = format_time(starts_at, "HH:mm", tzinfo=TZ, locale=loc)
    end = format_time(ends_at, "HH:mm", tzinfo=TZ, locale=loc)
    return t("meeting.when", lang, day=day, start=start, end=end)


def place_text(kind: str, place: str, lang: str) -> str:
    key = place_text_key(kind)
    if key:
        return t(key, lang)
    # a place withheld from this viewer (protected address, data.meetings._place_rule)
    return t("meeting.at_place", lang, place=place) if place else t("meeting.place_hidden", lang)


def _who(account_id: int, role: str, viewer: Viewer, names: dict[int, str], lang: str) -> str:
    if account_id == viewer.account_id:
        return t("history.you", lang)
    return t("history.actor", lang, name=names.get(account_id, "?"), role=t(f"role.{role}", lang))


def _history(versions: list[MeetingVersion], viewer: Viewer, names: dict[int, str], lang: str
             ) -> list[MeetingHistoryRow]:
    """What happened to the meeting, newest first: scheduled, moved (from when), cancelled."""
    rows: list[MeetingHistoryRow] = []
    prev: Optional[dict] = None
    for v in versions:
        who = _who(v.changed_by_id, v.changed_by_role, viewer, names, lang)
        snap = v.snapshot
        if prev is None:
            text = t("meeting.history_created", lang, who=who)
        elif snap.get("status") == MeetingStatus.CANCELLED.value:
            text = t("meeting.history_cancelled", lang, who=who)
        else:
            old = fmt_when(datetime.fromisoformat(prev["starts_at"]),
                           datetime.fromisoformat(prev["ends_at"]), lang)
            text = t("meeting.history_moved", lang, who=who, old=old)
        rows.insert(0, MeetingHistoryRow(text=text, when=fmt_datetime(v.changed_at, lang),
                                         reason=v.reason))
        prev = snap
    return rows


def build_meetings(data: PlanData, viewer: Viewer, now: datetime, lang: str, found: list,
                   minutes: dict) -> tuple[list[MeetingRow], list[MeetingRow]]:
    """(upcoming soonest first, past latest first) as this viewer may see them (`found`:
    `meetings.data.visible_with_history`; `minutes`: the current referat of the meetings
    whose referat the viewer may read, by meeting id, as `minutes.data.current_of` read it)."""
    if not found:
        return [], []
    meetings = [m for m, _ in found]
    names = {v.changed_by_id: name for _, vs in found for v, name in vs}
    part_names = {p.id: (t("people.you", lang) if p.account_id == viewer.account_id else p.name)
                  for p in data.participants}
    rows = [_row(m, [v for v, _ in vs], data, viewer, names, part_names, now, lang)
            for m, vs in found]
    for r in rows:
        text = minutes.get(r.id) if r.minutes_href else None
        if text is not None:
            r.minutes_discussed, r.minutes_agreed = text.discussed, text.agreed
    upcoming, past = split_upcoming([(m.starts_at, m.ends_at) for m in meetings], now)
    return [rows[i] for i in upcoming], [rows[i] for i in past]


def _row(m: Meeting, versions: list[MeetingVersion], data: PlanData, viewer: Viewer,
         names: dict[int, str], part_names: dict[int, str], now: datetime, lang: str
         ) -> MeetingRow:
    f = MeetingFacts.of(m)
    topic_ok = may_read_topic(data.access, f, viewer.account_id)
    status = MeetingStatus(m.status)
    creator_role = versions[0].changed_by_role if versions else ""
    invited = [part_names[i] for i in m.invited if i in part_names]
    return MeetingRow(
        id=m.id or 0, version=m.version,
        title=m.topic if topic_ok else t("meeting.neutral_title", lang),
        when=fmt_when(m.starts_at, m.ends_at, lang),
        place=place_text(m.place_kind, m.place, lang), link=m.link,
        agenda=m.agenda if topic_ok else "",
        invited=t("meeting.invited", lang, names=", ".join(invited)) if invited else "",
        status=status.value,
        status_label="" if status == MeetingStatus.PLANNED else t(f"meeting.status_{status.value}", lang),
        cancelled=status == MeetingStatus.CANCELLED,
        created_by=(t("meeting.created_by_you", lang) if m.created_by_id == viewer.account_id
                    else t("meeting.created_by", lang,
                           who=_who(m.created_by_id, creator_role, viewer, names, lang))),
        can_change=may_change(data.access, f, viewer.account_id, now),
        history=_history(versions, viewer, names, lang) if len(versions) > 1 else [],
        minutes_href=(f"/plan/{m.plan_id}/mote/{m.id}/referat"
                      if may_read_minutes(data.access, f, viewer.account_id, now) else ""),
    )
