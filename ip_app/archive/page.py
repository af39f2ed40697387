"""'/plan/[plan_id]/arkiv': "Arkivert", the dates the plan was copied to the archive."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.archive.state import ArchiveState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import plan_subpage

S = ArchiveState
V = ArchiveState.page_view


def _item(i: Any) -> rx.Component:
    return rx.el.li(ak.VStack.create(
        ak.BodyShort.create(i.when, weight="semibold"),
        ak.BodyShort.create(i.reason),
        ak.Detail.create(i.document_date),
        gap="space-2", align="start"), class_name="archive-item")


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(tr("archive.title"), level="1", size="large"),
            rx.cond(V.mode == "staff", ak.BodyShort.create(
                tr("assessment.plan_of"), " ", V.person_name)),
            gap="space-4",
        ),
        ak.BodyShort.create(tr("archive.intro")),
        rx.cond(V.snapshots.length() > 0,
                rx.el.ul(rx.foreach(V.snapshots, _item), class_name="plain-list",
                         aria_label=tr("archive.title")),
                ak.BodyShort.create(tr("archive.none"))),
        gap="space-24",
    )


def archive_page() -> rx.Component:
    return plan_subpage(tr("archive.title"), S.screen, V.mode, _content)
