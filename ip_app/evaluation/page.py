"""'/plan/[plan_id]/evaluering': the plan's evaluations; staff who may record one get a form."""

from __future__ import annotations

import reflex as rx

from ip_app.evaluation.state import EvaluationState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section

V = EvaluationState.view
E = EvaluationState.errors


def _facts() -> rx.Component:
    return rx.el.dl(
        rx.el.dt(ak.Label.create(tr("plan.next_evaluation"), as_="span")),
        rx.el.dd(ak.HStack.create(
            ak.BodyShort.create(rx.cond(V.next_evaluation != "", V.next_evaluation,
                                        tr("plan.no_evaluation")), id="next-evaluation"),
            rx.cond(V.overdue, ak.Tag.create(
                tr("plan.evaluation_overdue"), variant="moderate", size="small",
                data_color="warning")),
            gap="space-8", align="center",
        )),
        rx.cond(V.period != "", rx.fragment(
            rx.el.dt(ak.Label.create(tr("plan.period"), as_="span")),
            rx.el.dd(ak.BodyShort.create(V.period)),
        )),
        class_name="facts",
    )


def _form() -> rx.Component:
    return section(
        tr("evaluation.new"),
        ak.BodyShort.create(tr("evaluation.new_intro")),
        rx.el.form(
            ak.VStack.create(
                ak.TextField.create(label=tr("evaluation.held_on"), name="held_on", type="date",
                                    default_value=V.held_default, error=E.get("held_on", "")),
                ak.Textarea.create(label=tr("evaluation.went_well"), name="went_well",
                                   max_length=2000, min_rows=3, error=E.get("went_well", "")),
                ak.Textarea.create(label=tr("evaluation.changes"), name="changes",
                                   max_length=2000, min_rows=3, error=E.get("changes", "")),
                ak.Textarea.create(label=tr("evaluation.attendees"), name="attendees",
                                   max_length=2000, min_rows=2, default_value=V.attendees_default,
                                   error=E.get("attendees", "")),
                ak.TextField.create(label=tr("evaluation.next_date"), name="next_date", type="date",
                                    description=tr("evaluation.next_date_hint"),
                                    error=E.get("next_date", "")),
                rx.el.fieldset(
                    rx.el.legend(ak.Label.create(tr("evaluation.period"), as_="span")),
                    ak.VStack.create(
                        ak.BodyShort.create(tr("evaluation.period_hint"), size="small"),
                        ak.TextField.create(label=tr("evaluation.period_start"),
                                            name="period_start", type="date",
                                            default_value=V.period_start_default,
                                            error=E.get("period_start", "")),
                        ak.TextField.create(label=tr("evaluation.period_end"), name="period_end",
                                            type="date", default_value=V.period_end_default,
                                            error=E.get("period_end", "")),
                        gap="space-12",
                    ),
                    class_name="plain-fieldset",
                ),
                ak.Button.create(tr("evaluation.save"), type="submit"),
                gap="space-16", align="stretch",
            ),
            on_submit=EvaluationState.save,
            key=EvaluationState.form_key.to_string(),
        ),
        id="new-evaluation",
    )


def _row(ev) -> rx.Component:
    def fact(label: str, value) -> rx.Component:
        return rx.cond(value != "", rx.fragment(
            rx.el.dt(ak.Label.create(label, as_="span", size="small")),
            rx.el.dd(ak.BodyLong.create(value, class_name="pre-line")),
        ))

    return rx.el.li(ak.Box.create(
        rx.el.article(ak.VStack.create(
            ak.Heading.create(tr("evaluation.held_heading"), " ", ev.held, level="3",
                              size="small"),
            rx.el.dl(
                fact(tr("evaluation.went_well"), ev.went_well),
                fact(tr("evaluation.changes"), ev.changes),
                fact(tr("evaluation.attendees"), ev.attendees),
                fact(tr("evaluation.next_date"), ev.next_date),
                class_name="facts",
            ),
            ak.Detail.create(ev.recorded_by),
            gap="space-8",
        )),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def _list() -> rx.Component:
    return section(
        tr("evaluation.earlier"),
        rx.cond(V.evaluations.length() > 0,
                rx.el.ul(rx.foreach(V.evaluations, _row), class_name="plain-list"),
                ak.BodyShort.create(tr("evaluation.none"))),
        id="earlier-evaluations",
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(rx.cond(V.mode == "person", tr("evaluation.back_own"),
                               tr("evaluation.back_plan")), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(tr("evaluation.title"), level="1", size="large"),
            rx.cond(V.mode == "staff", ak.BodyShort.create(
                tr("evaluation.plan_of"), " ", V.person_name)),
            gap="space-4",
        ),
        live_messages(EvaluationState.notice, EvaluationState.error),
        _facts(),
        rx.cond(V.can_record, _form(),
                rx.cond(V.mode == "person", ak.BodyShort.create(tr("evaluation.person_intro")))),
        _list(),
        gap="space-24",
    )


def evaluation_page() -> rx.Component:
    title = tr("evaluation.title")
    loading = titled(title, ak.BodyShort.create(tr("common.loading"), role="status"))
    denied = titled(title, ak.Alert.create(tr("plan.denied"), variant="warning"))
    return shell(rx.match(
        EvaluationState.screen,
        ("denied", denied),
        ("page", rx.match(
            V.mode,
            ("person", _content()),
            ("staff", _content()),
            ("denied", denied),
            ("ended", titled(title, ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", titled(title, ak.Alert.create(tr("plan.load_error"), variant="error"))),
            loading,
        )),
        loading,
    ),
        title=tr("evaluation.title"),
    )
