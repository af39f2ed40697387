"""The right-to-IP check (rett til individuell plan) for one person.

The veileder or koordinator of the person's plan answers the three questions of
the decision tree; the page shows the outcome as they answer, and saving records
an enkeltvedtak on the person. The person id comes from the route once, in
`load`, and is kept server-side only after the access check. The answers live in
this state; the server computes the outcome, and question 1 follows the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data.ip_decisions import decisions_for, has_ip_basis, record_decision
from ip_app.data.models import Account
from ip_app.data.plans import access_for, plan_of_person
from ip_app.domain.access import PlanAccess, Viewer
from ip_app.domain.eligibility import IpOutcome, effective_has_ip, ip_outcome, may_decide_ip
from ip_app.domain.forms import FormError, IpCheckForm, validate
from ip_app.i18n import fmt_datetime, t
from ip_app.web.live import changed, follow_plan, plan_lock
from ip_app.web.live_view import forget_viewer, memo_view
from ip_app.web.common import Memo, db_trouble, refuse, typed
from ip_app.web.common import today as _today
from ip_app.web.common import to_int as _int
from ip_app.web.lang import lang_of
from ip_app.web.session import current_viewer

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


_VIEWS = Memo()  # last view built per tab (see live_view)


class IpCheckState(rx.State):
    screen: str = "loading"  # loading | page | denied
    has_ip: str = ""  # "ja" | "nei" | ""
    long_term: str = ""
    several_providers: str = ""
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _person_id: Optional[int] = None
    _plan_id: Optional[int] = None
    _lang: str = "nb"  # the viewer's language, taken with the viewer in load/save
    _person_name: str = ""
    _recorded_ip: bool = False

    @rx.var(cache=False)  # sent only when it changed (see live_view)
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
                               loading=IpCheckView(), denied=IpCheckView(mode="ended"),
                               error=IpCheckView(mode="error"), extra=(person_id,))

    @rx.var
    def outcome_text(self) -> str:
        """What the answers so far lead to, in plain words ('' until all are answered)."""
        answers = [self.has_ip, self.long_term, self.several_providers]
        if any(a not in ("ja", "nei") for a in answers):
            return ""
        outcome = ip_outcome(*(a == "ja" for a in answers))
        return t(f"ip.outcome.{outcome.value}", self._lang, name=self._person_name)

    # -- the gate --------------------------------------------------------------------

    def _access(self, s: Session, viewer: Viewer, person_id: Optional[int]
                ) -> tuple[Optional[int], PlanAccess, bool]:
        """(plan id, access, may decide) for the person's ONE plan."""
        plan = plan_of_person(s, person_id) if person_id is not None else None
        if plan is None:
            return None, PlanAccess(allowed=False, reason="no_plan"), False
        _, access = access_for(s, viewer, plan.id, _today())
        return plan.id, access, access.allowed and may_decide_ip(access.role)

    def _refuse(self, s: Session, viewer: Optional[Viewer], action: str,
                plan_id: Optional[int], person_id: Optional[int], reason: str,
                role: str = "") -> None:
        refuse(self, s, viewer, action, plan_id=plan_id, target=f"person:{person_id}",
               reason=reason, role=role, field="")

    def _fill(self, s: Session, person_id: int, plan_id: int) -> None:
        """Start the answers afresh (question 1 from the data)."""
        person = s.get(Account, person_id)
        self._person_name = person.display_name if person else ""
        self._recorded_ip = has_ip_basis(s, plan_id)
        self.has_ip = "ja" if self._recorded_ip else "nei"  # question 1 from the data
        self.long_term = self.several_providers = ""

    @staticmethod
    def _read(s: Session, person_id: int, plan_id: int, lang: str) -> IpCheckView:
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
                           plan_href=f"/plan/{plan_id}", recorded_ip=has_ip_basis(s, plan_id),
                           decisions=decisions)

    # -- events ----------------------------------------------------------------------

    @rx.event
    @typed
    async def load(self):
        """'/ip-rett/[person_id]': only for the veileder/koordinator of that person's plan."""
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        self.errors = {}
        self._person_id = self._plan_id = None
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        forget_viewer(self)
        person_id = _int(self.router.page.params.get("person_id"))
        with db.session() as s:
            plan_id, access, ok = self._access(s, viewer, person_id)
            role = str(access.role or viewer.kind)
            if not ok:
                self._refuse(s, viewer, "read_ip_check", plan_id, person_id,
                             access.reason or "role", role)
                self.screen = "denied"
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=role, action="read_ip_check",
                         plan_id=plan_id, target=f"person:{person_id}")
            self._lang = lang_of(self, viewer)
            self._fill(s, person_id, plan_id)
        self._person_id, self._plan_id = person_id, plan_id
        self.screen = "page"
        await follow_plan(self, plan_id)  # only after the access check

    @rx.event
    @typed
    def set_answer(self, question: str, value: str):
        """Keep one answer of this tab; nothing is read or written."""
        if question not in QUESTIONS or value not in ("ja", "nei"):
            return
        if question == "has_ip" and self._recorded_ip:
            return  # question 1 follows the data when the plan already has an IP
        setattr(self, question, value)

    @rx.event
    @typed
    @db_trouble()
    async def save(self, form_data: dict):
        """Record the decision (enkeltvedtak) with the reasons."""
        self.notice = self.error = ""
        sig = await plan_lock(self)  # first: the plan may get the IP basis
        with db.session() as s:
            viewer = current_viewer(self)
            person_id = self._person_id
            if viewer is None or person_id is None:
                self._refuse(s, viewer, "record_ip_decision", self._plan_id, person_id, "no_person")
                self.error = t("error.not_allowed", lang_of(self, viewer))
                return
            plan_id, access, ok = self._access(s, viewer, person_id)
            role = str(access.role or viewer.kind)
            if not ok or plan_id != self._plan_id:
                self._refuse(s, viewer, "record_ip_decision", plan_id, person_id,
                             access.reason or "role", role)
                self.error = t("error.not_allowed", lang_of(self, viewer))
                return
            recorded = has_ip_basis(s, plan_id)
            data = {"has_ip": "ja" if recorded else self.has_ip, "long_term": self.long_term,
                    "several_providers": self.several_providers,
                    "reasons": form_data.get("reasons", "")}
            try:
                form = validate(IpCheckForm, data)
            except FormError as exc:
                self.errors = {k: t(v, lang_of(self, viewer)) for k, v in exc.errors.items()}
                return
            decision, added = record_decision(
                s, person_id=person_id, plan_id=plan_id, actor_id=viewer.account_id,
                has_ip=effective_has_ip(recorded, form.has_ip), long_term=form.long_term,
                several_providers=form.several_providers, reasons=form.reasons, today=_today(),
                lang=lang_of(self, viewer))
            audit.record(s, actor_id=viewer.account_id, actor_role=role,
                         action="record_ip_decision", plan_id=plan_id,
                         target=f"ip_decision:{decision.id}", detail=decision.outcome)
            if added:
                audit.record(s, actor_id=viewer.account_id, actor_role=role,
                             action="add_plan_basis", plan_id=plan_id,
                             target=f"plan:{plan_id}", detail="individuell_plan")
        self._lang = lang_of(self, viewer)
        with db.session() as s:  # what was committed (a failed commit left the form as it was)
            self._fill(s, person_id, plan_id)
        changed(sig, self)
        self.errors = {}
        self.form_key += 1
        outcome = IpOutcome(decision.outcome)
        self.notice = t(f"ip.saved.{outcome.value}", lang_of(self, viewer),
                        name=self._person_name)
