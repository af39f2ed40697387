"""'/' and '/plan/[plan_id]': Min plan for the person; a plan or the caseload for staff."""

from __future__ import annotations

import reflex as rx

from ip_app.web.lang_state import tr
from ip_app.data.caseload import CASE_FILTERS
from ip_app.ui import aksel as ak
from ip_app.ui.catalogue_parts import kind_select
from ip_app.ui.programme_parts import programme_blocks
from ip_app.ui.consent_parts import consent_inline
from ip_app.ui.layout import live_messages, shell, titled
from ip_app.ui.plan_parts import (
    bases_block, dialog_link, export_block, goal_block, items_block, measure_card, people_block,
    progress_block, section,
)
from ip_app.ui.contribution_form import contribution_modal
from ip_app.ui.goal_form import goal_modal
from ip_app.ui.measure_form import measure_modal
from ip_app.web.contribution_state import ContributionEditState
from ip_app.web.goal_edit_state import GoalEditState
from ip_app.web.measure_edit_state import MeasureEditState
from ip_app.web.meeting_state import MeetingState
from ip_app.ui.meeting_parts import meeting_modal, meetings_block
from ip_app.web.plan_state import PlanState

P = PlanState.page


def _add_modal() -> rx.Component:
    err = PlanState.add_errors
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                kind_select("", err.get("kind", "")),
                ak.TextField.create(label=tr("add.title"), name="title", max_length=200,
                                    description=tr("catalogue.title_optional"),
                                    error=err.get("title", "")),
                ak.Textarea.create(label=tr("add.description"), name="description", max_length=2000,
                                   error=err.get("description", ""), min_rows=3),
                ak.TextField.create(label=tr("add.start"), name="start_date", type="date",
                                    error=err.get("start_date", "")),
                ak.TextField.create(label=tr("add.end"), name="end_date", type="date",
                                    error=err.get("end_date", "")),
                gap="space-16",
            )),
            ak.ModalFooter.create(
                ak.Button.create(tr("add.save"), type="submit"),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=PlanState.close_add),
            ),
            on_submit=PlanState.add_activity,
        ),
        open=PlanState.add_open, on_close=PlanState.close_add,
        header={"heading": tr("add.heading")}, width="small",
    )


def _keyed(component: rx.Component, key) -> rx.Component:
    """A stable React key (the tiltak id), so a live update re-renders only what moved."""
    component.key = key
    return component


def _measures() -> rx.Component:
    groups = PlanState.groups  # only the grouping this tab shows is sent
    return section(
        tr("plan.measures"),
        rx.cond(
            P.mode == "person",
            ak.Button.create(tr("plan.add_activity"), variant="primary", size="small",
                             on_click=PlanState.open_add),
            ak.Button.create(tr("plan.add_measure"), variant="primary", size="small",
                             on_click=MeasureEditState.open_new),
        ),
        ak.ToggleGroup.create(
            ak.ToggleGroupItem.create(value="status", label=tr("plan.group_status")),
            ak.ToggleGroupItem.create(value="goal", label=tr("plan.group_goal")),
            value=PlanState.group_by, on_change=PlanState.set_group_by,
            label=tr("plan.group_by"), size="small", fill=True,
        ),
        rx.foreach(groups, lambda g: rx.el.section(
            ak.VStack.create(
                ak.Heading.create(g.title, level="3", size="small"),
                rx.foreach(g.cards, lambda c: _keyed(measure_card(
                    c, PlanState.change_status, PlanState.open_cards.contains(c.id),
                    lambda is_open: PlanState.set_card_open(c.id, is_open),
                    MeasureEditState.open_edit(c.id)), c.id)),
                gap="space-8",
            ),
            key=g.key,
        )),
        id="measures",
    )


