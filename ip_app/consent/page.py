"""'/samtykker': Hvem ser planen min - every participant, what they see, until when."""

from __future__ import annotations

import reflex as rx

from ip_app.consent.parts import participant_card, pending_card
from ip_app.consent.state import ConsentState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell

C = ConsentState.consents


def _manage() -> rx.Component:
    return ak.VStack.create(
        ak.BodyLong.create(tr("consents.intro")),
        rx.cond(C.minor, ak.Alert.create(
            rx.cond(C.can_decide, tr("consents.minor_guardian"), tr("consents.minor_person")),
            variant="info", size="small")),
        live_messages(ConsentState.notice, ConsentState.error),
        rx.cond(C.pending.length() > 0, ak.VStack.create(
            rx.foreach(C.pending, pending_card), gap="space-16", class_name="no-print")),
        rx.el.ul(rx.foreach(C.participants, participant_card), class_name="plain-list"),
        ak.Button.create(tr("consents.print"), variant="secondary", size="small", type="button",
                         on_click=rx.run_script("window.print()"), class_name="no-print"),
        gap="space-24",
    )


def consents_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_plan"), href="/", class_name="no-print"),
        ak.Heading.create(tr("consents.title"), level="1", size="large"),
        rx.match(
            C.mode,
            ("manage", _manage()),
            ("denied", ak.Alert.create(tr("consents.denied"), variant="warning")),
            ("error", ak.Alert.create(tr("plan.load_error"), variant="error")),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("consents.title"),
    )
