""""Slik går det" on a tiltak card: the current text, every earlier one, and for the
participant responsible the field to write how it goes now."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.progress_notes.state import ProgressNoteState as S


def notes_block(card: Any, history: Any) -> rx.Component:
    """`history(rows, summary)`: plan.parts.history_disclosure (passed in: no import cycle)."""
    cid = card.id.to_string()
    here = S.errors.get("measure", "") == cid
    return rx.cond((card.progress_text != "") | card.can_write_progress, ak.VStack.create(
        ak.Heading.create(tr("progress.heading"), level="4", size="xsmall"),
        rx.cond(card.progress_text != "", ak.VStack.create(
            ak.BodyLong.create(card.progress_text, size="small", class_name="pre-line"),
            ak.Detail.create(card.progress_written),
            gap="space-4"),
            ak.BodyShort.create(tr("progress.none"), size="small")),
        history(card.progress_history, tr("progress.earlier")),
        rx.cond(card.can_write_progress, rx.el.form(
            rx.el.input(type="hidden", name="measure_id", value=cid),
            rx.el.input(type="hidden", name="note_version",
                         value=card.progress_version.to_string()),
            ak.VStack.create(
                ak.Textarea.create(label=tr("progress.write"), name="text", max_length=2000,
                                   min_rows=2, size="small", id="progress-text-" + cid,
                                   error=rx.cond(here, S.errors.get("text", ""), "")),
                rx.cond(S.errors.get("_form", "") != "", ak.Alert.create(
                    S.errors.get("_form", ""), variant="error", size="small")),
                ak.Button.create(tr("progress.save"), type="submit", size="small",
                                 variant="secondary"),
                gap="space-8", align="start"),
            on_submit=S.save, key=S.form_key.to_string() + "-" + cid,
            class_name="no-print")),
        gap="space-8", align="stretch",
    ))
