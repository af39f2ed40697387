"""The links to the pages a staff member's own roles open (issue 19): "Ny plan" for a
veileder or koordinator, "Ansatte og roller" for an administrator. Only the caller's own
account is read."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel import gate
from ip_app.staff import data as data_staff
from ip_app.staff.rules import is_admin_of, plan_role


class StaffLinksState(rx.State):
    is_admin: bool = False
    may_start: bool = False

    @rx.event
    @gate.own("read_own_roles")
    async def load(self, g: gate.Ctx):
        viewer = g.who()
        me = data_staff.facts(g.s, viewer.account_id) if viewer else None
        active = me is not None and not me.deactivated
        self.is_admin = active and is_admin_of(me.kind, me.roles, me.org_id, me.org_id)
        self.may_start = active and me.kind == "staff" and plan_role(me.roles) is not None