def _plan_view() -> rx.Component:
    return ak.VStack.create(
        ak.VStack.create(
            ak.Heading.create(
                rx.cond(P.mode == "person", tr("plan.title_person"),
                        tr("plan.title_staff", name=P.person_name)),
                level="1", size="large"),
            bases_block(P),
            gap="space-8",
        ),
        dialog_link(P),
        live_messages(PlanState.notice, PlanState.error),
        rx.el.div(rx.cond(PlanState.live_notice != "", ak.BodyShort.create(
            PlanState.live_notice, size="small")), role="status", aria_live="polite",
            class_name="live"),
        rx.cond(P.mode == "person", consent_inline()),
        rx.cond(P.main_goal != "", goal_block(P, GoalEditState.open)),
        progress_block(P, GoalEditState.open),
        rx.cond(P.evaluations_href != "", ak.Link.create(tr("plan.evaluations_link"),
                                                         href=P.evaluations_href)),
        rx.cond(P.consents_href != "", ak.Link.create(tr("plan.consents_link"),
                                                      href=P.consents_href)),
        rx.cond(P.assessment_href != "", ak.Link.create(tr("assessment.link"),
                                                        href=P.assessment_href)),
        rx.cond(P.decisions_href != "", ak.Link.create(tr("vedtak.link"),
                                                       href=P.decisions_href)),
        rx.cond(P.jobs_href != "", ak.Link.create(tr("job.link_plan"), href=P.jobs_href)),
        programme_blocks(P),
        meetings_block(P, MeetingState),
        _measures(),
        people_block(P, ContributionEditState.open),
        items_block(P),
        rx.el.div(export_block(P), class_name="no-print"),
        _add_modal(),
        measure_modal(MeasureEditState),
        goal_modal(GoalEditState),
        meeting_modal(MeetingState),
        contribution_modal(ContributionEditState),
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
                            ak.Detail.create(tr("caseload.next_evaluation"), " ",
                                             c.next_evaluation),
                            rx.cond(c.overdue, ak.Tag.create(
                                tr("plan.evaluation_overdue"), variant="moderate",
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
                            rx.cond(c.answer_label != "", ak.Tag.create(
                                c.answer_label, variant="moderate", size="xsmall",
                                data_color="warning")),
                            gap="space-8", wrap=True),
                        gap="space-4"),
                    ak.Detail.create(tr("caseload.waiting_consent"))),
            rx.cond(c.ip_check_href != "", ak.Link.create(
                tr("caseload.ip_check"), href=c.ip_check_href)),
            rx.cond(c.consents_href != "", ak.Link.create(
                tr("caseload.consents"), href=c.consents_href)),
            gap="space-4",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle",
        border_radius="8",
    ))


def _caseload() -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(tr("caseload.title"), level="1", size="large"),
        ak.HStack.create(
            ak.Link.create(tr("coord.link"), href="/samordning"),
            ak.Link.create(tr("coop.link"), href="/samarbeidsavtale"),
            gap="space-16", wrap=True),
        rx.el.div(
            ak.VStack.create(
                rx.debounce_input(ak.TextField.create(
                    label=tr("caseload.search"), value=PlanState.case_query,
                    on_change=PlanState.set_case_query, size="small", type="search",
                    auto_complete="off")),
                ak.Select.create(
                    *[rx.el.option(tr(f"caseload.filter_{v}"), value=v) for v in CASE_FILTERS],
                    value=PlanState.case_filter, on_change=PlanState.set_case_filter,
                    label=tr("caseload.filter"), size="small"),
                gap="space-12",
            ),
            role="search",
        ),
        ak.Detail.create(tr("caseload.count", shown=PlanState.visible_cases.length(),
                            total=PlanState.cases.length()), role="status"),
        rx.cond(PlanState.visible_cases.length() > 0,
                rx.el.ul(rx.foreach(PlanState.visible_cases, _case_row), class_name="plain-list"),
                ak.BodyShort.create(tr("caseload.none"))),
        gap="space-16",
    )


def _body() -> rx.Component:
    loading = titled(tr("app.name"), ak.BodyShort.create(tr("common.loading"), role="status"))
    denied = titled(tr("app.name"), ak.Alert.create(tr("plan.denied"), variant="warning"))
    error = titled(tr("app.name"), ak.Alert.create(tr("plan.load_error"), variant="error"))
    return rx.match(
        PlanState.screen,
        ("caseload", _caseload()),
        ("denied", denied),
        ("error", error),
        ("plan", rx.match(
            P.mode,
            ("person", _plan_view()),
            ("staff_plan", _plan_view()),
            ("denied", denied),
            ("ended", titled(tr("app.name"),
                             ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", error),
            loading,
        )),
        loading,
    )


def home_page() -> rx.Component:
    return shell(_body())


def plan_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_caseload"), href="/"),
        _body(),
    )
