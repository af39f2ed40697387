"""Pieces of consent: request cards (Godkjenn / Avslå / færre), who sees my plan, receipts."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.consent.state import ConsentState
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import live_messages

C = ConsentState.consents


def _hidden(card: Any) -> rx.Component:
    return rx.fragment(
        rx.el.input(type="hidden", name="consent_id", value=card.id.to_string()),
        rx.el.input(type="hidden", name="version", value=card.version.to_string()),
    )


def _scope_list(card: Any, label: str) -> rx.Component:
    return rx.el.ul(
        rx.foreach(card.scopes, lambda w: rx.el.li(ak.BodyShort.create(w))),
        class_name="scope-list", aria_label=label,
    )


def _fewer_form(card: Any) -> rx.Component:
    return rx.el.form(
        _hidden(card),
        rx.el.input(type="hidden", name="fewer", value="1"),
        ak.VStack.create(
            ak.CheckboxGroup.create(
                rx.foreach(card.choices, lambda ch: ak.Checkbox.create(
                    ch.label, value=ch.value, name=ch.name)),
                legend=tr("consent.choose_scopes"), default_value=card.checked, size="small",
            ),
            ak.HStack.create(
                ak.Button.create(tr("consent.approve_chosen"), type="submit", size="small"),
                ak.Button.create(tr("consent.cancel"), type="button", size="small",
                                 variant="tertiary", on_click=ConsentState.show_fewer(0)),
                gap="space-8", wrap=True,
            ),
            gap="space-12", align="start",
        ),
        on_submit=ConsentState.approve,
    )


def pending_card(card: Any) -> rx.Component:
    """One request: who, what they would see, for how long, and the three answers."""
    heading_id = "consent-req-" + card.id.to_string()
    return rx.el.section(
        ak.Box.create(
            ak.VStack.create(
                ak.Heading.create(card.request_title,
                                  level="2", size="small", id=heading_id),
                ak.BodyShort.create(card.who),
                ak.Label.create(tr("consent.would_see"), as_="p"),
                _scope_list(card, tr("consent.would_see")),
                ak.BodyShort.create(rx.el.strong(tr("consent.how_long")), " ", card.until),
                rx.cond(
                    card.can_answer,
                    rx.cond(
                        ConsentState.fewer_open == card.id,
                        _fewer_form(card),
                        ak.HStack.create(
                            rx.el.form(_hidden(card), ak.Button.create(
                                tr("consent.approve"), type="submit", size="small"),
                                on_submit=ConsentState.approve),
                            rx.el.form(_hidden(card), ak.Button.create(
                                tr("consent.decline"), type="submit", size="small",
                                variant="secondary"), on_submit=ConsentState.decline),
                            ak.Button.create(tr("consent.approve_fewer"), type="button",
                                             size="small", variant="tertiary",
                                             on_click=ConsentState.show_fewer(card.id)),
                            gap="space-8", wrap=True,
                        ),
                    ),
                    ak.Detail.create(tr("consent.guardian_decides")),
                ),
                gap="space-8",
            ),
            padding="space-16", background="warning-soft", border_radius="12",
        ),
        aria_labelledby=heading_id,
    )


def consent_loading() -> rx.Var:
    return C.mode == "loading"


def consent_cards() -> rx.Component:
    """The pending requests, to answer where they are shown, and their confirmations."""
    return ak.VStack.create(
        live_messages(ConsentState.notice, ConsentState.error),
        rx.cond((C.mode == "manage") & C.can_decide, rx.foreach(C.pending, pending_card)),
        gap="space-16", width="100%",
    )


def has_pending() -> rx.Var:
    """Requests to answer, or the answer's confirmation (or refusal) still to be read: the
    box that holds the cards stays when the last one is answered, with what it said."""
    return (((C.mode == "manage") & C.can_decide & (C.pending.length() > 0))
            | (ConsentState.notice != "") | (ConsentState.error != ""))


# --- "Hvem ser planen min" --------------------------------------------------------------


def _edit_form(card: Any) -> rx.Component:
    return rx.el.form(
        _hidden(card),
        ak.VStack.create(
            ak.CheckboxGroup.create(
                rx.foreach(card.all_choices, lambda ch: ak.Checkbox.create(
                    ch.label, value=ch.value, name=ch.name)),
                legend=tr("consent.choose_scopes_change"), default_value=card.checked,
                size="small",
            ),
            ak.TextField.create(label=tr("consent.until_label"), name="valid_until", type="date",
                                description=tr("consent.until_hint"),
                                default_value=card.until_value, size="small"),
            ak.HStack.create(
                ak.Button.create(tr("consent.save_change"), type="submit", size="small"),
                ak.Button.create(tr("consent.cancel"), type="button", size="small",
                                 variant="tertiary", on_click=ConsentState.show_edit(0)),
                gap="space-8", wrap=True,
            ),
            gap="space-12", align="start",
        ),
        on_submit=ConsentState.change,
    )


def _receipt(card: Any) -> rx.Component:
    return rx.el.section(
        ak.Heading.create(tr("consent.history"), level="3", size="xsmall"),
        rx.el.ol(
            rx.foreach(card.history, lambda h: rx.el.li(
                ak.BodyShort.create(h.text, size="small"), ak.Detail.create(h.when))),
            class_name="history-list", reversed=True,
        ),
        class_name="receipt",
        aria_label=card.history_label,
    )


def _confirm_withdraw(card: Any) -> rx.Component:
    """Before withdrawing: what stops, and the choice to go on or not."""
    return rx.el.form(
        _hidden(card),
        ak.VStack.create(
            ak.Alert.create(card.withdraw_confirm, variant="warning", size="small", inline=True),
            ak.HStack.create(
                ak.Button.create(tr("consent.withdraw_yes"), type="submit", variant="danger"),
                ak.Button.create(tr("consent.cancel"), type="button", variant="tertiary",
                                 on_click=ConsentState.show_confirm(0)),
                gap="space-8", wrap=True,
            ),
            gap="space-12", align="start",
        ),
        on_submit=ConsentState.withdraw, class_name="no-print",
    )


def participant_card(card: Any) -> rx.Component:
    heading_id = "consent-p-" + card.pid.to_string()
    return rx.el.li(rx.el.section(ak.Box.create(
        ak.VStack.create(
            ak.HStack.create(
                ak.Heading.create(card.name, level="2", size="small", id=heading_id),
                ak.Tag.create(card.status_label, variant="moderate", size="small",
                              data_color=card.status_color),
                gap="space-8", align="center", wrap=True,
            ),
            ak.Detail.create(card.who),
            rx.cond(card.status == "granted", rx.fragment(
                ak.Label.create(tr("consent.sees"), as_="p"),
                _scope_list(card, tr("consent.sees")),
            )),
            rx.cond(card.status == "requested", rx.fragment(
                ak.Label.create(tr("consent.would_see"), as_="p"),
                _scope_list(card, tr("consent.would_see")),
            )),
            rx.cond(card.until != "", ak.BodyShort.create(card.until)),
            rx.cond(card.can_change, rx.cond(
                ConsentState.edit_open == card.id,
                _edit_form(card),
                rx.cond(ConsentState.confirm_open == card.id, _confirm_withdraw(card),
                ak.HStack.create(
                    ak.Button.create(
                        tr("consent.withdraw"), type="button",
                        variant="danger", aria_label=card.withdraw_label,
                        on_click=ConsentState.show_confirm(card.id)),
                    ak.Button.create(tr("consent.change"), type="button",
                                     variant="secondary", aria_label=card.change_label,
                                     on_click=ConsentState.show_edit(card.id)),
                    gap="space-8", wrap=True, class_name="no-print",
                )),
            )),
            rx.cond(card.can_grant_again, rx.el.form(
                _hidden(card),
                ak.Button.create(tr("consent.again"), type="submit", variant="primary",
                                 aria_label=card.again_label),
                on_submit=ConsentState.grant_again, class_name="no-print")),
            rx.cond(card.history.length() > 0, _receipt(card)),
            gap="space-8",
        ),
        padding="space-16", border_width="1", border_color="neutral-subtle",
        border_radius="12",
    ), aria_labelledby=heading_id), class_name="consent-item")
