"""'/plan/[plan_id]/samtykke': ask the person for consent (again) - koordinator/veileder."""

from __future__ import annotations

import reflex as rx

from ip_app.i18n import t
from ip_app.ui import aksel as ak
from ip_app.ui.layout import live_messages, shell
from ip_app.web.consent_request_state import ConsentRequestState as S


def _form() -> rx.Component:
    return rx.cond(
        S.options.length() > 0,
        rx.el.form(
            ak.VStack.create(
                ak.Select.create(
                    rx.el.option(t("consent_request.choose"), value=""),
                    rx.foreach(S.options, lambda o: rx.el.option(o.label, value=o.value)),
                    label=t("consent_request.participant"), name="participant_id",
                ),
                ak.CheckboxGroup.create(
                    rx.foreach(S.scope_options, lambda o: ak.Checkbox.create(
                        o.label, value=o.value, name="scope_" + o.value)),
                    legend=t("consent_request.scopes"), default_value=[],
                ),
                ak.TextField.create(label=t("consent_request.until"), name="valid_until",
                                    type="date", description=t("consent_request.until_help")),
                ak.Button.create(t("consent_request.submit"), type="submit"),
                gap="space-16", align="start",
            ),
            on_submit=S.save, key=S.form_key, reset_on_submit=False,
        ),
        ak.BodyShort.create(t("consent_request.nobody")),
    )


def consent_request_page() -> rx.Component:
    return shell(
        ak.Link.create(t("nav.back_plan"), href="/"),
        ak.Heading.create(t("consent_request.title"), level="1", size="large"),
        rx.match(
            S.screen,
            ("page", ak.VStack.create(
                ak.BodyLong.create(t("consent_request.intro")),
                live_messages(S.notice, S.error),
                _form(),
                gap="space-24",
            )),
            ("denied", ak.Alert.create(t("consent_request.denied"), variant="warning")),
            ak.BodyShort.create(t("common.loading"), role="status"),
        ),
    )
