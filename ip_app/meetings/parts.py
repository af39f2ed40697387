"""'Møter' on the plan page: upcoming meetings first, past ones behind a disclosure, and
the dialog staff use to schedule ("Nytt møte"), move or cancel a meeting."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.plan.parts import section


def _history(rows: Any) -> rx.Component:
    return rx.cond(rows.length() > 0, rx.el.details(
        rx.el.summary(tr("meeting.history")),
        rx.el.ol(
            rx.foreach(rows, lambda h: rx.el.li(
                ak.BodyShort.create(h.text, size="small"),
                ak.Detail.create(h.when),
                rx.cond(h.reason != "", ak.Detail.create(
                    tr("measure.reason_was"), " ", h.reason, class_name="pre-line")),
            )),
            class_name="history-list", reversed=True,
        ),
        class_name="history",
    ))


def meeting_item(m: Any, state: Any) -> rx.Component:
    """One meeting as a list item: what, when, where, who; cancelled ones say so."""
    item = rx.el.li(ak.Box.create(
        rx.el.article(ak.VStack.create(
            ak.Heading.create(m.title, level="3", size="xsmall",
                              class_name=rx.cond(m.cancelled, "meeting-cancelled", "")),
            rx.cond(m.status_label != "", ak.HStack.create(ak.Tag.create(
                m.status_label, variant="moderate", size="xsmall",
                data_color=rx.cond(m.cancelled, "danger", "warning")))),
            ak.BodyShort.create(m.when, weight="semibold"),
            ak.BodyShort.create(m.place),
            rx.cond(m.link != "", ak.Link.create(tr("meeting.join"), href=m.link,
                                                 custom_attrs={"rel": "noopener noreferrer"})),
            rx.cond(m.agenda != "", ak.BodyLong.create(m.agenda, class_name="pre-line",
                                                       size="small")),
            rx.cond(m.invited != "", ak.Detail.create(m.invited)),
            ak.Detail.create(m.created_by),
            rx.cond((m.minutes_discussed != "") | (m.minutes_agreed != ""), ak.Box.create(
                ak.BodyShort.create(tr("minutes.title"), weight="semibold", size="small"),
                rx.el.dl(
                    rx.cond(m.minutes_discussed != "", rx.fragment(
                        rx.el.dt(ak.Label.create(tr("minutes.discussed"), as_="span",
                                                 size="small")),
                        rx.el.dd(ak.BodyLong.create(m.minutes_discussed, size="small",
                                                    class_name="pre-line")))),
                    rx.cond(m.minutes_agreed != "", rx.fragment(
                        rx.el.dt(ak.Label.create(tr("minutes.agreed"), as_="span",
                                                 size="small")),
                        rx.el.dd(ak.BodyLong.create(m.minutes_agreed, size="small",
                                                    class_name="pre-line")))),
                    class_name="facts",
                ),
                padding="space-8", background="neutral-soft", border_radius="8",
                class_name="meeting-minutes",
            )),
            rx.cond(m.minutes_href != "", ak.Link.create(tr("minutes.link"), href=m.minutes_href,
                                                         class_name="no-print")),
            _history(m.history),
            rx.cond(m.can_change, ak.HStack.create(
                ak.Button.create(tr("meeting.move"), variant="secondary", size="small",
                                 type="button", on_click=state.open_move(m.id)),
                ak.Button.create(tr("meeting.cancel"), variant="tertiary", size="small",
                                 type="button", on_click=state.open_cancel(m.id)),
                gap="space-8", wrap=True, class_name="no-print")),
            gap="space-4",
        ), aria_label=m.title),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))
    item.key = m.id
    return item


def meetings_block(page: Any, state: Any) -> rx.Component:
    return section(
        tr("meeting.section"),
        rx.cond(page.can_schedule, ak.HStack.create(ak.Button.create(
            tr("meeting.new"), variant="primary", size="small", type="button",
            on_click=state.open_new), class_name="no-print")),
        rx.cond(page.meetings.length() > 0,
                rx.el.ul(rx.foreach(page.meetings, lambda m: meeting_item(m, state)),
                         class_name="plain-list", aria_label=tr("meeting.upcoming")),
                ak.BodyShort.create(tr("meeting.none_upcoming"))),
        rx.cond(page.past_meetings.length() > 0, rx.el.details(
            rx.el.summary(tr("meeting.past"), " (", page.past_meetings.length().to_string(), ")"),
            rx.el.ul(rx.foreach(page.past_meetings, lambda m: meeting_item(m, state)),
                     class_name="plain-list"),
            class_name="history",
        )),
        id="meetings",
    )


def _select(label: Any, name: str, value: Any, options: Any, error: Any) -> rx.Component:
    return ak.Select.create(
        rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
        label=label, name=name, default_value=value, error=error,
    )


def _time_fields(f: Any, err: Any) -> rx.Component:
    return rx.fragment(
        ak.TextField.create(label=tr("meeting.day"), name="day", type="date",
                            default_value=f.day, error=err.get("day", "")),
        ak.TextField.create(label=tr("meeting.time"), name="at", type="time",
                            default_value=f.at, error=err.get("at", ""),
                            description=tr("meeting.time_hint")),
        _select(tr("meeting.length"), "minutes", f.minutes, f.length_options,
                err.get("minutes", "")),
        _select(tr("meeting.place_kind"), "place_kind", f.place_kind, f.place_options,
                err.get("place_kind", "")),
        ak.TextField.create(label=tr("meeting.place"), name="place", default_value=f.place,
                            description=tr("meeting.place_hint"), max_length=200,
                            error=err.get("place", "")),
        ak.TextField.create(label=tr("meeting.link"), name="link", default_value=f.link,
                            description=tr("meeting.link_hint"), max_length=500, type="url",
                            error=err.get("link", "")),
    )


def meeting_modal(state: Any) -> rx.Component:
    f = state.form
    err = state.errors
    new_fields = rx.fragment(
        ak.TextField.create(label=tr("meeting.topic"), name="topic", default_value=f.topic,
                            max_length=200, error=err.get("topic", "")),
        _time_fields(f, err),
        ak.Textarea.create(label=tr("meeting.agenda"), name="agenda", default_value=f.agenda,
                           max_length=2000, min_rows=2, error=err.get("agenda", "")),
        ak.Fieldset.create(
            rx.foreach(f.invitee_options, lambda o: ak.Checkbox.create(
                o.label, name="invitee_" + o.value, default_checked=f.invited.contains(o.value))),
            legend=tr("meeting.invitees"), description=tr("meeting.invitees_hint"),
            error=err.get("invitees", ""),
        ),
    )
    reason = ak.Textarea.create(label=tr("meeting.reason"), name="reason",
                                default_value=f.reason, max_length=500, min_rows=2,
                                description=tr("measure.reason_optional_hint"),
                                error=err.get("reason", ""))
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                rx.cond(state.conflict != "", ak.Alert.create(state.conflict, variant="warning",
                                                              size="small")),
                rx.cond(err.contains("_form"), ak.Alert.create(err["_form"], variant="error",
                                                               size="small")),
                rx.cond(f.mode != "new", ak.VStack.create(
                    ak.BodyShort.create(f.title, weight="semibold"),
                    ak.BodyShort.create(f.when),
                    gap="space-4")),
                rx.match(
                    f.mode,
                    ("move", rx.fragment(_time_fields(f, err), reason)),
                    ("cancel", rx.fragment(ak.BodyShort.create(tr("meeting.cancel_explained")),
                                           reason)),
                    new_fields,
                ),
                gap="space-16",
                key=f.key,
            )),
            ak.ModalFooter.create(
                ak.Button.create(rx.match(f.mode, ("move", tr("meeting.save_move")),
                                          ("cancel", tr("meeting.confirm_cancel")),
                                          tr("meeting.save_new")),
                                 type="submit",
                                 variant=rx.cond(f.mode == "cancel", "danger", "primary")),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=state.close),
            ),
            on_submit=state.save,
        ),
        open=state.is_open, on_close=state.close,
        header={"heading": rx.match(f.mode, ("move", tr("meeting.heading_move")),
                                    ("cancel", tr("meeting.heading_cancel")),
                                    tr("meeting.heading_new"))},
        width="medium",
    )
