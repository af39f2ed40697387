"""/login: username and password, posted to /auth/login (sets the HttpOnly cookie)."""

from __future__ import annotations

import reflex as rx

from ip_app.auth.login_state import LoginState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import shell


def _demo_button(p) -> rx.Component:
    return ak.PostForm.create(
        rx.el.input(type="hidden", name="username", value=p.username),
        ak.Button.create(
            rx.el.span(p.button, rx.el.br(), rx.el.small(p.description)),
            variant="secondary", type="submit",
        ),
        method="post", action="/auth/demo",
    )


def _oidc_button(provider: str, label: str, variant: str) -> rx.Component:
    """A login at ID-porten (person) or Entra ID (staff): a plain POST, see auth/oidc.py."""
    return ak.PostForm.create(
        ak.Button.create(tr(label), variant=variant, type="submit"),
        method="post", action=f"/auth/oidc/{provider}",
    )


def _oidc_section() -> rx.Component:
    return rx.cond(
        LoginState.oidc_person | LoginState.oidc_staff,
        rx.el.section(
            ak.VStack.create(
                rx.cond(LoginState.oidc_person, ak.VStack.create(
                    _oidc_button("person", "login.oidc_person", "primary"),
                    ak.BodyShort.create(tr("login.oidc_person_help"), size="small"),
                    gap="space-4",
                )),
                rx.cond(LoginState.oidc_staff, _oidc_button("staff", "login.oidc_staff", "secondary")),
                ak.Heading.create(tr("login.oidc_or_password"), level="2", size="xsmall"),
                gap="space-12", align="start",
            ),
            aria_label=tr("login.oidc_title"),
        ),
    )


def login_page() -> rx.Component:
    return shell(
        ak.VStack.create(
            ak.Heading.create(tr("login.title"), level="1", size="large"),
            ak.BodyLong.create(tr("login.intro")),
            rx.el.div(
                rx.cond(LoginState.error != "", ak.Alert.create(LoginState.error, variant="error")),
                role="alert",
            ),
            _oidc_section(),
            ak.PostForm.create(
                ak.VStack.create(
                    ak.TextField.create(label=tr("login.username"), name="username",
                                        auto_complete="username", required=True),
                    ak.TextField.create(label=tr("login.password"), name="password", type="password",
                                        auto_complete="current-password", required=True),
                    ak.Button.create(tr("login.submit"), type="submit"),
                    gap="space-16", align="start",
                ),
                method="post", action="/auth/login",
            ),
            rx.cond(LoginState.demo_mode, rx.el.section(
                ak.VStack.create(
                    ak.Heading.create(tr("login.demo_title"), level="2", size="medium",
                                      id="demo-heading"),
                    ak.BodyShort.create(tr("login.demo_intro")),
                    rx.el.div(rx.foreach(LoginState.demo_people, _demo_button),
                              class_name="demo-grid"),
                    gap="space-12",
                ),
                aria_labelledby="demo-heading",
            )),
            gap="space-24",
        ),
        logged_in=False,
        title=tr("login.page_title"),
    )
