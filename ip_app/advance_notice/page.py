"""'/plan/[plan_id]/tiltak/[measure_id]/forhandsorientering': one tiltak's notices."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.advance_notice.state import AdvanceNoticeState
from ip_app.assessment.parts import boxed
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, plan_subpage
from ip_app.plan.parts import section

S = AdvanceNoticeState
V = AdvanceNoticeState.view
E = AdvanceNoticeState.errors


def _fact(label: Any, value: Any) -> rx.Component:
    return rx.fragment(
        rx.el.dt(ak.Label.create(label, as_="span", size="small")),
        rx.el.dd(ak.BodyLong.create(value, class_name="pre-line")),
    )


def _notice(n: Any) -> rx.Component:
    return boxed(
        ak.Heading.create(tr("fho.title"), level="3", size="small"),
        ak.Tag.create(rx.cond(n.replaced, tr("fho.replaced"), n.read_label),
                      variant="moderate", size="small",
                      data_color=rx.cond(n.replaced, "neutral",
                                         rx.cond(n.is_read, "success", "warning"))),
        ak.Detail.create(n.sent),
        rx.el.dl(
            _fact(tr("fho.required"), n.required),
            _fact(tr("fho.consequence"), n.consequence),
            _fact(tr("fho.rights"), n.rights),
            class_name="facts",
        ),
        rx.cond(n.can_confirm, ak.Button.create(tr("fho.confirm"),
                                                on_click=S.confirm(n.id))),
    )


def _form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            ak.BodyShort.create(tr("fho.form_intro")),
            rx.el.input(type="hidden", name="measure_id", value=V.measure_id.to_string()),
            ak.Textarea.create(label=tr("fho.required"), name="required",
                               default_value=V.f_required, max_length=2000, min_rows=3,
                               error=E.get("required", "")),
            ak.Textarea.create(label=tr("fho.consequence"), name="consequence",
                               default_value=V.f_consequence, max_length=2000, min_rows=3,
                               error=E.get("consequence", "")),
            ak.Textarea.create(label=tr("fho.rights"), name="rights",
                               default_value=V.f_rights, max_length=2000, min_rows=3,
                               error=E.get("rights", "")),
            ak.Button.create(tr("fho.send"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=S.send, key=S.form_key.to_string(),
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(tr("fho.title"), level="1", size="large"),
            ak.BodyShort.create(tr("fho.for_measure"), " ", V.measure_title),
            gap="space-4",
        ),
        rx.cond(V.mode == "person", ak.BodyLong.create(tr("fho.intro"))),
        live_messages(S.notice, S.error),
        section(tr("fho.list"),
                rx.cond(V.notices.length() > 0,
                        rx.el.ul(rx.foreach(V.notices, _notice), class_name="plain-list"),
                        ak.BodyShort.create(tr("fho.none"))),
                id="fho-list"),
        rx.cond(V.can_send, section(tr("fho.new"), _form(), id="fho-new")),
        gap="space-24",
    )


def advance_notice_page() -> rx.Component:
    return plan_subpage(tr("fho.title"), S.screen, V.mode, _content)
