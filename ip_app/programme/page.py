"""'/plan/[plan_id]/program': staff record and change the introduction programme / KVP facts."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section
from ip_app.programme.form import programme_form, version_box
from ip_app.programme.state import ProgrammeEditState

V = ProgrammeEditState.view


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(tr("programme_edit.title"), level="1", size="large"),
            ak.BodyShort.create(V.heading, " – ", tr("assessment.plan_of"), " ", V.person_name),
            gap="space-4",
        ),
        live_messages(ProgrammeEditState.notice, ProgrammeEditState.error),
        section(tr("programme_edit.current"),
                rx.cond(V.has_current, version_box(V.current),
                        ak.BodyShort.create(tr("programme_edit.none"))),
                id="current-programme"),
        section(tr("programme_edit.form_heading"), programme_form(V, ProgrammeEditState),
                id="edit-programme"),
        section(tr("programme_edit.earlier"),
                rx.cond(V.earlier.length() > 0,
                        rx.el.ol(rx.foreach(V.earlier, lambda r: rx.el.li(version_box(r))),
                                 class_name="plain-list", reversed=True),
                        ak.BodyShort.create(tr("programme_edit.earlier_none"))),
                id="earlier-programme"),
        gap="space-24",
    )


def programme_edit_page() -> rx.Component:
    title = tr("programme_edit.title")
    loading = titled(title, ak.BodyShort.create(tr("common.loading"), role="status"))
    denied = titled(title, ak.Alert.create(tr("programme_edit.denied"), variant="warning"))
    return shell(rx.match(
        ProgrammeEditState.screen,
        ("denied", denied),
        ("page", rx.match(
            V.mode,
            ("staff", _content()),
            ("denied", denied),
            ("ended", titled(title, ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", titled(title, ak.Alert.create(tr("plan.load_error"), variant="error"))),
            loading,
        )),
        loading,
    ), title=title)
