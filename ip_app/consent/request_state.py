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

from ip_app.consent import data as cd
from ip_app.consent.rules import may_request
from ip_app.consent.view import ConsentPage, build_consent_page
from ip_app.kernel import db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, today as _today, to_int as _int, route_params
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import follow_plan, interned, memo_view
from ip_app.kernel.models import Participant
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.scopes import ConsentStatus, Scope

log = logging.getLogger(__name__)


_VIEWS = Memo()  # last staff consent view built per tab (see kernel/live.py)


def _participant_row(g: gate.Ctx, participant_id: int) -> Optional[Participant]:
    """A participant of the plan named."""
    part = g.s.get(Participant, participant_id)
    return part if part is not None and part.plan_id == g.plan_id else None


def _participant_plan(s: Session, participant_id: int) -> Optional[int]:
    part = s.get(Participant, participant_id)
    return part.plan_id if part is not None else None


gate.row_kind("participant", _participant_row, owner=_participant_plan)


def _asks(g: gate.Ctx) -> bool:
    """Staff who may ask for consent in this plan (the veileder or koordinator)."""
    return may_request(g.access.role, None)


def _from_route(g: gate.Ctx) -> None:
    """The plan comes from the route; the handler opens it (`g.open`) so the allowed read
    is audited as staff's."""
    return None


# the placeholders of the view, made once (their digest is taken once: `live.interned`)
_LOADING, _DENIED, _ERROR = (interned(ConsentPage(mode=m))
                             for m in ("loading", "denied", "error"))


class ConsentRequestState(rx.State):
    notice: str = ""
    error: str = ""
    form_key: int = 0
    _plan_id: Optional[int] = None
    _opened: bool = False

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def overview(self) -> ConsentPage:
        """Every participant's consent, for the staff who may ask again."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> ConsentPage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, _today())
                if plan is None or not access.allowed or not may_request(access.role, None):
                    return ConsentPage(mode="ended")  # the page was open: access has ended
                page = build_consent_page(cd.load_page(s, plan, _today()), viewer, False, _today(),
                                          lang_of(self, viewer))
                for card in page.participants:
                    current = None if card.status == "none" else ConsentStatus(card.status)
                    card.can_request = may_request(access.role, current)
                page.pending = []  # the person answers those; staff see them in the list
                return page

        return await memo_view(self, _VIEWS, "consent_requests", plan_id, build,
                               loading=_LOADING, denied=_DENIED, error=_ERROR,
                               missing=_DENIED if self._opened else _LOADING,
                               shows_tiltak=False)

    @rx.event
    @gate.page("read_consents", plan=_from_route, may=_asks)
    async def load(self, g: gate.Ctx):
        self._opened = True
        self._plan_id = None
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        plan_id = _int(route_params(self).get("plan_id"))
        g.open(plan_id)  # the policy and `_asks`, or refused and audited
        g.audit(detail="staff")
        self._plan_id = plan_id
        g.after(lambda: follow_plan(self, plan_id))

    @rx.event
    @gate.write("request_consent", row="participant", row_id="form_data.participant_id",
                may=_asks)
    async def request(self, g: gate.Ctx, form_data: dict):
        """Ask the person (or guardian) for consent for one participant."""
        part = g.row
        current = cd.latest_for(g.s, part.id)
        status = cd.status_on(current, _today()) if current else None
        if not may_request(g.access.role, status):
            g.refuse("not_requester")
        scopes = [sc.value for sc in Scope if form_data.get(f"scope_{sc.value}")]
        raw_until = str(form_data.get("valid_until") or "").strip()
        try:
            until = date.fromisoformat(raw_until) if raw_until else None
        except ValueError:
            self.error = g.t("error.date_invalid")
            return
        try:
            c = cd.request_consent(g.s, participant_id=part.id, scopes=scopes,
                                   valid_until=until, by_id=g.viewer.account_id, today=_today())
        except cd.ConsentError as exc:
            self.error = g.t(exc.key)
            return
        g.audit(target=f"consent:{c.id}")
        g.changed()

        def done() -> None:  # once committed: the form starts afresh
            self.form_key += 1
            self.notice = g.t("consent.requested_notice")
        g.after(done)
