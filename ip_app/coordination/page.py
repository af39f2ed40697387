"""'/samordning': which people have which tiltak, with status and dates."""

from __future__ import annotations

import reflex as rx

from ip_app.coordination.state import CoordinationState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import shell, titled

V = CoordinationState.view


def _row(r) -> rx.Component:
    return rx.el.li(ak.Box.create(ak.VStack.create(
        ak.HStack.create(
            ak.Link.create(r.person, href=r.href),
            ak.Tag.create(r.status_label, variant="moderate", size="small",
                          data_color=r.status_color),
            justify="space-between", gap="space-8", wrap=True,
        ),
        ak.BodyShort.create(r.title),
        rx.cond(r.provider != "", ak.Detail.create(r.provider)),
        rx.cond(r.dates != "", ak.Detail.create(r.dates)),
        gap="space-4"),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8"))


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(tr("coord.title"), level="1", size="large"),
        ak.BodyShort.create(tr("coord.intro")),
        ak.Select.create(rx.foreach(V.kind_options, lambda o: rx.el.option(o.label, value=o.value)),
                         label=tr("coord.filter_type"), value=CoordinationState.kind,
                         on_change=CoordinationState.set_kind),
        ak.Select.create(rx.foreach(V.provider_options,
                                    lambda o: rx.el.option(o.label, value=o.value)),
                         label=tr("coord.filter_provider"), value=V.provider,
                         on_change=CoordinationState.set_provider),
        ak.Select.create(rx.foreach(V.status_options,
                                    lambda o: rx.el.option(o.label, value=o.value)),
                         label=tr("coord.filter_status"), value=CoordinationState.status,
                         on_change=CoordinationState.set_status),
        ak.BodyShort.create(V.count, role="status"),
        rx.foreach(V.groups, lambda g: rx.el.section(ak.VStack.create(
            ak.Heading.create(g.title, level="2", size="small"),
            rx.el.ul(rx.foreach(g.rows, _row), class_name="plain-list"),
            gap="space-8"), aria_label=g.title)),
        gap="space-16",
    )


def coordination_page() -> rx.Component:
    return shell(rx.match(
        V.mode,
        ("page", _content()),
        ("denied", titled(tr("coord.title"), ak.Alert.create(tr("coord.denied"), variant="warning"))),
        ak.BodyShort.create(tr("common.loading"), role="status"),
    ))
