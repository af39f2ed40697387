"""Links on the caseload to what the staff member's roles open (issue 19)."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.staff.links_state import StaffLinksState


def staff_links() -> rx.Component:
    return rx.fragment(
        rx.cond(StaffLinksState.may_start, ak.Link.create(tr("start.link"), href="/ny-plan")),
        rx.cond(StaffLinksState.is_admin, ak.Link.create(tr("staff.link"), href="/ansatte")),
        ak.Link.create(tr("letters.link"), href="/brev"),
        rx.el.span(on_mount=StaffLinksState.load, class_name="live"),
    )
