"""'/plan/[plan_id]/vedtak': the decisions of the plan, the letter PDF, and the klage."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.assessment.parts import boxed
from ip_app.decisions.state import DecisionState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, plan_subpage
from ip_app.plan.parts import section

S = DecisionState
V = DecisionState.view
E = DecisionState.errors


def _fact(label: Any, value: Any) -> rx.Component:
    return rx.cond(value != "", rx.fragment(
        rx.el.dt(ak.Label.create(label, as_="span", size="small")),
        rx.el.dd(ak.BodyLong.create(value, class_name="pre-line")),
    ))


def _klage_form(v: Any) -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            rx.el.input(type="hidden", name="vedtak_id", value=v.id.to_string()),
            ak.Textarea.create(label=tr("klage.text"), description=tr("klage.text_hint"),
                               name="text", max_length=5000, min_rows=4,
                               error=E.get("text", "")),
            rx.cond(v.late, ak.Textarea.create(
                label=tr("klage.late_reason"), description=tr("klage.late_hint"),
                name="late_reason", max_length=5000, min_rows=2,
                error=E.get("late_reason", ""))),
            ak.HStack.create(
                ak.Button.create(tr("klage.send"), type="submit"),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=S.close_forms),
                gap="space-8",
            ),
            gap="space-12", align="stretch",
        ),
        on_submit=S.send_klage, key=S.form_key.to_string(),
    )


def _vedtak(v: Any) -> rx.Component:
    return boxed(
        ak.Heading.create(v.title, level="3", size="small"),
        ak.Tag.create(v.status, variant="moderate", size="small",
                      data_color=rx.cond(v.is_draft, "warning",
                                         rx.cond(v.replaced, "neutral", "success"))),
        rx.el.dl(
            _fact(tr("vedtak.what"), v.decision),
            _fact(tr("vedtak.why"), v.reasons),
            _fact(tr("vedtak.laws"), v.laws),
            _fact(tr("vedtak.who"), v.who),
            _fact(tr("vedtak.appeal_heading"), v.appeal),
            class_name="facts",
        ),
        rx.cond(v.pdf_href != "", ak.Link.create(tr("vedtak.pdf"), href=v.pdf_href,
                                                 is_external=True)),
        rx.cond(v.can_send, ak.Button.create(
            tr("vedtak.send"), on_click=S.send_vedtak(v.id), size="small")),
        rx.cond(v.can_appeal, rx.cond(
            S.klage_for == v.id, _klage_form(v),
            ak.Button.create(tr("klage.open"), variant="secondary", size="small",
                             on_click=S.open_klage(v.id)))),
    )


def _step_form(k: Any) -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            rx.el.input(type="hidden", name="klage_id", value=k.id.to_string()),
            rx.el.input(type="hidden", name="status", value=k.next_status),
            ak.Textarea.create(label=tr("klage.note"), description=tr("klage.note_hint"),
                               name="note", max_length=5000, min_rows=2,
                               error=E.get("note", "")),
            ak.HStack.create(
                ak.Button.create(k.next_label, type="submit"),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=S.close_forms),
                gap="space-8",
            ),
            gap="space-12", align="stretch",
        ),
        on_submit=S.move_klage, key=S.form_key.to_string(),
    )


def _klage(k: Any) -> rx.Component:
    return boxed(
        ak.Heading.create(k.about, level="3", size="xsmall"),
        ak.Tag.create(k.status, variant="moderate", size="small", data_color="info"),
        ak.Detail.create(k.sent),
        ak.BodyLong.create(k.text, class_name="pre-line"),
        rx.cond(k.late_reason != "", ak.BodyLong.create(
            rx.el.strong(tr("klage.late_reason_was")), " ", k.late_reason,
            class_name="pre-line", size="small")),
        rx.cond(k.steps.length() > 0, rx.el.ul(
            rx.foreach(k.steps, lambda st: rx.el.li(ak.BodyShort.create(st, size="small"))))),
        rx.cond(k.next_status != "", rx.cond(
            S.step_for == k.id, _step_form(k),
            ak.Button.create(k.next_label, variant="secondary", size="small",
                             on_click=S.open_step(k.id)))),
    )


def _draft_form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            ak.BodyShort.create(tr("vedtak.draft_intro")),
            rx.cond(V.ip_check != "", ak.Alert.create(V.ip_check, variant="info",
                                                      size="small")),
            ak.Select.create(
                rx.el.option(tr("assessment.choose"), value=""),
                rx.foreach(V.kind_options, lambda o: rx.el.option(o.label, value=o.value)),
                label=tr("vedtak.kind_label"), name="kind", error=E.get("kind", ""),
                default_value=V.prefill_kind,
            ),
            ak.Textarea.create(label=tr("vedtak.what"), description=tr("vedtak.what_hint"),
                               name="decision", max_length=5000, min_rows=3,
                               default_value=V.prefill_decision,
                               error=E.get("decision", "")),
            ak.Textarea.create(label=tr("vedtak.why"), description=tr("vedtak.why_hint"),
                               name="reasons", max_length=5000, min_rows=3,
                               default_value=V.prefill_reasons,
                               error=E.get("reasons", "")),
            ak.Button.create(tr("vedtak.save_draft"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=S.save_draft, key=S.form_key.to_string() + "-draft-" + V.prefill_kind,
    )


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("assessment.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(rx.cond(V.mode == "person", tr("vedtak.title"),
                                      tr("vedtak.title_staff")), level="1", size="large"),
            rx.cond(V.mode == "staff", ak.BodyShort.create(
                tr("assessment.plan_of"), " ", V.person_name)),
            gap="space-4",
        ),
        rx.cond(V.mode == "person", ak.BodyLong.create(tr("vedtak.intro"))),
        live_messages(S.notice, S.error),
        section(tr("vedtak.list"),
                rx.cond(V.vedtak.length() > 0,
                        rx.el.ul(rx.foreach(V.vedtak, _vedtak), class_name="plain-list"),
                        ak.BodyShort.create(tr("vedtak.none"))),
                id="vedtak-list"),
        section(tr("klage.list"),
                rx.cond(V.klager.length() > 0,
                        rx.el.ul(rx.foreach(V.klager, _klage), class_name="plain-list"),
                        ak.BodyShort.create(tr("klage.none"))),
                id="klage-list"),
        rx.cond(V.can_decide, section(tr("vedtak.new"), _draft_form(), id="vedtak-new")),
        gap="space-24",
    )


def decisions_page() -> rx.Component:
    return plan_subpage(tr("vedtak.title"), S.screen, V.mode, _content)
