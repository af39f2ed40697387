"""Plain language as a measured property (issue 20): LIX of the interface texts.

LIX = words per sentence + 100 × share of words longer than six letters. Each catalogue
text counts as at least one sentence (a label or a button is read as one), more where it
has several; placeholders ({name}) are left out, they hold people's own words or names.
Above 35 a text is hard for many readers. Only the catalogue: what people wrote
themselves is not ours to measure (the rendered pages are not measured here)."""

from __future__ import annotations

import re

import pytest

from ip_app.kernel.i18n import catalogue

MAX_LIX = 35
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü]+")
SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")
NOT_PROSE = ("format.", "aksel.")  # date patterns, Aksel's own control names


def lix(texts: list[str]) -> float:
    words = long = sentences = 0
    for text in texts:
        text = re.sub(r"\{[a-z_]+\}", " ", text)
        found = WORD.findall(text)
        if not found:
            continue
        words += len(found)
        long += sum(len(w) > 6 for w in found)
        sentences += max(1, len(SENTENCE_END.findall(text)))
    return words / sentences + 100 * long / words


def test_lix_counts_as_defined():
    # 6 words, 2 sentences, 2 long words ("gjennomføres", "planlagte"): 3 + 100 * 2/6
    assert round(lix(["Dette gjennomføres nå. Det planlagte kommer."]), 2) == round(3 + 200 / 6, 2)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_catalogue_is_plain(lang):
    texts = [v for k, v in catalogue(lang).items() if not k.startswith(NOT_PROSE)]
    value = lix(texts)
    print(f"LIX {lang}: {value:.1f}")
    assert value <= MAX_LIX, value
