"""'/' for staff: the people they follow (sort, filters, "Skriv til" and "Åpne plan" on
each row) and "Til oppfølging", what waits for them across those people."""

from __future__ import annotations

import reflex as rx

from ip_app.staff.links import staff_links

from ip_app.caseload.data import CASE_FILTERS
from ip_app.caseload.rules import SCOPES, SORTS
from ip_app.caseload.state import CaseloadState as C
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.plan.rules import PlanBasis


def _row(c) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            rx.cond(c.has_access,
                    ak.Link.create(c.name, href=c.href),
                    ak.BodyShort.create(c.name, weight="semibold")),
            ak.Detail.create(c.role),
            rx.cond(c.has_access,
                    ak.VStack.create(
                        rx.cond(c.types_label != "", ak.Detail.create(c.types_label)),
                        ak.HStack.create(
                            ak.Detail.create(tr("caseload.next_evaluation"), " ",
                                             c.next_evaluation),
                            rx.cond(c.overdue, ak.Tag.create(
                                tr("plan.evaluation_overdue"), variant="moderate",
                                size="xsmall", data_color="warning")),
                            gap="space-8", align="center"),
                        rx.cond(c.period != "", ak.Detail.create(c.period)),
                        rx.cond(c.changed != "", ak.Detail.create(c.changed)),
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
            ak.HStack.create(
                rx.cond(c.has_access, ak.Link.create(
                    tr("caseload.open_plan"), href=c.href)),
                rx.cond(c.dialog_href != "", ak.Link.create(
                    tr("caseload.write_to"), href=c.dialog_href)),
                rx.cond(c.ip_check_href != "", ak.Link.create(
                    tr("caseload.ip_check"), href=c.ip_check_href)),
                rx.cond(c.consents_href != "", ak.Link.create(
                    tr("caseload.consents"), href=c.consents_href)),
                gap="space-16", wrap=True),
            gap="space-4",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle",
        border_radius="8",
    ))


def _filters() -> rx.Component:
    return rx.el.div(
        ak.VStack.create(
            rx.debounce_input(ak.TextField.create(
                label=tr("caseload.search"), value=C.query, on_change=C.set_query,
                size="small", type="search", auto_complete="off")),
            rx.el.div(
                ak.Select.create(
                    *[rx.el.option(tr(f"caseload.filter_{v}"), value=v) for v in CASE_FILTERS],
                    value=C.status, on_change=C.set_status, label=tr("caseload.filter"),
                    size="small"),
                ak.Select.create(
                    rx.el.option(tr("caseload.type_all"), value="all"),
                    *[rx.el.option(tr(f"basis.{b.value}"), value=b.value) for b in PlanBasis],
                    value=C.plan_type, on_change=C.set_plan_type,
                    label=tr("caseload.plan_type"), size="small"),
                ak.Select.create(
                    rx.el.option(tr("caseload.office_all"), value="all"),
                    rx.foreach(C.offices, lambda o: rx.el.option(o, value=o)),
                    value=C.office, on_change=C.set_office, label=tr("caseload.office"),
                    size="small"),
                ak.Select.create(
                    *[rx.el.option(tr(f"caseload.scope_{v}"), value=v) for v in SCOPES],
                    value=C.scope, on_change=C.set_scope, label=tr("caseload.scope"),
                    size="small"),
                ak.Select.create(
                    *[rx.el.option(tr(f"caseload.sort_{v}"), value=v) for v in SORTS],
                    value=C.sort, on_change=C.set_sort, label=tr("caseload.sort"),
                    size="small"),
                class_name="caseload-filters",
            ),
            gap="space-12",
        ),
        role="search",
    )


def _all_people() -> rx.Component:
    return ak.VStack.create(
        _filters(),
        ak.Detail.create(tr("caseload.count", shown=C.visible.length(),
                            total=C.cases.length()), role="status"),
        rx.cond(
            C.visible.length() > 0,
            rx.el.ul(rx.foreach(C.visible, _row), class_name="plain-list"),
            ak.BodyShort.create(rx.cond(
                C.cases.length() == 0, tr("caseload.empty"),
                rx.cond(C.query.strip() != "", tr("caseload.none"),
                        tr("caseload.none_filter"))))),
        gap="space-16",
    )


def _follow_up_row(f) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.HStack.create(
                ak.BodyShort.create(f.name, weight="semibold"),
                rx.cond(f.urgent, ak.Tag.create(tr("followup.urgent"), variant="moderate",
                                                size="xsmall", data_color="warning")),
                gap="space-8", align="center", wrap=True),
            ak.Link.create(f.text, href=f.href),
            gap="space-4"),
        padding="space-12", border_width="1", border_color="neutral-subtle",
        border_radius="8",
    ))


def _follow_up() -> rx.Component:
    return ak.VStack.create(
        ak.BodyShort.create(tr("followup.intro")),
        rx.cond(C.followups.length() > 0,
                rx.el.ul(rx.foreach(C.followups, _follow_up_row), class_name="plain-list"),
                ak.BodyShort.create(tr("followup.none"))),
        gap="space-16",
    )


def caseload_view() -> rx.Component:
    return ak.VStack.create(
        ak.Heading.create(tr("caseload.title"), level="1", size="large"),
        ak.HStack.create(
            ak.Link.create(tr("coord.link"), href="/samordning"),
            ak.Link.create(tr("coop.link"), href="/samarbeidsavtale"),
            staff_links(),  # issue 19: "Ny plan", "Ansatte og roller" by the viewer's roles
            gap="space-16", wrap=True),
        ak.ToggleGroup.create(
            ak.ToggleGroupItem.create(value="all", label=tr("caseload.view_all")),
            ak.ToggleGroupItem.create(
                value="followup", label=tr("caseload.view_followup", n=C.followups.length())),
            value=C.view, on_change=C.set_view, label=tr("caseload.view"), size="small",
            fill=True),
        rx.cond(C.view == "followup", _follow_up(), _all_people()),
        gap="space-16",
    )
