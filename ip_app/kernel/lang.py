"""Which language a request is in: the viewer's choice when logged in, else a cookie.

Logged in, `Account.preferred_language` decides (remembered across devices).
Before login, the `minplan_lang` cookie set by the language menu (POST /lang)
decides; at login a language chosen on the login page is saved to the account.
"""

from __future__ import annotations

from typing import Any, Optional

from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import DEFAULT_LANG, LANGUAGES, known_lang

LANG_COOKIE = "minplan_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


def cookie_lang(header: str) -> Optional[str]:
    """The language in a Cookie header, if it names one of ours."""
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == LANG_COOKIE and value.strip() in LANGUAGES:
            return value.strip()
    return None


def lang_of(state: Any, viewer: Optional[Viewer] = None) -> str:
    """The language to answer `state`'s event in (any rx.State)."""
    if viewer is not None:
        return known_lang(viewer.lang)
    header = state.router.headers.raw_headers.get("cookie", "")
    return cookie_lang(header) or DEFAULT_LANG
