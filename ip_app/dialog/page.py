"""The dialog: '/dialog' (the person's threads), '/plan/<id>/dialog' (a helper's threads
on one plan), '/dialog/<thread>' (one thread)."""

from __future__ import annotations

import reflex as rx

from ip_app.dialog.parts import V, manage_bar, message_item, new_thread_form, reply_form, thread_row
from ip_app.dialog.state import DialogState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled


def _list() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("dialog.back_plan"), href=V.back_href, class_name="no-print"),
        ak.Heading.create(tr("dialog.title"), level="1", size="large"),
        ak.BodyLong.create(tr("dialog.intro")),
        live_messages(DialogState.notice, DialogState.error),
        rx.cond(
            DialogState.new_open,
            new_thread_form(),
            rx.cond(V.can_start, ak.Button.create(
                tr("dialog.new"), type="button", variant="secondary", size="small",
                on_click=DialogState.toggle_new)),
        ),
        rx.cond(V.threads.length() > 0,
                rx.el.ul(rx.foreach(V.threads, thread_row), class_name="plain-list",
                         aria_label=tr("dialog.threads")),
                ak.BodyShort.create(tr("dialog.none"))),
        gap="space-24",
    )


def _thread() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("dialog.back_list"), href=V.back_href, class_name="no-print"),
        ak.VStack.create(
            ak.Heading.create(V.subject, level="1", size="large"),
            rx.cond(V.members != "", ak.Detail.create(V.members)),
            rx.cond(V.about != "", ak.Detail.create(V.about)),
            rx.cond(V.status_label != "", ak.Tag.create(V.status_label, variant="moderate",
                                                        size="small", data_color="neutral")),
            gap="space-4", align="start",
        ),
        rx.cond(V.can_manage, manage_bar()),
        rx.el.ol(rx.foreach(V.messages, message_item), class_name="plain-list msg-list",
                 aria_label=tr("dialog.messages")),
        # shown with unread messages = read now (also when one arrives while open)
        rx.cond(V.unread_here > 0, rx.el.span(on_mount=DialogState.mark_read)),
        live_messages(DialogState.notice, DialogState.error),
        # a message from someone else that arrives while this is open, said politely
        rx.el.div(V.announce, role="status", aria_live="polite", class_name="live sr-only",
                  id="dialog-arrival"),
        reply_form(),
        gap="space-24",
    )


def dialog_page() -> rx.Component:
    loading = titled(tr("dialog.title"), ak.BodyShort.create(tr("common.loading"), role="status"))
    return shell(
        rx.match(
            V.mode,
            ("list", _list()),
            ("thread", _thread()),
            ("denied", titled(tr("dialog.title"),
                              ak.Alert.create(tr("dialog.denied"), variant="warning"),
                              live_messages(DialogState.notice, DialogState.error))),
            ("ended", titled(tr("dialog.title"),
                             ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", titled(tr("dialog.title"),
                             ak.Alert.create(tr("plan.load_error"), variant="error"))),
            loading,
        ),
        title=tr("dialog.title"),
    )
