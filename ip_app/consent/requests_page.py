"""'/plan/<id>/samtykker': the veileder or koordinator sees every participant's consent and
asks the person again where none is in force."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.consent.parts import participant_card
from ip_app.consent.request_state import ConsentRequestState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled

O = ConsentRequestState.overview


def _request_form(card: Any) -> rx.Component:
    return rx.el.form(
        rx.el.input(type="hidden", name="participant_id", value=card.pid.to_string()),
        ak.VStack.create(
            ak.CheckboxGroup.create(
                rx.foreach(card.all_choices, lambda ch: ak.Checkbox.create(
                    ch.label, value=ch.value, name=ch.name)),
                legend=tr("consent.request_scopes"), default_value=card.checked, size="small",
            ),
            ak.TextField.create(label=tr("consent.until_label"), name="valid_until", type="date",
                                description=tr("consent.until_hint"), size="small"),
            ak.Button.create(tr("consent.request_again"), type="submit", size="small",
                             variant="secondary"),
            gap="space-12", align="start",
        ),
        on_submit=ConsentRequestState.request,
        key=ConsentRequestState.form_key.to_string() + "-" + card.pid.to_string(),
        class_name="no-print",
    )


def _item(card: Any) -> rx.Component:
    return rx.fragment(
        participant_card(card),
        rx.cond(card.can_request, rx.el.div(_request_form(card), class_name="request-form")),
    )


def consent_requests_page() -> rx.Component:
    title = tr("consent.staff_title")
    return shell(
        rx.match(
            O.mode,
            ("manage", ak.VStack.create(
                ak.Link.create(tr("nav.back_plan"), href="../", class_name="no-print"),
                ak.Heading.create(title, level="1", size="large"),
                ak.BodyLong.create(tr("consent.staff_intro", name=O.person_name)),
                live_messages(ConsentRequestState.notice, ConsentRequestState.error),
                rx.el.ul(rx.foreach(O.participants, _item), class_name="plain-list"),
                gap="space-24",
            )),
            ("denied", titled(title, ak.Alert.create(tr("plan.denied"), variant="warning"))),
            ("ended", titled(title, ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", titled(title, ak.Alert.create(tr("plan.load_error"), variant="error"))),
            titled(title, ak.BodyShort.create(tr("common.loading"), role="status")),
        ),
        title=title,
    )
