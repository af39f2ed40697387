"""'/' and '/plan/[plan_id]': Min plan for the person; a plan or the caseload for staff."""

from __future__ import annotations

import reflex as rx

from ip_app.caseload.page import caseload_view
from ip_app.closing.state import ClosingState
from ip_app.consent.parts import consent_cards, consent_loading, has_pending
from ip_app.contributions.form import contribution_modal
from ip_app.contributions.state import ContributionEditState
from ip_app.first_screen.parts import news_block, next_block, plan_nav, waiting_block
from ip_app.goals.form import goal_modal
from ip_app.goals.state import GoalEditState
from ip_app.ip_contents.parts import (
    closing_banner, closing_block, closing_modal, ip_contents_block, ip_item_modal, subgoal_modal,
)
from ip_app.ip_contents.state import IpItemState, SubGoalState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.focus import FocusTarget
from ip_app.kernel.ui.later import AfterPaint
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.measures.catalogue_parts import kind_select
from ip_app.measures.form import measure_modal
from ip_app.measures.state import MeasureEditState
from ip_app.meetings.parts import meeting_modal, meetings_block
from ip_app.meetings.state import MeetingState
from ip_app.plan.board import board, side_panel
from ip_app.plan.parts import (
    bases_block, export_block, goal_block, measure_card, people_block, progress_block, section,
)
from ip_app.plan.state import PlanState, page_var, status_groups
from ip_app.programme.parts import programme_blocks

class _Page:
    """The plan page's fields (`P.title`, `P.people` …), each read from the var that
    carries it: the page travels as several vars, each sent only when it changed."""

    def __getattr__(self, name: str) -> rx.Var:
        return page_var(name)


P = _Page()


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


def _group(g) -> rx.Component:  # noqa: ANN001
    return rx.el.section(
        ak.VStack.create(
            ak.Heading.create(g.title, level="3", size="small"),
            rx.foreach(g.cards, lambda c: _keyed(measure_card(
                c, PlanState.change_status, PlanState.open_cards.contains(c.id),
                lambda is_open: PlanState.set_card_open(c.id, is_open),
                MeasureEditState.open_edit(c.id), PlanState.status_error), c.id)),
            gap="space-8",
        ),
        key=g.key,
    )


def _measures() -> rx.Component:
    groups = PlanState.groups  # by goal; by status, a var per status (plan/state.py)
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
        rx.cond(PlanState.group_by == "goal", rx.foreach(groups, _group),
                 rx.fragment(*(rx.cond(g.cards.length() > 0, _group(g))
                               for g in status_groups()))),
        id="measures",
    )


def _plan_view(person: bool) -> rx.Component:
    """The first screen (what waits, next step, goal and progress, new since last time,
    the rest one tap away), then the plan's sections. Staff on a wide screen also get the
    board of tiltak by status and the side panel (plan/board.py)."""
    content = ak.VStack.create(
        ak.VStack.create(
            ak.Heading.create(P.title, level="1", size="large"),
            gap="space-8",
        ),
        closing_banner(P, ClosingState),
        live_messages(PlanState.notice, PlanState.error),
        rx.el.div(rx.cond(PlanState.live_notice != "", ak.BodyShort.create(
            PlanState.live_notice, size="small")), role="status", aria_live="polite",
            class_name="live"),
        waiting_block(P, consent_cards() if person else rx.fragment(),
                      has_pending() if person else False),
        next_block(P),
        plan_nav(P, PlanState.news.length()),
        rx.fragment() if person else board(),
        # below what a phone shows first: built after that is painted, in steps of their
        # own (issue 20.8; kernel/ui/later.py), not in the long task that draws the plan
        AfterPaint.create(
            rx.cond(P.main_goal != "", goal_block(P, GoalEditState.open)),
            progress_block(P, GoalEditState.open),
            news_block(PlanState.news),
            frames=1,
        ),
        AfterPaint.create(_rest_of_plan(), frames=2),
        AfterPaint.create(_measures(), frames=3),
        AfterPaint.create(_people_and_dialogs(), frames=4),
        gap="space-32",
    )
    if person:
        return content
    return rx.el.div(rx.el.div(content, class_name="plan-main"),
                     side_panel(P, MeasureEditState.open_edit), class_name="plan-layout")


def _rest_of_plan() -> rx.Component:
    return rx.fragment(
        ip_contents_block(P, IpItemState, SubGoalState, GoalEditState.open),
        bases_block(P),
        rx.cond(P.evaluations_href != "", ak.Link.create(tr("plan.evaluations_link"),
                                                         href=P.evaluations_href)),
        rx.cond(P.consents_href != "", ak.Link.create(tr("plan.consents_link"),
                                                      href=P.consents_href)),
        rx.cond(P.team_href != "", ak.Link.create(tr("team.link"), href=P.team_href)),
        rx.cond(P.assessment_href != "", ak.Link.create(tr("assessment.link"),
                                                        href=P.assessment_href)),
        rx.cond(P.decisions_href != "", ak.Link.create(tr("vedtak.link"),
                                                       href=P.decisions_href)),
        rx.cond(P.jobs_href != "", ak.Link.create(tr("job.link_plan"), href=P.jobs_href)),
        rx.cond(P.archive_href != "", ak.Link.create(tr("archive.link"), href=P.archive_href)),
        rx.cond(P.records_href != "", ak.Link.create(tr("record.link"), href=P.records_href)),
        programme_blocks(P),
        meetings_block(P, MeetingState),
    )


def _people_and_dialogs() -> rx.Component:
    return rx.fragment(
        people_block(P, ContributionEditState.open),
        closing_block(P, ClosingState),
        rx.el.div(export_block(P), class_name="no-print"),
        _add_modal(),
        measure_modal(MeasureEditState),
        goal_modal(GoalEditState),
        meeting_modal(MeetingState),
        contribution_modal(ContributionEditState),
        ip_item_modal(IpItemState), subgoal_modal(SubGoalState), closing_modal(ClosingState),
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
            # the person's plan is drawn once her consent requests are read too (the plan's
            # own load asks for them: plan/state.py _with_consent_requests)
            ("person", rx.cond(consent_loading(), loading, _plan_view(True))),
            ("staff_plan", _plan_view(False)),
            ("denied", denied),
            ("ended", titled(tr("app.name"),
                             ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", error),
            loading,
        )),
        loading,
    )


def _title() -> rx.Var:
    """The tab's title: the plan's own ("Min plan", "Noahs plan", "Planen til …")."""
    return rx.cond((PlanState.screen == "plan") & (P.title != ""), P.title, tr("app.name"))


def home_page() -> rx.Component:
    return shell(_body(), _focus(), title=_title())


def plan_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_caseload"), href="/"),
        _body(),
        _focus(),
        title=_title(),
    )
