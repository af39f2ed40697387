"""'/tidligere-planer': the person's closed plans, each readable and with its final PDF."""

from __future__ import annotations

import reflex as rx

from ip_app.closing.state import EarlierPlansState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import shell

S = EarlierPlansState


def _plan(p) -> rx.Component:  # noqa: ANN001
    return rx.el.li(ak.Box.create(ak.VStack.create(
        ak.Heading.create(p.title, level="2", size="small"),
        ak.BodyShort.create(p.closed),
        rx.cond(p.reason != "", ak.BodyShort.create(tr("earlier.reason"), " ", p.reason)),
        rx.cond(p.evaluation != "", ak.VStack.create(
            ak.Label.create(tr("close.evaluation"), as_="p"),
            ak.BodyShort.create(p.evaluation, class_name="pre-line"), gap="space-2")),
        ak.HStack.create(
            ak.Link.create(tr("earlier.read"), href=p.print_href),
            ak.Link.create(tr("close.final_pdf"), href=p.pdf_href),
            gap="space-16", wrap=True),
        gap="space-8", align="start"),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8"))


def earlier_plans_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_plan"), href="/"),
        ak.Heading.create(tr("earlier.title"), level="1", size="large"),
        rx.match(
            S.mode,
            ("list", rx.cond(S.plans.length() > 0,
                             rx.el.ul(rx.foreach(S.plans, _plan), class_name="plain-list",
                                      aria_label=tr("earlier.title")),
                             ak.BodyShort.create(tr("earlier.none")))),
            ("denied", ak.Alert.create(tr("earlier.denied"), variant="warning")),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("earlier.title"),
    )
