"""Consent in the browser: the inline request cards on Min plan and "Hvem ser planen min".

Thin by design. The plan whose consents a tab manages is resolved from the session
(the person's own plan; for a guardian, the plan they are verge on), never from the
browser. A consent id sent by the browser is only used to look the consent up; it must
belong to that plan and the viewer must be the one who decides (data.consents checks
it again). Every read, change and refusal is audited. A change takes the plan lock
first and bumps the plan's live signal, so every open page of the plan (also the
participant's) recomputes what its viewer may see, at once.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Optional

import reflex as rx
from sqlmodel import Session, select

from ip_app.data import audit, db
from ip_app.data import consents as cd
from ip_app.data.models import Account, Participant, Plan
from ip_app.data.plans import plan_of_person
from ip_app.domain.access import Viewer
from ip_app.domain.consent import Scope
from ip_app.domain.roles import Role
from ip_app.i18n import t
from ip_app.web.consent_view import ConsentPage, build_consent_page, scope_words
from ip_app.web.live import changed, follow_plan, plan_lock
from ip_app.web.common import db_trouble, Memo, refuse, typed
from ip_app.web.live_view import forget_viewer, memo_view
from ip_app.web.common import today as _today
from ip_app.web.common import to_int as _int
from ip_app.web.lang import lang_of
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)
_CONSENTS = Memo()  # last consent view built per tab (see live_view)




def _scopes_from_form(form_data: dict) -> list[str]:
    return [sc.value for sc in Scope if form_data.get(f"scope_{sc.value}")]


def managed_plan(s: Session, viewer: Optional[Viewer]) -> Optional[Plan]:
    """The plan whose consents this viewer sees: their own, or the one they are verge on."""
    if viewer is None:
        return None
    if viewer.kind == "person":
        return plan_of_person(s, viewer.account_id)
    return s.exec(select(Plan).join(Participant, Participant.plan_id == Plan.id).where(
        Participant.account_id == viewer.account_id, Participant.role == str(Role.VERGE),
        Participant.left_at == None)  # noqa: E711
        .order_by(Plan.id)).first()


class ConsentState(rx.State):
    """One tab's consent view of the plan it manages."""

    notice: str = ""  # polite: "Hassan Yusuf kan nå se …"
    error: str = ""  # assertive
    fewer_open: int = 0  # id of the request whose "fewer" choices are shown
    edit_open: int = 0  # id of the consent being changed
    _plan_id: Optional[int] = None
    _opened: bool = False  # the page has been opened: no plan then means refused, not loading
    _last_scopes: list[str] = []

    @rx.var(cache=False)  # sent only when it changed: see live_view
    async def consents(self) -> ConsentPage:
        """Requests and consents as this viewer may see them; rebuilt on every plan change."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> ConsentPage:
            with db.session() as s:
                plan = managed_plan(s, viewer)
                if plan is None or plan.id != plan_id:
                    return ConsentPage(mode="denied")
                return build_consent_page(
                    s, plan, viewer, cd.may_decide_for(s, plan, viewer.account_id, _today()),
                    _today(), lang_of(self, viewer))

        # staff and others without a plan of their own to manage are told so
        return await memo_view(self, _CONSENTS, "consents", plan_id, build,
                               loading=ConsentPage(mode="loading"),
                               denied=ConsentPage(mode="denied"), error=ConsentPage(mode="error"),
                               missing=ConsentPage(mode="denied" if self._opened else "loading"))

    # -- loading -------------------------------------------------------------------------

    async def _open(self, where: str) -> None:
        _CONSENTS.drop(self.router.session.client_token)  # opening reads afresh
        forget_viewer(self)
        viewer = current_viewer(self)
        if viewer is None:
            self._plan_id = None
            return
        with db.session() as s:
            plan = managed_plan(s, viewer)
            audit.record(s, actor_id=viewer.account_id, actor_role=viewer.kind,
                         action="read_consents", plan_id=plan.id if plan else None,
                         allowed=plan is not None, detail=where if plan else "no_plan")
        self._plan_id = plan.id if plan else None
        self._opened = True
        if plan is not None:
            await follow_plan(self, plan.id)  # only after the check

    @rx.event
    @typed
    async def load_inline(self):
        """Mounted on the person's Min plan: the pending requests."""
        self.notice = self.error = ""
        await self._open("inline")

    @rx.event
    @typed
    async def load_page(self):
        """'/samtykker': who sees my plan."""
        if current_viewer(self) is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        self.fewer_open = self.edit_open = 0
        await self._open("page")

    # -- what is open in this tab only (no data read or written) -----------------------

    @rx.event
    @typed
    def show_fewer(self, consent_id: int):
        self.fewer_open = consent_id if isinstance(consent_id, int) else 0

    @rx.event
    @typed
    def show_edit(self, consent_id: int):
        self.edit_open = consent_id if isinstance(consent_id, int) else 0

    # -- the gate --------------------------------------------------------------------------

    def _refuse(self, s: Session, viewer: Optional[Viewer], action: str, plan_id: Optional[int],
                consent_id: Optional[int], reason: str) -> None:
        refuse(self, s, viewer, action, plan_id=plan_id, target=f"consent:{consent_id}",
               reason=reason)

    def _decidable(self, s: Session, action: str, consent_id: Optional[int]
                   ) -> Optional[tuple[Viewer, Plan]]:
        """Viewer and plan if the viewer decides on this consent's plan; else refuse."""
        viewer = current_viewer(self)
        plan = managed_plan(s, viewer)
        c = cd.get(s, consent_id)
        if viewer is None or plan is None or c is None or c.plan_id != plan.id:
            self._refuse(s, viewer, action, c.plan_id if c else (plan.id if plan else None),
                         consent_id, "not_own_plan")
            return None
        if not cd.may_decide_for(s, plan, viewer.account_id, _today()):
            self._refuse(s, viewer, action, plan.id, consent_id, "not_decider")
            return None
        return viewer, plan

    def _participant_name(self, s: Session, consent_id: int) -> str:
        c = cd.get(s, consent_id)
        part = s.get(Participant, c.participant_id) if c else None
        acct = s.get(Account, part.account_id) if part else None
        return acct.display_name if acct else ""

    async def _write(self, action: str, form_data: dict, do) -> Optional[tuple[str, str]]:
        """Lock, check, write, audit, signal. Returns the participant's name and the
        viewer's language on success."""
        self.notice = self.error = ""
        sig = await plan_lock(self)  # first: serialises writers of this plan
        consent_id = _int(form_data.get("consent_id"))
        version = _int(form_data.get("version"))
        with db.session() as s:
            ctx = self._decidable(s, action, consent_id)
            if ctx is None:
                return None
            viewer, plan = ctx
            try:
                c = do(s, viewer, consent_id, version if version is not None else -1)
            except cd.StaleConsent:
                self.error = t("error.consent_stale", lang_of(self, viewer))
                changed(sig, self)  # show the newer state
                return None
            except cd.ConsentError as exc:
                if exc.key == "error.not_allowed":
                    self._refuse(s, viewer, action, plan.id, consent_id, exc.key)
                else:
                    self.error = t(exc.key, lang_of(self, viewer))
                return None
            audit.record(s, actor_id=viewer.account_id, actor_role=viewer.kind, action=action,
                         plan_id=plan.id, target=f"consent:{c.id}", detail=c.scopes)
            name = self._participant_name(s, c.id)
            lang = lang_of(self, viewer)
            self._last_scopes = scope_words(cd.facts(c).scopes, lang)
        changed(sig, self)
        self.fewer_open = self.edit_open = 0
        return name, lang

    # -- actions -----------------------------------------------------------------------------

    @rx.event
    @typed
    @db_trouble()
    async def approve(self, form_data: dict):
        """Godkjenn: everything asked for, or (with scope_* fields) fewer parts."""
        fewer = form_data.get("fewer") == "1"

        def do(s, viewer, cid, version):
            return cd.approve(s, consent_id=cid, based_on_version=version,
                              by_id=viewer.account_id, today=_today(),
                              scopes=_scopes_from_form(form_data) if fewer else None)

        done = await self._write("consent_granted", form_data, do)
        if done is not None:
            name, lang = done
            self.notice = t("notice.consent_granted", lang, name=name,
                            scopes=", ".join(self._last_scopes).lower())

    @rx.event
    @typed
    @db_trouble()
    async def decline(self, form_data: dict):
        def do(s, viewer, cid, version):
            return cd.decline(s, consent_id=cid, based_on_version=version,
                              by_id=viewer.account_id, today=_today())

        done = await self._write("consent_declined", form_data, do)
        if done is not None:
            name, lang = done
            self.notice = t("notice.consent_declined", lang, name=name)

    @rx.event
    @typed
    @db_trouble()
    async def withdraw(self, form_data: dict):
        def do(s, viewer, cid, version):
            return cd.withdraw(s, consent_id=cid, based_on_version=version,
                               by_id=viewer.account_id, today=_today())

        done = await self._write("consent_withdrawn", form_data, do)
        if done is not None:
            name, lang = done
            self.notice = t("notice.consent_withdrawn", lang, name=name)

    @rx.event
    @typed
    @db_trouble()
    async def change(self, form_data: dict):
        """Change which parts and until when; an empty date means until withdrawn."""
        raw = str(form_data.get("valid_until", "")).strip()

        def do(s, viewer, cid, version):
            try:  # parsed after the access check: a refusal is audited first
                until = date.fromisoformat(raw) if raw else None
            except ValueError:
                raise cd.ConsentError("error.date_invalid") from None
            return cd.change(s, consent_id=cid, based_on_version=version,
                             by_id=viewer.account_id, today=_today(),
                             scopes=_scopes_from_form(form_data), valid_until=until)

        done = await self._write("consent_changed", form_data, do)
        if done is not None:
            name, lang = done
            self.notice = t("notice.consent_changed", lang, name=name,
                            scopes=", ".join(self._last_scopes).lower())
