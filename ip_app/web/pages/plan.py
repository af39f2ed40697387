"""'/' and '/plan/[plan_id]': Min plan for the person; a plan or the caseload for staff."""

from __future__ import annotations

import reflex as rx

from ip_app.i18n import t
from ip_app.ui import aksel as ak
from ip_app.ui.catalogue_parts import kind_select
from ip_app.ui.programme_parts import programme_blocks
from ip_app.ui.consent_parts import consent_inline
from ip_app.ui.layout import live_messages, shell
from ip_app.ui.plan_parts import (
    bases_block, goal_block, items_block, measure_card, people_block, progress_block, section,
)
from ip_app.ui.goal_form import goal_modal
from ip_app.ui.measure_form import measure_modal
from ip_app.web.goal_edit_state import GoalEditState
from ip_app.web.measure_edit_state import MeasureEditState
from ip_app.web.plan_state import PlanState

P = PlanState.page


def _add_modal() -> rx.Component:
    err = PlanState.add_errors
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                kind_select("", err.get("kind", "")),
                ak.TextField.create(label=t("add.title"), name="title", max_length=200,
                                    description=t("catalogue.title_optional"),
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
        rx.cond(
            P.mode == "person",
            ak.Button.create(t("plan.add_activity"), variant="primary", size="small",
                             on_click=PlanState.open_add),
            ak.Button.create(t("plan.add_measure"), variant="primary", size="small",
                             on_click=MeasureEditState.open_new),
        ),
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
                    lambda is_open: PlanState.set_card_open(c.id, is_open),
                    MeasureEditState.open_edit(c.id))),
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
        rx.cond(P.mode == "person", consent_inline()),
        rx.cond(P.main_goal != "", goal_block(P, GoalEditState.open)),
        progress_block(P, GoalEditState.open),
        rx.cond(P.evaluations_href != "", ak.Link.create(t("plan.evaluations_link"),
                                                         href=P.evaluations_href)),
        rx.cond(P.assessment_href != "", ak.Link.create(t("assessment.link"),
                                                        href=P.assessment_href)),
        programme_blocks(P),
        _measures(),
        people_block(P),
        items_block(P),
        _add_modal(),
        measure_modal(MeasureEditState),
        goal_modal(GoalEditState),
        gap="space-32",
    )


def _case_row(c) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            rx.cond(c.has_access,
                    ak.Link.create(c.name, href=c.href),
                    ak.BodyShort.create(c.name, weight="semibold")),
            ak.Detail.create(c.role),
            rx.cond(c.has_access,
                    ak.VStack.create(
                        ak.HStack.create(
                            ak.Detail.create(t("caseload.next_evaluation"), " ",
                                             c.next_evaluation),
                            rx.cond(c.overdue, ak.Tag.create(
                                t("plan.evaluation_overdue"), variant="moderate",
                                size="xsmall", data_color="warning")),
                            gap="space-8", align="center"),
                        rx.cond(c.period != "", ak.Detail.create(c.period)),
                        ak.HStack.create(
                            rx.cond(c.unread > 0, ak.Tag.create(
                                c.unread_label, variant="moderate", size="xsmall",
                                data_color="info")),
                            rx.cond(c.waiting > 0, ak.Tag.create(
                                c.waiting_label, variant="moderate", size="xsmall",
                                data_color="neutral")),
                            gap="space-8", wrap=True),
                        gap="space-4"),
                    ak.Detail.create(t("caseload.waiting_consent"))),
            rx.cond(c.ip_check_href != "", ak.Link.create(
                t("caseload.ip_check"), href=c.ip_check_href)),
            gap="space-4",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle",
        border_radius="8",
    ))


def _caseload() -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(t("caseload.title"), level="1", size="large"),
        ak.Link.create(t("coord.link"), href="/samordning"),
        rx.el.div(
            ak.VStack.create(
                rx.debounce_input(ak.TextField.create(
                    label=t("caseload.search"), value=PlanState.case_query,
                    on_change=PlanState.set_case_query, size="small", type="search",
                    auto_complete="off")),
                ak.ToggleGroup.create(
                    *[ak.ToggleGroupItem.create(value=v, label=t(f"caseload.filter_{v}"))
                      for v in ("all", "overdue", "unread", "waiting")],
                    value=PlanState.case_filter, on_change=PlanState.set_case_filter,
                    label=t("caseload.filter"), size="small", fill=True),
                gap="space-12",
            ),
            role="search",
        ),
        ak.Detail.create(PlanState.case_count, role="status"),
        rx.cond(PlanState.visible_cases.length() > 0,
                rx.el.ul(rx.foreach(PlanState.visible_cases, _case_row), class_name="plain-list"),
                ak.BodyShort.create(t("caseload.none"))),
        gap="space-16",
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
