"""The four catalogues (issue 6): complete, same placeholders, and Babel per locale."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from ip_app.kernel import i18n
from ip_app.kernel.i18n import (
    LANGUAGES, catalogue, fmt_date, fmt_datetime, fmt_short_date, known_lang, t,
)

I18N = Path(i18n.__file__).resolve().parent  # where the catalogues are shipped
PLACEHOLDER = re.compile(r"\{(\w+)\}")
OTHERS = [lang for lang in LANGUAGES if lang != "nb"]


def _raw(lang: str) -> dict[str, str]:
    return json.loads((I18N / f"{lang}.json").read_text(encoding="utf-8"))


def test_four_languages_with_bokmal_first():
    assert LANGUAGES == ("nb", "nn", "en", "uk")
    assert sorted(p.stem for p in I18N.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", OTHERS)
def test_every_bokmal_key_is_translated(lang):
    nb, other = _raw("nb"), _raw(lang)
    assert sorted(set(nb) - set(other)) == [], f"missing in {lang}.json"
    assert sorted(set(other) - set(nb)) == [], f"keys in {lang}.json that nb.json lacks"
    assert [k for k, v in other.items() if not v.strip()] == []


@pytest.mark.parametrize("lang", OTHERS)
def test_same_placeholders_as_bokmal(lang):
    nb, other = _raw("nb"), _raw(lang)
    wrong = {k: (sorted(set(PLACEHOLDER.findall(nb[k]))), sorted(set(PLACEHOLDER.findall(v))))
             for k, v in other.items() if k in nb
             and set(PLACEHOLDER.findall(nb[k])) != set(PLACEHOLDER.findall(v))}
    assert wrong == {}


@pytest.mark.parametrize("lang", OTHERS)
def test_really_translated_not_copied(lang):
    # a few texts that must differ from bokmål in every other language
    for key in ("plan.who_does_what", "nav.skip", "plan.denied", "consents.intro"):
        assert catalogue(lang)[key] != catalogue("nb")[key], (lang, key)


def test_texts_fill_in_each_language():
    assert t("progress.label", "en", done=2, total=7) == "2 of 7 measures completed"
    assert t("progress.label", "nn", done=2, total=7) == "2 av 7 tiltak fullført"
    assert t("progress.label", "uk", done=2, total=7) == "Виконано 2 з 7 заходів"


def test_dates_through_babel_per_locale():
    d = date(2026, 11, 3)
    assert fmt_date(d, "nb") == "3. november 2026"
    assert fmt_date(d, "nn") == "3. november 2026"
    assert fmt_date(d, "en") == "3 November 2026"
    assert fmt_date(d, "uk") == "3 листопада 2026\u202fр."  # narrow no-break space (CLDR)
    assert fmt_short_date(d, "en") == "3 Nov 2026"
    when = datetime(2026, 11, 12, 9, 14, tzinfo=timezone.utc)
    assert fmt_datetime(when, "en") == "12 November 2026 at 10:14"
    assert fmt_datetime(when, "uk") == "12 листопада 2026 о 10:14"
    assert fmt_datetime(when, "nn") == "12. november 2026 kl. 10:14"


def test_unknown_language_is_bokmal():
    assert known_lang("de") == "nb" and known_lang(None) == "nb" and known_lang("uk") == "uk"
    assert t("login.submit", "de") == "Logg inn"
