"""The page shell: skip link, header (app name, language menu, log-out), one main
landmark, and a footer with the accessibility statement."""

from __future__ import annotations

from typing import Callable, Optional

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from reflex.event import EventHandler, no_args_event_spec

from ip_app.kernel.errors import ErrorNoticeState
from ip_app.kernel.i18n import LANGUAGE_NAMES, LANGUAGES
from ip_app.kernel.i18n.browser import LangState, tr
from ip_app.kernel.session_guard import WARN_SECONDS, SessionState
from ip_app.kernel.ui import aksel as ak
from ip_app.kernel.writes import WriteReceipts


_SHELL_JS = "$/public/" + rx.asset("shell.jsx", shared=True)


class HtmlLang(rx.Component):
    """Sets <html lang> to the active language (a tiny local React component)."""

    library = _SHELL_JS
    tag = "HtmlLang"
    lang: rx.Var[str]
    title: rx.Var[str]


class RouteFocus(rx.Component):
    """After a move inside the app, focus on the new page's h1 (see shell.jsx)."""

    library = _SHELL_JS
    tag = "RouteFocus"


class CardToggleNames(rx.Component):
    """Each card's "Vis mer" toggle named after its card (see shell.jsx)."""

    library = _SHELL_JS
    tag = "CardToggleNames"
    label: rx.Var[str]


class SkipLink(rx.Component):
    """The skip link, moving focus to the main landmark (see shell.jsx)."""

    library = _SHELL_JS
    tag = "SkipLink"
    target: rx.Var[str]


class AkselLocale(rx.Component):
    """Aksel's built-in texts in the active language (see shell.jsx)."""

    library = _SHELL_JS
    tag = "AkselLocale"
    lang: rx.Var[str]
    texts: rx.Var[dict[str, str]]


class ConnectionNotice(rx.Component):
    """'Forbindelsen ble brutt …' / 'Tilkoblet igjen', and every form's write kept until
    the server has handled it: marked at the form when the connection drops, sent again
    once it is back (see shell.jsx and kernel/writes.py)."""

    library = _SHELL_JS
    tag = "ConnectionNotice"
    lost: rx.Var[bool]
    lost_text: rx.Var[str]
    back_text: rx.Var[str]
    back_pending_text: rx.Var[str]
    back_failed_text: rx.Var[str]
    done: rx.Var[list[str]]
    pending_text: rx.Var[str]
    saved_text: rx.Var[str]
    failed_text: rx.Var[str]


class LogoutForm(rx.Component):
    """POST /auth/logout, forgetting the tab's state token first (see shell.jsx)."""

    library = _SHELL_JS
    tag = "LogoutForm"


class IdleWatch(rx.Component):
    """The warning before the idle timeout, and leaving when the login ended (shell.jsx)."""

    library = _SHELL_JS
    tag = "IdleWatch"
    ends_at: rx.Var[int]
    warn_ms: rx.Var[int]
    ended: rx.Var[bool]
    on_check: EventHandler[no_args_event_spec]


def idle_watch() -> rx.Component:
    return IdleWatch.create(
        ak.Alert.create(
            ak.VStack.create(
                ak.BodyShort.create(tr("idle.warning")),
                rx.el.div(ak.Button.create(tr("idle.stay"), variant="secondary", size="small",
                                           type="button", on_click=SessionState.stay)),
                gap="space-8",
            ),
            variant="warning", size="small",
        ),
        ends_at=SessionState.idle_ends_at, warn_ms=WARN_SECONDS * 1000,
        ended=SessionState.ended, on_check=SessionState.check_idle,
    )


def error_notice() -> rx.Component:
    """The app's own notice after a server error in one of this tab's events (kernel/errors.py),
    announced at once; it stays until closed or the page is left."""
    return rx.el.div(
        rx.cond(ErrorNoticeState.message != "", ak.Alert.create(
            ErrorNoticeState.message, variant="error", size="small", close_button=True,
            on_close=ErrorNoticeState.dismiss, role="alert")),
        aria_live="assertive", class_name="error-notice",
    )


AKSEL_TEXTS = ("show_more", "show_less", "close", "read_only", "error", "info", "success",
               "warning", "announcement", "progress", "max_length", "chars_too_many",
               "chars_left")


def logout_form() -> rx.Component:
    return LogoutForm.create(
        ak.Button.create(tr("nav.logout"), variant="tertiary", size="small", type="submit"),
    )


