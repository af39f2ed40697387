"""The right-to-IP check (rett til individuell plan) for one person.

The veileder or koordinator of the person's plan answers the three questions of
the decision tree; the page shows the outcome as they answer, and saving records
an enkeltvedtak on the person. A person without an open plan (from the person search on
Ny plan) is checked by any staff member who may start plans; a right to an IP then
offers to start it (Ny plan with the person chosen and the individuell plan ticked). The person id comes from the route once, in
`load`, and is kept server-side only after the access check. The answers live in
this state; the server computes the outcome, and question 1 follows the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.ip_decision.data import decisions_for, has_ip_basis, record_decision
from ip_app.ip_decision.rules import (
    IpOutcome, effective_has_ip, ip_outcome, may_check_without_plan, may_decide_ip, IpCheckForm,
)
from ip_app.kernel import db, gate
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.common import Memo, today as _today, to_int as _int, route_params
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import follow_plan, interned, memo_view
from ip_app.kernel.models import Account
from ip_app.kernel.plan_access import access_for, open_plan_of_person
from ip_app.staff.rules import plan_role

QUESTIONS = ("has_ip", "long_term", "several_providers")




def _yes_no(value: bool, lang: str) -> str:
    return t("common.yes" if value else "common.no", lang)


@dataclass
class DecisionRow:
    id: int
    outcome: str
    decided: str
    answers: str
    reasons: str


@dataclass
class IpCheckView:
    """What the page shows of the person and their decisions, rebuilt for this tab's viewer
    through the access policy on every change of the plan (access may end while open)."""

    mode: str = "loading"  # loading | page | ended | error
    person_name: str = ""
    plan_href: str = ""
    recorded_ip: bool = False  # the person's plan already includes the IP basis
    decisions: list[DecisionRow] = field(default_factory=list)


_VIEWS = Memo()  # last view built per tab (see kernel/live.py)


def _person_row(g: gate.Ctx, person_id: int) -> Optional[int]:
    """The person whose plan is named (the check is about them)."""
    return person_id if g.plan is not None and g.plan.person_id == person_id else None


def _person_plan(s: Session, person_id: int) -> Optional[int]:
    plan = open_plan_of_person(s, person_id)
    return plan.id if plan is not None else None


gate.row_kind("person", _person_row, owner=_person_plan)


def _decides_ip(g: gate.Ctx) -> bool:
    """The veileder or koordinator of the person's plan (domain.eligibility)."""
    return may_decide_ip(g.access.role)


def _found_by_handler(g: gate.Ctx) -> None:
    """The plan is the person's (from the route): the handler finds it and opens it."""
    return None


def _checks_without_plan(s: Session, viewer: Optional[Viewer]) -> bool:
    acct = s.get(Account, viewer.account_id) if viewer is not None else None
    return acct is not None and may_check_without_plan(
        acct.kind, plan_role(acct.staff_roles or "") is not None, acct.deactivated_at is not None)


def start_ip_href(person_id: int) -> str:
    """Ny plan with this person chosen and the individuell plan ticked."""
    return f"/ny-plan?person={person_id}&basis=individuell_plan"


# the placeholders of the view, made once (their digest is taken once: `live.interned`)
_LOADING, _ENDED, _ERROR = (interned(IpCheckView()), interned(IpCheckView(mode="ended")),
                            interned(IpCheckView(mode="error")))


