"""/tilgjengelighet: the accessibility statement (tilgjengelighetserklæring).

Open to everyone, logged in or not; all its text comes from the catalogue, so it
reads in the language the person chose."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import shell

# sections of the statement, each a heading and its paragraphs (catalogue keys)
SECTIONS = (
    ("a11y.status_heading", ("a11y.status_text",)),
    ("a11y.tested_heading", ("a11y.tested_text", "a11y.tested_auto", "a11y.tested_keyboard",
                             "a11y.tested_reflow")),
    ("a11y.limits_heading", ("a11y.limit_written", "a11y.limit_manual", "a11y.limit_title")),
    ("a11y.languages_heading", ("a11y.languages_text",)),
    ("a11y.feedback_heading", ("a11y.feedback_text", "a11y.complaint_text")),
)


def _section(heading: str, paragraphs: tuple[str, ...], n: int) -> rx.Component:
    hid = f"a11y-s{n}"
    return rx.el.section(
        ak.VStack.create(
            ak.Heading.create(tr(heading), level="2", size="medium", id=hid),
            *[ak.BodyLong.create(tr(p)) for p in paragraphs],
            gap="space-8",
        ),
        aria_labelledby=hid,
    )


def accessibility_page() -> rx.Component:
    return shell(
        ak.VStack.create(
            ak.Link.create(tr("nav.back_plan"), href="/"),
            ak.Heading.create(tr("a11y.title"), level="1", size="large"),
            ak.BodyLong.create(tr("a11y.intro")),
            *[_section(h, ps, n) for n, (h, ps) in enumerate(SECTIONS)],
            ak.Detail.create(tr("a11y.updated")),
            gap="space-24",
        ),
        logged_in=False,
        title=tr("a11y.page_title"),
    )
