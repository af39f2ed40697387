"""'/plan/[plan_id]/ansvarsgruppe': the plan's ansvarsgruppe (issue 19).

The person reads who is in it and every change (who, when, why) in plain words; the plan's
veileder or koordinator invites a helper of any organisation or a relative (the invitation
is the consent request the person answers inline; the participant shows in the plan only
once approved), removes a participant (their access ends at once: the live signal makes
every open page ask the policy again), appoints the koordinator and hands NAV's part to
another veileder. All through the gate; ids from the browser are checked against the
plan (participants) or the asker's own last search (staff accounts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import reflex as rx

from ip_app.auth import invitations
from ip_app.kernel import gate
from ip_app.kernel.common import today
from ip_app.kernel.forms import FormError
from ip_app.kernel.links import absolute
from ip_app.kernel.page_view import forget_view, plan_view
from ip_app.kernel.models import Account, Organisation, Participant
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.team import data as data_team
from ip_app.team.rules import (
    check_reason, check_relative_invite, check_reservation, check_staff_invite, may_coordinate,
    may_manage, may_remove, may_set_contact_reservation, may_take_nav_part,
)
from ip_app.team.view import TeamPage, build_team_page, may_read_team


SCOPES = [s.value for s in Scope]


@dataclass
class StaffHit:
    account_id: int = 0
    name: str = ""
    organisation: str = ""


def _team_member(g: gate.Ctx, participant_id: int) -> Optional[Participant]:
    """A participant row of the plan named (also one who left: the handler says no)."""
    part = g.s.get(Participant, participant_id)
    return part if part is not None and part.plan_id == g.plan_id else None


def _member_plan(s, participant_id: int) -> Optional[int]:  # noqa: ANN001
    part = s.get(Participant, participant_id)
    return part.plan_id if part is not None else None


gate.row_kind("team_member", _team_member, owner=_member_plan)


def _person_name(g: gate.Ctx) -> str:
    person = g.s.get(Account, g.plan.person_id)
    return person.display_name if person else ""


def _reads(g: gate.Ctx) -> bool:
    return may_read_team(g.access)


def _manages(g: gate.Ctx) -> bool:
    return may_manage(g.access.role)


def _sets_reservation(g: gate.Ctx) -> bool:
    return may_set_contact_reservation(g.access.role, g.viewer.org_kind)


class TeamState(rx.State):
    screen: str = "loading"  # loading | page | denied (set by the gate's page flow)
    plan_href: str = ""
    staff_query: str = ""
    staff_searched: bool = False
    staff_hits: list[StaffHit] = []
    chosen_id: int = 0
    chosen_name: str = ""
    chosen_nav: bool = False  # the chosen one may take NAV's part (a NAV veileder)
    invite_link: str = ""
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _hit_ids: list[int] = []
    _plan_id: Optional[int] = None

    # -- the view: live, asks the policy again on every change of the plan --------------
    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> TeamPage:
        return await plan_view(
            self, "team", TeamPage, lambda c: may_read_team(c.access),
            lambda c: build_team_page(data_team.load_page(c.s, c.plan, c.today), c.access,
                                      c.person_name, c.lang, c.viewer.org_kind))

    def _form_errors(self, g: gate.Ctx, errors: dict[str, str]) -> None:
        self.errors = {k: g.t(v) for k, v in errors.items()}
        self.error = g.t("team.fix_errors")
        g.audit(allowed=False, detail="bad_input:" + ",".join(sorted(errors))[:200])

    def _reset_forms(self) -> None:
        self.staff_query, self.staff_searched, self.staff_hits = "", False, []
        self._hit_ids, self.chosen_id, self.chosen_name = [], 0, ""
        self.errors = {}

    # -- handlers ----------------------------------------------------------------------
    @rx.event
    @gate.page("read_team", may=_reads)
    async def load(self, g: gate.Ctx):
        forget_view(self, "team")
        self._reset_forms()
        self.invite_link = ""
        self.plan_href = f"/plan/{g.plan_id}"

    @rx.event
    @gate.read("search_staff", may=_manages)
    async def search_staff(self, g: gate.Ctx, form_data: dict):
        self.errors, self.error, self.notice = {}, "", ""
        q = str(form_data.get("q") or "").strip()[:100]
        self.staff_query = q
        if len(q) < 2:
            self._form_errors(g, {"q": "start.error_search_short"})
            return
        taken = {m.account_id for m in data_team.members(g.s, g.plan, today()) if not m.left}
        hits = [(a, o) for a, o in data_team.staff_matching(g.s, q) if a.id not in taken]
        self.staff_hits = [StaffHit(a.id, a.display_name, o.name if o else "") for a, o in hits]
        self._hit_ids = [a.id for a, _ in hits]
        self.staff_searched = True
        self.chosen_id, self.chosen_name = 0, ""
        g.audit(detail=f"hits:{len(hits)}")

    @rx.event
    @gate.read("choose_staff", may=_manages)
    async def choose_staff(self, g: gate.Ctx, account_id: int):
        if account_id not in self._hit_ids:
            g.refuse("not_in_search", target=f"account:{account_id}")
        acct = g.s.get(Account, account_id)
        self.chosen_id, self.chosen_name = acct.id, acct.display_name
        org = g.s.get(Organisation, acct.organisation_id) if acct.organisation_id else None
        self.chosen_nav = may_take_nav_part(acct.kind, org.kind if org else "",
                                            data_team.staff_roles_of(acct),
                                            acct.deactivated_at is not None)
        self.errors, self.form_key = {}, self.form_key + 1

    def _chosen(self, g: gate.Ctx) -> Account:
        if not self.chosen_id or self.chosen_id not in self._hit_ids:
            g.refuse("not_in_search", target=f"account:{self.chosen_id}")
        return g.s.get(Account, self.chosen_id)

    @rx.event
    @gate.write("invite_participant", may=_manages, field="error")
    async def invite_staff(self, g: gate.Ctx, form_data: dict):
        acct = self._chosen(g)
        try:
            inv = check_staff_invite(form_data)
            c = data_team.invite(g.s, plan=g.plan, account=acct, role=inv.role, scopes=inv.scopes,
                                 by_id=g.viewer.account_id, by_role=g.role, today=today())
        except (FormError, data_team.TeamError) as exc:
            self._form_errors(g, exc.errors)
            return
        g.audit(target=f"consent:{c.id}", detail=f"account:{acct.id}; role:{inv.role}")
        g.changed()
        name, person = acct.display_name, _person_name(g)

        def done() -> None:
            self._reset_forms()
            self.notice = g.t("team.invited", name=name, person=person)
            self.form_key += 1
        g.after(done)

    @rx.event
    @gate.write("invite_relative", may=_manages, field="error")
    async def invite_relative(self, g: gate.Ctx, form_data: dict):
        try:
            inv = check_relative_invite(form_data)
        except FormError as exc:
            self._form_errors(g, exc.errors)
            return
        acct = data_team.new_relative(g.s, name=inv.name, phone=inv.phone, email=inv.email)
        c = data_team.invite(g.s, plan=g.plan, account=acct, role=inv.role, scopes=inv.scopes,
                             by_id=g.viewer.account_id, by_role=g.role, today=today())
        token = invitations.create_invitation(g.s, account_id=acct.id, by_id=g.viewer.account_id)
        g.audit(target=f"consent:{c.id}", detail=f"relative:{acct.id}; role:{inv.role}")
        g.changed()
        link, name, person = absolute(self, f"/invitasjon/{token}"), inv.name, _person_name(g)

        def done() -> None:
            self.errors, self.invite_link = {}, link
            self.notice = g.t("team.invited_relative", name=name, person=person)
            self.form_key += 1
        g.after(done)

    def _member(self, g: gate.Ctx):  # noqa: ANN202 - the participant row, still in the plan
        part = g.row
        if part.left_at is not None:
            g.refuse("left")
        return part

    @rx.event
    @gate.write("remove_participant", row="team_member", row_id="form_data.participant_id",
                may=_manages, field="error")
    async def remove(self, g: gate.Ctx, form_data: dict):
        part = self._member(g)
        if not may_remove(part.role):
            g.refuse("person")
        try:
            reason = check_reason(form_data.get("reason"))
        except FormError as exc:
            self._form_errors(g, {f"{k}_{part.id}": v for k, v in exc.errors.items()})
            return
        data_team.remove(g.s, plan=g.plan, participant=part, by_id=g.viewer.account_id,
                         by_role=g.role, reason=reason)
        g.audit(target=f"participant:{part.id}", detail=reason[:400])
        g.changed()
        name = g.s.get(Account, part.account_id).display_name
        self.notice = g.t("team.removed", name=name)

    @rx.event
    @gate.write("set_coordinator", row="team_member", row_id="form_data.participant_id",
                may=_manages, field="error")
    async def set_coordinator(self, g: gate.Ctx, form_data: dict):
        part = self._member(g)
        if part.pending or not may_coordinate(part.role):
            g.refuse("not_staff")
        try:
            reason = check_reason(form_data.get("reason"))
        except FormError as exc:
            self._form_errors(g, {f"{k}_{part.id}": v for k, v in exc.errors.items()})
            return
        data_team.set_coordinator(g.s, plan=g.plan, participant=part, by_id=g.viewer.account_id,
                                  by_role=g.role, reason=reason)
        g.audit(target=f"participant:{part.id}", detail=reason[:400])
        g.changed()
        self.notice = g.t("team.coordinator_set",
                          name=g.s.get(Account, part.account_id).display_name)

    @rx.event
    @gate.write("hand_over_nav", row="team_member", row_id="form_data.participant_id",
                may=_manages, field="error")
    async def hand_over(self, g: gate.Ctx, form_data: dict):
        old = self._member(g)
        if old.role != Role.VEILEDER or old.pending:
            g.refuse("not_veileder")
        new = self._chosen(g)
        org = g.s.get(Organisation, new.organisation_id) if new.organisation_id else None
        errors: dict[str, str] = {}
        if not may_take_nav_part(new.kind, org.kind if org else "",
                                 data_team.staff_roles_of(new), new.deactivated_at is not None):
            errors["handover"] = "team.error_not_nav_veileder"
        try:
            reason = check_reason(form_data.get("reason"))
        except FormError:
            errors["handover_reason"] = "team.error_reason"
        if errors:
            self._form_errors(g, errors)
            return
        try:
            data_team.hand_over(g.s, plan=g.plan, old=old, new_account=new,
                                by_id=g.viewer.account_id, by_role=g.role, reason=reason,
                                today=today())
        except data_team.TeamError as exc:
            self._form_errors(g, {"handover": exc.errors["account_id"]})
            return
        g.audit(target=f"participant:{old.id}", detail=f"to:{new.id}; {reason}"[:400])
        g.changed()
        name = new.display_name

        def done() -> None:
            self._reset_forms()
            self.notice = g.t("team.handed_over", name=name)
        g.after(done)

    @rx.event
    @gate.write("set_contact_reserved", may=_sets_reservation, field="error")
    async def set_contact_reserved(self, g: gate.Ctx, form_data: dict):
        """NAV's veileder marks the person as reserved against digital contact in KRR, or
        lifts it, with why; the change and its reason are kept (contact_reservation_event)."""
        person = g.s.get(Account, g.plan.person_id)
        try:
            reserved, reason = check_reservation(form_data, bool(person.contact_reserved))
        except FormError as exc:
            self._form_errors(g, exc.errors)
            return
        row = data_team.set_contact_reserved(g.s, plan=g.plan, reserved=reserved, reason=reason,
                                             by_id=g.viewer.account_id, by_role=g.role)
        g.audit(target=f"account:{person.id}",
                detail=f"reserved:{int(reserved)}; event:{row.id}; {reason}"[:400])
        g.changed()
        key = "team.krr_saved_set" if reserved else "team.krr_saved_lifted"
        name = person.display_name

        def done() -> None:
            self.errors, self.error = {}, ""
            self.notice = g.t(key, name=name)
            self.form_key += 1
        g.after(done)
