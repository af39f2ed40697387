"""Consent in the browser: the inline request cards on Min plan and "Hvem ser planen min".

Thin by design. The plan whose consents a tab manages is resolved from the session
(the person's own plan; for a guardian, the plan they are verge on), never from the
browser. A consent id sent by the browser is only used to look the consent up; it must
belong to that plan and the viewer must be the one who decides (`decides`, asked once).
Every handler is declared through the gate (kernel/gate.py): every read, change and refusal
is audited; a change takes the plan lock first, is one unit of work, and bumps the plan's
live signal, so every open page of the plan (also the participant's) recomputes what its
viewer may see, at once.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.consent import data as cd
from ip_app.consent.view import ConsentPage, build_consent_page, scope_words
from ip_app.kernel import db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, today as _today, to_int as _int
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import follow_plan, interned, memo_view, prime_view, tab_of
from ip_app.kernel.models import Account, Consent, Participant
from ip_app.kernel.scopes import Scope

log = logging.getLogger(__name__)
_CONSENTS = Memo()  # last consent view built per tab (see kernel/live.py)




def _scopes_from_form(form_data: dict) -> list[str]:
    return [sc.value for sc in Scope if form_data.get(f"scope_{sc.value}")]


def _consent_row(g: gate.Ctx, consent_id: int) -> Optional[Consent]:
    """A consent of the plan named (any viewer who decides there sees them all)."""
    c = cd.get(g.s, consent_id)
    return c if c is not None and c.plan_id == g.plan_id else None


def _consent_plan(s: Session, consent_id: int) -> Optional[int]:
    c = cd.get(s, consent_id)
    return c.plan_id if c is not None else None


gate.row_kind("consent", _consent_row, owner=_consent_plan)


def decides(g: gate.Ctx) -> bool:
    """The one check of who may give, change or withdraw a consent to the plan named (the
    one this tab manages, `managed_plan`, found from the session at load): the person from
    16, below that a guardian (domain.consent.may_decide). Asked once per event: the data
    calls below are told so (`checked=True`)."""
    if not cd.may_decide_for(g.s, g.plan, g.viewer.account_id, _today()):
        g.refuse("not_decider")
    return True


def _own_things(g: gate.Ctx) -> None:
    """The plan whose consents a tab manages comes from the session (`managed_plan`), never
    from the route: the handler resolves it; no plan id to check."""
    return None


# the placeholders of the view, made once (their digest is taken once: `live.interned`)
_LOADING, _DENIED, _ERROR = (interned(ConsentPage(mode=m))
                             for m in ("loading", "denied", "error"))


class ConsentState(rx.State):
    """One tab's consent view of the plan it manages."""

    notice: str = ""  # polite: "Hassan Yusuf kan nå se …"
    error: str = ""  # assertive
    fewer_open: int = 0  # id of the request whose "fewer" choices are shown
    edit_open: int = 0  # id of the consent being changed
    confirm_open: int = 0  # id of the consent whose withdrawal is being confirmed
    _plan_id: Optional[int] = None
    _opened: bool = False  # the page has been opened: no plan then means refused, not loading
    _last_scopes: list[str] = []

    @rx.var(cache=False)  # sent only when it changed: see kernel/live.py
    async def consents(self) -> ConsentPage:
        """Requests and consents as this viewer may see them; rebuilt on every plan change."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> ConsentPage:
            with db.session() as s:
                plan = cd.managed_plan(s, viewer)
                if plan is None or plan.id != plan_id:
                    return ConsentPage(mode="denied")
                return self._build(s, plan, viewer)

        # staff and others without a plan of their own to manage are told so
        return await memo_view(self, _CONSENTS, "consents", plan_id, build,
                               loading=_LOADING, denied=_DENIED, error=_ERROR,
                               missing=_DENIED if self._opened else _LOADING,
                               shows_tiltak=False)

    def _build(self, s: Session, plan, viewer: Viewer) -> ConsentPage:  # noqa: ANN001
        """The requests and consents of `plan`, the one `viewer` manages (`managed_plan`)."""
        day = _today()
        return build_consent_page(cd.load_page(s, plan, day), viewer,
                                  cd.may_decide_for(s, plan, viewer.account_id, day),
                                  day, lang_of(self, viewer))

    # -- loading -------------------------------------------------------------------------

    async def _open(self, g: gate.Ctx, where: str) -> None:
        _CONSENTS.drop(self.router.session.client_token)  # opening reads afresh
        plan = cd.managed_plan(g.s, g.viewer)
        g.plan_id = plan.id if plan else None
        g.audit(allowed=plan is not None, detail=where if plan else "no_plan",
                role=g.viewer.kind)
        self._plan_id = plan.id if plan else None
        self._opened = True
        if plan is not None:
            plan_id = plan.id
            g.after(lambda: follow_plan(self, plan_id))  # only after the check

    def _open_with_plan(self, g: gate.Ctx, version: int, managed: bool = False) -> bool:
        """The person's own plan is being opened (`g`: the plan page's load, through the
        gate): her requests are read with it, in its unit of work, audited as their own
        read, if the plan whose consents she manages (`managed_plan`; `managed`: the gate's
        plan is that one already) is that plan; else False (nothing done). The view is
        built here and kept as the tab's view of the plan at `version` (the plan's version
        read before the load read anything: `live.prime_view`)."""
        plan = g.plan if managed else cd.managed_plan(g.s, g.viewer)
        if plan is None or plan.id != g.plan_id:
            return False
        _CONSENTS.drop(tab_of(self))  # opening reads afresh
        self.notice = self.error = ""  # as the gate clears them for a page of its own
        g.audit(action="read_consents", detail="inline", role=g.viewer.kind)
        self._plan_id = plan.id
        self._opened = True
        try:
            page = self._build(g.s, plan, g.viewer)
        except Exception:  # the view's own var tries again (and says so if that fails too)
            log.exception("building the consents of plan %s failed", plan.id)
        else:
            prime_view(self, _CONSENTS, plan.id, g.viewer, version, page)
        return True  # the tab follows the plan: the plan page's load follows it

    @rx.event
    @gate.page("read_consents", plan=_own_things)
    async def load_inline(self, g: gate.Ctx):
        """Mounted on the person's Min plan: the pending requests."""
        await self._open(g, "inline")

    @rx.event
    @gate.page("read_consents", plan=_own_things)
    async def load_page(self, g: gate.Ctx):
        """'/samtykker': who sees my plan."""
        self.fewer_open = self.edit_open = self.confirm_open = 0
        await self._open(g, "page")

    # -- what is open in this tab only (no data read or written) -----------------------

    @rx.event
    @gate.ui_only
    def show_fewer(self, consent_id: int):
        self.fewer_open = consent_id if isinstance(consent_id, int) else 0

    @rx.event
    @gate.ui_only
    def show_edit(self, consent_id: int):
        self.edit_open = consent_id if isinstance(consent_id, int) else 0

    @rx.event
    @gate.ui_only
    def show_confirm(self, consent_id: int):
        """"Trekk tilbake" first says what stops; the withdrawal is the next button."""
        self.confirm_open = consent_id if isinstance(consent_id, int) else 0

    # -- deciding (declared through the gate: lock, viewer, policy, `decides`, the consent
    #    in the plan, refusal + audit, one unit of work, live signal, database trouble) ----

    def _participant_name(self, s: Session, c: Consent) -> str:
        part = s.get(Participant, c.participant_id)
        acct = s.get(Account, part.account_id) if part else None
        return acct.display_name if acct else ""

    def _decide(self, g: gate.Ctx, form_data: dict, do) -> Optional[str]:
        """The data call `do(version)` on the consent the gate checked; audits it and
        moves the live signal. Returns the participant's name on success."""
        version = _int(form_data.get("version"))
        try:
            c = do(version if version is not None else -1)
        except cd.StaleConsent:
            self.error = g.t("error.consent_stale")
            g.changed()  # show the newer state
            return None
        except cd.ConsentError as exc:
            if exc.key == "error.not_allowed":
                g.refuse(exc.key)
            self.error = g.t(exc.key)
            return None
        g.audit(target=f"consent:{c.id}", detail=c.scopes, role=g.viewer.kind)
        self._last_scopes = scope_words(cd.facts(c).scopes, g.lang)
        g.changed()
        self.fewer_open = self.edit_open = self.confirm_open = 0
        return self._participant_name(g.s, c)

    @rx.event
    @gate.write("consent_granted", row="consent", row_id="form_data.consent_id", may=decides)
    async def approve(self, g: gate.Ctx, form_data: dict):
        """Godkjenn: everything asked for, or (with scope_* fields) fewer parts."""
        fewer = form_data.get("fewer") == "1"
        name = self._decide(g, form_data, lambda version: cd.approve(
            g.s, consent_id=g.row.id, based_on_version=version, by_id=g.viewer.account_id,
            today=_today(), scopes=_scopes_from_form(form_data) if fewer else None,
            checked=True))
        if name is not None:
            self.notice = g.t("notice.consent_granted", name=name,
                              scopes=", ".join(self._last_scopes).lower())

    @rx.event
    @gate.write("consent_declined", row="consent", row_id="form_data.consent_id", may=decides)
    async def decline(self, g: gate.Ctx, form_data: dict):
        name = self._decide(g, form_data, lambda version: cd.decline(
            g.s, consent_id=g.row.id, based_on_version=version, by_id=g.viewer.account_id,
            today=_today(), checked=True))
        if name is not None:
            self.notice = g.t("notice.consent_declined", name=name)

    @rx.event
    @gate.write("consent_withdrawn", row="consent", row_id="form_data.consent_id", may=decides)
    async def withdraw(self, g: gate.Ctx, form_data: dict):
        """Withdraw: permission is checked once, by the gate (`decides`)."""
        name = self._decide(g, form_data, lambda version: cd.withdraw(
            g.s, consent_id=g.row.id, based_on_version=version, by_id=g.viewer.account_id,
            today=_today(), checked=True))
        if name is not None:
            self.notice = g.t("notice.consent_withdrawn", name=name)

    @rx.event
    @gate.write("consent_granted_again", row="consent", row_id="form_data.consent_id",
                may=decides)
    async def grant_again(self, g: gate.Ctx, form_data: dict):
        """Gi samtykke igjen: what the withdrawn, declined or expired consent covered."""
        name = self._decide(g, form_data, lambda version: cd.grant_again(
            g.s, consent_id=g.row.id, based_on_version=version, by_id=g.viewer.account_id,
            today=_today(), checked=True))
        if name is not None:
            self.notice = g.t("notice.consent_granted", name=name,
                              scopes=", ".join(self._last_scopes).lower())

    @rx.event
    @gate.write("consent_changed", row="consent", row_id="form_data.consent_id", may=decides)
    async def change(self, g: gate.Ctx, form_data: dict):
        """Change which parts and until when; an empty date means until withdrawn."""
        raw = str(form_data.get("valid_until", "")).strip()

        def do(version: int) -> Consent:
            try:  # parsed after the access check: a refusal is audited first
                until = date.fromisoformat(raw) if raw else None
            except ValueError:
                raise cd.ConsentError("error.date_invalid") from None
            return cd.change(g.s, consent_id=g.row.id, based_on_version=version,
                             by_id=g.viewer.account_id, today=_today(),
                             scopes=_scopes_from_form(form_data), valid_until=until,
                             checked=True)

        name = self._decide(g, form_data, do)
        if name is not None:
            self.notice = g.t("notice.consent_changed", name=name,
                              scopes=", ".join(self._last_scopes).lower())
