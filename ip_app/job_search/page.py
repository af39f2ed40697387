"""'/plan/[plan_id]/jobbsok': the person's stillinger and the søkeavtale with progress."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.assessment.parts import boxed
from ip_app.job_search.state import JobSearchState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, plan_subpage
from ip_app.plan.parts import section

S = JobSearchState
V = JobSearchState.view
E = JobSearchState.errors


def _job(j: Any) -> rx.Component:
    return boxed(
        ak.Heading.create(j.title, level="3", size="small"),
        ak.BodyShort.create(j.employer),
        ak.Tag.create(j.status, variant="moderate", size="small",
                      data_color=rx.cond(j.final, "neutral", "info")),
        rx.cond(j.deadline != "", ak.Detail.create(j.deadline)),
        rx.cond(j.link != "", ak.Link.create(tr("job.open_link"), href=j.link,
                                             is_external=True)),
        rx.cond(j.steps.length() > 0, ak.HStack.create(
            rx.foreach(j.steps, lambda o: ak.Button.create(
                o.label, variant="secondary", size="small", type="button",
                on_click=S.move_job(j.id, o.value))),
            gap="space-8", wrap=True)),
    )


def _add_form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            ak.TextField.create(label=tr("job.employer"), name="employer", max_length=200,
                                error=E.get("employer", "")),
            ak.TextField.create(label=tr("job.title"), name="title", max_length=200,
                                error=E.get("title", "")),
            ak.TextField.create(label=tr("job.link"), name="link", max_length=500,
                                description=tr("job.link_hint"), error=E.get("link", "")),
            ak.TextField.create(label=tr("job.deadline"), name="deadline", type="date",
                                error=E.get("deadline", "")),
            ak.Button.create(tr("job.add"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=S.add_job, key=S.form_key.to_string() + "-job",
    )


def _agreement_form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            ak.TextField.create(label=tr("job.count"), name="count", type="number",
                                error=E.get("count", "")),
            ak.Select.create(
                rx.el.option(tr("assessment.choose"), value=""),
                rx.foreach(V.period_options, lambda o: rx.el.option(o.label, value=o.value)),
                label=tr("job.period_label"), name="period", error=E.get("period", ""),
            ),
            ak.Button.create(tr("job.save_agreement"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=S.set_agreement, key=S.form_key.to_string() + "-agreement",
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(tr("job.title_page"), level="1", size="large"),
            rx.cond(V.mode == "staff", ak.BodyShort.create(
                tr("assessment.plan_of"), " ", V.person_name)),
            gap="space-4",
        ),
        live_messages(S.notice, S.error),
        section(tr("job.agreement_heading"),
                rx.cond(V.has_agreement, ak.VStack.create(
                    ak.BodyShort.create(V.agreement),
                    ak.BodyShort.create(V.progress_label, id="job-progress", weight="semibold"),
                    ak.ProgressBar.create(value=V.progress_done, value_max=V.progress_total,
                                          custom_attrs={"aria-labelledby": "job-progress"}),
                    gap="space-8"),
                    ak.BodyShort.create(tr("job.no_agreement"))),
                rx.cond(V.can_set_agreement, _agreement_form()),
                id="job-agreement"),
        section(tr("job.list"),
                rx.cond(V.jobs.length() > 0,
                        rx.el.ul(rx.foreach(V.jobs, _job), class_name="plain-list"),
                        ak.BodyShort.create(tr("job.none"))),
                id="job-list"),
        rx.cond(V.can_keep, section(tr("job.new"), _add_form(), id="job-new")),
        gap="space-24",
    )


def job_search_page() -> rx.Component:
    return plan_subpage(tr("job.title_page"), S.screen, V.mode, _content)
