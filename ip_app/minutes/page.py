"""'/plan/[plan_id]/mote/[meeting_id]/referat': the referat of a held meeting. The
koordinator or NAV-veileder who held it writes it (every earlier text kept); the person
reads it, confirms "Jeg har lest referatet" or comments."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages, shell, titled
from ip_app.minutes.state import MinutesState as M
from ip_app.plan.parts import section

V = M.view
E = M.errors


def _fact(label, value) -> rx.Component:
    return rx.cond(value != "", rx.fragment(
        rx.el.dt(ak.Label.create(label, as_="span", size="small")),
        rx.el.dd(ak.BodyLong.create(value, class_name="pre-line")),
    ))


def _text(x) -> rx.Component:
    return ak.VStack.create(
        rx.el.dl(
            _fact(tr("minutes.attendees"), x.attendees),
            _fact(tr("minutes.discussed"), x.discussed),
            _fact(tr("minutes.agreed"), x.agreed),
            class_name="facts",
        ),
        ak.Detail.create(x.written),
        gap="space-8",
    )


def _current() -> rx.Component:
    return section(
        tr("minutes.heading"),
        rx.cond(V.current.version > 0, _text(V.current),
                ak.BodyShort.create(tr("minutes.none"))),
        _made(),
        rx.cond(V.earlier.length() > 0, rx.el.details(
            rx.el.summary(tr("minutes.earlier")),
            rx.el.ol(rx.foreach(V.earlier, lambda x: rx.el.li(_text(x))),
                     class_name="history-list"),
            class_name="history",
        )),
        id="minutes",
    )


def _new_row(row) -> rx.Component:
    """One new tiltak: title, who is responsible, from and to (all empty: none made)."""
    name = "new_" + row.to_string() + "_"

    def err(field: str):
        return E.get(name + field, "")

    return ak.Fieldset.create(
        ak.TextField.create(label=tr("minutes.new_title"), name=name + "title", max_length=200,
                            error=err("title"), size="small"),
        ak.Select.create(
            rx.el.option(tr("minutes.new_nobody"), value=""),
            rx.foreach(V.responsible_options, lambda o: rx.el.option(o.label, value=o.value)),
            label=tr("minutes.new_responsible"), name=name + "responsible", size="small",
            error=err("responsible")),
        ak.HStack.create(
            ak.TextField.create(label=tr("add.start"), name=name + "start_date", type="date",
                                error=err("start_date"), size="small",
                                class_name="ring-within"),
            ak.TextField.create(label=tr("add.end"), name=name + "end_date", type="date",
                                error=err("end_date"), size="small", class_name="ring-within"),
            gap="space-16", wrap=True),
        legend=tr("minutes.new_legend", n=row), size="small",
    )


def _measure_rows(key: str, rows, row) -> rx.Component:
    """A group of tiltak rows in the referat form: its heading, a hint, the rows."""
    return rx.el.div(
        ak.VStack.create(
            ak.Heading.create(tr(f"minutes.{key}_heading"), level="3", size="xsmall"),
            ak.BodyShort.create(tr(f"minutes.{key}_hint"), size="small"),
            rx.foreach(rows, row),
            gap="space-12",
        ),
        class_name="new-measures",
    )


def _new_measures() -> rx.Component:
    """"Nye tiltak fra møtet": made with the same save, linked to the meeting."""
    return _measure_rows("new", V.new_rows, _new_row)


def _change_row(row) -> rx.Component:
    """One existing tiltak to move: which, to what status, and why (when the rules ask)."""
    name = "chg_" + row.to_string() + "_"

    def err(field: str):
        return E.get(name + field, "")

    return ak.Fieldset.create(
        ak.Select.create(
            rx.el.option(tr("minutes.change_pick"), value=""),
            rx.foreach(V.change_options, lambda o: rx.el.option(o.label, value=o.value)),
            label=tr("minutes.change_measure"), name=name + "measure", size="small",
            error=err("measure")),
        ak.Select.create(
            rx.el.option(tr("minutes.change_status_pick"), value=""),
            rx.foreach(V.status_options, lambda o: rx.el.option(o.label, value=o.value)),
            label=tr("minutes.change_status"), name=name + "status", size="small",
            error=err("status")),
        ak.TextField.create(label=tr("measure.reason"), name=name + "reason", max_length=500,
                            description=tr("measure.reason_required_hint"),
                            error=err("reason"), size="small"),
        legend=tr("minutes.change_legend", n=row), size="small",
    )


def _change_measures() -> rx.Component:
    """"Endre status på tiltak": saved with the referat, or nothing is saved."""
    return rx.cond(V.change_rows.length() > 0,
                   _measure_rows("change", V.change_rows, _change_row))


def _made() -> rx.Component:
    return rx.cond(V.measures.length() > 0, ak.VStack.create(
        ak.Heading.create(tr("minutes.made_heading"), level="3", size="xsmall"),
        rx.el.ul(rx.foreach(V.measures, lambda x: rx.el.li(
            ak.BodyShort.create(x.title, " (", x.status, ")", size="small"))),
            class_name="scope-list", aria_label=tr("minutes.made_heading")),
        gap="space-4",
    ))


def _form() -> rx.Component:
    return section(
        rx.cond(V.current.version > 0, tr("minutes.edit"), tr("minutes.write")),
        rx.cond(M.conflict != "", rx.el.div(
            ak.Alert.create(M.conflict, variant="warning", size="small"),
            role="alert", id="minutes-conflict", tab_index=-1)),
        rx.el.form(
            ak.VStack.create(
                ak.Textarea.create(label=tr("minutes.attendees"), name="attendees",
                                   description=tr("minutes.attendees_hint"), max_length=1000,
                                   min_rows=2, default_value=V.current.attendees,
                                   error=E.get("attendees", "")),
                ak.Textarea.create(label=tr("minutes.discussed"), name="discussed",
                                   max_length=5000, min_rows=4,
                                   default_value=V.current.discussed,
                                   error=E.get("discussed", "")),
                ak.Textarea.create(label=tr("minutes.agreed"), name="agreed", max_length=5000,
                                   min_rows=3, default_value=V.current.agreed,
                                   error=E.get("agreed", "")),
                _new_measures(),
                _change_measures(),
                rx.cond(E.get("_form", "") != "", ak.Alert.create(
                    E.get("_form", ""), variant="error", size="small")),
                ak.Button.create(tr("minutes.save"), type="submit"),
                gap="space-16", align="stretch",
            ),
            on_submit=M.save,
            key=M.form_key.to_string(),
        ),
        id="write-minutes",
    )


def _answers() -> rx.Component:
    return rx.cond(V.answers.length() > 0, section(
        tr("minutes.answers"),
        rx.el.ul(rx.foreach(V.answers, lambda a: rx.el.li(ak.VStack.create(
            ak.BodyShort.create(a.text, size="small"),
            rx.cond(a.comment != "", ak.BodyLong.create(a.comment, class_name="pre-line")),
            ak.Detail.create(a.when),
            gap="space-4"))), class_name="plain-list"),
        id="minutes-answers",
    ))


def _respond() -> rx.Component:
    CE = M.comment_errors
    return rx.cond(V.can_respond & (V.current.version > 0), section(
        tr("minutes.your_answer"),
        rx.cond(V.confirmed,
                ak.BodyShort.create(tr("minutes.you_confirmed")),
                ak.HStack.create(ak.Button.create(
                    tr("minutes.confirm"), type="button", variant="secondary",
                    on_click=M.confirm))),
        rx.el.form(
            ak.VStack.create(
                ak.Textarea.create(label=tr("minutes.comment"), name="text", max_length=2000,
                                   min_rows=2, error=CE.get("text", "")),
                ak.Button.create(tr("minutes.send_comment"), type="submit",
                                 variant="secondary"),
                gap="space-12", align="start",
            ),
            on_submit=M.comment,
            key=M.comment_key.to_string(),
        ),
        id="minutes-respond",
    ))


def _content() -> rx.Component:
    return ak.VStack.create(
        ak.Link.create(tr("minutes.back"), href=V.plan_href),
        ak.VStack.create(
            ak.Heading.create(tr("minutes.title"), ": ", V.title, level="1", size="large"),
            ak.BodyShort.create(V.when),
            gap="space-4",
        ),
        live_messages(M.notice, M.error),
        _current(),
        _respond(),
        _answers(),
        rx.cond(V.can_write, _form()),
        gap="space-24",
    )


def minutes_page() -> rx.Component:
    title = tr("minutes.title")
    loading = titled(title, ak.BodyShort.create(tr("common.loading"), role="status"))
    denied = titled(title, ak.Alert.create(tr("plan.denied"), variant="warning"))
    return shell(rx.match(
        M.screen,
        ("denied", denied),
        ("page", rx.match(
            V.mode,
            ("page", _content()),
            # consent withdrawn or removed while the page was open (the live view asks again)
            ("ended", titled(title, ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("denied", denied),
            loading)),
        loading,
    ), title=title)
