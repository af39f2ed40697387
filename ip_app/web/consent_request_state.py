"""Staff ask for consent again: '/plan/<id>/samtykker' for the veileder and koordinator.

After a participant's consent was declined, withdrawn or has expired (or was never asked
for), the plan's veileder or koordinator asks the person anew; the person (or guardian)
then sees the request as a card on Min plan. Thin: the plan comes from the route and goes
through the access policy; the participant id from the browser must belong to the plan.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data import consents as cd
from ip_app.data.models import Participant
from ip_app.data.plans import access_for
from ip_app.domain.access import Viewer
from ip_app.domain.consent import ConsentStatus, Scope, may_request
from ip_app.i18n import t
from ip_app.web.common import Memo, db_trouble, refuse, typed
from ip_app.web.common import today as _today
from ip_app.web.common import to_int as _int
from ip_app.web.consent_view import ConsentPage, build_consent_page
from ip_app.web.lang import lang_of
from ip_app.web.live import changed, follow_plan, plan_lock
from ip_app.web.live_view import forget_viewer, memo_view
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)


_VIEWS = Memo()  # last staff consent view built per tab (see live_view)

class ConsentRequestState(rx.State):
    notice: str = ""
    error: str = ""
    form_key: int = 0
    _plan_id: Optional[int] = None
    _opened: bool = False

    @rx.var(cache=False)  # sent only when it changed (see live_view)
    async def overview(self) -> ConsentPage:
        """Every participant's consent, for the staff who may ask again."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> ConsentPage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, _today())
                if plan is None or not access.allowed or not may_request(access.role, None):
                    return ConsentPage(mode="ended")  # the page was open: access has ended
                page = build_consent_page(s, plan, viewer, False, _today(),
                                          lang_of(self, viewer))
                for card in page.participants:
                    current = None if card.status == "none" else ConsentStatus(card.status)
                    card.can_request = may_request(access.role, current)
                page.pending = []  # the person answers those; staff see them in the list
                return page

        return await memo_view(self, _VIEWS, "consent_requests", plan_id, build,
                               loading=ConsentPage(mode="loading"),
                               denied=ConsentPage(mode="denied"), error=ConsentPage(mode="error"),
                               missing=ConsentPage(mode="denied" if self._opened else "loading"))

    def _refuse(self, s: Session, viewer: Optional[Viewer], action: str, plan_id: Optional[int],
                target: str, reason: str) -> None:
        refuse(self, s, viewer, action, plan_id=plan_id, target=target, reason=reason)

    @rx.event
    @typed
    async def load(self):
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        self._opened = True
        self._plan_id = None
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        forget_viewer(self)
        plan_id = _int(self.router.page.params.get("plan_id"))
        with db.session() as s:
            _, access = access_for(s, viewer, plan_id, _today()) if plan_id else (None, None)
            if access is None or not access.allowed or not may_request(access.role, None):
                self._refuse(s, viewer, "read_consents", plan_id, "",
                             access.reason if access else "no_plan")
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                         action="read_consents", plan_id=plan_id, detail="staff")
        self._plan_id = plan_id
        await follow_plan(self, plan_id)

    @rx.event
    @typed
    @db_trouble()
    async def request(self, form_data: dict):
        """Ask the person (or guardian) for consent for one participant."""
        self.notice = self.error = ""
        sig = await plan_lock(self)
        viewer = current_viewer(self)
        pid = _int(form_data.get("participant_id"))
        with db.session() as s:
            plan_id = self._plan_id
            _, access = access_for(s, viewer, plan_id, _today()) if plan_id else (None, None)
            part = s.get(Participant, pid) if pid is not None else None
            if (viewer is None or access is None or not access.allowed or part is None
                    or part.plan_id != plan_id):
                self._refuse(s, viewer, "request_consent", plan_id, f"participant:{pid}",
                             "not_allowed")
                return
            current = cd.latest_for(s, part.id)
            status = cd.status_on(current, _today()) if current else None
            if not may_request(access.role, status):
                self._refuse(s, viewer, "request_consent", plan_id, f"participant:{pid}",
                             "not_requester")
                return
            lang = lang_of(self, viewer)
            scopes = [sc.value for sc in Scope if form_data.get(f"scope_{sc.value}")]
            raw_until = str(form_data.get("valid_until") or "").strip()
            try:
                until = date.fromisoformat(raw_until) if raw_until else None
            except ValueError:
                self.error = t("error.date_invalid", lang)
                return
            try:
                c = cd.request_consent(s, participant_id=part.id, scopes=scopes,
                                       valid_until=until, by_id=viewer.account_id,
                                       today=_today())
            except cd.ConsentError as exc:
                self.error = t(exc.key, lang)
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                         action="request_consent", plan_id=plan_id, target=f"consent:{c.id}")
        self.form_key += 1
        self.notice = t("consent.requested_notice", lang)
        changed(sig, self)