def language_menu() -> rx.Component:
    """Four buttons in a native disclosure; each posts to /lang and comes back here.
    Each language is named in itself (and marked with its `lang`), so a person who
    cannot read the current one still finds theirs."""
    return rx.el.details(
        rx.el.summary(tr("lang.menu"), class_name="lang-summary"),
        ak.PostForm.create(
            rx.el.input(type="hidden", name="next", value=rx.State.router.url.path),
            rx.el.ul(
                *[rx.el.li(ak.Button.create(
                    LANGUAGE_NAMES[code], variant="tertiary", size="small", type="submit",
                    custom_attrs={"name": "lang", "value": code, "lang": code,
                                  "aria-current": rx.cond(LangState.lang == code, "true",
                                                          "false")},
                )) for code in LANGUAGES],
                class_name="lang-list",
            ),
            method="post", action="/lang",
        ),
        class_name="lang-menu",
    )


def shell(*children: rx.Component, logged_in: bool = True,
          title: rx.Var[str] | None = None) -> rx.Component:
    """Every page: `title` is the tab title in the active language (the prerendered page
    starts with the bokmål one given to app.add_page)."""
    return AkselLocale.create(
        HtmlLang.create(lang=LangState.lang, title=title if title is not None else tr("app.name"),
                        on_mount=LangState.sync),
        SkipLink.create(tr("nav.skip"), target="hovedinnhold", class_name="skip-link"),
        RouteFocus.create(),
        CardToggleNames.create(label=tr("card.toggle")),
        ConnectionNotice.create(lost=has_connection_errors, lost_text=tr("conn.lost"),
                                back_text=tr("conn.back"),
                                back_pending_text=tr("conn.back_pending"),
                                back_failed_text=tr("conn.back_failed"),
                                done=WriteReceipts.done, pending_text=tr("write.pending"),
                                saved_text=tr("write.saved"), failed_text=tr("write.failed")),
        idle_watch() if logged_in else rx.fragment(),
        error_notice(),
        rx.el.header(
            rx.el.div(
                rx.el.span(tr("app.name"), class_name="app-name"),
                rx.el.div(
                    language_menu(),
                    logout_form() if logged_in else rx.fragment(),
                    class_name="app-header-actions",
                ),
                class_name="app-header-inner",
            ),
            class_name="app-header",
        ),
        rx.el.main(*children, id="hovedinnhold", tab_index=-1, class_name="app-main"),
        rx.el.footer(
            rx.el.div(
                ak.Link.create(tr("nav.accessibility"), href="/tilgjengelighet"),
                class_name="app-footer-inner",
            ),
            class_name="app-footer no-print",
        ),
        lang=LangState.lang,
        texts={k: tr(f"aksel.{k}") for k in AKSEL_TEXTS},
    )


def titled(title: rx.Var[str], *children: rx.Component) -> rx.Component:
    """A page's one h1 above a message (loading, refused, error): every state of a page
    has a heading that says where you are."""
    return ak.VStack.create(
        ak.Heading.create(title, level="1", size="large"),
        *children,
        gap="space-16",
    )


def live_messages(notice: rx.Var[str], error: rx.Var[str]) -> rx.Component:
    """Status messages announced to screen readers: polite for news, assertive for errors."""
    return rx.fragment(
        rx.el.div(
            rx.cond(notice != "", ak.Alert.create(notice, variant="success", size="small")),
            role="status", aria_live="polite", class_name="live",
        ),
        rx.el.div(
            rx.cond(error != "", ak.Alert.create(error, variant="error", size="small")),
            role="alert", aria_live="assertive", class_name="live",
        ),
    )


def plan_subpage(title: rx.Var[str], screen: rx.Var, mode: rx.Var,
                 content: Callable[[], rx.Component],
                 denied_key: str = "plan.denied",
                 messages: Optional[tuple[rx.Var[str], rx.Var[str]]] = None) -> rx.Component:
    """A page of one plan beside the plan page (vedtak, jobbsøking, forhåndsorientering):
    `content()` for the person and for staff, and in the page's own title the refusal,
    the access that ended while the page was open, a load error, and loading.
    `messages` (notice, error): kept when access ends, for a page where the viewer's own
    action can end it (handing the plan to another veileder): the confirmation stays."""
    loading = ak.BodyShort.create(tr("common.loading"), role="status")
    kept = live_messages(*messages) if messages is not None else rx.fragment()
    denied = titled(title, ak.Alert.create(tr(denied_key), variant="warning"))
    return shell(rx.match(
        screen,
        ("denied", denied),
        ("page", rx.match(
            mode,
            ("person", content()),
            ("staff", content()),
            ("ended", titled(title, kept,
                             ak.Alert.create(tr("access.ended"), variant="warning"))),
            ("denied", denied),
            ("error", titled(title, ak.Alert.create(tr("plan.load_error"), variant="error"))),
            titled(title, loading),
        )),
        titled(title, loading),
    ), title=title)
