"""The top of a plan: what waits for me, my next step, whom to write to, what is new since
last time, and links to the rest of the plan (one tap away)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak


def _box(heading_id: str, title: Any, *children: rx.Component, background: str = "neutral-soft"
         ) -> rx.Component:
    return rx.el.section(
        ak.Box.create(
            ak.VStack.create(
                ak.Heading.create(title, level="2", size="small", id=heading_id),
                *children, gap="space-8", align="start",
            ),
            padding="space-16", background=background, border_radius="12",
        ),
        aria_labelledby=heading_id,
    )


def waiting_block(page: Any, consent_cards: rx.Component, more: Any = False) -> rx.Component:
    """'Venter på deg': consent requests to answer right here, proposals, unread messages
    (`more`: something else to show here, the consent cards)."""
    f = page.first
    return rx.cond(
        (f.waiting.length() > 0) | more,
        _box("waiting-heading", tr("first.waiting"),
             rx.el.ul(rx.foreach(f.waiting, lambda w: rx.el.li(
                 ak.Link.create(w.text, href=w.href))), class_name="plain-list"),
             consent_cards,
             background="warning-soft"),
    )


def next_block(page: Any) -> rx.Component:
    """'Neste steg': the nearest date ahead, and whom to write to."""
    f = page.first
    return _box(
        "next-heading", tr("first.next"),
        rx.cond(f.next_title != "", rx.fragment(
            ak.BodyShort.create(f.next_title, weight="semibold", id="next-title"),
            ak.BodyShort.create(f.next_when),
            rx.cond(f.next_bring != "", ak.BodyShort.create(
                tr("first.bring"), " ", f.next_bring, class_name="pre-line")),
            ak.Link.create(tr("first.next_more"), href=f.next_href),
        ), ak.BodyShort.create(tr("first.next_none"))),
        rx.cond(f.write_href != "", ak.Link.create(
            f.write_label, href=f.write_href, class_name="big-link", id="write-to-helper")),
        background="accent-soft",
    )


def news_block(rows: Any) -> rx.Component:
    """'Nytt siden sist': what others changed since this viewer's last visit."""
    return _box(
        "news-heading", tr("first.news"),
        rx.cond(rows.length() > 0,
                rx.el.ul(rx.foreach(rows, lambda r: rx.el.li(
                    ak.BodyShort.create(r.text), ak.Detail.create(r.when))),
                    class_name="plain-list news-list"),
                ak.BodyShort.create(tr("first.news_none"))),
    )


def plan_nav(page: Any, news: Any) -> rx.Component:
    """The rest of the plan, one tap away (`news`: how many lines "Nytt siden sist" has)."""
    def link(key: str, href: Any) -> rx.Component:
        return rx.el.li(ak.Link.create(tr(key), href=href))

    return rx.el.nav(
        rx.el.ul(
            rx.el.li(ak.HStack.create(
                ak.Link.create(tr("first.news"), href="#news-heading"),
                rx.cond(news > 0, ak.Tag.create(news.to_string(), variant="strong",
                                                size="xsmall", data_color="info")),
                gap="space-8", align="center")),
            link("first.nav_measures", "#measures-heading"),
            link("first.nav_meetings", "#meetings-heading"),
            link("first.nav_people", "#people-heading"),
            rx.cond(page.dialog_href != "", rx.el.li(ak.HStack.create(
                ak.Link.create(tr("first.nav_dialog"), href=page.dialog_href),
                rx.cond(page.unread > 0, ak.Tag.create(
                    rx.cond(page.unread == 1, tr("dialog.unread_one"),
                            tr("dialog.unread_n", n=page.unread)),
                    variant="strong", size="xsmall", data_color="info")),
                gap="space-8", align="center"))),
            rx.cond(page.mode == "person", rx.fragment(
                link("nav.consents", "/samtykker"),
                link("nav.access_log", "/tilgangslogg"),
                link("nav.notices", "/varsler"),
                # a closed plan's banner has the link itself; beside an open plan a person
                # may have earlier ones (one OPEN plan per person)
                rx.cond(page.closing.closed, rx.fragment(),
                        link("earlier.link", "/tidligere-planer")))),
            rx.cond(page.voice == "guardian", rx.fragment(
                link("caseload.consents", "/samtykker"),
                link("first.nav_access_log_child", "/tilgangslogg"))),
            class_name="plan-nav",
        ),
        aria_label=tr("first.nav_label"),
        class_name="no-print",
    )
