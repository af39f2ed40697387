"""The IP's own contents on the plan page (resources, needs, samarbeidsparter, sub-goals,
archived ones), the closed plan's notice, and the dialogs for both."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.closing.rules import CloseReason
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.plan.parts import history_disclosure, section


def _item(row: Any, can_write: Any, on_edit: Any, on_archive: Any) -> rx.Component:
    return rx.el.li(ak.VStack.create(
        ak.BodyShort.create(row.text, class_name="pre-line"),
        rx.cond(can_write, ak.HStack.create(
            ak.Button.create(tr("ipc.edit"), variant="tertiary", size="xsmall", type="button",
                             on_click=on_edit(row.id)),
            ak.Button.create(tr("ipc.archive"), variant="tertiary", size="xsmall", type="button",
                             on_click=on_archive(row.id)),
            gap="space-8", wrap=True)),
        history_disclosure(row.history, tr("goal.earlier")),
        gap="space-4", align="start",
    ), class_name="ipc-item")


def _block(b: Any, page: Any, item_state: Any, goal_edit: Any) -> rx.Component:
    return rx.el.section(ak.VStack.create(
        ak.Heading.create(b.title, level="3", size="small"),
        rx.cond(b.rows.length() > 0,
                rx.el.ul(rx.foreach(b.rows, lambda r: _item(
                    r, page.ip.can_write, item_state.open_edit, item_state.open_archive)),
                    class_name="plain-list"),
                ak.Detail.create(b.empty)),
        rx.cond(page.ip.can_write, ak.Button.create(
            b.add_label, variant="secondary", size="small", type="button",
            on_click=item_state.open_new(b.kind))),
        gap="space-8", align="start",
    ), key=b.kind)


def ip_contents_block(page: Any, item_state: Any, subgoal_state: Any, goal_edit: Any
                      ) -> rx.Component:
    """The section "Min individuelle plan": one block per kind, the sub-goals, archived ones."""
    ip = page.ip
    return rx.cond(ip.shown, section(
        ip.title,
        rx.foreach(ip.blocks, lambda b: _block(b, page, item_state, goal_edit)),
        rx.el.section(ak.VStack.create(
            ak.Heading.create(ip.subgoals_title, level="3", size="small"),
            rx.cond(ip.subgoals.length() > 0,
                    rx.el.ul(rx.foreach(ip.subgoals, lambda r: _item(
                        r, ip.can_write, goal_edit, subgoal_state.open_archive)),
                        class_name="plain-list"),
                    ak.Detail.create(tr("ipc.subgoal_empty"))),
            rx.cond(ip.can_write & (page.main_goal_id > 0), ak.Button.create(
                tr("ipc.subgoal_add"), variant="secondary", size="small", type="button",
                on_click=subgoal_state.open_new(page.main_goal_id))),
            gap="space-8", align="start",
        )),
        rx.cond(ip.archived.length() > 0, rx.el.details(
            rx.el.summary(tr("ipc.archived")),
            rx.el.ul(rx.foreach(ip.archived, lambda r: rx.el.li(ak.VStack.create(
                ak.Detail.create(r.kind_label),
                ak.BodyShort.create(r.text, class_name="pre-line"),
                ak.Detail.create(r.archived_note),
                history_disclosure(r.history, tr("goal.earlier")),
                gap="space-4", align="start"))), class_name="plain-list"),
            class_name="history",
        )),
        id="ip-contents",
    ))


def _form_error(errors: Any) -> rx.Component:
    return rx.cond(errors.get("_form", "") != "", ak.Alert.create(
        errors.get("_form", ""), variant="error", size="small"))


def _footer(state: Any, label: Any) -> rx.Component:
    return ak.ModalFooter.create(
        ak.Button.create(label, type="submit"),
        ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                         on_click=state.close),
    )


def _reason_field(state: Any, err: Any) -> rx.Component:
    return ak.Textarea.create(
        label=tr("ipc.reason"), name="reason", max_length=500, min_rows=2,
        description=rx.cond(state.staff, tr("ipc.reason_staff_hint"),
                            tr("measure.reason_optional_hint")),
        error=err.get("reason", ""))


def ip_item_modal(state: Any) -> rx.Component:
    err = state.errors
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                _form_error(err),
                rx.cond(state.mode == "archive",
                        ak.VStack.create(
                            ak.BodyShort.create(tr("ipc.archive_intro")),
                            rx.el.blockquote(state.text, class_name="goal-quote pre-line"),
                            gap="space-8"),
                        ak.Textarea.create(label=tr("ipc.text"), name="text",
                                           default_value=state.text, max_length=1000,
                                           min_rows=3, error=err.get("text", ""))),
                rx.cond(state.mode != "new", _reason_field(state, err)),
                gap="space-16", key=state.key,
            )),
            _footer(state, rx.cond(state.mode == "archive", tr("ipc.archive"), tr("mform.save"))),
            on_submit=state.save,
        ),
        open=state.is_open, on_close=state.close, header={"heading": state.heading},
        width="small",
    )


def subgoal_modal(state: Any) -> rx.Component:
    err = state.errors
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                _form_error(err),
                rx.cond(state.mode == "archive",
                        ak.VStack.create(
                            ak.BodyShort.create(tr("ipc.archive_intro")),
                            rx.el.blockquote(state.text, class_name="goal-quote pre-line"),
                            _reason_field(state, err),
                            gap="space-8"),
                        ak.Textarea.create(label=tr("ipc.subgoal_text"), name="text",
                                           max_length=500, min_rows=3,
                                           error=err.get("text", ""))),
                gap="space-16", key=state.key,
            )),
            _footer(state, rx.cond(state.mode == "archive", tr("ipc.archive"), tr("mform.save"))),
            on_submit=state.save,
        ),
        open=state.is_open, on_close=state.close,
        header={"heading": rx.cond(state.mode == "archive", tr("ipc.subgoal_archive"),
                                   tr("ipc.subgoal_add"))},
        width="small",
    )


def closing_banner(page: Any, state: Any) -> rx.Component:
    """A closed plan says so first (read-only, why, the closing evaluation, reopen); an open
    plan offers "Avslutt planen" to those who may close it (below, near the end)."""
    c = page.closing
    return rx.cond(c.closed, ak.Alert.create(ak.VStack.create(
        ak.Heading.create(tr("close.closed_heading"), level="2", size="small"),
        ak.BodyShort.create(c.summary),
        ak.BodyShort.create(tr("close.read_only")),
        rx.cond(c.evaluation != "", ak.VStack.create(
            ak.Label.create(tr("close.evaluation"), as_="p"),
            ak.BodyShort.create(c.evaluation, class_name="pre-line"), gap="space-2")),
        ak.HStack.create(
            rx.cond(c.pdf_href != "", ak.Link.create(tr("close.final_pdf"), href=c.pdf_href)),
            rx.cond(page.mode == "person", ak.Link.create(tr("earlier.link"),
                                                          href="/tidligere-planer")),
            gap="space-16", wrap=True),
        rx.cond(c.can_reopen, ak.VStack.create(
            ak.Detail.create(tr("close.reopen_until", when=c.reopen_until)),
            ak.Button.create(tr("close.reopen"), variant="secondary", size="small",
                             type="button", on_click=state.open_reopen),
            gap="space-4", align="start")),
        gap="space-8", align="start",
    ), variant="info"))


def closing_block(page: Any, state: Any) -> rx.Component:
    """"Avslutt planen" and the history of closings and reopenings."""
    c = page.closing
    return rx.cond(c.can_close | (c.history.length() > 0), section(
        tr("close.section"),
        rx.cond(c.can_close, ak.Button.create(tr("close.open"), variant="secondary",
                                              size="small", type="button",
                                              on_click=state.open_close)),
        history_disclosure(c.history, tr("close.history")),
        id="closing",
    ))


def closing_modal(state: Any) -> rx.Component:
    err = state.errors
    close_form = ak.VStack.create(
        ak.Select.create(
            rx.el.option(tr("close.choose"), value=""),
            *[rx.el.option(tr(f"close.reason_{r.value}"), value=r.value) for r in CloseReason],
            label=tr("close.reason"), name="reason", value=state.reason,
            on_change=state.set_reason, error=err.get("reason", "")),
        rx.cond(state.reason == "other", ak.Textarea.create(
            label=tr("close.other"), name="other", max_length=2000, min_rows=2,
            error=err.get("other", ""))),
        ak.Textarea.create(label=tr("close.evaluation"), name="evaluation",
                           description=tr("close.evaluation_hint"), max_length=2000,
                           min_rows=4, error=err.get("evaluation", "")),
        gap="space-16")
    reopen_form = ak.Textarea.create(label=tr("close.reopen_reason"), name="reason",
                                     max_length=2000, min_rows=3, error=err.get("reason", ""))
    def form(body: rx.Component, label: Any, on_submit: Any) -> rx.Component:
        return rx.el.form(
            ak.ModalBody.create(ak.VStack.create(_form_error(err), body, gap="space-16",
                                                 key=state.key)),
            _footer(state, label),
            on_submit=on_submit,
        )

    return ak.Modal.create(
        rx.cond(state.mode == "close",
                form(close_form, tr("close.save"), state.save_close),
                form(reopen_form, tr("close.reopen"), state.save_reopen)),
        open=state.is_open, on_close=state.close,
        header={"heading": rx.cond(state.mode == "close", tr("close.heading"),
                                   tr("close.reopen_heading"))},
        width="small",
    )
