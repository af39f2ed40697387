"""The dialog for changing a goal's wording."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak


def goal_modal(state: Any) -> rx.Component:
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                rx.cond(state.error != "", ak.Alert.create(state.error, variant="error",
                                                           size="small")),
                ak.Textarea.create(label=tr("goal.text"), name="text", default_value=state.text,
                                   max_length=500, min_rows=3),
                ak.Textarea.create(
                    label=tr("goal.reason"), name="reason", max_length=500, min_rows=2,
                    description=rx.cond(state.staff, tr("goal.reason_staff_hint"),
                                        tr("measure.reason_optional_hint"))),
                gap="space-16", key=state.key,
            )),
            ak.ModalFooter.create(
                ak.Button.create(tr("mform.save"), type="submit"),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=state.close),
            ),
            on_submit=state.save,
        ),
        open=state.is_open, on_close=state.close, header={"heading": tr("goal.heading")},
        width="small",
    )
