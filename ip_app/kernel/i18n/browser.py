"""The active language in the browser, and `tr`: UI text that follows it.

Components are compiled to JavaScript once, so a text picked in Python at
compile time (`t("key")`) would stay bokmål for everyone. Components instead
use `tr("key")`, which compiles to a lookup in `LangState.texts`, the active
catalogue. `texts` is a computed var of `lang`: it reaches the browser with the
page's first state and again only when the language changes, never per event.

`texts` holds only the keys the pages ask for (`browser_keys.txt`, ~780 of ~1600: the
rest are texts the server words itself: notices, letters, the PDF, the access log): the
catalogue is part of every page's first state and of the JavaScript every page loads, so
each key the browser never looks up costs every page load. The list is made by
`python scripts/browser_keys.py`, which builds every page and notes what `tr` was asked for;
a unit test fails when it is out of date, and `tr` refuses, when the pages are built, a key
the list lacks (a page would otherwise show the bare key).

`LangState.sync` sets `lang` from the viewer (their account's choice) or, before
login, from the language cookie; the page shell runs it when a page mounts.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import reflex as rx

from ip_app.kernel import gate
from ip_app.kernel.i18n import DEFAULT_LANG, catalogue
from ip_app.kernel.lang import lang_of


KEYS_FILE = Path(__file__).with_name("browser_keys.txt")
USED: set[str] = set()  # every key `tr` was asked for in this process
LISTING = False  # True while scripts/browser_keys.py makes the list (no key is refused then)


@lru_cache(maxsize=None)
def browser_keys() -> Optional[frozenset[str]]:
    """The keys the pages look up in the browser; None without the list (then all)."""
    if not KEYS_FILE.exists():
        return None
    return frozenset(KEYS_FILE.read_text(encoding="utf-8").split())


@lru_cache(maxsize=None)
def browser_catalogue(lang: str) -> dict[str, str]:
    """What the browser gets of `lang`'s catalogue: the keys the pages use; a key not yet
    translated has its bokmål text. Made once per language and worker (the catalogues
    do not change while it runs)."""
    full = catalogue(DEFAULT_LANG) if lang == DEFAULT_LANG else {
        **catalogue(DEFAULT_LANG), **catalogue(lang)}
    keys = browser_keys()
    return dict(full) if keys is None else {k: full[k] for k in sorted(keys) if k in full}


class LangState(rx.State):
    lang: str = DEFAULT_LANG

    @rx.var
    def texts(self) -> dict[str, str]:
        """The active catalogue, as far as the pages use it (`browser_catalogue`)."""
        return browser_catalogue(self.lang)

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
    USED.add(key)
    keys = browser_keys()
    if keys is not None and key not in keys and not LISTING:
        raise KeyError(f"the catalogue key {key!r} is used on a page but is not in "
                       f"{KEYS_FILE.name}: run `python scripts/browser_keys.py`")
    text = LangState.texts[key].to(str)
    for name, value in params.items():
        if isinstance(value, rx.Var):
            value = value.to(str)
        else:
            value = str(value)
        text = text.replace("{" + name + "}", value)
    return text
