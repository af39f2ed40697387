"""Pieces of the dialog: the thread list, one message, the box you write in."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.dialog.rules import BODY_MAX
from ip_app.dialog.state import DialogState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak

V = DialogState.view


def _segment(seg: Any) -> rx.Component:
    # text stays text: a link only for http(s) addresses found on the server
    return rx.cond(
        seg.href != "",
        # Link declares only href: target and rel go through as attributes, or they are lost
        ak.Link.create(seg.text, rx.el.span(" ", tr("dialog.new_tab"), class_name="sr-only"),
                       href=seg.href,
                       custom_attrs={"target": "_blank", "rel": "noopener noreferrer"}),
        rx.el.span(seg.text),
    )


def message_item(m: Any) -> rx.Component:
    return rx.el.li(
        ak.Box.create(
            ak.VStack.create(
                ak.HStack.create(
                    ak.BodyShort.create(m.sender, weight="semibold", size="small"),
                    ak.Detail.create(m.when),
                    gap="space-8", wrap=True, align="baseline",
                ),
                rx.el.p(rx.foreach(m.segments, _segment), class_name="msg-body"),
                rx.cond(m.read_label != "", ak.Detail.create(m.read_label, class_name="msg-read")),
                gap="space-4",
            ),
            padding="space-12", border_radius="8",
            background=rx.cond(m.mine, "accent-soft", "neutral-soft"),
        ),
        class_name=m.css_class,
    )


def body_field(label: rx.Var[str], focus: Any = False) -> rx.Component:
    """The text box: uncontrolled, so typing never waits for the server; its draft is
    saved as you type; `key` empties it only after the message is stored. Full width;
    `focus`: it takes the focus when it appears (opened to write at once)."""
    return ak.Textarea.create(
        label=label, name="body", default_value=V.draft, max_length=BODY_MAX, min_rows=3,
        auto_focus=focus, class_name="full-width",
        on_change=DialogState.save_draft.debounce(700),
        key=DialogState.compose_key.to_string(),  # not the view's ids: they blink on reconnect
    )


def _client_id() -> rx.Component:
    return rx.el.input(type="hidden", name="client_id", value=DialogState.client_id)


def reply_form() -> rx.Component:
    return rx.el.form(
        _client_id(),
        rx.el.input(type="hidden", name="thread_id", value=V.thread_id.to_string()),
        ak.VStack.create(
            body_field(tr("dialog.message")),
            ak.Button.create(tr("dialog.send"), type="submit", size="small"),
            gap="space-8", align="start",
        ),
        on_submit=DialogState.send,
        class_name="no-print",
    )


def new_thread_form() -> rx.Component:
    return rx.el.form(
        _client_id(),
        ak.VStack.create(
            ak.Heading.create(tr("dialog.new_heading"), level="2", size="small"),
            rx.cond(V.about != "", ak.BodyShort.create(V.about)),
            ak.TextField.create(label=tr("dialog.subject"), name="subject", max_length=120,
                                auto_complete="off", default_value=V.subject_start),
            rx.cond(
                V.recipients.length() > 0,
                ak.CheckboxGroup.create(
                    rx.foreach(V.recipients, lambda r: ak.Checkbox.create(
                        r.label, name="to_" + r.value, value=r.value)),
                    legend=tr("dialog.to"), description=tr("dialog.to_help"), size="small",
                    default_value=V.checked,
                ),
                ak.BodyShort.create(tr("dialog.no_recipients")),
            ),
            body_field(tr("dialog.message"), DialogState.focus_body),
            ak.HStack.create(
                ak.Button.create(tr("dialog.send"), type="submit"),
                ak.Button.create(tr("dialog.cancel"), type="button", size="small",
                                 variant="tertiary", on_click=DialogState.toggle_new),
                gap="space-8",
            ),
            gap="space-16", align="stretch",
        ),
        on_submit=DialogState.start,
        class_name="no-print",
    )


def thread_row(row: Any) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.Link.create(row.subject, href=row.href),
            rx.cond(row.with_whom != "", ak.Detail.create(row.with_whom)),
            ak.HStack.create(
                ak.Detail.create(row.when),
                rx.cond(row.unread > 0, ak.Tag.create(row.unread_label, variant="moderate",
                                                      size="xsmall", data_color="info")),
                rx.cond(row.status_label != "", ak.Tag.create(
                    row.status_label, variant="moderate", size="xsmall", data_color="neutral")),
                gap="space-8", wrap=True, align="center",
            ),
            gap="space-4",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def manage_bar() -> rx.Component:
    """For the veileder/koordinator: who the thread waits for, or done."""
    def mark(label_key: str, handler: Any) -> rx.Component:
        return ak.Button.create(tr(label_key), type="button", size="small", variant="secondary",
                                on_click=handler)

    return rx.el.div(
        ak.HStack.create(
            mark("dialog.mark_waiting_bruker", DialogState.set_waiting("bruker")),
            mark("dialog.mark_waiting_nav", DialogState.set_waiting("nav")),
            rx.cond(V.done,
                    mark("dialog.mark_reopen", DialogState.set_done("nei")),
                    mark("dialog.mark_done", DialogState.set_done("ja"))),
            gap="space-8", wrap=True,
        ),
        role="group", aria_label=tr("dialog.manage"), class_name="no-print",
    )
