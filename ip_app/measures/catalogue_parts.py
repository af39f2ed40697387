"""Choosing a tiltak type in a form, and the "Hva er dette?" part of a tiltak card."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.measures.catalogue_view import kind_choices


def kind_select(default: Any = "", error: Any = "") -> rx.Component:
    """The catalogue as a select; the first choice keeps the tiltak free text."""
    return ak.Select.create(
        rx.el.option(tr("catalogue.type_own"), value=""),
        *[rx.el.option(name, value=key) for key, name in kind_choices("nb")],
        label=tr("catalogue.type"), description=tr("catalogue.type_hint"), name="kind",
        default_value=default, error=error,
    )


def what_is_this(card: Any) -> rx.Component:
    """The type's plain description on a tiltak card (only for a catalogue type)."""
    return rx.cond(card.kind_about != "", ak.ReadMore.create(
        ak.VStack.create(
            ak.BodyShort.create(rx.el.strong(card.kind_name)),
            ak.BodyLong.create(card.kind_about),
            ak.Detail.create(card.kind_provider),
            ak.Detail.create(card.kind_serves),
            gap="space-4",
        ),
        header=tr("catalogue.what_is_this"), size="small",
    ))
