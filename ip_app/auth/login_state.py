"""The login page's state: the error to show, and the demo people in demo mode."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ip_app.kernel.common import route_params

from ip_app.auth.oidc import configured_providers
from ip_app.auth.oidc_rules import REFUSALS as OIDC_REFUSALS
from ip_app.kernel import gate
from ip_app.kernel.accounts import demo_accounts
from ip_app.kernel.config import settings
from ip_app.kernel.i18n import t
from ip_app.kernel.lang import lang_of

ERRORS = {"wrong": "login.error_wrong", "locked": "login.error_locked",
          "expired": "login.error_expired", "demo_off": "login.error_demo_off",
          "ended": "login.error_ended"}
ERRORS.update({f"oidc_{code}": key for code, key in OIDC_REFUSALS.items()})  # issue 9


@dataclass
class DemoPerson:
    username: str
    button: str
    description: str


class LoginState(rx.State):
    error: str = ""
    demo_mode: bool = False
    demo_people: list[DemoPerson] = []
    oidc_person: bool = False  # "Logg inn med ID-porten" shown only when configured
    oidc_staff: bool = False

    @rx.event
    @gate.own("read_login")
    async def load(self, g: gate.Ctx):
        """The login page: anyone may open it; a tab already logged in goes home."""
        if g.who() is not None:
            return rx.redirect("/")
        code = str(route_params(self).get("feil", ""))
        self.error = t(ERRORS[code], lang_of(self)) if code in ERRORS else ""
        providers = configured_providers()
        self.oidc_person, self.oidc_staff = "person" in providers, "staff" in providers
        self.demo_mode = settings().demo_mode
        if not self.demo_mode:
            self.demo_people = []
            return
        self.demo_people = [
            DemoPerson(
                username=a.username,
                button=t("login.demo_as", lang_of(self), name=a.display_name),
                description=a.title or t(f"account_kind.{a.kind}", lang_of(self)),
            )
            for a in demo_accounts(g.s)
        ]
