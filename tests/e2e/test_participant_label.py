"""One label per participant everywhere (issue 20): Lene Berg, Noah's mother and verge,
and Siri Dahl, Amina's kontaktlærer, are named the same way on the plan, in the dialog's
recipient list, on the consent page and in the access log. The label is made by ONE
function (kernel/voice.participant_label); before, Lene was "Pårørende", "verge" and
"mor og foresatt", Siri "Kontaktlærer" and "Tjenesteyter"."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from ip_app.kernel.voice import participant_label
from tests.utils.browser import logged_in


def _same_label_everywhere(page: Page, base: str, name: str, label: str, log: bool) -> None:
    page.goto(base + "/")  # the plan: "Hvem gjør hva"
    person = page.get_by_role("listitem").filter(has=page.get_by_text(name, exact=True))
    starts = re.compile("^" + re.escape(label) + "(,|$)")  # "Kontaktlærer, <where they work>"
    expect(person.get_by_text(starts).first).to_be_visible()
    page.goto(base + "/samtykker")  # the consent card: the label, and where they work
    card = page.get_by_role("region", name=name, exact=True)
    expect(card.get_by_text(starts).first).to_be_visible()
    page.goto(base + "/dialog")  # who a new conversation can go to
    page.get_by_role("button", name="Ny samtale").click()
    expect(page.get_by_role("checkbox", name=f"{name} ({label})")).to_be_visible()
    if log:  # a name with no organisation is followed by the label in the access log
        page.goto(base + "/tilgangslogg")
        expect(page.get_by_text(f"{name} ({label})").first).to_be_visible()


def test_lene_is_verge_on_every_page(browser: Browser, app):
    lene = browser.new_context()
    seen = logged_in(lene, app.url, "foresatt")  # she sees Noah's plan: a line in his log
    expect(seen.get_by_role("heading", level=2).first).to_be_visible()  # the plan was read
    lene.close()
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = logged_in(ctx, app.url, "noah")
        _same_label_everywhere(page, app.url, "Lene Berg", participant_label("verge", "nb"),
                               log=True)
    finally:
        ctx.close()


def test_siri_is_kontaktlaerer_on_every_page(browser: Browser, app):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = logged_in(ctx, app.url, "amina")
        label = participant_label("tjenesteyter", "nb", "Kontaktlærer")
        assert label == "Kontaktlærer"
        _same_label_everywhere(page, app.url, "Siri Dahl", label, log=False)
    finally:
        ctx.close()
