"""'/plan/[plan_id]/vurdering': NAV's § 14 a assessment, its versions and the person's view."""

from __future__ import annotations

import reflex as rx

from ip_app.assessment.parts import assessment_version, boxed, own_view_form, view_row, write_form
from ip_app.assessment.state import AssessmentState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section

V = AssessmentState.view
E = AssessmentState.errors


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(rx.cond(V.mode == "person", tr("assessment.title"),
                                      tr("assessment.title_staff")), level="1", size="large"),
            rx.cond(V.mode == "staff", ak.BodyShort.create(
                tr("assessment.plan_of"), " ", V.person_name)),
            gap="space-4",
        ),
        live_messages(AssessmentState.notice, AssessmentState.error),
        rx.cond(V.mode == "not_applicable",
                ak.BodyShort.create(tr("assessment.not_applicable")),
                ak.VStack.create(
                    rx.cond(V.mode == "person", ak.BodyLong.create(tr("assessment.intro"))),
                    section(tr("assessment.current"),
                            rx.cond(V.has_current, assessment_version(V.current),
                                    ak.BodyShort.create(tr("assessment.none"))),
                            id="current-assessment"),
                    section(rx.cond(V.mode == "person", tr("assessment.views"),
                                    tr("assessment.views_staff")),
                            rx.cond(V.views.length() > 0,
                                    rx.el.ul(rx.foreach(V.views, view_row), class_name="plain-list"),
                                    ak.BodyShort.create(tr("assessment.views_none"))),
                            rx.cond(V.can_add_view, ak.VStack.create(
                                ak.Heading.create(tr("assessment.own_heading"), level="3",
                                                  size="small"),
                                own_view_form(E, AssessmentState.save_own_view,
                                              AssessmentState.form_key.to_string()),
                                gap="space-8")),
                            id="own-views"),
                    rx.cond(V.can_write, section(
                        tr("assessment.write_heading"),
                        write_form(V, E, AssessmentState.save_assessment,
                                   AssessmentState.form_key.to_string() + "-"
                                   + V.nav_version.to_string()),
                        id="write-assessment")),
                    section(tr("assessment.earlier"),
                            rx.cond(V.earlier.length() > 0,
                                    rx.el.ol(rx.foreach(V.earlier, lambda a: boxed(
                                        ak.Heading.create(tr("assessment.version", n=a.version),
                                                          level="3", size="xsmall"),
                                        assessment_version(a))), class_name="plain-list",
                                        reversed=True),
                                    ak.BodyShort.create(tr("assessment.earlier_none"))),
                            id="earlier-assessments"),
                    gap="space-24",
                )),
        gap="space-24",
    )


def assessment_page() -> rx.Component:
    # while loading too, the page's one h1 says where you are
    loading = titled(tr("assessment.title"),
                     ak.BodyShort.create(tr("common.loading"), role="status"))
    denied = titled(tr("assessment.title"), ak.Alert.create(tr("plan.denied"), variant="warning"))
    return shell(rx.match(
        AssessmentState.screen,
        ("denied", denied),
        ("page", rx.match(
            V.mode,
            ("person", _content()),
            ("staff", _content()),
            ("not_applicable", _content()),
            ("denied", denied),
            ("ended", titled(tr("assessment.title"),
                             ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", titled(tr("assessment.title"),
                             ak.Alert.create(tr("plan.load_error"), variant="error"))),
            loading,
        )),
        loading,
    ))
