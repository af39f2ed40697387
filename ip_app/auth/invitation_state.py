"""'/invitasjon/[token]': a one-time link to set a first password (issue 19).

Anyone with the link may open it (that is what a link is for); the token is looked up
by its hash, works once and until it expires. Nothing about the account is shown to a
link that does not work. Every attempt is audited."""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.kernel.common import route_params

from ip_app.auth import invitations
from ip_app.kernel import gate
from ip_app.kernel.forms import FormError
from ip_app.staff.rules import check_new_password


class InvitationState(rx.State):
    mode: str = "loading"  # loading | form | invalid | done
    name: str = ""
    username: str = ""
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    _token: str = ""
    _account_id: Optional[int] = None

    def _route_token(self) -> str:
        return str(route_params(self).get("token", "") or "")[:200]

    @rx.event
    @gate.own("read_invitation")
    async def load(self, g: gate.Ctx):
        viewer = g.who()
        self.errors, self.error, self.notice = {}, "", ""
        self._token = self._route_token()
        found = invitations.usable(g.s, self._token)
        if found is None:
            self._token, self._account_id, self.name, self.username = "", None, "", ""
            g.audit(allowed=False, detail="bad_token")
            self.mode = "invalid"
            return
        _, acct = found
        self._account_id = acct.id
        self.name, self.username = acct.display_name, acct.username
        g.audit(target=f"account:{acct.id}", detail="opened" + (":logged_in" if viewer else ""))
        self.mode = "form"

    @rx.event
    @gate.own("use_invitation", writes=True, field="error")
    async def save(self, g: gate.Ctx, form_data: dict):
        g.who()
        self.errors, self.error = {}, ""
        found = invitations.usable(g.s, self._token) if self._token else None
        if found is None or found[1].id != self._account_id:
            self.mode = "invalid"
            g.refuse("bad_token")
        try:
            password = check_new_password(form_data.get("password"), form_data.get("repeat"))
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        acct = invitations.use(g.s, self._token, password)
        if acct is None:  # used in another tab this instant
            self.mode = "invalid"
            g.refuse("bad_token")
        g.audit(target=f"account:{acct.id}", detail="password_set")

        def done() -> None:
            self._token = ""
            self.mode = "done"
            self.notice = g.t("invite.done")
        g.after(done)
