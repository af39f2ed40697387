"""'/plan/[plan_id]/ansvarsgruppe': who takes part in the plan, and every change."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, plan_subpage
from ip_app.plan.parts import section
from ip_app.team.state import SCOPES, TeamState

S = TeamState
E = TeamState.errors
V = TeamState.view  # live: asks the policy again on every change of the plan


def _reason_form(m, handler, label: str, button: str, aria: str) -> rx.Component:
    pid = m.participant_id.to_string()
    return rx.el.form(
        rx.el.input(type="hidden", name="participant_id", value=pid),
        ak.VStack.create(
            ak.Textarea.create(label=tr(label), name="reason", max_length=500, min_rows=2,
                               error=E.get("reason_" + pid, "")),
            ak.Button.create(tr(button), type="submit", size="small", variant="secondary"),
            gap="space-8", align="start"),
        on_submit=handler,
        aria_label=aria,
    )


def _member(m) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.Heading.create(m.name, level="3", size="xsmall"),
            ak.BodyShort.create(m.role, rx.cond(m.organisation != "", ", ", ""), m.organisation,
                                size="small"),
            rx.cond(m.status != "", ak.Detail.create(m.status)),
            rx.cond(m.can_remove | m.can_coordinate, rx.el.details(
                rx.el.summary(tr("staff.change", name=m.name)),
                ak.VStack.create(
                    rx.cond(m.can_coordinate, _reason_form(
                        m, S.set_coordinator, "team.coordinator_reason", "team.make_coordinator",
                        tr("team.make_coordinator_of", name=m.name))),
                    rx.cond(m.can_remove, _reason_form(
                        m, S.remove, "team.remove_reason", "team.remove",
                        tr("team.remove_of", name=m.name))),
                    gap="space-16"),
                class_name="history")),
            gap="space-4", align="start"),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def _scopes(relative: bool) -> rx.Component:
    return ak.Fieldset.create(
        *[ak.Checkbox.create(tr(f"scope.{sc}"), name=f"scope_{sc}")
          for sc in SCOPES if not (relative and sc == "confidential")],
        legend=tr("team.scopes"), description=tr("team.scopes_hint"),
        error=E.get("scopes", ""),
    )


def _hit(h) -> rx.Component:
    return rx.el.li(ak.HStack.create(
        ak.BodyShort.create(h.name, rx.cond(h.organisation != "", ", ", ""), h.organisation),
        ak.Button.create(tr("team.choose", name=h.name), size="small", variant="secondary",
                         type="button", on_click=S.choose_staff(h.account_id)),
        gap="space-8", align="center", wrap=True))


def _nav_option(m) -> rx.Component:
    return rx.cond(m.is_nav_veileder,
                   rx.el.option(m.name, value=m.participant_id.to_string()))


def _chosen() -> rx.Component:
    return ak.VStack.create(
        rx.el.form(
            ak.VStack.create(
                ak.Select.create(
                    *[rx.el.option(tr(f"role.{r}"), value=r)
                      for r in ("tjenesteyter", "veileder", "koordinator")],
                    label=tr("team.role"), name="role", error=E.get("role", "")),
                _scopes(False),
                ak.Button.create(tr("team.send", person=V.person_name), type="submit"),
                gap="space-16", align="stretch"),
            on_submit=S.invite_staff,
            key=S.form_key.to_string(),
            aria_label=tr("team.invite_of", name=S.chosen_name),
        ),
        rx.cond(V.has_nav_veileder & S.chosen_nav, rx.el.form(
            ak.VStack.create(
                ak.Heading.create(tr("team.handover_heading", name=S.chosen_name), level="3",
                                  size="xsmall"),
                ak.Select.create(rx.foreach(V.members, _nav_option),
                                 label=tr("team.handover_from"), name="participant_id",
                                 error=E.get("handover", "")),
                ak.Textarea.create(label=tr("team.handover_reason"), name="reason",
                                   max_length=500, min_rows=2,
                                   error=E.get("handover_reason", "")),
                ak.Button.create(tr("team.handover", name=S.chosen_name), type="submit",
                                 variant="secondary"),
                gap="space-12", align="stretch"),
            on_submit=S.hand_over,
            aria_label=tr("team.handover_heading", name=S.chosen_name),
        )),
        gap="space-20", align="stretch",
    )


def _invite_staff() -> rx.Component:
    return section(
        tr("team.invite_heading"),
        rx.el.form(
            ak.VStack.create(
                ak.TextField.create(label=tr("team.search"), name="q", auto_complete="off",
                                    default_value=S.staff_query, error=E.get("q", ""),
                                    max_length=100),
                ak.Button.create(tr("start.search_button"), type="submit", variant="secondary"),
                gap="space-8", align="start"),
            on_submit=S.search_staff,
            aria_label=tr("team.search_form"),
        ),
        rx.cond(S.staff_searched, rx.cond(
            S.staff_hits.length() > 0,
            rx.el.ul(rx.foreach(S.staff_hits, _hit), class_name="plain-list",
                     aria_label=tr("start.hits")),
            ak.BodyShort.create(tr("start.no_hits")))),
        rx.cond(S.chosen_id != 0, _chosen()),
        id="team-invite",
    )


def _invite_relative() -> rx.Component:
    return section(
        tr("team.relative_heading"),
        rx.el.form(
            ak.VStack.create(
                ak.TextField.create(label=tr("staff.name"), name="name", auto_complete="off",
                                    error=E.get("name", ""), max_length=200),
                ak.TextField.create(label=tr("team.phone"), name="phone", type="tel",
                                    auto_complete="off", error=E.get("phone", ""),
                                    max_length=20),
                ak.TextField.create(label=tr("team.email"), name="email", type="email",
                                    auto_complete="off", error=E.get("email", ""),
                                    max_length=200),
                ak.Select.create(
                    *[rx.el.option(tr(f"role.{r}"), value=r) for r in ("parorende", "verge")],
                    label=tr("team.role"), name="role"),
                _scopes(True),
                ak.Button.create(tr("team.send", person=V.person_name), type="submit"),
                gap="space-16", align="stretch"),
            on_submit=S.invite_relative,
            key=S.form_key.to_string(),
            aria_label=tr("team.relative_heading"),
        ),
        rx.cond(S.invite_link != "", ak.Alert.create(ak.VStack.create(
            ak.BodyShort.create(tr("team.relative_link")),
            rx.el.code(S.invite_link, class_name="invite-link", id="invite-link"),
            gap="space-8"), variant="info")),
        id="team-relative",
    )


def _history_row(h) -> rx.Component:
    return rx.el.li(ak.VStack.create(
        ak.BodyShort.create(h.text),
        rx.cond(h.reason != "", ak.Detail.create(h.reason, class_name="pre-line")),
        gap="space-2"))


def _reservation() -> rx.Component:
    """Reserved against digital contact (KRR): what holds now, NAV's veileder changes it
    with a reason, and every change stays readable."""
    return section(
        tr("team.krr_heading"),
        ak.BodyShort.create(V.reserved_text),
        rx.cond(V.can_set_reserved, rx.el.form(
            rx.el.input(type="hidden", name="reserved", value=rx.cond(V.reserved, "0", "1")),
            ak.VStack.create(
                ak.Textarea.create(
                    label=rx.cond(V.reserved, tr("team.krr_lift_reason"),
                                  tr("team.krr_set_reason")),
                    name="reason", max_length=500, min_rows=2,
                    error=rx.cond(E.get("krr_reason", "") != "", E.get("krr_reason", ""),
                                  E.get("krr", ""))),
                ak.Button.create(rx.cond(V.reserved, tr("team.krr_lift"), tr("team.krr_set")),
                                 type="submit", variant="secondary"),
                gap="space-8", align="start"),
            on_submit=S.set_contact_reserved,
            key=S.form_key.to_string(),
            aria_label=tr("team.krr_heading"),
        )),
        rx.cond(V.reserved_history.length() > 0, rx.el.details(
            rx.el.summary(tr("team.krr_history")),
            rx.el.ul(rx.foreach(V.reserved_history, _history_row), class_name="plain-list"),
            class_name="history")),
        id="team-krr",
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("team.back"), href=S.plan_href),
        ak.Heading.create(tr("team.title"), level="1", size="large"),
        ak.BodyShort.create(rx.cond(V.can_manage, tr("team.intro_staff", name=V.person_name),
                                    tr("team.intro_person"))),
        live_messages(S.notice, S.error),
        section(tr("team.members"),
                rx.el.ul(rx.foreach(V.members, _member), class_name="plain-list"),
                id="team-members"),
        _reservation(),
        rx.cond(V.can_manage, _invite_staff()),
        rx.cond(V.can_manage, _invite_relative()),
        section(tr("team.history"),
                rx.cond(V.history.length() > 0,
                        rx.el.ul(rx.foreach(V.history, _history_row), class_name="plain-list"),
                        ak.BodyShort.create(tr("team.no_history"))),
                id="team-history"),
        gap="space-16",
    )


def team_page() -> rx.Component:
    return plan_subpage(tr("team.title"), S.screen, V.mode, _content, "team.denied",
                        messages=(S.notice, S.error))
