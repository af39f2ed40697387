"""The introduction programme / KVP block of the plan: kartlegging, sluttmål, phases,
time used and left, and planned hours per week against full time."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak


def _fact(label: str, value: Any) -> rx.Component:
    return rx.cond(value != "", rx.fragment(
        rx.el.dt(ak.Label.create(label, as_="span", size="small")),
        rx.el.dd(ak.BodyLong.create(value, class_name="pre-line")),
    ))


def _hours(b: Any) -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(tr("programme.hours_heading"), level="3", size="small"),
        rx.el.ul(rx.foreach(b.hours, lambda h: rx.el.li(ak.HStack.create(
            ak.BodyShort.create(h.title),
            ak.BodyShort.create(rx.cond(h.hours != "", h.hours, tr("programme.hours_none")),
                                weight="semibold"),
            # wraps: a long tiltak name with text spacing must not push the hours out at 320 px
            justify="space-between", gap="space-8", wrap=True,
        ))), class_name="plain-list"),
        ak.BodyShort.create(b.week_sum, weight="semibold"),
        ak.Alert.create(b.full_time_message, variant=rx.cond(b.under_full_time, "warning",
                                                             "success"),
                        size="small", inline=True),
        gap="space-8",
    )


def _block(b: Any) -> rx.Component:
    hid = "programme-" + b.basis
    return rx.el.section(
        ak.VStack.create(
            ak.HStack.create(
                ak.Heading.create(b.heading, level="2", size="medium", id=hid),
                rx.cond(b.hurtigspor, ak.Tag.create(tr("programme.hurtigspor"), variant="moderate",
                                                    size="small", data_color="accent")),
                gap="space-8", align="center",
            ),
            rx.el.dl(
                _fact(tr("programme.period_label"), b.period),
                _fact(tr("programme.used_label"), b.time_used),
                _fact(tr("programme.left_label"), b.time_left),
                _fact(tr("programme.extension_label"), b.extension),
                _fact(tr("programme.final_goal"), b.final_goal),
                _fact(tr("programme.norwegian_level"), b.norwegian_level),
                _fact(tr("programme.education"), b.education),
                _fact(tr("programme.work_experience"), b.work_experience),
                class_name="facts",
            ),
            rx.cond(b.phases.length() > 0, ak.VStack.create(
                ak.Heading.create(tr("programme.phases"), level="3", size="small"),
                rx.el.ol(rx.foreach(b.phases, lambda ph: rx.el.li(ak.BodyShort.create(
                    ph.name, rx.cond(ph.start != "", rx.el.span(" – ", tr("programme.from"), " ",
                                                                ph.start))))),
                         class_name="history-list"),
                gap="space-4")),
            _hours(b),
            rx.cond(b.right_to_ip != "", ak.BodyShort.create(b.right_to_ip)),
            rx.cond(b.edit_href != "", ak.Link.create(tr("programme_edit.link"),
                                                      href=b.edit_href)),
            gap="space-12",
        ),
        aria_labelledby=hid,
    )


def programme_blocks(page: Any) -> rx.Component:
    return rx.fragment(
        rx.foreach(page.programme, _block),
        rx.cond(page.programme_new_href != "", ak.Link.create(tr("programme_edit.link_new"),
                                                               href=page.programme_new_href)),
    )
