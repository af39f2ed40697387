"""The wide-screen plan (≥ 1024 px, staff): a board of tiltak by status and a side panel
with the tiltak opened from it (or the way to the dialog).

Built for the keyboard and screen readers: each column is a list under its own heading,
each card's title is a button that opens it in the panel, and "Flytt til …" opens the
statuses the viewer may choose (the same `next_statuses` as the card's form), each a
button in its own small form sent to the same handler as the card's status form
(`PlanState.change_status`, `source` = board). Two clicks move a tiltak. A refusal is
said at the board card (a reason field when one is needed), which gets focus, and in
the board's alert region. On a phone the board and panel are not shown (app.css); the
plan's own list of cards does the same work there.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.plan.state import PlanState, status_groups

E = PlanState.status_error


def _hidden(card: Any, status: Any) -> list[rx.Component]:
    return [
        rx.el.input(type="hidden", name="measure_id", value=card.id.to_string()),
        rx.el.input(type="hidden", name="version", value=card.version.to_string()),
        rx.el.input(type="hidden", name="status", value=status),
        rx.el.input(type="hidden", name="source", value="board"),
    ]


def _error_here(card: Any, field: str) -> Any:
    return (E.get("measure", "") == card.id.to_string()) & (E.get("field", "") == field)


def _menu(card: Any) -> rx.Component:
    cid = card.id.to_string()
    return rx.el.ul(
        rx.foreach(card.options, lambda o: rx.el.li(rx.el.form(
            *_hidden(card, o.value),
            ak.Button.create(o.label, type="submit", size="xsmall", variant="secondary"),
            on_submit=PlanState.change_status,
        ), key=o.value)),
        id="board-menu-" + cid, class_name="board-menu", aria_label=tr("board.move_to"),
    )


def _reason_form(card: Any) -> rx.Component:
    """A refusal for want of a reason: the reason asked for here, at the board card."""
    cid = card.id.to_string()
    return rx.el.form(
        *_hidden(card, E.get("status", "")),
        ak.VStack.create(
            ak.Textarea.create(label=tr("measure.reason"), name="reason", max_length=500,
                               min_rows=2, size="small", error=E.get("text", ""),
                               id="status-boardreason-" + cid),
            ak.Button.create(tr("measure.save_status"), type="submit", size="xsmall"),
            gap="space-8", align="start",
        ),
        on_submit=PlanState.change_status,
    )


def _card(card: Any) -> rx.Component:
    cid = card.id.to_string()
    item = rx.el.li(
        ak.VStack.create(
            rx.el.button(card.title, type="button", id="board-card-" + cid,
                         class_name="board-title",
                         on_click=PlanState.show_in_panel(card.id),
                         custom_attrs={"aria-pressed": rx.cond(
                             PlanState.panel_id == card.id, "true", "false")}),
            rx.cond(card.responsible != "", ak.Detail.create(card.responsible)),
            rx.cond(card.dates != "", ak.Detail.create(card.dates)),
            rx.cond(card.hours != "", ak.Detail.create(tr("measure.hours"), " ", card.hours)),
            rx.cond(card.agreed, ak.Detail.create(tr("measure.agreed"))),
            rx.cond(card.can_change, ak.Button.create(
                tr("board.move"), type="button", size="xsmall", variant="tertiary",
                id="status-board-" + cid, on_click=PlanState.toggle_board_menu(card.id),
                custom_attrs={
                    "aria-expanded": rx.cond(PlanState.board_menu == card.id, "true", "false"),
                    "aria-controls": "board-menu-" + cid,
                    "aria-describedby": rx.cond(_error_here(card, "board"),
                                                "board-error-" + cid, "board-card-" + cid),
                })),
            rx.cond(PlanState.board_menu == card.id, _menu(card)),
            rx.cond(_error_here(card, "board"), rx.el.p(
                E.get("text", ""), id="board-error-" + cid, class_name="board-error")),
            rx.cond(_error_here(card, "boardreason"), _reason_form(card)),
            gap="space-4", align="start",
        ),
        class_name="board-card",
    )
    item.key = card.id
    return item


def _column(col: Any) -> rx.Component:
    heading = "board-col-" + col.key
    return rx.el.section(
        ak.Heading.create(col.title, " (", col.cards.length().to_string(), ")", level="3",
                          size="xsmall", id=heading),
        rx.el.ul(rx.foreach(col.cards, _card), class_name="board-list",
                 aria_labelledby=heading),
        class_name="board-col", aria_labelledby=heading,
        key=col.key,
    )


def board() -> rx.Component:
    """Tiltak by status, for staff on a wide screen (hidden below 1024 px)."""
    return rx.el.section(
        ak.Heading.create(tr("board.heading"), level="2", size="medium", id="board-heading"),
        ak.BodyShort.create(tr("board.intro"), size="small"),
        # a board refusal read out at once (its text also stands at the card's control)
        rx.el.div(rx.cond(E.get("field", "").contains("board"), E.get("text", ""), ""),
                  role="alert", aria_live="assertive", class_name="live sr-only",
                  id="board-alert"),
        rx.el.div(*(_column(g) for g in status_groups()), class_name="board"),
        class_name="board-wrap", aria_labelledby="board-heading",
    )


def side_panel(page: Any, on_edit: Any) -> rx.Component:
    """The tiltak opened from the board, or the way to the dialog (hidden below 1024 px)."""
    c = PlanState.panel_card
    return rx.el.aside(
        rx.cond(
            c.id != 0,
            ak.VStack.create(
                ak.Heading.create(c.title, level="2", size="small", id="panel-heading"),
                ak.HStack.create(
                    ak.Tag.create(c.status_label, variant="moderate", size="small",
                                  data_color=c.status_color),
                    rx.cond(c.agreed, ak.Tag.create(tr("measure.agreed"), variant="outline",
                                                    size="small", data_color="neutral")),
                    gap="space-8", wrap=True),
                rx.cond(c.responsible != "", ak.BodyShort.create(c.responsible, size="small")),
                rx.cond(c.dates != "", ak.BodyShort.create(c.dates, size="small")),
                rx.cond(c.description != "", ak.BodyLong.create(c.description, size="small",
                                                                class_name="pre-line")),
                rx.cond(c.extent != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.extent")), " ", c.extent, size="small")),
                rx.cond(c.hours != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.hours")), " ", c.hours, size="small")),
                rx.cond(c.goal != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.goal")), " ", c.goal, size="small")),
                rx.cond(c.can_edit, ak.Button.create(
                    tr("measure.edit"), variant="secondary", size="small", type="button",
                    on_click=on_edit(c.id))),
                rx.cond(c.write_href != "", ak.Link.create(tr("dialog.write_about"),
                                                           href=c.write_href)),
                ak.Button.create(tr("board.close_panel"), variant="tertiary", size="small",
                                 type="button", on_click=PlanState.show_in_panel(0)),
                gap="space-8", align="start",
            ),
            ak.VStack.create(
                ak.Heading.create(tr("board.panel_heading"), level="2", size="small",
                                  id="panel-heading"),
                ak.BodyShort.create(tr("board.panel_hint"), size="small"),
                rx.cond(page.dialog_href != "", ak.HStack.create(
                    ak.Link.create(tr("dialog.nav_link"), href=page.dialog_href),
                    rx.cond(page.unread > 0, ak.Tag.create(
                        rx.cond(page.unread == 1, tr("dialog.unread_one"),
                                tr("dialog.unread_n", n=page.unread)),
                        variant="strong", size="xsmall", data_color="info")),
                    gap="space-8", align="center")),
                gap="space-8", align="start",
            ),
        ),
        class_name="plan-aside no-print", aria_labelledby="panel-heading",
    )
