"""'/invitasjon/[token]': set a first password through a one-time link."""

from __future__ import annotations

import reflex as rx

from ip_app.auth.invitation_state import InvitationState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled

S = InvitationState


def _form() -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(tr("invite.title"), level="1", size="large"),
        ak.BodyLong.create(tr("invite.welcome", name=S.name)),
        ak.BodyShort.create(tr("invite.username", username=S.username), weight="semibold"),
        live_messages(S.notice, S.error),
        rx.el.form(
            ak.VStack.create(
                ak.TextField.create(label=tr("invite.password"), name="password",
                                    type="password", auto_complete="new-password",
                                    description=tr("invite.password_hint"),
                                    error=S.errors.get("password", "")),
                ak.TextField.create(label=tr("invite.repeat"), name="repeat", type="password",
                                    auto_complete="new-password",
                                    error=S.errors.get("repeat", "")),
                ak.Button.create(tr("invite.save"), type="submit"),
                gap="space-16", align="stretch",
            ),
            on_submit=S.save,
            aria_label=tr("invite.title"),
        ),
        gap="space-16",
    )


def invitation_page() -> rx.Component:
    title = tr("invite.title")
    return shell(rx.match(
        S.mode,
        ("form", _form()),
        ("invalid", titled(title, ak.Alert.create(tr("invite.invalid"), variant="warning"),
                           ak.Link.create(tr("invite.to_login"), href="/login"))),
        ("done", titled(title, live_messages(S.notice, S.error),
                        ak.BodyShort.create(tr("invite.username", username=S.username)),
                        ak.Link.create(tr("invite.to_login"), href="/login"))),
        titled(title, ak.BodyShort.create(tr("common.loading"), role="status")),
    ), title=title, logged_in=False)
