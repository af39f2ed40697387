"""'/' and '/plan/[plan_id]': Min plan for the person; a plan or the caseload for staff."""

from __future__ import annotations

import reflex as rx

from ip_app.web.lang_state import tr
from ip_app.web.pages.caseload import caseload_view
from ip_app.ui.focus import FocusTarget
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
                    MeasureEditState.open_edit(c.id), PlanState.status_error), c.id)),
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


def _focus() -> rx.Component:
    return FocusTarget.create(target=PlanState.focus_target, token=PlanState.focus_token)


def _body() -> rx.Component:
    loading = titled(tr("app.name"), ak.BodyShort.create(tr("common.loading"), role="status"))
    denied = titled(tr("app.name"), ak.Alert.create(tr("plan.denied"), variant="warning"))
    error = titled(tr("app.name"), ak.Alert.create(tr("plan.load_error"), variant="error"))
    return rx.match(
        PlanState.screen,
        ("caseload", caseload_view()),
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
    return shell(_body(), _focus())


def plan_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_caseload"), href="/"),
        _body(),
        _focus(),
    )
