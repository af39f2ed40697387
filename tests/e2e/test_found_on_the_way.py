"""Issue 20, "also found on the way": a tiltak card's title is one heading level below
its group ("Gjennomføres" h3, the cards h4), and the § 14 a page fills in its version
number ("Versjon 1", never "Versjon {n} 1")."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.utils.db import plan_id_of

# each card title's level and the level of the nearest heading before it outside any card
CARD_LEVELS = """() => {
  const all = [...document.querySelectorAll('main h1,main h2,main h3,main h4,main h5,main h6')];
  const out = [];
  let group = null;
  for (const h of all) {
    const inCard = h.closest('.aksel-expansioncard') !== null;
    if (!inCard) { group = h; continue; }
    if (h.closest('.aksel-expansioncard__content')) continue;  // inside an open card
    out.push({card: h.innerText, level: Number(h.tagName[1]),
              group: group ? group.innerText : '', above: group ? Number(group.tagName[1]) : 0});
  }
  return out;
}"""


def test_card_titles_sit_one_level_below_their_group(page: Page, login):
    login("amina")
    expect(page.get_by_role("heading", name="Gjennomføres", exact=True)).to_be_visible()
    found = page.evaluate(CARD_LEVELS)
    assert found, "no tiltak cards"
    assert all(f["level"] == f["above"] + 1 for f in found), found


def test_the_assessment_fills_in_its_version(page: Page, login, app):
    login("emil")
    page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'emil')}/vurdering")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Versjon 1", exact=False).first).to_be_visible()
    expect(page.get_by_text("{n}")).to_have_count(0)


def test_the_assessment_page_has_its_h1_while_loading(page: Page, login, app):
    """The page as drawn before the server has answered: the websocket is held silent."""
    from ip_app.kernel.i18n import t

    login("emil")
    page.route_web_socket(re.compile(r"/_event"), lambda ws: None)  # never answered
    page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'emil')}/vurdering")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("assessment.title", "nb"))
    expect(page.get_by_text(t("common.loading", "nb"))).to_be_visible()


TEXT_SPACING = """() => { const s = document.createElement('style');
  s.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important;'
    + ' word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
  document.head.appendChild(s); }"""
# the "Timer per uke" rows whose content reaches past the row's right edge
OVERFLOWING = """(heading) => {
  const h = [...document.querySelectorAll('h3')].find(e => e.innerText.trim() === heading);
  const list = h && h.parentElement.querySelector('ul');
  if (!list) return null;
  return [...list.querySelectorAll('li')].filter(li => {
    const edge = li.getBoundingClientRect().right + 0.5;
    return [...li.querySelectorAll('*')].some(e => e.getBoundingClientRect().right > edge);
  }).map(li => li.innerText);
}"""


def test_hours_per_week_wrap_at_320_px_with_text_spacing(page: Page, login):
    from ip_app.kernel.i18n import t

    login("amina")
    heading = t("programme.hours_heading", "nb")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    page.evaluate(TEXT_SPACING)
    assert page.evaluate(OVERFLOWING, heading) == []
