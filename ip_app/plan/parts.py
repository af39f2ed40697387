"""Pieces of the plan page: the goal, progress, a tiltak card, who does what."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.measures.catalogue_parts import what_is_this
from ip_app.progress_notes.parts import notes_block


def section(title: str, *children: rx.Component, id: str) -> rx.Component:
    return rx.el.section(
        ak.VStack.create(
            ak.Heading.create(title, level="2", size="medium", id=f"{id}-heading"),
            *children, gap="space-12",
        ),
        aria_labelledby=f"{id}-heading",
    )


def history_disclosure(rows: Any, summary: str) -> rx.Component:
    """Earlier versions behind a native disclosure (keyboard and screen reader friendly)."""
    return rx.cond(rows.length() > 0, rx.el.details(
        rx.el.summary(summary),
        rx.el.ol(
            rx.foreach(rows, lambda h: rx.el.li(
                ak.BodyShort.create(h.text, size="small", class_name="pre-line"),
                ak.Detail.create(h.when),
                rx.cond(h.reason != "", ak.Detail.create(
                    tr("measure.reason_was"), " ", h.reason, class_name="pre-line")),
            )),
            class_name="history-list", reversed=True,
        ),
        class_name="history",
    ))


def goal_block(page: Any, on_edit: Any) -> rx.Component:
    return rx.el.section(
        ak.Box.create(
            ak.VStack.create(
                ak.Heading.create(page.goal_heading, level="2", size="small", id="goal-heading"),
                rx.el.blockquote(page.main_goal, class_name="goal-quote pre-line"),
                rx.cond(page.can_edit_goals, ak.Button.create(
                    tr("goal.edit"), variant="tertiary", size="small", type="button",
                    on_click=on_edit(page.main_goal_id))),
                history_disclosure(page.main_goal_history, tr("goal.earlier")),
                gap="space-8", align="start",
            ),
            padding="space-16", background="accent-soft", border_radius="12",
        ),
        aria_labelledby="goal-heading",
    )


def progress_block(page: Any, on_edit_goal: Any) -> rx.Component:
    return section(
        tr("plan.progress"),
        ak.BodyShort.create(page.progress_label, id="progress-label", weight="semibold"),
        ak.ProgressBar.create(value=page.progress_done, value_max=page.progress_total,
                              custom_attrs={"aria-labelledby": "progress-label"}),
        rx.el.ul(
            rx.foreach(page.goals, lambda g: rx.el.li(
                ak.BodyShort.create(g.text, weight="semibold", class_name="pre-line"),
                ak.Detail.create(g.progress_label),
                rx.cond(page.can_edit_goals, ak.Button.create(
                    tr("goal.edit_sub"), variant="tertiary", size="xsmall", type="button",
                    on_click=on_edit_goal(g.id))),
                history_disclosure(g.history, tr("goal.earlier")),
            )),
            class_name="plain-list", aria_label=tr("plan.goals"),
        ),
        rx.el.dl(
            rx.cond(page.period != "", rx.fragment(
                rx.el.dt(ak.Label.create(tr("plan.period"), as_="span")),
                rx.el.dd(ak.BodyShort.create(page.period)),
            )),
            rx.el.dt(ak.Label.create(tr("plan.next_evaluation"), as_="span")),
            rx.el.dd(ak.HStack.create(
                ak.BodyShort.create(rx.cond(page.next_evaluation != "", page.next_evaluation,
                                            tr("plan.no_evaluation"))),
                rx.cond(page.evaluation_overdue, ak.Tag.create(
                    tr("plan.evaluation_overdue"), variant="moderate", size="small",
                    data_color="warning")),
                gap="space-8", align="center",
            )),
            class_name="facts",
        ),
        id="progress",
    )


def bases_block(page: Any) -> rx.Component:
    return ak.VStack.create(
        ak.BodyShort.create(tr("plan.bases_intro")),
        ak.HStack.create(
            rx.foreach(page.bases, lambda b: ak.Tag.create(b, variant="outline", size="small",
                                                          data_color="info")),
            gap="space-8", wrap=True,
        ),
        gap="space-8",
    )


def _status_form(card: Any, on_submit: Any, errors: Any = None) -> rx.Component:
    """`errors`: {"measure": id, "field": "status" | "reason", "text": ...}, shown at the
    control of this card's form (which the handler gives focus)."""
    def at(field: str) -> Any:
        if errors is None:
            return ""
        return rx.cond((errors.get("measure", "") == card.id.to_string())
                       & (errors.get("field", "") == field), errors.get("text", ""), "")

    return rx.el.form(
        rx.el.input(type="hidden", name="measure_id", value=card.id.to_string()),
        rx.el.input(type="hidden", name="version", value=card.version.to_string()),
        ak.VStack.create(
            ak.Select.create(
                rx.el.option(tr("measure.choose_status"), value=""),
                rx.foreach(card.options, lambda o: rx.el.option(o.label, value=o.value)),
                label=tr("measure.change_status"), name="status", size="small",
                error=at("status"), id="status-status-" + card.id.to_string(),
            ),
            ak.Textarea.create(
                label=tr("measure.reason"), name="reason", max_length=500, min_rows=2,
                description=rx.cond(card.agreed, tr("measure.reason_required_hint"),
                                    tr("measure.reason_optional_hint")),
                error=at("reason"), id="status-reason-" + card.id.to_string(),
            ),
            ak.Button.create(tr("measure.save_status"), type="submit", size="small",
                             variant="secondary"),
            gap="space-12", align="start",
        ),
        on_submit=on_submit,
    )


