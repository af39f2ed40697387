"""'/plan/[plan_id]/samtalereferat': the referat of conversations with NAV."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.assessment.parts import boxed
from ip_app.conversation_records.state import ConversationRecordState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, plan_subpage
from ip_app.plan.parts import section

S = ConversationRecordState
V = ConversationRecordState.view
E = ConversationRecordState.errors


def _earlier(x: Any) -> rx.Component:
    return rx.el.li(ak.VStack.create(
        ak.BodyShort.create(x.topic, weight="semibold"),
        ak.BodyLong.create(x.text, class_name="pre-line", size="small"),
        ak.Detail.create(x.written),
        gap="space-4"))


def _record(r: Any) -> rx.Component:
    item = boxed(
        ak.Heading.create(r.current.topic, level="3", size="small"),
        ak.BodyShort.create(r.held_on, weight="semibold"),
        ak.BodyLong.create(r.current.text, class_name="pre-line"),
        ak.Detail.create(r.current.written),
        ak.HStack.create(ak.Tag.create(r.read_label, variant="moderate", size="small",
                                       data_color=rx.cond(r.is_read, "success", "warning"))),
        rx.cond(r.can_confirm, ak.HStack.create(ak.Button.create(
            tr("record.confirm"), type="button", on_click=S.confirm(r.id, r.current.version)))),
        rx.cond(V.can_write, ak.HStack.create(ak.Button.create(
            tr("record.edit"), type="button", variant="tertiary", size="small",
            on_click=S.open_edit(r.id),
            custom_attrs={"aria-label": tr("record.edit_named", topic=r.current.topic)}))),
        rx.cond(r.earlier.length() > 0, rx.el.details(
            rx.el.summary(tr("minutes.earlier")),
            rx.el.ol(rx.foreach(r.earlier, _earlier), class_name="history-list"),
            class_name="history")),
    )
    item.key = r.id
    return item


def _form() -> rx.Component:
    return section(
        rx.cond(S.editing != 0, tr("record.edit_heading"), tr("record.new")),
        rx.el.form(
            ak.VStack.create(
                rx.cond(S.editing == 0,  # a new version keeps the day it was held
                        ak.TextField.create(label=tr("record.held_on_label"), name="held_on",
                                            type="date", error=E.get("held_on", ""),
                                            class_name="ring-within"),
                        rx.el.input(type="hidden", name="held_on", value=S.f_held_on)),
                ak.TextField.create(label=tr("record.topic"), name="topic", max_length=200,
                                    default_value=S.f_topic, error=E.get("topic", "")),
                ak.Textarea.create(label=tr("record.text"), name="text", max_length=5000,
                                   min_rows=5, default_value=S.f_text,
                                   error=E.get("text", "")),
                rx.cond(E.get("_form", "") != "", ak.Alert.create(
                    E.get("_form", ""), variant="error", size="small")),
                ak.HStack.create(
                    ak.Button.create(tr("record.save"), type="submit"),
                    rx.cond(S.editing != 0, ak.Button.create(
                        tr("record.cancel_edit"), type="button", variant="secondary",
                        on_click=S.new_record)),
                    gap="space-8", wrap=True),
                gap="space-16", align="stretch",
            ),
            on_submit=S.save, key=S.form_key.to_string(),
        ),
        id="record-form",
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.Heading.create(rx.cond(V.guardian_heading != "", V.guardian_heading,
                                  tr("record.title")), level="1", size="large"),
        ak.BodyLong.create(rx.cond(
            V.guardian_intro != "", V.guardian_intro,
            rx.cond(V.mode == "person", tr("record.intro_person"), tr("record.intro_staff")))),
        live_messages(S.notice, S.error),
        section(tr("record.list"),
                rx.cond(V.records.length() > 0,
                        rx.el.ul(rx.foreach(V.records, _record), class_name="plain-list"),
                        ak.BodyShort.create(tr("record.none"))),
                id="record-list"),
        rx.cond(V.can_write, _form()),
        gap="space-24",
    )


def conversation_records_page() -> rx.Component:
    return plan_subpage(tr("record.title"), S.screen, V.mode, _content)
