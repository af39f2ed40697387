"""What every form shares: cleaned text, dates, and `validate` turning pydantic errors into
catalogue keys per field. Each feature's own form shapes live in its rules."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

from pydantic import BaseModel

TITLE_MAX = 200
TEXT_MAX = 2000


class FormError(Exception):
    """Field -> translation key of what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as the database and the page can take it, whoever sent it: the NUL character
    removed (PostgreSQL refuses it in text) and a lone surrogate (half of a UTF-16 pair,
    which no UTF-8 encoder accepts) replaced by U+FFFD. A decoded JSON string holds a
    surrogate code point only when it was alone: a whole pair decodes to one character."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _LONE_SURROGATE.sub("\ufffd", text)


def _clean(text: Optional[str]) -> str:
    # strip surrounding space, the NUL byte and lone surrogates (see clean_text)
    return clean_text(text or "").strip()


def _text(v: object, *, required_key: str = "", max_len: int = TEXT_MAX,
          too_long_key: str = "error.text_too_long") -> str:
    """Cleaned text of a form field, or ValueError with the catalogue key of what is wrong.
    A field is text: a list or a dict sent in its place is refused, never stored as its
    Python repr ("['x', 'y']")."""
    if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
        raise ValueError("error.invalid")
    v = _clean(str(v) if v is not None else "")
    if required_key and not v:
        raise ValueError(required_key)
    if len(v) > max_len:
        raise ValueError(too_long_key)
    return v


def _parse_date(raw: object) -> Optional[date]:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValueError("error.date_invalid") from exc


# model-level errors belong to one field, so the message shows beside it
MODEL_ERROR_FIELD = {
    "error.end_before_start": "end_date",
    "error.evaluation_empty": "went_well",
    "error.next_before_held": "next_date",
    "error.period_order": "period_end",
    "error.minutes_empty": "discussed",
}


def validate(model: type[BaseModel], data: dict, context: Optional[dict] = None) -> BaseModel:
    """Validate `data`; raise FormError mapping field name to a catalogue key."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            loc = str(err["loc"][0]) if err.get("loc") else "_form"
            msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
            key = msg if msg.startswith("error.") else "error.invalid"
            if loc == "_form" or not err.get("loc"):
                loc = MODEL_ERROR_FIELD.get(key, "_form")
            errors.setdefault(loc, key)
        raise FormError(errors) from exc
