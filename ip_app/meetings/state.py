"""Scheduling, moving and cancelling a meeting from the plan page ("Nytt møte", "Flytt", "Avlys").

Thin, like the other plan-page states: every handler is declared through the gate
(kernel/gate.py: viewer from the session, access policy, the meeting among those the viewer
may see in the plan this tab shows, refusal audited, one unit of work, the live signal);
the handler keeps the domain rule (`meetings.rules`) and the data call. A meeting id
from the browser is only used to find the meeting; the meeting and the version the form
is based on are then kept server-side.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Optional

import reflex as rx

from ip_app.kernel import gate
from ip_app.kernel.actor import RuleError
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import t
from ip_app.kernel.models import Meeting
from ip_app.kernel.voice import participant_label
from ip_app.meetings import data as md
from ip_app.meetings.rules import (
    LENGTHS, MoveMeeting, NewMeeting, PlaceKind, cancel_reason, check_change, check_invitees,
    local, may_schedule, validate_meeting,
)
from ip_app.meetings.view import fmt_when
from ip_app.plan.state import PlanState
from ip_app.plan.view import Option


@dataclass
class MeetingForm:
    key: str = "empty"  # a new key remounts the inputs with these values
    mode: str = "new"  # new | move | cancel
    title: str = ""  # the meeting being moved or cancelled
    when: str = ""
    day: str = ""
    at: str = ""
    minutes: str = "60"
    place_kind: str = PlaceKind.PLACE.value
    place: str = ""
    link: str = ""
    topic: str = ""
    agenda: str = ""
    reason: str = ""
    invited: list[str] = field(default_factory=list)
    invitee_options: list[Option] = field(default_factory=list)
    length_options: list[Option] = field(default_factory=list)
    place_options: list[Option] = field(default_factory=list)


def _choices(lang: str) -> dict:
    return dict(
        length_options=[Option(value=str(n), label=t("meeting.minutes", lang, n=n)) for n in LENGTHS],
        place_options=[Option(value=k.value, label=t(f"meeting.kind_{k.value}", lang))
                       for k in PlaceKind],
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _meeting_row(g: gate.Ctx, meeting_id: int) -> Optional[Meeting]:
    """A meeting of the plan named, if the viewer may see it."""
    data = g.data
    return next((m for m in md.visible_meetings(
        g.s, data.plan.id, data.access, g.viewer, person_protected=data.person_protected,
        coordinator_participant_id=data.plan.coordinator_participant_id)
        if m.id == meeting_id), None)


gate.row_kind("meeting", _meeting_row)

_ACTIONS = {"new": "schedule_meeting", "move": "move_meeting", "cancel": "cancel_meeting"}


def _mode(state: "MeetingState") -> str:
    return state.form.mode if state.form.mode in _ACTIONS else "new"


def _action(state: "MeetingState") -> str:
    """The audit action of a save: what the open form does."""
    return _ACTIONS[_mode(state)]


def _not_allowed(state: "MeetingState", g: gate.Ctx) -> None:
    state.errors = {"_form": g.t("error.not_allowed")}


class MeetingState(rx.State):
    is_open: bool = False
    form: MeetingForm = MeetingForm()
    errors: dict[str, str] = {}
    conflict: str = ""
    _meeting_id: int = 0  # the meeting the move/cancel form was opened for
    _version: int = 0  # the version that form is based on

    # -- opening the dialog --------------------------------------------------------

    @rx.event
    @gate.read("open_new_meeting", on=PlanState, data=True, may=lambda g: may_schedule(g.access))
    async def open_new(self, g: gate.Ctx):
        data, lang = g.data, g.lang
        tomorrow = (local(_now()) + timedelta(days=1)).date()
        self.form = MeetingForm(
            key=uuid.uuid4().hex, mode="new", day=tomorrow.isoformat(), at="10:00",
            invited=[str(p.id) for p in data.participants
                     if p.account_id in (data.plan.person_id, g.viewer.account_id)],
            invitee_options=[Option(value=str(p.id), label=t(
                "meeting.invitee", lang, name=p.name,
                role=participant_label(p.role.value, lang, p.title))) for p in data.participants],
            **_choices(lang))
        self._meeting_id, self._version = 0, 0
        self.errors, self.conflict, self.is_open = {}, "", True

    def _open_existing(self, g: gate.Ctx, mode: str) -> None:
        """The meeting the gate found; the rule decides whether this viewer may change it."""
        m = g.row
        try:
            check_change(g.access, md.facts(m), g.viewer.account_id, _now())
        except RuleError as exc:
            g.refuse(exc.key, key=exc.key)
        self._fill_from(m, mode, g.lang)
        self.errors, self.conflict, self.is_open = {}, "", True

    def _fill_from(self, m: Meeting, mode: str, lang: str, **typed: str) -> None:
        start = local(m.starts_at)
        values = dict(day=start.date().isoformat(), at=start.strftime("%H:%M"),
                      minutes=str(int((m.ends_at - m.starts_at).total_seconds() // 60)),
                      place_kind=m.place_kind, place=m.place, link=m.link)
        values.update({k: v for k, v in typed.items() if k in values or k == "reason"})
        self.form = MeetingForm(key=uuid.uuid4().hex, mode=mode, title=m.topic,
                                when=fmt_when(m.starts_at, m.ends_at, lang), **values,
                                **_choices(lang))
        self._meeting_id, self._version = m.id or 0, m.version

    @rx.event
    @gate.read("open_move_meeting", on=PlanState, data=True, row="meeting", row_id="meeting_id")
    async def open_move(self, g: gate.Ctx, meeting_id: int):
        self._open_existing(g, "move")

    @rx.event
    @gate.read("open_cancel_meeting", on=PlanState, data=True, row="meeting",
               row_id="meeting_id")
    async def open_cancel(self, g: gate.Ctx, meeting_id: int):
        self._open_existing(g, "cancel")

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    # -- saving --------------------------------------------------------------------

    @rx.event
    @gate.write("save_meeting", action_of=_action, on=PlanState, data=True, row="meeting",
                row_id="self._meeting_id", new_ok=True, field="errors", on_refused=_not_allowed)
    async def save(self, g: gate.Ctx, form_data: dict):
        mode = _mode(self)
        data, lang, actor, now = g.data, g.lang, g.actor, _now()
        raw = {k: v for k, v in form_data.items() if isinstance(k, str)}
        try:
            if mode == "new":
                if not may_schedule(g.access):
                    raise RuleError("error.not_allowed")
                raw["invitees"] = [k.removeprefix("invitee_") for k, v in raw.items()
                                   if k.startswith("invitee_") and v]
                form = validate_meeting(NewMeeting, raw, now)
                assert isinstance(form, NewMeeting)
                try:
                    check_invitees(form.invitees, {p.id for p in data.participants})
                except RuleError as exc:
                    raise FormError({"invitees": exc.key}) from exc
                m = md.schedule(g.s, plan_id=data.plan.id, actor=actor,
                                starts_at=form.starts_at, ends_at=form.ends_at,
                                place_kind=form.place_kind.value, place=form.place,
                                link=form.link, topic=form.topic, agenda=form.agenda,
                                invited=form.invitees)
                notice = t("notice.meeting_scheduled", lang, when=fmt_when(m.starts_at, m.ends_at, lang))
            else:
                m = g.row
                if m is None:  # a move or cancel form without its meeting
                    raise RuleError("error.not_allowed")
                check_change(g.access, md.facts(m), g.viewer.account_id, now)
                if mode == "move":
                    form = validate_meeting(MoveMeeting, raw, now)
                    assert isinstance(form, MoveMeeting)
                    if m.version != self._version:
                        raise md.StaleMeeting(m)
                    m = md.move(g.s, meeting_id=m.id, based_on_version=self._version,
                                actor=actor, starts_at=form.starts_at, ends_at=form.ends_at,
                                place_kind=form.place_kind.value, place=form.place,
                                link=form.link, reason=form.reason)
                    notice = t("notice.meeting_moved", lang,
                               when=fmt_when(m.starts_at, m.ends_at, lang))
                else:
                    reason = cancel_reason(raw.get("reason"))
                    if m.version != self._version:
                        raise md.StaleMeeting(m)
                    m = md.cancel(g.s, meeting_id=m.id, based_on_version=self._version,
                                  actor=actor, reason=reason)
                    notice = t("notice.meeting_cancelled", lang, title=m.topic)
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        except RuleError as exc:
            if exc.key == "error.not_allowed":
                _not_allowed(self, g)
                g.refuse("role")
            self.errors = {"_form": t(exc.key, lang)}
            return
        except md.StaleMeeting as exc:
            cur = exc.current
            self.conflict = t("error.meeting_stale", lang,
                              when=fmt_when(cur.starts_at, cur.ends_at, lang),
                              status=t(f"meeting.status_{cur.status}", lang))
            typed = {k: str(v) for k, v in raw.items()}
            self._fill_from(cur, mode, lang, **typed)  # the next save builds on it
            self.errors = {}
            g.changed()
            return
        g.audit(target=f"meeting:{m.id}", detail=m.starts_at.isoformat())
        g.changed()
        self.is_open, self.errors, self.conflict = False, {}, ""
        g.page.notice = notice
