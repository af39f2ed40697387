"""Scheduling, moving and cancelling a meeting from the plan page ("Nytt møte", "Flytt", "Avlys").

Thin, like the other plan-page states: every handler goes through the plan page's
gate (`PlanState._writable_plan`: viewer from the session, access policy, refusal
audited), then the domain rule (`domain.meetings`), then the data layer, and tells
every open page of the plan (`changed`). A meeting id from the browser is only used
to find the meeting among those the viewer may see in the plan this tab shows; the
meeting and the version the form is based on are then kept server-side.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data import meetings as md
from ip_app.data.models import Meeting
from ip_app.data.plans import PlanData
from ip_app.domain.access import Viewer
from ip_app.domain.forms import FormError
from ip_app.domain.measures import RuleError
from ip_app.domain.meetings import (
    LENGTHS, MoveMeeting, NewMeeting, PlaceKind, cancel_reason, check_change, check_invitees,
    local, may_schedule, validate_meeting,
)
from ip_app.i18n import t
from ip_app.web.common import db_trouble, to_int as _int, typed
from ip_app.web.lang import lang_of
from ip_app.web.live import changed, plan_lock
from ip_app.web.meeting_view import fmt_when
from ip_app.web.plan_state import PlanState
from ip_app.web.plan_view import Option


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


class MeetingState(rx.State):
    is_open: bool = False
    form: MeetingForm = MeetingForm()
    errors: dict[str, str] = {}
    conflict: str = ""
    _meeting_id: int = 0  # the meeting the move/cancel form was opened for
    _version: int = 0  # the version that form is based on

    async def _context(self, s: Session, action: str, target: str = ""
                       ) -> Optional[tuple[Viewer, PlanData, PlanState]]:
        plan_state = await self.get_state(PlanState)
        ctx = plan_state._writable_plan(s, action, target)
        if ctx is None:
            return None
        return ctx[0], ctx[1], plan_state

    def _refuse(self, s: Session, plan_state: PlanState, viewer: Viewer, data: PlanData,
                action: str, target: str, reason: str) -> None:
        plan_state._refuse(s, viewer, action, data.plan.id, target, reason)
        self.errors = {"_form": t("error.not_allowed", lang_of(self, viewer))}

    def _visible(self, s: Session, data: PlanData, viewer: Viewer, meeting_id: Optional[int]
                 ) -> Optional[Meeting]:
        return next((m for m in md.visible_meetings(
            s, data.plan.id, data.access, viewer, person_protected=data.person_protected,
            coordinator_participant_id=data.plan.coordinator_participant_id)
            if m.id == meeting_id), None)

    # -- opening the dialog --------------------------------------------------------

    @rx.event
    @typed
    async def open_new(self):
        with db.session() as s:
            ctx = await self._context(s, "open_new_meeting")
            if ctx is None:
                return
            viewer, data, plan_state = ctx
            lang = lang_of(self, viewer)
            if not may_schedule(data.access):
                plan_state._refuse(s, viewer, "open_new_meeting", data.plan.id, "", "role")
                return
            tomorrow = (local(_now()) + timedelta(days=1)).date()
            self.form = MeetingForm(
                key=uuid.uuid4().hex, mode="new", day=tomorrow.isoformat(), at="10:00",
                invited=[str(p.id) for p in data.participants
                         if p.account_id in (data.plan.person_id, viewer.account_id)],
                invitee_options=[Option(value=str(p.id), label=t(
                    "meeting.invitee", lang, name=p.name,
                    role=p.title or t(f"role.{p.role.value}", lang))) for p in data.participants],
                **_choices(lang))
        self._meeting_id, self._version = 0, 0
        self.errors, self.conflict, self.is_open = {}, "", True

    async def _open_existing(self, meeting_id: object, mode: str):
        mid = _int(meeting_id)
        action = f"open_{mode}_meeting"
        with db.session() as s:
            ctx = await self._context(s, action, f"meeting:{mid}")
            if ctx is None:
                return
            viewer, data, plan_state = ctx
            m = self._visible(s, data, viewer, mid)
            try:
                if m is None:
                    raise RuleError("error.not_allowed")
                check_change(data.access, md.facts(m), viewer.account_id, _now())
            except RuleError as exc:
                plan_state._refuse(s, viewer, action, data.plan.id, f"meeting:{mid}", exc.key)
                plan_state.error = t(exc.key, lang_of(self, viewer))
                return
            self._fill_from(m, mode, lang_of(self, viewer))
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
    @typed
    async def open_move(self, meeting_id: int):
        await self._open_existing(meeting_id, "move")

    @rx.event
    @typed
    async def open_cancel(self, meeting_id: int):
        await self._open_existing(meeting_id, "cancel")

    @rx.event
    @typed
    def close(self):
        self.is_open = False

    # -- saving --------------------------------------------------------------------

    @rx.event
    @typed
    @db_trouble("errors")
    async def save(self, form_data: dict):
        sig = await plan_lock(self)  # first: serialises writers of this plan
        mode = self.form.mode if self.form.mode in ("new", "move", "cancel") else "new"
        action = {"new": "schedule_meeting", "move": "move_meeting", "cancel": "cancel_meeting"}[mode]
        target = f"meeting:{self._meeting_id}" if mode != "new" else ""
        with db.session() as s:
            ctx = await self._context(s, action, target)
            if ctx is None:
                return
            viewer, data, plan_state = ctx
            plan_state.notice = plan_state.error = ""
            lang = lang_of(self, viewer)
            actor = data.access.actor(viewer)
            now = _now()
            raw = {k: v for k, v in form_data.items() if isinstance(k, str)}
            try:
                if mode == "new":
                    if not may_schedule(data.access):
                        raise RuleError("error.not_allowed")
                    raw["invitees"] = [k.removeprefix("invitee_") for k, v in raw.items()
                                       if k.startswith("invitee_") and v]
                    form = validate_meeting(NewMeeting, raw, now)
                    assert isinstance(form, NewMeeting)
                    try:
                        check_invitees(form.invitees, {p.id for p in data.participants})
                    except RuleError as exc:
                        raise FormError({"invitees": exc.key}) from exc
                    m = md.schedule(s, plan_id=data.plan.id, actor=actor,
                                    starts_at=form.starts_at, ends_at=form.ends_at,
                                    place_kind=form.place_kind.value, place=form.place,
                                    link=form.link, topic=form.topic, agenda=form.agenda,
                                    invited=form.invitees)
                    notice = t("notice.meeting_scheduled", lang, when=fmt_when(m.starts_at, m.ends_at, lang))
                else:
                    m = self._visible(s, data, viewer, self._meeting_id)
                    if m is None:
                        raise RuleError("error.not_allowed")
                    check_change(data.access, md.facts(m), viewer.account_id, now)
                    if mode == "move":
                        form = validate_meeting(MoveMeeting, raw, now)
                        assert isinstance(form, MoveMeeting)
                        if m.version != self._version:
                            raise md.StaleMeeting(m)
                        m = md.move(s, meeting_id=m.id, based_on_version=self._version,
                                    actor=actor, starts_at=form.starts_at, ends_at=form.ends_at,
                                    place_kind=form.place_kind.value, place=form.place,
                                    link=form.link, reason=form.reason)
                        notice = t("notice.meeting_moved", lang,
                                   when=fmt_when(m.starts_at, m.ends_at, lang))
                    else:
                        reason = cancel_reason(raw.get("reason"))
                        if m.version != self._version:
                            raise md.StaleMeeting(m)
                        m = md.cancel(s, meeting_id=m.id, based_on_version=self._version,
                                      actor=actor, reason=reason)
                        notice = t("notice.meeting_cancelled", lang, title=m.topic)
            except FormError as exc:
                self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
                return
            except RuleError as exc:
                if exc.key == "error.not_allowed":
                    self._refuse(s, plan_state, viewer, data, action, target, "role")
                else:
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
                changed(sig, self)
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role), action=action,
                         plan_id=data.plan.id, target=f"meeting:{m.id}",
                         detail=m.starts_at.isoformat())
        changed(sig, self)
        self.is_open, self.errors, self.conflict = False, {}, ""
        plan_state.notice = notice
