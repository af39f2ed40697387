"""'/' and '/plan/[plan_id]': Min plan for the person; a plan or the caseload for staff."""

from __future__ import annotations

import reflex as rx

from ip_app.i18n import t
from ip_app.ui import aksel as ak
from ip_app.ui.layout import live_messages, shell
from ip_app.ui.plan_parts import (
    bases_block, goal_block, items_block, measure_card, people_block, progress_block, section,
)
from ip_app.web.plan_state import PlanState

P = PlanState.page


def _add_modal() -> rx.Component:
    err = PlanState.add_errors
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                ak.TextField.create(label=t("add.title"), name="title", max_length=200,
                                    error=err.get("title", "")),
                ak.Textarea.create(label=t("add.description"), name="description", max_length=2000,
                                   error=err.get("description", ""), min_rows=3),
                ak.TextField.create(label=t("add.start"), name="start_date", type="date",
                                    error=err.get("start_date", "")),
                ak.TextField.create(label=t("add.end"), name="end_date", type="date",
                                    error=err.get("end_date", "")),
                gap="space-16",
            )),
            ak.ModalFooter.create(
                ak.Button.create(t("add.save"), type="submit"),
                ak.Button.create(t("add.cancel"), type="button", variant="secondary",
                                 on_click=PlanState.close_add),
            ),
            on_submit=PlanState.add_activity,
        ),
        open=PlanState.add_open, on_close=PlanState.close_add,
        header={"heading": t("add.heading")}, width="small",
    )


def _measures() -> rx.Component:
    groups = rx.cond(PlanState.group_by == "goal", P.by_goal, P.by_status)
    return section(
        t("plan.measures"),
        ak.Button.create(t("plan.add_activity"), variant="primary", size="small",
                         on_click=PlanState.open_add),
        ak.ToggleGroup.create(
            ak.ToggleGroupItem.create(value="status", label=t("plan.group_status")),
            ak.ToggleGroupItem.create(value="goal", label=t("plan.group_goal")),
            value=PlanState.group_by, on_change=PlanState.set_group_by,
            label=t("plan.group_by"), size="small", fill=True,
        ),
        rx.foreach(groups, lambda g: rx.el.section(
            ak.VStack.create(
                ak.Heading.create(g.title, level="3", size="small"),
                rx.foreach(g.cards, lambda c: measure_card(
                    c, PlanState.change_status, PlanState.open_cards.contains(c.id),
                    lambda is_open: PlanState.set_card_open(c.id, is_open))),
                gap="space-8",
            ),
        )),
        id="measures",
    )


def _plan_view() -> rx.Component:
    return ak.VStack.create(
        ak.VStack.create(
            ak.Heading.create(
                rx.cond(P.mode == "person", t("plan.title_person"),
                        t("plan.title_staff", name="") + P.person_name),
                level="1", size="large"),
            bases_block(P),
            gap="space-8",
        ),
        live_messages(PlanState.notice, PlanState.error),
        rx.cond(P.main_goal != "", goal_block(P.main_goal)),
        progress_block(P),
        rx.cond(P.evaluations_href != "", ak.Link.create(t("plan.evaluations_link"),
                                                         href=P.evaluations_href)),
        _measures(),
        people_block(P),
        items_block(P),
        _add_modal(),
        gap="space-32",
    )


def _caseload() -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(t("caseload.title"), level="1", size="large"),
        rx.el.ul(
            rx.foreach(PlanState.cases, lambda c: rx.el.li(ak.Box.create(
                ak.VStack.create(
                    rx.cond(c.has_access,
                            ak.Link.create(c.name, href=c.href),
                            ak.BodyShort.create(c.name, weight="semibold")),
                    ak.Detail.create(c.role),
                    rx.cond(c.has_access,
                            ak.HStack.create(
                                ak.Detail.create(t("caseload.next_evaluation"), " ",
                                                 c.next_evaluation),
                                rx.cond(c.overdue, ak.Tag.create(
                                    t("plan.evaluation_overdue"), variant="moderate",
                                    size="xsmall", data_color="warning")),
                                gap="space-8", align="center"),
                            ak.Detail.create(t("caseload.waiting_consent"))),
                    rx.cond(c.ip_check_href != "", ak.Link.create(
                        t("caseload.ip_check"), href=c.ip_check_href)),
                    gap="space-4",
                ),
                padding="space-12", border_width="1", border_color="neutral-subtle",
                border_radius="8",
            ))),
            class_name="plain-list",
        ),
        gap="space-24",
    )


def _body() -> rx.Component:
    loading = ak.BodyShort.create(t("common.loading"), role="status")
    denied = ak.Alert.create(t("plan.denied"), variant="warning")
    return rx.match(
        PlanState.screen,
        ("caseload", _caseload()),
        ("denied", denied),
        ("plan", rx.match(
            P.mode,
            ("person", _plan_view()),
            ("staff_plan", _plan_view()),
            ("denied", denied),
            ("error", ak.Alert.create(t("plan.load_error"), variant="error")),
            loading,
        )),
        loading,
    )


def home_page() -> rx.Component:
    return shell(_body())


def plan_page() -> rx.Component:
    return shell(
        ak.Link.create(t("nav.back_caseload"), href="/"),
        _body(),
    )
