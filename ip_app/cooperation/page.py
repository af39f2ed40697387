"""'/samarbeidsavtale': who does what between the NAV office and the municipality."""

from __future__ import annotations

import reflex as rx

from ip_app.cooperation.state import CooperationState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.plan.parts import section

V = CooperationState.view


def _option(o) -> rx.Component:
    return rx.el.option(o.label, value=o.value)


def _edit_line(ln) -> rx.Component:
    return rx.el.li(rx.el.fieldset(
        rx.el.legend(ak.Label.create(ln.name, as_="span")),
        ak.VStack.create(
            ak.Select.create(rx.foreach(V.party_options, _option), label=tr("coop.responsible"),
                             name=ln.party_field, default_value=ln.party, error=ln.party_error,
                             size="small"),
            ak.TextField.create(label=tr("coop.note"), name=ln.note_field, default_value=ln.note,
                                error=ln.note_error, size="small", auto_complete="off"),
            gap="space-8",
        ),
        class_name="plain-fieldset coop-line",
    ))


def _read_line(ln) -> rx.Component:
    return rx.el.li(ak.VStack.create(
        ak.Label.create(ln.name, as_="span", size="small"),
        ak.BodyShort.create(ln.party_label),
        rx.cond(ln.note != "", ak.Detail.create(ln.note)),
        gap="space-2",
    ))


def _form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            rx.el.ul(rx.foreach(V.lines, _edit_line), class_name="plain-list coop-lines"),
            ak.Textarea.create(label=tr("coop.reason"), name="reason", max_length=500,
                               min_rows=2, error=CooperationState.errors.get("reason", "")),
            ak.Button.create(tr("coop.save"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=CooperationState.save,
        key=CooperationState.form_key.to_string(),
        aria_label=tr("coop.current_heading"),
    )


def _version(v) -> rx.Component:
    return rx.el.li(rx.el.details(
        rx.el.summary(v.title, " – ", v.saved),
        ak.VStack.create(
            rx.cond(v.reason != "", ak.BodyShort.create(tr("coop.reason_was"), " ", v.reason,
                                                        class_name="pre-line")),
            rx.cond(v.changed != "", ak.Detail.create(v.changed)),
            rx.el.ul(rx.foreach(v.lines, _read_line), class_name="plain-list"),
            gap="space-8",
        ),
        class_name="history",
    ))


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("coop.back"), href="/"),
        ak.Heading.create(tr("coop.title"), level="1", size="large"),
        ak.BodyShort.create(tr("coop.intro")),
        live_messages(CooperationState.notice, CooperationState.error),
        rx.cond(V.counterpart_options.length() > 1, ak.Select.create(
            rx.foreach(V.counterpart_options, _option), label=tr("coop.counterpart"),
            value=V.counterpart, on_change=CooperationState.set_counterpart)),
        ak.BodyShort.create(V.parties, weight="semibold"),
        ak.BodyShort.create(V.status, id="coop-status"),
        section(
            tr("coop.current_heading"),
            rx.cond(V.can_edit, _form(), rx.fragment(
                ak.BodyShort.create(tr("coop.read_only")),
                rx.el.ul(rx.foreach(V.lines, lambda ln: _read_line(ln)),
                         class_name="plain-list"),
            )),
            id="coop-current",
        ),
        rx.cond(V.history.length() > 0, section(
            tr("coop.history"),
            rx.el.ol(rx.foreach(V.history, _version), class_name="plain-list"),
            id="coop-history",
        )),
        gap="space-16",
    )


def cooperation_page() -> rx.Component:
    title = tr("coop.title")
    loading = titled(title, ak.BodyShort.create(tr("common.loading"), role="status"))
    return shell(rx.match(
        V.mode,
        ("page", _content()),
        ("denied", titled(title, ak.Alert.create(tr("coop.denied"), variant="warning"))),
        ("no_party", titled(title, ak.Alert.create(tr("coop.no_party"), variant="info"))),
        loading,
    ), title=title)
