"""Choosing a language in the browser (issue 6): the page follows, and it is remembered.

Account preferences changed here are put back to bokmål afterwards: the other browser
tests drive the app by its bokmål labels.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.utils.db import execute, scalar

GOAL = "Jeg vil jobbe som helsefagarbeider og klare meg selv."  # Amina's own words


@pytest.fixture
def reset_language(app):
    yield
    execute(app.db_url, "UPDATE account SET preferred_language = 'nb'")


def _choose(page: Page, language: str) -> None:
    page.locator(".lang-summary").click()
    page.get_by_role("button", name=language, exact=True).click()


def _lang(page: Page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def test_before_login_the_choice_follows_into_the_account(page: Page, app, reset_language):
    page.goto(app.url + "/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn på Min plan")
    _choose(page, "English")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Min plan")
    assert _lang(page) == "en"
    expect(page).to_have_title("Log in – Min plan")
    page.reload()  # remembered in a cookie
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Min plan")
    expect(page.get_by_role("link", name="Accessibility statement")).to_be_visible()

    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My plan")
    assert _lang(page) == "en"
    # text made on the server follows too (statuses, dates through Babel) ...
    expect(page.get_by_role("heading", name="In progress")).to_be_visible()
    expect(page.get_by_text("Agreed with NAV").first).to_be_visible()
    # Aksel's own texts too (the card's chevron)
    expect(page.get_by_role("button", name="Show more").first).to_be_visible()
    # ... and what people wrote is shown as written
    expect(page.get_by_text(GOAL, exact=True)).to_be_visible()
    assert scalar(app.db_url, "SELECT preferred_language FROM account "
                              "WHERE username = 'amina'") == "en"
    # the § 14 a assessment page is made on the server in the chosen language too
    page.get_by_role("link", name="The assessment of the need for help (§ 14 a)").click()
    expect(page.get_by_text("Written by").first).to_be_visible()
    expect(page.get_by_text("Skrevet av")).to_have_count(0)


def test_logged_in_choice_is_remembered_on_another_device(
        browser: Browser, browser_context_args, app, reset_language):
    first = browser.new_context(**browser_context_args)
    second = browser.new_context(**browser_context_args)
    try:
        page = first.new_page()
        page.goto(app.url + "/login")
        page.get_by_label("Brukernavn").fill("emil")
        page.get_by_label("Passord").fill("demo")
        page.get_by_role("button", name="Logg inn", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Min plan")
        _choose(page, "Українська")
        expect(page.get_by_role("heading", level=1)).to_have_text("Мій план")
        assert _lang(page) == "uk"
        expect(page.get_by_role("button", name="Вийти")).to_be_visible()
        _choose(page, "Norsk (nynorsk)")
        expect(page.get_by_role("heading", name="Kven gjer kva")).to_be_visible()
        assert _lang(page) == "nn"

        other = second.new_page()  # no cookie here: the login page is in bokmål ...
        other.goto(app.url + "/login")
        other.get_by_label("Brukernavn").fill("emil")
        other.get_by_label("Passord").fill("demo")
        other.get_by_role("button", name="Logg inn", exact=True).click()
        # ... and after login the account's choice comes back
        expect(other.get_by_role("heading", name="Kven gjer kva")).to_be_visible()
        assert _lang(other) == "nn"
    finally:
        first.close()
        second.close()


# Every frame from the first one: the first h1 as it is SHOWN (nothing while the page is
# hidden) and <html lang>. Read with page.evaluate("window.__frames").
RECORD_FRAMES = """() => {
  window.__frames = [];
  const look = () => {
    const h1 = document.querySelector('h1');
    const body = document.body;
    if (h1 && body && getComputedStyle(body).visibility === 'visible'
        && h1.getClientRects().length > 0) {
      const f = {h1: h1.innerText.trim(), lang: document.documentElement.lang};
      const last = window.__frames[window.__frames.length - 1];
      if (!last || last.h1 !== f.h1 || last.lang !== f.lang) window.__frames.push(f);
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}"""


@pytest.mark.parametrize("lang, heading", [("nn", "Kven ser planen min"),
                                           ("en", "Who can see my plan")])
def test_the_chosen_language_from_the_first_paint(browser: Browser, browser_context_args, app,
                                                  reset_language, lang, heading):
    """Issue 20: no bokmål shown first. The account's language is set, the person logs in
    (the login sets the language cookie); every shown frame of a page load has the heading
    in that language and <html lang> saying so, from the first one."""
    from tests.utils.browser import login_page

    execute(app.db_url, "UPDATE account SET preferred_language = :l WHERE username = 'amina'",
            l=lang)
    ctx = browser.new_context(**browser_context_args)
    try:
        page = login_page(ctx.new_page(), app.url, "amina")  # the real login: both cookies
        expect(page).to_have_url(app.url + "/")  # logged in (not the login page's h1)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.add_init_script(f"({RECORD_FRAMES})()")
        page.goto(app.url + "/samtykker", wait_until="domcontentloaded")
        assert _lang(page) == lang  # as soon as the page is parsed, before the app's state
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        frames = page.evaluate("window.__frames")
        assert frames, "no frame with the heading shown"
        assert frames[0] == {"h1": heading, "lang": lang}, frames
        assert all(f == frames[0] for f in frames), frames  # and it never changes after
    finally:
        ctx.close()


def test_a_language_chosen_elsewhere_turns_the_whole_open_tab(
        browser: Browser, browser_context_args, app, reset_language):
    """Issue 20: an open tab in bokmål, the language changed on another device: at the
    tab's next event its texts made in the browser and on the server, and <html lang>,
    are all in the new language (not some buttons in English under lang="nb")."""
    from tests.utils.browser import signed_in

    first = browser.new_context(**browser_context_args)
    second = browser.new_context(**browser_context_args)
    try:
        page = signed_in(first.new_page(), app.url, "amina")
        expect(page.get_by_role("heading", level=1)).to_have_text("Min plan")
        other = signed_in(second.new_page(), app.url, "amina")
        expect(other.get_by_role("heading", level=1)).to_have_text("Min plan")
        _choose(other, "English")
        expect(other.get_by_role("heading", level=1)).to_have_text("My plan")
        # the open tab's next event: a move inside the app (a page load on the server)
        page.get_by_role("link", name="Hvem ser planen min").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Who can see my plan")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()  # the shell too
        expect(page.get_by_text("Hvem ser planen min")).to_have_count(0)
    finally:
        first.close()
        second.close()
