"""Translation catalogues and locale-aware formatting (Babel).

Catalogues are JSON files beside this module, one per language, bokmål (`nb`)
first and the reference: every other catalogue must have the same keys (tested).
Components never hold UI text; they ask for a key.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from babel import Locale
from babel.dates import format_date, format_datetime

DEFAULT_LANG = "nb"
LANGUAGES = ("nb", "nn", "en", "uk")  # nb is the reference catalogue
# each language named in itself, for the language menu
LANGUAGE_NAMES = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English",
                  "uk": "Українська"}
_BABEL_LOCALE = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB", "uk": "uk_UA"}
_DIR = Path(__file__).resolve().parent


def known_lang(value: object) -> str:
    """`value` if it is one of our languages, else bokmål (never trust the browser)."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANG


@lru_cache(maxsize=None)
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    path = _DIR / f"{lang}.json"
    if not path.exists():
        path = _DIR / f"{DEFAULT_LANG}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def t(key: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in.

    A missing key falls back to bokmål, then to the key itself (visible, so a test
    or a reader notices), never to an exception in front of a user.
    """
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANG).get(key) or key
    return text.format(**params) if params else text


def tn(key: str, n: int, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """`t` for a count: the plural form Babel gives for `n` in `lang` ("one", "few",
    "many", "other") picks `key_<form>`, else `key_other`, else `key` ("1 måned",
    "2 måneder"); `n` is filled in as {n}."""
    form = Locale.parse(_BABEL_LOCALE.get(lang, "nb_NO")).plural_form(abs(n))
    cat = catalogue(lang)
    for k in (f"{key}_{form}", f"{key}_other", key):
        if k in cat or k in catalogue(DEFAULT_LANG):
            return t(k, lang, n=n, **params)
    return key


# Babel takes ~0.1 ms per date, and a plan page shows dozens: the same few dates, again
# and again, so each (date, format, language) is formatted once.
@lru_cache(maxsize=20_000)
def _date_text(d: date, fmt: str, lang: str) -> str:
    return format_date(d, format=fmt, locale=_BABEL_LOCALE.get(lang, "nb_NO"))


def fmt_date(d: Optional[date], lang: str = DEFAULT_LANG) -> str:
    """'3. november 2026' in bokmål."""
    if d is None:
        return ""
    return _date_text(d, "long", lang)


def fmt_short_date(d: Optional[date], lang: str = DEFAULT_LANG) -> str:
    """'3. nov. 2026' in bokmål: for cards on a narrow screen."""
    if d is None:
        return ""
    return _date_text(d, "medium", lang)


def fmt_datetime(dt: Optional[datetime], lang: str = DEFAULT_LANG, tz: str = "Europe/Oslo") -> str:
    """'12. november 2026 kl. 10:14' in Norwegian time."""
    if dt is None:
        return ""
    return format_datetime(dt, format=t("format.datetime", lang), tzinfo=tz,
                           locale=_BABEL_LOCALE.get(lang, "nb_NO"))
