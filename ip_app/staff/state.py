"""'/ansatte': an organisation's administrator creates staff accounts, sets their roles
and deactivates them (issue 19); the administrator of a NAV office also sets and lifts the
kontorsperre of the office's plans (with why; audited under the plan, so the person finds
it in their access log, and kept as history).

Every handler asks who is asking from the session and whether they administer the
organisation of the account named (never an organisation id from the browser); refused
attempts and every change are audited. A new account gets a one-time invitation link,
shown once to the administrator, who gives it to the new staff member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import reflex as rx

from ip_app.auth import invitations
from ip_app.kernel import gate
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import fmt_date, fmt_datetime
from ip_app.kernel.links import absolute
from ip_app.kernel.models import Account
from ip_app.staff import data as data_staff
from ip_app.staff.rules import (
    StaffRole, check_deactivation, check_new_staff, check_reason, check_role_change, is_admin_of,
    may_restrict_office, parse_roles,
)

ROLE_ORDER = [r.value for r in StaffRole]


@dataclass
class StaffRow:
    account_id: int = 0
    name: str = ""
    username: str = ""
    title: str = ""
    roles_text: str = ""
    roles: list[str] = field(default_factory=list)
    active: bool = True
    status: str = ""
    waiting: bool = False  # has not set a password yet


@dataclass
class OfficePlanRow:
    plan_id: int = 0
    person_name: str = ""
    restricted: bool = False
    status: str = ""
    history: list[str] = field(default_factory=list)  # newest first, with who, when, why


def _no_plan(g: gate.Ctx) -> None:
    """The viewer's own organisation, from the session: no plan to check."""
    return None


