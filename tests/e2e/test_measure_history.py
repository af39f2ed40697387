"""A tiltak's history shows what was there: the earlier text behind "Se hva som stod før",
and the hours per week on the card (phone and 1280 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

SIZES = [pytest.param({"width": 390, "height": 844}, id="phone"),
         pytest.param({"width": 1280, "height": 800}, id="wide")]
TITLE = "Norskopplæring spor 2 mot B1"


@pytest.mark.parametrize("size", SIZES)
def test_an_earlier_text_is_read_from_the_history(page: Page, login, size):
    page.set_viewport_size(size)
    login("amina")
    card = page.get_by_role("region", name=TITLE)
    card.get_by_role("button", name="Vis mer").click()
    expect(card.get_by_text("Timer per uke:", exact=True)).to_be_visible()
    change = card.get_by_role("listitem").filter(
        has_text="Siri Dahl (tjenesteyter) endret timer per uke")
    earlier = change.get_by_text("Se hva som stod før")
    expect(earlier).to_be_visible()
    earlier.click()
    expect(change.get_by_text(re.compile(r"^Timer per uke: \d+(,\d+)?$"))
           ).to_be_visible()
