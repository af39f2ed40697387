"""'/ansatte': the administrator's page for the organisation's staff accounts."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section
from ip_app.staff.state import ROLE_ORDER, StaffAdminState

S = StaffAdminState


def _role_boxes(checked=None, error=None) -> rx.Component:
    return ak.Fieldset.create(
        *[ak.Checkbox.create(tr(f"staff.role_{r}"), name=f"role_{r}",
                             default_checked=checked.contains(r) if checked is not None else False)
          for r in ROLE_ORDER],
        legend=tr("staff.roles"), description=tr("staff.roles_hint"),
        error=error if error is not None else S.errors.get("roles", ""),
    )


def _new_form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            ak.TextField.create(label=tr("staff.name"), name="display_name", auto_complete="off",
                                error=S.errors.get("display_name", ""), max_length=200),
            ak.TextField.create(label=tr("staff.username"), name="username", auto_complete="off",
                                description=tr("staff.username_hint"),
                                error=S.errors.get("username", ""), max_length=40),
            ak.TextField.create(label=tr("staff.title_field"), name="title", auto_complete="off",
                                error=S.errors.get("title", ""), max_length=120),
            ak.TextField.create(label=tr("staff.email"), name="email", type="email",
                                auto_complete="off", error=S.errors.get("email", ""),
                                max_length=200),
            _role_boxes(),
            ak.Button.create(tr("staff.create"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=S.create,
        key=S.form_key.to_string(),
        aria_label=tr("staff.new_heading"),
    )


def _invite() -> rx.Component:
    return rx.cond(S.invite_link != "", ak.Alert.create(
        ak.VStack.create(
            ak.Heading.create(tr("staff.invite_heading", name=S.invite_for), level="2",
                              size="xsmall"),
            ak.BodyShort.create(tr("staff.invite_intro")),
            rx.el.code(S.invite_link, class_name="invite-link", id="invite-link"),
            gap="space-8",
        ),
        variant="info",
    ))


def _row(r) -> rx.Component:
    err = lambda f: S.row_errors.get(r.account_id.to_string() + ":" + f, "")  # noqa: E731
    hidden = rx.el.input(type="hidden", name="account_id", value=r.account_id.to_string())
    return rx.el.li(ak.Box.create(
        rx.el.article(ak.VStack.create(
            ak.Heading.create(r.name, level="3", size="xsmall"),
            ak.BodyShort.create(r.title, " · ", r.username, size="small"),
            ak.BodyShort.create(tr("staff.roles"), ": ", r.roles_text, size="small"),
            ak.Detail.create(r.status),
            rx.cond(r.active, rx.el.details(
                rx.el.summary(tr("staff.change", name=r.name)),
                ak.VStack.create(
                    rx.el.form(
                        hidden,
                        ak.VStack.create(
                            _role_boxes(r.roles, err("roles")),
                            ak.Button.create(tr("staff.save_roles"), type="submit", size="small",
                                             variant="secondary"),
                            gap="space-8", align="start"),
                        on_submit=S.save_roles,
                        aria_label=tr("staff.roles_of", name=r.name),
                    ),
                    rx.el.form(
                        hidden,
                        ak.VStack.create(
                            ak.Button.create(tr("staff.new_link"), type="submit", size="small",
                                             variant="secondary"),
                            gap="space-8", align="start"),
                        on_submit=S.new_link,
                        aria_label=tr("staff.link_of", name=r.name),
                    ),
                    rx.el.form(
                        hidden,
                        ak.VStack.create(
                            ak.Textarea.create(label=tr("staff.deactivate_reason"), name="reason",
                                               max_length=500, min_rows=2, error=err("reason")),
                            ak.Button.create(tr("staff.deactivate"), type="submit", size="small",
                                             variant="danger"),
                            gap="space-8", align="start"),
                        on_submit=S.deactivate,
                        aria_label=tr("staff.deactivate_of", name=r.name),
                    ),
                    gap="space-16",
                ),
                class_name="history",
            )),
            gap="space-4",
        )),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def _restriction_form(p, handler, label) -> rx.Component:  # noqa: ANN001
    err = S.row_errors.get("plan" + p.plan_id.to_string() + ":reason", "")
    return rx.el.form(
        rx.el.input(type="hidden", name="plan_id", value=p.plan_id.to_string()),
        ak.VStack.create(
            ak.Textarea.create(label=tr("staff.restriction_reason"), name="reason",
                               max_length=500, min_rows=2, error=err),
            ak.Button.create(label, type="submit", size="small", variant="secondary"),
            gap="space-8", align="start"),
        on_submit=handler,
        aria_label=label,
    )


def _office_plan(p) -> rx.Component:  # noqa: ANN001
    return rx.el.li(ak.Box.create(
        rx.el.article(ak.VStack.create(
            ak.Heading.create(p.person_name, level="3", size="xsmall"),
            ak.BodyShort.create(p.status, size="small"),
            rx.cond(p.history.length() > 0, rx.el.ul(
                rx.foreach(p.history, lambda h: rx.el.li(ak.Detail.create(h))),
                class_name="plain-list")),
            rx.cond(p.restricted,
                    _restriction_form(p, S.lift_restriction,
                                      tr("staff.lift_restriction", name=p.person_name)),
                    _restriction_form(p, S.set_restriction,
                                      tr("staff.set_restriction", name=p.person_name))),
            gap="space-4",
        )),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def _office() -> rx.Component:
    return rx.cond(S.nav_office, section(
        tr("staff.office_heading"),
        ak.VStack.create(
            ak.BodyShort.create(tr("staff.office_intro")),
            rx.cond(S.office_plans.length() > 0,
                    rx.el.ul(rx.foreach(S.office_plans, _office_plan),
                             class_name="plain-list staff-list",
                             aria_label=tr("staff.office_plans")),
                    ak.BodyShort.create(tr("staff.office_none"))),
            gap="space-12"),
        id="staff-office",
    ))


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("nav.back_caseload"), href="/"),
        ak.Heading.create(tr("staff.title"), level="1", size="large"),
        ak.BodyShort.create(S.org_name, weight="semibold"),
        ak.BodyShort.create(tr("staff.intro")),
        live_messages(S.notice, S.error),
        _invite(),
        section(tr("staff.new_heading"), _new_form(), id="staff-new"),
        section(tr("staff.list_heading"),
                rx.el.ul(rx.foreach(S.rows, _row), class_name="plain-list staff-list"),
                id="staff-list"),
        _office(),
        gap="space-16",
    )


def staff_admin_page() -> rx.Component:
    title = tr("staff.title")
    return shell(rx.match(
        S.mode,
        ("page", _content()),
        ("denied", titled(title, ak.Alert.create(tr("staff.denied"), variant="warning"))),
        titled(title, ak.BodyShort.create(tr("common.loading"), role="status")),
    ), title=title)
