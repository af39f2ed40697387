"""'/plan/[plan_id]/mote/[meeting_id]/referat': the referat of a held meeting.

Every handler goes through the gate. The plan id comes from the route and is checked by
the gate; the meeting id from the route is only used to look the meeting up, which must
belong to that plan and be one the viewer may read the referat of
(`minutes.rules.may_read`, the rule of the meeting's topic). Later events take no id
from the browser: the meeting is kept server-side (`_meeting_id`) and found again
through the gate's "meeting" row kind (visible to the viewer, in the plan).

A save is based on the version the form showed (`_version`); a newer text saved
meanwhile refuses it, shows the newer text and keeps what was typed in the form.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo

import reflex as rx

from ip_app.meetings import data as md
from ip_app.minutes import data as mind
from ip_app.kernel.models import Meeting
from ip_app.kernel.forms import FormError, validate
from ip_app.minutes.rules import (
    CommentInput, MinutesInput, changed_measures, may_read, may_respond, may_write, new_measures,
)
from ip_app.kernel.actor import RuleError
from ip_app.measures import data as measure_data
from ip_app.measures.rules import check_create, initial_status
from ip_app.plan.rules import format_serves
from ip_app.kernel.i18n import fmt_date, t
from ip_app.kernel import gate
from ip_app.kernel import db
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, to_int, today, route_params
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import interned, memo_view
from ip_app.minutes.view import MinutesPage, build_minutes_page
from ip_app.meetings import state as meeting_state  # noqa: F401 - registers the "meeting" row kind


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _target(g: gate.Ctx) -> str:
    return f"meeting:{to_int(route_params(g.state).get('meeting_id'))}"


_VIEWS = Memo()  # the last view built per tab (see live_view.memo_view)


# the placeholders of the view, made once (their digest is taken once: `live.interned`)
_LOADING, _DENIED = interned(MinutesPage()), interned(MinutesPage(mode="denied"))


class MinutesState(rx.State):
    screen: str = "loading"  # loading | page | denied
    errors: dict[str, str] = {}  # the referat form, by field
    comment_errors: dict[str, str] = {}
    error: str = ""  # refusals
    notice: str = ""
    conflict: str = ""  # a newer text was saved meanwhile
    form_key: int = 0  # bumped after a save: the form starts from the saved text
    comment_key: int = 0
    _plan_id: Optional[int] = None
    _meeting_id: int = 0
    _version: int = 0  # the version of the referat this tab's form is based on

    @rx.var(cache=False)  # sent only when it changed; follows the plan's live signal
    async def view(self) -> MinutesPage:
        """The referat as this tab's viewer may read it, rebuilt when the plan changes (a
        new text saved in another tab shows here without reload)."""
        plan_id, meeting_id = self._plan_id, self._meeting_id

        def build(viewer: Viewer) -> MinutesPage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, today())
                m = md.get(s, meeting_id) if meeting_id else None
                if (plan is None or m is None or m.plan_id != plan_id
                        or not may_read(access, md.facts(m), viewer.account_id, _now())):
                    # the load let this tab in: the access has ended while the page was open
                    return MinutesPage(mode="ended")
                facts, now = md.facts(m), _now()
                loaded = mind.load_page(s, m, plan, access, viewer,
                                        can_write=may_write(access, facts, viewer.account_id, now))
                return build_minutes_page(loaded, m, facts, access, viewer, now,
                                          lang_of(self, viewer))

        return await memo_view(self, _VIEWS, "minutes", plan_id, build, loading=_LOADING,
                               denied=_DENIED, error=_DENIED, extra=(meeting_id,))

    @staticmethod
    def _newest(g: gate.Ctx, m: Meeting) -> int:
        found = mind.versions(g.s, m.id)
        return found[-1].version if found else 0

    @rx.event
    @gate.page("read_minutes", target=_target)
    async def load(self, g: gate.Ctx):
        """Refused (and logged) for a meeting not in the plan or not for this viewer."""
        self.errors, self.comment_errors, self.error, self.notice, self.conflict = \
            {}, {}, "", "", ""
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        self._meeting_id, self._version = 0, 0
        meeting_id = to_int(route_params(self).get("meeting_id"))
        m = md.get(g.s, meeting_id) if meeting_id is not None else None
        if (m is None or m.plan_id != g.plan.id
                or not may_read(g.access, md.facts(m), g.viewer.account_id, _now())):
            self.screen = "denied"
            g.refuse("hidden_minutes", target=f"meeting:{meeting_id}")
        self._meeting_id, self._version = m.id, self._newest(g, m)

    @rx.event
    @gate.write("write_minutes", row="meeting", row_id="self._meeting_id", data=True,
                field="errors")
    async def save(self, g: gate.Ctx, form_data: dict):
        m, lang = g.row, g.lang
        if not may_write(g.access, md.facts(m), g.viewer.account_id, _now()):
            g.refuse("role", target=f"meeting:{m.id}")
        errors: dict[str, str] = {}
        try:
            form = validate(MinutesInput, form_data)
        except FormError as exc:
            errors.update(exc.errors)
        try:  # "Nye tiltak fra møtet", made in the same save
            new = new_measures(form_data, {p.id for p in g.data.participants})
            if new:
                check_create(g.actor)
        except FormError as exc:
            errors.update(exc.errors)
        except RuleError as exc:
            errors["_form"] = exc.key
        checked = []
        try:  # "Endre status på tiltak": every row checked before anything is written
            changes = changed_measures(form_data)
            if changes:
                checked = mind.check_changes(g.s, plan=g.plan, access=g.access,
                                             viewer=g.viewer, actor=g.actor, changes=changes)
        except FormError as exc:
            errors.update(exc.errors)
        if errors:
            self.errors = {k: t(v, lang) for k, v in errors.items()}
            return
        note = t("minutes.measure_reason", lang, date=fmt_date(
            m.starts_at.astimezone(ZoneInfo("Europe/Oslo")).date(), lang))
        serves = format_serves([b.value for b in g.data.bases[:1]])
        made_ids: list[int] = []
        try:
            with g.s.begin_nested():  # the referat and its tiltak together, or nothing
                row = mind.save(g.s, meeting_id=m.id, based_on_version=self._version,
                                actor=g.actor, attendees=form.attendees,
                                discussed=form.discussed, agreed=form.agreed)
                for n in new:
                    made = measure_data.create_measure(
                        g.s, plan_id=g.plan.id, actor=g.actor,
                        status=str(initial_status(g.actor)), title=n.title,
                        start_date=n.start_date, end_date=n.end_date, serves=serves,
                        responsible_participant_id=n.responsible_participant_id)
                    mind.link_measure(g.s, meeting_id=m.id, measure_id=made.id,
                                      minutes_version=row.version)
                    made_ids.append(made.id)
                changed = mind.apply_changes(g.s, checked=checked, actor=g.actor,
                                             meeting_id=m.id, minutes_version=row.version,
                                             note=note)
        except mind.StaleMinutes:
            # what was typed stays in the form; the newer text shows above it (the view
            # follows the plan), and the next save builds on it
            self._version = self._newest(g, m)
            self.errors = {}
            self.conflict = t("error.minutes_stale", lang)
            return
        except measure_data.StaleVersion as exc:  # saved by another a moment before
            row_of = {c.measure_id: c.row for c, _m, _r in checked}
            self.errors = {f"chg_{row_of.get(exc.current.id, 1)}_measure":
                           t("error.minutes_change_stale", lang)}
            g.changed()
            return
        g.audit(target=f"meeting:{m.id}", detail=f"minutes:{row.version}")
        for made_id in made_ids:
            g.audit(action="add_measure", target=f"measure:{made_id}",
                    detail=f"meeting:{m.id}")
        for c in changed:
            g.audit(action="change_status", target=f"measure:{c.id}",
                    detail=f"{c.status} meeting:{m.id}")
        g.changed()  # everything: the meeting's referat, the new and changed tiltak

        def saved() -> None:  # only once committed
            self._version = row.version
            self.errors, self.conflict = {}, ""
            self.form_key += 1
            self.notice = t("notice.minutes_saved", lang)

        g.after(saved)

    def _answer_allowed(self, g: gate.Ctx, m: Meeting) -> None:
        if not may_respond(g.access, md.facts(m), g.viewer.account_id, _now()):
            g.refuse("role", target=f"meeting:{m.id}")
        current = mind.versions(g.s, m.id)
        if not current:
            g.refuse("no_minutes", target=f"meeting:{m.id}")

    @rx.event
    @gate.write("confirm_minutes", row="meeting", row_id="self._meeting_id", data=True)
    async def confirm(self, g: gate.Ctx):
        """"Jeg har lest referatet": for the version this tab shows, if it is the newest."""
        m, lang = g.row, g.lang
        self._answer_allowed(g, m)
        newest = mind.versions(g.s, m.id)[-1].version
        if newest != self._version:
            self._version = newest
            self.error = t("error.minutes_changed", lang)
            return
        mind.respond(g.s, meeting_id=m.id, minutes_version=newest, kind="read",
                     by_id=g.viewer.account_id)
        g.audit(target=f"meeting:{m.id}", detail=f"minutes:{newest}")
        g.changed()

        def done() -> None:
            self.error = ""
            self.notice = t("notice.minutes_confirmed", lang)

        g.after(done)

    @rx.event
    @gate.write("comment_minutes", row="meeting", row_id="self._meeting_id", data=True,
                field="comment_errors")
    async def comment(self, g: gate.Ctx, form_data: dict):
        m, lang = g.row, g.lang
        self._answer_allowed(g, m)
        try:
            form = validate(CommentInput, form_data)
        except FormError as exc:
            self.comment_errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        version = mind.versions(g.s, m.id)[-1].version
        mind.respond(g.s, meeting_id=m.id, minutes_version=version, kind="comment",
                     by_id=g.viewer.account_id, text=form.text)
        g.audit(target=f"meeting:{m.id}", detail=f"minutes:{version}")
        g.changed()

        def done() -> None:
            self.comment_errors = {}
            self.comment_key += 1
            self.notice = t("notice.minutes_commented", lang)

        g.after(done)
