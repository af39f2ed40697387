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
