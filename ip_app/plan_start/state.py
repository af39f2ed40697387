"""'/ny-plan': a veileder or koordinator finds a person and starts their ONE plan
(issue 19).

Every handler reads who is asking from the session and whether their staff roles let
them start plans (domain.staff.plan_role); a person is chosen only among the hits of
the asker's own last search (never an id taken on trust). Searches are audited, and
each person with a plan who appeared in the hits finds the search in their access log.
Bad input is told at its field, written nowhere, and audited as a refused attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import reflex as rx

from ip_app.auth import invitations
from ip_app.auth.oidc import configured_providers
from ip_app.consent import data as data_consents
from ip_app.kernel import audit as data_audit, gate
from ip_app.kernel.actor import RuleError
from ip_app.kernel.common import route_params, to_int, today
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import fmt_date
from ip_app.kernel.links import absolute
from ip_app.kernel.models import Account, Participant
from ip_app.people import data as people
from ip_app.plan.rules import PlanBasis
from ip_app.plan_start.data import PlanExists, existing_plan, is_participant, start_plan, took_part_before
from ip_app.plan_start.rules import STARTER_SCOPES, check_new_person, check_plan_start, parse_search
from ip_app.staff.rules import plan_role

BASES = [b.value for b in PlanBasis]


@dataclass
class PersonRow:
    account_id: int = 0
    name: str = ""
    born: str = ""
    has_plan: bool = False
    ip_href: str = ""  # the right-to-IP check of a person without a plan


def _no_plan(g: gate.Ctx) -> None:
    return None


class PlanStartState(rx.State):
    mode: str = "loading"  # loading | page | denied
    step: str = "search"  # search | form | exists | started
    query: str = ""
    searched: bool = False
    hits: list[PersonRow] = []
    chosen_name: str = ""
    chosen_born: str = ""
    preselect: list[str] = []  # the bases ticked when the form opens (from the IP check)
    new_person: bool = False
    exists_href: str = ""
    exists_participant: bool = False
    started_href: str = ""
    invite_link: str = ""
    person_name: str = ""
    today_iso: str = ""
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _hit_ids: list[int] = []
    _chosen_id: int = 0
    _exists_plan_id: int = 0
    _plan_id: Optional[int] = None  # the gate's page flow resets it; no plan here

    # -- helpers -----------------------------------------------------------------------
    def _starter(self, g: gate.Ctx):  # noqa: ANN202 - (Account, Role) or refused
        viewer = g.who()
        acct = g.s.get(Account, viewer.account_id) if viewer else None
        role = plan_role(acct.staff_roles) if acct and acct.kind == "staff" else None
        if acct is None or role is None or acct.deactivated_at is not None:
            g.refuse("not_starter")
        return acct, role

    def _bad_input(self, g: gate.Ctx, errors: dict[str, str]) -> None:
        self.errors = {k: g.t(v) for k, v in errors.items()}
        self.error = g.t("start.fix_errors")
        g.audit(allowed=False, detail="bad_input:" + ",".join(sorted(errors))[:200])

    def _show_exists(self, g: gate.Ctx, plan_id: int, name: str) -> None:
        self._exists_plan_id = plan_id
        self.exists_participant = is_participant(g.s, plan_id, g.viewer.account_id)
        self.exists_href = f"/plan/{plan_id}" if self.exists_participant else ""
        self.person_name = name
        self.step = "exists"

    # -- handlers ----------------------------------------------------------------------
    @rx.event
    @gate.page("read_plan_start", plan=_no_plan)
    async def load(self, g: gate.Ctx):
        viewer = g.viewer
        acct = g.s.get(Account, viewer.account_id)
        self._reset()
        self.today_iso = today().isoformat()
        if acct is None or acct.kind != "staff" or plan_role(acct.staff_roles) is None:
            g.audit(allowed=False, detail="not_starter")
            self.mode = "denied"
            return
        g.audit()
        self.mode = "page"
        person_id = to_int(route_params(self).get("person"))
        if person_id is not None:
            self._open_for(g, person_id)

    def _open_for(self, g: gate.Ctx, person_id: int) -> None:
        """'/ny-plan?person=<id>&basis=individuell_plan' (from the right-to-IP check): the
        person chosen as if found by a search (audited as one), the bases ticked."""
        person = g.s.get(Account, person_id)
        if person is None or person.kind != "person" or person.deactivated_at is not None:
            return  # the search as usual
        asked = route_params(self).get("basis")
        asked = asked if isinstance(asked, list) else [asked]
        self.preselect = [b for b in BASES if b in asked]
        plan = existing_plan(g.s, person_id)
        g.audit(action="search_people", detail="by:person; hits:1")
        if plan is not None:
            data_audit.record_listing(g.s, actor_id=g.viewer.account_id, actor_role="staff",
                                      action="search_people", plan_ids=[plan.id])
        self._hit_ids = [person_id]
        self.query = person.display_name
        self._choose(g, person, plan)

    def _choose(self, g: gate.Ctx, acct: Account, plan) -> None:  # noqa: ANN001 - Plan or None
        if plan is not None:
            self._show_exists(g, plan.id, acct.display_name)
            return
        self._chosen_id, self.new_person = acct.id, False
        self.chosen_name = acct.display_name
        self.chosen_born = fmt_date(acct.birth_date, g.lang) if acct.birth_date else ""
        self.step, self.form_key = "form", self.form_key + 1

    def _reset(self) -> None:
        self.step, self.query, self.searched, self.hits = "search", "", False, []
        self._hit_ids, self._chosen_id, self._exists_plan_id = [], 0, 0
        self.chosen_name = self.chosen_born = self.exists_href = self.started_href = ""
        self.invite_link = self.person_name = ""
        self.new_person = self.exists_participant = False
        self.errors, self.error, self.notice = {}, "", ""
        self.preselect = []

    @rx.event
    @gate.own("search_people")
    async def search(self, g: gate.Ctx, form_data: dict):
        self._starter(g)
        self.errors, self.error, self.notice = {}, "", ""
        raw = str(form_data.get("q") or "")[:200]
        self.query = raw
        try:
            kind, value = parse_search(raw, today())
        except RuleError as exc:
            self._bad_input(g, {"q": exc.key})
            return
        found = people.search(g.s, **{kind: value})
        lang = g.lang
        self.hits = [PersonRow(h.account_id, h.name, fmt_date(h.birth_date, lang)
                               if h.birth_date else "", h.plan_id is not None,
                               "" if h.plan_id is not None else f"/ip-rett/{h.account_id}")
                     for h in found]
        self._hit_ids = [h.account_id for h in found]
        self.searched = True
        self.step = "search"
        g.audit(detail=f"by:{kind}; hits:{len(found)}")
        # each person with a plan who appeared finds this search in their access log
        data_audit.record_listing(g.s, actor_id=g.viewer.account_id, actor_role="staff",
                                  action="search_people",
                                  plan_ids=[h.plan_id for h in found if h.plan_id])

    @rx.event
    @gate.own("choose_person")
    async def choose(self, g: gate.Ctx, account_id: int):
        self._starter(g)
        if account_id not in self._hit_ids:
            g.refuse("not_in_search", target=f"account:{account_id}")
        acct = g.s.get(Account, account_id)
        self.errors, self.error = {}, ""
        plan = existing_plan(g.s, account_id)
        g.plan_id = plan.id if plan is not None else None  # in the person's access log
        g.audit(target=f"account:{account_id}")
        self.preselect = []
        self._choose(g, acct, plan)

    @rx.event
    @gate.ui_only
    def start_new_person(self):
        """The form for someone the search did not find (nothing is read or written)."""
        self._chosen_id, self.new_person = 0, True
        self.chosen_name = self.chosen_born = ""
        self.errors, self.error = {}, ""
        self.step, self.form_key = "form", self.form_key + 1

    @rx.event
    @gate.ui_only
    def back_to_search(self):
        self.step, self.errors, self.error = "search", {}, ""

    @rx.event
    @gate.own("start_plan", writes=True)
    async def start(self, g: gate.Ctx, form_data: dict):
        starter, role = self._starter(g)
        self.errors, self.error, self.notice = {}, "", ""
        now = today()
        errors: dict[str, str] = {}
        person: Optional[Account] = None
        new = None
        if self._chosen_id and not self.new_person:
            person = g.s.get(Account, self._chosen_id)
        else:
            try:
                new = check_new_person(form_data, now)
            except FormError as exc:
                errors.update(exc.errors)
        try:
            plan_form = check_plan_start(form_data, now)
        except FormError as exc:
            errors.update(exc.errors)
        if errors:
            self._bad_input(g, errors)
            return
        if new is not None:
            person = people.person_by_fnr(g.s, new.fnr)
            if person is not None and person.kind != "person":
                self._bad_input(g, {"fnr": "start.error_fnr_not_person"})
                return
        try:
            if person is None:
                person = people.create_person(g.s, fnr=new.fnr, name=new.name)
            plan = start_plan(g.s, person=person, starter=starter, role=role, start=plan_form,
                              today=now)
        except PlanExists as exc:
            g.plan_id = exc.plan_id  # the person finds the attempt in their access log
            g.audit(allowed=False, detail="plan_exists", target=f"account:{person.id}")
            self._show_exists(g, exc.plan_id, person.display_name)
            return
        g.plan_id = plan.id  # the person finds "started the plan" in their access log
        g.audit(target=f"plan:{plan.id}", detail="bases:" + ",".join(b.value for b in plan_form.bases),
                role=str(role))
        link = ""
        if not person.password_hash and "person" not in configured_providers():
            token = invitations.create_invitation(g.s, account_id=person.id, by_id=starter.id)
            link = absolute(self, f"/invitasjon/{token}")
        name, plan_id = person.display_name, plan.id

        def done() -> None:
            self.step, self.person_name = "started", name
            self.started_href, self.invite_link = f"/plan/{plan_id}", link
            self.notice = g.t("start.started", name=name)
        g.after(done)

    @rx.event
    @gate.own("join_plan", writes=True)
    async def join(self, g: gate.Ctx):
        """Ask to take part in the plan the person already has: the person answers the
        consent request inline, as any other."""
        starter, role = self._starter(g)
        plan_id = self._exists_plan_id
        if not plan_id or self.step != "exists":
            g.refuse("no_plan")
        g.plan_id = plan_id
        if is_participant(g.s, plan_id, starter.id):
            self.notice = g.t("start.already_in")
            return
        if took_part_before(g.s, plan_id, starter.id):  # left earlier: a new request is made for the same row
            g.refuse("left_before")
        p = Participant(plan_id=plan_id, account_id=starter.id, role=str(role),
                        organisation_id=starter.organisation_id)
        g.s.add(p)
        g.s.flush()
        c = data_consents.request_consent(g.s, participant_id=p.id,
                                          scopes=[str(x) for x in STARTER_SCOPES],
                                          valid_until=None, by_id=starter.id, today=today())
        g.audit(target=f"consent:{c.id}", detail="asked_to_join", role=str(role))
        self.notice = g.t("start.join_asked", name=self.person_name)
        self.step = "joined"
