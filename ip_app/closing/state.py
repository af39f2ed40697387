"""Closing a plan and reopening it (on the plan page), and the person's earlier plans
(`/tidligere-planer`).

Who may close and reopen, why and until when: closing/rules.py. A closed plan is
read-only through the gate (every write is refused there, `closing.rules.may_write`), so
no other handler needs to know. When a plan is closed, the PDF of the plan as the person
sees it is kept (`PlanClosure.pdf`, served to the person at /plan/<id>/sluttdokument.pdf).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import datetime, timezone
from dataclasses import dataclass
from typing import Optional

import reflex as rx

from ip_app.archive.rules import Reason
from ip_app.archive.snapshot import archive_after
from ip_app.closing import data as closing_data
from ip_app.closing.rules import REOPEN_ACTION, CloseReason, check_close, check_reopen, may_close
from ip_app.kernel import db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import today
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import fmt_date, t
from ip_app.kernel.lang import lang_of
from ip_app.kernel.models import Account, Plan
from ip_app.kernel.plan_access import access_for
from ip_app.plan.state import PlanState

log = logging.getLogger(__name__)

CLOSE, REOPEN = "close", "reopen"


def _may_close(g: gate.Ctx) -> bool:
    return may_close(g.actor, g.data.bases, g.plan.coordinator_participant_id)


def _close_dialog(state, g: gate.Ctx) -> None:  # noqa: ANN001
    state.is_open = False


def keep_final_pdf(plan_id: int, closure_id: int) -> None:
    """The PDF of the closed plan as its person sees it, kept with the closing. A failure
    is logged: the print page and the PDF export still show the closed plan as it is."""
    from ip_app.export.data import load_export
    from ip_app.export.view import ExportOptions, plan_html, plan_pdf  # the export imports pages' views
    try:
        with db.session() as s:
            plan = s.get(Plan, plan_id)
            person = s.get(Account, plan.person_id)
            lang = person.preferred_language or "nb"
            viewer = Viewer(account_id=person.id, kind="person", display_name=person.display_name,
                            lang=lang)
            _, access = access_for(s, viewer, plan_id, today())
            opts, day = ExportOptions(), today()
            doc = plan_html(load_export(s, plan, access, viewer, day, lang, opts), viewer, day,
                            lang, opts)
            closing_data.keep_pdf(s, closure_id, plan_pdf(doc, lang, t("print.title", lang, name="")))
    except Exception:  # noqa: BLE001 - the closing stands; the export reproduces it
        log.exception("the final PDF of plan %s was not kept", plan_id)


class ClosingState(rx.State):
    is_open: bool = False
    key: str = "none"
    mode: str = CLOSE  # close | reopen
    reason: str = ""  # the reason chosen (shows the "annet" text field)
    errors: dict[str, str] = {}

    def _open(self, mode: str) -> None:
        self.mode, self.reason = mode, ""
        self.key, self.errors, self.is_open = uuid.uuid4().hex, {}, True

    @rx.event
    @gate.read("open_close_plan", on=PlanState, clear=True, may=_may_close)
    async def open_close(self, g: gate.Ctx):
        if g.plan.closed_at is not None:
            g.refuse("already_closed", key="close.error_closed")
        self._open(CLOSE)

    @rx.event
    @gate.read("open_reopen_plan", on=PlanState, clear=True, may=_may_close)
    async def open_reopen(self, g: gate.Ctx):
        if g.plan.closed_at is None:
            g.refuse("not_closed")
        self._open(REOPEN)

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    @rx.event
    @gate.ui_only
    def set_reason(self, value: str):
        self.reason = value if value in {r.value for r in CloseReason} else ""

    @rx.event
    @gate.write("close_plan", on=PlanState, may=_may_close, field="errors",
                on_refused=_close_dialog)
    async def save_close(self, g: gate.Ctx, form_data: dict):
        lang = g.lang
        try:
            reason, other, evaluation = check_close(form_data.get("reason"),
                                                    form_data.get("other"),
                                                    form_data.get("evaluation"))
            row = closing_data.close_plan(g.s, plan_id=g.plan_id, actor=g.actor,
                                          reason=reason.value, text=other,
                                          evaluation=evaluation)
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        except closing_data.AlreadyChanged:
            self.errors = {"_form": t("close.error_closed", lang)}
            return
        g.audit(target=f"plan:{g.plan_id}", detail=reason.value)
        g.changed()
        plan_id, closure_id = g.plan_id, row.id
        # after the commit, beside the event loop (rendering a PDF takes a second or two)
        g.after(lambda: asyncio.to_thread(keep_final_pdf, plan_id, closure_id))
        # and a PDF/A copy to the archive (archive/snapshot.py; the schedule retries a failure)
        g.after(lambda: asyncio.to_thread(archive_after, plan_id, Reason.CLOSED,
                                          f"closure:{closure_id}"))
        self.is_open, self.errors = False, {}
        g.page.notice = t("close.notice_closed", lang)

    @rx.event
    @gate.write(REOPEN_ACTION, on=PlanState, may=_may_close, field="errors",
                on_refused=_close_dialog)
    async def save_reopen(self, g: gate.Ctx, form_data: dict):
        lang = g.lang
        try:
            reason = check_reopen(g.plan.closed_at, datetime.now(timezone.utc), form_data.get("reason"))
            closing_data.reopen_plan(g.s, plan_id=g.plan_id, actor=g.actor, reason=reason)
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        except closing_data.AlreadyChanged:
            self.errors = {"_form": t("close.error_not_closed", lang)}
            return
        except closing_data.OtherPlanOpen:
            self.errors = {"_form": t("close.error_other_open", lang)}
            return
        g.audit(target=f"plan:{g.plan_id}")
        g.changed()
        self.is_open, self.errors = False, {}
        g.page.notice = t("close.notice_reopened", lang)


# -- Tidligere planer ----------------------------------------------------------------

@dataclass
class EarlierPlan:
    title: str
    closed: str
    reason: str
    evaluation: str
    print_href: str
    pdf_href: str


def _own_things(g: gate.Ctx) -> None:
    return None  # the viewer's own plans, from the session


class EarlierPlansState(rx.State):
    plans: list[EarlierPlan] = []
    mode: str = "loading"  # loading | list | denied
    _plan_id: Optional[int] = None  # the gate's page flow resets it; this page follows no plan

    @rx.event
    @gate.page("read_earlier_plans", plan=_own_things)
    async def load(self, g: gate.Ctx):
        viewer = g.who()
        if viewer is None or viewer.kind != "person":
            g.audit(allowed=False, detail="not_a_person")
            self.plans, self.mode = [], "denied"
            return
        lang = lang_of(self, viewer)
        rows = closing_data.closed_plans_of(g.s, viewer.account_id)
        if not rows:
            g.audit(detail="earlier_plans none")
        for plan, _ in rows:
            g.plan_id = plan.id
            g.audit(target=f"plan:{plan.id}", detail="earlier_plans")
        self.plans = [EarlierPlan(
            title=plan.title or t("earlier.plan_title", lang),
            closed=t("earlier.closed", lang, when=fmt_date(plan.closed_at.date(), lang)),
            reason=t(f"close.reason_{last.reason}", lang) + (f": {last.text}" if last.text else "")
            if last else "",
            evaluation=last.evaluation if last else "",
            print_href=f"/plan/{plan.id}/utskrift", pdf_href=f"/plan/{plan.id}/sluttdokument.pdf",
        ) for plan, last in rows]
        self.mode = "list"
