"""The dialog for changing what one participant does in the plan ("hvem gjør hva")."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak


def contribution_modal(state: Any) -> rx.Component:
    err = state.errors
    return ak.Modal.create(
        rx.el.form(
            rx.el.input(type="hidden", name="participant_id",
                        value=state.participant_id.to_string()),
            rx.el.input(type="hidden", name="version", value=state.version.to_string()),
            ak.ModalBody.create(ak.VStack.create(
                rx.cond(err.get("_form", "") != "", ak.Alert.create(
                    err.get("_form", ""), variant="error", size="small")),
                ak.Textarea.create(label=tr("contrib.text"), name="text",
                                   default_value=state.text, description=tr("contrib.text_hint"),
                                   max_length=500, min_rows=3, error=err.get("text", "")),
                ak.Textarea.create(label=tr("contrib.reason"), name="reason", max_length=500,
                                   min_rows=2, description=tr("contrib.reason_hint"),
                                   error=err.get("reason", "")),
                gap="space-16", key=state.key,
            )),
            ak.ModalFooter.create(
                ak.Button.create(tr("mform.save"), type="submit"),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=state.close),
            ),
            on_submit=state.save,
        ),
        open=state.is_open, on_close=state.close, header={"heading": state.heading},
        width="small",
    )
