"""'/tilgangslogg': Hvem har sett planen min - the plan's audit events in plain words."""

from __future__ import annotations

import reflex as rx

from ip_app.access_log.state import AccessLogState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import shell

L = AccessLogState.log


def _line(r) -> rx.Component:
    return rx.el.li(
        ak.BodyShort.create(r.text, size="small"),
        rx.cond(r.part != "", ak.Detail.create(r.part)),
        class_name="log-row", key=r.id,
    )


def _group(g) -> rx.Component:
    """One person on one day: what they did, in one sentence, and each time below it;
    those who were stopped stand out."""
    return rx.el.li(
        ak.Box.create(
            ak.VStack.create(
                ak.HStack.create(
                    ak.BodyShort.create(g.summary, weight="semibold"),
                    rx.cond(g.refused, ak.Tag.create(tr("log.stopped"), variant="strong",
                                                     size="xsmall", data_color="danger")),
                    gap="space-8", align="center", wrap=True,
                ),
                rx.el.ul(rx.foreach(g.rows, _line), class_name="plain-list log-lines"),
                gap="space-8", align="start",
            ),
            padding="space-12", border_radius="8", border_width="1",
            border_color=rx.cond(g.refused, "danger", "neutral-subtle"),
            background=rx.cond(g.refused, "danger-soft", "default"),
        ),
        key=g.key,
    )


def _log() -> rx.Component:
    return ak.VStack.create(
        ak.BodyLong.create(rx.cond(L.intro != "", L.intro, tr("log.intro"))),
        ak.Select.create(
            rx.foreach(L.who_options, lambda o: rx.el.option(o.label, value=o.value)),
            label=tr("log.filter"), value=L.only, on_change=AccessLogState.set_only,
        ),
        ak.BodyShort.create(L.range_label, role="status"),
        rx.el.ol(
            rx.foreach(L.groups, _group),
            class_name="plain-list", aria_label=tr("log.list"),
        ),
        ak.HStack.create(
            rx.cond(L.has_newer, ak.Button.create(tr("log.newer"), variant="secondary",
                                                  on_click=AccessLogState.newer)),
            rx.cond(L.has_older, ak.Button.create(tr("log.older"), variant="secondary",
                                                  on_click=AccessLogState.older)),
            gap="space-8", wrap=True,
        ),
        gap="space-16",
    )


def access_log_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_plan"), href="/"),
        ak.Heading.create(rx.cond(L.title != "", L.title, tr("log.title")), level="1",
                          size="large"),
        rx.match(
            L.mode,
            ("log", _log()),
            ("denied", ak.Alert.create(tr("log.denied"), variant="warning")),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("log.title"),
    )
