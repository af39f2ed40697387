"""'/tilgangslogg': Hvem har sett planen min - the plan's audit events in plain words."""

from __future__ import annotations

import reflex as rx

from ip_app.web.lang_state import tr
from ip_app.ui import aksel as ak
from ip_app.ui.layout import shell
from ip_app.web.access_log_state import AccessLogState

L = AccessLogState.log


def _log() -> rx.Component:
    return ak.VStack.create(
        ak.BodyLong.create(tr("log.intro")),
        ak.BodyShort.create(L.range_label, role="status"),
        rx.el.ol(
            rx.foreach(L.rows, lambda r: rx.el.li(
                ak.VStack.create(
                    ak.BodyShort.create(r.text),
                    rx.cond(r.refused, ak.Tag.create(tr("log.stopped"), variant="moderate",
                                                     size="xsmall", data_color="danger")),
                    gap="space-4", align="start",
                ),
                class_name="log-row",
            )),
            class_name="plain-list", aria_label=tr("log.list"),
        ),
        ak.HStack.create(
            rx.cond(L.has_newer, ak.Button.create(tr("log.newer"), variant="secondary",
                                                  size="small", on_click=AccessLogState.newer)),
            rx.cond(L.has_older, ak.Button.create(tr("log.older"), variant="secondary",
                                                  size="small", on_click=AccessLogState.older)),
            gap="space-8", wrap=True,
        ),
        gap="space-16",
    )


def access_log_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_plan"), href="/"),
        ak.Heading.create(tr("log.title"), level="1", size="large"),
        rx.match(
            L.mode,
            ("log", _log()),
            ("denied", ak.Alert.create(tr("log.denied"), variant="warning")),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("log.title"),
    )
