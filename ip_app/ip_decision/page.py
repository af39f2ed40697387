"""'/ip-rett/[person_id]': the guided check of the right to an individuell plan."""

from __future__ import annotations

import reflex as rx

from ip_app.ip_decision.state import IpCheckState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section

S = IpCheckState
V = IpCheckState.view
E = IpCheckState.errors


def _question(key: str, legend: str, description: str = "") -> rx.Component:
    return ak.RadioGroup.create(
        ak.Radio.create(tr("common.yes"), value="ja"),
        ak.Radio.create(tr("common.no"), value="nei"),
        legend=legend, description=description, value=getattr(S, key),
        on_change=lambda v: IpCheckState.set_answer(key, v), error=E.get(key, ""),
    )


def _first_question() -> rx.Component:
    return rx.cond(
        V.recorded_ip,
        rx.el.div(ak.VStack.create(
            ak.Label.create(tr("ip.q_has_ip"), as_="p"),
            ak.BodyShort.create(tr("ip.has_ip_recorded")),
            gap="space-4",
        ), id="q-has-ip"),
        _question("has_ip", tr("ip.q_has_ip"), tr("ip.q_has_ip_hint")),
    )


def _form(on_submit) -> rx.Component:  # noqa: ANN001 - the save of the mode
    return section(
        tr("ip.questions"),
        rx.el.form(
            ak.VStack.create(
                _first_question(),
                _question("long_term", tr("ip.q_long_term"), tr("ip.q_long_term_hint")),
                _question("several_providers", tr("ip.q_several"), tr("ip.q_several_hint")),
                rx.el.div(
                    rx.cond(S.outcome_text != "", ak.Alert.create(
                        ak.Heading.create(tr("ip.outcome_heading"), level="3", size="xsmall"),
                        S.outcome_text, variant="info", size="small")),
                    aria_live="polite",
                ),
                ak.Textarea.create(label=tr("ip.reasons"), name="reasons", max_length=2000,
                                   min_rows=3, description=tr("ip.reasons_hint"),
                                   error=E.get("reasons", "")),
                ak.Button.create(tr("ip.save"), type="submit"),
                gap="space-20", align="stretch",
            ),
            on_submit=on_submit,
            key=IpCheckState.form_key.to_string(),
        ),
        id="ip-questions",
    )


def _decisions() -> rx.Component:
    return section(
        tr("ip.earlier"),
        rx.cond(V.decisions.length() > 0, rx.el.ul(
            rx.foreach(V.decisions, lambda d: rx.el.li(ak.Box.create(
                rx.el.article(ak.VStack.create(
                    ak.Heading.create(d.outcome, level="3", size="xsmall"),
                    ak.Detail.create(d.decided),
                    ak.BodyShort.create(d.answers, size="small"),
                    ak.BodyLong.create(rx.el.strong(tr("ip.reasons_was")), " ", d.reasons,
                                       class_name="pre-line", size="small"),
                    gap="space-4",
                )),
                padding="space-12", border_width="1", border_color="neutral-subtle",
                border_radius="8",
            ))),
            class_name="plain-list",
        ), ak.BodyShort.create(tr("ip.none"))),
        id="ip-decisions",
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        rx.cond(S.no_plan, ak.Link.create(tr("ip.back_search"), href="/ny-plan"),
                ak.Link.create(tr("evaluation.back_plan"), href=V.plan_href)),
        ak.VStack.create(
            ak.Heading.create(tr("ip.title"), level="1", size="large"),
            ak.BodyShort.create(tr("ip.for"), " ", V.person_name),
            gap="space-4",
        ),
        ak.BodyLong.create(tr("ip.intro")),
        live_messages(S.notice, S.error),
        rx.cond(S.start_ip_href != "", ak.Button.create(
            tr("ip.start_plan", name=V.person_name), type="button",
            on_click=rx.redirect(S.start_ip_href))),
        rx.cond(S.no_plan, _form(IpCheckState.save_without_plan), _form(IpCheckState.save)),
        _decisions(),
        gap="space-24",
    )


def ip_check_page() -> rx.Component:
    return shell(rx.match(
        S.screen,
        ("page", rx.match(
            V.mode,
            ("page", _content()),
            ("ended", titled(tr("ip.title"),
                             ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("error", titled(tr("ip.title"),
                             ak.Alert.create(tr("plan.load_error"), variant="error"))),
            titled(tr("ip.title"), ak.BodyShort.create(tr("common.loading"), role="status")),
        )),
        ("denied", rx.fragment(
            ak.Link.create(tr("nav.back_caseload"), href="/"),
            titled(tr("ip.title"), ak.Alert.create(tr("ip.denied"), variant="warning")),
        )),
        titled(tr("ip.title"), ak.BodyShort.create(tr("common.loading"), role="status")),
    ),
        title=tr("ip.title"),
    )