class StaffAdminState(rx.State):
    mode: str = "loading"  # loading | page | denied
    org_name: str = ""
    rows: list[StaffRow] = []
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    row_errors: dict[str, str] = {}  # "<account id>:<field>" -> text
    form_key: int = 0
    invite_link: str = ""
    invite_for: str = ""
    nav_office: bool = False  # a NAV office: its administrator sets kontorsperre
    office_plans: list[OfficePlanRow] = []
    _org_id: Optional[int] = None
    _plan_id: Optional[int] = None  # the gate's page flow resets it; no plan here

    # -- helpers -----------------------------------------------------------------------
    def _admin_org(self, g: gate.Ctx) -> Optional[int]:
        """The organisation the asker administers (from the session), or None."""
        viewer = g.who()
        if viewer is None:
            return None
        me = data_staff.facts(g.s, viewer.account_id)
        if me is None or me.deactivated or not is_admin_of(me.kind, me.roles, me.org_id, me.org_id):
            return None
        return me.org_id

    def _target(self, g: gate.Ctx, org_id: Optional[int], raw_id: object) -> Account:
        """A staff account of the asker's organisation named by the form, or refused."""
        try:
            account_id = int(str(raw_id))
        except ValueError:
            account_id = 0
        acct = g.s.get(Account, account_id) if account_id else None
        if org_id is None:
            g.refuse("not_admin", target=f"account:{account_id}")
        if acct is None or acct.kind != "staff" or acct.organisation_id != org_id:
            g.refuse("other_org", target=f"account:{account_id}")
        return acct

    def _fill(self, g: gate.Ctx, org_id: int) -> None:
        org = data_staff.organisation(g.s, org_id)
        self.org_name = org.name if org else ""
        lang = g.lang
        rows = []
        for a in data_staff.staff_of(g.s, org_id):
            roles = [r for r in ROLE_ORDER if r in parse_roles(a.staff_roles)]
            active = a.deactivated_at is None
            waiting = active and not a.password_hash
            status = (g.t("staff.status_deactivated", date=fmt_date(a.deactivated_at.date(), lang))
                      if not active else g.t("staff.status_waiting") if waiting
                      else g.t("staff.status_active"))
            rows.append(StaffRow(
                account_id=a.id, name=a.display_name, username=a.username, title=a.title,
                roles_text=", ".join(g.t(f"staff.role_{r}") for r in roles) or g.t("staff.no_roles"),
                roles=roles, active=active, status=status, waiting=waiting))
        self.rows = rows
        self.nav_office = org is not None and may_restrict_office(org.kind)
        self.office_plans = [OfficePlanRow(
            plan_id=p.plan_id, person_name=p.person_name, restricted=p.restricted,
            status=g.t("staff.restricted" if p.restricted else "staff.not_restricted",
                       office=self.org_name),
            history=[g.t(f"staff.restriction_{h.event}", who=h.by_name,
                         when=fmt_datetime(h.at, lang), reason=h.reason) for h in p.history],
        ) for p in (data_staff.office_plans(g.s, org_id) if self.nav_office else [])]

    # -- handlers ----------------------------------------------------------------------
    @rx.event
    @gate.page("read_staff_admin", plan=_no_plan)
    async def load(self, g: gate.Ctx):
        self.invite_link = self.invite_for = ""
        self.errors, self.row_errors = {}, {}
        org_id = self._admin_org(g)
        self._org_id = org_id
        if org_id is None:
            g.audit(allowed=False, detail="not_admin")
            self.mode = "denied"
            return
        g.audit(target=f"organisation:{org_id}")
        self._fill(g, org_id)
        self.mode = "page"

    @rx.event
    @gate.own("create_staff", writes=True)
    async def create(self, g: gate.Ctx, form_data: dict):
        self.invite_link = self.invite_for = ""
        self.errors, self.row_errors = {}, {}
        org_id = self._admin_org(g)
        if org_id is None:
            g.refuse("not_admin")
        try:
            new = check_new_staff(form_data)
            acct = data_staff.create_staff(g.s, org_id=org_id, new=new)
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            self.error = g.t("staff.fix_errors")
            return
        token = invitations.create_invitation(g.s, account_id=acct.id, by_id=g.viewer.account_id)
        g.audit(target=f"account:{acct.id}", detail=f"roles:{acct.staff_roles}")
        link, name = absolute(self, f"/invitasjon/{token}"), acct.display_name

        def done() -> None:
            self.invite_link, self.invite_for = link, name
            self.notice = g.t("staff.created", name=name)
            self.form_key += 1
        g.after(done)
        self._fill(g, org_id)

    @rx.event
    @gate.own("set_staff_roles", writes=True)
    async def save_roles(self, g: gate.Ctx, form_data: dict):
        self.invite_link = self.invite_for = ""
        self.errors, self.row_errors = {}, {}
        org_id = self._admin_org(g)
        acct = self._target(g, org_id, form_data.get("account_id"))
        try:
            roles = check_role_change(form_data, own_account=acct.id == g.viewer.account_id)
        except FormError as exc:
            self.row_errors = {f"{acct.id}:{k}": g.t(v) for k, v in exc.errors.items()}
            return
        before = data_staff.set_roles(g.s, acct, roles)
        g.audit(target=f"account:{acct.id}", detail=f"roles:{before}->{acct.staff_roles}")
        self.notice = g.t("staff.roles_saved", name=acct.display_name)
        self._fill(g, org_id)

    @rx.event
    @gate.own("deactivate_staff", writes=True)
    async def deactivate(self, g: gate.Ctx, form_data: dict):
        self.invite_link = self.invite_for = ""
        self.errors, self.row_errors = {}, {}
        org_id = self._admin_org(g)
        acct = self._target(g, org_id, form_data.get("account_id"))
        try:
            check_deactivation(own_account=acct.id == g.viewer.account_id,
                               already=acct.deactivated_at is not None)
            reason = check_reason(form_data.get("reason"))
        except FormError as exc:
            self.row_errors = {f"{acct.id}:{k}": g.t(v) for k, v in exc.errors.items()}
            return
        ended = data_staff.deactivate(g.s, acct)
        g.audit(target=f"account:{acct.id}", detail=f"sessions_ended:{ended}; {reason}"[:500])
        self.notice = g.t("staff.deactivated", name=acct.display_name)
        self._fill(g, org_id)

    @rx.event
    @gate.own("invite_staff", writes=True)
    async def new_link(self, g: gate.Ctx, form_data: dict):
        self.errors, self.row_errors = {}, {}
        org_id = self._admin_org(g)
        acct = self._target(g, org_id, form_data.get("account_id"))
        if acct.deactivated_at is not None:
            g.refuse("deactivated", target=f"account:{acct.id}")
        token = invitations.create_invitation(g.s, account_id=acct.id, by_id=g.viewer.account_id)
        g.audit(target=f"account:{acct.id}", detail="new_link")
        self.invite_link = absolute(self, f"/invitasjon/{token}")
        self.invite_for = acct.display_name
        self.notice = ""

    async def _restriction(self, g: gate.Ctx, form_data: dict, restrict: bool) -> None:
        self.invite_link = self.invite_for = ""
        self.errors, self.row_errors = {}, {}
        org_id = self._admin_org(g)
        raw = str(form_data.get("plan_id") or "")[:24]
        plan_id = int(raw) if raw.isdigit() else 0
        target = f"plan:{plan_id}"
        if org_id is None:
            g.refuse("not_admin", target=target)
        org = data_staff.organisation(g.s, org_id)
        if org is None or not may_restrict_office(org.kind):
            g.refuse("not_nav_office", target=target)
        if not plan_id or not data_staff.is_office_plan(g.s, org_id, plan_id):
            g.refuse("not_office_plan", target=target)
        g.plan_id = plan_id  # the person finds it in their access log
        try:
            reason = check_reason(form_data.get("reason"))
        except FormError as exc:
            self.row_errors = {f"plan{plan_id}:{k}": g.t(v) for k, v in exc.errors.items()}
            g.audit(allowed=False, target=target, detail="bad_input:reason")
            return
        try:
            data_staff.set_restriction(g.s, plan_id=plan_id, org_id=org_id,
                                       by_id=g.viewer.account_id, reason=reason,
                                       restrict=restrict)
        except data_staff.NotOfficePlan:  # set or lifted meanwhile: the list shows it now
            self.row_errors = {f"plan{plan_id}:reason": g.t("staff.error_restriction_changed")}
            self._fill(g, org_id)
            return
        g.audit(target=target, detail=f"office:{org_id}; {reason}"[:500])
        name = next((p.person_name for p in self.office_plans if p.plan_id == plan_id), "")
        self.notice = g.t("staff.notice_restricted" if restrict else "staff.notice_unrestricted",
                          name=name, office=org.name)
        self._fill(g, org_id)

    @rx.event
    @gate.own("set_office_restriction", writes=True)
    async def set_restriction(self, g: gate.Ctx, form_data: dict):
        """Kontorsperre on one of the office's plans: only the office's NAV staff see it."""
        await self._restriction(g, form_data, True)

    @rx.event
    @gate.own("lift_office_restriction", writes=True)
    async def lift_restriction(self, g: gate.Ctx, form_data: dict):
        await self._restriction(g, form_data, False)
