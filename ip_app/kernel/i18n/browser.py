"""The active language in the browser, and `tr`: UI text that follows it.

Components are compiled to JavaScript once, so a text picked in Python at
compile time (`t("key")`) would stay bokmål for everyone. Components instead
use `tr("key")`, which compiles to a lookup in `LangState.texts`, the active
catalogue. `texts` is a computed var of `lang`: it reaches the browser with the
page's first state and again only when the language changes, never per event.

`LangState.sync` sets `lang` from the viewer (their account's choice) or, before
login, from the language cookie; the page shell runs it when a page mounts.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel import gate
from ip_app.kernel.i18n import DEFAULT_LANG, catalogue
from ip_app.kernel.lang import lang_of


class LangState(rx.State):
    lang: str = DEFAULT_LANG

    @rx.var
    def texts(self) -> dict[str, str]:
        """The active catalogue; a key not yet translated shows its bokmål text."""
        if self.lang == DEFAULT_LANG:
            return catalogue(DEFAULT_LANG)
        return {**catalogue(DEFAULT_LANG), **catalogue(self.lang)}

    @rx.event
    @gate.own("sync_language")
    async def sync(self, g: gate.Ctx):
        """Take the language of whoever this tab belongs to (reads nothing else)."""
        lang = lang_of(self, g.who())
        if lang != self.lang:
            self.lang = lang


gate.follow_language_with(LangState)  # every gated event keeps the tab in the viewer's language


def tr(key: str, **params: Any) -> rx.Var[str]:
    """The text for `key` in the active language, as a Var for components.

    {placeholders} are filled in the browser from `params` (Vars or plain values).
    An unknown key fails at build time, not in front of a user.
    """
    if key not in catalogue(DEFAULT_LANG):
        raise KeyError(f"no catalogue key {key!r} in nb.json")
    text = LangState.texts[key].to(str)
    for name, value in params.items():
        if isinstance(value, rx.Var):
            value = value.to(str)
        else:
            value = str(value)
        text = text.replace("{" + name + "}", value)
    return text
