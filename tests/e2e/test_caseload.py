"""The veileder's caseload on a phone: search, filters, overdue evaluations, figures."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_search_and_filter_the_caseload(page: Page, login):
    login("veileder")
    main = page.get_by_role("main")
    people = main.get_by_role("listitem")
    expect(people).to_have_count(3)
    expect(page.get_by_text("Viser 3 av 3")).to_be_visible()

    page.get_by_role("searchbox", name="Søk etter navn").fill("emi")
    expect(people).to_have_count(1)
    expect(main.get_by_role("link", name="Emil Strand")).to_be_visible()
    page.get_by_role("searchbox", name="Søk etter navn").fill("")
    expect(people).to_have_count(3)

    # Emil's evaluation is overdue: highlighted, and the filter finds only him
    emil = main.get_by_role("listitem").filter(has=page.get_by_role("link", name="Emil Strand"))
    expect(emil.get_by_text("Evalueringen er forsinket")).to_be_visible()
    page.get_by_role("combobox", name="Vis").select_option(label="Evaluering forsinket")
    expect(people).to_have_count(1)
    expect(page.get_by_text("Viser 1 av 3")).to_be_visible()
    page.get_by_role("combobox", name="Vis").select_option(label="Alle")
    expect(people).to_have_count(3)


def test_unread_filter_matches_the_unread_badges(page: Page, login):
    login("veileder")
    main = page.get_by_role("main")
    people = main.get_by_role("listitem")
    expect(people).to_have_count(3)
    with_badge = main.get_by_role("listitem").filter(has_text=re.compile(r"ulest(e)? melding"))
    n = with_badge.count()
    page.get_by_role("combobox", name="Vis").select_option(label="Uleste meldinger")
    expect(people).to_have_count(n)


def test_conversations_waiting_for_nav(page: Page, login):
    """Emil waits for an answer from NAV in one conversation: the filter finds him."""
    login("veileder")
    main = page.get_by_role("main")
    people = main.get_by_role("listitem")
    expect(people).to_have_count(3)
    emil = people.filter(has=page.get_by_role("link", name="Emil Strand"))
    # at least one (this worker's earlier tests may have written more as Emil: one database)
    expect(emil.get_by_text(re.compile(r"^\d+ venter på svar fra NAV$"))).to_be_visible()
    page.get_by_role("combobox", name="Vis").select_option(label="Venter på svar fra NAV")
    # only people with a conversation waiting for NAV stay: Emil from the demo data (a
    # message another test sent may add someone), and every row left says it waits
    expect(main.get_by_role("link", name="Emil Strand")).to_be_visible()
    expect(people.filter(has_not_text="venter på svar fra NAV")).to_have_count(0)
    expect(people.filter(has_text="venter på svar fra NAV")).not_to_have_count(0)
