"""The page shell: skip link, header with the app name and log-out, one main landmark."""

from __future__ import annotations

import reflex as rx

from ip_app.i18n import t
from ip_app.ui import aksel as ak


def logout_form() -> rx.Component:
    return ak.PostForm.create(
        ak.Button.create(t("nav.logout"), variant="tertiary", size="small", type="submit"),
        method="post", action="/auth/logout",
    )


def shell(*children: rx.Component, logged_in: bool = True) -> rx.Component:
    return rx.fragment(
        rx.el.a(t("nav.skip"), href="#hovedinnhold", class_name="skip-link"),
        rx.el.header(
            rx.el.div(
                rx.el.span(t("app.name"), class_name="app-name"),
                logout_form() if logged_in else rx.fragment(),
                class_name="app-header-inner",
            ),
            class_name="app-header",
        ),
        rx.el.main(*children, id="hovedinnhold", tab_index=-1, class_name="app-main"),
    )


def live_messages(notice: rx.Var[str], error: rx.Var[str]) -> rx.Component:
    """Status messages announced to screen readers: polite for news, assertive for errors."""
    return rx.fragment(
        rx.el.div(
            rx.cond(notice != "", ak.Alert.create(notice, variant="success", size="small")),
            role="status", aria_live="polite", class_name="live",
        ),
        rx.el.div(
            rx.cond(error != "", ak.Alert.create(error, variant="error", size="small")),
            role="alert", aria_live="assertive", class_name="live",
        ),
    )
