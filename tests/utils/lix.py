"""LIX, the readability figure of issue 20: ONE definition for the catalogue test
(tests/unit/test_plain_language.py) and the rendered pages (tests/e2e/test_plain_pages.py).

LIX = words per sentence + 100 × share of words longer than six letters. Each text counts
as at least one sentence (a label, a button or a line on a page is read as one), more
where it has several; placeholders ({name}) are left out, they hold people's own words or
names. Above 35 a text is hard for many readers."""

from __future__ import annotations

import re

MAX_LIX = 35
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü]+")
SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")


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
    return words / sentences + 100 * long / words if words else 0.0


def long_words(texts: list[str]) -> dict[str, int]:
    """The long words and how often they occur, most frequent first (to see what to rewrite)."""
    counts: dict[str, int] = {}
    for text in texts:
        for w in WORD.findall(re.sub(r"\{[a-z_]+\}", " ", text)):
            if len(w) > 6:
                counts[w] = counts.get(w, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
