"""'/varsler': what and how the person is told; '/brev' and '/brev/[letter_id]': the
letters staff print for people reserved against digital contact (KRR)."""

from __future__ import annotations

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.ui.layout import shell
from ip_app.notify.state import LetterState, NoticePrefState

P = NoticePrefState.view
E = NoticePrefState.errors


def _prefs_form() -> rx.Component:
    return rx.el.form(
        ak.VStack.create(
            rx.cond(P.reserved, ak.Alert.create(tr("notices.reserved"), variant="info",
                                                size="small")),
            ak.Fieldset.create(
                rx.foreach(P.reasons, lambda o: ak.Checkbox.create(
                    o.label, name="reason_" + o.value, default_checked=o.checked)),
                legend=tr("notices.what"), description=tr("notices.what_hint"),
            ),
            ak.Fieldset.create(
                ak.Checkbox.create(
                    rx.cond(P.email_address != "", tr("notices.by_email_to", to=P.email_address),
                            tr("notices.by_email")),
                    name="email", default_checked=P.email),
                ak.Checkbox.create(
                    rx.cond(P.phone != "", tr("notices.by_sms_to", to=P.phone),
                            tr("notices.by_sms")),
                    name="sms", default_checked=P.sms),
                legend=tr("notices.how"), description=tr("notices.how_hint"),
                error=rx.cond(E.get("email", "") != "", E.get("email", ""),
                              E.get("sms", "")),
            ),
            ak.Button.create(tr("notices.save"), type="submit"),
            rx.cond(NoticePrefState.notice != "", ak.Alert.create(
                NoticePrefState.notice, variant="success", size="small", role="status")),
            rx.cond(NoticePrefState.error != "", ak.Alert.create(
                NoticePrefState.error, variant="error", size="small")),
            gap="space-16", align="start",
            key=P.key,
        ),
        on_submit=NoticePrefState.save,
        aria_label=tr("notices.title"),
        style={"overflowWrap": "anywhere"},  # a long e-mail address wraps at 320 px
    )


def notice_prefs_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_plan"), href="/"),
        ak.Heading.create(tr("notices.title"), level="1", size="large"),
        ak.BodyLong.create(tr("notices.intro")),
        rx.match(
            P.mode,
            ("form", _prefs_form()),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("notices.title"),
    )


L = LetterState.letters


def _line(x, waiting: bool) -> rx.Component:
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.BodyShort.create(x.person, weight="semibold"),
            ak.BodyShort.create(x.reason, size="small"),
            ak.Detail.create(tr("letters.queued", date=x.date)),
            rx.cond(x.printed != "", ak.Detail.create(x.printed)),
            ak.HStack.create(
                ak.Link.create(tr("letters.open", name=x.person), href=x.href),
                rx.cond(waiting, ak.Button.create(
                    tr("letters.mark"), size="small", variant="secondary", type="button",
                    on_click=LetterState.mark_printed(x.id),
                    aria_label=tr("letters.mark_of", name=x.person))),
                gap="space-16", align="center", wrap=True),
            gap="space-4", align="start"),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ), key=x.id)


def _list() -> rx.Component:
    return ak.VStack.create(
        ak.BodyLong.create(tr("letters.intro")),
        rx.cond(LetterState.notice != "", ak.Alert.create(
            LetterState.notice, variant="success", size="small", role="status")),
        ak.Heading.create(tr("letters.waiting"), level="2", size="medium"),
        rx.cond(L.waiting.length() > 0,
                rx.el.ul(rx.foreach(L.waiting, lambda x: _line(x, True)),
                         class_name="plain-list", aria_label=tr("letters.waiting")),
                ak.BodyShort.create(tr("letters.none"))),
        rx.cond(L.printed.length() > 0, rx.fragment(
            ak.Heading.create(tr("letters.done"), level="2", size="medium"),
            rx.el.ul(rx.foreach(L.printed, lambda x: _line(x, False)),
                     class_name="plain-list", aria_label=tr("letters.done")))),
        gap="space-16", align="stretch",
    )


def letters_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("nav.back_caseload"), href="/"),
        ak.Heading.create(tr("letters.title"), level="1", size="large"),
        rx.match(
            L.mode,
            ("list", _list()),
            ("denied", ak.Alert.create(tr("letters.denied"), variant="warning")),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("letters.title"),
    )


V = LetterState.letter


def _letter() -> rx.Component:
    return ak.VStack.create(
        ak.HStack.create(
            ak.Button.create(tr("letters.print"), type="button",
                             on_click=rx.call_script("window.print()")),
            rx.cond(V.printed == "", ak.Button.create(
                tr("letters.mark"), type="button", variant="secondary",
                on_click=LetterState.mark_printed(V.id))),
            gap="space-8", wrap=True, class_name="no-print"),
        rx.cond(V.printed != "", ak.BodyShort.create(V.printed, class_name="no-print")),
        rx.cond(LetterState.notice != "", ak.Alert.create(
            LetterState.notice, variant="success", size="small", role="status",
            class_name="no-print")),
        rx.el.article(
            ak.BodyShort.create(V.person),
            ak.BodyShort.create(V.date),
            ak.Heading.create(tr("letters.letter_heading"), level="2", size="medium"),
            ak.BodyLong.create(V.greeting),
            ak.BodyLong.create(V.body),
            ak.BodyLong.create(V.link),
            class_name="letter",
            aria_label=tr("letters.letter_heading"),
        ),
        gap="space-16", align="stretch",
    )


def letter_page() -> rx.Component:
    return shell(
        ak.Link.create(tr("letters.back"), href="/brev", class_name="no-print"),
        ak.Heading.create(tr("letters.one_title"), level="1", size="large",
                          class_name="no-print"),
        rx.match(
            V.mode,
            ("letter", _letter()),
            ("denied", ak.Alert.create(tr("letters.denied"), variant="warning")),
            ak.BodyShort.create(tr("common.loading"), role="status"),
        ),
        title=tr("letters.one_title"),
    )