def advance_notice_line(card: Any) -> rx.Component:
    """A forhåndsorientering stands apart from ordinary notes: its own box on the card,
    read or not read, with the way to it (advance_notice/page.py)."""
    return rx.cond(
        card.fho_state == "add",
        ak.Link.create(tr("fho.add"), href=card.fho_href, class_name="no-print"),
        rx.cond(card.fho_state != "", ak.Box.create(
            ak.VStack.create(
                ak.Heading.create(tr("fho.title"), level="5", size="xsmall"),
                ak.BodyShort.create(card.fho_label, size="small"),
                ak.Link.create(tr("fho.open"), href=card.fho_href),
                gap="space-4",
            ),
            padding="space-12", border_width="2", border_radius="8",
            border_color=rx.cond(card.fho_state == "unread", "warning", "neutral-subtle"),
            class_name="advance-notice",
        )),
    )


def measure_card(card: Any, on_status: Any, is_open: Any, on_toggle: Any, on_edit: Any,
                 status_errors: Any = None) -> rx.Component:
    """A tiltak as an expandable card. Open/closed lives in the state, so a card stays
    open when a live update moves it to another group."""
    return ak.ExpansionCard.create(
        ak.ExpansionCardHeader.create(
            # h4: the cards sit under their group's h3 ("Gjennomføres", a goal), one level down
            ak.ExpansionCardTitle.create(card.title, size="small", as_="h4"),
            ak.ExpansionCardDescription.create(
                rx.cond(card.responsible != "", rx.el.span(card.responsible, rx.el.br())),
                rx.cond(card.dates != "", rx.el.span(card.dates)),
            ),
            ak.HStack.create(
                ak.Tag.create(card.status_label, variant="moderate", size="small",
                              data_color=card.status_color),
                rx.cond(card.plan_tag != "", ak.Tag.create(
                    card.plan_tag, variant="outline", size="small",
                    data_color=card.plan_tag_color)),
                rx.cond(card.agreed, ak.Tag.create(
                    ak.PadlockIcon.create(aria_hidden="true"),
                    tr("measure.agreed"), variant="outline", size="small",
                    data_color="neutral")),
                rx.cond(card.fho_state == "unread", ak.Tag.create(
                    tr("fho.tag_unread"), variant="strong", size="small", data_color="warning")),
                gap="space-8", wrap=True, class_name="card-tags",
            ),
        ),
        ak.ExpansionCardContent.create(
            ak.VStack.create(
                rx.cond(card.description != "", ak.BodyLong.create(card.description,
                                                                   class_name="pre-line")),
                what_is_this(card),
                rx.cond(card.extent != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.extent")), " ", card.extent)),
                rx.cond(card.hours != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.hours")), " ", card.hours)),
                rx.cond(card.how != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.how")), " ", card.how, class_name="pre-line")),
                rx.cond(card.goal != "", ak.BodyShort.create(
                    rx.el.strong(tr("measure.goal")), " ", card.goal)),
                rx.cond(card.locked, ak.Alert.create(
                    tr("measure.locked_explained"), variant="info", size="small", inline=True)),
                advance_notice_line(card),
                notes_block(card, history_disclosure),
                rx.cond(card.can_change, _status_form(card, on_status, status_errors)),
                rx.cond(card.can_edit, ak.Button.create(
                    tr("measure.edit"), variant="tertiary", size="small", type="button",
                    on_click=on_edit)),
                rx.cond(card.write_href != "", ak.HStack.create(
                    rx.cond(card.thread_href != "", ak.Link.create(
                        tr("dialog.card_thread"), href=card.thread_href)),
                    ak.Link.create(tr("dialog.write_about"), href=card.write_href),
                    gap="space-16", wrap=True, class_name="no-print")),
                ak.Heading.create(tr("measure.history"), level="5", size="xsmall"),
                rx.el.ol(
                    rx.foreach(card.history, lambda h: rx.el.li(
                        ak.BodyShort.create(h.text, size="small"),
                        ak.Detail.create(h.when),
                        rx.cond(h.earlier != "", rx.el.details(
                            rx.el.summary(tr("measure.earlier_text")),
                            ak.BodyShort.create(h.earlier, size="small", class_name="pre-line"),
                            class_name="history")),
                        rx.cond(h.reason != "", ak.Detail.create(
                            tr("measure.reason_was"), " ", h.reason, class_name="pre-line")),
                    )),
                    class_name="history-list", reversed=True,
                ),
                gap="space-12",
            ),
        ),
        aria_label=card.title,
        size="small",
        open=is_open,
        on_toggle=on_toggle,
    )


def _person(p: Any, on_edit: Any) -> rx.Component:
    """One participant: who, their part in the plan, and (if the viewer may) "Endre"."""
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.HStack.create(
                ak.BodyShort.create(p.name, weight="semibold"),
                rx.cond(p.is_coordinator, ak.Tag.create(
                    tr("plan.coordinator"), variant="moderate", size="xsmall",
                    data_color="accent")),
                rx.cond(p.team_part != "", ak.Tag.create(
                    p.team_part, variant="outline", size="xsmall", data_color="meta-purple")),
                gap="space-8", align="center", wrap=True,
            ),
            ak.Detail.create(p.role_label, rx.cond(p.organisation != "",
                                                   rx.fragment(", ", p.organisation))),
            rx.cond(p.contribution != "", ak.BodyShort.create(p.contribution,
                                                              class_name="pre-line")),
            rx.cond(p.contact != "", ak.Detail.create(p.contact)),
            # "Endre", named in full for screen readers ("Endre hva Siri Dahl gjør")
            rx.cond(p.can_edit, ak.Button.create(
                tr("contrib.edit"), variant="tertiary", size="xsmall", type="button",
                on_click=on_edit(p.id), class_name="no-print",
                custom_attrs={"aria-label": p.edit_label})),
            history_disclosure(p.history, tr("contrib.earlier")),
            gap="space-4", align="start",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle",
        border_radius="8",
    ), key=p.id)


def people_block(page: Any, on_edit: Any) -> rx.Component:
    """Hvem gjør hva. With IPS, the IPS team (the person, jobbspesialist, behandler and
    NAV) comes first as one group, each with their part; then everyone else."""
    def team_list() -> rx.Component:
        return rx.el.ul(
            rx.foreach(page.people, lambda p: rx.cond(p.team_part != "", _person(p, on_edit))),
            class_name="plain-list", aria_labelledby="ips-team-heading",
        )

    def others_list(labelled: bool) -> rx.Component:
        return rx.el.ul(
            rx.foreach(page.people, lambda p: rx.cond(p.team_part == "", _person(p, on_edit))),
            class_name="plain-list",
            **({"aria_labelledby": "ips-others-heading"} if labelled else {}),
        )

    return section(
        tr("plan.who_does_what"),
        rx.cond(
            page.has_ips_team,
            rx.fragment(
                rx.el.section(
                    ak.VStack.create(
                        ak.Heading.create(tr("ips.team"), level="3", size="small",
                                          id="ips-team-heading"),
                        ak.BodyShort.create(tr("ips.team_intro"), size="small"),
                        team_list(),
                        gap="space-8",
                    ),
                    aria_labelledby="ips-team-heading",
                ),
                rx.cond(page.has_others, rx.el.section(
                    ak.VStack.create(
                        ak.Heading.create(tr("ips.others"), level="3", size="small",
                                          id="ips-others-heading"),
                        others_list(True),
                        gap="space-8",
                    ),
                    aria_labelledby="ips-others-heading",
                )),
            ),
            others_list(False),
        ),
        id="people",
    )


def items_block(page: Any) -> rx.Component:
    return rx.cond(page.plan_items.length() > 0, section(
        tr("plan.resources_needs"),
        rx.el.ul(
            rx.foreach(page.plan_items, lambda i: rx.el.li(
                ak.Detail.create(i.kind), ak.BodyShort.create(i.text, class_name="pre-line"))),
            class_name="plain-list",
        ),
        id="items",
    ))


def dialog_link(page: Any) -> rx.Component:
    """'Meldinger', with the number of unread messages, at the top of the plan."""
    return rx.cond(page.dialog_href != "", rx.el.nav(
        ak.HStack.create(
            ak.Link.create(tr("dialog.nav_link"), href=page.dialog_href),
            rx.cond(page.unread > 0, ak.Tag.create(
                rx.cond(page.unread == 1, tr("dialog.unread_one"),
                        tr("dialog.unread_n", n=page.unread)),
                variant="strong", size="xsmall", data_color="info")),
            gap="space-8", align="center",
        ),
        aria_label=tr("dialog.title"), class_name="no-print",
    ))


def export_block(page: Any) -> rx.Component:
    """'Skriv ut og kalender': a plain GET form (works without the app's script) for the
    print page or the PDF, for a chosen period, with or without the conversations."""
    def date_field(label_key: str, name: str) -> rx.Component:
        return ak.TextField.create(label=tr(label_key), name=name, type="date", size="small",
                                   class_name="ring-within")

    return section(
        tr("print.section"),
        ak.VStack.create(
            ak.PostForm.create(
                ak.VStack.create(
                    ak.HStack.create(date_field("print.from", "fra"), date_field("print.to", "til"),
                                     gap="space-16", wrap=True),
                    ak.Checkbox.create(tr("print.with_dialog"), name="dialog", value="1",
                                       size="small", class_name="ring-within"),
                    ak.HStack.create(
                        ak.Button.create(tr("print.download_pdf"), type="submit", size="small",
                                         variant="secondary",
                                         custom_attrs={"formAction": page.export_base + "/utskrift.pdf"}),
                        ak.Button.create(tr("print.print_page"), type="submit", size="small",
                                         variant="secondary",
                                         custom_attrs={"formAction": page.export_base + "/utskrift"}),
                        gap="space-8", wrap=True),
                    gap="space-12", align="start",
                ),
                method="get", action=page.export_base + "/utskrift.pdf",
            ),
            ak.Link.create(tr("print.calendar"), href=page.export_base + "/kalender.ics"),
            gap="space-16",
        ),
        id="export",
    )