class IpCheckState(rx.State):
    screen: str = "loading"  # loading | page | denied
    has_ip: str = ""  # "ja" | "nei" | ""
    long_term: str = ""
    several_providers: str = ""
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    no_plan: bool = False  # the person has no open plan: checked from the person search
    start_ip_href: str = ""  # after a right to an IP without a plan: start it on Ny plan
    _no_plan_view: Optional[IpCheckView] = None
    _person_id: Optional[int] = None
    _plan_id: Optional[int] = None
    _lang: str = "nb"  # the viewer's language, taken with the viewer in load/save
    _person_name: str = ""
    _recorded_ip: bool = False

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> IpCheckView:
        """The person and the decisions, while this tab's viewer may still decide."""
        person_id, plan_id = self._person_id, self._plan_id

        def build(viewer: Viewer) -> IpCheckView:
            with db.session() as s:
                now_plan, _access, ok = self._access(s, viewer, person_id)
                if not ok or now_plan != plan_id:
                    return IpCheckView(mode="ended")  # the page was open: access has ended
                return self._read(s, person_id, plan_id, lang_of(self, viewer))

        return await memo_view(self, _VIEWS, "ip_check", plan_id, build,
                               loading=_LOADING, denied=_ENDED, error=_ERROR, extra=(person_id,),
                               missing=self._no_plan_view if self.no_plan else None)

    @rx.var
    def outcome_text(self) -> str:
        """What the answers so far lead to, in plain words ('' until all are answered)."""
        answers = [self.has_ip, self.long_term, self.several_providers]
        if any(a not in ("ja", "nei") for a in answers):
            return ""
        outcome = ip_outcome(*(a == "ja" for a in answers))
        if self.no_plan and outcome == IpOutcome.RIGHT:
            return t("ip.outcome_no_plan.right", self._lang, name=self._person_name)
        return t(f"ip.outcome.{outcome.value}", self._lang, name=self._person_name)

    def _access(self, s: Session, viewer: Viewer, person_id: Optional[int]
                ) -> tuple[Optional[int], PlanAccess, bool]:
        """(plan id, access, may decide) for the person's ONE open plan (for the view)."""
        plan = open_plan_of_person(s, person_id) if person_id is not None else None
        if plan is None:
            return None, PlanAccess(allowed=False, reason="no_plan"), False
        _, access = access_for(s, viewer, plan.id, _today())
        return plan.id, access, access.allowed and may_decide_ip(access.role)

    def _fill(self, s: Session, person_id: int, plan_id: int) -> None:
        """Start the answers afresh (question 1 from the data)."""
        person = s.get(Account, person_id)
        self._person_name = person.display_name if person else ""
        self._recorded_ip = has_ip_basis(s, plan_id)
        self.has_ip = "ja" if self._recorded_ip else "nei"  # question 1 from the data
        self.long_term = self.several_providers = ""

    @staticmethod
    def _read(s: Session, person_id: int, plan_id: Optional[int], lang: str) -> IpCheckView:
        person = s.get(Account, person_id)
        decisions = [
            DecisionRow(
                id=d.id or 0, outcome=t(f"ip.outcome_short.{d.outcome}", lang),
                decided=t("ip.decided_by", lang, name=by, when=fmt_datetime(d.decided_at, lang)),
                answers=t("ip.answers", lang, has_ip=_yes_no(d.has_ip_already, lang),
                          long_term=_yes_no(d.long_term_need, lang),
                          several=_yes_no(d.several_providers, lang)),
                reasons=d.reasons,
            )
            for d, by in decisions_for(s, person_id)
        ]
        return IpCheckView(mode="page", person_name=person.display_name if person else "",
                           plan_href=f"/plan/{plan_id}" if plan_id is not None else "/ny-plan",
                           recorded_ip=has_ip_basis(s, plan_id) if plan_id is not None else False,
                           decisions=decisions)

    # -- events (declared through the gate) -------------------------------------------

    @rx.event
    @gate.page("read_ip_check", plan=_found_by_handler, may=_decides_ip)
    async def load(self, g: gate.Ctx):
        """'/ip-rett/[person_id]': only for the veileder/koordinator of that person's plan."""
        self._person_id = self._plan_id = None
        self.no_plan, self.start_ip_href, self._no_plan_view = False, "", None
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        self.screen = "denied"
        person_id = _int(route_params(self).get("person_id"))
        plan = open_plan_of_person(g.s, person_id) if person_id is not None else None
        if plan is None and person_id is not None:
            self._open_without_plan(g, person_id)
            return
        try:
            g.open(plan.id if plan else None, target=f"person:{person_id}")
        except gate.Refused:
            self.error = ""  # the page says it ("denied")
            raise
        plan_id = plan.id
        g.audit(target=f"person:{person_id}")
        self._lang = g.lang
        self._fill(g.s, person_id, plan_id)
        self._person_id, self._plan_id = person_id, plan_id
        self.screen = "page"
        g.after(lambda: follow_plan(self, plan_id))  # only after the access check

    def _open_without_plan(self, g: gate.Ctx, person_id: int) -> None:
        """The check of a person who has no open plan, by staff who may start one."""
        person = g.s.get(Account, person_id)
        try:
            if person is None or person.kind != "person" or person.deactivated_at is not None:
                g.refuse("no_person", target=f"person:{person_id}")
            if not _checks_without_plan(g.s, g.viewer):
                g.refuse("not_starter", target=f"person:{person_id}")
        except gate.Refused:
            self.error = ""  # the page says it ("denied")
            raise
        g.audit(target=f"person:{person_id}", detail="no_plan")
        self._lang = g.lang
        self._person_name, self._recorded_ip = person.display_name, False
        self.has_ip, self.long_term, self.several_providers = "nei", "", ""
        self._person_id, self.no_plan = person_id, True
        self._no_plan_view = self._read(g.s, person_id, None, g.lang)
        latest = decisions_for(g.s, person_id)
        if latest and latest[0][0].outcome == IpOutcome.RIGHT.value:
            self.start_ip_href = start_ip_href(person_id)
        self.screen = "page"

    @rx.event
    @gate.ui_only
    def set_answer(self, question: str, value: str):
        """Keep one answer of this tab; nothing is read or written."""
        if question not in QUESTIONS or value not in ("ja", "nei"):
            return
        if question == "has_ip" and self._recorded_ip:
            return  # question 1 follows the data when the plan already has an IP
        setattr(self, question, value)

    @rx.event
    @gate.write("record_ip_decision", row="person", row_id="self._person_id", may=_decides_ip)
    async def save(self, g: gate.Ctx, form_data: dict):
        """Record the decision (enkeltvedtak) with the reasons."""
        person_id, plan_id = g.row, g.plan.id
        recorded = has_ip_basis(g.s, plan_id)
        data = {"has_ip": "ja" if recorded else self.has_ip, "long_term": self.long_term,
                "several_providers": self.several_providers,
                "reasons": form_data.get("reasons", "")}
        try:
            form = validate(IpCheckForm, data)
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        decision, added = record_decision(
            g.s, person_id=person_id, plan_id=plan_id, actor_id=g.viewer.account_id,
            has_ip=effective_has_ip(recorded, form.has_ip), long_term=form.long_term,
            several_providers=form.several_providers, reasons=form.reasons, today=_today(),
            lang=g.lang)
        g.audit(target=f"ip_decision:{decision.id}", detail=decision.outcome)
        if added:
            g.audit(action="add_plan_basis", target=f"plan:{plan_id}",
                    detail="individuell_plan")
        g.changed()
        outcome = IpOutcome(decision.outcome)

        def done() -> None:  # once committed: the form starts afresh from what is saved
            self._lang = g.lang
            with db.session() as s:
                self._fill(s, person_id, plan_id)
            self.errors = {}
            self.form_key += 1
            self.notice = g.t(f"ip.saved.{outcome.value}", name=self._person_name)
        g.after(done)

    @rx.event
    @gate.own("record_ip_decision", writes=True)
    async def save_without_plan(self, g: gate.Ctx, form_data: dict):
        """Record the decision on a person without an open plan (opened from the person
        search); a right to an IP offers to start it."""
        viewer = g.who()
        person_id = self._person_id
        target = f"person:{person_id}"
        if not self.no_plan or person_id is None or not _checks_without_plan(g.s, viewer):
            g.refuse("not_starter", target=target)
        if open_plan_of_person(g.s, person_id) is not None:  # started meanwhile: its own check
            g.refuse("has_plan", target=target, key="ip.error_has_plan")
        data = {"has_ip": self.has_ip, "long_term": self.long_term,
                "several_providers": self.several_providers,
                "reasons": form_data.get("reasons", "")}
        try:
            form = validate(IpCheckForm, data)
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        decision, _ = record_decision(
            g.s, person_id=person_id, plan_id=None, actor_id=viewer.account_id,
            has_ip=form.has_ip, long_term=form.long_term,
            several_providers=form.several_providers, reasons=form.reasons, today=_today(),
            lang=g.lang)
        g.audit(target=f"ip_decision:{decision.id}", detail=decision.outcome)
        outcome = IpOutcome(decision.outcome)

        def done() -> None:  # once committed: the form starts afresh, the list shows it
            self._lang = g.lang
            with db.session() as s:
                self._no_plan_view = self._read(s, person_id, None, g.lang)
            self.has_ip, self.long_term, self.several_providers = "nei", "", ""
            self.errors = {}
            self.form_key += 1
            right = outcome == IpOutcome.RIGHT
            self.start_ip_href = start_ip_href(person_id) if right else ""
            self.notice = g.t("ip.saved_no_plan.right" if right else f"ip.saved.{outcome.value}",
                              name=self._person_name)
        g.after(done)
