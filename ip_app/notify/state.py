"""The person's notice settings (/varsler) and the staff's letters to print (/brev).

Declared through the gate (kernel/gate.py): the settings are the caller's own (page load
and save as `own`, the account from the session, never from the browser); the letter list
shows only letters of plans the staff member takes part in, checked on the server for
every letter id the browser sends. Every read and print is audited.
"""

from __future__ import annotations

import uuid
from typing import Optional

import reflex as rx

from ip_app.kernel.common import route_params, today as _today

from ip_app.kernel import audit, gate
from ip_app.kernel.lang import lang_of
from ip_app.kernel.models import Account, utcnow
from ip_app.notify import data
from ip_app.notify.rules import Pref, Reason
from ip_app.notify.settings import NotifySettings
from ip_app.notify.view import (
    LetterList, LetterView, PrefView, build_letter, build_letters, build_prefs, reasons_for,
)


def _own_things(g: gate.Ctx) -> None:
    """The caller's own settings or work list: no plan id from the browser to check."""
    return None


class NoticePrefState(rx.State):
    view: PrefView = PrefView()
    errors: dict[str, str] = {}
    notice: str = ""
    error: str = ""
    _plan_id: Optional[int] = None  # the gate's page flow resets it; this page has no plan

    def _show(self, g: gate.Ctx, acct: Account, pref: Pref) -> None:
        self.view = build_prefs(pref, kind=acct.kind, email=acct.email or "",
                                phone=acct.phone or "", reserved=bool(acct.contact_reserved),
                                lang=lang_of(self, g.who()), key=uuid.uuid4().hex[:8])

    @rx.event
    @gate.page("read_notice_prefs", plan=_own_things)
    async def load(self, g: gate.Ctx):
        viewer = g.who()
        acct = g.s.get(Account, viewer.account_id)
        pref = data.pref_of(g.s, acct.id)
        # a channel without an address starts unchecked: choosing it needs the address
        pref = Pref(reasons=pref.reasons, email=pref.email and bool(acct.email),
                    sms=pref.sms and bool(acct.phone))
        self.errors = {}
        self._show(g, acct, pref)
        g.audit(target=f"account:{acct.id}")

    @rx.event
    @gate.own("set_notice_prefs", writes=True)
    async def save(self, g: gate.Ctx, form_data: dict):
        viewer = g.who()
        if viewer is None:
            return rx.redirect("/login")
        acct = g.s.get(Account, viewer.account_id)
        chosen = {str(r) for r in reasons_for(acct.kind)
                  if str(form_data.get(f"reason_{r}", "")) in ("on", "true", "1")}
        by_email = str(form_data.get("email", "")) in ("on", "true", "1")
        by_sms = str(form_data.get("sms", "")) in ("on", "true", "1")
        errors = {}
        if by_email and not (acct.email or "").strip():
            errors["email"] = g.t("notices.no_email")
        if by_sms and not (acct.phone or "").strip():
            errors["sms"] = g.t("notices.no_phone")
        self.notice = ""
        if errors:
            self.errors = errors
            return None
        # reasons the caller could not choose (staff only) keep their earlier value
        earlier = data.pref_of(g.s, acct.id).reasons
        kept = {str(r) for r in earlier if r not in reasons_for(acct.kind)}
        pref = Pref(reasons=frozenset(Reason(x) for x in chosen | kept), email=by_email,
                    sms=by_sms)
        data.save_pref(g.s, acct.id, pref)
        g.audit(target=f"account:{acct.id}",
                detail=f"reasons={len(chosen)} email={int(by_email)} sms={int(by_sms)}")
        self.errors = {}
        self.notice = g.t("notices.saved")
        self._show(g, acct, pref)


class LetterState(rx.State):
    letters: LetterList = LetterList()
    letter: LetterView = LetterView()
    notice: str = ""
    error: str = ""
    _plan_id: Optional[int] = None

    @rx.event
    @gate.page("read_letters", plan=_own_things)
    async def load(self, g: gate.Ctx):
        viewer = g.who()
        if viewer.kind != "staff":
            g.audit(allowed=False, detail="not_staff")
            self.letters = LetterList(mode="denied")
            return
        self._list(g)

    def _list(self, g: gate.Ctx) -> None:
        viewer = g.who()
        rows = data.letters(g.s, data.letter_plans_of(g.s, viewer, _today()))
        # each person whose letter the list names finds this read in their access log
        audit.record_listing(g.s, actor_id=viewer.account_id, actor_role=viewer.kind,
                             action="read_letters", plan_ids=[r.plan_id for r in rows
                                                              if r.plan_id is not None])
        if not rows:
            g.audit(detail="empty")
        self.letters = build_letters(rows, lang_of(self, viewer))

    def _letter_of(self, g: gate.Ctx, letter_id: Optional[int]):  # noqa: ANN202
        """The letter, if the viewer is staff in its plan; else None (refusal audited)."""
        viewer = g.who()
        row = data.letter(g.s, letter_id) if letter_id is not None else None
        if row is not None:
            g.plan_id = row.plan_id  # the attempt shows in the person's access log
        if (viewer is None or viewer.kind != "staff" or row is None
                or row.plan_id not in data.letter_plans_of(g.s, viewer, _today())):
            return None
        return data.letter_row(g.s, row.id, [row.plan_id])

    @rx.event
    @gate.page("read_letter", plan=_own_things)
    async def load_letter(self, g: gate.Ctx):
        raw = str(route_params(self).get("letter_id", ""))
        letter_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
        row = self._letter_of(g, letter_id)
        if row is None:
            g.audit(allowed=False, target=f"letter:{letter_id or raw[:20]}", detail="hidden")
            self.letter = LetterView(mode="denied")
            return
        g.audit(target=f"letter:{row.id}")
        self.letter = build_letter(row, app_url=NotifySettings.from_env().app_url,
                                   staff_lang=lang_of(self, g.who()))

    @rx.event
    @gate.own("print_letter", writes=True)
    async def mark_printed(self, g: gate.Ctx, letter_id: int):
        """"Merk som skrevet ut": once; the date and who stay on the letter."""
        row = self._letter_of(g, letter_id)
        if row is None:
            g.refuse("hidden", target=f"letter:{letter_id}")
        if data.mark_printed(g.s, row.id, by_id=g.who().account_id, at=utcnow()):
            g.audit(target=f"letter:{row.id}")
        self.notice = g.t("letters.marked")
        if self.letter.id == row.id:
            fresh = data.letter_row(g.s, row.id, [row.plan_id])
            self.letter = build_letter(fresh, app_url=NotifySettings.from_env().app_url,
                                       staff_lang=lang_of(self, g.who()))
        if self.letters.mode == "list":
            self._list(g)
