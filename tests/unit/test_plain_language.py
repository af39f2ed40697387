"""Plain language as a measured property (issue 20): LIX of the catalogue texts.

LIX is defined once, in tests/utils/lix.py; the rendered pages are measured with the same
function in tests/e2e/test_plain_pages.py (people's own words left out there)."""

from __future__ import annotations

import pytest

from ip_app.kernel.i18n import catalogue
from tests.utils.lix import MAX_LIX, lix

NOT_PROSE = ("format.", "aksel.")  # date patterns, Aksel's own control names


def test_lix_counts_as_defined():
    # 6 words, 2 sentences, 2 long words ("gjennomføres", "planlagte"): 3 + 100 * 2/6
    assert round(lix(["Dette gjennomføres nå. Det planlagte kommer."]), 2) == round(3 + 200 / 6, 2)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_catalogue_is_plain(lang):
    texts = [v for k, v in catalogue(lang).items() if not k.startswith(NOT_PROSE)]
    value = lix(texts)
    print(f"LIX {lang}: {value:.1f}")
    assert value <= MAX_LIX, value
